// Erasure's document rewrite (decision 064) across two app nodes: the node that did not rewrite
// forgets its cached copy (else it would go on serving the old history), and the editors on both
// nodes are told to reload.
import { describe, expect, it } from "vitest";
import { createDocument } from "../models/document/document.service";
import { loadDocState } from "../models/document/collab.service";
import { plainText } from "../models/collab/doc-store";
import { rewriteDocument } from "../models/privacy/erase-docs";
import * as Y from "yjs";
import { buildGroup, ctxFor } from "../test/factories";
import { waitFor } from "../test/socket";
import { clientFor, converged, joined, setupTwoNodes, socketFor, typeAt } from "../test/collab";

const nodes = setupTwoNodes();

describe("a rewritten document on two nodes", () => {
  it("the other node serves the fresh content once, and every open editor hears doc:rewritten", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const groupId = String(group._id);
    const doc = await createDocument(ctxFor(leaders[0]), { groupId, title: "Notes" });
    const [sa, sb] = await Promise.all([socketFor(nodes.a, leaders[0]), socketFor(nodes.b, leaders[1])]);
    const [ca, cb] = [clientFor(sa, groupId, doc.id), clientFor(sb, groupId, doc.id)];
    await Promise.all([joined(ca), joined(cb)]);
    typeAt(ca, "Kept ", "end");
    await converged([ca, cb], doc.id);
    const heardA = waitFor(sa, "doc:rewritten");
    const heardB = waitFor(sb, "doc:rewritten");

    // Node b's cached copy is warm, up to the newest position.
    const ctxB = { ...ctxFor(leaders[1]), node: nodes.b.node };
    await loadDocState(ctxB, { groupId, docId: doc.id, stateVector: new Uint8Array() });

    await rewriteDocument(nodes.a.node.collab.store, nodes.a.publisher, groupId, doc.id);
    expect(await heardA).toEqual({ docId: doc.id });
    expect(await heardB).toEqual({ docId: doc.id });
    // Node b forgot its copy (the servers' message): it serves the fresh document, not the old
    // history (which holds the editors' client ids and whatever they deleted).
    const served = async () => {
      const state = await loadDocState(ctxB, { groupId, docId: doc.id, stateVector: new Uint8Array() });
      const ydoc = new Y.Doc();
      Y.applyUpdate(ydoc, state.update);
      return { text: plainText(ydoc), clients: [...Y.decodeStateVector(state.stateVector).keys()] };
    };
    await expect.poll(async () => (await served()).clients.includes(ca.ydoc.clientID)).toBe(false);
    expect(await served()).toEqual({ text: "Kept ", clients: [expect.any(Number)] });
  });
});

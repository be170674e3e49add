import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { editor } from "../collab/test-ydoc";
import { plainText } from "../collab/doc-store";
import { applyDocUpdate, compactDocument, documentText, loadDocState } from "../document/collab.service";
import { DocSnapshot, DocUpdate } from "../document/document.model";
import { createVersion } from "../document/version.service";
import { rewriteDocument } from "./erase-docs";
import { groupWithNotes } from "../../test/factories";

let n = 0;
const cid = () => `c-rewrite-${++n}`;

describe("rewriting a co-edited document (erasure, decision 064)", () => {
  it("keeps the visible content once, drops what was deleted, refuses an open editor's old-state update, and tells the editors", async () => {
    const w = await groupWithNotes();
    const { a, b, groupId, docId } = w;
    const ed = editor();
    ed.paragraph("Kept text");
    ed.paragraph("Typed then deleted");
    await applyDocUpdate(a, { groupId, docId, clientId: cid(), update: ed.takeBatch()! });
    await compactDocument(a, docId);
    const frag = ed.doc.getXmlFragment("default");
    frag.delete(1, 1);
    await applyDocUpdate(a, { groupId, docId, clientId: cid(), update: ed.takeBatch()! });
    await createVersion(a, { groupId, docId, name: "Named" });
    // The node's cached copy is warm (a join read it): after the rewrite it must not hold the old history.
    await loadDocState(b, { groupId, docId, stateVector: new Uint8Array() });

    await rewriteDocument(a.node.collab.store, a.publisher, groupId, docId);

    expect(await documentText(a, docId)).toBe("Kept text");
    const joined = await loadDocState(b, { groupId, docId, stateVector: new Uint8Array() });
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, joined.update);
    expect(plainText(fresh)).toBe("Kept text"); // once: the cache did not merge the fresh state into the old one
    expect(await DocUpdate.countDocuments({ docId })).toBe(0);
    const states = (await DocSnapshot.find({ docId }).lean()).filter((s) => s.state);
    expect(states).toHaveLength(1);
    expect(Buffer.from(states[0].state!.buffer ?? states[0].state!).toString("latin1")).not.toContain("Typed then deleted");
    expect(a.publisher.calls).toContainEqual({ method: "docRewritten", groupId, docId });

    // An editor still on the old state: its next change builds on items the fresh document lacks.
    ed.type("more ");
    await expect(applyDocUpdate(a, { groupId, docId, clientId: cid(), update: ed.takeBatch()! })).rejects.toMatchObject({
      code: "invalid_input",
    });
    // A reloaded editor writes on the fresh state.
    const reloaded = editor();
    reloaded.apply(joined.update);
    reloaded.type("New ");
    await applyDocUpdate(b, { groupId, docId, clientId: cid(), update: reloaded.takeBatch()! });
    expect(await documentText(b, docId)).toBe("New Kept text");
  });
});

// Versions and the charter draft over real sockets on two nodes: one automatic version however
// many nodes see the idle gap; a restore made through the form door reaches every open editor
// (each node's sockets in the document's room) and all converge on what MongoDB holds; a member
// who has not accepted the charter opens its draft, live, but no other document; an outsider gets
// not_found for the draft as for a missing document.
import { randomBytes } from "node:crypto";
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { createDocument } from "../models/document/document.service";
import { documentText, SESSION_IDLE_MS, WRITE_DECISION_REUSE_MS } from "../models/document/collab.service";
import { createVersion, getVersion, listVersions, restoreVersion } from "../models/document/version.service";
import { CollabDocument, DocEditMark, DocUpdate, DocVersion } from "../models/document/document.model";
import { charterDraftId, getCharterDraft, proposeCharter } from "../models/charter/charter.service";
import { CONTENT_FIELD, plainText } from "../models/collab/doc-store";
import type { UserDoc } from "../models/user/user.model";
import type { ServiceContext } from "../models/shared/context";
import { addMembership, buildGroup, buildUser, ctxFor, nodeCtx } from "../test/factories";
import type { ClientSocket, RealtimeTestServer } from "../test/socket";
import type { DocSync } from "../app/utils/doc-sync";
import { clientFor, joined, socketFor, setupTwoNodes } from "../test/collab";

const nodes = setupTwoNodes();

const id = (d: { _id: unknown }) => String(d._id);
/** The service context a form on `node` builds: that node's state, and its publisher reaches every node's sockets. */
const formCtx = (node: RealtimeTestServer, user: UserDoc): ServiceContext => ({
  ...ctxFor(user),
  publisher: node.publisher,
  node: node.node,
});

/** Resolves when `check` holds; re-checks on every document change, fails after `timeout` ms. */
function until(sync: DocSync, check: () => boolean, what: string, timeout = 10_000) {
  return new Promise<void>((resolve, reject) => {
    if (check()) return resolve();
    const timer = setTimeout(() => {
      sync.ydoc.off("update", on);
      reject(new Error(`${what}: got ${JSON.stringify(plainText(sync.ydoc))} / status ${sync.status}`));
    }, timeout);
    const on = () => {
      if (!check()) return;
      clearTimeout(timer);
      sync.ydoc.off("update", on);
      resolve();
    };
    sync.ydoc.on("update", on);
  });
}
function paragraph(sync: DocSync, text: string) {
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [new Y.XmlText(text)]);
  const frag = sync.ydoc.getXmlFragment(CONTENT_FIELD);
  frag.insert(frag.length, [p]);
}

describe("versions over two nodes", () => {
  it("restoring a version through the form door: both open editors (one per node) converge on it, as MongoDB holds it", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const g = id(group);
    const doc = await createDocument(ctxFor(leaders[0]), { groupId: g, title: "Notes" });
    const [ca, cb] = [
      clientFor(await socketFor(nodes.a, leaders[0]), g, doc.id),
      clientFor(await socketFor(nodes.b, leaders[1]), g, doc.id),
    ];
    await Promise.all([joined(ca), joined(cb)]);

    paragraph(ca, "Agreed on Monday.");
    await until(cb, () => plainText(cb.ydoc) === "Agreed on Monday.", "Bob sees Ann's text");
    await ca.whenSaved();
    const v = await createVersion(formCtx(nodes.a, leaders[0]), { groupId: g, docId: doc.id, name: "Monday" });
    paragraph(cb, "Bob's rewrite.");
    paragraph(ca, "Ann adds more.");
    await Promise.all([ca.whenSaved(), cb.whenSaved()]);
    await until(ca, () => plainText(ca.ydoc).split("\n").length === 3, "Ann sees all three");

    await restoreVersion(formCtx(nodes.b, leaders[1]), { groupId: g, docId: doc.id, versionId: v.id });
    await Promise.all([ca, cb].map((c) => until(c, () => plainText(c.ydoc) === "Agreed on Monday.", "restored text")));
    expect(await documentText(nodeCtx(), doc.id)).toBe("Agreed on Monday.");
    // Same state, not only the same text; and editing goes on from there.
    expect(Buffer.from(Y.encodeStateVector(ca.ydoc))).toEqual(Buffer.from(Y.encodeStateVector(cb.ydoc)));
    paragraph(cb, "After the restore.");
    await until(ca, () => plainText(ca.ydoc) === "Agreed on Monday.\nAfter the restore.", "edits after the restore");
  });

  it("after an idle gap, editors starting again on two nodes at once store one automatic version (the state before), and no write per batch", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const g = id(group);
    const doc = await createDocument(ctxFor(leaders[0]), { groupId: g, title: "Notes" });
    const [ca, cb] = [
      clientFor(await socketFor(nodes.a, leaders[0]), g, doc.id),
      clientFor(await socketFor(nodes.b, leaders[1]), g, doc.id),
    ];
    await Promise.all([joined(ca), joined(cb)]);
    paragraph(ca, "Session one.");
    await until(cb, () => plainText(cb.ydoc) === "Session one.", "session one reaches Bob");
    await ca.whenSaved();
    // The last edit was long ago, as MongoDB records it (what every node reads). After a real idle
    // gap no socket still holds a reused write decision (decision 014: at most a second), so let
    // Ann's from her last batch run out too: this wait is the passing time, not a synchronisation.
    await CollabDocument.updateOne({ _id: doc.id }, { $set: { updatedAt: new Date(Date.now() - SESSION_IDLE_MS - 1_000) } });
    await new Promise((r) => setTimeout(r, WRITE_DECISION_REUSE_MS));

    for (let k = 0; k < 10; k++) {
      paragraph(ca, `a${k}`);
      paragraph(cb, `b${k}`);
      await Promise.all([ca.whenSaved(), cb.whenSaved()]);
    }
    await until(ca, () => plainText(ca.ydoc).split("\n").length === 21, "all batches arrive");
    const versions = await listVersions(ctxFor(leaders[1]), { groupId: g, docId: doc.id });
    expect(versions.map((v) => v.auto)).toEqual([true]);
    expect((await getVersion(ctxFor(leaders[1]), { groupId: g, docId: doc.id, versionId: versions[0].id })).text).toBe("Session one.");
    expect(await DocVersion.countDocuments({ docId: doc.id })).toBe(1);
    // Marks: one per editor and minute (this test spans at most two), not one per batch.
    expect(await DocUpdate.countDocuments({ docId: doc.id })).toBeGreaterThan(4);
    expect(await DocEditMark.countDocuments({ docId: doc.id })).toBeLessThanOrEqual(4);
  });

  it("a member who has not accepted opens the charter draft live (read-only) but no other document; an outsider gets not_found", async () => {
    const { group, leaders } = await buildGroup({ leaders: 1 });
    const g = id(group);
    const note = await createDocument(ctxFor(leaders[0]), { groupId: g, title: "Notes" });
    const { docId } = (await getCharterDraft(ctxFor(leaders[0]), g))!;
    const newcomer = await buildUser();
    await addMembership(group, newcomer, { role: "leader", status: "active", acceptedCharterVersion: 0 });
    const outsider = await buildUser();

    const editorSync = clientFor(await socketFor(nodes.a, leaders[0]), g, docId);
    const newSocket = await socketFor(nodes.b, newcomer);
    const reader = clientFor(newSocket, g, docId);
    await Promise.all([joined(editorSync), joined(reader)]);
    expect(reader.status).toBe("read-only");
    paragraph(editorSync, "Phones stay in the bag.");
    await until(reader, () => plainText(reader.ydoc).endsWith("Phones stay in the bag."), "the reader sees the draft edit");

    const join = (s: ClientSocket, docId: string) =>
      s.timeout(5000).emitWithAck("doc:join", { groupId: g, docId, stateVector: new Uint8Array() });
    expect(await join(newSocket, note.id)).toMatchObject({ ok: false, error: { code: "charter_required" } });
    const outSocket = await socketFor(nodes.a, outsider);
    const [a, b] = [await join(outSocket, docId), await join(outSocket, String(charterDraftId(String(randomBytes(12).toString("hex")))))];
    expect(a).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(b).toEqual(a);

    // A proposal moves everyone else out of the group's rooms; the draft stays readable (a rejoin).
    await editorSync.whenSaved();
    await proposeCharter(formCtx(nodes.a, leaders[0]), { groupId: g });
    expect(await join(newSocket, docId)).toMatchObject({ ok: true });
  });
});

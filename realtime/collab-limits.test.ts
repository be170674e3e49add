// The limits on incoming updates over real sockets on two nodes (docs/decisions/011-update-limits.md):
// an offline change above one frame is delivered in parts and stored once; a hostile-slow update is
// refused (too_complex) while the node keeps serving everyone else.
import { randomBytes } from "node:crypto";
import * as Y from "yjs";
import { describe, expect, it, vi } from "vitest";
import { createDocument } from "../models/document/document.service";
import { applyDocUpdate } from "../models/document/collab.service";
import { DocUpdate } from "../models/document/document.model";
import { CONTENT_FIELD, bytes } from "../models/collab/doc-store";
import { UPDATE_FRAME_BYTES } from "../models/document/document.constants";
import { startInserts } from "../models/collab/test-ydoc";
import { errorMessage } from "../models/shared/error-messages";
import { buildGroup, ctxFor, testNode } from "../test/factories";
import { record, roundTrip, type RealtimeTestServer } from "../test/socket";
import { clientFor, converged, joined, socketFor, threeEditors, typeAt, setupTwoNodes } from "../test/collab";

const nodes = setupTwoNodes();

/** Bytes a node holds of unfinished uploads. */
const partBytesHeld = (node: RealtimeTestServer) => node.node.collab.parts.heldBytes();

const id = (d: { _id: unknown }) => String(d._id);
const cid = () => `c-${randomBytes(8).toString("hex")}`;

/** Appends `n` paragraphs of ~`size` characters of distinct text, one transaction each. */
function writeParagraphs(ydoc: Y.Doc, label: string, n: number, size: number) {
  const frag = ydoc.getXmlFragment(CONTENT_FIELD);
  for (let i = 0; i < n; i++) {
    const p = new Y.XmlElement("paragraph");
    const t = new Y.XmlText();
    t.insert(0, `${label} ${i}: ${randomBytes(size / 2).toString("hex")}`);
    p.insert(0, [t]);
    frag.insert(frag.length, [p]);
  }
}

describe("updates above one frame and hostile-slow updates", () => {
  it("an offline change above 256 KiB is delivered in parts, stored once (also when resent), and everyone converges", async () => {
    const {
      g,
      doc,
      sockets: [s1, , s3],
      clients: [c1, c2, c3],
    } = await threeEditors(nodes, "shared start. ");

    s3.disconnect();
    writeParagraphs(c3.ydoc, "offline", 40, 8 * 1024); // ~330 KiB written while offline
    typeAt(c1, "online one. ", "end");
    typeAt(c2, "online two. ", "end");
    await converged([c1, c2], doc.id);

    const sent: { event: string; index?: number; total?: number }[] = [];
    s3.onAnyOutgoing(
      (event: string, payload: { index?: number; total?: number }) =>
        void sent.push({ event, index: payload?.index, total: payload?.total }),
    );
    s3.connect();
    const final = await converged([c1, c2, c3], doc.id, 30_000);
    for (const part of ["shared start. ", "online one. ", "online two. ", "offline 0: ", "offline 39: "]) expect(final).toContain(part);
    const parts = sent.filter((s) => s.event === "doc:update-part");
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(parts.map((p) => p.index)).toEqual(parts.map((_, i) => i));
    expect(sent.filter((s) => s.event === "doc:update")).toEqual([]);

    // Stored as one entry, above one frame; this node holds no part any more.
    const big = await DocUpdate.find({ docId: doc.id })
      .lean()
      .then((es) => es.filter((e) => bytes(e.update).byteLength > UPDATE_FRAME_BYTES));
    expect(big).toHaveLength(1);
    expect(partBytesHeld(nodes.b)).toBe(0);

    // A resend of every part under the same client id (its ack was lost) is stored once (the
    // document holds it: acknowledged without a new position); a part out of order is answered
    // with the one expected.
    const whole = bytes(big[0].update);
    const total = Math.ceil(whole.byteLength / UPDATE_FRAME_BYTES);
    const partOf = (index: number) => ({
      groupId: g,
      docId: doc.id,
      clientId: big[0].clientId,
      index,
      total,
      part: whole.subarray(index * UPDATE_FRAME_BYTES, (index + 1) * UPDATE_FRAME_BYTES),
    });
    expect(await s3.timeout(5000).emitWithAck("doc:update-part", partOf(1))).toEqual({ ok: true, data: { next: 0 } });
    let ack: unknown;
    for (let i = 0; i < total; i++) ack = await s3.timeout(10_000).emitWithAck("doc:update-part", partOf(i));
    expect(ack).toEqual({ ok: true, data: { seq: 0 } });
    expect(await DocUpdate.countDocuments({ docId: doc.id, clientId: big[0].clientId })).toBe(1);
    expect(partBytesHeld(nodes.b)).toBe(0);

    // A part sequence whose whole is not a valid update is refused after the last part, stores nothing.
    const before = await DocUpdate.countDocuments({ docId: doc.id });
    const junk = randomBytes(UPDATE_FRAME_BYTES + 10);
    const junkPart = (index: number) => ({
      groupId: g,
      docId: doc.id,
      clientId: "c-junk-parts-1",
      index,
      total: 2,
      part: junk.subarray(index * UPDATE_FRAME_BYTES, (index + 1) * UPDATE_FRAME_BYTES),
    });
    expect(await s1.timeout(5000).emitWithAck("doc:update-part", junkPart(0))).toEqual({ ok: true, data: { next: 1 } });
    expect(await s1.timeout(5000).emitWithAck("doc:update-part", junkPart(1))).toMatchObject({
      ok: false,
      error: { code: "invalid_input" },
    });
    expect(await DocUpdate.countDocuments({ docId: doc.id })).toBe(before);
    // One frame above the limit is refused by the parser: it has to come in parts.
    const tooBig = await s1
      .timeout(5000)
      .emitWithAck("doc:update", { groupId: g, docId: doc.id, clientId: cid(), update: whole.subarray(0, UPDATE_FRAME_BYTES + 1) });
    expect(tooBig).toMatchObject({ ok: false, error: { code: "invalid_input", issues: [{ path: "update", code: "too_large" }] } });
  }, 60_000);

  it("what a node holds of unfinished uploads is bounded per socket and per user, and freed on disconnect", async () => {
    const { group, leaders } = await buildGroup({ leaders: 1 });
    const g = id(group);
    const doc = await createDocument(ctxFor(leaders[0]), { groupId: g, title: "Notes" });
    const [s1, s2] = await Promise.all([socketFor(nodes.a, leaders[0]), socketFor(nodes.a, leaders[0])]);
    const filler = randomBytes(UPDATE_FRAME_BYTES);
    const part = (clientId: string, index: number) => ({ groupId: g, docId: doc.id, clientId, index, total: 16, part: filler });
    const send = (s: typeof s1, clientId: string, index: number) => s.timeout(5000).emitWithAck("doc:update-part", part(clientId, index));
    const held = partBytesHeld(nodes.a);

    // Per socket two uploads: a third replaces the oldest, which then starts over.
    for (const c of ["c-upload-one", "c-upload-two", "c-upload-3rd"]) expect(await send(s1, c, 0)).toEqual({ ok: true, data: { next: 1 } });
    expect(await send(s1, "c-upload-one", 1)).toEqual({ ok: true, data: { next: 0 } });
    expect(partBytesHeld(nodes.a) - held).toBe(2 * UPDATE_FRAME_BYTES);

    // Per user 8 MiB on a node, over all their sockets: s1 holds 2 x 15 parts, s2 gets 2 more.
    for (let i = 1; i < 15; i++) {
      expect(await send(s1, "c-upload-two", i)).toEqual({ ok: true, data: { next: i + 1 } });
      expect(await send(s1, "c-upload-3rd", i)).toEqual({ ok: true, data: { next: i + 1 } });
    }
    expect(await send(s2, "c-upload-s2x", 0)).toEqual({ ok: true, data: { next: 1 } });
    expect(await send(s2, "c-upload-s2x", 1)).toEqual({ ok: true, data: { next: 2 } });
    expect(await send(s2, "c-upload-s2x", 2)).toMatchObject({ ok: false, error: { code: "rate_limited" } });
    expect(partBytesHeld(nodes.a) - held).toBe(32 * UPDATE_FRAME_BYTES);

    // A socket's uploads go when it disconnects (server side: awaited, not slept on).
    s1.disconnect();
    await vi.waitFor(() => expect(partBytesHeld(nodes.a) - held).toBe(2 * UPDATE_FRAME_BYTES), { timeout: 5000, interval: 20 });
    s2.disconnect();
    await vi.waitFor(() => expect(partBytesHeld(nodes.a)).toBe(held), { timeout: 5000, interval: 20 });
    expect(await DocUpdate.countDocuments({ docId: doc.id })).toBe(0);
  }, 60_000);

  it("a hostile-slow update is refused with too_complex while another client's update on the same node is acknowledged meanwhile", async () => {
    // Ordered, not timed (see models/document/update-check.test.ts): the hostile update would take
    // tens of seconds to apply in full (14,000 items, one frame, over 20,000 stored: each walks past
    // all of them), the limit is held open while the others are served, then the real limit cuts it.
    const { group, leaders } = await buildGroup({ leaders: 3 });
    const g = id(group);
    const doc = await createDocument(ctxFor(leaders[0]), { groupId: g, title: "Notes" });
    // 20,000 empty texts from low client ids, stored in batches that are each quick to apply (tens
    // of ms; the check of the last ones went past the limit on a loaded machine, so the setup runs
    // with the limit held open: it is not what this test is about).
    // (ctxFor acts on this test worker's node: its checks are the ones to hold open.)
    testNode().collab.checks.setApplyTimeLimit(Number.POSITIVE_INFINITY);
    try {
      for (let k = 19; k >= 0; k--)
        await applyDocUpdate(ctxFor(leaders[0]), { groupId: g, docId: doc.id, clientId: cid(), update: startInserts(1 + k * 1000, 1000) });
    } finally {
      testNode().collab.checks.setApplyTimeLimit();
    }
    const storedBefore = await DocUpdate.countDocuments({ docId: doc.id });

    const [attacker, editorSocket, other] = await Promise.all([
      socketFor(nodes.a, leaders[0]),
      socketFor(nodes.a, leaders[1]),
      socketFor(nodes.a, leaders[2]),
    ]);
    const editor = clientFor(editorSocket, g, doc.id);
    await joined(editor);
    const editorSees = record(editorSocket, "doc:updated");

    nodes.a.node.collab.checks.setApplyTimeLimit(Number.POSITIVE_INFINITY); // held open while the others are served
    let answered = false;
    let hostile: Promise<unknown> = Promise.resolve();
    try {
      hostile = attacker
        .timeout(60_000)
        .emitWithAck("doc:update", { groupId: g, docId: doc.id, clientId: cid(), update: startInserts(1_000_000, 14_000) })
        .finally(() => {
          answered = true;
        });
      await vi.waitFor(() => expect(nodes.a.node.collab.checks.applying()).toBe(1), { timeout: 30_000, interval: 10 });
      // While it is applying, the node serves everyone else: another member's batch on the same
      // document is stored and acknowledged, and a third socket's round trips come back.
      writeParagraphs(editor.ydoc, "ordinary", 1, 20);
      await editor.whenSaved();
      for (let i = 0; i < 5; i++) await roundTrip(other);
      expect(answered).toBe(false);
      expect(nodes.a.node.collab.checks.applying()).toBe(1); // still applying: had it finished, it would be stored
    } finally {
      nodes.a.node.collab.checks.setApplyTimeLimit(); // the real limit: the running apply is cut at the worker's next look
    }
    expect(await hostile).toEqual({
      ok: false,
      error: { code: "too_complex", message: errorMessage("nl", "too_complex"), issues: [{ path: "update", code: "too_slow" }] },
    });
    expect(editor.status).toBe("saved");
    await roundTrip(editorSocket);
    expect(editorSees.events).toEqual([]); // the editor's own batch is not echoed; the refused one never sent
    expect(await DocUpdate.countDocuments({ docId: doc.id })).toBe(storedBefore + 1);
    expect(errorMessage("en", "too_complex")).toBe("This change is too heavy to process and was not saved.");
  }, 120_000);
});

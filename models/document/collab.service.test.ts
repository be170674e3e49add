// Co-editing a document's content through the service: batches stored once and gap-free, joins,
// compaction racing writers, stale hints, long logs, malformed updates (docs/decisions/007); what
// the service publishes, and the write decision a connection reuses (decision 014).
import { randomBytes } from "node:crypto";
import * as Y from "yjs";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { CollabDocument, DocEditMark, DocSnapshot, DocUpdate } from "./document.model";
import { createDocument } from "./document.service";
import { COMPACT_EVERY, applyDocUpdate, compactDocument, documentText, loadDocState } from "./collab.service";
import { removeMember } from "../group/group.service";
import { Group, Membership } from "../group/group.model";
import { Breakout, BreakoutSeat, Moment } from "../moment/moment.model";
import { momentDocsScene, seat } from "../../test/moment-docs-scene";
import type { Connection } from "../shared/context";
import { MAX_UPDATE_BYTES } from "../collab/doc-store";
import { editor } from "../collab/test-ydoc";
import { ctxFor, groupWithNotes, nodeCtx, testNode } from "../../test/factories";

const cid = () => `c-${randomBytes(8).toString("hex")}`;

describe("applyDocUpdate and loadDocState", () => {
  it("stores a batch once, however often it is resent: a resend the stored document holds is acknowledged without a position", async () => {
    const { groupId, a, docId } = await groupWithNotes();
    const e = editor();
    e.paragraph("hello");
    const update = e.takeBatch()!;
    const clientId = cid();
    const first = await applyDocUpdate(a, { groupId, docId, clientId, update });
    const again = await Promise.all([1, 2, 3].map(() => applyDocUpdate(a, { groupId, docId, clientId, update })));
    expect(first).toEqual({ seq: 1, created: true });
    for (const r of again) expect(r).toEqual({ seq: 0, created: false });
    expect(await DocUpdate.countDocuments({ docId })).toBe(1);
    expect(a.publisher.of("toGroup").filter((c) => c.event === "doc:changed")).toHaveLength(1); // the create only
  });

  it('co-editors taking turns cost one write per batch: "last edited" is written once per editor and minute, else at most once per quiet period', async () => {
    // Only Date is faked (timers stay real), on a minute boundary: edit marks are per minute.
    vi.useFakeTimers({ toFake: ["Date"], now: Math.floor(Date.now() / 60_000) * 60_000 + 1_000 });
    onTestFinished(() => void vi.useRealTimers());
    const { groupId, a, b, docId, leaders } = await groupWithNotes();
    const meta = async () => (await CollabDocument.findById(docId, { updatedAt: 1, lastEditorId: 1 }).lean())!;
    const created = await meta();
    const e = editor();
    for (const ctx of [b, a, b, a]) {
      e.type("x");
      await applyDocUpdate(ctx, { groupId, docId, clientId: cid(), update: e.takeBatch()! });
    }
    expect(await DocUpdate.countDocuments({ docId })).toBe(4);
    // Each editor's first batch of the minute writes its edit mark and "last edited" with it (so
    // who-edited-when stays at or before updatedAt, decision 009); the other two batches nothing.
    expect(await DocEditMark.countDocuments({ docId })).toBe(2);
    expect(String((await meta()).lastEditorId)).toBe(String(leaders[0]._id));
    expect((await meta()).updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
    // Compaction names the log's last author.
    await compactDocument(nodeCtx(), docId);
    expect(String((await meta()).lastEditorId)).toBe(String(leaders[0]._id));

    // Another document whose quiet period is about to end: b's edit is written when it ends.
    const other = await createDocument(a, { groupId, title: "Other" });
    await CollabDocument.updateOne({ _id: other.id }, { $set: { updatedAt: new Date(Date.now() - 9_700) } });
    const metaOf = async () => (await CollabDocument.findById(other.id, { updatedAt: 1, lastEditorId: 1 }).lean())!;
    const ended = await metaOf();
    const f = editor();
    f.type("y");
    await applyDocUpdate(b, { groupId, docId: other.id, clientId: cid(), update: f.takeBatch()! });
    for (let i = 0; i < 100 && String((await metaOf()).lastEditorId) !== String(leaders[1]._id); i++)
      await new Promise((r) => setTimeout(r, 50));
    const after = await metaOf();
    expect(String(after.lastEditorId)).toBe(String(leaders[1]._id));
    expect(after.updatedAt.getTime()).toBeGreaterThan(ended.updatedAt.getTime());
  });

  it("what arrives while a document's append is in flight is stored as one entry when it is done", async () => {
    const { groupId, a, b, docId } = await groupWithNotes();
    const { store, appending } = testNode().collab;
    // Hold the first append open (our own function, wrapped): the next batches queue behind it.
    const append = store.appendUpdate;
    let open!: () => void;
    const gate = new Promise<void>((r) => {
      open = r;
    });
    const calls: number[] = [];
    store.appendUpdate = async (input) => {
      calls.push(calls.length);
      if (calls.length === 1) await gate;
      return append(input);
    };
    onTestFinished(() => {
      store.appendUpdate = append;
    });
    const editors = Array.from({ length: 4 }, () => editor());
    const apply = (i: number) => {
      editors[i].paragraph(`line ${i}`);
      return applyDocUpdate([a, b][i % 2], { groupId, docId, clientId: cid(), update: editors[i].takeBatch()! });
    };
    const first = apply(0);
    while (calls.length === 0) await new Promise((r) => setImmediate(r));
    const rest = [1, 2, 3].map(apply);
    while ((appending.get(docId)?.length ?? 0) < 3) await new Promise((r) => setImmediate(r));
    open();
    expect(await first).toEqual({ seq: 1, created: true });
    expect(await Promise.all(rest)).toEqual([1, 2, 3].map(() => ({ seq: 2, created: true })));
    expect(calls).toHaveLength(2); // two inserts for four batches
    expect(await DocUpdate.countDocuments({ docId })).toBe(2);
    testNode().collab.clear();
    expect((await documentText(nodeCtx(), docId)).split("\n").sort()).toEqual(["line 0", "line 1", "line 2", "line 3"]);
  });

  it("a log that grew past COMPACT_EVERY without a compaction (a missed trigger) is compacted when the document is opened", async () => {
    const { groupId, b, docId } = await groupWithNotes();
    const { store } = testNode().collab;
    const e = editor();
    // Stored straight into the log, so no append's check ran (as after a crash or a failed compaction).
    for (let i = 0; i < COMPACT_EVERY + 20; i++) {
      e.type("x");
      await store.appendUpdate({ docId, actorId: String(b.actor.id), clientId: cid(), update: e.takeBatch()! });
    }
    expect(await DocSnapshot.countDocuments({ docId })).toBe(0);
    testNode().collab.clear(); // a node that never saw it opens it
    const opened = await loadDocState(b, { groupId, docId, stateVector: new Uint8Array() });
    expect(opened.seq).toBe(COMPACT_EVERY + 20);
    while ((await DocSnapshot.countDocuments({ docId })) === 0 || testNode().collab.compacting.has(docId))
      await new Promise((r) => setTimeout(r, 50));
    expect(await DocUpdate.countDocuments({ docId })).toBe(0);
    expect((await CollabDocument.findById(docId, { snapshotSlot: 1, snapshotSeq: 1 }).lean())!).toMatchObject({
      snapshotSlot: 1,
      snapshotSeq: COMPACT_EVERY + 20,
    });
    expect(await documentText(nodeCtx(), docId)).toBe("x".repeat(COMPACT_EVERY + 20));
  });

  it("a joining client gets exactly what its state vector lacks", async () => {
    const { groupId, a, b, docId } = await groupWithNotes();
    const e1 = editor();
    e1.paragraph("one");
    await applyDocUpdate(a, { groupId, docId, clientId: cid(), update: e1.takeBatch()! });
    const reader = editor();
    reader.apply((await loadDocState(b, { groupId, docId, stateVector: new Uint8Array() })).update);
    expect(reader.text()).toBe("one");
    e1.type("first ");
    await applyDocUpdate(a, { groupId, docId, clientId: cid(), update: e1.takeBatch()! });
    const diff = await loadDocState(b, { groupId, docId, stateVector: Y.encodeStateVector(reader.doc) });
    reader.apply(diff.update);
    expect(reader.text()).toBe("first one");
    expect(diff.seq).toBe(2);
    expect(diff.canWrite).toBe(true);
  });

  it("concurrent batches from 5 editors get gap-free positions and all of them count", async () => {
    const { groupId, a, b, docId } = await groupWithNotes();
    const editors = Array.from({ length: 5 }, () => editor());
    const ctxs = [a, b, a, b, a];
    const acked: number[] = [];
    await Promise.all(
      editors.map(async (e, i) => {
        for (let k = 0; k < 4; k++) {
          e.paragraph(`editor ${i} line ${k}`);
          acked.push((await applyDocUpdate(ctxs[i], { groupId, docId, clientId: cid(), update: e.takeBatch()! })).seq);
        }
      }),
    );
    // Batches that arrived while an append was in flight share an entry (decision 060).
    const seqs = (await DocUpdate.find({ docId }).lean()).map((u) => u.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(new Set(acked)).toEqual(new Set(seqs));
    const lines = (await documentText(nodeCtx(), docId)).split("\n").sort();
    expect(lines).toEqual(editors.flatMap((_, i) => [0, 1, 2, 3].map((k) => `editor ${i} line ${k}`)).sort());
  });

  it("compaction racing appends loses nothing, and deletes only what its snapshot holds", async () => {
    const { groupId, a, b, docId } = await groupWithNotes();
    const writers = [editor(), editor(), editor()];
    const expected: string[] = [];
    let compactions = 0;
    let writing = true;
    const compactor = (async () => {
      while (writing) {
        await compactDocument(nodeCtx(), docId);
        compactions++;
      }
    })();
    const compactor2 = (async () => {
      while (writing) await compactDocument(nodeCtx(), docId); // two compactions may race each other too
    })();
    await Promise.all(
      writers.map(async (e, i) => {
        for (let k = 0; k < 12; k++) {
          const line = `w${i}-${k}`;
          expected.push(line);
          e.paragraph(line);
          await applyDocUpdate(i === 1 ? b : a, { groupId, docId, clientId: cid(), update: e.takeBatch()! });
        }
      }),
    );
    writing = false;
    await Promise.all([compactor, compactor2]);
    expect(compactions).toBeGreaterThan(0);
    expect((await documentText(nodeCtx(), docId)).split("\n").sort()).toEqual(expected.sort());
    // And what a reader that was never cached sees, once more after a final compaction.
    testNode().collab.clear();
    await compactDocument(nodeCtx(), docId);
    expect(await testNode().collab.store.pendingLogLength(docId)).toBe(0);
    // Older snapshot slots stay as stubs (newer slots are found by probing them); one holds state.
    expect(await DocSnapshot.countDocuments({ docId, state: { $exists: true } })).toBe(1);
    const fresh = editor();
    fresh.apply((await loadDocState(a, { groupId, docId, stateVector: new Uint8Array() })).update);
    expect(fresh.text().split("\n").sort()).toEqual(expected.sort());
    // The search text follows the compaction.
    expect((await CollabDocument.findById(docId).lean())!.textPreview).toContain("w2-11");
  });

  it("a node whose position hint is stale (another node appended and compacted meanwhile) stores after the snapshot, never under it", async () => {
    const { groupId, a, leaders, docId } = await groupWithNotes();
    const mine = editor();
    mine.paragraph("first");
    expect(await applyDocUpdate(a, { groupId, docId, clientId: cid(), update: mine.takeBatch()! })).toMatchObject({ seq: 1 });
    // Another node (written straight to MongoDB, as it would): appends positions 2 and 3, compacts
    // them into snapshot slot 1 and deletes them. This node's hint still says 1.
    const other = editor();
    other.apply(Y.encodeStateAsUpdate(mine.doc));
    const actorId = leaders[1]._id;
    for (const [seq, text] of [
      [2, "second"],
      [3, "third"],
    ] as const) {
      other.paragraph(text);
      await DocUpdate.create({ _id: `${docId}:${seq}`, docId, seq, update: Buffer.from(other.takeBatch()!), clientId: cid(), actorId });
    }
    await DocSnapshot.create({
      _id: `${docId}:1`,
      docId,
      slot: 1,
      seq: 3,
      state: Buffer.from(Y.encodeStateAsUpdate(other.doc)),
      lastEditorId: actorId,
    });
    await DocUpdate.deleteMany({ docId });
    // Position 2 is free again, but the snapshot covers it: an entry there would be skipped by
    // every reader. (appendUpdate straight away: the update check's catch-up would refresh the hint.)
    mine.apply(Y.encodeStateAsUpdate(other.doc));
    mine.paragraph("fourth");
    expect(
      await testNode().collab.store.appendUpdate({ docId, actorId: String(leaders[0]._id), clientId: cid(), update: mine.takeBatch()! }),
    ).toEqual({
      seq: 4,
      created: true,
    });
    expect((await DocUpdate.find({ docId }).lean()).map((u) => u.seq)).toEqual([4]);
    testNode().collab.clear();
    expect(await documentText(nodeCtx(), docId)).toBe("first\nsecond\nthird\nfourth");
  });

  it("a long log (beyond the point reads' limit) is read whole and in order by a node that never saw it", async () => {
    const { leaders, docId } = await groupWithNotes();
    const e = editor();
    e.paragraph("");
    const lines: string[] = [];
    for (let i = 0; i < 300; i++) {
      e.type(String(i % 10), i);
      lines.push(String(i % 10));
      await testNode().collab.store.appendUpdate({ docId, actorId: String(leaders[0]._id), clientId: cid(), update: e.takeBatch()! });
    }
    testNode().collab.clear();
    expect(await testNode().collab.store.pendingLogLength(docId)).toBe(300);
    expect(await documentText(nodeCtx(), docId)).toBe(lines.join(""));
  });

  it("refuses a corpus of malformed updates with invalid_input, stores and publishes nothing", async () => {
    const { groupId, a, docId } = await groupWithNotes();
    const base = editor();
    base.paragraph("the real text");
    await applyDocUpdate(a, { groupId, docId, clientId: cid(), update: base.takeBatch()! });
    a.publisher.clear();

    const valid = (() => {
      const e = editor();
      e.apply(Y.encodeStateAsUpdate(base.doc));
      e.type("more ");
      return e.takeBatch()!;
    })();
    // Another document's update that builds on content this document does not have.
    const foreign = (() => {
      const other = editor();
      other.paragraph("elsewhere");
      other.takeBatch();
      other.type("edit ");
      return other.takeBatch()!;
    })();
    // A self-contained update writing another root type.
    const otherRoot = (() => {
      const d = new Y.Doc();
      d.getMap("secrets").set("k", "v");
      return Y.encodeStateAsUpdate(d);
    })();
    const huge = (() => {
      const e = editor();
      e.apply(Y.encodeStateAsUpdate(base.doc));
      e.paragraph("x".repeat(MAX_UPDATE_BYTES + 10));
      return e.takeBatch()!;
    })();
    const corpus: Record<string, Uint8Array> = {
      empty: new Uint8Array(),
      emptyUpdate: Y.encodeStateAsUpdate(new Y.Doc()),
      truncated: valid.subarray(0, Math.floor(valid.length / 2)),
      truncatedByOne: valid.subarray(0, valid.length - 1),
      foreign,
      otherRoot,
      huge,
      hugeCount: Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]),
    };
    for (let i = 0; i < 40; i++) corpus[`random${i}`] = randomBytes(1 + Math.floor(Math.random() * 200));
    for (let i = 0; i < 20; i++) {
      const flipped = Uint8Array.from(valid);
      flipped[Math.floor(Math.random() * flipped.length)] ^= 0xff;
      corpus[`flipped${i}`] = flipped;
    }

    const outcomes: Record<string, string> = {};
    for (const [name, update] of Object.entries(corpus)) {
      const started = Date.now();
      outcomes[name] = await applyDocUpdate(a, { groupId, docId, clientId: cid(), update }).then(
        () => "stored",
        (e: { code?: string }) => e.code ?? String(e),
      );
      expect(Date.now() - started, name).toBeLessThan(2000);
    }
    // A flipped byte can still be a valid update (a different character, say): those may be
    // stored; everything else must be refused as invalid input.
    for (const [name, outcome] of Object.entries(outcomes)) {
      if (name.startsWith("flipped") && outcome === "stored") continue;
      expect(outcome, name).toBe("invalid_input");
    }
    const storedFlips = Object.entries(outcomes).filter(([n, o]) => n.startsWith("flipped") && o === "stored").length;
    expect(await DocUpdate.countDocuments({ docId })).toBe(1 + storedFlips);
    // Published is what was stored, each once to the document's editors and once to the other
    // nodes (a flip that still decodes); nothing refused.
    const published = a.publisher.calls.filter((c) => c.method !== "toGroup" || c.event !== "doc:changed");
    expect(published.filter((c) => c.method === "toDoc")).toHaveLength(storedFlips);
    expect(published.filter((c) => c.method === "docStored")).toHaveLength(storedFlips);
    expect(published).toHaveLength(2 * storedFlips);
    // The document still works, from this node's copy and from MongoDB alone.
    await applyDocUpdate(a, { groupId, docId, clientId: cid(), update: valid });
    testNode().collab.clear();
    expect(await documentText(nodeCtx(), docId)).toMatch(/the real text/);
  });
});

describe("batches through a connection (the socket door)", () => {
  it("are published to everyone but their sender; the write decision is reused only while the connection has the document open, and freed when it closes", async () => {
    const { groupId, docId, leaders, organiser } = await groupWithNotes();
    const open = new Set([docId]);
    const onClose: (() => void)[] = [];
    const connection: Connection = {
      id: `socket-${randomBytes(6).toString("hex")}`,
      hasDocOpen: (_groupId, d) => open.has(d),
      onClose: (fn) => void onClose.push(fn),
    };
    const bob = { ...ctxFor(leaders[1]), connection };
    const e = editor();
    e.paragraph("one");
    const stored = await applyDocUpdate(bob, { groupId, docId, clientId: cid(), update: e.takeBatch()! });
    expect(bob.publisher.of("toDoc")).toMatchObject([
      { groupId, docId, event: "doc:updated", data: { docId, seq: stored.seq }, except: connection.id },
    ]);
    expect(bob.publisher.of("docStored")).toMatchObject([{ docId, seq: stored.seq }]);
    const decisions = testNode().collab.decisions;
    expect(decisions.get(connection.id)?.size).toBe(1);

    // Removed: the removal takes the member's connections out of the group's documents (here: the
    // connection says so), so the next batch is decided afresh, well within the reuse's second.
    await removeMember(ctxFor(organiser), { groupId, userId: String(leaders[1]._id) });
    open.clear();
    e.paragraph("two");
    await expect(applyDocUpdate(bob, { groupId, docId, clientId: cid(), update: e.takeBatch()! })).rejects.toMatchObject({
      code: "not_found",
    });
    expect(decisions.get(connection.id)?.size ?? 0).toBe(0);
    for (const fn of onClose) fn();
    expect(decisions.has(connection.id)).toBe(false);

    // A form (no connection) publishes to everyone.
    const ann = ctxFor(leaders[0]);
    const f = editor();
    f.paragraph("three");
    await applyDocUpdate(ann, { groupId, docId, clientId: cid(), update: f.takeBatch()! });
    expect(ann.publisher.of("toDoc")[0]).not.toHaveProperty("except");
  });
});

describe("the access decision of an open editor's batches (the node's access cache, decisions 058 and 072)", () => {
  const connectionTo = (docId: string) => {
    const open = new Set([docId]);
    const connection: Connection = {
      id: `socket-${randomBytes(6).toString("hex")}`,
      hasDocOpen: (_g, d) => open.has(d),
      onClose: () => undefined,
    };
    return { connection, open };
  };
  /** Reads of these models' records while `fn` runs. */
  async function readsOf(models: { findById: (...a: never[]) => unknown }[], fn: () => Promise<unknown>) {
    const spies = models.map((m) => vi.spyOn(m, "findById"));
    try {
      await fn();
      return spies.reduce((n, s) => n + s.mock.calls.length, 0);
    } finally {
      for (const s of spies) s.mockRestore();
    }
  }

  it("a group's document: after the first batch no policy read until access changes; a removed member's next batch is read afresh and refused", async () => {
    const { groupId, docId, leaders, organiser } = await groupWithNotes();
    const { connection, open } = connectionTo(docId);
    const bob = { ...ctxFor(leaders[1]), connection };
    const e = editor();
    const batch = (text: string) => {
      e.paragraph(text);
      return applyDocUpdate(bob, { groupId, docId, clientId: cid(), update: e.takeBatch()! });
    };
    await batch("one");
    testNode().collab.decisions.delete(connection.id); // as if the reused decision's second had passed
    expect(await readsOf([Group, Membership], () => batch("two"))).toBe(0);
    await removeMember(ctxFor(organiser), { groupId, userId: String(leaders[1]._id) });
    open.clear();
    await expect(batch("three")).rejects.toMatchObject({ code: "not_found" });
  });

  it("a board: cached per breakout; a seat that moves (publisher.leaveBoard) makes the next batch read afresh and refused", async () => {
    const s = await momentDocsScene();
    const { connection, open } = connectionTo(s.one);
    const ctx = { ...ctxFor(s.seated), connection };
    const e = editor();
    const batch = (text: string) => {
      e.paragraph(text);
      return applyDocUpdate(ctx, { groupId: s.one, docId: s.one, clientId: cid(), update: e.takeBatch()! });
    };
    await loadDocState(ctx, { groupId: s.one, docId: s.one, stateVector: new Uint8Array() });
    await batch("one");
    testNode().collab.decisions.delete(connection.id);
    expect(await readsOf([Moment, Breakout, BreakoutSeat], () => batch("two"))).toBe(0);
    // Part C's seat move: the new seat, then leaveBoard (the socket door takes the socket out of
    // the board's room on every node; here the connection says so, and this node forgets).
    await seat(s.moment, s.seated, s.two);
    testNode().scopes.invalidate(s.one);
    open.clear();
    await expect(batch("three")).rejects.toMatchObject({ code: "not_found" });
  });
});

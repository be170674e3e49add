import { isDuplicateKey } from "../shared/duplicate-key";
import * as Y from "yjs";
import { DocSnapshot, DocUpdate } from "../document/document.model";
import { DomainError } from "../shared/errors";
import { oid } from "../shared/oid";
import type { Id } from "../shared/context";
import { MAX_UPDATE_BYTES } from "../document/document.constants";
import type { UpdateChecks } from "./update-check";
import { lastPosition, readRun } from "../shared/positions";
import { type ContentNode, ContentReader, copyContentInto, knownDelta } from "./content";
import type { ContentLeftOut } from "./content.constants";
import type { DocPositions } from "./doc-positions";
import { CARDS_FIELD } from "./board.constants";

// The storage side of co-editing (docs/decisions/007-collab-sync.md):
// - the log (DocUpdate) and immutable snapshots (DocSnapshot) in MongoDB are the truth;
// - positions come from a counter per document in Redis (doc-positions.ts, decision 060), with the
//   unique insert as the backstop; without Redis from read-last + unique insert, like the group
//   event log. A position handed out and never written (its writer died) is a hole: readers fill
//   it with an empty entry once it stays open (fillHole), so the log after it stays readable;
// - each node keeps a small cache of Y.Docs, each known to contain every entry up to its `seq`.
//   It is only ever a prefix of what MongoDB holds and is caught up from MongoDB before each use,
//   so no node holds state another could miss.
// What a node remembers (hints, recent entries, the cache) lives in the object createDocStore
// returns, one per node (models/collab/collab-node.ts); this module's top level holds none.

/** The XML fragment Tiptap's Collaboration extension edits (its default `field`). */
export const CONTENT_FIELD = "default";
/** Root types an update may create or write to; anything else is a foreign document's. */
const ALLOWED_ROOTS: readonly string[] = [CONTENT_FIELD];
/** A board's: its text and its cards (decision 073). */
export const BOARD_ROOTS: readonly string[] = [CONTENT_FIELD, CARDS_FIELD];

export { MAX_UPDATE_BYTES };
export { APPLY_TIME_LIMIT_MS } from "./update-check";
const CACHE_SIZE = 200;
const RECENT_PER_DOC = 256;
const RECENT_DOCS = 200;

/** The bytes of a stored Buffer field: lean() reads give a BSON Binary, documents a Buffer. */
export function bytes(b: unknown): Uint8Array {
  if (b instanceof Uint8Array) return b;
  const bin = b as { buffer?: Uint8Array; position?: number };
  if (bin?.buffer instanceof Uint8Array) return bin.buffer.subarray(0, bin.position ?? bin.buffer.length);
  throw new Error("not binary");
}

// ---- ids and reads that need no node's memory -----------------------------------------------

const entryId = (docId: string, seq: number) => `${docId}:${seq}`;
const slotId = (docId: string, slot: number) => `${docId}:${slot}`;
/** At most this many positions are read in parallel while walking the log. */
const READ_ROUND = 64;

/** Beyond this many entries a walk switches to one query (a log that was not compacted for long). */
const BULK_AFTER = 128;
/** Compaction deletes up to this many entries one by one (by _id), more with one query. */
const DELETE_BY_ID_UPTO = 1_000;

/** The log's entries after `after`, by one sorted query (FerretDB decodes the collection once,
 *  instead of a point read per entry), up to the first missing position. */
async function readBulk(docId: string, after: number): Promise<Uint8Array[]> {
  const rows = await DocUpdate.collection
    .find({ docId: oid(docId), seq: { $gt: after } }, { projection: { seq: 1, update: 1 } })
    .sort({ seq: 1 })
    .toArray();
  const out: Uint8Array[] = [];
  for (const r of rows) {
    if (r.seq !== after + 1 + out.length) break; // a hole ends the run, as in the walk
    out.push(bytes(r.update));
  }
  return out;
}

/** How long a reader lets a hole below a known position stay open (its writer may still be at work)
 *  before it fills it. Filling early costs that writer only a retry at a new position. */
const HOLE_WAIT_MS = 1000;
/** What fills a hole: an update that changes nothing. */
const EMPTY_UPDATE = Buffer.from(Y.encodeStateAsUpdate(new Y.Doc()));

/** Applies what readLogSince returned to `ydoc` and returns the read. */
function applyRead<R extends { snapshot: Uint8Array | null; entries: Uint8Array[] }>(ydoc: Y.Doc, read: R): R {
  if (read.snapshot) Y.applyUpdate(ydoc, read.snapshot);
  for (const e of read.entries) Y.applyUpdate(ydoc, e);
  return read;
}

const refused = (code = "invalid") => new DomainError("invalid_input", [{ path: "update", code }]);

interface AppendInput {
  docId: string;
  actorId: string;
  clientId: string;
  update: Uint8Array;
}

export interface StoredUpdate {
  /** The update's position, or 0 when nothing was stored (the document held it already). */
  seq: number;
  created: boolean;
}

/**
 * One node's access to the document log, with what the node remembers of it: per document a log
 * position and a snapshot slot it saw (hints), the newest entries it stored or read, and a cache of
 * Y.Docs holding stored entries only. Updates are checked in `checks`' workers.
 */
export function createDocStore(checks: UpdateChecks, positions: DocPositions | null = null) {
  // ---- positions ------------------------------------------------------------------------------
  // Every read here is an exact _id read (document.model.ts): log positions and snapshot slots are
  // probed, never queried. Per node, two hints per document (hints only: every position and slot
  // is still taken by a unique insert): a log position this node saw stored, and the newest snapshot
  // slot it saw.

  const logHint = new Map<string, number>();
  const slotHint = new Map<string, { slot: number; seq: number }>();

  function noteLogHead(docId: string, seq: number) {
    if (seq > (logHint.get(docId) ?? 0)) logHint.set(docId, seq);
  }

  /** The newest log entries seen of each recently used document (entries never change,
   *  so a copy is as good as a read): what this node stored and what it read. */
  const recent = new Map<string, Map<number, Uint8Array>>();

  function remember(docId: string, seq: number, update: Uint8Array) {
    let m = recent.get(docId);
    if (!m) {
      m = new Map();
      recent.set(docId, m);
      if (recent.size > RECENT_DOCS) recent.delete(recent.keys().next().value!);
    }
    m.set(seq, update);
    if (m.size > RECENT_PER_DOC) m.delete(m.keys().next().value!); // the oldest remembered (a cache)
  }

  /** An entry another node stored (it says so through the adapter): the log reached `seq`, and here is the entry. */
  function rememberStored(docId: string, seq: number, update: Uint8Array) {
    noteLogHead(docId, seq);
    remember(docId, seq, update);
  }

  /** The entry at a position: from memory, else by _id (and then remembered). Null when there is none. */
  async function entryAt(docId: string, seq: number): Promise<Uint8Array | null> {
    const known = recent.get(docId)?.get(seq);
    if (known) return known;
    const e = await DocUpdate.collection.findOne({ _id: entryId(docId, seq) as never }, { projection: { update: 1 } });
    if (!e) return null;
    const update = bytes(e.update);
    remember(docId, seq, update);
    return update;
  }

  /** The newest snapshot slot and the position it covers ({0, 0} when none): one read when the hint is current. */
  async function newestSnapshot(docId: string): Promise<{ slot: number; seq: number }> {
    const hint = slotHint.get(docId) ?? { slot: 0, seq: 0 };
    const seqs = new Map<number, number>([[hint.slot, hint.seq]]);
    const exists = async (k: number) => {
      if (k === 0) return true;
      const s = await DocSnapshot.collection.findOne({ _id: slotId(docId, k) as never }, { projection: { seq: 1 } });
      if (s) seqs.set(k, s.seq);
      return s !== null;
    };
    // Slots are never deleted, so the hint still holds (a test that empties the database forgets it: clear).
    const slot = await lastPosition(exists, hint.slot);
    const newest = { slot, seq: seqs.get(slot) ?? 0 };
    if (slot > hint.slot) slotHint.set(docId, newest);
    return newest;
  }

  /** The log's last position: from the newest snapshot (or this node's hint, when further), probing by _id. */
  async function findLogHead(docId: string): Promise<number> {
    const { seq } = await newestSnapshot(docId);
    const head = await lastPosition(async (n) => n <= seq || (await entryAt(docId, n)) !== null, Math.max(seq, logHint.get(docId) ?? 0));
    noteLogHead(docId, head);
    return head;
  }

  /**
   * The entries after `base` up to the first missing one: first the positions up to `end` (this
   * node knows them stored: from memory, else by _id, in rounds of READ_ROUND), then, with `probe`,
   * beyond it one position and further only while they exist (usually one read that finds nothing).
   * Never reads past the end in whole rounds (decision 073: that was most of a batch's log reads).
   * A very long run switches to one query (readBulk).
   */
  async function readEntries(id: string, base: number, end: number, probe: boolean): Promise<Uint8Array[]> {
    const out: Uint8Array[] = [];
    const stop = Math.min(end, base + BULK_AFTER);
    for (let from = base + 1; from <= stop; from += READ_ROUND) {
      const to = Math.min(stop, from + READ_ROUND - 1);
      const round = await Promise.all(Array.from({ length: to - from + 1 }, (_, k) => entryAt(id, from + k)));
      for (const e of round) {
        if (e === null) return out; // a hole, or deleted by a compaction (the caller verifies)
        out.push(e);
      }
    }
    if (probe && out.length < BULK_AFTER)
      out.push(
        ...(await readRun((n) => entryAt(id, n), base + out.length, { first: 1, maxRound: READ_ROUND, limit: BULK_AFTER - out.length })),
      );
    return out.length >= BULK_AFTER ? out.concat(await readBulk(id, base + out.length)) : out;
  }

  /**
   * What is stored after `fromSeq`: the newest snapshot beyond it (if a compaction ran since) and the
   * log entries after that, up to `seq` (every entry up to `seq` is in the result or before
   * `fromSeq`). A compaction that runs meanwhile can delete entries this read needs, so the read is
   * verified (no newer snapshot appeared) and repeated when it raced. With `upTo` (a batch's check:
   * the sender's document holds nothing stored beyond it), the read may stop there: nothing beyond
   * the node's known position and `upTo` is probed.
   */
  async function readLogSince(
    docId: Id,
    fromSeq: number,
    opts: { fillUpTo?: number; upTo?: number } = {},
  ): Promise<{ snapshot: Uint8Array | null; entries: Uint8Array[]; seq: number; slot: number }> {
    const id = String(docId);
    let fills = 0;
    for (let attempt = 0; attempt < 20; attempt++) {
      const head = await newestSnapshot(id);
      let snapshot: Uint8Array | null = null;
      let base = fromSeq;
      if (head.seq > fromSeq) {
        const s = await DocSnapshot.findById(slotId(id, head.slot), { state: 1, seq: 1 }).lean();
        if (!s?.state) continue; // superseded meanwhile: the next probe finds the newer slot
        snapshot = bytes(s.state);
        base = s.seq;
      }
      // How far the log goes, as far as this node knows: one round reads it all (a cold node asks
      // the counter). Rounds of READ_ROUND parallel point reads.
      let known = logHint.get(id) ?? 0;
      const upTo = opts.upTo ?? 0;
      if (known <= base && upTo <= base && positions) known = (await positions.handedOut(id)) ?? known;
      // Enough when it reaches `upTo`: no probe beyond what this node knows.
      const enough = upTo > base && upTo >= known;
      const entries = await readEntries(id, base, Math.max(known, upTo), !enough);
      if ((await newestSnapshot(id)).slot !== head.slot) continue; // a compaction moved the ground: read again
      const seq = base + entries.length;
      // Stopped at `upTo` on purpose: what lies beyond was not looked at, and is no hole.
      const stoppedAtUpTo = enough && seq >= upTo;
      if (!stoppedAtUpTo && fills < 1000 && (await filledHole(id, seq + 1, known, opts.fillUpTo ?? 0))) {
        fills++;
        attempt--;
        continue; // the log goes on after the hole now: read on
      }
      noteLogHead(id, seq);
      return { snapshot, entries, seq, slot: head.slot };
    }
    throw new Error(`could not read a consistent state of document ${id}`);
  }

  /** Holes seen open (document and position) and since when: filled once open for HOLE_WAIT_MS. */
  const holes = new Map<string, number>();

  /**
   * The read ended before position `n`, which is missing. Is it a hole (a position beyond it is
   * stored, or `n` was handed out), and did it stay open long enough, or lie at or below `fillUpTo`
   * (a position the sender of a batch has seen stored), to be filled? Then it is filled with an
   * empty entry (an insert that loses to the real entry is just as good) and the answer is true.
   */
  async function filledHole(docId: string, n: number, known: number, fillUpTo: number): Promise<boolean> {
    let beyond = Math.max(logHint.get(docId) ?? 0, known, fillUpTo);
    if (beyond < n && positions) beyond = Math.max(beyond, (await positions.handedOut(docId)) ?? 0);
    if (beyond < n) return false; // the end of the log, not a hole
    const k = `${docId}:${n}`;
    const first = holes.get(k);
    if (n > fillUpTo && (first === undefined || Date.now() - first < HOLE_WAIT_MS)) {
      if (first === undefined) {
        if (holes.size > 10_000) holes.clear();
        holes.set(k, Date.now());
      }
      return false;
    }
    holes.delete(k);
    await fillHole(docId, n);
    return true;
  }

  /** Writes an empty entry at `n` unless something is there already: a hole's writer that comes late
   *  finds the position taken and stores its update further on (it was not acknowledged yet). */
  async function fillHole(docId: string, n: number) {
    try {
      await DocUpdate.collection.insertOne({
        _id: entryId(docId, n) as never,
        docId: oid(docId),
        seq: n,
        update: EMPTY_UPDATE,
        clientId: "hole",
        actorId: null,
        at: new Date(),
      });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
  }

  /** Brings `ydoc` (holding every entry up to `fromSeq`) up to the newest stored position and returns it. */
  async function catchUp(docId: Id, ydoc: Y.Doc, fromSeq: number): Promise<number> {
    return applyRead(ydoc, await readLogSince(docId, fromSeq)).seq;
  }

  /** A fresh Y.Doc with everything stored for the document, and the last position it includes. */
  async function loadYDoc(docId: Id): Promise<{ ydoc: Y.Doc; seq: number }> {
    const ydoc = new Y.Doc();
    const seq = await catchUp(docId, ydoc, 0);
    return { ydoc, seq };
  }

  // ---- per-node cache -------------------------------------------------------------------------

  /** Holds stored entries only: updates are checked in a worker's copy (update-check.ts). */
  const cache = new Map<string, { ydoc: Y.Doc; seq: number }>();

  function evict(docId: string) {
    cache.get(docId)?.ydoc.destroy();
    cache.delete(docId);
  }

  /** The cached Y.Doc of a document, caught up with MongoDB. */
  async function cachedYDoc(docId: string) {
    let entry = cache.get(docId);
    if (!entry) {
      entry = { ydoc: new Y.Doc(), seq: 0 };
      cache.set(docId, entry);
      if (cache.size > CACHE_SIZE) evict(cache.keys().next().value!);
    } else {
      cache.delete(docId); // LRU: move to the end
      cache.set(docId, entry);
    }
    const seq = await catchUp(docId, entry.ydoc, entry.seq);
    entry.seq = Math.max(entry.seq, seq);
    return { entry, seq };
  }

  /** `read` applied to the node's cached copy of the stored document (caught up with MongoDB first);
   *  the copy is the cache's: `read` must not change or keep it. */
  async function readCached<T>(docId: string, read: (ydoc: Y.Doc) => T): Promise<T> {
    const { entry } = await cachedYDoc(docId);
    return read(entry.ydoc);
  }

  /** Forgets what this node holds of one document (its log and snapshots were rewritten: erasure, decision 064). */
  function forget(docId: string) {
    evict(docId);
    checks.forget(docId);
    logHint.delete(docId);
    slotHint.delete(docId);
    recent.delete(docId);
  }

  /** Forgets this node's cached copies (tests that rewrite the database under the cache). */
  function clear() {
    for (const id of [...cache.keys()]) evict(id);
    logHint.clear();
    slotHint.clear();
    recent.clear();
  }

  /** What a joining client lacks (given its state vector), the newest position, and the server's state vector. */
  async function readDocState(docId: string, stateVector: Uint8Array) {
    let sv: Uint8Array | undefined;
    if (stateVector.byteLength > 0) {
      try {
        Y.decodeStateVector(stateVector);
        sv = stateVector;
      } catch {
        throw new DomainError("invalid_input", [{ path: "stateVector", code: "invalid" }]);
      }
    }
    const { entry, seq } = await cachedYDoc(docId);
    return { update: Y.encodeStateAsUpdate(entry.ydoc, sv), stateVector: Y.encodeStateVector(entry.ydoc), seq };
  }

  // ---- validation -----------------------------------------------------------------------------

  /** The entries after `fromSeq` up to `upTo` exactly (from memory or by _id, in one round), or
   *  null when one is gone (a compaction deleted it: read the snapshot instead). */
  async function readUpTo(docId: string, fromSeq: number, upTo: number) {
    if (upTo - fromSeq > READ_ROUND) return null;
    const entries = await Promise.all(Array.from({ length: upTo - fromSeq }, (_, k) => entryAt(docId, fromSeq + 1 + k)));
    if (entries.some((e) => e === null)) return null;
    noteLogHead(docId, upTo);
    return { snapshot: null, entries: entries as Uint8Array[], seq: upTo };
  }

  /**
   * Decodes `update` and applies it to a scratch copy of the document in a worker thread, under a
   * preemptive time limit (update-check.ts): refuses what is too big, does not decode, names a
   * foreign root type, depends on state the document does not have (another document's update),
   * takes too long (too_complex), or makes a document the editor cannot open: nested too deep, too
   * many nodes or too much text (too_complex), or a node or mark the editor does not know
   * (invalid_input, unknown_node; decision 021). A refused update leaves no trace. Resolves with `changed`: false
   * when the stored document holds all of it already (a resend whose first attempt was stored), and
   * `done(stored)`, to be called once the append finished or failed.
   *
   * The worker's copy is brought up to `seen` (the highest stored position the sender's document
   * holds, which is all the update can build on) from this node's memory of recent entries or by
   * _id reads of exactly those positions; nothing is read when it holds them already. An update that
   * still does not integrate (it builds on something else: another document's state, or a position
   * a compaction took from under the read) is checked again against a copy loaded from MongoDB
   * afresh, and refused only then. Without `seen` (a batch in parts), the copy is caught up to the
   * newest stored position.
   */
  async function checkUpdateAgainst(
    docId: string,
    update: Uint8Array,
    seen?: number,
    roots: readonly string[] = ALLOWED_ROOTS,
  ): Promise<{ changed: boolean; done: (stored: boolean) => void }> {
    if (update.byteLength > MAX_UPDATE_BYTES) throw refused("too_large");
    let caughtUp = false;
    const readLog = async (fromSeq: number) => {
      // Caught up after a refusal: holes below what the sender has seen are filled at once.
      if (caughtUp || seen === undefined) return readLogSince(docId, fromSeq, { fillUpTo: caughtUp ? (seen ?? 0) : 0 });
      if (seen <= fromSeq && fromSeq > 0) return { snapshot: null, entries: [], seq: fromSeq };
      // Up to `seen` only: the update builds on nothing stored beyond it (else it is checked again, caught up).
      return (fromSeq > 0 ? await readUpTo(docId, fromSeq, seen) : null) ?? readLogSince(docId, fromSeq, { upTo: seen });
    };
    for (;;) {
      const { outcome, done } = await checks.check(docId, update, roots, readLog);
      if (outcome.ok) return { changed: outcome.changed, done };
      if (outcome.code === "too_slow") throw new DomainError("too_complex", [{ path: "update", code: "too_slow" }]);
      // Beyond the editor's bounds (decision 021): too heavy for every editor that would open it.
      const { code } = outcome;
      if (code === "too_deep" || code === "too_many_nodes" || code === "too_much_text" || code === "too_many_cards")
        throw new DomainError("too_complex", [{ path: "update", code: outcome.code }]);
      if (outcome.code === "foreign" && !caughtUp) {
        caughtUp = true;
        continue;
      }
      throw refused(outcome.code);
    }
  }

  // ---- appending ------------------------------------------------------------------------------

  /**
   * Stores one checked update at the document's next position, handed out by the counter in Redis
   * (one insert, no read: decision 060); without Redis by appendProbing. A position whose insert
   * finds it taken (the counter was behind the log) is given up for a higher one. A position a
   * snapshot covers (a compaction freed it under a stale position) would be skipped by every
   * reader, so it is moved up; only a compaction since the position was handed out makes that
   * possible, and only then is the snapshot probed.
   * A resend is no business of this function's: checkUpdateAgainst tells one that changes nothing,
   * and one that races its first attempt may be stored twice (harmless: Yjs ignores what it has).
   */
  async function appendUpdate(input: AppendInput): Promise<StoredUpdate> {
    if (!positions) return appendProbing(input);
    const docId = input.docId;
    let floor = logHint.get(docId) ?? 0;
    for (let attempt = 0; attempt < 50; attempt++) {
      const got = await positions.allocate(docId, floor);
      if (got === "missing") {
        // No counter (new document, or Redis lost it): start it at the log's end as read now.
        if (!(await positions.raise(docId, await findLogHead(docId)))) return appendProbing(input);
        continue;
      }
      if (got === null) return appendProbing(input); // Redis down: probe, as without it
      const { seq } = got;
      try {
        await DocUpdate.collection.insertOne(entryRow(input, seq));
      } catch (err) {
        if (!isDuplicateKey(err)) {
          // Perhaps stored, perhaps not: make sure the position is no hole for long (best effort).
          void fillHole(docId, seq).catch(() => undefined);
          throw err;
        }
        // The counter is behind the log (written while Redis was down, or a hole filled): allocate above it.
        noteLogHead(docId, seq);
        floor = Math.max(seq, attempt > 0 ? await findLogHead(docId) : 0);
        continue;
      }
      noteLogHead(docId, seq);
      // Unless a compaction began since the position was handed out, none can have freed it (the
      // counter is above every position a compaction covers before it deletes): no snapshot probe.
      if ((await positions.generation(docId)) === got.generation || (await newestSnapshot(docId)).seq < seq) {
        remember(docId, seq, input.update);
        return { seq, created: true };
      }
      await DocUpdate.deleteOne({ _id: entryId(docId, seq) }); // shadowed by a snapshot that lacks it
      floor = await findLogHead(docId);
    }
    throw new Error("could not allocate a position in the document log");
  }

  function entryRow(input: AppendInput, seq: number) {
    return {
      _id: entryId(input.docId, seq) as never,
      docId: oid(input.docId),
      seq,
      update: Buffer.from(input.update.buffer, input.update.byteOffset, input.update.byteLength),
      clientId: input.clientId,
      actorId: oid(input.actorId),
      at: new Date(),
    };
  }

  /** appendUpdate without the counter (no Redis, or Redis not answering): at this node's hint + 1,
   *  further while taken, then the snapshot probe. */
  async function appendProbing(input: AppendInput): Promise<StoredUpdate> {
    const docId = input.docId;
    let seq = (logHint.get(docId) ?? (await findLogHead(docId))) + 1;
    let taken = 0;
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        await DocUpdate.collection.insertOne(entryRow(input, seq));
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        noteLogHead(docId, seq);
        // Another node took it, usually just this one (two nodes appending at once; the others'
        // announcements may have moved the hint on meanwhile): try after it straight away; after a
        // few, probe for the end instead.
        seq = ++taken < 3 ? Math.max(seq, logHint.get(docId) ?? 0) + 1 : (await findLogHead(docId)) + 1;
        continue;
      }
      noteLogHead(docId, seq);
      if ((await newestSnapshot(docId)).seq < seq) {
        remember(docId, seq, input.update);
        return { seq, created: true };
      }
      await DocUpdate.deleteOne({ _id: entryId(docId, seq) }); // shadowed by a snapshot that lacks it
      seq = (await findLogHead(docId)) + 1;
    }
    throw new Error("could not allocate a position in the document log");
  }

  // ---- compaction -----------------------------------------------------------------------------

  /**
   * Merges the newest snapshot and the log into a new snapshot in the next slot (load into a Y.Doc
   * and re-encode, linear; Y.mergeUpdates is not), then deletes only the entries it includes and
   * the state of older slots. An update appended meanwhile has a higher position and stays. Safe to
   * run concurrently with itself: racing compactions claim slots by unique insert, and one that
   * finds its slot taken starts over from the newer one. With `minEntries`, a log shorter than that
   * after the newest snapshot is left as it is (another node compacted it meanwhile).
   * With the position counter, the counter is raised above the snapshot's position and its
   * generation replaced before anything is deleted (appendUpdate relies on it); when Redis cannot be
   * told, nothing is deleted (the entries stay below the snapshot, never read, only their bytes).
   */
  async function compactLog(
    docId: string,
    minEntries = 1,
  ): Promise<{ seq: number; ydoc: Y.Doc; lastEditorId: unknown; slot: number; compacted: boolean }> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const ydoc = new Y.Doc();
      const { entries, seq, slot } = applyRead(ydoc, await readLogSince(docId, 0));
      if (entries.length < minEntries) return { seq, ydoc, lastEditorId: null, slot, compacted: false }; // nothing (or little) since the newest snapshot
      const last = await DocUpdate.collection.findOne({ _id: entryId(docId, seq) as never }, { projection: { actorId: 1 } });
      const next = slot + 1;
      try {
        await DocSnapshot.create({
          _id: slotId(docId, next),
          docId: oid(docId),
          slot: next,
          seq,
          state: Buffer.from(Y.encodeStateAsUpdate(ydoc)),
          lastEditorId: last?.actorId ?? null,
        });
      } catch (e) {
        ydoc.destroy();
        if (!isDuplicateKey(e)) throw e;
        continue; // another compaction took the slot: merge on top of it (or find nothing left to do)
      }
      slotHint.set(docId, { slot: next, seq });
      const deletable = !positions || (await positions.raise(docId, seq, true));
      // What the new slot holds goes: by _id (a filter makes FerretDB decode every document's log:
      // 200 point deletes cost less), or by one query for a very long log. An entry a crash left at
      // or below an older snapshot stays: never read, only its bytes.
      const base = seq - entries.length;
      // (Not `deletable`: Redis could not be told, and the entries stay.)
      if (deletable && entries.length > DELETE_BY_ID_UPTO)
        await DocUpdate.collection.deleteMany({ docId: oid(docId), seq: { $gt: base, $lte: seq } });
      else if (deletable) {
        const ids = entries.map((_, k) => entryId(docId, base + 1 + k));
        for (let i = 0; i < ids.length; i += READ_ROUND)
          await Promise.all(ids.slice(i, i + READ_ROUND).map((_id) => DocUpdate.collection.deleteOne({ _id: _id as never })));
      }
      if (slot > 0) await DocSnapshot.collection.updateOne({ _id: slotId(docId, slot) as never }, { $unset: { state: "" } });
      return { seq, ydoc, lastEditorId: last?.actorId ?? null, slot: next, compacted: true };
    }
    throw new Error(`could not compact document ${docId}: its snapshot slot kept being taken`);
  }

  /** How many entries this node knows the log to hold after the newest snapshot it knows of (no read). */
  function knownLogLength(docId: string) {
    return (logHint.get(docId) ?? 0) - (slotHint.get(docId)?.seq ?? 0);
  }

  /** A snapshot slot the document's metadata names (compaction writes it there): where a node that
   *  never read the document starts probing for the newest, instead of slot 1. */
  function noteSnapshot(docId: string, snapshot: { slot: number; seq: number } | null | undefined) {
    if (snapshot && snapshot.slot > (slotHint.get(docId)?.slot ?? 0)) slotHint.set(docId, { slot: snapshot.slot, seq: snapshot.seq });
  }

  /** Entries in the log after the newest snapshot (how much a load must replay). */
  async function pendingLogLength(docId: string) {
    return (await readLogSince(docId, 0)).entries.length;
  }

  return {
    rememberStored,
    readLogSince,
    catchUp,
    loadYDoc,
    readDocState,
    readCached,
    checkUpdateAgainst,
    appendUpdate,
    compactLog,
    pendingLogLength,
    knownLogLength,
    noteSnapshot,
    clear,
    forget,
  };
}

/** One node's document log (createDocStore). */
export type DocStore = ReturnType<typeof createDocStore>;

// ---- content helpers ------------------------------------------------------------------------

/** The plain text of a Tiptap document: blocks on their own lines (within the editor's bounds: content.ts). */
export function plainText(ydoc: Y.Doc): string {
  const reader = new ContentReader();
  const out: string[] = [];
  // Recursion bounded by the reader: it hands out no element deeper than MAX_NESTING_DEPTH.
  const walk = (node: ContentNode | Y.XmlFragment, depth: number, line: string[]) => {
    if (node instanceof Y.XmlText) {
      line.push(
        knownDelta(node)
          .map((d) => (typeof d.insert === "string" ? d.insert : ""))
          .join(""),
      );
      return;
    }
    const children = reader.children(node, depth);
    const inline = children.some((c) => c instanceof Y.XmlText);
    if (inline) {
      const parts: string[] = [];
      for (const c of children) walk(c, depth + 1, parts);
      out.push(parts.join(""));
    } else for (const c of children) walk(c, depth + 1, line);
  };
  walk(ydoc.getXmlFragment(CONTENT_FIELD), 0, []);
  return out.filter((l) => l.length > 0).join("\n");
}

/**
 * A new document state holding a copy of the content only: no history, no deleted text, no authors'
 * client ids; and only what the editor's bounds let a read show (content.ts), with what was left out.
 */
export function copyContent(source: Y.Doc): { update: Uint8Array; left: ContentLeftOut } {
  const target = new Y.Doc();
  let left: ContentLeftOut | undefined;
  target.transact(() => {
    left = copyContentInto(source.getXmlFragment(CONTENT_FIELD), target.getXmlFragment(CONTENT_FIELD));
  });
  const update = Y.encodeStateAsUpdate(target);
  target.destroy();
  return { update, left: left! };
}

/** A new document state with one paragraph per non-empty line of `text` (the charter draft's start). */
export function contentFromText(text: string): Uint8Array {
  const target = new Y.Doc();
  const paragraphs = text
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => {
      const p = new Y.XmlElement("paragraph");
      p.insert(0, [new Y.XmlText(l)]);
      return p;
    });
  target.getXmlFragment(CONTENT_FIELD).insert(0, paragraphs);
  const update = Y.encodeStateAsUpdate(target);
  target.destroy();
  return update;
}

import * as Y from "yjs";
import { DocSnapshot, DocUpdate } from "./document.model";
import { DomainError } from "../shared/errors";
import { oid } from "../shared/ids";
import type { Id } from "../shared/context";
import { MAX_UPDATE_BYTES } from "./document.constants";
import { checkInWorker } from "./update-check";

// The storage side of co-editing (docs/decisions/007-collab-sync.md):
// - the log (DocUpdate) and immutable snapshots (DocSnapshot) in MongoDB are the truth;
// - positions come from read-last + unique insert, like the group event log;
// - this node keeps a small cache of Y.Docs, each known to contain every entry up to its `seq`.
//   It is only ever a prefix of what MongoDB holds and is caught up from MongoDB before each use,
//   so no node holds state another could miss.

/** The XML fragment Tiptap's Collaboration extension edits (its default `field`). */
export const CONTENT_FIELD = "default";
/** Root types an update may create or write to; anything else is a foreign document's. */
const ALLOWED_ROOTS = new Set([CONTENT_FIELD]);

export { MAX_UPDATE_BYTES };
export { APPLY_TIME_LIMIT_MS } from "./update-check";
const CACHE_SIZE = 200;

const isDuplicateKey = (e: unknown) => (e as { code?: number })?.code === 11000;
/** The bytes of a stored Buffer field: lean() reads give a BSON Binary, documents a Buffer. */
export function bytes(b: unknown): Uint8Array {
  if (b instanceof Uint8Array) return b;
  const bin = b as { buffer?: Uint8Array; position?: number };
  if (bin?.buffer instanceof Uint8Array) return bin.buffer.subarray(0, bin.position ?? bin.buffer.length);
  throw new Error("not binary");
}

async function latestSnapshotSeq(docId: Id): Promise<number> {
  const s = await DocSnapshot.findOne({ docId: oid(docId) }, { seq: 1 }).sort({ seq: -1 }).lean();
  return s?.seq ?? 0;
}

/**
 * What is stored after `fromSeq`: the newest snapshot beyond it (if a compaction ran since) and the
 * log entries after that, up to `seq`. A compaction that runs meanwhile can delete entries this
 * read needs: the read is checked (positions contiguous after the base, newest snapshot unchanged)
 * and repeated when it raced.
 */
export async function readLogSince(docId: Id, fromSeq: number): Promise<{ snapshot: Uint8Array | null; entries: Uint8Array[]; seq: number }> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const snap = await DocSnapshot.findOne({ docId: oid(docId), seq: { $gt: fromSeq } }).sort({ seq: -1 }).lean();
    const base = snap ? snap.seq : fromSeq;
    const entries = await DocUpdate.find({ docId: oid(docId), seq: { $gt: base } }, { seq: 1, update: 1 }).sort({ seq: 1 }).lean();
    const contiguous = entries.every((e, i) => e.seq === base + 1 + i);
    const newest = await latestSnapshotSeq(docId);
    if (!contiguous || newest > base) continue; // a compaction moved the ground: read again
    return { snapshot: snap ? bytes(snap.state) : null, entries: entries.map((e) => bytes(e.update)), seq: entries.at(-1)?.seq ?? base };
  }
  throw new Error(`could not read a consistent state of document ${String(docId)}`);
}

/** Brings `ydoc` (holding every entry up to `fromSeq`) up to the newest stored position and returns it. */
export async function catchUp(docId: Id, ydoc: Y.Doc, fromSeq: number): Promise<number> {
  const { snapshot, entries, seq } = await readLogSince(docId, fromSeq);
  if (snapshot) Y.applyUpdate(ydoc, snapshot);
  for (const e of entries) Y.applyUpdate(ydoc, e);
  return seq;
}

/** A fresh Y.Doc with everything stored for the document, and the last position it includes. */
export async function loadYDoc(docId: Id): Promise<{ ydoc: Y.Doc; seq: number }> {
  const ydoc = new Y.Doc();
  const seq = await catchUp(docId, ydoc, 0);
  return { ydoc, seq };
}

// ---- per-node cache ------------------------------------------------------------------------

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

/** Forgets this node's cached copies (tests that rewrite the database under the cache). */
export function clearDocCache() {
  for (const id of [...cache.keys()]) evict(id);
}

/** What a joining client lacks (given its state vector), the newest position, and the server's state vector. */
export async function readDocState(docId: string, stateVector: Uint8Array) {
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

// ---- validation ----------------------------------------------------------------------------

const refused = (code = "invalid") => new DomainError("invalid_input", [{ path: "update", code }]);

/**
 * Decodes `update` and applies it to a scratch copy of the document in a worker thread, under a
 * preemptive time limit (update-check.ts): refuses what is too big, does not decode, names a
 * foreign root type, depends on state the document does not have (another document's update), or
 * takes too long (too_complex). A refused update leaves no trace. The caller must call the
 * returned `done(stored)` once the append finished or failed.
 */
export async function checkUpdateAgainst(docId: string, update: Uint8Array): Promise<(stored: boolean) => void> {
  if (update.byteLength > MAX_UPDATE_BYTES) throw refused("too_large");
  const { outcome, evict } = await checkInWorker(docId, update, [...ALLOWED_ROOTS], (fromSeq) => readLogSince(docId, fromSeq));
  if (outcome.ok) return (stored) => void (stored || evict());
  if (outcome.code === "too_slow") throw new DomainError("too_complex", [{ path: "update", code: "too_slow" }]);
  throw refused(outcome.code);
}

// ---- appending ------------------------------------------------------------------------------

export interface StoredUpdate {
  seq: number;
  created: boolean;
}

async function findBatch(actorId: string, clientId: string, docId: string): Promise<StoredUpdate | null> {
  const e = await DocUpdate.findOne({ actorId: oid(actorId), clientId }, { seq: 1, docId: 1 }).lean();
  if (!e) return null;
  if (String(e.docId) !== docId) throw new DomainError("conflict");
  return { seq: e.seq, created: false };
}

/**
 * Stores one update at the document's next position; a batch stored before (same actor and
 * client id) returns its position with `created: false`. The position is checked against the
 * newest snapshot after the insert: an entry a racing compaction could not have seen but whose
 * position the snapshot already covers would be skipped by every reader, so it is moved up.
 */
export async function appendUpdate(input: { docId: string; actorId: string; clientId: string; update: Uint8Array }): Promise<StoredUpdate> {
  const previous = await findBatch(input.actorId, input.clientId, input.docId);
  if (previous) return previous;
  const docId = oid(input.docId);
  for (let attempt = 0; attempt < 50; attempt++) {
    const [last, snapSeq] = await Promise.all([
      DocUpdate.findOne({ docId }, { seq: 1 }).sort({ seq: -1 }).lean(),
      latestSnapshotSeq(docId),
    ]);
    const seq = Math.max(last?.seq ?? 0, snapSeq) + 1;
    let id: unknown;
    try {
      const e = await DocUpdate.create({ docId, seq, update: Buffer.from(input.update), clientId: input.clientId, actorId: oid(input.actorId) });
      id = e._id;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const again = await findBatch(input.actorId, input.clientId, input.docId);
      if (again) return again;
      continue; // someone else took this position
    }
    if ((await latestSnapshotSeq(docId)) < seq) return { seq, created: true };
    await DocUpdate.deleteOne({ _id: id }); // shadowed by a snapshot that may lack it: take a new position
  }
  throw new Error("could not allocate a position in the document log");
}

// ---- compaction -----------------------------------------------------------------------------

/**
 * Merges the snapshot and the log into a new snapshot (load into a Y.Doc and re-encode, linear;
 * Y.mergeUpdates is not), then deletes only what the new snapshot includes. An update appended
 * meanwhile has a higher position and stays. Safe to run concurrently with itself.
 */
export async function compactLog(docId: string): Promise<{ seq: number; ydoc: Y.Doc; lastEditorId: unknown }> {
  const { ydoc, seq } = await loadYDoc(docId);
  const last = seq > 0 ? await DocUpdate.findOne({ docId: oid(docId), seq }, { actorId: 1 }).lean() : null;
  if (seq > 0) {
    try {
      await DocSnapshot.create({ docId: oid(docId), seq, state: Buffer.from(Y.encodeStateAsUpdate(ydoc)), lastEditorId: last?.actorId ?? null });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e; // the same snapshot exists already
    }
    await DocUpdate.deleteMany({ docId: oid(docId), seq: { $lte: seq } });
    await DocSnapshot.deleteMany({ docId: oid(docId), seq: { $lt: seq } });
  }
  return { seq, ydoc, lastEditorId: last?.actorId ?? null };
}

/** Entries in the log after the newest snapshot (how much a load must replay). */
export async function pendingLogLength(docId: string) {
  return DocUpdate.countDocuments({ docId: oid(docId), seq: { $gt: await latestSnapshotSeq(docId) } });
}

// ---- content helpers ------------------------------------------------------------------------

/** The plain text of a Tiptap document: blocks on their own lines. */
export function plainText(ydoc: Y.Doc): string {
  const out: string[] = [];
  const walk = (node: Y.XmlElement | Y.XmlText | Y.XmlFragment, line: string[]) => {
    if (node instanceof Y.XmlText) {
      line.push(node.toDelta().map((d: { insert: unknown }) => (typeof d.insert === "string" ? d.insert : "")).join(""));
      return;
    }
    const children = node.toArray() as (Y.XmlElement | Y.XmlText)[];
    const inline = children.some((c) => c instanceof Y.XmlText);
    if (inline) {
      const parts: string[] = [];
      for (const c of children) walk(c, parts);
      out.push(parts.join(""));
    } else for (const c of children) walk(c, line);
  };
  walk(ydoc.getXmlFragment(CONTENT_FIELD), []);
  return out.filter((l) => l.length > 0).join("\n");
}

/** A new document state holding a copy of the content only: no history, no deleted text, no authors' client ids. */
export function copyContent(source: Y.Doc): Uint8Array {
  const target = new Y.Doc();
  const items = source.getXmlFragment(CONTENT_FIELD).toArray().map((n) => (n as Y.XmlElement | Y.XmlText).clone());
  target.getXmlFragment(CONTENT_FIELD).insert(0, items);
  const update = Y.encodeStateAsUpdate(target);
  target.destroy();
  return update;
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

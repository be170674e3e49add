// One update-check worker thread (docs/decisions/011-update-limits.md), started by update-check.ts.
// Plain JavaScript with JSDoc types, so that Node runs it as it is: no TypeScript loader is needed
// in the worker, whether the node runs under tsx, vitest or anything else (decision 011).
//
// It keeps an LRU cache of scratch copies (one Y.Doc per document, with the log position it holds).
// For a job it brings its copy up to the job's position (stored, already checked entries), then
// decodes the update, checks its root types, applies it and checks for pending structs. The main
// thread times only the apply: the worker writes into shared memory which job it is applying,
// since when, and which it finished, and is terminated once an apply passes the limit.
import { parentPort, workerData } from "node:worker_threads";
import * as Y from "yjs";

/**
 * @typedef {{ ydoc: Y.Doc; seq: number }} Copy
 * @typedef {{ ok: true; changed: boolean } | { ok: false; code: "invalid" | "foreign" | "empty" } | { stale: true }} Result
 * @typedef {{ type: "evict"; docId: string }} Evict
 * @typedef {{ type?: undefined; id: number; docId: string; fromSeq: number; snapshot: Uint8Array | null; entries: Uint8Array[]; seq: number; update: Uint8Array; roots: string[] }} Job
 */

if (!parentPort) throw new Error("update-check.worker.mjs runs as a worker thread only");
const port = parentPort;
/** @type {{ cacheSize: number; shared: SharedArrayBuffer }} */
const { cacheSize, shared } = workerData;
/** @type {Map<string, Copy>} docId -> copy, oldest first */
const docs = new Map();
// Shared with the main thread: [job whose update is being applied, job finished], and when it began.
const ids = new Int32Array(shared, 0, 2);
const began = new Float64Array(shared, 8, 1);
const now = () => performance.timeOrigin + performance.now();

/** @param {string} docId */
function drop(docId) {
  docs.get(docId)?.ydoc.destroy();
  docs.delete(docId);
}

port.on("message", (/** @type {Evict | Job} */ m) => {
  if (m.type === "evict") return drop(m.docId);
  /** @param {{ result: Result } | { error: string }} r */
  const answer = (r) => port.postMessage({ id: m.id, ...r });
  let entry = docs.get(m.docId);
  if ((entry ? entry.seq : 0) < m.fromSeq) {
    drop(m.docId);
    return answer({ result: { stale: true } });
  }
  if (!entry) entry = { ydoc: new Y.Doc({ gc: true }), seq: 0 };
  docs.delete(m.docId);
  docs.set(m.docId, entry);
  if (docs.size > cacheSize) drop(/** @type {string} */ (docs.keys().next().value));
  try {
    if (m.snapshot) Y.applyUpdate(entry.ydoc, m.snapshot);
    for (const e of m.entries) Y.applyUpdate(entry.ydoc, e);
    entry.seq = Math.max(entry.seq, m.seq);
  } catch (e) {
    drop(m.docId);
    return answer({ error: String((e instanceof Error && e.message) || e) });
  }
  const copy = entry.ydoc;
  began[0] = now();
  Atomics.store(ids, 0, m.id);
  /** @param {{ result: Result }} r */
  const finish = (r) => {
    Atomics.store(ids, 1, m.id);
    answer(r);
  };
  /** @param {"invalid" | "foreign" | "empty"} code */
  const refuse = (code) => {
    drop(m.docId);
    finish({ result: { ok: false, code } });
  };
  let decoded;
  try {
    decoded = Y.decodeUpdate(m.update);
  } catch {
    return refuse("invalid");
  }
  const roots = new Set(m.roots);
  for (const s of decoded.structs) {
    if (s instanceof Y.Item && typeof s.parent === "string" && !roots.has(s.parent)) return refuse("foreign");
  }
  if (decoded.structs.length === 0 && decoded.ds.clients.size === 0) return refuse("empty");
  // Did it add anything? (A resend of a stored batch does not: Yjs ignores what it has.)
  let changed = false;
  /** @param {Y.Transaction} tr */
  const watch = (tr) => {
    changed ||= tr.deleteSet.clients.size > 0 || [...tr.afterState].some(([c, clock]) => tr.beforeState.get(c) !== clock);
  };
  copy.on("afterTransaction", watch);
  try {
    Y.applyUpdate(copy, m.update);
  } catch {
    return refuse("invalid");
  } finally {
    copy.off("afterTransaction", watch);
  }
  // Built on state this document lacks (another document's update): it would never integrate.
  if (copy.store.pendingStructs !== null || copy.store.pendingDs !== null) return refuse("foreign");
  finish({ result: { ok: true, changed } });
});
port.postMessage({ ready: true });

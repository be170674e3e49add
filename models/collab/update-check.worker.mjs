// One update-check worker thread (docs/decisions/011-update-limits.md), started by update-check.ts.
// Plain JavaScript with JSDoc types, so that Node runs it as it is: no TypeScript loader is needed
// in the worker, whether the node runs under tsx, vitest or anything else (decision 011).
//
// It keeps an LRU cache of scratch copies (one Y.Doc per document, with the log position it holds).
// For a job it brings its copy up to the job's position (stored, already checked entries), then
// decodes the update, checks its root types, applies it and checks for pending structs and the
// editor's schema bounds (decision 021: what the update added, and the copy's running totals). The
// main thread times only the apply: the worker writes into shared memory which job it is applying,
// since when, and which it finished, and is terminated once an apply passes the limit.
import { parentPort, workerData } from "node:worker_threads";
import * as Y from "yjs";

/**
 * @typedef {"invalid" | "foreign" | "empty" | "too_deep" | "too_many_nodes" | "too_much_text" | "unknown_node" | "too_many_cards"} Refusal
 * @typedef {{ nodes: number; text: number; grew: boolean; bad: Refusal | null }} Tally
 * @typedef {{ ydoc: Y.Doc; seq: number; tally: Tally }} Copy
 * @typedef {{ ok: true; changed: boolean } | { ok: false; code: Refusal } | { stale: true }} Result
 * @typedef {{ root: string; max: number; fields: string[]; maxText: number; maxId: number; colours: string[]; columns: string[] }} CardBounds
 * @typedef {{ maxDepth: number; maxNodes: number; maxText: number; nodeNames: string[]; markNames: string[]; cards: CardBounds }} Bounds
 * @typedef {{ type: "evict"; docId: string }} Evict
 * @typedef {{ type?: undefined; id: number; docId: string; fromSeq: number; snapshot: Uint8Array | null; entries: Uint8Array[]; seq: number; update: Uint8Array; roots: string[] }} Job
 */

if (!parentPort) throw new Error("update-check.worker.mjs runs as a worker thread only");
const port = parentPort;
/** @type {{ cacheSize: number; shared: SharedArrayBuffer; bounds: Bounds }} */
const { cacheSize, shared, bounds } = workerData;
const nodeNames = new Set(bounds.nodeNames);
const markNames = new Set(bounds.markNames);
const cardFields = new Set(bounds.cards.fields);
const cardColours = new Set(bounds.cards.colours);
const cardColumns = new Set(bounds.cards.columns);
/** @type {Map<string, Copy>} docId -> copy, oldest first */
const docs = new Map();
// Shared with the main thread: [job whose update is being applied, job finished], and when it began.
const ids = new Int32Array(shared, 0, 2);
const began = new Float64Array(shared, 8, 1);
const now = () => performance.timeOrigin + performance.now();
/** Set while the job's own update is applied: only its items are checked against the bounds. */
let checking = false;

// ---- the editor's schema bounds (decision 021) ------------------------------------------------
// Every transaction on a copy (loading stored entries, checking an update) keeps the copy's totals
// of nodes and text: what it added that is still there, minus what it deleted that was there
// before. It also looks at each item it added: a node must be an element the editor knows or a
// text run, in the fragment or an element, at most maxDepth elements deep; a text run holds text
// with known marks; an element's attributes are plain values. The cost is the update's own items
// (and a walk up of at most maxDepth parents per new node), never the whole document.

/** y-tiptap stores an overlapping mark as "<name>--<8 characters of hash>". */
const markName = (/** @type {string} */ key) => /^(.*)--[a-zA-Z0-9+/=]{8}$/.exec(key)?.[1] ?? key;

/**
 * Levels from the top down to `type` (a top-level node 1), or maxDepth + 1 once it is deeper: a walk
 * up of at most maxDepth + 1 parents, and none above a node whose depth this update already knows.
 * @param {Y.AbstractType<any>} type @param {Map<Y.AbstractType<any>, number>} known
 */
function depthOf(type, known) {
  /** @type {Y.AbstractType<any>[]} */
  const path = [];
  let base = 0;
  for (let t = type; t._item !== null; t = /** @type {Y.AbstractType<any>} */ (t._item.parent)) {
    const k = known.get(t);
    if (k !== undefined) {
      base = k;
      break;
    }
    if (path.length > bounds.maxDepth) return bounds.maxDepth + 1; // deeper than allowed: no need to know how deep
    path.push(t);
  }
  for (let i = path.length - 1; i >= 0; i--) known.set(path[i], base + (path.length - i));
  return base + path.length;
}

/** The root a type belongs to (the fragment's or the cards' name), walking up its parents. */
const rootOf = (/** @type {Y.AbstractType<any>} */ type) => {
  let t = type;
  for (let up = 0; t._item !== null && up <= bounds.maxDepth + 1; up++) t = /** @type {Y.AbstractType<any>} */ (t._item.parent);
  return t._item === null ? Y.findRootTypeKey(t) : null;
};

/**
 * What one added item of a board's cards breaks (decision 073): the root holds only maps, a map only
 * the card's fields, each a plain value within its bound.
 * @param {Y.Item} item @returns {Refusal | null}
 */
function breaksCard(item) {
  const parent = /** @type {Y.AbstractType<any>} */ (item.parent);
  const c = item.content;
  if (parent._item === null)
    return item.parentSub === null && c instanceof Y.ContentType && c.type instanceof Y.Map ? null : "unknown_node";
  const card = /** @type {Y.AbstractType<any>} */ (parent._item.parent);
  if (card._item !== null || item.parentSub === null || !cardFields.has(item.parentSub)) return "unknown_node";
  if (!(c instanceof Y.ContentAny) || c.arr.length !== 1) return "unknown_node";
  const v = c.arr[0];
  switch (item.parentSub) {
    case "text":
      return typeof v !== "string" ? "unknown_node" : v.length > bounds.cards.maxText ? "too_much_text" : null;
    case "colour":
      return cardColours.has(v) ? null : "unknown_node";
    case "column":
      return cardColumns.has(v) ? null : "unknown_node";
    default:
      return typeof v === "string" && v.length <= bounds.cards.maxId ? null : "unknown_node";
  }
}

/**
 * What one added item breaks, if anything.
 * @param {Y.Item} item @param {Map<Y.AbstractType<any>, number>} depths @returns {Refusal | null}
 */
function breaks(item, depths) {
  const parent = /** @type {Y.AbstractType<any>} */ (item.parent);
  const c = item.content;
  if (rootOf(parent) === bounds.cards.root) return breaksCard(item);
  if (item.parentSub !== null) {
    // An attribute: of an element, a plain value (a node's attrs) or a text's mark (a format).
    return parent instanceof Y.XmlElement && c instanceof Y.ContentAny ? null : "unknown_node";
  }
  if (parent instanceof Y.XmlText) {
    if (c instanceof Y.ContentString) return null;
    return c instanceof Y.ContentFormat && markNames.has(markName(c.key)) ? null : "unknown_node";
  }
  // The fragment (a root: the copy may know it only as a plain type) or an element.
  if (!(parent instanceof Y.XmlElement || parent._item === null)) return "unknown_node";
  if (!(c instanceof Y.ContentType)) return "unknown_node";
  const t = c.type;
  if (t instanceof Y.XmlText) return null;
  if (!(t instanceof Y.XmlElement) || !nodeNames.has(t.nodeName)) return "unknown_node";
  return depthOf(t, depths) > bounds.maxDepth ? "too_deep" : null;
}

/**
 * Keeps a copy's totals through one transaction and, while `checking`, notes the first thing an
 * added item breaks (items a stored entry added were checked when it came in, or got in before).
 * @param {Tally} tally @param {Y.Transaction} tr @param {boolean} checking
 */
function account(tally, tr, checking) {
  const nodes0 = tally.nodes;
  const text0 = tally.text;
  /** @type {Map<Y.AbstractType<any>, number>} */
  const depths = new Map();
  for (const [client, after] of tr.afterState) {
    const before = tr.beforeState.get(client) ?? 0;
    if (after <= before) continue;
    const structs = /** @type {(Y.Item | Y.GC)[]} */ (tr.doc.store.clients.get(client));
    for (let i = Y.findIndexSS(structs, before); i < structs.length && structs[i].id.clock < after; i++) {
      const item = structs[i];
      if (!(item instanceof Y.Item) || item.deleted) continue;
      if (item.content instanceof Y.ContentType) tally.nodes++;
      else if (item.content instanceof Y.ContentString) tally.text += item.length;
      if (checking && tally.bad === null) tally.bad = breaks(item, depths);
    }
  }
  Y.iterateDeletedStructs(tr, tr.deleteSet, (item) => {
    if (!(item instanceof Y.Item) || item.id.clock >= (tr.beforeState.get(item.id.client) ?? 0)) return;
    if (item.content instanceof Y.ContentType) tally.nodes--;
    else if (item.content instanceof Y.ContentString) tally.text -= item.length;
  });
  tally.grew = tally.nodes > nodes0 || tally.text > text0;
}

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
  if (!entry) {
    const ydoc = new Y.Doc({ gc: true });
    /** @type {Copy} */
    const copy = { ydoc, seq: 0, tally: { nodes: 0, text: 0, grew: false, bad: null } };
    ydoc.on("afterTransaction", (/** @type {Y.Transaction} */ tr) => account(copy.tally, tr, checking));
    entry = copy;
  }
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
  /** @param {Refusal} code */
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
  const { tally } = entry;
  const cardsBefore = copy.share.get(bounds.cards.root)?._length ?? 0;
  tally.bad = null;
  tally.grew = false;
  checking = true;
  try {
    Y.applyUpdate(copy, m.update);
  } catch {
    return refuse("invalid");
  } finally {
    checking = false;
    copy.off("afterTransaction", watch);
  }
  // Built on state this document lacks (another document's update): it would never integrate.
  if (copy.store.pendingStructs !== null || copy.store.pendingDs !== null) return refuse("foreign");
  if (tally.bad) return refuse(tally.bad);
  // Over a total is refused only when this update added to it: deleting is always allowed.
  if (tally.grew && tally.nodes > bounds.maxNodes) return refuse("too_many_nodes");
  if (tally.grew && tally.text > bounds.maxText) return refuse("too_much_text");
  // Live cards (a deleted one no longer counts): more than the bound only when this update added.
  const cards = copy.share.get(bounds.cards.root);
  if (cards && cards._length > bounds.cards.max && cards._length > cardsBefore) return refuse("too_many_cards");
  finish({ result: { ok: true, changed } });
});
port.postMessage({ ready: true });

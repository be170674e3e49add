import { Worker } from "node:worker_threads";
import { createRequire } from "node:module";
import { cpus } from "node:os";

// Checking an incoming update off the main thread (docs/decisions/011-update-limits.md).
// Yjs decodes and applies synchronously, so a hostile update (thousands of tiny items that all
// conflict at one place: quadratic integration) would block the event loop, and every socket of
// the node with it, until it finished. Here it runs in a small pool of worker threads, each with
// its own cache of scratch copies; a worker that has been applying one update for longer than the
// limit (by its own clock) is terminated and replaced, so the limit is preemptive. For a check the
// main thread only reads MongoDB and moves bytes.

/** Decoding and applying one update to the scratch copy must finish within this, or it is refused. */
export const APPLY_TIME_LIMIT_MS = 250;
/** The limit in force: always APPLY_TIME_LIMIT_MS, except while a test holds it open (setApplyTimeLimit). */
let applyLimitMs = APPLY_TIME_LIMIT_MS;
/**
 * Tests only: another limit (Infinity holds a running apply open, so a test can order events
 * around it instead of racing the clock); without an argument, the real one again. A running
 * apply gets the new limit at its next look, at most APPLY_TIME_LIMIT_MS later.
 */
export function setApplyTimeLimit(ms = APPLY_TIME_LIMIT_MS) {
  applyLimitMs = ms;
}
/** Bringing a worker's copy up to date (stored, already checked entries) gets this long. */
const LOAD_TIME_LIMIT_MS = 10_000;
const WORKER_CACHE_SIZE = 100;

/** `changed`: the update added something to the worker's copy (false: the copy held all of it). */
export type CheckOutcome =
  | { ok: true; changed: boolean }
  | { ok: false; code: "invalid" | "foreign" | "empty" | "too_slow" }
  | { stale: true };

/** What a worker needs to check one update: its copy of the document is brought up to `seq` first. */
export interface CheckJob {
  docId: string;
  /** The worker's copy must hold every entry up to this position already (else it answers stale). */
  fromSeq: number;
  /** Newest snapshot after fromSeq (if a compaction ran since) and the entries after it, up to seq. */
  snapshot: Uint8Array | null;
  entries: Uint8Array[];
  seq: number;
  update: Uint8Array;
  roots: string[];
}

// The worker's code is a string (eval), not a file: the Remix compiler bundles models/ into
// build/, where a worker file next to this one would not exist. It loads yjs by absolute path.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Y = require(workerData.yjs);
const docs = new Map(); // docId -> { ydoc, seq }, oldest first
// Shared with the main thread: [job whose update is being applied, job finished], and when it began.
const ids = new Int32Array(workerData.shared, 0, 2);
const began = new Float64Array(workerData.shared, 8, 1);
const now = () => performance.timeOrigin + performance.now();
const drop = (id) => { docs.get(id)?.ydoc.destroy(); docs.delete(id); };
parentPort.on("message", (m) => {
  if (m.type === "evict") return drop(m.docId);
  const answer = (r) => parentPort.postMessage({ id: m.id, ...r });
  let entry = docs.get(m.docId);
  if ((entry ? entry.seq : 0) < m.fromSeq) { drop(m.docId); return answer({ result: { stale: true } }); }
  if (!entry) entry = { ydoc: new Y.Doc({ gc: true }), seq: 0 };
  docs.delete(m.docId);
  docs.set(m.docId, entry);
  if (docs.size > workerData.cacheSize) drop(docs.keys().next().value);
  try {
    if (m.snapshot) Y.applyUpdate(entry.ydoc, m.snapshot);
    for (const e of m.entries) Y.applyUpdate(entry.ydoc, e);
    entry.seq = Math.max(entry.seq, m.seq);
  } catch (e) {
    drop(m.docId);
    return answer({ error: String(e && e.message || e) });
  }
  began[0] = now();
  Atomics.store(ids, 0, m.id);
  const finish = (r) => { Atomics.store(ids, 1, m.id); answer(r); };
  const refuse = (code) => { drop(m.docId); finish({ result: { ok: false, code } }); };
  let decoded;
  try { decoded = Y.decodeUpdate(m.update); } catch { return refuse("invalid"); }
  const roots = new Set(m.roots);
  for (const s of decoded.structs) {
    if (s instanceof Y.Item && typeof s.parent === "string" && !roots.has(s.parent)) return refuse("foreign");
  }
  if (decoded.structs.length === 0 && decoded.ds.clients.size === 0) return refuse("empty");
  // Did it add anything? (A resend of a stored batch does not: Yjs ignores what it has.)
  let changed = false;
  const watch = (tr) => { changed ||= tr.deleteSet.clients.size > 0 || [...tr.afterState].some(([c, clock]) => tr.beforeState.get(c) !== clock); };
  entry.ydoc.on("afterTransaction", watch);
  try { Y.applyUpdate(entry.ydoc, m.update); } catch { return refuse("invalid"); } finally { entry.ydoc.off("afterTransaction", watch); }
  // Built on state this document lacks (another document's update): it would never integrate.
  if (entry.ydoc.store.pendingStructs !== null || entry.ydoc.store.pendingDs !== null) return refuse("foreign");
  finish({ result: { ok: true, changed } });
});
parentPort.postMessage({ ready: true });
`;

interface Running {
  id: number;
  job: CheckJob;
  resolve: (r: CheckOutcome) => void;
  reject: (e: unknown) => void;
  posted: number;
  timer: ReturnType<typeof setTimeout>;
}

const now = () => performance.timeOrigin + performance.now();

class Slot {
  worker!: Worker;
  /** Bumped on every replacement: a job read for an older worker is stale. */
  generation = 0;
  /** Positions this slot's worker holds, per document (a hint: the worker has the last word). */
  readonly seqs = new Map<string, number>();
  /** Per document, updates this worker's copy holds that are not (yet) known to be stored. */
  readonly unconfirmed = new Map<string, number>();
  readonly queue: Omit<Running, "id" | "timer" | "posted">[] = [];
  running: Running | null = null;
  /** The worker loaded Yjs and listens: its start-up does not count against anyone's limit. */
  ready = false;
  broken = false;
  /** Checks that picked this slot and are still reading the log. */
  reserved = 0;
  // Written by the worker: which job's update it is applying, which it finished, since when. The
  // limit is measured on the worker's clock from there, so a busy main thread (a late timer) never
  // makes an ordinary update look slow, and loading the copy does not count against the sender.
  private ids!: Int32Array;
  private began!: Float64Array;

  constructor(private readonly yjs: string) {
    this.spawn();
  }

  get load() {
    return this.queue.length + (this.running ? 1 : 0);
  }

  /** The worker is applying an update now (its copy loaded, the answer not yet given). */
  get applying() {
    const r = this.running;
    return r !== null && Atomics.load(this.ids, 0) === r.id && Atomics.load(this.ids, 1) !== r.id;
  }

  private spawn() {
    this.generation++;
    this.seqs.clear();
    this.unconfirmed.clear();
    this.ready = false;
    const shared = new SharedArrayBuffer(16);
    this.ids = new Int32Array(shared, 0, 2);
    this.began = new Float64Array(shared, 8, 1);
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { yjs: this.yjs, cacheSize: WORKER_CACHE_SIZE, shared },
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    worker.unref(); // never keeps the process alive
    worker.on("message", (m: { id: number; ready?: true; result?: CheckOutcome; error?: string }) => {
      if (this.worker !== worker) return;
      if (!m.ready) return this.onMessage(m);
      this.ready = true;
      this.next();
    });
    worker.on("error", (e) => this.worker === worker && this.fail(e));
    worker.on("exit", () => this.worker === worker && this.fail(new Error("update check worker exited")));
    setTimeout(() => this.worker === worker && !this.ready && void worker.terminate(), LOAD_TIME_LIMIT_MS).unref();
    this.worker = worker;
  }

  /** Terminates the worker (it may be stuck in a hostile apply) and starts a fresh one. */
  private replace() {
    const old = this.worker;
    this.spawn();
    void old.terminate();
  }

  private fail(e: unknown) {
    if (!this.ready) {
      // It could not even start (Yjs not found?): refuse what waits, start again on the next check.
      this.broken = true;
      for (const q of this.queue.splice(0)) q.reject(e);
      return;
    }
    const r = this.running;
    this.running = null;
    if (r) {
      clearTimeout(r.timer);
      // The update itself broke the worker (out of memory, say): refuse it. Before it started,
      // the fault is the stored state's or the machine's, not the sender's.
      if (Atomics.load(this.ids, 0) === r.id) r.resolve({ ok: false, code: "invalid" });
      else r.reject(e);
    }
    this.replace();
    this.next();
  }

  private onMessage(m: { id: number; result?: CheckOutcome; error?: string }) {
    const r = this.running;
    if (!r || r.id !== m.id) return;
    clearTimeout(r.timer);
    this.running = null;
    if (m.error !== undefined || !m.result || "stale" in m.result || !m.result.ok) this.seqs.delete(r.job.docId);
    else this.seqs.set(r.job.docId, Math.max(this.seqs.get(r.job.docId) ?? 0, r.job.seq));
    if (m.error !== undefined) r.reject(new Error(`update check: ${m.error}`));
    else r.resolve(m.result!);
    this.next();
  }

  /** Looks at the running job: refused once its update has been applying for the limit, by the worker's clock. */
  private watch() {
    const r = this.running;
    if (!r) return;
    if (Atomics.load(this.ids, 1) === r.id) return; // finished: its answer is on the way
    if (Atomics.load(this.ids, 0) !== r.id) {
      // Still loading the copy (or not yet picked up): a generous limit of its own.
      if (now() - r.posted > LOAD_TIME_LIMIT_MS) return this.fail(new Error("update check: loading the document took too long"));
      r.timer = setTimeout(() => this.watch(), APPLY_TIME_LIMIT_MS);
      return;
    }
    const elapsed = now() - this.began[0];
    if (elapsed < applyLimitMs) {
      r.timer = setTimeout(() => this.watch(), Math.min(applyLimitMs - elapsed, APPLY_TIME_LIMIT_MS) + 1);
      return;
    }
    this.running = null;
    this.replace();
    r.resolve({ ok: false, code: "too_slow" });
    this.next();
  }

  enqueue(job: CheckJob): Promise<CheckOutcome> {
    if (this.broken) {
      this.broken = false;
      this.replace();
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.next();
    });
  }

  private next() {
    if (this.running || !this.ready) return;
    const item = this.queue.shift();
    if (!item) return;
    const id = ++nextId;
    this.running = { ...item, id, posted: now(), timer: setTimeout(() => this.watch(), APPLY_TIME_LIMIT_MS) };
    // The worker's copy moves up to job.seq now (it answers stale if it lacks fromSeq).
    this.worker.postMessage({ id, ...item.job });
  }

  /** An update this worker's copy holds is now stored, or (evicting the copy) failed to be. */
  release(docId: string, evict: boolean) {
    const n = (this.unconfirmed.get(docId) ?? 1) - 1;
    if (n > 0) this.unconfirmed.set(docId, n);
    else this.unconfirmed.delete(docId);
    if (evict) this.evict(docId);
  }

  evict(docId: string) {
    this.seqs.delete(docId);
    this.worker.postMessage({ type: "evict", docId });
  }

  close() {
    void this.worker.terminate();
  }
}

let nextId = 0;
let pool: Slot[] | null = null;

/** Two workers at most: the machines have two cores, and updates are small and few per editor. */
export const POOL_SIZE = Math.max(1, Math.min(2, cpus().length));

function slots(): Slot[] {
  if (!pool) {
    const yjs = createRequire(import.meta.url).resolve("yjs");
    pool = Array.from({ length: POOL_SIZE }, () => new Slot(yjs));
  }
  return pool;
}

/**
 * Picks the worker for a check: an idle one that already holds the document, else the least busy
 * (a worker stuck on a hostile update for up to the limit does not hold up others' checks while
 * another is free). Counted as busy from here, before the log is read.
 */
function pickSlot(docId: string) {
  const all = slots();
  let best = all[0];
  let bestScore = Infinity;
  for (const s of all) {
    const score = (s.load + s.reserved) * 2 + (s.seqs.has(docId) ? 0 : 1);
    if (score < bestScore) [best, bestScore] = [s, score];
  }
  best.reserved++;
  return { slot: best, generation: best.generation, fromSeq: best.seqs.get(docId) ?? 0 };
}

type StoredLog = { snapshot: Uint8Array | null; entries: Uint8Array[]; seq: number };

/**
 * Checks `update` against a worker's copy of the document, brought up to date with what
 * `readLog(fromSeq)` returns (the stored entries after the position the worker holds). Resolves
 * with the outcome and `done(stored)`, to be called once the caller stored the update or failed to
 * (the copy then holds an update MongoDB does not, and is dropped). An update the copy held already
 * counts as changed while the copy holds another update not yet stored: only then does "held
 * already" mean "stored already".
 */
export async function checkInWorker(docId: string, update: Uint8Array, roots: string[], readLog: (fromSeq: number) => Promise<StoredLog>) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const { slot, generation, fromSeq } = pickSlot(docId);
    let log: StoredLog;
    try {
      log = await readLog(fromSeq);
    } finally {
      slot.reserved--; // from here on the slot's queue counts it
    }
    // Replaced while we read: the new worker lacks what fromSeq assumed.
    const outcome: CheckOutcome =
      slot.generation !== generation
        ? { stale: true }
        : await slot.enqueue({ docId, fromSeq, snapshot: log.snapshot, entries: log.entries, seq: log.seq, update, roots });
    if ("stale" in outcome) continue; // replaced, or the worker dropped its copy: read it all again
    const current = () => slot.generation === generation;
    if (!outcome.ok) return { outcome, done: () => undefined };
    if (!outcome.changed)
      return { outcome: { ok: true as const, changed: !current() || (slot.unconfirmed.get(docId) ?? 0) > 0 }, done: () => undefined };
    slot.unconfirmed.set(docId, (slot.unconfirmed.get(docId) ?? 0) + 1);
    return { outcome, done: (stored: boolean) => void (current() && slot.release(docId, !stored)) };
  }
  throw new Error(`could not check an update of document ${docId}: its scratch copy kept going stale`);
}

/** How many workers are applying an update right now (tests wait for this state). */
export function updatesApplying(): number {
  return pool ? pool.filter((s) => s.applying).length : 0;
}

/** Stops the workers (tests, shutdown); the next check starts new ones. */
export function stopUpdateChecks() {
  if (pool) for (const s of pool) s.close();
  pool = null;
}

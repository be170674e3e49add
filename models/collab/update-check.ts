import { Worker } from "node:worker_threads";
import { cpus } from "node:os";
import { CONTENT_MARK_NAMES, CONTENT_NODE_NAMES, MAX_CONTENT_NODES, MAX_NESTING_DEPTH, MAX_TEXT_LENGTH } from "./content.constants";
import { BOARD_COLUMNS, CARDS_FIELD, CARD_COLOURS, CARD_FIELDS, MAX_CARDS, MAX_CARD_ID, MAX_CARD_TEXT } from "./board.constants";

// Checking an incoming update off the main thread (docs/decisions/011-update-limits.md).
// Yjs decodes and applies synchronously, so a hostile update (thousands of tiny items that all
// conflict at one place: quadratic integration) would block the event loop, and every socket of
// the node with it, until it finished. Here it runs in a small pool of worker threads, each with
// its own cache of scratch copies; a worker that has been applying one update for longer than the
// limit (by its own clock) is terminated and replaced, so the limit is preemptive. For a check the
// main thread only reads MongoDB and moves bytes.

/** Decoding and applying one update to the scratch copy must finish within this, or it is refused. */
export const APPLY_TIME_LIMIT_MS = 250;
/** Bringing a worker's copy up to date (stored, already checked entries) gets this long. */
const LOAD_TIME_LIMIT_MS = 10_000;
const WORKER_CACHE_SIZE = 100;

/** Why the worker refused an update: it broke the editor's schema bounds (decision 021). */
export type BoundsRefusal = "too_deep" | "too_many_nodes" | "too_much_text" | "unknown_node" | "too_many_cards";

/** `changed`: the update added something to the worker's copy (false: the copy held all of it). */
export type CheckOutcome =
  | { ok: true; changed: boolean }
  | { ok: false; code: "invalid" | "foreign" | "empty" | "too_slow" | BoundsRefusal }
  | { stale: true };

/** The editor's schema bounds, as the worker (plain JavaScript, no imports of ours) gets them. */
const BOUNDS = {
  maxDepth: MAX_NESTING_DEPTH,
  maxNodes: MAX_CONTENT_NODES,
  maxText: MAX_TEXT_LENGTH,
  nodeNames: [...CONTENT_NODE_NAMES],
  markNames: [...CONTENT_MARK_NAMES],
  // A board's cards (decision 073): a root Y.Array of Y.Maps of plain values.
  cards: {
    root: CARDS_FIELD,
    max: MAX_CARDS,
    fields: [...CARD_FIELDS],
    maxText: MAX_CARD_TEXT,
    maxId: MAX_CARD_ID,
    colours: [...CARD_COLOURS],
    columns: [...BOARD_COLUMNS],
  },
};

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
  roots: readonly string[];
}

/** The worker's code: a plain JavaScript file next to this one (it needs no loader; decision 011). */
const WORKER_FILE = new URL("./update-check.worker.mjs", import.meta.url);

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
  /** Closed for good (the node stops): nothing more is checked or started here. */
  closed = false;
  /** Checks that picked this slot and are still reading the log. */
  reserved = 0;
  // Written by the worker: which job's update it is applying, which it finished, since when. The
  // limit is measured on the worker's clock from there, so a busy main thread (a late timer) never
  // makes an ordinary update look slow, and loading the copy does not count against the sender.
  private ids!: Int32Array;
  private began!: Float64Array;

  constructor(
    private readonly nextId: () => number,
    /** The limit in force (the node's; a test may hold it open). */
    private readonly limitMs: () => number,
  ) {
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
    const worker = new Worker(WORKER_FILE, {
      workerData: { cacheSize: WORKER_CACHE_SIZE, shared, bounds: BOUNDS },
      // Not the node's own flags: under `node --import tsx` every worker would load tsx for nothing.
      execArgv: [],
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
    if (this.closed) return; // closed for good: no replacement
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
    const limit = this.limitMs();
    if (elapsed < limit) {
      r.timer = setTimeout(() => this.watch(), Math.min(limit - elapsed, APPLY_TIME_LIMIT_MS) + 1);
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
      if (this.closed) return reject(new Error("update checks stopped"));
      this.queue.push({ job, resolve, reject });
      this.next();
    });
  }

  private next() {
    if (this.running || !this.ready) return;
    const item = this.queue.shift();
    if (!item) return;
    const id = this.nextId();
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

  /** Terminates the worker for good (its exit must not start a replacement) and refuses what waits. */
  close() {
    this.closed = true;
    const worker = this.worker;
    worker.removeAllListeners();
    worker.on("error", () => undefined);
    void worker.terminate();
    const stopped = new Error("update checks stopped");
    if (this.running) {
      clearTimeout(this.running.timer);
      this.running.reject(stopped);
      this.running = null;
    }
    for (const q of this.queue.splice(0)) q.reject(stopped);
  }
}

/** Two workers at most: the machines have two cores, and updates are small and few per editor. */
export const POOL_SIZE = Math.max(1, Math.min(2, cpus().length));

type StoredLog = { snapshot: Uint8Array | null; entries: Uint8Array[]; seq: number };

/**
 * One node's pool of update-check workers (started on the first check, two at most) and the
 * function that checks an update in it. `close` terminates the workers; a later check starts new ones.
 */
export function createUpdateChecks() {
  let nextId = 0;
  let pool: Slot[] | null = null;
  let limitMs = APPLY_TIME_LIMIT_MS;

  function slots(): Slot[] {
    pool ??= Array.from(
      { length: POOL_SIZE },
      () =>
        new Slot(
          () => ++nextId,
          () => limitMs,
        ),
    );
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

  /**
   * Checks `update` against a worker's copy of the document, brought up to date with what
   * `readLog(fromSeq)` returns (the stored entries after the position the worker holds). Resolves
   * with the outcome and `done(stored)`, to be called once the caller stored the update or failed to
   * (the copy then holds an update MongoDB does not, and is dropped). An update the copy held already
   * counts as changed while the copy holds another update not yet stored: only then does "held
   * already" mean "stored already".
   */
  async function check(docId: string, update: Uint8Array, roots: readonly string[], readLog: (fromSeq: number) => Promise<StoredLog>) {
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

  /** Stops the workers (node shutdown, tests); the next check starts new ones. */
  function close() {
    if (pool) for (const s of pool) s.close();
    pool = null;
  }

  return {
    check,
    close,
    /** Drops every worker's copy of a document (its log was rewritten: erasure, decision 064). */
    forget: (docId: string) => {
      if (pool) for (const s of pool) s.evict(docId);
    },
    /** How many workers are applying an update right now (tests wait for this state). */
    applying: () => (pool ? pool.filter((s) => s.applying).length : 0),
    /**
     * Tests only: another limit (Infinity holds a running apply open, so a test can order events
     * around it instead of racing the clock); without an argument, the real one again. A running
     * apply gets the new limit at its next look, at most APPLY_TIME_LIMIT_MS later.
     */
    setApplyTimeLimit(ms = APPLY_TIME_LIMIT_MS) {
      limitMs = ms;
    },
  };
}

/** One node's update-check workers (createUpdateChecks). */
export type UpdateChecks = ReturnType<typeof createUpdateChecks>;

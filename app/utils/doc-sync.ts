import * as Y from "yjs";
import type { Socket } from "socket.io-client";
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from "y-protocols/awareness";
import { UPDATE_FRAME_BYTES } from "../../models/document/document.constants";
import { LIMITS } from "../../models/shared/limits.constants";
import type { Ack, ClientToServerEvents, CommandResult, ServerToClientEvents } from "../../realtime/events";

// The client side of co-editing over the group's Socket.IO connection (docs/decisions/007):
// - (re)connect: doc:join with our state vector; apply what we lack; then send, as one batch,
//   everything the server's state vector lacks (edits made offline, a batch whose ack was lost);
// - local edits are batched by load (decision 060): sent at once while nothing is in flight,
//   gathered while a batch is in flight and sent as one when its ack comes, one batch in flight at
//   a time, each with a client id so a resend after a lost ack is stored once; sends keep to the
//   server's budget; a batch above one frame (offline work) goes as doc:update-part, in order, and
//   the server stores the whole;
// - remote batches arrive as doc:updated; awareness (carets) as doc:awareness, never stored.
// Pure (yjs + a socket): used by the browser editor and by headless test clients alike.

export type SyncStatus = "connecting" | "saved" | "saving" | "offline" | "read-only" | "error";

/** Bytes as they arrive: a Uint8Array in Node, an ArrayBuffer in the browser (realtime/wire.ts). */
type Bytes = Uint8Array | ArrayBuffer;
interface JoinData {
  update: Bytes;
  stateVector: Bytes;
  seq: number;
  canWrite: boolean;
}
/** The ack of a batch or of one of its parts. */
type StoreAck = Ack<CommandResult<"doc:update"> | CommandResult<"doc:update-part">>;

/** A Socket.IO client socket with the app's events: the browser tab's, or a test or bench client's. */
export type SyncSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Edits made within this long of the first of a batch count as one change waiting (offline, the
 *  "changes waiting" count); online a batch goes at once and this delays nothing. */
const GATHER_MS = 200;
/** The least time between two sends of one editor: the server's budget per user (LIMITS.docUpdates)
 *  with a fifth to spare, so a fast typist on a fast connection is never refused. Typing at a few
 *  characters a second never waits for it. */
export const MIN_SEND_GAP_MS = ((LIMITS.docUpdates.seconds * 1000) / LIMITS.docUpdates.points) * 1.25;

/** How long a hole in the positions may stay open (an ack or broadcast still on its way) before a rejoin. */
const GAP_WAIT_MS = 1500;

const toBytes = (b: Bytes) => (b instanceof Uint8Array ? b : new Uint8Array(b));
const randomId = () => {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  return `d-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
};

export interface DocSyncOptions {
  socket: SyncSocket;
  groupId: string;
  docId: string;
  ydoc?: Y.Doc;
  ackTimeoutMs?: number;
  onStatus?: (status: SyncStatus) => void;
  /** The number of batches not yet stored changed (see `waiting`). */
  onWaiting?: (waiting: number) => void;
  /** A refusal the client cannot fix by resending (forbidden, invalid input, removed), with the
   *  update's issue when the server named one (e.g. too_deep: beyond the editor's bounds). */
  onError?: (code: string, issue?: string) => void;
  /** A batch was acknowledged as stored (tests check that no acknowledged batch is ever lost). */
  onStored?: (update: Uint8Array, seq: number) => void;
}

export class DocSync {
  readonly ydoc: Y.Doc;
  readonly awareness: Awareness;
  status: SyncStatus = "connecting";
  canWrite = false;
  /** The server's state has arrived once: until then the document is empty, not yet loaded, and
   *  an editor must not take input (typing into the empty copy would land before the stored text). */
  loaded = false;
  /** Every stored position up to this one is in this client's document. */
  seq = 0;
  private readonly o: Required<Omit<DocSyncOptions, "ydoc" | "onStatus" | "onWaiting" | "onError" | "onStored">> &
    Pick<DocSyncOptions, "onStatus" | "onWaiting" | "onError" | "onStored">;
  private pending: Uint8Array[] = [];
  /** How many changes `pending` holds (edits within GATHER_MS of a change's first count as one):
   *  online at most one, offline each waits for the connection. */
  private pendingBatches = 0;
  private gatherStart = 0;
  /** When the last batch was sent (MIN_SEND_GAP_MS). */
  private lastSend = -Infinity;
  /** A flush is scheduled (a microtask, or the timer). */
  private scheduled = false;
  private reportedWaiting = 0;
  private inFlight: { clientId: string; update: Uint8Array } | null = null;
  private joined = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private destroyed = false;
  private idleWaiters: (() => void)[] = [];
  /** Positions seen above `seq` (acks and broadcasts arrive out of order); a hole that stays open
   *  means a stored batch whose broadcast never came (its node died): rejoin to fetch it. */
  private ahead = new Set<number>();
  private gapTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(opts: DocSyncOptions) {
    this.o = { ackTimeoutMs: 10_000, ...opts };
    this.ydoc = opts.ydoc ?? new Y.Doc();
    this.awareness = new Awareness(this.ydoc);
    this.ydoc.on("update", this.onLocalUpdate);
    this.awareness.on("update", this.onLocalAwareness);
    opts.socket.on("connect", this.onConnect);
    opts.socket.on("disconnect", this.onDisconnect);
    opts.socket.on("doc:updated", this.onRemoteUpdate);
    opts.socket.on("doc:awareness", this.onRemoteAwareness);
    if (opts.socket.connected) this.onConnect();
    else this.setStatus("offline");
  }

  /** True when every local edit is stored. */
  get idle() {
    return this.pending.length === 0 && this.inFlight === null;
  }

  /** Batches of local edits not yet stored: gathered (offline: waiting for the connection) or in flight. */
  get waiting() {
    return Math.max(this.pendingBatches, this.pending.length ? 1 : 0) + (this.inFlight ? 1 : 0);
  }

  /** Resolves once every local edit made so far is stored (for tests and "leave page" guards). */
  whenSaved(): Promise<void> {
    if (this.idle && this.joined) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  destroy() {
    if (this.destroyed) return;
    if (this.timer) clearTimeout(this.timer);
    if (this.gapTimer) clearTimeout(this.gapTimer);
    // Tell the room our caret is gone (sent by onLocalAwareness while still listening).
    if (this.awareness.getLocalState() !== null) this.awareness.setLocalState(null);
    this.destroyed = true;
    const s = this.o.socket;
    s.off("connect", this.onConnect);
    s.off("disconnect", this.onDisconnect);
    s.off("doc:updated", this.onRemoteUpdate);
    s.off("doc:awareness", this.onRemoteAwareness);
    this.ydoc.off("update", this.onLocalUpdate);
    this.awareness.off("update", this.onLocalAwareness);
    if (s.connected) this.timed.emit("doc:leave", this.ids, () => {});
    this.awareness.destroy();
  }

  // ---- plumbing ----------------------------------------------------------------------------

  /** The socket with this client's ack timeout (a missing ack calls back with an error). */
  private get timed() {
    return this.o.socket.timeout(this.o.ackTimeoutMs);
  }

  private get ids() {
    return { groupId: this.o.groupId, docId: this.o.docId };
  }

  private setStatus(s: SyncStatus) {
    if (this.status === s) return;
    this.status = s;
    this.o.onStatus?.(s);
  }

  private refreshStatus() {
    if (this.destroyed) return;
    if (this.waiting !== this.reportedWaiting) {
      this.reportedWaiting = this.waiting;
      this.o.onWaiting?.(this.reportedWaiting);
    }
    if (!this.o.socket.connected) this.setStatus("offline");
    else if (!this.joined) this.setStatus("connecting");
    else if (!this.canWrite) this.setStatus("read-only");
    else this.setStatus(this.idle ? "saved" : "saving");
    if (this.idle && this.joined) for (const r of this.idleWaiters.splice(0)) r();
  }

  private onConnect = () => {
    this.joined = false;
    this.refreshStatus();
    this.timed.emit("doc:join", { ...this.ids, stateVector: Y.encodeStateVector(this.ydoc) }, (err, res) => {
      if (this.destroyed) return;
      if (err || !res) return this.o.socket.connected && setTimeout(() => this.o.socket.connected && this.onConnect(), 1000);
      if (!res.ok) {
        this.setStatus("error");
        this.o.onError?.(res.error.code);
        return;
      }
      const data: JoinData = res.data;
      Y.applyUpdate(this.ydoc, toBytes(data.update), this);
      this.canWrite = data.canWrite;
      this.seen(data.seq, true);
      this.joined = true;
      this.loaded = true;
      // Whatever the server lacks (offline edits, a batch whose ack never came) goes as one batch;
      // a batch in flight on the old connection is superseded by it.
      this.inFlight = null;
      this.pending = [];
      this.pendingBatches = 0;
      if (this.canWrite) {
        const missing = Y.encodeStateAsUpdate(this.ydoc, toBytes(data.stateVector));
        if (!isEmptyUpdate(missing)) this.pending.push(missing);
      }
      if (this.awareness.getLocalState() !== null) {
        this.timed.emit("doc:awareness", { ...this.ids, update: encodeAwarenessUpdate(this.awareness, [this.ydoc.clientID]) }, () => {});
      }
      this.refreshStatus();
      this.flush();
    });
  };

  private onDisconnect = () => {
    this.joined = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.scheduled = false;
    // Peers' carets are stale now; they come back with their next awareness update.
    const others = [...this.awareness.getStates().keys()].filter((c) => c !== this.ydoc.clientID);
    removeAwarenessStates(this.awareness, others, this);
    this.refreshStatus();
  };

  private onLocalUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === this || this.destroyed) return;
    if (!this.canWrite && this.joined) return; // read-only: nothing to send (the editor is not editable)
    const now = Date.now();
    if (this.pending.length === 0 || now - this.gatherStart > GATHER_MS) {
      this.pendingBatches++;
      this.gatherStart = now;
    }
    this.pending.push(update);
    this.schedule();
    this.refreshStatus();
  };

  /**
   * Sends what is pending as soon as it may: at once (after the current transaction's other
   * updates, a microtask later) while nothing is in flight; otherwise the ack's arrival sends it, so
   * what is typed during a write goes as one batch. Only the budget's gap can make it wait.
   */
  private schedule() {
    if (this.scheduled || this.timer || this.inFlight || !this.joined || this.pending.length === 0) return;
    const wait = this.lastSend + MIN_SEND_GAP_MS - performance.now();
    this.scheduled = true;
    if (wait <= 0) queueMicrotask(this.flush);
    else this.timer = setTimeout(this.flush, wait);
  }

  private flush = () => {
    this.scheduled = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.destroyed || !this.joined || !this.o.socket.connected || this.inFlight || this.pending.length === 0) return;
    const update = this.pending.length === 1 ? this.pending[0] : Y.mergeUpdates(this.pending);
    this.pending = [];
    this.pendingBatches = 0;
    const batch = { clientId: randomId(), update };
    this.inFlight = batch;
    this.lastSend = performance.now();
    this.refreshStatus();
    this.send(batch);
  };

  /** Sends a batch: in one frame, or part by part from `part` on (docs/decisions/011-update-limits.md). */
  private send(batch: { clientId: string; update: Uint8Array }, part = 0) {
    const total = batch.update.byteLength > UPDATE_FRAME_BYTES ? Math.ceil(batch.update.byteLength / UPDATE_FRAME_BYTES) : 0;
    const acked = (err: Error | null, res?: StoreAck) => {
      if (this.destroyed || this.inFlight !== batch) return; // superseded by a rejoin
      if (err || !res) {
        // No ack in time: resend the same batch (same client id: stored once) while connected;
        // a reconnect's rejoin supersedes it otherwise.
        if (this.o.socket.connected && this.joined) this.send(batch, part);
        return;
      }
      if (res.ok) {
        // A part arrived: the server names the one it wants next (0 when it lost the earlier ones).
        if ("next" in res.data) return this.send(batch, res.data.next);
        this.inFlight = null;
        this.seen(res.data.seq);
        this.o.onStored?.(batch.update, res.data.seq);
      } else {
        this.inFlight = null;
        // Not refused for good: over the budget, or the server could not reach its data (nothing was
        // stored). The batch goes again, with the same content, after a wait.
        if (res.error.code === "rate_limited" || res.error.code === "unavailable") {
          this.pending.unshift(batch.update);
          this.pendingBatches++;
          this.timer ??= setTimeout(() => this.flush(), Math.max(2000, (res.error.retryAfter ?? 0) * 1000));
          this.refreshStatus();
          return;
        }
        const issue = res.error.issues?.find((i) => i.path === "update")?.code;
        this.o.onError?.(res.error.code, issue); // refused for good: forbidden, archived, invalid
        if (res.error.code === "forbidden" || res.error.code === "not_found" || res.error.code === "conflict") this.canWrite = false;
      }
      this.refreshStatus();
      this.schedule();
    };
    if (total === 0) {
      this.timed.emit("doc:update", { ...this.ids, ...batch, seen: Math.max(this.seq, ...this.ahead) }, acked);
    } else {
      const part_ = batch.update.subarray(part * UPDATE_FRAME_BYTES, (part + 1) * UPDATE_FRAME_BYTES);
      this.timed.emit("doc:update-part", { ...this.ids, clientId: batch.clientId, index: part, total, part: part_ }, acked);
    }
  }

  private onRemoteUpdate = (data: { docId: string; update: Bytes; seq: number }) => {
    if (data.docId !== this.o.docId || this.destroyed) return;
    Y.applyUpdate(this.ydoc, toBytes(data.update), this);
    this.seen(data.seq);
  };

  /** Records a stored position this document now includes; `all`: everything up to it (a join).
   *  Position 0 (a resend the server held already) records nothing. */
  private seen(seq: number, all = false) {
    if (all) this.seq = Math.max(this.seq, seq);
    else if (seq > this.seq) this.ahead.add(seq);
    while (this.ahead.has(this.seq + 1)) this.ahead.delete(++this.seq);
    for (const s of this.ahead) if (s <= this.seq) this.ahead.delete(s);
    if (this.ahead.size === 0) {
      if (this.gapTimer) clearTimeout(this.gapTimer);
      this.gapTimer = null;
    } else if (!this.gapTimer) {
      this.gapTimer = setTimeout(() => {
        this.gapTimer = null;
        if (this.ahead.size > 0 && this.joined && this.o.socket.connected && !this.destroyed) this.onConnect();
      }, GAP_WAIT_MS);
    }
  }

  private onLocalAwareness = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    if (origin !== "local" || !this.joined || !this.o.socket.connected) return;
    const changed = [...added, ...updated, ...removed];
    this.timed.emit("doc:awareness", { ...this.ids, update: encodeAwarenessUpdate(this.awareness, changed) }, () => {});
  };

  private onRemoteAwareness = (data: { docId: string; update: Bytes }) => {
    if (data.docId !== this.o.docId || this.destroyed) return;
    try {
      applyAwarenessUpdate(this.awareness, toBytes(data.update), this);
    } catch {
      // a peer's malformed caret: ignore
    }
  };
}

/** An update that carries nothing (no structs, no deletions): Yjs encodes it as two zero bytes. */
function isEmptyUpdate(update: Uint8Array) {
  return update.length <= 2 && update.every((b) => b === 0);
}

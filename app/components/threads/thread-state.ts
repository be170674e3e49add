import type { GroupEventDTO } from "../../../models/delivery/delivery.service";
import type { MessageDTO, ThreadDTO, ThreadEventData } from "../../../models/thread/thread.service";

// Pure client-side state of the group log: safe on the server and in tests (no window, no socket).

export type ThreadEvent = GroupEventDTO<ThreadEventData>;

const THREAD_KINDS: Record<ThreadEventData["kind"], true> = {
  "thread.created": true,
  "message.sent": true,
  "message.edited": true,
  "message.deleted": true,
  "thread.pinned": true,
};
/** An event of the group's log about threads (the log carries comments on documents too). */
export const isThreadEvent = (e: GroupEventDTO): e is ThreadEvent => Object.hasOwn(THREAD_KINDS, e.type);

/** How many events group:sync answers at most per call (the server's page size). */
export const SYNC_PAGE = 500;

/**
 * Applies a group's events exactly once and in seq order. Events arrive live (possibly out of
 * order, twice, or with a gap) and from group:sync; anything at or below the last applied position
 * is dropped, a gap asks the database for what is missing from the last applied position.
 */
export class GroupSequencer<E extends { seq: number }> {
  private buffer = new Map<number, E>();
  private syncing = false;
  private again = false;

  constructor(
    public lastSeq: number,
    private readonly apply: (e: E) => void,
    private readonly fetchAfter: (afterSeq: number) => Promise<E[] | null>,
  ) {}

  /** A live event. */
  receive(e: E) {
    if (e.seq <= this.lastSeq || this.buffer.has(e.seq)) return;
    this.buffer.set(e.seq, e);
    this.drain();
    if (this.buffer.size > 0) void this.sync();
  }

  private drain() {
    for (let next = this.buffer.get(this.lastSeq + 1); next; next = this.buffer.get(this.lastSeq + 1)) {
      this.buffer.delete(next.seq);
      this.lastSeq = next.seq;
      this.apply(next);
    }
  }

  /** Catches up from the database (after a reconnect, or a gap). Calls made meanwhile are merged. */
  async sync(): Promise<void> {
    if (this.syncing) {
      this.again = true;
      return;
    }
    this.syncing = true;
    try {
      for (;;) {
        this.again = false;
        const events = await this.fetchAfter(this.lastSeq);
        if (!events) return; // not reachable now; the next connect syncs again
        for (const e of events) if (e.seq > this.lastSeq) this.buffer.set(e.seq, e);
        this.drain();
        if (events.length >= SYNC_PAGE || this.again) continue;
        // Whatever is still buffered lies past a position the database does not have: a later
        // event is only stored after every earlier position exists, so nothing can be skipped.
        if (this.buffer.size > 0) {
          this.lastSeq = Math.min(...this.buffer.keys()) - 1;
          this.drain();
        }
        return;
      }
    } finally {
      this.syncing = false;
    }
  }
}

/** The messages of one thread after one event (sorted by seq, one entry per message id). */
export function applyToMessages(messages: MessageDTO[], event: ThreadEvent, threadId: string): MessageDTO[] {
  const d = event.data;
  if (!("message" in d) || d.message.threadId !== threadId) return messages;
  const existing = messages.find((m) => m.id === d.message.id);
  if (d.kind === "thread.created" || d.kind === "message.sent") {
    if (existing) return messages;
    return [...messages, { ...d.message, seq: event.seq }].sort((a, b) => a.seq - b.seq);
  }
  if (!existing) return messages; // an edit of a message on an older page we have not loaded
  return messages.map((m) => (m.id === d.message.id ? { ...d.message, seq: m.seq } : m));
}

/** The thread's own changes (pin) from an event, or null. */
export function threadChange(event: ThreadEvent, threadId: string): ThreadDTO | null {
  const d = event.data;
  return d.kind === "thread.pinned" && d.thread.id === threadId ? d.thread : null;
}

/** The later state of one message: a deletion is final, otherwise the later edit wins. */
const later = (a: MessageDTO, b: MessageDTO) => (a.deleted ? a : b.deleted ? b : (a.editedAt ?? "") > (b.editedAt ?? "") ? a : b);

/** Merges two lists of one thread's messages (an older page, or re-read loader data). */
export function mergeMessages(a: MessageDTO[], b: MessageDTO[]): MessageDTO[] {
  const byId = new Map<string, MessageDTO>();
  for (const m of [...a, ...b]) {
    const seen = byId.get(m.id);
    byId.set(m.id, seen ? { ...later(seen, m), seq: seen.seq || m.seq } : m);
  }
  return [...byId.values()].sort((x, y) => x.seq - y.seq);
}

/** A client-made command id (matches the server's /^[A-Za-z0-9_-]{8,64}$/). */
export function newClientId(): string {
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes);
  let s = "";
  for (const b of bytes) s += "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[b & 63];
  return `c${s}`;
}

/** The ids of mentioned members whose "@Name" is still in the text. */
export function mentionsIn(text: string, picked: { userId: string; name: string }[]): string[] {
  return [...new Set(picked.filter((p) => text.includes(`@${p.name}`)).map((p) => p.userId))];
}

import type { GroupEventDTO } from "../../../models/delivery/delivery.service";
import type { MessageDTO, ThreadDTO, ThreadEventData } from "../../../models/thread/thread.service";

// Pure client-side state of a thread: safe on the server and in tests (no window, no socket).

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

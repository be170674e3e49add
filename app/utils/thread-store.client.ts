import type { AttachmentDto } from "../../models/attachment/attachment.dto";
// Browser-only: the tab's outbox of messages not yet acknowledged (the network watch is the tab
// socket's own: live.client.ts).
// The outbox lives in memory and in this tab's sessionStorage (a reload keeps it, another tab
// never sees it); logout clears it.

export interface OutboxEntry {
  clientId: string;
  groupId: string;
  threadId: string;
  text: string;
  createdAt: string;
  /** pending: waits for a connection or an ack; refused: the server said no (see error). */
  status: "pending" | "refused";
  error?: string;
  /** The first field issue of a refusal (too_long, invalid...), shown as its field message. */
  issue?: string;
  /** Its uploaded files (decision 083), sent by id with it. */
  attachments?: AttachmentDto[];
}

const PREFIX = "lk_outbox:";
const key = (userId: string) => `${PREFIX}${userId}`;

export function loadOutbox(userId: string): OutboxEntry[] {
  try {
    const raw = window.sessionStorage.getItem(key(userId));
    const list = raw ? (JSON.parse(raw) as OutboxEntry[]) : [];
    return Array.isArray(list) ? list.filter((e) => e && typeof e.clientId === "string" && typeof e.text === "string") : [];
  } catch {
    return [];
  }
}

export function saveOutbox(userId: string, entries: OutboxEntry[]) {
  try {
    if (entries.length) window.sessionStorage.setItem(key(userId), JSON.stringify(entries));
    else window.sessionStorage.removeItem(key(userId));
  } catch {
    // storage full or blocked: the entries still live in memory for this page
  }
}

/** Forgets every outbox of this tab (logout). */
export function clearOutboxes() {
  try {
    for (let i = window.sessionStorage.length - 1; i >= 0; i--) {
      const k = window.sessionStorage.key(i);
      if (k?.startsWith(PREFIX)) window.sessionStorage.removeItem(k);
    }
  } catch {
    // nothing stored
  }
}

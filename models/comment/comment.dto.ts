// Comment DTOs and the pure rules both the server and the browser apply (no mongoose here).
import type { GroupEventDTO } from "../delivery/delivery.service";

export type CommentEntryKindDTO = "reply" | "resolved" | "reopened";

export interface CommentEntryDTO {
  id: string;
  commentId: string;
  docId: string;
  kind: CommentEntryKindDTO;
  authorId: string;
  authorName: string;
  /** The reply's text; "" for resolve and reopen. */
  body: string;
  at: string;
  /** Group-log position; 0 inside an event (the event's seq is the truth). */
  seq: number;
}

export interface CommentDTO {
  id: string;
  groupId: string;
  docId: string;
  authorId: string;
  authorName: string;
  /** Encoded Yjs relative positions (base64). */
  anchorStart: string;
  anchorEnd: string;
  /** The anchored text when the comment was made. */
  quote: string;
  body: string;
  createdAt: string;
  seq: number;
  /** Replies, resolves and reopens, in group-log order. */
  entries: CommentEntryDTO[];
  /** All anchored text is gone (as the server saw it; the editor recomputes it live). */
  removed: boolean;
}

export type CommentEventData =
  | { kind: "comment.created"; comment: CommentDTO }
  | { kind: "comment.replied" | "comment.resolved" | "comment.reopened"; entry: CommentEntryDTO };

export type CommentEvent = GroupEventDTO<CommentEventData>;

export const isCommentEvent = (e: GroupEventDTO): e is CommentEvent => typeof e.type === "string" && e.type.startsWith("comment.");

/** Resolved (by whom, when) or open: the newest resolve or reopen wins, in group-log order. */
export function resolutionOf(c: Pick<CommentDTO, "entries">): { byId: string; byName: string; at: string } | null {
  const last = c.entries
    .filter((e) => e.kind !== "reply")
    .sort((a, b) => a.seq - b.seq)
    .at(-1);
  return last?.kind === "resolved" ? { byId: last.authorId, byName: last.authorName, at: last.at } : null;
}

/** The comments of one document after one group event. Idempotent: an event applied twice (live
 *  and from a catch-up, or already in the loader's list) changes nothing the second time. */
export function applyCommentEvent(comments: CommentDTO[], event: GroupEventDTO, docId: string): CommentDTO[] {
  if (!isCommentEvent(event)) return comments;
  const d = event.data;
  if (d.kind === "comment.created") {
    if (d.comment.docId !== docId || comments.some((c) => c.id === d.comment.id)) return comments;
    return [...comments, { ...d.comment, seq: event.seq }].sort((a, b) => a.seq - b.seq);
  }
  if (d.entry.docId !== docId) return comments;
  return comments.map((c) =>
    c.id !== d.entry.commentId || c.entries.some((e) => e.id === d.entry.id)
      ? c
      : { ...c, entries: [...c.entries, { ...d.entry, seq: event.seq }].sort((a, b) => a.seq - b.seq) },
  );
}

/** Two lists of one document's comments (live state and re-read loader data): one per id, entries united. */
export function mergeComments(a: CommentDTO[], b: CommentDTO[]): CommentDTO[] {
  const byId = new Map<string, CommentDTO>();
  for (const c of [...a, ...b]) {
    const seen = byId.get(c.id);
    if (!seen) {
      byId.set(c.id, c);
      continue;
    }
    const entries = new Map([...seen.entries, ...c.entries].map((e) => [e.id, e]));
    byId.set(c.id, { ...c, seq: seen.seq || c.seq, entries: [...entries.values()].sort((x, y) => x.seq - y.seq) });
  }
  return [...byId.values()].sort((x, y) => x.seq - y.seq);
}

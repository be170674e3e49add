import { ignoreDuplicateKey } from "../shared/duplicate-key";
import { spendSendBudget } from "../shared/send-budget";
import { Types } from "mongoose";
import { DocComment, DocCommentEntry } from "./comment.model";
import { loadDocumentFor } from "../document/document.service";
import { quoteOf, resolveAnchor } from "./comment-anchor";
import type { CommentDTO, CommentEntryDTO, CommentEventData } from "./comment.dto";
import { appendGroupEvent, findResend, latestGroupSeq, publishGroupEvent, type GroupEventDTO } from "../delivery/delivery.service";
import { displayNames } from "../user/user.service";
import { DomainError } from "../shared/errors";
import { isObjectId } from "../shared/ids";
import { oid } from "../shared/oid";
import type { ServiceContext } from "../shared/context";

// Comment threads anchored to a range of a document's text (docs/decisions/008-doc-comments.md).
// Reading needs doc.read, every change doc.write (guests read only), both through
// loadDocumentFor. Each change is a fact in the group's log (stored once per client id, live to
// the group's room, caught up with group:sync), then materialised by _id.

/** How many group-log positions before the list's the browser replays: a comment appended just
 *  before the list was read but materialised just after is then not missed (replay is idempotent). */
export const COMMENT_REPLAY_MARGIN = 20;

const nameOf = async (ctx: ServiceContext, id: string) => (await displayNames(ctx, [id])).get(id) ?? "?";

async function materialise(event: GroupEventDTO<CommentEventData>) {
  const d = event.data;
  if (d.kind === "comment.created") {
    const c = d.comment;
    await DocComment.create({
      _id: oid(c.id),
      groupId: oid(c.groupId),
      docId: oid(c.docId),
      authorId: oid(c.authorId),
      anchorStart: c.anchorStart,
      anchorEnd: c.anchorEnd,
      quote: c.quote,
      body: c.body,
      seq: event.seq,
      createdAt: new Date(c.createdAt),
    }).catch(ignoreDuplicateKey);
  } else {
    const e = d.entry;
    await DocCommentEntry.create({
      _id: oid(e.id),
      groupId: oid(event.groupId),
      docId: oid(e.docId),
      commentId: oid(e.commentId),
      kind: e.kind,
      authorId: oid(e.authorId),
      body: e.body,
      seq: event.seq,
      createdAt: new Date(e.at),
    }).catch(ignoreDuplicateKey);
  }
}

async function commit(ctx: ServiceContext, groupId: string, clientId: string, data: CommentEventData) {
  const { event } = await appendGroupEvent<CommentEventData>(ctx, { groupId, actorId: ctx.actor.id, clientId, type: data.kind, data });
  await materialise(event);
  // Broadcast again on a resend too: a client that missed the first one gets it, others dedupe.
  publishGroupEvent(ctx.publisher, event);
  return event;
}

/** The document, writable: doc.write, and not archived (archived documents are read-only). */
async function loadWritable(ctx: ServiceContext, groupId: string, docId: string) {
  const loaded = await loadDocumentFor(ctx, groupId, docId, "write");
  if (loaded.doc.archived) throw new DomainError("conflict");
  return loaded;
}

/** A resend of this command for this document, or null; the same client id elsewhere is refused. */
async function resent(ctx: ServiceContext, groupId: string, docId: string, clientId: string, kind: CommentEventData["kind"]) {
  const previous = await findResend<CommentEventData>(ctx.actor.id, groupId, clientId, kind);
  if (!previous) return null;
  const d = previous.data;
  if ((d.kind === "comment.created" ? d.comment.docId : d.entry.docId) !== docId)
    throw new DomainError("conflict", [{ path: "clientId", code: "invalid" }]);
  return previous;
}

/**
 * Comments on the selected range (the anchor: two encoded Yjs relative positions in the document's
 * content). The positions must resolve in the stored document and enclose some text, which is
 * kept as the quote. Acknowledged (the event returned) only once stored.
 */
export async function addComment(
  ctx: ServiceContext,
  input: { groupId: string; docId: string; clientId: string; anchorStart: string; anchorEnd: string; body: string },
) {
  await spendSendBudget(ctx);
  const { doc } = await loadWritable(ctx, input.groupId, input.docId);
  const previous = await resent(ctx, input.groupId, input.docId, input.clientId, "comment.created");
  if (previous) return commit(ctx, input.groupId, input.clientId, previous.data);
  const { ydoc } = await ctx.node.collab.store.loadYDoc(String(doc._id));
  const range = resolveAnchor(ydoc, { start: input.anchorStart, end: input.anchorEnd });
  ydoc.destroy();
  if (!range) throw new DomainError("invalid_input", [{ path: "anchor", code: "invalid" }]);
  const quote = quoteOf(range.text);
  if (!quote) throw new DomainError("invalid_input", [{ path: "anchor", code: "required" }]);
  const comment: CommentDTO = {
    id: String(new Types.ObjectId()),
    groupId: input.groupId,
    docId: input.docId,
    authorId: ctx.actor.id,
    authorName: await nameOf(ctx, ctx.actor.id),
    anchorStart: input.anchorStart,
    anchorEnd: input.anchorEnd,
    quote,
    body: input.body,
    createdAt: new Date().toISOString(),
    seq: 0,
    entries: [],
    removed: false,
  };
  return commit(ctx, input.groupId, input.clientId, { kind: "comment.created", comment });
}

async function loadComment(docId: unknown, commentId: string) {
  const c = isObjectId(commentId) ? await DocComment.findOne({ _id: oid(commentId), docId }, { _id: 1 }).lean() : null;
  if (!c) throw new DomainError("not_found");
  return c;
}

async function addEntry(
  ctx: ServiceContext,
  input: { groupId: string; docId: string; commentId: string; clientId: string },
  kind: "comment.replied" | "comment.resolved" | "comment.reopened",
  body: string,
) {
  await spendSendBudget(ctx);
  const { doc } = await loadWritable(ctx, input.groupId, input.docId);
  const previous = await resent(ctx, input.groupId, input.docId, input.clientId, kind);
  if (previous) return commit(ctx, input.groupId, input.clientId, previous.data);
  await loadComment(doc._id, input.commentId);
  const entry: CommentEntryDTO = {
    id: String(new Types.ObjectId()),
    commentId: input.commentId,
    docId: input.docId,
    kind: kind === "comment.replied" ? "reply" : kind === "comment.resolved" ? "resolved" : "reopened",
    authorId: ctx.actor.id,
    authorName: await nameOf(ctx, ctx.actor.id),
    body,
    at: new Date().toISOString(),
    seq: 0,
  };
  return commit(ctx, input.groupId, input.clientId, { kind, entry });
}

/** Replies to a comment. */
export const replyToComment = (
  ctx: ServiceContext,
  input: { groupId: string; docId: string; commentId: string; clientId: string; body: string },
) => addEntry(ctx, input, "comment.replied", input.body);

/** Resolves or reopens a comment: the newest of these in the group's log wins (decision 008). */
export const setCommentResolved = (
  ctx: ServiceContext,
  input: { groupId: string; docId: string; commentId: string; clientId: string; resolved: boolean },
) => addEntry(ctx, input, input.resolved ? "comment.resolved" : "comment.reopened", "");

/**
 * The document's comments with their replies and state, oldest first; `removed` when all their
 * text is gone now. `syncFrom`: the group-log position a live client catches up from.
 */
export async function listComments(
  ctx: ServiceContext,
  input: { groupId: string; docId: string },
): Promise<{ comments: CommentDTO[]; syncFrom: number }> {
  const { doc } = await loadDocumentFor(ctx, input.groupId, input.docId, "read");
  // The position first: anything after it reaches the client as an event, anything before is read here.
  const seq = await latestGroupSeq(ctx, input.groupId);
  const [comments, entries] = await Promise.all([
    DocComment.find({ docId: doc._id }).sort({ seq: 1 }).limit(500).lean(),
    DocCommentEntry.find({ docId: doc._id }).sort({ seq: 1 }).limit(5000).lean(),
  ]);
  const names = await displayNames(ctx, [...comments.map((c) => c.authorId), ...entries.map((e) => e.authorId)]);
  const byComment = new Map<string, CommentEntryDTO[]>();
  for (const e of entries) {
    const list = byComment.get(String(e.commentId)) ?? [];
    list.push({
      id: String(e._id),
      commentId: String(e.commentId),
      docId: input.docId,
      kind: e.kind as CommentEntryDTO["kind"],
      authorId: String(e.authorId),
      authorName: names.get(String(e.authorId)) ?? "?",
      body: e.body ?? "",
      at: e.createdAt.toISOString(),
      seq: e.seq,
    });
    byComment.set(String(e.commentId), list);
  }
  const { ydoc } = comments.length ? await ctx.node.collab.store.loadYDoc(String(doc._id)) : { ydoc: null };
  const dtos = comments.map<CommentDTO>((c) => {
    const range = ydoc ? resolveAnchor(ydoc, { start: c.anchorStart, end: c.anchorEnd }) : null;
    return {
      id: String(c._id),
      groupId: input.groupId,
      docId: input.docId,
      authorId: String(c.authorId),
      authorName: names.get(String(c.authorId)) ?? "?",
      anchorStart: c.anchorStart,
      anchorEnd: c.anchorEnd,
      quote: c.quote,
      body: c.body,
      createdAt: c.createdAt.toISOString(),
      seq: c.seq,
      entries: byComment.get(String(c._id)) ?? [],
      removed: !range || range.from >= range.to,
    };
  });
  ydoc?.destroy();
  return { comments: dtos, syncFrom: Math.max(0, seq - COMMENT_REPLAY_MARGIN) };
}

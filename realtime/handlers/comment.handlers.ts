import { addComment, replyToComment, setCommentResolved } from "../../models/comment/comment.service";
import type { HandlerContext } from "../handler-context";

// Comments on documents (docs/decisions/008-doc-comments.md): the same services the document
// page's forms call (which also spend the send budget); each publishes its stored event to the
// group's room.

export const commentHandlers = {
  "comment:add": (ctx: HandlerContext, input: Parameters<typeof addComment>[1]) => addComment(ctx.service, input),
  "comment:reply": (ctx: HandlerContext, input: Parameters<typeof replyToComment>[1]) => replyToComment(ctx.service, input),
  "comment:resolve": (ctx: HandlerContext, input: Parameters<typeof setCommentResolved>[1]) => setCommentResolved(ctx.service, input),
};

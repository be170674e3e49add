import { addComment, replyToComment, setCommentResolved } from "../../models/comment/comment.service";
import type { HandlerContext } from "../handler-context";
import { limitSends } from "./thread.handlers";

// Comments on documents (docs/decisions/008-doc-comments.md): the same services the document
// page's forms call; each publishes its stored event to the group's room.

export const commentHandlers = {
  "comment:add": async (ctx: HandlerContext, input: Parameters<typeof addComment>[1]) => {
    await limitSends(ctx);
    return addComment(ctx.service, input);
  },
  "comment:reply": async (ctx: HandlerContext, input: Parameters<typeof replyToComment>[1]) => {
    await limitSends(ctx);
    return replyToComment(ctx.service, input);
  },
  "comment:resolve": async (ctx: HandlerContext, input: Parameters<typeof setCommentResolved>[1]) => {
    await limitSends(ctx);
    return setCommentResolved(ctx.service, input);
  },
};

import { z } from "zod";
import { objectIdString } from "../shared/ids";
import { clientId, MAX_MESSAGE_CHARS, text } from "../thread/thread.inputs";

/** An encoded Yjs relative position as base64 (a few dozen bytes; the service checks it resolves). */
const anchorPosition = z
  .string()
  .max(400, "too_long")
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, "invalid");
const body = text(MAX_MESSAGE_CHARS);

export const AddCommentInput = z.object({
  groupId: objectIdString,
  docId: objectIdString,
  clientId,
  anchorStart: anchorPosition,
  anchorEnd: anchorPosition,
  body,
});
export const ReplyCommentInput = z.object({ groupId: objectIdString, docId: objectIdString, commentId: objectIdString, clientId, body });
export const ResolveCommentInput = z.object({
  groupId: objectIdString,
  docId: objectIdString,
  commentId: objectIdString,
  clientId,
  resolved: z.boolean(),
});

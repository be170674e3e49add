import { z } from "zod";
import { objectIdString } from "../shared/ids";
import { attachmentIds } from "../attachment/attachment.inputs";

export const MAX_MESSAGE_CHARS = 4000;

/** A client-made command id: what makes a resend harmless. */
export const clientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "invalid");
// NUL is refused: FerretDB cannot store it, and no user types it.
export const text = (max: number) =>
  z
    .string()
    .max(max * 4, "too_long")
    .transform((s) => s.replace(/\r\n/g, "\n").trim())
    .pipe(
      z
        .string()
        .min(1, "required")
        .max(max, "too_long")
        .refine((s) => !s.includes("\u0000"), "invalid"),
    );
// No mentions field: the service resolves "@Full Name" in the text (decision 027).

export const StartThreadInput = z.object({
  groupId: objectIdString,
  clientId,
  title: text(200),
  text: text(MAX_MESSAGE_CHARS),
  attachmentIds,
});
export const SendMessageInput = z.object({
  groupId: objectIdString,
  threadId: objectIdString,
  clientId,
  text: text(MAX_MESSAGE_CHARS),
  /** Uploads to attach (POST /groups/:groupId/files), at most 10 (decision 083). */
  attachmentIds,
});
export const EditMessageInput = z.object({
  groupId: objectIdString,
  messageId: objectIdString,
  clientId,
  text: text(MAX_MESSAGE_CHARS),
});
export const DeleteMessageInput = z.object({ groupId: objectIdString, messageId: objectIdString, clientId });
export const PinThreadInput = z.object({ groupId: objectIdString, threadId: objectIdString, clientId, pinned: z.boolean() });
export const SubscribeThreadInput = z.object({ groupId: objectIdString, threadId: objectIdString, state: z.enum(["follow", "mute"]) });
export const MarkReadInput = z.object({
  groupId: objectIdString,
  threadId: objectIdString,
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});
export const ListMessagesInput = z.object({
  groupId: objectIdString,
  threadId: objectIdString,
  beforeSeq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.number().int().min(1).max(100).default(50),
});
export const SyncInput = z.object({ groupId: objectIdString, afterSeq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) });
export const TypingInput = z.object({ groupId: objectIdString, threadId: objectIdString });

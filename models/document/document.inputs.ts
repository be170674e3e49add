import { z } from "zod";
import { objectIdString } from "../shared/ids";
import { clientId } from "../thread/thread.inputs";
import { CASE_STATUSES, MAX_UPDATE_PARTS, UPDATE_FRAME_BYTES } from "./document.constants";
import { OwnerFileInput } from "../attachment/attachment.inputs";

/** Binary from a socket: Node delivers a Buffer (a Uint8Array), a browser may send an ArrayBuffer. */
export const binary = (max: number) =>
  z
    .custom<Uint8Array | ArrayBuffer>((v) => v instanceof Uint8Array || v instanceof ArrayBuffer, "invalid")
    .transform((v) => (v instanceof Uint8Array ? v : new Uint8Array(v)))
    .refine((v) => v.byteLength <= max, "too_large");

const title = z
  .string()
  .max(800, "too_long")
  .transform((s) => s.replace(/\s+/g, " ").trim())
  .pipe(
    z
      .string()
      .min(1, "required")
      .max(200, "too_long")
      .refine((s) => !s.includes("\u0000"), "invalid"),
  );

export const DocJoinInput = z.object({ groupId: objectIdString, docId: objectIdString, stateVector: binary(64 * 1024) });
/** One batch in one frame; a bigger one (offline work) goes as doc:update-part. `seen`: the highest
 *  stored position the sender's document holds (the server's copy needs at least that to check it). */
export const DocUpdateInput = z.object({
  groupId: objectIdString,
  docId: objectIdString,
  clientId,
  update: binary(UPDATE_FRAME_BYTES),
  seen: z.number().int("invalid").min(0, "invalid").max(Number.MAX_SAFE_INTEGER, "invalid").optional(),
});
/** Part `index` of `total` of one batch (docs/decisions/011-update-limits.md); every part but the last is UPDATE_FRAME_BYTES long. */
export const DocUpdatePartInput = z
  .object({
    groupId: objectIdString,
    docId: objectIdString,
    clientId,
    index: z
      .number()
      .int("invalid")
      .min(0, "invalid")
      .max(MAX_UPDATE_PARTS - 1, "too_large"),
    total: z.number().int("invalid").min(1, "invalid").max(MAX_UPDATE_PARTS, "too_large"),
    part: binary(UPDATE_FRAME_BYTES).refine((v) => v.byteLength > 0, "required"),
  })
  .refine((p) => p.index < p.total, { path: ["index"], message: "invalid" });
export const DocAwarenessInput = z.object({ groupId: objectIdString, docId: objectIdString, update: binary(16 * 1024) });
export const DocLeaveInput = z.object({ groupId: objectIdString, docId: objectIdString });

export const CreateDocumentInput = z.object({ groupId: objectIdString, title });
export const RenameDocumentInput = z.object({ groupId: objectIdString, docId: objectIdString, title });
export const ArchiveDocumentInput = z.object({ groupId: objectIdString, docId: objectIdString, archived: z.boolean() });
export const ListDocumentsInput = z.object({
  groupId: objectIdString,
  q: z.string().max(200, "too_long").optional(),
  archived: z.boolean().default(false),
});
export const CreateCaseInput = z.object({ groupId: objectIdString, title, bringerId: objectIdString.optional() });
export const SetCaseStatusInput = z.object({ groupId: objectIdString, caseId: objectIdString, status: z.enum(CASE_STATUSES) });
export const AnonymisedCopyInput = z.object({ groupId: objectIdString, caseId: objectIdString, title });

/** Naming the current state (the document comes from the URL and is checked by the service). */
export const NameVersionForm = z.object({ name: title });

/** One file attached to, or removed from, a case (issue 20 round two). */
export const CaseFileInput = OwnerFileInput.extend({ docId: objectIdString });

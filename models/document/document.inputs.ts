import { z } from "zod";
import { objectIdString } from "../shared/ids";
import { clientId } from "../thread/thread.inputs";
import { CASE_STATUSES } from "./document.constants";

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
  .pipe(z.string().min(1, "required").max(200, "too_long").refine((s) => !s.includes("\u0000"), "invalid"));

// Above the service's 256 KiB limit, so the service (not the parser) names the refusal.
const UPDATE_WIRE_MAX = 512 * 1024;

export const DocJoinInput = z.object({ groupId: objectIdString, docId: objectIdString, stateVector: binary(64 * 1024) });
export const DocUpdateInput = z.object({ groupId: objectIdString, docId: objectIdString, clientId, update: binary(UPDATE_WIRE_MAX) });
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

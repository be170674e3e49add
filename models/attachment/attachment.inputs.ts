import { z } from "zod";
import { objectIdString } from "../shared/ids";
import { MAX_ATTACHMENTS } from "./attachment.constants";

/** The attachments a message (or a form) carries: upload ids, at most MAX_ATTACHMENTS, no repeats. */
export const attachmentIds = z
  .array(objectIdString)
  .max(MAX_ATTACHMENTS, "too_many")
  .refine((ids) => new Set(ids).size === ids.length, "duplicate")
  .default([]);

/** A download's address. */
export const FileParams = z.object({ groupId: objectIdString, fileId: objectIdString });

/** One file attached to, or removed from, a page's owner (a case, a meeting, an assignment...). */
export const OwnerFileInput = z.object({ groupId: objectIdString, fileId: objectIdString });

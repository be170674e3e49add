import { z } from "zod";

// Shared with the browser (route modules validate with these): no mongoose here. oid() is in ./oid.ts.

/** A 24-hex ObjectId string from untrusted input; anything else (objects, operators) fails. */
export const objectIdString = z
  .string()
  .regex(/^[0-9a-f]{24}$/i, "invalid_id")
  // One spelling: room names and comparisons are built from it.
  .transform((s) => s.toLowerCase());

export const isObjectId = (v: unknown): v is string => typeof v === "string" && /^[0-9a-f]{24}$/i.test(v);

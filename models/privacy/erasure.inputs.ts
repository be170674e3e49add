import { z } from "zod";
import { GROUP_ERASURE_CHOICES } from "./erasure.constants";

// Erasure of one's account (decision 064): the forms' fields, safe in the browser.

/** Asking for erasure: the password, and the second factor's code when the member has one. */
export const RequestErasureInput = z.object({
  password: z.string().min(1, "required").max(200),
  code: z
    .string()
    .trim()
    .max(20, "too_long")
    .regex(/^[0-9A-Za-z\s-]*$/, "mfa_code_format")
    .default(""),
});

/** The group's choice of what an erased member's writing becomes (set beside the charter). */
export const SetGroupErasureInput = z.object({ erasure: z.enum(GROUP_ERASURE_CHOICES) });

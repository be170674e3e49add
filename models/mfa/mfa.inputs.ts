import { z } from "zod";
import { objectIdString } from "../shared/ids";

// Second factor and sessions (decisions 039, 040): the forms' fields, safe in the browser.

/** A code typed at sign-in or in settings: six digits (TOTP) or a recovery code (xxxxx-xxxxx). */
export const SecondFactorCodeInput = z.object({
  code: z
    .string()
    .trim()
    .min(1, "required")
    .max(20, "too_long")
    .regex(/^[0-9A-Za-z\s-]+$/, "mfa_code_format"),
});

/** One of the user's sessions, by the id the sessions list gives it. */
export const SessionIdInput = z.object({ sessionId: z.string().regex(/^[A-Za-z0-9_-]{22}$/, "invalid") });

/** An organiser resets a member's second factor (the member's group of the organiser's trajectory). */
export const ResetSecondFactorInput = z.object({ groupId: objectIdString, userId: objectIdString });

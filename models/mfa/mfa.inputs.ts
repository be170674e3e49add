import { z } from "zod";
import { objectIdString } from "../shared/ids";
import { jsonField } from "../shared/json-field.inputs";

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

// Passkeys (decision 062) -----------------------------------------------------------------------

const b64url = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/, "invalid");
const TRANSPORTS = ["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"] as const;

const credentialFields = {
  id: b64url(1400),
  rawId: b64url(1400),
  type: z.literal("public-key"),
  clientExtensionResults: z.looseObject({}),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
};

/** navigator.credentials.create()'s answer, as startRegistration returns it. */
export const RegistrationResponseInput = z.object({
  ...credentialFields,
  response: z.object({
    clientDataJSON: b64url(4000),
    attestationObject: b64url(24_000),
    authenticatorData: b64url(24_000).optional(),
    transports: z.array(z.enum(TRANSPORTS)).max(10).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: b64url(4000).optional(),
  }),
});

/** navigator.credentials.get()'s answer, as startAuthentication returns it. */
export const AuthenticationResponseInput = z.object({
  ...credentialFields,
  response: z.object({
    clientDataJSON: b64url(4000),
    authenticatorData: b64url(4000),
    // ML-DSA (post-quantum) signatures are up to 4,627 bytes (ML-DSA-87): Node 24+ offers the algorithm.
    signature: b64url(8000),
    userHandle: b64url(200).optional(),
  }),
});

/** Settings: a name for the new passkey ("Laptop", "Telefoon"), then the browser's answer. */
export const PasskeyNameInput = z.object({ name: z.string().trim().min(1, "required").max(60, "too_long") });
export const PasskeyAddInput = z.object({ response: jsonField(RegistrationResponseInput) });

/** Signing in with a passkey: "signin" (passwordless, from /login) or "verify" (the second step). */
export const PasskeyOptionsInput = z.object({ purpose: z.enum(["signin", "verify"]) });
export const PasskeySignInInput = z.object({ response: jsonField(AuthenticationResponseInput) });

/** Settings: remove one of one's passkeys, with the account's password. */
export const PasskeyRemoveInput = z.object({
  passkeyId: b64url(1400),
  currentPassword: z.string().min(1, "required").max(200, "too_long"),
});

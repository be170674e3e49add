import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";

// Second factor (decision 039). One TOTP factor per user, by _id = the user's id; its secret is
// encrypted at rest (mfa.service.ts secretBox). Unconfirmed (confirmedAt null) while enrolling.
const secondFactorSchema = new Schema({
  _id: { type: String, required: true },
  kind: { type: String, enum: ["totp"], default: "totp" }, // passkeys have their own collection (decision 062)
  secret: { type: String, required: true },
  confirmedAt: { type: Date, default: null },
  createdAt: { type: Date, default: () => new Date() },
});
export const SecondFactor: Model<InferSchemaType<typeof secondFactorSchema>> =
  (mongoose.models.SecondFactor as Model<InferSchemaType<typeof secondFactorSchema>>) ?? mongoose.model("SecondFactor", secondFactorSchema);

/** A recovery code's argon2id hash, by _id "<userId>:<generation>:<index>". */
const recoveryCodeSchema = new Schema({
  _id: { type: String, required: true },
  userId: { type: String, required: true, index: true },
  hash: { type: String, required: true },
});
export const RecoveryCode: Model<InferSchemaType<typeof recoveryCodeSchema>> =
  (mongoose.models.RecoveryCode as Model<InferSchemaType<typeof recoveryCodeSchema>>) ?? mongoose.model("RecoveryCode", recoveryCodeSchema);

/** A used code, as a unique insert: "totp:<userId>:<time step>" or "recovery:<code's _id>". Of two
 *  concurrent uses of one code exactly one inserts it (a conditional update would not do on FerretDB). */
const factorUseSchema = new Schema({
  _id: { type: String, required: true },
  userId: { type: String, required: true, index: true },
  at: { type: Date, default: () => new Date() },
});
export const FactorUse: Model<InferSchemaType<typeof factorUseSchema>> =
  (mongoose.models.FactorUse as Model<InferSchemaType<typeof factorUseSchema>>) ?? mongoose.model("FactorUse", factorUseSchema);

/** A sign-in halfway: the password was right, the second factor (or its enrolment) is still to come.
 *  The cookie lk_pending holds a random value; only its SHA-256 is stored, like a session's. */
const pendingSignInSchema = new Schema({
  _id: { type: String, required: true },
  userId: { type: String, required: true },
  purpose: { type: String, enum: ["verify", "enrol"], required: true },
  userAgent: { type: String, default: "" },
  expiresAt: { type: Date, required: true, index: true },
});
export const PendingSignIn: Model<InferSchemaType<typeof pendingSignInSchema>> =
  (mongoose.models.PendingSignIn as Model<InferSchemaType<typeof pendingSignInSchema>>) ??
  mongoose.model("PendingSignIn", pendingSignInSchema);

// Passkeys (decision 062) -----------------------------------------------------------------------

/** A passkey (a WebAuthn credential), by _id = its credential id (base64url). Its public key (COSE,
 *  base64url) is no secret; the signature counter is checked and raised at each use. */
const passkeySchema = new Schema({
  _id: { type: String, required: true },
  userId: { type: String, required: true, index: true },
  name: { type: String, required: true },
  publicKey: { type: String, required: true },
  counter: { type: Number, default: 0 },
  transports: { type: [String], default: [] },
  /** Synced between devices (a password manager's passkey) or bound to one device (a security key). */
  backedUp: { type: Boolean, default: false },
  createdAt: { type: Date, default: () => new Date() },
  lastUsedAt: { type: Date, default: null },
});
/** At most this many passkeys per account: a list one can still read, and a bound on a stolen session. */
export const MAX_PASSKEYS = 10;

export const Passkey: Model<InferSchemaType<typeof passkeySchema>> =
  (mongoose.models.Passkey as Model<InferSchemaType<typeof passkeySchema>>) ?? mongoose.model("Passkey", passkeySchema);

/** A WebAuthn challenge handed out, by _id = the challenge (32 random bytes, base64url), for five
 *  minutes: "register" (Settings, the actor's new passkey named `name`), "verify" (the second step of a
 *  pending sign-in, `userId`'s passkeys) or "signin" (passwordless, any discoverable passkey). Its use is
 *  a unique insert in FactorUse ("webauthn:<challenge>"), so one challenge is answered once. */
const passkeyChallengeSchema = new Schema({
  _id: { type: String, required: true },
  purpose: { type: String, enum: ["register", "verify", "signin"], required: true },
  userId: { type: String, default: null },
  name: { type: String, default: "" },
  expiresAt: { type: Date, required: true, index: true },
});
export const PasskeyChallenge: Model<InferSchemaType<typeof passkeyChallengeSchema>> =
  (mongoose.models.PasskeyChallenge as Model<InferSchemaType<typeof passkeyChallengeSchema>>) ??
  mongoose.model("PasskeyChallenge", passkeyChallengeSchema);

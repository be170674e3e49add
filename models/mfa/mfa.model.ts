import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";

// Second factor (decision 039). One TOTP factor per user, by _id = the user's id; its secret is
// encrypted at rest (mfa.service.ts secretBox). Unconfirmed (confirmedAt null) while enrolling.
const secondFactorSchema = new Schema({
  _id: { type: String, required: true },
  kind: { type: String, enum: ["totp"], default: "totp" }, // passkeys: a later kind (decision 039)
  secret: { type: String, required: true },
  confirmedAt: { type: Date, default: null },
  /** Which set of recovery codes is valid: a new set (a new enrolment) makes the older ones void. */
  recoveryGeneration: { type: Number, default: 0 },
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

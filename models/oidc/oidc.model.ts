// Sign in with the school's own account (decision 063): a trajectory's OpenID Connect provider, the
// sign-ins halfway (between the redirect to the provider and its answer), and the links of provider
// accounts to users.
import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";

/** One provider per trajectory, set by its organiser. The client secret is sealed (AES-256-GCM, the
 *  trajectory's id as additional data) and never leaves the service in the clear but to the provider. */
const configSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true }, // the trajectory's id
    issuer: { type: String, required: true },
    clientId: { type: String, required: true },
    sealedSecret: { type: String, required: true },
    /** Lower-case e-mail domains whose verified addresses may sign in ("school.nl"). */
    domains: { type: [String], default: [], index: true },
    updatedBy: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: true },
);

export const OidcConfig: Model<InferSchemaType<typeof configSchema>> =
  (mongoose.models.OidcConfig as Model<InferSchemaType<typeof configSchema>>) ?? mongoose.model("OidcConfig", configSchema);

/** A sign-in sent to the provider: what the answer is checked against (PKCE verifier, state, nonce).
 *  Found by the SHA-256 of the browser's `lk_oidc` cookie; used once (its delete is the claim). */
const attemptSchema = new Schema({
  _id: { type: String },
  trajectoryId: { type: Schema.Types.ObjectId, required: true },
  codeVerifier: { type: String, required: true },
  state: { type: String, required: true },
  nonce: { type: String, required: true },
  next: { type: String, default: "/" },
  expiresAt: { type: Date, required: true },
});

export const OidcAttempt: Model<InferSchemaType<typeof attemptSchema>> =
  (mongoose.models.OidcAttempt as Model<InferSchemaType<typeof attemptSchema>>) ?? mongoose.model("OidcAttempt", attemptSchema);

/** A provider account linked to a user: `_id` is "<issuer> <sub>", so one provider account is one
 *  user's (a unique insert), whatever its e-mail address becomes later. */
const linkSchema = new Schema({
  _id: { type: String },
  issuer: { type: String, required: true },
  userId: { type: Schema.Types.ObjectId, required: true, index: true },
  trajectoryId: { type: Schema.Types.ObjectId, required: true },
  createdAt: { type: Date, default: () => new Date() },
});

export const OidcLink: Model<InferSchemaType<typeof linkSchema>> =
  (mongoose.models.OidcLink as Model<InferSchemaType<typeof linkSchema>>) ?? mongoose.model("OidcLink", linkSchema);

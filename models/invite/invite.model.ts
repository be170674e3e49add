import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";

/** A single-use, expiring link: an invitation to set up an account, or a password reset. */
const tokenSchema = new Schema({
  _id: { type: String }, // SHA-256 of the token in the link
  purpose: { type: String, enum: ["invite", "reset"], required: true },
  userId: { type: Schema.Types.ObjectId, required: true, index: true },
  expiresAt: { type: Date, required: true, index: true }, // the sweep's query
  usedAt: { type: Date, default: null },
  createdAt: { type: Date, default: () => new Date() },
});

export const AccountToken: Model<InferSchemaType<typeof tokenSchema>> =
  (mongoose.models.AccountToken as Model<InferSchemaType<typeof tokenSchema>>) ?? mongoose.model("AccountToken", tokenSchema);

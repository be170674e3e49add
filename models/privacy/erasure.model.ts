import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";

// Erasure of one's account (decision 064).

/** A member's request to erase their account, carried out by the `privacy-erasures` job at `dueAt`
 *  unless cancelled (cancelling deletes it). One per user (unique userId). Deleted once carried out. */
const erasureRequestSchema = new Schema({
  userId: { type: Schema.Types.ObjectId, required: true, unique: true },
  requestedAt: { type: Date, default: () => new Date() },
  dueAt: { type: Date, required: true },
  /** Makes the per-group "former member" ids the same on a rerun; gone with the request, so they link to no one. */
  salt: { type: String, required: true },
});
export type ErasureRequestRecord = InferSchemaType<typeof erasureRequestSchema> & { _id: mongoose.Types.ObjectId };
export const ErasureRequest: Model<InferSchemaType<typeof erasureRequestSchema>> =
  (mongoose.models.ErasureRequest as Model<InferSchemaType<typeof erasureRequestSchema>>) ??
  mongoose.model("ErasureRequest", erasureRequestSchema);

/** Which job run carries out a request: _id "<requestId>:<attempt>", a unique insert (one run wins;
 *  never a conditional update on FerretDB, docs/DATABASE.md). A run cut short leaves its claim; the
 *  next attempt's claim may be taken once that one is stale. Holds no personal data. */
const erasureClaimSchema = new Schema({ _id: { type: String, required: true }, at: { type: Date, default: () => new Date() } });
export const ErasureClaim: Model<InferSchemaType<typeof erasureClaimSchema>> =
  (mongoose.models.ErasureClaim as Model<InferSchemaType<typeof erasureClaimSchema>>) ?? mongoose.model("ErasureClaim", erasureClaimSchema);

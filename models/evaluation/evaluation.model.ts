import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";

// Evaluation answers (docs/decisions/052): every write is a unique insert (docs/DATABASE.md), so a
// person answers an occasion once even from two tabs at once, and consent to share is one document
// per leader.

/** One person's answers to one occasion: _id "<groupId>:<occasion>:<userId>". Read only as counts
 *  and guarded means (decision 053), and by its author ("answered"). */
const responseSchema = new Schema(
  {
    _id: { type: String },
    groupId: { type: Schema.Types.ObjectId, required: true, index: true },
    trajectoryId: { type: Schema.Types.ObjectId, default: null, index: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    /** "meeting-<id>", "round-<id>" or "moment-<momentId>". */
    occasion: { type: String, required: true },
    instrument: { type: String, required: true },
    version: { type: Number, required: true },
    /** When the occasion took place (a meeting's or round's end, a moment's opening): the trend's x. */
    occasionAt: { type: Date, required: true },
    /** Per statement id, 1-5. */
    scores: { type: Schema.Types.Mixed, required: true },
    line: { type: String, default: "" },
    at: { type: Date, default: () => new Date() },
  },
  { minimize: false },
);
// The group's and the trajectory's reads: a group's answers by date (decision 047).
responseSchema.index({ groupId: 1, occasionAt: -1 });
export type EvaluationResponseRecord = InferSchemaType<typeof responseSchema>;
export const EvaluationResponse: Model<EvaluationResponseRecord> =
  (mongoose.models.EvaluationResponse as Model<EvaluationResponseRecord>) ?? mongoose.model("EvaluationResponse", responseSchema);

/** A leader's consent that the group's own figures go to the organiser: _id "<groupId>:<userId>".
 *  The group shares only while every active leader consents; any one withdrawing stops it. */
const shareConsentSchema = new Schema({
  _id: { type: String },
  groupId: { type: Schema.Types.ObjectId, required: true, index: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, default: () => new Date() },
});
export const EvaluationShareConsent: Model<InferSchemaType<typeof shareConsentSchema>> =
  (mongoose.models.EvaluationShareConsent as Model<InferSchemaType<typeof shareConsentSchema>>) ??
  mongoose.model("EvaluationShareConsent", shareConsentSchema);

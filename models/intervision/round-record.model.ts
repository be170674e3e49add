import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";

// The round's record (docs/decisions/044-round-record.md): every write here is a unique insert
// (docs/DATABASE.md), so two first openers get one document, a closing check is given once per
// participant, and the inbrenger decides once.

/** A round's notes or summary document: _id "<roundId>:notes" or "<roundId>:summary", claimed once. */
const roundDocSchema = new Schema({
  _id: { type: String },
  roundId: { type: Schema.Types.ObjectId, required: true },
  docId: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, default: () => new Date() },
});
export const RoundDoc: Model<InferSchemaType<typeof roundDocSchema>> =
  (mongoose.models.RoundDoc as Model<InferSchemaType<typeof roundDocSchema>>) ?? mongoose.model("RoundDoc", roundDocSchema);

/** One participant's closing check: _id "<roundId>:<userId>". Read only as counts and averages. */
const closingCheckSchema = new Schema({
  _id: { type: String },
  roundId: { type: Schema.Types.ObjectId, required: true, index: true },
  groupId: { type: Schema.Types.ObjectId, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  safety: { type: Number, required: true, min: 1, max: 5 },
  usefulness: { type: Number, required: true, min: 1, max: 5 },
  line: { type: String, default: "" },
  at: { type: Date, default: () => new Date() },
});
export const ClosingCheck: Model<InferSchemaType<typeof closingCheckSchema>> =
  (mongoose.models.ClosingCheck as Model<InferSchemaType<typeof closingCheckSchema>>) ?? mongoose.model("ClosingCheck", closingCheckSchema);

import { RECORD_CHOICES } from "./round-record.inputs";

/** What the inbrenger decided stays of the round: _id the round's id, inserted once. */
const roundDecisionSchema = new Schema({
  _id: { type: String },
  groupId: { type: Schema.Types.ObjectId, required: true },
  choice: { type: String, enum: RECORD_CHOICES, required: true },
  at: { type: Date, default: () => new Date() },
});
export const RoundDecision: Model<InferSchemaType<typeof roundDecisionSchema>> =
  (mongoose.models.RoundDecision as Model<InferSchemaType<typeof roundDecisionSchema>>) ??
  mongoose.model("RoundDecision", roundDecisionSchema);

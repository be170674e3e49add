import { Schema, type InferSchemaType, type Model } from "mongoose";
import mongoose from "mongoose";

// The live moment (docs/decisions/069-live-moment-state.md). Every transition of the facilitator is
// a MomentLiveVersion inserted under the unique _id "<momentId>:<version>" (the intervision round's
// way, decision 031); answers, hands and their ends are unique inserts too (docs/DATABASE.md: never
// a conditional update on FerretDB). Nothing here is updated in place.

/** One state of a moment's live run; the newest (highest version) is the moment now. None stored: not started. */
const liveVersionSchema = new Schema(
  {
    _id: { type: String, required: true },
    momentId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true },
    actorId: { type: String, required: true },
    action: { type: String, required: true },
    state: { type: Schema.Types.Mixed, required: true },
    at: { type: Date, default: () => new Date() },
  },
  { minimize: false },
);
liveVersionSchema.index({ momentId: 1, version: -1 });
export const MomentLiveVersion: Model<InferSchemaType<typeof liveVersionSchema>> =
  (mongoose.models.MomentLiveVersion as Model<InferSchemaType<typeof liveVersionSchema>>) ??
  mongoose.model("MomentLiveVersion", liveVersionSchema);
export const liveVersionId = (momentId: string, version: number) => `${momentId}:${version}`;

/** One participant's answer to one poll: _id "<momentId>:<pollId>:<userId>", so each answers once. */
const pollAnswerSchema = new Schema({
  _id: { type: String, required: true },
  momentId: { type: Schema.Types.ObjectId, required: true },
  pollId: { type: String, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  answer: { type: Schema.Types.Mixed, required: true },
  at: { type: Date, default: () => new Date() },
});
pollAnswerSchema.index({ momentId: 1, pollId: 1 });
export const MomentPollAnswer: Model<InferSchemaType<typeof pollAnswerSchema>> =
  (mongoose.models.MomentPollAnswer as Model<InferSchemaType<typeof pollAnswerSchema>>) ??
  mongoose.model("MomentPollAnswer", pollAnswerSchema);
export const pollAnswerId = (momentId: string, pollId: string, userId: string) => `${momentId}:${pollId}:${userId}`;

/** The moment's chat: _id "<momentId>:<userId>:<clientId>" (a retried send stores nothing twice). */
const momentMessageSchema = new Schema({
  _id: { type: String, required: true },
  momentId: { type: Schema.Types.ObjectId, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  text: { type: String, required: true },
  at: { type: Date, default: () => new Date() },
});
momentMessageSchema.index({ momentId: 1, at: -1 });
export const MomentMessage: Model<InferSchemaType<typeof momentMessageSchema>> =
  (mongoose.models.MomentMessage as Model<InferSchemaType<typeof momentMessageSchema>>) ??
  mongoose.model("MomentMessage", momentMessageSchema);

/** A raised hand: _id "<momentId>:<userId>:<n>" (the user's n-th), so a double press raises one. */
const momentHandSchema = new Schema({
  _id: { type: String, required: true },
  momentId: { type: Schema.Types.ObjectId, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, default: () => new Date() },
});
momentHandSchema.index({ momentId: 1 });
export const MomentHand: Model<InferSchemaType<typeof momentHandSchema>> =
  (mongoose.models.MomentHand as Model<InferSchemaType<typeof momentHandSchema>>) ?? mongoose.model("MomentHand", momentHandSchema);

/** The end of a hand (lowered by its owner, taken or cleared by a facilitator): _id = the hand's, ended once. */
const momentHandEndSchema = new Schema({
  _id: { type: String, required: true },
  momentId: { type: Schema.Types.ObjectId, required: true },
  by: { type: Schema.Types.ObjectId, required: true },
  how: { type: String, enum: ["lowered", "taken", "cleared"], required: true },
  at: { type: Date, default: () => new Date() },
});
momentHandEndSchema.index({ momentId: 1 });
export const MomentHandEnd: Model<InferSchemaType<typeof momentHandEndSchema>> =
  (mongoose.models.MomentHandEnd as Model<InferSchemaType<typeof momentHandEndSchema>>) ??
  mongoose.model("MomentHandEnd", momentHandEndSchema);

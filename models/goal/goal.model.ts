import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";
import { GOAL_LINK_KINDS } from "./goal.constants";

// A group's shared goals (decision 038): versions agreed by every active leader and coach, the
// charter's agreement (models/shared/agreement.ts); links to the group's meetings, documents and
// threads; a progress note per meeting.

const linkSchema = new Schema(
  { kind: { type: String, enum: GOAL_LINK_KINDS, required: true }, targetId: { type: Schema.Types.ObjectId, required: true } },
  { _id: false },
);

const goalSchema = new Schema(
  {
    groupId: { type: Schema.Types.ObjectId, required: true, index: true },
    /** The current version's text (GoalVersion keeps every version). */
    title: { type: String, required: true },
    criteria: { type: [String], default: [] },
    version: { type: Number, required: true },
    /** The version everyone agreed to; fixed while it equals `version`. An edit reopens it. */
    fixedVersion: { type: Number, default: 0 },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    links: { type: [linkSchema], default: [] },
  },
  { timestamps: true },
);
export type GoalRecord = InferSchemaType<typeof goalSchema> & { _id: mongoose.Types.ObjectId };
export const Goal: Model<InferSchemaType<typeof goalSchema>> =
  (mongoose.models.Goal as Model<InferSchemaType<typeof goalSchema>>) ?? mongoose.model("Goal", goalSchema);

/** Each version of a goal as proposed; the unique (goalId, version) decides between racing edits. */
const goalVersionSchema = new Schema({
  goalId: { type: Schema.Types.ObjectId, required: true },
  version: { type: Number, required: true },
  title: { type: String, required: true },
  criteria: { type: [String], default: [] },
  createdBy: { type: Schema.Types.ObjectId, required: true },
  createdAt: { type: Date, default: () => new Date() },
});
goalVersionSchema.index({ goalId: 1, version: 1 }, { unique: true });
export const GoalVersion: Model<InferSchemaType<typeof goalVersionSchema>> =
  (mongoose.models.GoalVersion as Model<InferSchemaType<typeof goalVersionSchema>>) ?? mongoose.model("GoalVersion", goalVersionSchema);

/** One member's agreement to one version: _id "<goalId>:<version>:<userId>" (agreeing twice writes once). */
const goalAgreementSchema = new Schema({
  _id: { type: String, required: true },
  goalId: { type: Schema.Types.ObjectId, required: true, index: true },
  version: { type: Number, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, default: () => new Date() },
});
export const GoalAgreement: Model<InferSchemaType<typeof goalAgreementSchema>> =
  (mongoose.models.GoalAgreement as Model<InferSchemaType<typeof goalAgreementSchema>>) ??
  mongoose.model("GoalAgreement", goalAgreementSchema);

/** The group's note on a goal's progress at one meeting: _id "<goalId>:<meetingId>", one per meeting (rewritten). */
const goalProgressSchema = new Schema(
  {
    _id: { type: String, required: true },
    goalId: { type: Schema.Types.ObjectId, required: true, index: true },
    groupId: { type: Schema.Types.ObjectId, required: true },
    meetingId: { type: Schema.Types.ObjectId, required: true },
    text: { type: String, required: true },
    authorId: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: true },
);
export const GoalProgress: Model<InferSchemaType<typeof goalProgressSchema>> =
  (mongoose.models.GoalProgress as Model<InferSchemaType<typeof goalProgressSchema>>) ?? mongoose.model("GoalProgress", goalProgressSchema);

import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";
import { END_CHOICES } from "./continuation.constants";

// The end of the trajectory (decision 056). Every "once" and every vote is a unique _id: FerretDB
// 1.24's conditional updates are not atomic (docs/DATABASE.md).

function register<S extends Schema>(name: string, schema: S): Model<InferSchemaType<S>> {
  return (mongoose.models[name] as Model<InferSchemaType<S>>) ?? mongoose.model(name, schema);
}

/** The group's end report, a co-edited document made once: _id = the group's id. */
export const EndReport = register(
  "EndReport",
  new Schema({
    _id: { type: String, required: true },
    docId: { type: Schema.Types.ObjectId, required: true },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, default: () => new Date() },
  }),
);

/** A fixed version of the report the members approve: _id "<groupId>:<version>". */
export const ReportVersion = register(
  "ReportVersion",
  new Schema({
    _id: { type: String, required: true },
    groupId: { type: Schema.Types.ObjectId, required: true, index: true },
    version: { type: Number, required: true },
    text: { type: String, required: true },
    html: { type: String, required: true },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, default: () => new Date() },
  }),
);

/** A member's approval of exactly one version: _id "<groupId>:<version>:<userId>". */
export const ReportApproval = register(
  "ReportApproval",
  new Schema({
    _id: { type: String, required: true },
    groupId: { type: Schema.Types.ObjectId, required: true, index: true },
    version: { type: Number, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, default: () => new Date() },
  }),
);

/** A leader's one vote on continuing or closing: _id "<groupId>:<userId>". */
export const EndVote = register(
  "EndVote",
  new Schema({
    _id: { type: String, required: true },
    groupId: { type: Schema.Types.ObjectId, required: true, index: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    choice: { type: String, enum: END_CHOICES, required: true },
    at: { type: Date, default: () => new Date() },
  }),
);

/** The group's choice, settled once: _id = the group's id; with the counts it was settled on. */
export const EndOutcome = register(
  "EndOutcome",
  new Schema({
    _id: { type: String, required: true },
    choice: { type: String, enum: END_CHOICES, required: true },
    continueVotes: { type: Number, required: true },
    closeVotes: { type: Number, required: true },
    leaders: { type: Number, required: true },
    at: { type: Date, default: () => new Date() },
  }),
);

/** The rotating chair's schedule of a group that runs itself: _id = the group's id; leaders in turn. */
export const ChairSchedule = register(
  "ChairSchedule",
  new Schema({
    _id: { type: String, required: true },
    order: { type: [Schema.Types.ObjectId], default: [] },
  }),
);

/** Each turn in the chair, numbered: _id "<groupId>:<n>" (of two taking the same turn, one wins). */
export const ChairTurn = register(
  "ChairTurn",
  new Schema({
    _id: { type: String, required: true },
    groupId: { type: Schema.Types.ObjectId, required: true, index: true },
    n: { type: Number, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, default: () => new Date() },
  }),
);

/** A leader's consent that the organiser sees the continued group again: _id "<groupId>:<userId>" (revoked: deleted). */
export const OrganiserViewConsent = register(
  "OrganiserViewConsent",
  new Schema({
    _id: { type: String, required: true },
    groupId: { type: Schema.Types.ObjectId, required: true, index: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, default: () => new Date() },
  }),
);

import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";
import { ROUND_MODES } from "./round.inputs";

// A live round of intervision (docs/decisions/031-round-state.md). The Round document is written
// once, at creation; every transition is a RoundVersion inserted under the unique _id
// "<roundId>:<version>" (docs/DATABASE.md: never a conditional update on FerretDB), so of two
// chairs pressing "next" on the same version, one insert wins and the other is refused.

const roundSchema = new Schema(
  {
    groupId: { type: Schema.Types.ObjectId, required: true, index: true },
    /** The protocol as it was when the round was created (a built-in or a group's copy), and its version. */
    protocolId: { type: String, required: true },
    protocolVersion: { type: Number, required: true },
    protocol: { type: Schema.Types.Mixed, required: true },
    inbrengerId: { type: Schema.Types.ObjectId, required: true },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    /** The members in seat order when it was created (the state's own list is the truth after that). */
    memberIds: { type: [Schema.Types.ObjectId], default: undefined },
    mode: { type: String, enum: ROUND_MODES, required: true },
    meetingId: { type: Schema.Types.ObjectId, default: null },
    caseQuestion: { type: String, required: true },
    /** The incident method's "what I did": the service shows it to others only from its phase on. */
    whatIDid: { type: String, default: null },
    /** The previous round's action points of its inbrenger, copied at creation (the look back). */
    lookBack: { type: Schema.Types.Mixed, default: null },
    /** A hint of the newest version ($max after each commit; may lag: readers go on by _id from it). */
    head: { type: Number, default: 1 },
    createdAt: { type: Date, default: () => new Date() },
  },
  { minimize: false },
);

export type RoundRecord = InferSchemaType<typeof roundSchema> & { _id: mongoose.Types.ObjectId };
export const Round: Model<InferSchemaType<typeof roundSchema>> =
  (mongoose.models.Round as Model<InferSchemaType<typeof roundSchema>>) ?? mongoose.model("Round", roundSchema);

/** One state of a round: _id "<roundId>:<version>", inserted once; the newest is the round now. */
const roundVersionSchema = new Schema(
  {
    _id: { type: String, required: true },
    roundId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true },
    /** Who did what to make this version (the action's type), for the record. */
    actorId: { type: String, required: true },
    action: { type: String, required: true },
    state: { type: Schema.Types.Mixed, required: true },
    at: { type: Date, default: () => new Date() },
  },
  // The state's empty maps (no choices, no loops yet) are part of it: mongoose would drop them.
  { minimize: false },
);
export const RoundVersion: Model<InferSchemaType<typeof roundVersionSchema>> =
  (mongoose.models.RoundVersion as Model<InferSchemaType<typeof roundVersionSchema>>) ?? mongoose.model("RoundVersion", roundVersionSchema);

export const roundVersionId = (roundId: string, version: number) => `${roundId}:${version}`;

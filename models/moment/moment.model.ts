import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";
import { BLOCK_KINDS, COMPOSITION_RULES } from "./moment.constants";

// A network moment (issue 16): twice a year the groups of a trajectory meet, a plenary, then
// breakouts composed across groups, then a harvest. The Moment holds the plan; its live state,
// polls, chat and harvest are in their own collections (models/moment/*.model.ts), each written by
// unique inserts where two people may race (docs/DATABASE.md: FerretDB's conditional updates are
// not atomic).

const blockSchema = new Schema(
  {
    /** Stable within the moment (breakouts and seats name their block by it). */
    _id: { type: String, required: true },
    kind: { type: String, enum: BLOCK_KINDS, required: true },
    title: { type: String, required: true },
    minutes: { type: Number, required: true },
    /** A breakout block: how it is composed, people per breakout, the themes to choose from (rule
     *  "theme"), and an optional short protocol from the intervision engine (its id). */
    rule: { type: String, enum: [...COMPOSITION_RULES, null], default: null },
    size: { type: Number, default: null },
    themes: { type: [String], default: undefined },
    protocolId: { type: String, default: null },
  },
  { _id: false },
);

const momentSchema = new Schema(
  {
    trajectoryId: { type: Schema.Types.ObjectId, required: true, index: true },
    title: { type: String, required: true },
    startsAt: { type: Date, required: true },
    /** Where (a place, or a link for an online moment). */
    place: { type: String, default: "" },
    /** The agenda everyone invited sees beforehand (plain text). */
    agenda: { type: String, default: "" },
    /** The groups invited: their active leaders and coaches take part. */
    groupIds: { type: [Schema.Types.ObjectId], default: [] },
    /** Facilitators named by an organiser (the trajectory's organisers facilitate anyway). */
    facilitatorIds: { type: [Schema.Types.ObjectId], default: [] },
    blocks: { type: [blockSchema], default: [] },
    status: { type: String, enum: ["planned", "cancelled"], default: "planned" },
    createdBy: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: true },
);

// Planning (decision 066): the lists a page reads are bounded ranges on these (test/page-queries.test.ts):
// a trajectory's moments, the moments of a user's groups and of those they facilitate, and the
// reminders' window.
momentSchema.index({ trajectoryId: 1, startsAt: 1 });
momentSchema.index({ groupIds: 1, startsAt: 1 });
momentSchema.index({ facilitatorIds: 1, startsAt: 1 });
momentSchema.index({ startsAt: 1 });

export type MomentRecord = InferSchemaType<typeof momentSchema> & { _id: mongoose.Types.ObjectId };
export type MomentBlock = MomentRecord["blocks"][number];
export const Moment: Model<InferSchemaType<typeof momentSchema>> =
  (mongoose.models.Moment as Model<InferSchemaType<typeof momentSchema>>) ?? mongoose.model("Moment", momentSchema);

/** One breakout of a breakout block: a room with its own board (a co-edited document whose
 *  groupId is this breakout's _id, decided by loadBreakoutFor, never by a group's policy). */
const breakoutSchema = new Schema({
  momentId: { type: Schema.Types.ObjectId, required: true, index: true },
  blockId: { type: String, required: true },
  /** 1..n within the block, shown as its name ("Tafel 3") unless it has a theme. */
  index: { type: Number, required: true },
  theme: { type: String, default: null },
  boardDocId: { type: Schema.Types.ObjectId, default: null },
  createdAt: { type: Date, default: () => new Date() },
});
// Composing breakouts (decision 068): one breakout per index in a block, so two facilitators storing
// a composition at once cannot make two "Tafel 3"s (a unique insert; the loser re-reads).
breakoutSchema.index({ momentId: 1, blockId: 1, index: 1 }, { unique: true });
export type BreakoutRecord = InferSchemaType<typeof breakoutSchema> & { _id: mongoose.Types.ObjectId };
export const Breakout: Model<InferSchemaType<typeof breakoutSchema>> =
  (mongoose.models.Breakout as Model<InferSchemaType<typeof breakoutSchema>>) ?? mongoose.model("Breakout", breakoutSchema);

/** Where one participant sits in one breakout block: _id "<momentId>:<blockId>:<userId>" (seatId),
 *  so a participant has one seat per block and the lookup on every event is an exact _id read. */
const breakoutSeatSchema = new Schema({
  _id: { type: String, required: true },
  momentId: { type: Schema.Types.ObjectId, required: true, index: true },
  blockId: { type: String, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  breakoutId: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, default: () => new Date() },
});
export const BreakoutSeat: Model<InferSchemaType<typeof breakoutSeatSchema>> =
  (mongoose.models.BreakoutSeat as Model<InferSchemaType<typeof breakoutSeatSchema>>) ?? mongoose.model("BreakoutSeat", breakoutSeatSchema);

export const seatId = (momentId: unknown, blockId: string, userId: unknown) => `${String(momentId)}:${blockId}:${String(userId)}`;

import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";

/**
 * The group's ordered log of facts (a message sent, edited, deleted, a thread pinned...): the
 * one order every client sees and the position a reconnecting client catches up from.
 * Exclusivity comes from unique indexes only (FerretDB 1.24 updates are not atomic):
 * - _id "<groupId>:<seq>": two writers can never get the same position; the loser retries with
 *   seq+1. Being the _id, a position is also read without a scan (FerretDB's SQLite backend
 *   pushes down nothing but an exact _id filter), and positions have no holes: seq n is written
 *   only after n-1 was seen, so a reader walks them by _id until the first missing one;
 * - commandId "<actor>:<client id>": a resent command is recognised, never stored twice.
 */
const groupEventSchema = new Schema({
  _id: { type: String },
  groupId: { type: Schema.Types.ObjectId, required: true },
  seq: { type: Number, required: true },
  commandId: { type: String, required: true, unique: true },
  type: { type: String, required: true },
  /** The DTO clients apply; also what the live broadcast carries. */
  data: { type: Schema.Types.Mixed, required: true },
  actorId: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, default: () => new Date() },
});
groupEventSchema.index({ groupId: 1, seq: 1 }, { unique: true });

export type GroupEventRecord = InferSchemaType<typeof groupEventSchema>;
export const GroupEvent: Model<GroupEventRecord> =
  (mongoose.models.GroupEvent as Model<GroupEventRecord>) ?? mongoose.model("GroupEvent", groupEventSchema);

/** Where a command's event is: _id = the command id, so a resend is found by an _id read. Written
 *  right after the event; a crash in between is repaired by the next resend (see appendGroupEvent). */
const groupCommandSchema = new Schema({
  _id: { type: String },
  eventId: { type: String, required: true },
});
export const GroupCommand: Model<InferSchemaType<typeof groupCommandSchema>> =
  (mongoose.models.GroupCommand as Model<InferSchemaType<typeof groupCommandSchema>>) ?? mongoose.model("GroupCommand", groupCommandSchema);

import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";

/**
 * The group's ordered log of facts (a message sent, edited, deleted, a thread pinned...): the
 * one order every client sees and the position a reconnecting client catches up from.
 * Exclusivity comes from unique indexes only (FerretDB 1.24 updates are not atomic):
 * - (groupId, seq): two writers can never get the same position; the loser retries with seq+1;
 * - commandId "<actor>:<client id>": a resent command is recognised, never stored twice.
 */
const groupEventSchema = new Schema({
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

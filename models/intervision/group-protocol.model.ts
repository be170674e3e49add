import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";

// A group's own protocols (decision 033): each save is a new, immutable version under the unique
// key "<groupId>:<protocolId>:<version>", so two saves of the same version cannot both land and a
// round keeps exactly the snapshot it started with.

const protocolVersionSchema = new Schema({
  _id: { type: String, required: true },
  groupId: { type: Schema.Types.ObjectId, required: true, index: true },
  protocolId: { type: String, required: true },
  version: { type: Number, required: true },
  /** The whole protocol as the schema (protocol.inputs.ts) parsed it, its `version` equal to this one. */
  definition: { type: Schema.Types.Mixed, required: true },
  /** What it was copied from: a built-in or another group copy, at a version. */
  basedOn: { id: { type: String, required: true }, version: { type: Number, required: true } },
  createdBy: { type: Schema.Types.ObjectId, required: true },
  createdAt: { type: Date, default: () => new Date() },
});

export const protocolVersionKey = (groupId: string, protocolId: string, version: number) => `${groupId}:${protocolId}:${version}`;

export type ProtocolVersionRecord = InferSchemaType<typeof protocolVersionSchema>;
export const ProtocolVersion: Model<ProtocolVersionRecord> =
  (mongoose.models.ProtocolVersion as Model<ProtocolVersionRecord>) ?? mongoose.model("ProtocolVersion", protocolVersionSchema);

/** An archived group copy ("<groupId>:<protocolId>"): inserted to archive, deleted to restore. */
const protocolArchiveSchema = new Schema({
  _id: { type: String, required: true },
  groupId: { type: Schema.Types.ObjectId, required: true, index: true },
  by: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, default: () => new Date() },
});
export const ProtocolArchive: Model<InferSchemaType<typeof protocolArchiveSchema>> =
  (mongoose.models.ProtocolArchive as Model<InferSchemaType<typeof protocolArchiveSchema>>) ??
  mongoose.model("ProtocolArchive", protocolArchiveSchema);

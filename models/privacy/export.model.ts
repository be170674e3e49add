import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";

// The export of one's own data (issue 17 item 4, decision 049).

/** One request to export a user's data; built by the `privacy-exports` job, downloadable until expiresAt. */
const dataExportSchema = new Schema({
  userId: { type: Schema.Types.ObjectId, required: true, index: true },
  status: { type: String, enum: ["queued", "building", "ready", "failed"], default: "queued" },
  /** 0..100, written by the one job run that claimed it. */
  progress: { type: Number, default: 0 },
  /** sha256 of the link's token (the mail carries the token itself). */
  tokenHash: { type: String, default: "" },
  size: { type: Number, default: 0 },
  chunks: { type: Number, default: 0 },
  createdAt: { type: Date, default: () => new Date() },
  expiresAt: { type: Date, default: null },
});
export type DataExportRecord = InferSchemaType<typeof dataExportSchema> & { _id: mongoose.Types.ObjectId };
export const DataExport: Model<InferSchemaType<typeof dataExportSchema>> =
  (mongoose.models.DataExport as Model<InferSchemaType<typeof dataExportSchema>>) ?? mongoose.model("DataExport", dataExportSchema);

/** The zip in parts below MongoDB's document limit: _id "<exportId>:<n>", n = 0, 1, ... */
const dataExportChunkSchema = new Schema({
  _id: { type: String, required: true },
  exportId: { type: Schema.Types.ObjectId, required: true, index: true },
  data: { type: Buffer, required: true },
});
export const DataExportChunk: Model<InferSchemaType<typeof dataExportChunkSchema>> =
  (mongoose.models.DataExportChunk as Model<InferSchemaType<typeof dataExportChunkSchema>>) ??
  mongoose.model("DataExportChunk", dataExportChunkSchema);

/** Which job run builds an export: _id = the export's id, a unique insert (one run wins, docs/DATABASE.md). */
const dataExportClaimSchema = new Schema({ _id: { type: String, required: true }, at: { type: Date, default: () => new Date() } });
export const DataExportClaim: Model<InferSchemaType<typeof dataExportClaimSchema>> =
  (mongoose.models.DataExportClaim as Model<InferSchemaType<typeof dataExportClaimSchema>>) ??
  mongoose.model("DataExportClaim", dataExportClaimSchema);

import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";
import { OWNER_KINDS } from "./attachment.constants";

/** An uploaded file's metadata (its bytes are in the storage under `fileKey`). Pending while
 *  `owner` is null: its uploader's, in its group, until a service attaches it (decision 083). */
const attachmentSchema = new Schema({
  groupId: { type: Schema.Types.ObjectId, required: true },
  uploaderId: { type: Schema.Types.ObjectId, required: true },
  name: { type: String, required: true },
  ext: { type: String, required: true },
  type: { type: String, required: true },
  kind: { type: String, enum: ["image", "pdf", "document"], required: true },
  size: { type: Number, required: true },
  fileKey: { type: String, required: true },
  thumbKey: { type: String, default: null },
  thumbSize: { type: Number, default: null },
  width: { type: Number, default: null },
  height: { type: Number, default: null },
  /** "<kind>:<id>" of what it belongs to, null while pending (the claim below is the truth). */
  owner: { type: String, default: null },
  createdAt: { type: Date, required: true },
});
// An owner's files (a case page's list, a deletion); pending ones by age (the sweep); a user's (export, erasure).
attachmentSchema.index({ owner: 1 });
attachmentSchema.index({ createdAt: 1 });
attachmentSchema.index({ uploaderId: 1 });
export type AttachmentRecord = InferSchemaType<typeof attachmentSchema>;
export const Attachment: Model<AttachmentRecord> =
  (mongoose.models.Attachment as Model<AttachmentRecord>) ?? mongoose.model("Attachment", attachmentSchema);

/** An upload taken by an owner: _id = the attachment's id, so it is taken once (a unique insert;
 *  FerretDB's conditional updates are not atomic, docs/DATABASE.md). The sweep claims with "swept". */
const claimSchema = new Schema({
  _id: { type: String },
  owner: { type: String, required: true },
  ownerKind: { type: String, enum: [...OWNER_KINDS, "swept"], required: true },
  at: { type: Date, default: () => new Date() },
});
claimSchema.index({ owner: 1 });
export const AttachmentClaim: Model<InferSchemaType<typeof claimSchema>> =
  (mongoose.models.AttachmentClaim as Model<InferSchemaType<typeof claimSchema>>) ?? mongoose.model("AttachmentClaim", claimSchema);

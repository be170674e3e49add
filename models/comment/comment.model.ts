import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";

// Comments on a co-edited document (docs/decisions/008-doc-comments.md). Insert-only: FerretDB
// 1.24 updates are a read and a rewrite, so nothing here is ever updated. A thread is one
// DocComment plus DocCommentEntry documents (replies, resolve, reopen), each materialised from
// its group-log event by _id (a retried command inserts nothing new). The state of a comment is
// its newest resolve/reopen entry in group-log order: last writer wins, in the order everyone saw.

const docCommentSchema = new Schema({
  groupId: { type: Schema.Types.ObjectId, required: true },
  docId: { type: Schema.Types.ObjectId, required: true },
  authorId: { type: Schema.Types.ObjectId, required: true },
  /** Encoded Yjs relative positions (base64): the range follows the text as others edit. */
  anchorStart: { type: String, required: true },
  anchorEnd: { type: String, required: true },
  /** The anchored text when the comment was made. */
  quote: { type: String, required: true },
  body: { type: String, required: true },
  /** Group-log position of its creation. */
  seq: { type: Number, required: true },
  createdAt: { type: Date, required: true },
});
docCommentSchema.index({ docId: 1, seq: 1 });
export type DocCommentRecord = InferSchemaType<typeof docCommentSchema>;
export const DocComment: Model<DocCommentRecord> =
  (mongoose.models.DocComment as Model<DocCommentRecord>) ?? mongoose.model("DocComment", docCommentSchema);

export const COMMENT_ENTRY_KINDS = ["reply", "resolved", "reopened"] as const;
export type CommentEntryKind = (typeof COMMENT_ENTRY_KINDS)[number];

/** A reply to a comment, or its resolving or reopening (who, when: the entry's author and time). */
const docCommentEntrySchema = new Schema({
  groupId: { type: Schema.Types.ObjectId, required: true },
  docId: { type: Schema.Types.ObjectId, required: true },
  commentId: { type: Schema.Types.ObjectId, required: true },
  kind: { type: String, enum: COMMENT_ENTRY_KINDS, required: true },
  authorId: { type: Schema.Types.ObjectId, required: true },
  /** The reply's text; "" for resolve and reopen. */
  body: { type: String, default: "" },
  seq: { type: Number, required: true },
  createdAt: { type: Date, required: true },
});
docCommentEntrySchema.index({ docId: 1, seq: 1 });
export type DocCommentEntryRecord = InferSchemaType<typeof docCommentEntrySchema>;
export const DocCommentEntry: Model<DocCommentEntryRecord> =
  (mongoose.models.DocCommentEntry as Model<DocCommentEntryRecord>) ?? mongoose.model("DocCommentEntry", docCommentEntrySchema);

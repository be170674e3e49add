import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";

// Co-edited documents (docs/decisions/007-collab-sync.md). The update log is the truth: a
// document's content is its newest snapshot plus the log entries after the snapshot's position.
// Exclusivity comes from unique indexes only (FerretDB 1.24: no transactions, updates not atomic).

import { CASE_STATUSES, DOC_KINDS } from "./document.constants";

export { CASE_STATUSES, DOC_KINDS, type CaseStatus, type DocKind } from "./document.constants";

/** A document's metadata; its content lives in DocSnapshot + DocUpdate. */
const collabDocumentSchema = new Schema({
  groupId: { type: Schema.Types.ObjectId, required: true, index: true },
  kind: { type: String, enum: DOC_KINDS, required: true },
  title: { type: String, required: true },
  archived: { type: Boolean, default: false },
  createdBy: { type: Schema.Types.ObjectId, required: true },
  createdAt: { type: Date, default: () => new Date() },
  /** Refreshed at most every few seconds per editor (not one write per batch). */
  updatedAt: { type: Date, default: () => new Date() },
  lastEditorId: { type: Schema.Types.ObjectId, default: null },
  /** Plain text of the content as of the last compaction or preview refresh: for search. */
  textPreview: { type: String, default: "" },
  /** A snapshot slot and its position, written by compaction: where a node that never read the
   *  document starts looking for the newest snapshot (a hint: slots are never deleted). */
  snapshotSlot: { type: Number, default: 0 },
  snapshotSeq: { type: Number, default: 0 },
  // The harvest of a network moment (issue 16 item 4, decision 074): an output offered to the group
  // arrives as a document that shows where it came from (no link: most of the group was not there).
  origin: {
    type: new Schema(
      { momentTitle: String, momentStartsAt: Date, breakoutIndex: Number, breakoutTheme: { type: String, default: null } },
      { _id: false },
    ),
    default: null,
  },
});
export type CollabDocumentRecord = InferSchemaType<typeof collabDocumentSchema>;
export const CollabDocument: Model<CollabDocumentRecord> =
  (mongoose.models.CollabDocument as Model<CollabDocumentRecord>) ?? mongoose.model("CollabDocument", collabDocumentSchema);

/**
 * One stored Yjs update (a client's batch). `_id` = "<docId>:<seq>": two writers can never take the
 * same position (the loser retries further on), and positions are read by _id, the only filter
 * FerretDB 1.24 answers without decoding the whole collection (docs/decisions/012). Readers walk
 * positions above the newest snapshot until the first missing one; a hole (a position handed out
 * by the counter and never written) is filled with an empty entry (decision 060).
 * A resent batch is recognised by its content (doc-store.ts), not by a unique client id.
 */
const docUpdateSchema = new Schema({
  _id: { type: String, required: true },
  docId: { type: Schema.Types.ObjectId, required: true },
  seq: { type: Number, required: true },
  update: { type: Buffer, required: true },
  clientId: { type: String, required: true },
  /** Null for an empty entry that filled a hole (a position handed out and never written: doc-store.ts). */
  actorId: { type: Schema.Types.ObjectId, default: null },
  at: { type: Date, default: () => new Date() },
});
export type DocUpdateRecord = InferSchemaType<typeof docUpdateSchema>;
export const DocUpdate: Model<DocUpdateRecord> =
  (mongoose.models.DocUpdate as Model<DocUpdateRecord>) ?? mongoose.model("DocUpdate", docUpdateSchema);

/**
 * The merged state of every log entry up to `seq`, in numbered slots: `_id` = "<docId>:<slot>",
 * slot 1, 2, 3... without holes, each newer slot with a higher seq. A compaction claims the next
 * slot by a unique insert (racing ones: one wins, no conditional update, which FerretDB cannot
 * make atomic), so readers find the newest by probing slots by _id. A superseded slot stays as a
 * stub without `state` (the probe needs it to exist).
 */
const docSnapshotSchema = new Schema({
  _id: { type: String, required: true },
  docId: { type: Schema.Types.ObjectId, required: true },
  slot: { type: Number, required: true },
  seq: { type: Number, required: true },
  /** Absent once a newer slot holds everything. */
  state: { type: Buffer },
  lastEditorId: { type: Schema.Types.ObjectId, default: null },
  at: { type: Date, default: () => new Date() },
});
export type DocSnapshotRecord = InferSchemaType<typeof docSnapshotSchema>;
export const DocSnapshot: Model<DocSnapshotRecord> =
  (mongoose.models.DocSnapshot as Model<DocSnapshotRecord>) ?? mongoose.model("DocSnapshot", docSnapshotSchema);

/** A case (casus) a member brings to the group, with its co-edited notes document. */
const caseSchema = new Schema({
  groupId: { type: Schema.Types.ObjectId, required: true, index: true },
  title: { type: String, required: true },
  bringerId: { type: Schema.Types.ObjectId, required: true },
  status: { type: String, enum: CASE_STATUSES, default: "new" },
  docId: { type: Schema.Types.ObjectId, required: true, unique: true },
  createdAt: { type: Date, default: () => new Date() },
});
export type CaseRecord = InferSchemaType<typeof caseSchema>;
export const Case: Model<CaseRecord> = (mongoose.models.Case as Model<CaseRecord>) ?? mongoose.model("Case", caseSchema);

/**
 * A version: the document's whole state at one moment, opened read-only or restored as a new
 * change. Named (someone chose to keep this state) or automatic (the state before the first
 * change after an idle gap: the end of an editing session; docs/decisions/009). (docId, key)
 * unique: two nodes that both see the same idle gap compute the same key and store it once.
 */
const docVersionSchema = new Schema({
  docId: { type: Schema.Types.ObjectId, required: true, index: true },
  key: { type: String, required: true, default: () => `named-${new mongoose.Types.ObjectId()}` },
  auto: { type: Boolean, default: false },
  name: { type: String, default: "" },
  /** For the charter draft: the charter version this state was proposed as (the UI names it); 0 otherwise. */
  charterVersion: { type: Number, default: 0 },
  /** The last log position the state includes. */
  seq: { type: Number, default: 0 },
  state: { type: Buffer, required: true },
  createdBy: { type: Schema.Types.ObjectId, required: true },
  /** When the state was current: the moment of naming, or the last edit before an idle gap. */
  at: { type: Date, default: () => new Date() },
});
docVersionSchema.index({ docId: 1, key: 1 }, { unique: true });
export type DocVersionRecord = InferSchemaType<typeof docVersionSchema>;
export const DocVersion: Model<DocVersionRecord> =
  (mongoose.models.DocVersion as Model<DocVersionRecord>) ?? mongoose.model("DocVersion", docVersionSchema);

/**
 * Who edited when, kept apart from the log (compaction deletes log entries with their actorIds):
 * one mark per editor per document per minute in which they stored a batch. (docId, actorId,
 * minute) unique, so nodes racing to write the same mark store it once.
 */
const docEditMarkSchema = new Schema({
  docId: { type: Schema.Types.ObjectId, required: true },
  actorId: { type: Schema.Types.ObjectId, required: true },
  minute: { type: Number, required: true },
  at: { type: Date, required: true },
});
docEditMarkSchema.index({ docId: 1, actorId: 1, minute: 1 }, { unique: true });
docEditMarkSchema.index({ docId: 1, at: 1 });
export type DocEditMarkRecord = InferSchemaType<typeof docEditMarkSchema>;
export const DocEditMark: Model<DocEditMarkRecord> =
  (mongoose.models.DocEditMark as Model<DocEditMarkRecord>) ?? mongoose.model("DocEditMark", docEditMarkSchema);

import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";
import { SEARCH_KINDS } from "./search.constants";

// What is searchable (decision 085): one entry per searchable item, written by the services that
// change the item, in the same code paths that publish the change. The truth every node's in-memory
// index catches up from (models/search/search-index.ts). A removal leaves a tombstone (`deleted`)
// so that an index built before it drops the item too.
const searchEntrySchema = new Schema({
  /** "<kind>:<item id>" (a message's, a document's, ...): one entry per item, rewritten in place. */
  _id: { type: String },
  groupId: { type: Schema.Types.ObjectId, required: true },
  kind: { type: String, enum: SEARCH_KINDS, required: true },
  /** The exact place within the app: a path with its anchor. */
  url: { type: String, required: true },
  authorId: { type: Schema.Types.ObjectId, default: null },
  /** When the item was written or last changed (what the date filter and the recency boost read). */
  at: { type: Date, required: true },
  title: { type: String, default: "" },
  text: { type: String, default: "" },
  /** The group action (models/group/group.policy.ts) a reader needs to open the item. */
  action: { type: String, required: true },
  /** Only this user finds it (a plan private to its owner); null: every reader with `action`. */
  ownerId: { type: Schema.Types.ObjectId, default: null },
  deleted: { type: Boolean, default: false },
  /** Set by the database's clock ($currentDate) on every write: an index skips a version it has. */
  updatedAt: { type: Date, required: true },
});
// A node's first load of a group (on MongoDB; FerretDB on SQLite scans).
searchEntrySchema.index({ groupId: 1, updatedAt: 1 });
export type SearchEntryRecord = InferSchemaType<typeof searchEntrySchema>;
export const SearchEntry: Model<SearchEntryRecord> =
  (mongoose.models.SearchEntry as Model<SearchEntryRecord>) ?? mongoose.model("SearchEntry", searchEntrySchema);

/** The index generation: raised by a rebuild (and an erasure); every node drops its indexes when it changes. */
const searchGenerationSchema = new Schema({
  _id: { type: String },
  n: { type: Number, default: 0 },
  /** "rebuild": when the last rebuild started, by the database's clock. */
  at: { type: Date },
});
export const SearchGeneration: Model<InferSchemaType<typeof searchGenerationSchema>> =
  (mongoose.models.SearchGeneration as Model<InferSchemaType<typeof searchGenerationSchema>>) ??
  mongoose.model("SearchGeneration", searchGenerationSchema);

/** A group's change log (decision 085): one document per write to its entries, after the write,
 *  at "<groupId>:<n>" for n = 1, 2, … without gaps (each position taken by a unique insert), naming
 *  the entries written. A node walks it by `_id` from its position (models/shared/positions.ts):
 *  one read when nothing changed, never a range read, which FerretDB on SQLite answers by scanning. */
const searchChangeSchema = new Schema(
  {
    _id: { type: String },
    ids: { type: [String], default: [] },
    /** Too many to name (or not known): every entry of the group is read again. */
    all: { type: Boolean, default: false },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
export const SearchChange: Model<InferSchemaType<typeof searchChangeSchema>> =
  (mongoose.models.SearchChange as Model<InferSchemaType<typeof searchChangeSchema>>) ?? mongoose.model("SearchChange", searchChangeSchema);

/** Where a group's change log is known to have reached (_id = the group's id). Only a hint, where
 *  the search for the log's end starts: every position is still taken by a unique insert. */
const searchMarkSchema = new Schema({
  _id: { type: String },
  head: { type: Number, default: 0 },
});
export const SearchMark: Model<InferSchemaType<typeof searchMarkSchema>> =
  (mongoose.models.SearchMark as Model<InferSchemaType<typeof searchMarkSchema>>) ?? mongoose.model("SearchMark", searchMarkSchema);

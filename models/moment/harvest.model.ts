import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";

// The harvest of a network moment (issue 16 item 4, decision 074). Every write here is an insert whose
// _id makes a resend or a race harmless (FerretDB's conditional updates are not atomic: docs/DATABASE.md).

/**
 * One publication of a breakout's output to the plenary. Republishing adds one; the newest counts.
 * _id "<breakoutId>:<clientId>": the same form sent twice stores it once. No user id in it: erasure
 * deletes what its id names (decision 064), and the output is the table's, not the publisher's.
 */
const harvestOutputSchema = new Schema({
  _id: { type: String, required: true },
  momentId: { type: Schema.Types.ObjectId, required: true },
  breakoutId: { type: Schema.Types.ObjectId, required: true },
  title: { type: String, required: true },
  text: { type: String, default: "" },
  publishedBy: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, default: () => new Date() },
});
// The harvest page reads a moment's newest first; a breakout's newest is one read.
harvestOutputSchema.index({ momentId: 1, at: -1 });
harvestOutputSchema.index({ breakoutId: 1, at: -1 });
export type HarvestOutputRecord = InferSchemaType<typeof harvestOutputSchema>;
export const HarvestOutput: Model<HarvestOutputRecord> =
  (mongoose.models.HarvestOutput as Model<HarvestOutputRecord>) ?? mongoose.model("HarvestOutput", harvestOutputSchema);

/**
 * A breakout's output offered to one home group: the claim of its one document there. _id
 * "<breakoutId>:<groupId>", so offering it again (by anyone of that group) finds the same document.
 */
const harvestOfferSchema = new Schema({
  _id: { type: String, required: true },
  momentId: { type: Schema.Types.ObjectId, required: true },
  breakoutId: { type: Schema.Types.ObjectId, required: true },
  groupId: { type: Schema.Types.ObjectId, required: true },
  /** The document in the home group (created after this claim, with this _id). */
  docId: { type: Schema.Types.ObjectId, required: true },
  /** The publication that was offered (the newest when offered). */
  outputId: { type: String, required: true },
  offeredBy: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, default: () => new Date() },
});
/** A home group's offers of one moment (the harvest page shows which its group already has). */
harvestOfferSchema.index({ momentId: 1, groupId: 1 });
export type HarvestOfferRecord = InferSchemaType<typeof harvestOfferSchema>;
export const HarvestOffer: Model<HarvestOfferRecord> =
  (mongoose.models.HarvestOffer as Model<HarvestOfferRecord>) ?? mongoose.model("HarvestOffer", harvestOfferSchema);

/**
 * A case brought into a breakout: only ever an anonymised copy its inbrenger wrote. It holds no link
 * to the case or its group (no case id, no group id, no group name), only the text the inbrenger
 * chose to bring. _id "<breakoutId>:<userId>:<clientId>".
 */
const momentCaseCopySchema = new Schema({
  _id: { type: String, required: true },
  momentId: { type: Schema.Types.ObjectId, required: true },
  breakoutId: { type: Schema.Types.ObjectId, required: true, index: true },
  title: { type: String, required: true },
  text: { type: String, required: true },
  /** The inbrenger, so they alone may take it back; never shown with the copy. */
  broughtBy: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, default: () => new Date() },
});
export type MomentCaseCopyRecord = InferSchemaType<typeof momentCaseCopySchema>;
export const MomentCaseCopy: Model<MomentCaseCopyRecord> =
  (mongoose.models.MomentCaseCopy as Model<MomentCaseCopyRecord>) ?? mongoose.model("MomentCaseCopy", momentCaseCopySchema);

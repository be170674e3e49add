import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";

// Preparing a round (issue 13 item 2, decision 033). Every state change that must happen once is a
// unique insert (docs/DATABASE.md): a vote is the member's next numbered vote, a pick is keyed by
// the proposal. The proposal document is written by its author only.

/** A case a member proposes for a round: the case question, a short context and the protocol. */
const caseProposalSchema = new Schema(
  {
    groupId: { type: Schema.Types.ObjectId, required: true, index: true },
    authorId: { type: Schema.Types.ObjectId, required: true },
    /** A built-in protocol's id or a group copy's (its version is fixed when the case is picked). */
    protocolId: { type: String, required: true },
    question: { type: String, required: true },
    context: { type: String, default: "" },
  },
  { timestamps: true },
);
export type CaseProposalRecord = InferSchemaType<typeof caseProposalSchema> & { _id: mongoose.Types.ObjectId };
export const CaseProposal: Model<InferSchemaType<typeof caseProposalSchema>> =
  (mongoose.models.CaseProposal as Model<InferSchemaType<typeof caseProposalSchema>>) ?? mongoose.model("CaseProposal", caseProposalSchema);

/** The part only its author sees until the round's revealing phase ("what I did", incident method):
 *  a collection of its own (_id = the proposal's id), read only by its author's own view and by the
 *  round engine (prep.service hiddenPartForRound), never by a list or another member's view. */
const caseHiddenPartSchema = new Schema({
  _id: { type: String, required: true },
  groupId: { type: Schema.Types.ObjectId, required: true },
  authorId: { type: Schema.Types.ObjectId, required: true },
  text: { type: String, required: true },
});
export const CaseHiddenPart: Model<InferSchemaType<typeof caseHiddenPartSchema>> =
  (mongoose.models.CaseHiddenPart as Model<InferSchemaType<typeof caseHiddenPartSchema>>) ??
  mongoose.model("CaseHiddenPart", caseHiddenPartSchema);

/** A member's n-th hand raised in the group ("<groupId>:<userId>:<n>"): the highest n is their vote
 *  now (proposalId null: hand down). Changing the vote inserts n+1; two at once cannot both be n+1. */
const caseVoteSchema = new Schema({
  _id: { type: String, required: true },
  groupId: { type: Schema.Types.ObjectId, required: true, index: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  n: { type: Number, required: true },
  proposalId: { type: Schema.Types.ObjectId, default: null },
  at: { type: Date, default: () => new Date() },
});
export const CaseVote: Model<InferSchemaType<typeof caseVoteSchema>> =
  (mongoose.models.CaseVote as Model<InferSchemaType<typeof caseVoteSchema>>) ?? mongoose.model("CaseVote", caseVoteSchema);

/** The chair's pick of a proposal (_id = the proposal's id: picked once), with the confirmed
 *  checklist, the protocol's version fixed for the round, and when: a meeting or now. */
const casePickSchema = new Schema({
  _id: { type: String, required: true },
  groupId: { type: Schema.Types.ObjectId, required: true, index: true },
  by: { type: Schema.Types.ObjectId, required: true },
  protocolId: { type: String, required: true },
  /** A group copy's version; null for a built-in protocol. */
  protocolVersion: { type: Number, default: null },
  meetingId: { type: Schema.Types.ObjectId, default: null },
  startNow: { type: Boolean, required: true },
  at: { type: Date, default: () => new Date() },
});
export const CasePick: Model<InferSchemaType<typeof casePickSchema>> =
  (mongoose.models.CasePick as Model<InferSchemaType<typeof casePickSchema>>) ?? mongoose.model("CasePick", casePickSchema);

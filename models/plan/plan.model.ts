import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";

// The action plan (decision 037): per leader per group, two or three learning questions with their
// actions, evidence and check-ins; feedback of peers on a check-in; commitments (a round's action points).

const actionSchema = new Schema({
  text: { type: String, required: true },
  date: { type: Date, default: null },
  done: { type: Boolean, default: false },
});
const evidenceSchema = new Schema({
  text: { type: String, default: "" },
  url: { type: String, default: "" },
  at: { type: Date, default: () => new Date() },
});

/** A learning question in one of the leader's three slots: _id "<groupId>:<userId>:<slot>", so a
 *  fourth is refused by the unique _id even when two are added at once (FerretDB: no atomic count). */
const questionSchema = new Schema(
  {
    _id: { type: String, required: true },
    groupId: { type: Schema.Types.ObjectId, required: true, index: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    slot: { type: Number, required: true },
    text: { type: String, required: true },
    /** The BSA section it came from (models/analysis), when the leader cites one. */
    bsaSectionId: { type: String, default: null },
    /** Shared with the group by the leader (peers see it, its check-ins and their feedback). */
    shared: { type: Boolean, default: false },
    actions: { type: [actionSchema], default: [] },
    evidence: { type: [evidenceSchema], default: [] },
  },
  { timestamps: true },
);
export type QuestionRecord = InferSchemaType<typeof questionSchema>;
export const LearningQuestion: Model<QuestionRecord> =
  (mongoose.models.LearningQuestion as Model<QuestionRecord>) ?? mongoose.model("LearningQuestion", questionSchema);

/** A moment the leader says where they stand on a question: a self-rating 1-5 and a note. */
const checkInSchema = new Schema({
  groupId: { type: Schema.Types.ObjectId, required: true, index: true },
  questionId: { type: String, required: true, index: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  rating: { type: Number, required: true, min: 1, max: 5 },
  note: { type: String, default: "" },
  /** The leader asked the peers for feedback on this check-in. */
  feedbackRequested: { type: Boolean, default: false },
  createdAt: { type: Date, default: () => new Date() },
});
export type CheckInRecord = InferSchemaType<typeof checkInSchema> & { _id: mongoose.Types.ObjectId };
export const CheckIn: Model<InferSchemaType<typeof checkInSchema>> =
  (mongoose.models.CheckIn as Model<InferSchemaType<typeof checkInSchema>>) ?? mongoose.model("CheckIn", checkInSchema);

const feedbackSchema = new Schema({
  groupId: { type: Schema.Types.ObjectId, required: true },
  checkInId: { type: Schema.Types.ObjectId, required: true, index: true },
  authorId: { type: Schema.Types.ObjectId, required: true },
  text: { type: String, required: true },
  createdAt: { type: Date, default: () => new Date() },
});
export const CheckInFeedback: Model<InferSchemaType<typeof feedbackSchema>> =
  (mongoose.models.CheckInFeedback as Model<InferSchemaType<typeof feedbackSchema>>) ?? mongoose.model("CheckInFeedback", feedbackSchema);

/** Something a leader committed to (a round's action point): _id "<groupId>:<userId>:<kind>:<sourceId>:<n>",
 *  so the engine's retry of the same round writes nothing twice. */
const commitmentSchema = new Schema(
  {
    _id: { type: String, required: true },
    groupId: { type: Schema.Types.ObjectId, required: true, index: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    text: { type: String, required: true },
    due: { type: Date, default: null },
    sourceKind: { type: String, enum: ["round"], required: true },
    sourceId: { type: String, required: true },
    done: { type: Boolean, default: false },
  },
  { timestamps: true },
);
export type CommitmentRecord = InferSchemaType<typeof commitmentSchema>;
export const Commitment: Model<CommitmentRecord> =
  (mongoose.models.Commitment as Model<CommitmentRecord>) ?? mongoose.model("Commitment", commitmentSchema);

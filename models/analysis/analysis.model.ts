import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";
import { ANALYSIS_KINDS } from "./questionnaire.inputs";

// The baseline/end analyses and the 360-degree feedback (docs/decisions/036). Every "once" is a
// unique insert (FerretDB 1.24's conditional updates are not atomic): a version of a trajectory's
// questionnaire, an analysis per leader, trajectory and kind, its submission, a rater's slot and
// the use of a rater's link.

const model = <S extends Schema>(name: string, schema: S): Model<InferSchemaType<S>> =>
  (mongoose.models[name] as Model<InferSchemaType<S>>) ?? mongoose.model(name, schema);

/** One immutable version of a trajectory's own questionnaire (the default lives in code). */
const questionnaireSchema = new Schema(
  {
    trajectoryId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true },
    /** The questionnaire as JSON text, valid by Questionnaire (questionnaire.inputs.ts) when written. */
    spec: { type: String, required: true },
    createdBy: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
questionnaireSchema.index({ trajectoryId: 1, version: 1 }, { unique: true });
export const QuestionnaireVersion = model("QuestionnaireVersion", questionnaireSchema);

/** A leader's BSA or ESA in one trajectory, on the questionnaire version it was given. */
const analysisSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true, index: true },
    trajectoryId: { type: Schema.Types.ObjectId, required: true, index: true },
    kind: { type: String, enum: ANALYSIS_KINDS, required: true },
    /** The questionnaire: null = the built-in default, else the trajectory whose version it is. */
    questionnaireOf: { type: Schema.Types.ObjectId, default: null },
    questionnaireVersion: { type: Number, required: true },
    /** The leader's choice, per analysis: may their coach read it? */
    sharedWithCoach: { type: Boolean, default: false },
    submittedAt: { type: Date, default: null },
  },
  { timestamps: true },
);
analysisSchema.index({ userId: 1, trajectoryId: 1, kind: 1 }, { unique: true });
export type AnalysisRecord = InferSchemaType<typeof analysisSchema> & { _id: mongoose.Types.ObjectId };
export const Analysis = model("Analysis", analysisSchema);

/** One answer: _id "<analysisId>:<itemId>"; a scale point, an option id list, or a text. */
const answerSchema = new Schema({
  _id: { type: String, required: true },
  analysisId: { type: Schema.Types.ObjectId, required: true, index: true },
  itemId: { type: String, required: true },
  point: { type: Number, default: null },
  options: { type: [String], default: undefined },
  text: { type: String, default: null },
});
export const AnalysisAnswer = model("AnalysisAnswer", answerSchema);

/** _id = the analysis id: the one submission. */
const submissionSchema = new Schema({ _id: { type: String, required: true }, at: { type: Date, default: () => new Date() } });
export const AnalysisSubmission = model("AnalysisSubmission", submissionSchema);

/** An invited rater's address, as a hash only: _id "<analysisId>:<hash>" (nobody is invited twice). */
const raterSchema = new Schema({ _id: { type: String, required: true }, analysisId: { type: Schema.Types.ObjectId, required: true } });
export const FeedbackRater = model("FeedbackRater", raterSchema);

/** A place among the raters: _id "<analysisId>:<n>", n = 1..FEEDBACK_MAX_RATERS. */
const slotSchema = new Schema({
  _id: { type: String, required: true },
  analysisId: { type: Schema.Types.ObjectId, required: true, index: true },
});
export const FeedbackSlot = model("FeedbackSlot", slotSchema);

/** A rater's link: _id = SHA-256 of the token; it names the analysis, never the rater. */
const tokenSchema = new Schema({
  _id: { type: String, required: true },
  analysisId: { type: Schema.Types.ObjectId, required: true },
  expiresAt: { type: Date, required: true, index: true },
});
export const FeedbackToken = model("FeedbackToken", tokenSchema);

/** _id = the token's hash: inserted when the rater submits, so a link answers once. */
const useSchema = new Schema({ _id: { type: String, required: true } });
export const FeedbackUse = model("FeedbackUse", useSchema);

/** One rater's answers, with a random _id and no time: nothing ties it to a rater or an order. */
const responseSchema = new Schema({
  _id: { type: String, required: true },
  analysisId: { type: Schema.Types.ObjectId, required: true, index: true },
  answers: { type: [{ _id: false, itemId: String, point: Number }], default: [] },
});
export const FeedbackResponse = model("FeedbackResponse", responseSchema);

import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";
import { STORY_MOMENT_KEYS } from "./story.constants";

// Practice stories and the most significant change (decision 055). Every "once" is a unique _id:
// FerretDB 1.24's conditional updates are not atomic (docs/DATABASE.md).

/** A leader's story of a change in their practice at one moment: _id "<groupId>:<moment>:<authorId>" (one each, rewritten until the selection). */
const practiceStorySchema = new Schema(
  {
    _id: { type: String, required: true },
    groupId: { type: Schema.Types.ObjectId, required: true, index: true },
    moment: { type: String, enum: STORY_MOMENT_KEYS, required: true },
    authorId: { type: Schema.Types.ObjectId, required: true, index: true },
    /** What changed in the leader's practice (behaviour). */
    change: { type: String, required: true },
    /** What they intend to change next (intention). */
    intention: { type: String, required: true },
  },
  { timestamps: true },
);
export const PracticeStory: Model<InferSchemaType<typeof practiceStorySchema>> =
  (mongoose.models.PracticeStory as Model<InferSchemaType<typeof practiceStorySchema>>) ??
  mongoose.model("PracticeStory", practiceStorySchema);

/** A leader's one vote at a moment: _id "<groupId>:<moment>:<voterId>" (a second vote is a duplicate key). */
const storyVoteSchema = new Schema({
  _id: { type: String, required: true },
  groupId: { type: Schema.Types.ObjectId, required: true, index: true },
  moment: { type: String, required: true },
  storyId: { type: String, required: true },
  voterId: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, default: () => new Date() },
});
export const StoryVote: Model<InferSchemaType<typeof storyVoteSchema>> =
  (mongoose.models.StoryVote as Model<InferSchemaType<typeof storyVoteSchema>>) ?? mongoose.model("StoryVote", storyVoteSchema);

/** The moment's most significant change, confirmed once: _id "<groupId>:<moment>". */
const storySelectionSchema = new Schema({
  _id: { type: String, required: true },
  groupId: { type: Schema.Types.ObjectId, required: true, index: true },
  moment: { type: String, required: true },
  storyId: { type: String, required: true },
  why: { type: String, required: true },
  confirmedBy: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, default: () => new Date() },
});
export const StorySelection: Model<InferSchemaType<typeof storySelectionSchema>> =
  (mongoose.models.StorySelection as Model<InferSchemaType<typeof storySelectionSchema>>) ??
  mongoose.model("StorySelection", storySelectionSchema);

/** The author's consent that a selected story leaves the group: _id = the story's id; `given` false = revoked (kept, with when). */
const storyConsentSchema = new Schema({
  _id: { type: String, required: true },
  groupId: { type: Schema.Types.ObjectId, required: true, index: true },
  authorId: { type: Schema.Types.ObjectId, required: true },
  given: { type: Boolean, required: true },
  givenAt: { type: Date, default: null },
  revokedAt: { type: Date, default: null },
});
export const StoryConsent: Model<InferSchemaType<typeof storyConsentSchema>> =
  (mongoose.models.StoryConsent as Model<InferSchemaType<typeof storyConsentSchema>>) ?? mongoose.model("StoryConsent", storyConsentSchema);

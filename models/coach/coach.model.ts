import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";

/** A coach's private note about one member (decision 038): only the group's coaches and that member read it. */
const coachNoteSchema = new Schema({
  groupId: { type: Schema.Types.ObjectId, required: true, index: true },
  memberId: { type: Schema.Types.ObjectId, required: true },
  authorId: { type: Schema.Types.ObjectId, required: true },
  text: { type: String, required: true },
  createdAt: { type: Date, default: () => new Date() },
});
export const CoachNote: Model<InferSchemaType<typeof coachNoteSchema>> =
  (mongoose.models.CoachNote as Model<InferSchemaType<typeof coachNoteSchema>>) ?? mongoose.model("CoachNote", coachNoteSchema);

/** A coaching talk (a Meeting of kind coaching_talk) the coach marked as held: _id = the meeting's id. */
const talkDoneSchema = new Schema({
  _id: { type: String, required: true },
  groupId: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, default: () => new Date() },
});
export const CoachingTalkDone: Model<InferSchemaType<typeof talkDoneSchema>> =
  (mongoose.models.CoachingTalkDone as Model<InferSchemaType<typeof talkDoneSchema>>) ?? mongoose.model("CoachingTalkDone", talkDoneSchema);

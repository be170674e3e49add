import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";

/** One agreed text per version; versions are never edited, a change is a new version. */
const charterSchema = new Schema({
  groupId: { type: Schema.Types.ObjectId, required: true },
  version: { type: Number, required: true },
  text: { type: String, required: true },
  createdBy: { type: Schema.Types.ObjectId, required: true },
  createdAt: { type: Date, default: () => new Date() },
});
charterSchema.index({ groupId: 1, version: 1 }, { unique: true });

export const CharterVersion: Model<InferSchemaType<typeof charterSchema>> =
  (mongoose.models.CharterVersion as Model<InferSchemaType<typeof charterSchema>>) ?? mongoose.model("CharterVersion", charterSchema);

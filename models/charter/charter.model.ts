import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";

/** One agreed text per version; versions are never edited, a change is a new version. */
const charterSchema = new Schema({
  groupId: { type: Schema.Types.ObjectId, required: true },
  version: { type: Number, required: true },
  /** The fixed text members accept: plain text, and its rendering (escaped HTML, Markdown) when it came from the draft. */
  text: { type: String, required: true },
  html: { type: String, default: "" },
  markdown: { type: String, default: "" },
  createdBy: { type: Schema.Types.ObjectId, required: true },
  createdAt: { type: Date, default: () => new Date() },
});
charterSchema.index({ groupId: 1, version: 1 }, { unique: true });

export const CharterVersion: Model<InferSchemaType<typeof charterSchema>> =
  (mongoose.models.CharterVersion as Model<InferSchemaType<typeof charterSchema>>) ?? mongoose.model("CharterVersion", charterSchema);

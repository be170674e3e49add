import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";

// A participant's chosen theme for a "theme" breakout block (issue 16 item 3, decision 068).
// _id "<momentId>:<blockId>:<userId>" (seatId's shape): one choice per participant per block, by a
// unique insert; changing it is an unconditional $set on that _id, written only by its owner
// (FerretDB's conditional updates are not atomic, docs/DATABASE.md).
const themeChoiceSchema = new Schema({
  _id: { type: String, required: true },
  momentId: { type: Schema.Types.ObjectId, required: true, index: true },
  blockId: { type: String, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  theme: { type: String, required: true },
  at: { type: Date, default: () => new Date() },
});
export const ThemeChoice: Model<InferSchemaType<typeof themeChoiceSchema>> =
  (mongoose.models.ThemeChoice as Model<InferSchemaType<typeof themeChoiceSchema>>) ?? mongoose.model("ThemeChoice", themeChoiceSchema);

import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";

/** Mail captured by the local email API fake (dev and tests only), shown at /dev/outbox. */
const devMailSchema = new Schema({
  to: { type: String, required: true },
  from: { type: String, default: "" },
  subject: { type: String, default: "" },
  text: { type: String, default: "" },
  at: { type: Date, default: () => new Date() },
});

export const DevMail: Model<InferSchemaType<typeof devMailSchema>> =
  (mongoose.models.DevMail as Model<InferSchemaType<typeof devMailSchema>>) ?? mongoose.model("DevMail", devMailSchema);

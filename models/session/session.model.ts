import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";

// Server-side sessions (docs/decisions/002-session-store.md). The cookie holds a random id;
// only its SHA-256 is stored, so a database leak yields no usable cookie.
const sessionSchema = new Schema({
  _id: { type: String, required: true },
  userId: { type: Schema.Types.ObjectId, required: true, index: true },
  createdAt: { type: Date, default: () => new Date() },
  expiresAt: { type: Date, required: true, index: true }, // the sweep's query
  // Sessions you can see (decision 040): the device as the browser named it (cut to 300 characters)
  // and when the session was last used, written at most once a minute.
  userAgent: { type: String, default: "" },
  lastSeenAt: { type: Date, default: () => new Date() },
});

export const Session: Model<InferSchemaType<typeof sessionSchema>> =
  (mongoose.models.Session as Model<InferSchemaType<typeof sessionSchema>>) ?? mongoose.model("Session", sessionSchema);

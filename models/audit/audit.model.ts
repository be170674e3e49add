import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";

export const AUDIT_TYPES = [
  "member_invited",
  "member_joined",
  "member_removed",
  "chair_set",
  "chair_ended",
  "role_changed",
  "guest_proposed",
  "guest_consented",
  "guest_admitted",
  "charter_versioned",
  "charter_accepted",
] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];

const auditSchema = new Schema({
  groupId: { type: Schema.Types.ObjectId, required: true, index: true },
  type: { type: String, enum: AUDIT_TYPES, required: true },
  actorId: { type: Schema.Types.ObjectId, required: true },
  subjectId: { type: Schema.Types.ObjectId, default: null },
  /** Small facts for the message, e.g. { role: "coach", version: 2 }. */
  data: { type: Schema.Types.Mixed, default: {} },
  at: { type: Date, default: () => new Date() },
});

export const AuditEvent: Model<InferSchemaType<typeof auditSchema>> =
  (mongoose.models.AuditEvent as Model<InferSchemaType<typeof auditSchema>>) ?? mongoose.model("AuditEvent", auditSchema);

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
  "trajectory_created",
  "group_created",
  "group_closed",
  "group_reopened",
  "coach_replaced",
  "member_moved_out",
  "member_moved_in",
  // Second factor (decision 039): an organiser reset a member's second factor.
  "second_factor_reset",
  // Retention (decision 048): a closed group's content deleted by the daily job; counts only.
  "content_deleted",
  // Sign in with the school's account (decision 063): a trajectory's provider set or removed (trajectory
  // entries); a member's provider account linked at its first sign-in (group and trajectory entries).
  "school_sign_in_configured",
  "school_sign_in_removed",
  "school_account_linked",
  // Stories and the end of the trajectory (decisions 055, 056): consent given or revoked, the group's choice.
  "story_shared",
  "story_unshared",
  "report_approved",
  "group_continued",
  "chair_taken",
  "organiser_view_on",
  "organiser_view_off",
  // Network moments (decision 066): trajectory entries for a moment planned, changed, cancelled, a facilitator named or removed.
  "moment_planned",
  "moment_changed",
  "moment_cancelled",
  "moment_facilitator_named",
  "moment_facilitator_removed",
] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];

const auditSchema = new Schema({
  /** The group the fact is about; null for a fact about a trajectory itself (trajectory_created). */
  groupId: { type: Schema.Types.ObjectId, default: null, index: true },
  trajectoryId: { type: Schema.Types.ObjectId, default: null },
  type: { type: String, enum: AUDIT_TYPES, required: true },
  actorId: { type: Schema.Types.ObjectId, required: true },
  subjectId: { type: Schema.Types.ObjectId, default: null },
  /** Small facts for the message, e.g. { role: "coach", version: 2 }. */
  data: { type: Schema.Types.Mixed, default: {} },
  at: { type: Date, default: () => new Date() },
});

export const AuditEvent: Model<InferSchemaType<typeof auditSchema>> =
  (mongoose.models.AuditEvent as Model<InferSchemaType<typeof auditSchema>>) ?? mongoose.model("AuditEvent", auditSchema);

import { z } from "zod";
import { OwnerFileInput } from "../attachment/attachment.inputs";
import { objectIdString } from "../shared/ids";
import {
  AGENDA_LINK_KINDS,
  AGENDA_TITLE_MAX,
  ASSIGNMENT_TEXT_MAX,
  ASSIGNMENT_TITLE_MAX,
  ATTENDANCE,
  RESPONSE_TEXT_MAX,
} from "./meeting-content.constants";

// The meeting page's forms (app/routes/groups.$groupId.meetings_.$meetingId.tsx), validated at the
// door and again by the service (models/meeting/meeting-content.service.ts).

const target = { groupId: objectIdString, meetingId: objectIdString };
const title = (max: number) => z.string().trim().min(1, "required").max(max, "too_long");
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "invalid_date")
  .refine((s) => {
    const d = new Date(`${s}T12:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s) && d.getUTCFullYear() >= 2000 && d.getUTCFullYear() <= 2100;
  }, "invalid_date");

/** "<kind>:<id>" of a case, document or thread of the group, or "" for none. */
export const AgendaLinkField = z.union([
  z.literal(""),
  z
    .string()
    .regex(new RegExp(`^(${AGENDA_LINK_KINDS.join("|")}):[0-9a-f]{24}$`, "i"), "meeting_invalid_link")
    .transform((s) => {
      const [kind, id] = s.split(":");
      return { kind: kind as (typeof AGENDA_LINK_KINDS)[number], id: id.toLowerCase() };
    }),
]);

export const MeetingPageInput = z.object(target);
export const AddAgendaItemInput = z.object({ ...target, title: title(AGENDA_TITLE_MAX), link: AgendaLinkField.default("") });
export const AgendaItemTargetInput = z.object({ ...target, itemId: objectIdString });
export const MoveAgendaItemInput = z.object({ ...target, itemId: objectIdString, direction: z.enum(["up", "down"]) });
export const SetMeetingChairInput = z.object({ ...target, userId: z.union([z.literal(""), objectIdString]) });
export const SetAttendanceInput = z.object({ ...target, userId: objectIdString, status: z.enum(ATTENDANCE) });
export const AddAssignmentInput = z.object({
  ...target,
  title: title(ASSIGNMENT_TITLE_MAX),
  description: z.string().trim().max(ASSIGNMENT_TEXT_MAX, "too_long").default(""),
  due: day,
});
export const AssignmentTargetInput = z.object({ ...target, assignmentId: objectIdString });
export const RespondToAssignmentInput = z.object({
  ...target,
  assignmentId: objectIdString,
  text: z.string().trim().max(RESPONSE_TEXT_MAX, "too_long").default(""),
  done: z
    .union([z.boolean(), z.enum(["true", "false", "on"])])
    .default(false)
    .transform((v) => v === true || v === "true" || v === "on"),
});
export const GroupTargetInput = z.object({ groupId: objectIdString });

export type AddAgendaItem = z.infer<typeof AddAgendaItemInput>;
export type AddAssignment = z.infer<typeof AddAssignmentInput>;

/** The settings page's calendar feed form: make a new secret URL (the old one stops), or stop it. */
export const CalendarFeedInput = z.object({ op: z.enum(["renew", "revoke"]) });

/** One file attached to, or removed from, a meeting (issue 20 round two). */
export const MeetingFileInput = OwnerFileInput.extend({
  meetingId: objectIdString,
  /** On the meeting itself, an assignment given at it (the chair), or one's own answer to that assignment. */
  on: z.enum(["meeting", "assignment", "response"]).default("meeting"),
  assignmentId: objectIdString.optional(),
}).refine((v) => v.on === "meeting" || !!v.assignmentId, { path: ["assignmentId"], message: "required" });

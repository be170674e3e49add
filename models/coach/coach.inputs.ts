import { z } from "zod";
import { objectIdString } from "../shared/ids";
import { day, yesNo } from "../plan/plan.inputs";
import { COACH_NOTE_MAX } from "./coach.constants";

// The coach's room's forms (app/routes/groups.$groupId.coach.tsx).
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "invalid_time");

export const CoachRoomInput = z.object({ groupId: objectIdString });
export const CoachNoteInput = z.object({
  groupId: objectIdString,
  memberId: objectIdString,
  text: z.string().trim().min(1, "required").max(COACH_NOTE_MAX, "too_long"),
});
export const CoachNoteTargetInput = z.object({ groupId: objectIdString, noteId: objectIdString });
export const PlanTalkInput = z.object({
  groupId: objectIdString,
  memberId: objectIdString,
  date: day,
  start: time.optional().default("10:00"),
});
export const TalkDoneInput = z.object({ groupId: objectIdString, meetingId: objectIdString, done: yesNo });

import { z } from "zod";
import { objectIdString } from "../shared/ids";
import { MEETING_KINDS, MEETING_PLACE_MAX, MEETING_TITLE_MAX } from "./rhythm.constants";

// The meeting forms' fields (app/routes/groups.$groupId.meetings.tsx), validated at the door and
// again by the service. Times are wall-clock times in the actor's own time zone.

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "invalid_date")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s) && d.getUTCFullYear() >= 2000 && d.getUTCFullYear() <= 2100;
  }, "invalid_date");
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "invalid_time");
const onlineUrl = z
  .string()
  .trim()
  .max(MEETING_PLACE_MAX, "too_long")
  .refine((s) => s === "" || /^https:\/\/[^\s]+$/i.test(s), "invalid_url");

/** A calendar day and a wall-clock time from a form (network moments reuse them, decision 066). */
export { day as DayInput, time as TimeInput };

const when = {
  date: day,
  start: time,
  end: time,
  place: z.string().trim().max(MEETING_PLACE_MAX, "too_long"),
  onlineUrl,
};
const endAfterStart = (v: { start: string; end: string }) => v.end > v.start;

export const GroupMeetingsInput = z.object({ groupId: objectIdString });
export const MeetingTargetInput = z.object({ groupId: objectIdString, meetingId: objectIdString });
export const AddMeetingInput = z
  .object({
    groupId: objectIdString,
    kind: z.enum(MEETING_KINDS),
    title: z.string().trim().max(MEETING_TITLE_MAX, "too_long"),
    ...when,
  })
  .refine(endAfterStart, { message: "end_before_start", path: ["end"] });
export const MoveMeetingInput = z
  .object({ groupId: objectIdString, meetingId: objectIdString, ...when })
  .refine(endAfterStart, { message: "end_before_start", path: ["end"] });
export type AddMeeting = z.infer<typeof AddMeetingInput>;
export type MoveMeeting = z.infer<typeof MoveMeetingInput>;

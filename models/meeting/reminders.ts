// The e-mail reminder the day before a meeting (issue 14 item 2, docs/decisions/034): a scheduler job
// (server/jobs.ts "meeting-reminders") writes one Notification of kind "meeting" (change "reminder")
// per member who may see a meeting starting within the next day; the notify mailer sends it per the
// member's "meeting" choice (immediately, in the daily digest, or not at all). Once only: the
// notification's _id names the user, the meeting and its start, so a second run (or a second node)
// inserts nothing new, and a meeting moved to another day gets a reminder for its new date.
import { activeMembers } from "../group/memberships";
import { ignoreDuplicateKey } from "../shared/duplicate-key";
import { oid } from "../shared/oid";
import { Notification } from "../thread/thread.model";
import { Meeting } from "./meeting.model";
import { seesMeeting } from "./meeting.service";

/** How long before a meeting its reminder is written. */
export const REMINDER_AHEAD_MS = 24 * 3_600_000;

/** Writes the reminders due at `now` (meetings that start within REMINDER_AHEAD_MS); the count written. */
export async function queueMeetingReminders(now = new Date()): Promise<number> {
  const due = await Meeting.find(
    { status: "planned", startsAt: { $gt: now, $lte: new Date(now.getTime() + REMINDER_AHEAD_MS) } },
    { groupId: 1, kind: 1, leaderId: 1, startsAt: 1 },
  ).lean();
  let written = 0;
  for (const m of due) {
    const docs = (await activeMembers(String(m.groupId)))
      .filter((u) => seesMeeting(m, u))
      .map((u) => ({
        _id: `${u.userId}:meeting-reminder:${m._id}:${m.startsAt.getTime()}`,
        userId: oid(u.userId),
        groupId: m.groupId,
        meetingId: m._id,
        kind: "meeting" as const,
        change: "reminder" as const,
        createdAt: now,
      }));
    written += await insertReminders(docs);
  }
  return written;
}

/** Inserts reminders whose _id names their reader, subject and date, once (a second run or node
 *  inserts nothing): the count new. Network moments' reminders use it too (decision 066). */
export async function insertReminders(docs: { _id: string }[]): Promise<number> {
  if (docs.length === 0) return 0;
  const before = await Notification.countDocuments({ _id: { $in: docs.map((d) => d._id) } });
  await Notification.insertMany(docs, { ordered: false }).catch(ignoreDuplicateKey);
  return docs.length - before;
}

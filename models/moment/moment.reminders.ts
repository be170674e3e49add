// The reminder the day before a network moment (decision 066), as meetings have theirs (decision 034):
// the "meeting-reminders" job writes one Notification of kind "moment" (change "reminder") per
// participant and facilitator of a moment starting within the next day, once (its _id names the
// reader, the moment and its start, so a moved moment is reminded again for its new date).
import { REMINDER_AHEAD_MS, insertReminders } from "../meeting/reminders";
import { oid } from "../shared/oid";
import { Trajectory } from "../trajectory/trajectory.model";
import { Moment, type MomentRecord } from "./moment.model";
import { participantsOf } from "./moment.service";

/** Writes the moment reminders due at `now`; the count written. */
export async function queueMomentReminders(now = new Date()): Promise<number> {
  const due = (await Moment.find({ startsAt: { $gt: now, $lte: new Date(now.getTime() + REMINDER_AHEAD_MS) }, status: "planned" })
    .limit(1000)
    .lean()) as MomentRecord[];
  let written = 0;
  for (const m of due) {
    const to = await participantsOf(m);
    const organisers = (await Trajectory.findById(m.trajectoryId, { organiserIds: 1 }).lean())?.organiserIds ?? [];
    // A facilitator in none of the invited groups has the reminder filed under the moment itself.
    for (const f of [...m.facilitatorIds, ...organisers]) if (!to.has(String(f))) to.set(String(f), String(m._id));
    written += await insertReminders(
      [...to].map(([userId, groupId]) => ({
        _id: `${userId}:moment-reminder:${m._id}:${m.startsAt.getTime()}`,
        userId: oid(userId),
        groupId: oid(groupId),
        momentId: m._id,
        kind: "moment" as const,
        change: "reminder" as const,
        createdAt: now,
      })),
    );
  }
  return written;
}

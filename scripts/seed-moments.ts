// The demo trajectory's network moments (issue 16 item 1, decision 066): the planned one, a few
// weeks ahead, through the planning service as its organiser (who names the second group's coach
// as co-facilitator); and the one of about four months ago as it was planned (a moment cannot be
// planned in the past through the service, so its record is written as it stood then).
import { localFields } from "../models/i18n/dates";
import { atLocalHour } from "../models/meeting/rhythm";
import { Moment } from "../models/moment/moment.model";
import { oid } from "../models/shared/oid";
import type { Services } from "../server/services";
import { pastMoment, plannedMoment, type SeedMoment } from "./seed-content";

const DAY = 86_400_000;
const ZONE = "Europe/Brussels";

/** The moment's start: `inDays` from today, moved off the weekend, at its local hour in Brussels. */
export function momentStart(m: SeedMoment, now = Date.now()): Date {
  const day = new Date(now + m.inDays * DAY);
  let utcDay = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
  const dow = new Date(utcDay).getUTCDay();
  if (dow === 6) utcDay += 2 * DAY;
  if (dow === 0) utcDay += DAY;
  return atLocalHour(utcDay, m.hour, ZONE);
}

const blocksOf = (m: SeedMoment) => m.blocks.map((b) => ({ rule: null, size: null, themes: [], protocolId: null, ...b, id: "" }));

/** Seeds both moments for `groupIds` of the trajectory; their ids (part E seeds the past one's breakouts and harvest). */
export async function seedNetworkMoments(
  services: Services,
  who: { organiserId: string; coFacilitatorEmail: string; trajectoryId: string; groupIds: string[] },
): Promise<{ planned: string; past: string }> {
  const organiser = services.as({ id: who.organiserId, isOrganiser: true });
  const start = localFields(momentStart(plannedMoment), ZONE);
  const { id: planned } = await services.moment.createMoment(organiser, {
    trajectoryId: who.trajectoryId,
    title: plannedMoment.title,
    date: start.date,
    time: start.time,
    place: plannedMoment.place,
    agenda: plannedMoment.agenda,
    groupIds: who.groupIds,
    blocks: blocksOf(plannedMoment),
  });
  await services.moment.nameFacilitator(organiser, { momentId: planned, email: who.coFacilitatorEmail });

  const startsAt = momentStart(pastMoment);
  const past = await Moment.create({
    trajectoryId: oid(who.trajectoryId),
    title: pastMoment.title,
    startsAt,
    place: pastMoment.place,
    agenda: pastMoment.agenda,
    groupIds: who.groupIds.map(oid),
    facilitatorIds: [],
    blocks: pastMoment.blocks.map((b, i) => ({ rule: null, size: null, protocolId: null, ...b, _id: `zomer-${i + 1}` })),
    status: "planned",
    createdBy: oid(who.organiserId),
    createdAt: new Date(startsAt.getTime() - 42 * DAY),
    updatedAt: new Date(startsAt.getTime() - 42 * DAY),
  });
  return { planned, past: String(past._id) };
}

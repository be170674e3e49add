// The demo trajectory's network moments (issue 16 item 1, decision 066): the planned one, a few
// weeks ahead, through the planning service as its organiser (who names the second group's coach
// as co-facilitator). The past one, with its harvest, is seeded in scripts/seed.ts (pastMomentHarvest).
import { localFields } from "../models/i18n/dates";
import { atLocalHour } from "../models/meeting/rhythm";
import type { Services } from "../server/services";
import { plannedMoment, type SeedMoment } from "./seed-content";

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

/** Seeds the planned moment for `groupIds` of the trajectory, with a co-facilitator; its id. */
export async function seedNetworkMoments(
  services: Services,
  who: { organiserId: string; coFacilitatorEmail: string; trajectoryId: string; groupIds: string[] },
): Promise<{ planned: string }> {
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

  return { planned };
}

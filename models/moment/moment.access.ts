import { Breakout, BreakoutSeat, Moment, seatId, type BreakoutRecord, type MomentRecord } from "./moment.model";
import type { MomentRole } from "./moment.constants";
import { findMembership, membershipsOfUser } from "../group/memberships";
import { Trajectory } from "../trajectory/trajectory.model";
import { DomainError } from "../shared/errors";
import { isObjectId } from "../shared/ids";
import type { Actor } from "../shared/context";

// The one gate of network moments (issue 16 item 5). A moment is seen by its facilitators (the
// trajectory's organisers and whoever they named) and by the active leaders and coaches of its
// invited groups; to everyone else it does not exist (not_found). A breakout and its board are seen
// by the facilitators and by the participants seated in it, never by the rest of the moment.

export interface LoadedMoment {
  moment: MomentRecord;
  role: MomentRole;
  /** The participant's own group among the invited ones (a facilitator who is also a member has one too). */
  homeGroupId: string | null;
}

/** What the actor is in the moment, or null: it does not exist or the actor is not in it. */
export async function getMomentAccess(actor: Actor, momentId: string): Promise<LoadedMoment | null> {
  if (!isObjectId(momentId)) return null;
  const moment = (await Moment.findById(momentId).lean()) as MomentRecord | null;
  if (!moment) return null;
  const [memberships, trajectory] = await Promise.all([
    membershipsAmong(moment.groupIds, actor.id),
    actor.isOrganiser ? Trajectory.findById(moment.trajectoryId, { organiserIds: 1 }).lean() : null,
  ]);
  const home = memberships.find((m) => m && m.status === "active" && (m.role === "leader" || m.role === "coach"));
  const homeGroupId = home ? String(home.groupId) : null;
  const facilitates =
    moment.facilitatorIds.some((f) => String(f) === actor.id) || !!trajectory?.organiserIds.some((o) => String(o) === actor.id);
  if (facilitates) return { moment, role: "facilitator", homeGroupId };
  if (homeGroupId && moment.status !== "cancelled") return { moment, role: "participant", homeGroupId };
  return null;
}

/** Up to this many invited groups, the gate reads the actor's membership in each; beyond, their own
 *  memberships through their slots (a slot batch and one read per group they are in). */
const DIRECT_READS_UP_TO = 5;

/**
 * The actor's membership (or null) in each of the groups, in their order. Every read is an exact _id
 * read (docs/DATABASE.md), in parallel. A moment of a whole trajectory (15 groups) would cost 15 reads
 * per socket event: a user's slots list every membership they have (a slot is stored before its
 * membership), so reading those is the same answer in about a third of the reads (bench/moments.ts).
 */
async function membershipsAmong(groupIds: readonly unknown[], userId: string) {
  if (groupIds.length <= DIRECT_READS_UP_TO) return Promise.all(groupIds.map((g) => findMembership(String(g), userId).lean()));
  const mine = new Map((await membershipsOfUser(userId)).map((m) => [String(m.groupId), m]));
  return groupIds.map((g) => mine.get(String(g)) ?? null);
}

/** The gate: the moment for the actor, `need` "facilitate" for what only a facilitator does. */
export async function loadMomentFor(actor: Actor, momentId: string, need: "view" | "facilitate"): Promise<LoadedMoment> {
  const loaded = await getMomentAccess(actor, momentId);
  if (!loaded) throw new DomainError("not_found");
  if (need === "facilitate" && loaded.role !== "facilitator") throw new DomainError("forbidden");
  return loaded;
}

export interface LoadedBreakout extends LoadedMoment {
  breakout: BreakoutRecord;
}

/** A breakout for the actor: a facilitator of its moment, or a participant seated in it now;
 *  anyone else (another breakout's participant included) gets not_found. */
export async function loadBreakoutFor(actor: Actor, breakoutId: string): Promise<LoadedBreakout> {
  const breakout = isObjectId(breakoutId) ? ((await Breakout.findById(breakoutId).lean()) as BreakoutRecord | null) : null;
  if (!breakout) throw new DomainError("not_found");
  const [loaded, seat] = await Promise.all([
    getMomentAccess(actor, String(breakout.momentId)),
    BreakoutSeat.findById(seatId(breakout.momentId, breakout.blockId, actor.id)).lean(),
  ]);
  if (!loaded) throw new DomainError("not_found");
  if (loaded.role !== "facilitator" && String(seat?.breakoutId) !== String(breakout._id)) throw new DomainError("not_found");
  return { ...loaded, breakout };
}

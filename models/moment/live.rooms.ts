import { activeMembers } from "../group/memberships";
import type { ServiceContext } from "../shared/context";
import { oid } from "../shared/oid";
import { getMomentAccess, loadBreakoutFor } from "./moment.access";
import type { MomentRole } from "./moment.constants";
import { Breakout, BreakoutSeat, Moment, type MomentRecord } from "./moment.model";

// Whoever loses a moment leaves its rooms on every node at once (docs/decisions/079): a participant
// removed from their group, the leaders and coaches of a group taken out of the moment, a facilitator
// no longer named. Each is read again through the one gate (moment.access.ts), so someone who is
// still in the moment another way (a second invited group, an organiser) keeps what they may see.

/** Reads each user's access to the moment again and takes out of its rooms, on every node, whoever
 *  lost it: all of them without access, only the facilitators' room for one who is a participant now. */
export async function recheckMomentRooms(
  ctx: Pick<ServiceContext, "publisher">,
  momentId: string,
  userIds: string[],
  wereFacilitators: readonly string[] = [],
) {
  const users = [...new Set(userIds)];
  // isOrganiser: true makes the gate read the trajectory's organisers, whatever the account's flag.
  const access = await Promise.all(users.map((id) => getMomentAccess({ id, isOrganiser: true }, momentId)));
  if (access.every((a) => a?.role === "facilitator")) return;
  // Facilitators who are participants now: they keep only the board of the breakout they sit in.
  const demoted = users.filter((u, i) => access[i]?.role === "participant" && wereFacilitators.includes(u));
  const [breakouts, seats] = await Promise.all([
    Breakout.find({ momentId: oid(momentId) }, { _id: 1 }).lean(),
    demoted.length
      ? BreakoutSeat.find({ momentId: oid(momentId), userId: { $in: demoted.map(oid) } }, { userId: 1, breakoutId: 1 }).lean()
      : [],
  ]);
  const breakoutIds = breakouts.map((b) => String(b._id));
  const seated = new Set(seats.map((s) => `${s.userId}:${s.breakoutId}`));
  users.forEach((userId, i) => {
    const role = access[i]?.role ?? null;
    if (role === "facilitator") return;
    ctx.publisher.leaveMoment(userId, momentId, role ? { facilitatorsOnly: true } : { breakoutIds });
    if (demoted.includes(userId)) for (const b of breakoutIds) if (!seated.has(`${userId}:${b}`)) ctx.publisher.leaveBoard(userId, b);
    // The page reads the moment again: gone (not found), or the participant's view.
    ctx.publisher.toUser(userId, "moment:left", { momentId, role });
  });
}

/** After a membership of `groupId` ended: the user leaves the rooms of the group's moments they are no longer in. */
export async function leaveMomentsOfGroup(ctx: Pick<ServiceContext, "publisher">, userId: string, groupId: string) {
  const moments = await Moment.find({ groupIds: oid(groupId) }, { _id: 1 }).lean();
  await Promise.all(moments.map((m) => recheckMomentRooms(ctx, String(m._id), [userId])));
}

/**
 * After a moment's invited groups, named facilitators or status changed (planning, part A): everyone
 * who was in it before (`before`, the moment as it was) is read again, and whoever lost it leaves its rooms.
 */
export async function afterMomentChanged(
  ctx: Pick<ServiceContext, "publisher">,
  before: Pick<MomentRecord, "_id" | "groupIds" | "facilitatorIds">,
) {
  const members = await Promise.all(before.groupIds.map((g) => activeMembers(g)));
  const candidates = [
    ...before.facilitatorIds.map(String),
    ...members
      .flat()
      .filter((m) => m.role === "leader" || m.role === "coach")
      .map((m) => m.userId),
  ];
  await recheckMomentRooms(ctx, String(before._id), candidates, before.facilitatorIds.map(String));
}

/**
 * For a node that may have missed a removal (realtime/room-check.ts, decision 020): per moment, each
 * user's role now (null: out of it); per breakout, who may still be in its room (its moment's
 * facilitators and those seated in it).
 */
export async function momentRoomAccess(momentUsers: Map<string, Set<string>>, breakoutUsers: Map<string, Set<string>>) {
  const roleOf = new Map<string, Map<string, MomentRole | null>>();
  await Promise.all(
    [...momentUsers].map(async ([momentId, users]) => {
      const ids = [...users];
      const access = await Promise.all(ids.map((id) => getMomentAccess({ id, isOrganiser: true }, momentId)));
      roleOf.set(momentId, new Map(ids.map((id, i) => [id, access[i]?.role ?? null])));
    }),
  );
  const allowed = new Map<string, Set<string>>();
  await Promise.all(
    [...breakoutUsers].map(async ([breakoutId, users]) => {
      const ids = [...users];
      const ok = await Promise.all(
        ids.map((id) =>
          loadBreakoutFor({ id, isOrganiser: true }, breakoutId).then(
            () => true,
            () => false,
          ),
        ),
      );
      allowed.set(breakoutId, new Set(ids.filter((_, i) => ok[i])));
    }),
  );
  return { roleOf, allowed };
}

import { Trajectory } from "./trajectory.model";
import { Group, Membership, MIN_LEADERS } from "../group/group.model";
import { DomainError } from "../shared/errors";
import { isObjectId } from "../shared/ids";
import { oid } from "../shared/oid";
import type { Actor } from "../shared/context";

export interface TrajectoryOverviewDTO {
  id: string;
  name: string;
  groups: { id: string; name: string; leaderCount: number; coachCount: number; complete: boolean }[];
}

/** An organiser's view of one trajectory: its groups and their sizes, no group content. */
export async function getTrajectoryOverview(actor: Actor, trajectoryId: string): Promise<TrajectoryOverviewDTO> {
  if (!isObjectId(trajectoryId)) throw new DomainError("not_found");
  const t = await Trajectory.findOne({ _id: oid(trajectoryId), organiserIds: oid(actor.id) }).lean();
  if (!t) throw new DomainError("not_found");
  const groups = await Group.find({ trajectoryId: t._id }).sort({ name: 1 }).lean();
  const ms = await Membership.find({ groupId: { $in: groups.map((g) => g._id) }, status: "active" }, { groupId: 1, role: 1 }).lean();
  return {
    id: String(t._id),
    name: t.name,
    groups: groups.map((g) => {
      const mine = ms.filter((m) => String(m.groupId) === String(g._id));
      const leaderCount = mine.filter((m) => m.role === "leader").length;
      return {
        id: String(g._id),
        name: g.name,
        leaderCount,
        coachCount: mine.filter((m) => m.role === "coach").length,
        complete: leaderCount >= MIN_LEADERS,
      };
    }),
  };
}

/** The trajectories an organiser runs. */
export async function listMyTrajectories(actor: Actor) {
  if (!actor.isOrganiser) return [];
  const ts = await Trajectory.find({ organiserIds: oid(actor.id) }, { name: 1 })
    .sort({ name: 1 })
    .lean();
  return ts.map((t) => ({ id: String(t._id), name: t.name }));
}

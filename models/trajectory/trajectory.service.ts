import { Trajectory } from "./trajectory.model";
import { User } from "../user/user.model";
import { Group, Membership, MAX_LEADERS, MIN_LEADERS } from "../group/group.model";
import { DomainError } from "../shared/errors";
import { isObjectId } from "../shared/ids";
import { oid } from "../shared/oid";
import type { Actor } from "../shared/context";
import { type RetentionChoice, retentionChoiceOf } from "../privacy/retention.constants";

export interface TrajectoryOverviewDTO {
  id: string;
  name: string;
  /** YYYY-MM-DD, or null for a trajectory from before start dates. */
  startDate: string | null;
  /** Retention (decision 048): how long closed groups' content is kept. */
  retention: RetentionChoice;
  groups: {
    id: string;
    name: string;
    leaderCount: number;
    coachCount: number;
    complete: boolean;
    /** More than MAX_LEADERS active leaders (only a move or an old import can cause it). */
    overfull: boolean;
    closed: boolean;
    /** Retention deleted the (closed) group's content (decision 048). */
    contentDeleted: boolean;
    /** Active and invited leaders, for moving one to another group (names only, no content). */
    leaders: { userId: string; name: string; status: string }[];
    /** Active coaches and leaders: whose second factor the organiser can reset (decision 039). */
    members: { userId: string; name: string }[];
  }[];
}

/** An organiser's view of one trajectory: its groups and their sizes, no group content. */
export async function getTrajectoryOverview(actor: Actor, trajectoryId: string): Promise<TrajectoryOverviewDTO> {
  if (!isObjectId(trajectoryId)) throw new DomainError("not_found");
  const t = await Trajectory.findOne({ _id: oid(trajectoryId), organiserIds: oid(actor.id) }).lean();
  if (!t) throw new DomainError("not_found");
  const groups = await Group.find({ trajectoryId: t._id }).sort({ name: 1 }).lean();
  const ms = await Membership.find(
    { groupId: { $in: groups.map((g) => g._id) }, status: { $in: ["active", "invited"] } },
    { groupId: 1, role: 1, status: 1, userId: 1 },
  ).lean();
  const users = await User.find(
    { _id: { $in: ms.filter((m) => m.role === "leader" || m.role === "coach").map((m) => m.userId) } },
    { name: 1, email: 1 },
  ).lean();
  const nameOf = new Map(users.map((u) => [String(u._id), u.name || u.email]));
  return {
    id: String(t._id),
    name: t.name,
    startDate: t.startDate ? t.startDate.toISOString().slice(0, 10) : null,
    retention: retentionChoiceOf(t.retentionMonths),
    groups: groups.map((g) => {
      const mine = ms.filter((m) => String(m.groupId) === String(g._id));
      const active = mine.filter((m) => m.status === "active");
      const leaderCount = active.filter((m) => m.role === "leader").length;
      return {
        id: String(g._id),
        name: g.name,
        leaderCount,
        coachCount: active.filter((m) => m.role === "coach").length,
        complete: leaderCount >= MIN_LEADERS,
        overfull: leaderCount > MAX_LEADERS,
        closed: g.status === "closed",
        contentDeleted: !!g.contentDeletedAt,
        leaders: mine
          .filter((m) => m.role === "leader")
          .map((m) => ({ userId: String(m.userId), name: nameOf.get(String(m.userId)) ?? "?", status: m.status }))
          .sort((a, b) => a.name.localeCompare(b.name, "nl")),
        members: active
          .filter((m) => m.role === "leader" || m.role === "coach")
          .map((m) => ({ userId: String(m.userId), name: nameOf.get(String(m.userId)) ?? "?" }))
          .sort((a, b) => a.name.localeCompare(b.name, "nl")),
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

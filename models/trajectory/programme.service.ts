// Setting up a programme (issue 14 item 1): an organiser creates a trajectory and its groups, gives
// each group its coach, invites leaders in bulk, moves a leader between groups and closes a group.
// The organiser's rights come from the group policy (decide) or from organising the trajectory;
// every step is an audit entry (docs/decisions/029).
import { Trajectory } from "./trajectory.model";
import { Group, LeaderSeat, Membership, MAX_LEADERS } from "../group/group.model";
import { actorName, inviteMember, loadGroupFor, removeMembership, takeLeaderSeat } from "../group/group.service";
import { accessChanged, createMembership, findMembership } from "../group/memberships";
import { type BulkLine, parseBulkInvite } from "../group/bulk-invite";
import { recordAudit, recordTrajectoryAudit } from "../audit/audit.service";
import { User } from "../user/user.model";
import { notifyAddedUser } from "../user/user.service";
import { DomainError, isDomainError } from "../shared/errors";
import { isObjectId } from "../shared/ids";
import { oid } from "../shared/oid";
import type { Actor, ServiceContext } from "../shared/context";

/** The trajectory if `actor` organises it; not_found otherwise (whether or not it exists). */
export async function loadOwnTrajectory(actor: Actor, trajectoryId: string) {
  if (!actor.isOrganiser || !isObjectId(trajectoryId)) throw new DomainError("not_found");
  const t = await Trajectory.findOne({ _id: oid(trajectoryId), organiserIds: oid(actor.id) }).lean();
  if (!t) throw new DomainError("not_found");
  return t;
}

/** An organiser (User.isOrganiser) creates a trajectory and becomes its organiser; others get forbidden. */
export async function createTrajectory(ctx: ServiceContext, input: { name: string; startDate: Date }) {
  if (!ctx.actor.isOrganiser) throw new DomainError("forbidden");
  const t = await Trajectory.create({ name: input.name, startDate: input.startDate, organiserIds: [oid(ctx.actor.id)] });
  await recordTrajectoryAudit(t._id, "trajectory_created", ctx.actor.id, { name: input.name });
  return { id: String(t._id) };
}

/** The trajectory's organiser creates an (empty) group in it. */
export async function createGroup(ctx: ServiceContext, input: { trajectoryId: string; name: string }) {
  const t = await loadOwnTrajectory(ctx.actor, input.trajectoryId);
  const group = await Group.create({ trajectoryId: t._id, name: input.name });
  await recordAudit(group._id, "group_created", ctx.actor.id, null, { name: input.name });
  return { id: String(group._id) };
}

/** Gives the group its one coach: invites `email` as coach, then ends every other coach's membership
 *  (coach_replaced). A refused invitation (rate limit, already a member) leaves the old coach. */
export async function setCoach(ctx: ServiceContext, input: { groupId: string; email: string }) {
  const { group } = await loadGroupFor(ctx.actor, input.groupId, "member.remove");
  const before = await Membership.find({ groupId: group._id, role: "coach", status: { $in: ["active", "invited"] } }, { userId: 1 }).lean();
  const { userId } = await inviteMember(ctx, { groupId: input.groupId, email: input.email, role: "coach" });
  for (const old of before) {
    if (String(old.userId) !== userId) await removeMembership(ctx, group, String(old.userId), { type: "coach_replaced" });
  }
  return { userId };
}

export interface BulkPreview {
  lines: BulkLine[];
  /** Lines without an error: what confirming invites. */
  valid: number;
  /** Leaders (active or invited) in the group now. */
  leaders: number;
}

/** The pasted list checked against the group: each line with its error (invalid_email, duplicate,
 *  already_member, group_full: more than MAX_LEADERS leaders with the lines before it). Changes nothing. */
export async function previewBulkInvite(ctx: ServiceContext, input: { groupId: string; text: string }): Promise<BulkPreview> {
  const { group } = await loadGroupFor(ctx.actor, input.groupId, "member.invite");
  const lines = parseBulkInvite(input.text);
  const [seats, users] = await Promise.all([
    LeaderSeat.countDocuments({ groupId: group._id }),
    User.find({ email: { $in: lines.filter((l) => !l.error).map((l) => l.email) } }, { email: 1 }).lean(),
  ]);
  const members = await Promise.all(users.map((u) => findMembership(group._id, u._id).lean()));
  const memberEmails = new Set(users.filter((_, i) => members[i] && members[i]!.status !== "removed").map((u) => u.email));
  let free = MAX_LEADERS - seats;
  for (const l of lines) {
    if (l.error) continue;
    if (memberEmails.has(l.email)) l.error = "already_member";
    else if (free <= 0) l.error = "group_full";
    else free--;
  }
  return { lines, valid: lines.filter((l) => !l.error).length, leaders: seats };
}

export interface BulkResult {
  sent: number;
  /** Lines refused at sending (a change since the preview), with their error. */
  failed: BulkLine[];
  /** Valid lines not sent because the invitation budget ran out. */
  notSent: number;
  /** Seconds until the budget allows more, when it ran out. */
  retryAfter: number | null;
}

/** Invites the preview's valid lines as leaders, one by one through inviteMember (its limit, audit
 *  and mail). When the invitation budget runs out it stops and says how many went and how long to wait. */
export async function confirmBulkInvite(ctx: ServiceContext, input: { groupId: string; text: string }): Promise<BulkResult> {
  const preview = await previewBulkInvite(ctx, input);
  const valid = preview.lines.filter((l) => !l.error);
  const result: BulkResult = { sent: 0, failed: [], notSent: 0, retryAfter: null };
  for (const [i, l] of valid.entries()) {
    try {
      await inviteMember(ctx, { groupId: input.groupId, email: l.email, role: "leader", name: l.name || undefined });
      result.sent++;
    } catch (e) {
      if (!isDomainError(e)) throw e;
      if (e.code === "rate_limited") {
        result.notSent = valid.length - i;
        result.retryAfter = Number(e.meta?.retryAfter ?? 0) || null;
        break;
      }
      if (e.code === "group_full") result.failed.push({ ...l, error: "group_full" });
      else if (e.code === "conflict") result.failed.push({ ...l, error: "already_member" });
      else throw e;
    }
  }
  return result;
}

/** Moves a leader to another group of the same trajectory: a seat in the new group first (group_full
 *  changes nothing), then the membership there, then the old one ends. What they wrote stays with
 *  the old group. Audited in both groups. */
export async function moveLeader(ctx: ServiceContext, input: { groupId: string; userId: string; toGroupId: string }) {
  const { group: from } = await loadGroupFor(ctx.actor, input.groupId, "member.remove");
  const { group: to } = await loadGroupFor(ctx.actor, input.toGroupId, "member.invite");
  if (String(from.trajectoryId) !== String(to.trajectoryId) || String(from._id) === String(to._id)) {
    throw new DomainError("invalid_input", [{ path: "toGroupId", code: "not_same_trajectory" }]);
  }
  const m = await findMembership(from._id, input.userId).lean();
  if (m?.role !== "leader" || (m.status !== "active" && m.status !== "invited")) throw new DomainError("not_found");
  const there = await findMembership(to._id, input.userId);
  if (there && there.status !== "removed") throw new DomainError("conflict", [{ path: "userId", code: "already_member" }]);
  const seat = await takeLeaderSeat(to._id, input.userId);
  const fields = { role: "leader", status: m.status, guestKind: null, acceptedCharterVersion: 0 };
  try {
    if (there) {
      Object.assign(there, fields);
      await there.save();
    } else {
      await createMembership({ groupId: to._id, userId: input.userId, ...fields });
    }
  } catch (e) {
    await LeaderSeat.deleteOne({ _id: seat });
    throw e;
  }
  await removeMembership(ctx, from, input.userId, { type: "member_moved_out", data: { group: to.name } });
  accessChanged(ctx, to._id);
  await recordAudit(to._id, "member_moved_in", ctx.actor.id, input.userId, { group: from.name });
  if (m.status === "active") ctx.publisher.joinGroup(input.userId, String(to._id));
  const user = await User.findById(input.userId);
  if (user) await notifyAddedUser(ctx, user, await actorName(ctx), { id: String(to._id), name: to.name });
  ctx.publisher.toGroup(String(to._id), "group:changed", { groupId: String(to._id) });
}

/** Closes a group (read-only for everyone, docs/decisions/029) or opens it again: the trajectory's organiser only. */
export async function setGroupStatus(ctx: ServiceContext, input: { groupId: string; status: "open" | "closed" }) {
  const { group, access } = await loadGroupFor(ctx.actor, input.groupId, "group.view");
  if (!access.isTrajectoryOrganiser) throw new DomainError("forbidden");
  if (group.status === input.status) return;
  // A group whose content retention deleted stays closed: it has nothing left to work in (decision 048).
  if (group.contentDeletedAt) throw new DomainError("conflict", [], { reason: "privacy_content_deleted" });
  await Group.updateOne({ _id: group._id }, { $set: { status: input.status, closedAt: input.status === "closed" ? new Date() : null } });
  accessChanged(ctx, group._id);
  await recordAudit(group._id, input.status === "closed" ? "group_closed" : "group_reopened", ctx.actor.id);
  ctx.publisher.toGroup(String(group._id), "group:changed", { groupId: String(group._id) });
}

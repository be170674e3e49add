import { isDuplicateKey } from "../shared/duplicate-key";
import {
  Group,
  GuestConsent,
  LeaderSeat,
  Membership,
  MAX_LEADERS,
  MIN_LEADERS,
  type GroupDoc,
  type GroupRecord,
  type MembershipDoc,
  type Role,
} from "./group.model";
import { isGroupCoach } from "../plan/plan.policy";
import type { GUEST_KINDS } from "./group.constants";
import { decide, isWrite, type GroupAccess, type GroupAction } from "./group.policy";
import { leaveMomentsOfGroup } from "../moment/live.rooms";
import { accessChanged, createMembership, findMembership, membershipId, membershipsOfUser } from "./memberships";
import { Trajectory } from "../trajectory/trajectory.model";
import { User } from "../user/user.model";
import { findOrInviteUser, notifyAddedUser } from "../user/user.service";
import { recordAudit } from "../audit/audit.service";
import { destroyUserSessions } from "../session/session.service";
import { DomainError } from "../shared/errors";
import { spend } from "../shared/limits";
import { isObjectId } from "../shared/ids";
import { oid } from "../shared/oid";
import type { Actor, Id, ServiceContext } from "../shared/context";

/** The refusal of any change to a closed (archived) group, with its localised reason. */
export const groupClosed = () => new DomainError("forbidden", undefined, { reason: "group_closed" });

export interface LoadedGroup {
  /** Read with lean(): plain fields, no document methods (this read runs on every request and socket event). */
  group: GroupRecord;
  access: GroupAccess;
}

/** A membership as read, what an access needs of it. */
type MembershipRead = Pick<MembershipDoc, "role" | "status" | "acceptedCharterVersion">;

/** Loads what the policy needs about an actor and a group; null when the group does not exist.
 *  `membership`: the actor's membership as just read by the caller (not read again). */
export async function getGroupAccess(actor: Actor, groupId: string, membership?: MembershipRead | null): Promise<LoadedGroup | null> {
  const loaded = await getGroupAccesses([actor], groupId, membership === undefined ? undefined : [membership]);
  return loaded && { group: loaded.group, access: loaded.access.get(actor.id)! };
}

/** The same for several actors at once: the group is read once, each actor's membership by _id
 *  (unless `known` holds them, in the actors' order), the trajectory once if any actor organises;
 *  null when the group does not exist. */
export async function getGroupAccesses(
  actors: Actor[],
  groupId: string,
  known?: Array<MembershipRead | null>,
): Promise<{ group: GroupRecord; access: Map<string, GroupAccess> } | null> {
  if (!isObjectId(groupId)) return null;
  // The group and the memberships in parallel: all are _id reads (decision 012).
  const [group, memberships] = await Promise.all([
    Group.findById(groupId).lean(),
    known ?? Promise.all(actors.map((a) => findMembership(groupId, a.id).lean())),
  ]);
  if (!group) return null;
  const trajectory = actors.some((a) => a.isOrganiser) ? await Trajectory.findById(group.trajectoryId, { organiserIds: 1 }).lean() : null;
  const access = new Map<string, GroupAccess>();
  // A group that runs itself shows its organiser nothing unless it opted in (decision 056).
  const organiserSees = group.phase !== "continued" || group.organiserView === true;
  actors.forEach((actor, i) => {
    const membership = memberships[i];
    access.set(actor.id, {
      isTrajectoryOrganiser: organiserSees && actor.isOrganiser && !!trajectory?.organiserIds.some((o) => String(o) === actor.id),
      membership: membership
        ? { role: membership.role as Role, status: membership.status, acceptedCharterVersion: membership.acceptedCharterVersion }
        : null,
      charterVersion: group.charterVersion,
      isChair: !!group.chairId && String(group.chairId) === actor.id,
      closed: group.status === "closed",
      continued: group.phase === "continued",
    });
  });
  return { group, access };
}

/** The single gate: loads the group and asserts the action, throwing not_found for outsiders. */
export async function loadGroupFor(actor: Actor, groupId: string, action: GroupAction): Promise<LoadedGroup> {
  const loaded = await getGroupAccess(actor, groupId);
  if (!loaded) throw new DomainError("not_found");
  return allowed(loaded, action);
}

/** The policy's decision on a loaded group: the group, or the refusal (an archived group says why it
 *  refuses a change, on both doors: decision 056). */
function allowed(loaded: LoadedGroup, action: GroupAction): LoadedGroup {
  const decision = decide(loaded.access, action);
  if (decision === "forbidden" && loaded.access.closed && isWrite(action)) throw groupClosed();
  if (decision !== "allow") throw new DomainError(decision);
  return loaded;
}

/** loadGroupFor from the node's memory of the policy's inputs (ctx.node.access, decision 058):
 *  no read while the node is fresh and nothing about the group's access changed since the last.
 *  For the chat's commands; the group record it returns may be up to a minute old in fields the
 *  policy does not read (its name). */
export async function loadGroupForCached(ctx: ServiceContext, groupId: string, action: GroupAction): Promise<LoadedGroup> {
  const cache = ctx.node.access;
  let loaded = cache.get(groupId, ctx.actor.id);
  if (!loaded) {
    const ticket = cache.ticket(groupId);
    loaded = (await getGroupAccess(ctx.actor, groupId)) ?? undefined;
    if (!loaded) throw new DomainError("not_found");
    cache.put(groupId, ctx.actor.id, ticket, loaded);
  }
  return allowed(loaded, action);
}

/** Ids of the groups whose content the policy lets the actor see now (decide(..., "group.content"),
 *  the same rule as every other access): the group rooms of the actor's sockets, the inbox. */
export async function listVisibleGroupIds(actor: Actor): Promise<string[]> {
  const ms = await membershipsOfUser(actor.id);
  const loaded = await Promise.all(ms.map((m) => getGroupAccess(actor, String(m.groupId))));
  return loaded.filter((l) => l !== null && decide(l.access, "group.content") === "allow").map((l) => String(l!.group._id));
}

export interface MemberDTO {
  userId: string;
  name: string;
  email: string;
  role: Role;
  guestKind: string | null;
  status: string;
  consentedBy: string[];
  /** The profile members show each other ("" / null: not given). */
  school: string;
  schoolLevel: string;
  careerPhase: string;
  yearsAsLeader: number | null;
}

export interface GroupOverviewDTO {
  id: string;
  name: string;
  trajectoryName: string;
  leaderCount: number;
  complete: boolean;
  charterVersion: number;
  /** The leader who chairs the group now, if any. */
  chairId: string | null;
  members: MemberDTO[];
}

/** The group's page: name, completeness and members (pending guests only to those who manage or consent). */
export async function getGroupOverview(ctx: ServiceContext, groupId: string): Promise<GroupOverviewDTO> {
  const { group, access } = await loadGroupFor(ctx.actor, groupId, "group.view");
  const managesMembers = decide(access, "member.invite") === "allow";
  const seesPending = decide(access, "guest.consent") === "allow" || managesMembers;
  const [trajectory, memberships] = await Promise.all([
    Trajectory.findById(group.trajectoryId, { name: 1 }).lean(),
    Membership.find({ groupId: group._id, status: { $in: seesPending ? ["active", "invited", "pending"] : ["active"] } }).lean(),
  ]);
  const pendingIds = memberships.filter((m) => m.status === "pending").map((m) => m._id);
  const [users, consents] = await Promise.all([
    User.find(
      { _id: { $in: memberships.map((m) => m.userId) } },
      { name: 1, email: 1, school: 1, schoolLevel: 1, careerPhase: 1, yearsAsLeader: 1 },
    ).lean(),
    pendingIds.length ? GuestConsent.find({ membershipId: { $in: pendingIds }, leaderId: { $ne: null } }).lean() : [],
  ]);
  const byId = new Map(users.map((u) => [String(u._id), u]));
  const consentedBy = (membershipId: unknown) =>
    consents.filter((c) => String(c.membershipId) === String(membershipId)).map((c) => String(c.leaderId));
  const roleOrder: Record<string, number> = { coach: 0, leader: 1, guest: 2 };
  const members = memberships
    .map((m) => {
      const u = byId.get(String(m.userId));
      return {
        userId: String(m.userId),
        name: u?.name || u?.email || "?",
        // Addresses only for who manages membership; members see names.
        email: managesMembers ? (u?.email ?? "") : "",
        role: m.role as Role,
        guestKind: m.guestKind ?? null,
        status: m.status,
        consentedBy: m.status === "pending" ? consentedBy(m._id) : [],
        school: u?.school ?? "",
        schoolLevel: u?.schoolLevel ?? "",
        careerPhase: u?.careerPhase ?? "",
        yearsAsLeader: u?.careerPhase === "experienced" ? (u?.yearsAsLeader ?? null) : null,
      };
    })
    .sort((a, b) => roleOrder[a.role] - roleOrder[b.role] || a.name.localeCompare(b.name, "nl"));
  const leaderCount = memberships.filter((m) => m.role === "leader" && m.status === "active").length;
  return {
    id: String(group._id),
    name: group.name,
    trajectoryName: trajectory?.name ?? "",
    leaderCount,
    complete: leaderCount >= MIN_LEADERS,
    charterVersion: group.charterVersion,
    chairId: group.chairId ? String(group.chairId) : null,
    members,
  };
}

export interface MyGroupDTO {
  id: string;
  name: string;
  trajectoryName: string;
  role: Role | "organiser";
  state: "ok" | "charter_required" | "pending_consent";
}

/** Every group the user belongs to or organises, with what they still need to do. */
export async function listMyGroups(actor: Actor): Promise<MyGroupDTO[]> {
  const ms = (await membershipsOfUser(actor.id)).filter((m) => m.status === "active" || m.status === "pending");
  const trajectories = actor.isOrganiser ? await Trajectory.find({ organiserIds: oid(actor.id) }, { name: 1 }).lean() : [];
  const [memberOf, organised] = await Promise.all([
    Promise.all(ms.map((m) => Group.findById(m.groupId).lean())),
    trajectories.length ? Group.find({ trajectoryId: { $in: trajectories.map((t) => t._id) } }).lean() : [],
  ]);
  // A continued group leaves its organiser's list unless it opted in (decision 056).
  const seen = organised.filter((g) => g.phase !== "continued" || g.organiserView);
  const groups = [...new Map([...memberOf, ...seen].filter((g) => g !== null).map((g) => [String(g._id), g])).values()];
  const tNames = new Map(
    (await Trajectory.find({ _id: { $in: groups.map((g) => g.trajectoryId) } }, { name: 1 }).lean()).map((t) => [String(t._id), t.name]),
  );
  const mByGroup = new Map(ms.map((m) => [String(m.groupId), m]));
  return groups
    .map((g) => {
      const m = mByGroup.get(String(g._id));
      const state: MyGroupDTO["state"] = !m
        ? "ok"
        : m.status === "pending"
          ? "pending_consent"
          : m.acceptedCharterVersion < g.charterVersion
            ? "charter_required"
            : "ok";
      return {
        id: String(g._id),
        name: g.name,
        trajectoryName: tNames.get(String(g.trajectoryId)) ?? "",
        role: (m?.role as Role) ?? "organiser",
        state,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, "nl"));
}

/** Claims a free leader seat (see LeaderSeat) and returns its id; group_full when all are taken. */
export async function takeLeaderSeat(groupId: GroupDoc["_id"], userId: Id): Promise<string> {
  const taken = new Set((await LeaderSeat.find({ groupId }, { _id: 1 }).lean()).map((s) => s._id));
  for (let n = 1; n <= MAX_LEADERS; n++) {
    const _id = `${groupId}:${n}`;
    if (taken.has(_id)) continue;
    try {
      await LeaderSeat.create({ _id, groupId, userId: oid(userId) });
      return _id;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e; // taken meanwhile: try the next one
    }
  }
  throw new DomainError("group_full", undefined, { max: MAX_LEADERS });
}
const releaseLeaderSeat = (groupId: GroupDoc["_id"], userId: Id) => LeaderSeat.deleteMany({ groupId, userId: oid(userId) });
const alreadyMember = () => new DomainError("conflict", [{ path: "email", code: "already_member" }]);

export async function actorName(ctx: ServiceContext) {
  const u = await User.findById(ctx.actor.id, { name: 1, email: 1 }).lean();
  return u?.name || u?.email || "Leerkring";
}

/** Invites a leader or coach by email (organiser). An 11th leader is refused with group_full; more than
 *  LIMITS.invites invitations and proposals of one inviter with rate_limited (retryAfter). */
export async function inviteMember(
  ctx: ServiceContext,
  input: { groupId: string; email: string; role: "leader" | "coach"; name?: string },
) {
  const { group } = await loadGroupFor(ctx.actor, input.groupId, "member.invite");
  await spend(ctx.limits.invites, ctx.actor.id);
  const user = await findOrInviteUser(input.email);
  if (user.status === "removed") throw new DomainError("conflict", [{ path: "email", code: "account_removed" }]);
  // A name from a bulk list, for an account nobody set up yet (its owner may change it).
  if (input.name && user.status === "invited" && !user.name) {
    user.name = input.name;
    await user.save();
  }
  const existing = await findMembership(group._id, user._id);
  if (existing && existing.status !== "removed") throw alreadyMember();
  const seat = input.role === "leader" ? await takeLeaderSeat(group._id, user._id) : null;
  const status = user.status === "active" ? "active" : "invited";
  try {
    if (existing) {
      Object.assign(existing, { role: input.role, status, guestKind: null, acceptedCharterVersion: 0 });
      await existing.save();
    } else {
      await createMembership({ groupId: group._id, userId: user._id, role: input.role, status });
      accessChanged(ctx, group._id);
    }
  } catch (e) {
    if (seat) await LeaderSeat.deleteOne({ _id: seat });
    // The same address invited twice at once: the unique index let one through.
    throw isDuplicateKey(e) ? alreadyMember() : e;
  }
  await recordAudit(group._id, "member_invited", ctx.actor.id, user._id, { role: input.role });
  await notifyAddedUser(ctx, user, await actorName(ctx), { id: String(group._id), name: group.name });
  ctx.publisher.toGroup(String(group._id), "group:changed", { groupId: String(group._id) });
  return { userId: String(user._id) };
}

/** Proposes a guest (organiser or coach); the guest waits until every current leader consented. Draws
 *  on the inviter's invitation budget (LIMITS.invites): the guest is mailed once admitted. */
export async function proposeGuest(
  ctx: ServiceContext,
  input: { groupId: string; email: string; guestKind: (typeof GUEST_KINDS)[number] },
) {
  const { group } = await loadGroupFor(ctx.actor, input.groupId, "guest.propose");
  await spend(ctx.limits.invites, ctx.actor.id);
  const user = await findOrInviteUser(input.email);
  if (user.status === "removed") throw new DomainError("conflict", [{ path: "email", code: "account_removed" }]);
  const existing = await findMembership(group._id, user._id);
  if (existing && existing.status !== "removed") throw alreadyMember();
  const fields = { role: "guest", guestKind: input.guestKind, status: "pending", acceptedCharterVersion: 0 };
  if (existing) {
    await GuestConsent.deleteMany({ membershipId: existing._id }); // consents to an earlier proposal
    Object.assign(existing, fields);
    await existing.save();
  } else {
    await createMembership({ groupId: group._id, userId: user._id, ...fields }).catch((e) => {
      throw isDuplicateKey(e) ? alreadyMember() : e;
    });
  }
  accessChanged(ctx, group._id);
  await recordAudit(group._id, "guest_proposed", ctx.actor.id, user._id, { guestKind: input.guestKind });
  ctx.publisher.toGroup(String(group._id), "group:changed", { groupId: String(group._id) });
  return { userId: String(user._id) };
}

/** Admits pending guests that every current active leader has consented to. */
async function admitConsentedGuests(ctx: ServiceContext, group: GroupRecord) {
  const [leaders, pending] = await Promise.all([
    Membership.find({ groupId: group._id, role: "leader", status: "active" }, { userId: 1 }).lean(),
    Membership.find({ groupId: group._id, role: "guest", status: "pending" }).lean(),
  ]);
  if (leaders.length === 0 || pending.length === 0) return;
  const consents = await GuestConsent.find({ membershipId: { $in: pending.map((g) => g._id) }, leaderId: { $ne: null } }).lean();
  for (const guest of pending) {
    const consented = new Set(consents.filter((c) => String(c.membershipId) === String(guest._id)).map((c) => String(c.leaderId)));
    if (!leaders.every((l) => consented.has(String(l.userId)))) continue;
    const user = await User.findById(guest.userId);
    if (!user) continue;
    // Several last consents at once may all get here: the insert lets exactly one admit.
    try {
      await GuestConsent.create({ _id: `${guest._id}:admitted`, membershipId: guest._id });
    } catch (e) {
      if (isDuplicateKey(e)) continue;
      throw e;
    }
    const status = user.status === "active" ? "active" : "invited";
    await Membership.updateOne({ _id: guest._id, status: "pending" }, { $set: { status } });
    accessChanged(ctx, group._id);
    await recordAudit(group._id, "guest_admitted", ctx.actor.id, guest.userId, { guestKind: guest.guestKind ?? "" });
    await notifyAddedUser(ctx, user, await actorName(ctx), { id: String(group._id), name: group.name });
  }
}

/** A leader consents to a pending guest; the last consent admits the guest. */
export async function consentToGuest(ctx: ServiceContext, input: { groupId: string; userId: string }) {
  const { group } = await loadGroupFor(ctx.actor, input.groupId, "guest.consent");
  if (!isObjectId(input.userId)) throw new DomainError("not_found");
  const guest = await findMembership(group._id, input.userId).lean();
  if (guest?.role !== "guest" || guest.status !== "pending") throw new DomainError("not_found");
  try {
    await GuestConsent.create({ _id: `${guest._id}:${ctx.actor.id}`, membershipId: guest._id, leaderId: oid(ctx.actor.id) });
    await recordAudit(group._id, "guest_consented", ctx.actor.id, input.userId);
  } catch (e) {
    if (!isDuplicateKey(e)) throw e; // consented before: once counts
  }
  await admitConsentedGuests(ctx, group);
  ctx.publisher.toGroup(String(group._id), "group:changed", { groupId: String(group._id) });
}

/** Removes a member (organiser); their sockets leave the group's room at once, on every node. */
export async function removeMember(ctx: ServiceContext, input: { groupId: string; userId: string }) {
  const { group } = await loadGroupFor(ctx.actor, input.groupId, "member.remove");
  await removeMembership(ctx, group, input.userId);
}

/** Ends a membership (any role) and records `audit` (member_removed unless told otherwise). */
export async function removeMembership(
  ctx: ServiceContext,
  group: GroupRecord,
  userId: string,
  audit: { type: "member_removed" | "member_moved_out" | "coach_replaced"; data?: Record<string, string> } = { type: "member_removed" },
) {
  const m = await Membership.findOneAndUpdate(
    { _id: membershipId(group._id, userId), status: { $ne: "removed" } },
    { $set: { status: "removed" } },
  );
  if (!m) throw new DomainError("not_found");
  if (m.role === "leader") await releaseLeaderSeat(group._id, userId);
  if (group.chairId && String(group.chairId) === userId) await Group.updateOne({ _id: group._id }, { $set: { chairId: null } });
  accessChanged(ctx, group._id);
  ctx.publisher.leaveGroup(userId, String(group._id));
  // Network moments (issue 16, decision 079): out of the group's moments they are no longer in.
  await leaveMomentsOfGroup(ctx, userId, String(group._id));
  ctx.publisher.toUser(userId, "group:removed", { groupId: String(group._id) });
  await recordAudit(group._id, audit.type, ctx.actor.id, userId, { role: m.role, ...audit.data });
  // A removed leader's consent is no longer awaited.
  if (m.role === "leader") await admitConsentedGuests(ctx, group);
  ctx.publisher.toGroup(String(group._id), "group:changed", { groupId: String(group._id) });
}

/** Names the chair (voorzitter), an active leader, or ends the chair with null: the coach, the
 *  organiser or the chair handing it on. Last one wins when two name someone at once. */
export async function setChair(ctx: ServiceContext, input: { groupId: string; userId: string | null }) {
  const { group } = await loadGroupFor(ctx.actor, input.groupId, "group.setChair");
  if (input.userId) {
    const m = await findMembership(group._id, input.userId).lean();
    if (m?.status !== "active" || m.role !== "leader") throw new DomainError("invalid_input", [{ path: "userId", code: "not_a_leader" }]);
  }
  await Group.updateOne({ _id: group._id }, { $set: { chairId: input.userId ? oid(input.userId) : null } });
  accessChanged(ctx, group._id);
  await recordAudit(group._id, input.userId ? "chair_set" : "chair_ended", ctx.actor.id, input.userId);
  ctx.publisher.toGroup(String(group._id), "group:changed", { groupId: String(group._id) });
}

/** Switches a member between leader and coach (organiser), keeping the leader limit. */
export async function changeRole(ctx: ServiceContext, input: { groupId: string; userId: string; role: "leader" | "coach" }) {
  const { group } = await loadGroupFor(ctx.actor, input.groupId, "member.changeRole");
  const m = await findMembership(group._id, input.userId);
  if (!m || (m.status !== "active" && m.status !== "invited") || m.role === "guest") throw new DomainError("not_found");
  if (m.role === input.role) return;
  const seat = input.role === "leader" ? await takeLeaderSeat(group._id, m.userId) : null;
  const from = m.role;
  m.role = input.role;
  try {
    await m.save();
  } catch (e) {
    if (seat) await LeaderSeat.deleteOne({ _id: seat });
    throw e;
  }
  if (from === "leader") await releaseLeaderSeat(group._id, m.userId);
  if (from === "leader" && group.chairId && String(group.chairId) === input.userId)
    await Group.updateOne({ _id: group._id }, { $set: { chairId: null } });
  accessChanged(ctx, group._id);
  await recordAudit(group._id, "role_changed", ctx.actor.id, input.userId, { from, to: input.role });
  ctx.publisher.toGroup(String(group._id), "group:changed", { groupId: String(group._id) });
}

/** Removes an account (organiser of a trajectory the user is in): every membership, every session. */
export async function removeAccount(ctx: ServiceContext, userId: string) {
  if (!ctx.actor.isOrganiser || !isObjectId(userId) || userId === ctx.actor.id) throw new DomainError("not_found");
  const ms = (await membershipsOfUser(userId)).filter((m) => m.status !== "removed");
  const groups = (await Promise.all(ms.map((m) => Group.findById(m.groupId)))).filter((g) => g !== null);
  const mine = new Set((await Trajectory.find({ organiserIds: oid(ctx.actor.id) }, { _id: 1 }).lean()).map((t) => String(t._id)));
  if (ms.length === 0 || !groups.every((g) => mine.has(String(g.trajectoryId)))) throw new DomainError("not_found");
  await User.updateOne({ _id: oid(userId) }, { $set: { status: "removed", passwordHash: "" } });
  await destroyUserSessions(userId, ctx.publisher);
  for (const g of groups) await removeMembership(ctx, g, userId).catch(() => undefined);
}

export const CONTENT_KINDS = {
  members: "group.view",
  charter: "charter.read",
  content: "group.content",
  presence: "presence.read",
  audit: "audit.read",
  manage: "member.invite",
} as const satisfies Record<string, GroupAction>;
export type ContentKind = keyof typeof CONTENT_KINDS;
export type AccessRole = Role | "organiser";

/** "Who sees what": for each kind of content, which roles may see it (read off the policy itself,
 *  for a member who accepted the charter) and who holds those roles in this group. */
export async function getWhoSeesWhat(ctx: ServiceContext, groupId: string) {
  const { group } = await loadGroupFor(ctx.actor, groupId, "whoSeesWhat.read");
  const roles: AccessRole[] = ["leader", "coach", "guest", "organiser"];
  const accessOf = (r: AccessRole): GroupAccess =>
    r === "organiser"
      ? { isTrajectoryOrganiser: true, membership: null, charterVersion: 1 }
      : { isTrajectoryOrganiser: false, membership: { role: r, status: "active", acceptedCharterVersion: 1 }, charterVersion: 1 };
  const matrix = (Object.keys(CONTENT_KINDS) as ContentKind[]).map((kind) => ({
    kind,
    roles: roles.filter((r) => decide(accessOf(r), CONTENT_KINDS[kind]) === "allow"),
  }));
  const [ms, trajectory] = await Promise.all([
    Membership.find({ groupId: group._id, status: "active" }, { userId: 1, role: 1 }).lean(),
    Trajectory.findById(group.trajectoryId, { organiserIds: 1 }).lean(),
  ]);
  const ids = [...ms.map((m) => m.userId), ...(trajectory?.organiserIds ?? [])];
  const users = await User.find({ _id: { $in: ids } }, { name: 1, email: 1 }).lean();
  const nameOf = new Map(users.map((u) => [String(u._id), u.name || u.email]));
  const people: Record<AccessRole, string[]> = { leader: [], coach: [], guest: [], organiser: [] };
  for (const m of ms) people[m.role as Role].push(nameOf.get(String(m.userId)) ?? "?");
  for (const o of trajectory?.organiserIds ?? []) people.organiser.push(nameOf.get(String(o)) ?? "?");
  for (const r of roles) people[r].sort((a, b) => a.localeCompare(b, "nl"));
  return { roles, matrix, people };
}

/** The actions a group page's shell tells its pages about (which buttons to show). */
const SHELL_ACTIONS = [
  "charter.propose",
  "member.invite",
  "member.remove",
  "member.changeRole",
  "guest.propose",
  "guest.consent",
  "presence.read",
  "thread.read",
  "thread.post",
  "thread.pin",
  "group.setChair",
] as const satisfies readonly GroupAction[];

/** The group layout's view of the policy: which tabs to show; null for an outsider (a 404 on every page). */
export async function getGroupShell(actor: Actor, groupId: string) {
  const loaded = await getGroupAccess(actor, groupId);
  if (!loaded || decide(loaded.access, "whoSeesWhat.read") === "not_found") return null;
  const allow = (a: GroupAction) => decide(loaded.access, a) === "allow";
  const manages = allow("member.invite") || allow("member.remove") || allow("member.changeRole") || allow("guest.propose");
  return {
    group: {
      id: String(loaded.group._id),
      name: loaded.group.name,
      trajectoryId: String(loaded.group.trajectoryId),
      closed: loaded.group.status === "closed",
    },
    role: loaded.access.membership?.status === "active" ? loaded.access.membership.role : "organiser",
    tabs: {
      overview: allow("group.view"),
      threads: allow("thread.read"),
      docs: allow("doc.read"),
      charter: allow("charter.read"),
      // Managing members, or (a leader) only consenting to proposed guests: a tab of its own name.
      members: manages,
      guests: !manages && allow("guest.consent"),
      protocols: allow("group.content"),
      // preparing intervision rounds (decision 033)
      prepare: allow("group.content"),
      meetings: allow("meeting.read"),
      // Live intervision rounds (issue 13)
      rounds: allow("group.content"),
      whoSeesWhat: allow("whoSeesWhat.read"),
      audit: allow("audit.read"),
      // Action plans, group goals, the coach's room (decisions 037, 038)
      plan: allow("group.content") && (loaded.access.membership?.role === "leader" || loaded.access.membership?.role === "coach"),
      goals: allow("group.content"),
      coach: isGroupCoach(loaded.access),
      // Evaluation (issue 15, decision 053): the group's own figures, for its leaders and coach
      evaluation: allow("group.content") && (loaded.access.membership?.role === "leader" || loaded.access.membership?.role === "coach"),
      // Practice stories and the end of the trajectory (decisions 055, 056): the leaders' and the coach's; the
      // end page also the organiser's (the approved report; nothing of a continued group unless it opted in).
      stories: allow("group.content") && (loaded.access.membership?.role === "leader" || loaded.access.membership?.role === "coach"),
      ending: allow("group.view") && loaded.access.membership?.role !== "guest",
      // Search (issue 20 item 3, decision 086): for who may read the group's content
      search: allow("group.content"),
    },
    allow: Object.fromEntries(SHELL_ACTIONS.map((a) => [a, allow(a)])) as Record<(typeof SHELL_ACTIONS)[number], boolean>,
  };
}

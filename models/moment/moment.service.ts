// Planning a network moment (issue 16 item 1, decision 066): an organiser of the trajectory plans a
// moment for some or all of its groups, with its programme of blocks; its facilitators (the
// organisers and whoever an organiser names) edit the plan and cancel it. Every change goes into
// the trajectory's audit log, and the invited hear of a new moment, a new date or place, and a
// cancellation (a Notification of kind "moment", mailed per their "meeting" choice by models/notify).
// The participants are derived, never stored: the invited groups' active leaders and coaches.
import { randomBytes } from "node:crypto";
import { recordTrajectoryAudit } from "../audit/audit.service";
import { Group } from "../group/group.model";
import { activeMembers, membershipsOfUser } from "../group/memberships";
import { localFields, toTimeZone } from "../i18n/dates";
import { atLocalHour } from "../meeting/rhythm";
import type { Actor, ServiceContext } from "../shared/context";
import { ignoreDuplicateKey } from "../shared/duplicate-key";
import { DomainError } from "../shared/errors";
import { isObjectId } from "../shared/ids";
import { oid } from "../shared/oid";
import { parseInput as parse } from "../shared/parse";
import { Notification } from "../thread/thread.model";
import { Trajectory } from "../trajectory/trajectory.model";
import { User } from "../user/user.model";
import { displayNames } from "../user/user.service";
import { getMomentAccess, loadMomentFor } from "./moment.access";
// Network moments, wiring: who loses the moment leaves its rooms and documents at once.
import { scopeAccessChanged } from "../document/moment-docs";
import { afterMomentChanged } from "./live.rooms";
import { MAX_MOMENT_FACILITATORS, type MomentRole } from "./moment.constants";
import type { MomentBlockDTO, MomentListsDTO, MomentPlanDTO, MomentSummaryDTO, TrajectoryMomentsDTO } from "./moment.dto";
import {
  type CreateMoment,
  CreateMomentInput,
  MomentTargetInput,
  NameFacilitatorInput,
  RemoveFacilitatorInput,
  TrajectoryMomentsInput,
  type UpdateMoment,
  UpdateMomentInput,
} from "./moment.inputs";
import { Breakout, Moment, type MomentBlock, type MomentRecord } from "./moment.model";

/** The longest lists the pages show: the most recent and the next moments. */
export const MOMENT_LIST_LIMIT = { upcoming: 20, past: 10, trajectory: 100, organised: 50 } as const;
/** A moment still counts as upcoming this long after its start (a long day in progress). */
const UNDERWAY_MS = 12 * 3_600_000;

type Change = "added" | "moved" | "cancelled" | "reminder" | "facilitator";

// ---- reading -------------------------------------------------------------------------------------

/** When the moment ends: its start plus its blocks' minutes. */
export const endOf = (m: Pick<MomentRecord, "startsAt" | "blocks">) =>
  new Date(m.startsAt.getTime() + m.blocks.reduce((s, b) => s + b.minutes, 0) * 60_000);

function blocksOf(m: Pick<MomentRecord, "startsAt" | "blocks">): MomentBlockDTO[] {
  let at = m.startsAt.getTime();
  return m.blocks.map((b) => {
    const startsAt = new Date(at).toISOString();
    at += b.minutes * 60_000;
    return {
      id: b._id,
      kind: b.kind,
      title: b.title,
      minutes: b.minutes,
      startsAt,
      rule: b.rule ?? null,
      size: b.size ?? null,
      themes: b.themes ?? [],
      protocolId: (b.protocolId as MomentBlockDTO["protocolId"]) ?? null,
    };
  });
}

function summaryOf(m: MomentRecord, role: MomentRole, trajectoryName: string): MomentSummaryDTO {
  return {
    id: String(m._id),
    title: m.title,
    startsAt: m.startsAt.toISOString(),
    endsAt: endOf(m).toISOString(),
    place: m.place,
    agenda: m.agenda,
    status: m.status,
    role,
    trajectoryName,
    groupCount: m.groupIds.length,
    blocks: blocksOf(m),
  };
}

/** Upcoming (soonest first, including one under way) and past (latest first), each bounded. */
function split(ms: MomentRecord[], now: Date, dto: (m: MomentRecord) => MomentSummaryDTO | null): MomentListsDTO {
  const unique = [...new Map(ms.map((m) => [String(m._id), m])).values()];
  const over = (m: MomentRecord) => endOf(m) < now;
  const byStart = (a: MomentRecord, b: MomentRecord) => a.startsAt.getTime() - b.startsAt.getTime();
  const list = (xs: MomentRecord[], n: number) => xs.flatMap((m) => dto(m) ?? []).slice(0, n);
  return {
    upcoming: list(unique.filter((m) => !over(m)).sort(byStart), MOMENT_LIST_LIMIT.upcoming),
    past: list(
      unique.filter(over).sort((a, b) => byStart(b, a)),
      MOMENT_LIST_LIMIT.past,
    ),
  };
}

/** The moments of `filter` around `now`: the next ones and the last ones, each a bounded range on an index. */
async function around(filter: Record<string, unknown>, now: Date) {
  const from = new Date(now.getTime() - UNDERWAY_MS);
  const [next, last] = await Promise.all([
    Moment.find({ ...filter, startsAt: { $gte: from } })
      .sort({ startsAt: 1 })
      .limit(MOMENT_LIST_LIMIT.upcoming)
      .lean(),
    Moment.find({ ...filter, startsAt: { $lt: now } })
      .sort({ startsAt: -1 })
      .limit(MOMENT_LIST_LIMIT.past)
      .lean(),
  ]);
  return [...next, ...last] as MomentRecord[];
}

/** The trajectory the actor organises, or not_found (also for a trajectory that does not exist). */
async function organisedTrajectory(actor: Actor, trajectoryId: string) {
  if (!actor.isOrganiser || !isObjectId(trajectoryId)) throw new DomainError("not_found");
  const t = await Trajectory.findById(trajectoryId, { name: 1, organiserIds: 1 }).lean();
  if (!t?.organiserIds.some((o) => String(o) === actor.id)) throw new DomainError("not_found");
  return t;
}

const isOrganiserOf = async (actor: Actor, trajectoryId: unknown) =>
  actor.isOrganiser &&
  !!(await Trajectory.findById(trajectoryId, { organiserIds: 1 }).lean())?.organiserIds.some((o) => String(o) === actor.id);

/** The trajectory's groups a moment may invite: the open ones (and those in `keep`, invited before they closed). */
async function invitableGroups(trajectoryId: unknown, keep: string[] = []) {
  const groups = await Group.find({ trajectoryId }, { name: 1, status: 1 }).sort({ name: 1 }).lean();
  return groups.filter((g) => g.status !== "closed" || keep.includes(String(g._id))).map((g) => ({ id: String(g._id), name: g.name }));
}

/** The organiser's moments of a trajectory, and the groups a new one may invite. */
export async function listTrajectoryMoments(ctx: ServiceContext, input: unknown, now = new Date()): Promise<TrajectoryMomentsDTO> {
  const { trajectoryId } = parse(TrajectoryMomentsInput, input);
  const t = await organisedTrajectory(ctx.actor, trajectoryId);
  const [ms, groups] = await Promise.all([around({ trajectoryId: t._id }, now), invitableGroups(t._id)]);
  return {
    trajectory: { id: String(t._id), name: t.name },
    groups,
    ...split(ms, now, (m) => summaryOf(m, "facilitator", t.name)),
  };
}

/** "My moments": those of the groups the actor is an active leader or coach of, those they were
 *  named to facilitate and those of the trajectories they organise; upcoming and past. A cancelled
 *  moment shows to its facilitators only (to the rest it no longer exists, as the gate says). */
export async function listMyMoments(ctx: ServiceContext, now = new Date()): Promise<MomentListsDTO> {
  const me = ctx.actor.id;
  const groupIds = (await membershipsOfUser(me))
    .filter((m) => m.status === "active" && (m.role === "leader" || m.role === "coach"))
    .map((m) => m.groupId);
  const organised = ctx.actor.isOrganiser
    ? await Trajectory.find({ organiserIds: oid(me) }, { _id: 1 })
        .limit(MOMENT_LIST_LIMIT.organised)
        .lean()
    : [];
  const found = (
    await Promise.all([
      groupIds.length ? around({ groupIds: { $in: groupIds } }, now) : [],
      around({ facilitatorIds: oid(me) }, now),
      organised.length ? around({ trajectoryId: { $in: organised.map((t) => t._id) } }, now) : [],
    ])
  ).flat();
  const organisedIds = new Set(organised.map((t) => String(t._id)));
  const names = new Map(
    (await Trajectory.find({ _id: { $in: [...new Set(found.map((m) => String(m.trajectoryId)))] } }, { name: 1 }).lean()).map((t) => [
      String(t._id),
      t.name,
    ]),
  );
  const mine = new Set(groupIds.map(String));
  return split(found, now, (m) => {
    const facilitates = organisedIds.has(String(m.trajectoryId)) || m.facilitatorIds.some((f) => String(f) === me);
    if (!facilitates && (m.status === "cancelled" || !m.groupIds.some((g) => mine.has(String(g))))) return null;
    return summaryOf(m, facilitates ? "facilitator" : "participant", names.get(String(m.trajectoryId)) ?? "");
  });
}

/** The invited: each active leader and coach of the moment's groups, with the group they come from. */
export async function participantsOf(m: Pick<MomentRecord, "groupIds">): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const members = await Promise.all(m.groupIds.map((g) => activeMembers(g)));
  m.groupIds.forEach((g, i) => {
    for (const u of members[i]) if ((u.role === "leader" || u.role === "coach") && !out.has(u.userId)) out.set(u.userId, String(g));
  });
  return out;
}

/** The plan of a moment, for its facilitators (a participant: forbidden; anyone else: not_found). */
export async function getMomentPlan(ctx: ServiceContext, input: unknown): Promise<MomentPlanDTO> {
  const { momentId } = parse(MomentTargetInput, input);
  const { moment: m } = await loadMomentFor(ctx.actor, momentId, "facilitate");
  const [t, user, canName, participants] = await Promise.all([
    Trajectory.findById(m.trajectoryId, { name: 1 }).lean(),
    User.findById(ctx.actor.id, { timeZone: 1 }).lean(),
    isOrganiserOf(ctx.actor, m.trajectoryId),
    participantsOf(m),
  ]);
  const groupIds = m.groupIds.map(String);
  const [groups, names] = await Promise.all([invitableGroups(m.trajectoryId, groupIds), displayNames(ctx, m.facilitatorIds)]);
  return {
    ...summaryOf(m, "facilitator", t?.name ?? ""),
    trajectoryId: String(m.trajectoryId),
    local: localFields(m.startsAt, toTimeZone(user?.timeZone)),
    groupIds,
    groups,
    facilitators: m.facilitatorIds.map((f) => ({ id: String(f), name: names.get(String(f)) ?? "?" })),
    canName,
    participantCount: participants.size,
  };
}

// ---- writing -------------------------------------------------------------------------------------

/** Refuses (not_found, forbidden) whoever may not plan here: a new moment of the trajectory (its
 *  organisers) or the plan of a moment (its facilitators). The form's draft steps call it before
 *  showing a changed draft, so an outsider learns nothing from them either. */
export async function assertCanPlan(ctx: ServiceContext, target: { trajectoryId: string } | { momentId: string }): Promise<void> {
  if ("momentId" in target) await loadMomentFor(ctx.actor, target.momentId, "facilitate");
  else await organisedTrajectory(ctx.actor, target.trajectoryId);
}

/** The start of a plan: its wall-clock date and time in the actor's own time zone. */
async function startOf(ctx: ServiceContext, v: { date: string; time: string }) {
  const tz = toTimeZone((await User.findById(ctx.actor.id, { timeZone: 1 }).lean())?.timeZone);
  const [y, mo, d] = v.date.split("-").map(Number);
  return atLocalHour(Date.UTC(y, mo - 1, d), Number(v.time.slice(0, 2)) + Number(v.time.slice(3)) / 60, tz);
}

const newBlockId = () => `b-${randomBytes(6).toString("base64url")}`;

/** The blocks to store: an existing block keeps its id, a new one gets one. */
function blocksFrom(v: CreateMoment | UpdateMoment, existing: MomentBlock[] = []): MomentBlock[] {
  const known = new Set(existing.map((b) => b._id));
  return v.blocks.map((b) => ({
    _id: b.id && known.has(b.id) ? b.id : newBlockId(),
    kind: b.kind,
    title: b.title,
    minutes: b.minutes,
    rule: b.rule,
    size: b.size,
    themes: b.kind === "breakouts" && b.rule === "theme" ? b.themes : undefined,
    protocolId: b.protocolId,
  })) as MomentBlock[];
}

/** Every invited group is an open group of the trajectory (or one invited before it closed). */
async function assertGroupsOf(trajectoryId: unknown, groupIds: string[], keep: string[] = []) {
  const open = new Set((await invitableGroups(trajectoryId, keep)).map((g) => g.id));
  if (!groupIds.every((g) => open.has(g))) throw new DomainError("invalid_input", [{ path: "groupIds", code: "moment_groups" }]);
}

const inPast = () => new DomainError("invalid_input", [{ path: "date", code: "moment_in_past" }]);

/** One "moment" notification per user in `to` (user -> the group it is filed under), except the actor. */
async function notify(ctx: ServiceContext, m: MomentRecord, change: Change, to: Map<string, string>, at = Date.now()) {
  const docs = [...to]
    .filter(([userId]) => userId !== ctx.actor.id)
    .map(([userId, groupId]) => ({
      _id: `${userId}:moment:${m._id}:${change}:${at}`,
      userId: oid(userId),
      groupId: oid(groupId),
      momentId: m._id,
      kind: "moment" as const,
      change,
    }));
  if (docs.length) await Notification.insertMany(docs, { ordered: false }).catch(ignoreDuplicateKey);
}

/** An organiser of the trajectory plans a moment for some or all of its open groups; the invited hear of it. */
export async function createMoment(ctx: ServiceContext, input: unknown, now = new Date()): Promise<{ id: string }> {
  const v = parse(CreateMomentInput, input);
  const t = await organisedTrajectory(ctx.actor, v.trajectoryId);
  await assertGroupsOf(t._id, v.groupIds);
  const startsAt = await startOf(ctx, v);
  if (startsAt < now) throw inPast();
  const created = await Moment.create({
    trajectoryId: t._id,
    title: v.title,
    startsAt,
    place: v.place,
    agenda: v.agenda,
    groupIds: v.groupIds.map(oid),
    facilitatorIds: [],
    blocks: blocksFrom(v),
    status: "planned",
    createdBy: oid(ctx.actor.id),
  });
  const m = created.toObject() as MomentRecord;
  await recordTrajectoryAudit(t._id, "moment_planned", ctx.actor.id, { momentId: String(m._id), title: m.title });
  await notify(ctx, m, "added", await participantsOf(m));
  return { id: String(m._id) };
}

/** After the groups, facilitators or status changed (the moment as it was `before`): every node
 *  forgets what it kept of access to the moment's documents, and whoever lost the moment (or
 *  facilitating it) leaves its rooms and documents on every node at once (live.rooms.ts). */
async function accessChanged(ctx: ServiceContext, before: MomentRecord) {
  await scopeAccessChanged(ctx, String(before._id));
  await afterMomentChanged(ctx, before);
}

/** A facilitator changes the plan: title, start, place, agenda, the groups and the blocks. Those who
 *  were invited hear of a new start or place; newly invited groups hear of the moment. A block whose
 *  breakouts were composed stays (conflict); a new start is not in the past. */
export async function updateMoment(ctx: ServiceContext, input: unknown, now = new Date()): Promise<void> {
  const v = parse(UpdateMomentInput, input);
  const { moment: before } = await loadMomentFor(ctx.actor, v.momentId, "facilitate");
  if (before.status === "cancelled") throw new DomainError("conflict", undefined, { reason: "moment_cancelled" });
  const beforeGroups = before.groupIds.map(String);
  await assertGroupsOf(before.trajectoryId, v.groupIds, beforeGroups);
  const startsAt = await startOf(ctx, v);
  if (startsAt.getTime() !== before.startsAt.getTime() && startsAt < now) throw inPast();
  const blocks = blocksFrom(v, before.blocks);
  const removed = before.blocks.filter((b) => !blocks.some((x) => x._id === b._id)).map((b) => b._id);
  if (removed.length && (await Breakout.exists({ momentId: before._id, blockId: { $in: removed } })))
    throw new DomainError("conflict", undefined, { reason: "moment_block_composed" });
  const set = { title: v.title, startsAt, place: v.place, agenda: v.agenda, groupIds: v.groupIds.map(oid), blocks };
  await Moment.updateOne({ _id: before._id }, { $set: set });
  await accessChanged(ctx, before);
  const after = { ...before, ...set } as MomentRecord;
  const moved = startsAt.getTime() !== before.startsAt.getTime() || v.place !== before.place;
  await recordTrajectoryAudit(before.trajectoryId, "moment_changed", ctx.actor.id, {
    momentId: String(before._id),
    title: v.title,
    ...(moved ? { moved: 1 } : {}),
  });
  const [was, is] = await Promise.all([participantsOf(before), participantsOf(after)]);
  const added = new Map([...is].filter(([u]) => !was.has(u)));
  const stayed = new Map([...is].filter(([u]) => was.has(u)));
  await notify(ctx, after, "added", added);
  if (moved) await notify(ctx, after, "moved", stayed);
}

/** A facilitator cancels the moment: the invited hear of it, and to them it no longer exists. */
export async function cancelMoment(ctx: ServiceContext, input: unknown): Promise<void> {
  const { momentId } = parse(MomentTargetInput, input);
  const { moment: m } = await loadMomentFor(ctx.actor, momentId, "facilitate");
  if (m.status === "cancelled") return;
  // The participants before the write: afterwards the gate no longer lets them in.
  const invited = await participantsOf(m);
  await Moment.updateOne({ _id: m._id }, { $set: { status: "cancelled" } });
  await accessChanged(ctx, m);
  await recordTrajectoryAudit(m.trajectoryId, "moment_cancelled", ctx.actor.id, { momentId: String(m._id), title: m.title });
  await notify(ctx, { ...m, status: "cancelled" }, "cancelled", invited);
}

/** The moment an organiser of its trajectory may name facilitators for (a named facilitator may not: forbidden). */
async function loadForNaming(ctx: ServiceContext, momentId: string) {
  const { moment: m } = await loadMomentFor(ctx.actor, momentId, "facilitate");
  if (!(await isOrganiserOf(ctx.actor, m.trajectoryId))) throw new DomainError("forbidden");
  if (m.status === "cancelled") throw new DomainError("conflict", undefined, { reason: "moment_cancelled" });
  return m;
}

/** An organiser names someone with an account a facilitator of the moment. From then on their
 *  sign-in asks for a second factor (models/mfa isSecondFactorRequired), like a coach's. */
export async function nameFacilitator(ctx: ServiceContext, input: unknown): Promise<{ userId: string }> {
  const v = parse(NameFacilitatorInput, input);
  const m = await loadForNaming(ctx, v.momentId);
  const user = await User.findOne({ email: v.email }, { status: 1 }).lean();
  if (user?.status !== "active") throw new DomainError("invalid_input", [{ path: "email", code: "moment_no_account" }]);
  const userId = String(user._id);
  if (m.facilitatorIds.some((f) => String(f) === userId)) return { userId };
  if (m.facilitatorIds.length >= MAX_MOMENT_FACILITATORS)
    throw new DomainError("invalid_input", [{ path: "email", code: "moment_facilitators_full" }]);
  await Moment.updateOne({ _id: m._id }, { $addToSet: { facilitatorIds: user._id } });
  await scopeAccessChanged(ctx, String(m._id)); // they write the notes from now on
  await recordTrajectoryAudit(m.trajectoryId, "moment_facilitator_named", ctx.actor.id, { momentId: String(m._id), userId });
  const home = (await participantsOf(m)).get(userId);
  await notify(ctx, m, "facilitator", new Map([[userId, home ?? String(m._id)]]));
  return { userId };
}

/** An organiser takes a named facilitator off the moment (they stay a participant if their group is invited). */
export async function removeFacilitator(ctx: ServiceContext, input: unknown): Promise<void> {
  const v = parse(RemoveFacilitatorInput, input);
  const m = await loadForNaming(ctx, v.momentId);
  if (!m.facilitatorIds.some((f) => String(f) === v.userId)) return;
  await Moment.updateOne({ _id: m._id }, { $pull: { facilitatorIds: oid(v.userId) } });
  await accessChanged(ctx, m);
  await recordTrajectoryAudit(m.trajectoryId, "moment_facilitator_removed", ctx.actor.id, { momentId: String(m._id), userId: v.userId });
}

/** Is the user a named facilitator of a moment that is not cancelled (decision 066: they need a second factor)? */
export async function facilitatesPlannedMoment(userId: string): Promise<boolean> {
  return !!(await Moment.exists({ facilitatorIds: oid(userId), status: "planned" }));
}

/** What a moment is to the user now, for the notify mailer (null: nothing any more). */
export async function momentForMail(user: Actor, momentId: string) {
  const loaded = await getMomentAccess(user, momentId);
  return loaded ? { title: loaded.moment.title, startsAt: loaded.moment.startsAt } : null;
}

/** A cancelled moment's title and date, for the mail telling its invited so (they are no longer in it). */
export async function cancelledMoment(momentId: string) {
  const m = await Moment.findById(momentId, { title: 1, startsAt: 1, status: 1 }).lean();
  return m?.status === "cancelled" ? { title: m.title, startsAt: m.startsAt } : null;
}

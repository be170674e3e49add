// The group's shared goals (issue 14 item 6, docs/decisions/038): a leader or the coach proposes a
// goal with success criteria; it is fixed once every active leader and coach agreed to its current
// version, the charter's agreement (models/shared/agreement.ts); an edit is a new version and asks
// everyone again. Goals link to the group's meetings, documents and cases, and threads; the group
// writes a progress note per meeting. Guests read; the organiser sees nothing.
import { CollabDocument } from "../document/document.model";
import { loadGroupFor } from "../group/group.service";
import { activeMembers } from "../group/memberships";
import { Meeting } from "../meeting/meeting.model";
import { writesInGroup } from "../plan/plan.policy";
import { agreementOf, assertCurrentVersion, insertVersion } from "../shared/agreement";
import type { ServiceContext } from "../shared/context";
import { ignoreDuplicateKey, retryOnDuplicate } from "../shared/duplicate-key";
import { DomainError } from "../shared/errors";
import { oid } from "../shared/oid";
import { parseInput } from "../shared/parse";
import { Notification, Thread } from "../thread/thread.model";
import { displayNames } from "../user/user.service";
import { GOAL_LINKS_MAX, type GoalLinkKind } from "./goal.constants";
import { AgreeGoalInput, EditGoalInput, GoalProgressInput, GroupGoalsInput, LinkGoalInput, ProposeGoalInput } from "./goal.inputs";
import { Goal, GoalAgreement, GoalProgress, GoalVersion } from "./goal.model";

export interface GoalLinkDTO {
  kind: GoalLinkKind;
  id: string;
  title: string;
  /** A meeting's start, to show its date. */
  at: string | null;
  href: string;
}
export interface GoalDTO {
  id: string;
  title: string;
  criteria: string[];
  version: number;
  fixed: boolean;
  agreed: string[];
  waiting: string[];
  /** The reader agreed to the current version. */
  iAgreed: boolean;
  proposedBy: string;
  links: GoalLinkDTO[];
  progress: { meetingId: string; meetingAt: string; text: string; authorName: string }[];
}
export interface GoalsPageDTO {
  goals: GoalDTO[];
  canWrite: boolean;
  /** What a goal can link to: the group's meetings, documents and cases, threads. */
  targets: { kind: GoalLinkKind; id: string; title: string; at: string | null }[];
}

const CHANGED = { path: "version", code: "goal_changed" };

/** The members whose agreement fixes a goal: the active leaders and coaches (not guests). */
const agreeingMembers = async (groupId: string) =>
  (await activeMembers(groupId)).filter((m) => m.role === "leader" || m.role === "coach").map((m) => m.userId);

/** Everything in the group a goal may link to, by kind and id (the same group only; no charter, no coaching talks). */
async function linkTargets(groupId: string) {
  const g = oid(groupId);
  const [meetings, docs, threads] = await Promise.all([
    Meeting.find({ groupId: g }, { title: 1, kind: 1, startsAt: 1, status: 1 }).lean(),
    CollabDocument.find({ groupId: g }, { title: 1, kind: 1, archived: 1 }).lean(),
    Thread.find({ groupId: g }, { title: 1 }).lean(),
  ]);
  return [
    ...meetings
      .filter((m) => m.kind !== "coaching_talk" && m.status !== "cancelled")
      .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
      .map((m) => ({ kind: "meeting" as const, id: String(m._id), title: m.title, meetingKind: m.kind, at: m.startsAt.toISOString() })),
    ...docs
      .filter((d) => d.kind !== "charter" && !d.archived)
      .map((d) => ({ kind: "document" as const, id: String(d._id), title: d.title, meetingKind: null, at: null })),
    ...threads.map((t) => ({ kind: "thread" as const, id: String(t._id), title: t.title, meetingKind: null, at: null })),
  ];
}

const hrefOf = (groupId: string, kind: GoalLinkKind, id: string) =>
  kind === "meeting"
    ? `/groups/${groupId}/meetings`
    : kind === "document"
      ? `/groups/${groupId}/docs/${id}`
      : `/groups/${groupId}/threads/${id}`;

/** The group's goals with who agreed, their links and progress notes. */
export async function listGoals(ctx: ServiceContext, input: unknown): Promise<GoalsPageDTO> {
  const { groupId } = parseInput(GroupGoalsInput, input);
  const { access } = await loadGroupFor(ctx.actor, groupId, "group.content");
  const goals = await Goal.find({ groupId: oid(groupId) }).lean();
  const ids = goals.map((g) => g._id);
  const [members, agreements, progress, targets] = await Promise.all([
    agreeingMembers(groupId),
    ids.length ? GoalAgreement.find({ goalId: { $in: ids } }).lean() : [],
    ids.length ? GoalProgress.find({ goalId: { $in: ids } }).lean() : [],
    linkTargets(groupId),
  ]);
  const names = await displayNames(ctx, [...members, ...goals.map((g) => g.createdBy), ...progress.map((p) => p.authorId)]);
  const target = new Map(targets.map((t) => [`${t.kind}:${t.id}`, t]));
  const meetingAt = new Map(targets.filter((t) => t.kind === "meeting").map((t) => [t.id, t.at]));
  const dto = (g: (typeof goals)[number]): GoalDTO => {
    const state = agreementOf(
      members,
      agreements.filter((a) => String(a.goalId) === String(g._id) && a.version === g.version).map((a) => String(a.userId)),
    );
    return {
      id: String(g._id),
      title: g.title,
      criteria: g.criteria,
      version: g.version,
      fixed: g.fixedVersion === g.version || state.complete,
      agreed: state.agreed.map((u) => names.get(u) ?? ""),
      waiting: state.waiting.map((u) => names.get(u) ?? ""),
      iAgreed: state.agreed.includes(ctx.actor.id),
      proposedBy: names.get(String(g.createdBy)) ?? "",
      // A link whose target left the group's lists (archived, cancelled) is not shown.
      links: g.links.flatMap((l) => {
        const t = target.get(`${l.kind}:${l.targetId}`);
        return t ? [{ kind: t.kind, id: t.id, title: t.title, at: t.at, href: hrefOf(groupId, t.kind, t.id) }] : [];
      }),
      progress: progress
        .filter((p) => String(p.goalId) === String(g._id) && meetingAt.has(String(p.meetingId)))
        .map((p) => ({
          meetingId: String(p.meetingId),
          meetingAt: meetingAt.get(String(p.meetingId)) ?? "",
          text: p.text,
          authorName: names.get(String(p.authorId)) ?? "",
        }))
        .sort((a, b) => a.meetingAt.localeCompare(b.meetingAt)),
    };
  };
  return {
    goals: goals.sort((a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0)).map(dto),
    canWrite: writesInGroup(access),
    targets: targets.map(({ kind, id, title, at }) => ({ kind, id, title, at })),
  };
}

/** A leader or coach of the group who may write now; guests and the organiser are refused. */
async function writer(ctx: ServiceContext, groupId: string) {
  const { access } = await loadGroupFor(ctx.actor, groupId, "group.content");
  if (!writesInGroup(access)) throw new DomainError("forbidden");
}

async function loadGoal(groupId: string, goalId: string) {
  const goal = await Goal.findOne({ _id: oid(goalId), groupId: oid(groupId) });
  if (!goal) throw new DomainError("not_found");
  return goal;
}

/** Records the actor's agreement to a version; fixes the goal when that completes everyone's. */
async function agree(ctx: ServiceContext, groupId: string, goalId: string, version: number) {
  await GoalAgreement.create({
    _id: `${goalId}:${version}:${ctx.actor.id}`,
    goalId: oid(goalId),
    version,
    userId: oid(ctx.actor.id),
  }).catch(ignoreDuplicateKey);
  const agreed = (await GoalAgreement.find({ goalId: oid(goalId), version }, { userId: 1 }).lean()).map((a) => String(a.userId));
  if (agreementOf(await agreeingMembers(groupId), agreed).complete) {
    // Same value from every writer: a non-atomic update is harmless here, and a newer version is never fixed by it (fixed = fixedVersion === version).
    await Goal.updateOne({ _id: oid(goalId), version }, { $set: { fixedVersion: version } });
  }
}

/** Proposes a goal (version 1); the proposer agrees to it. */
export async function proposeGoal(ctx: ServiceContext, input: unknown): Promise<{ id: string }> {
  const v = parseInput(ProposeGoalInput, input);
  await writer(ctx, v.groupId);
  const goal = await Goal.create({
    groupId: oid(v.groupId),
    title: v.title,
    criteria: v.criteria,
    version: 1,
    createdBy: oid(ctx.actor.id),
  });
  await insertVersion(
    GoalVersion,
    { goalId: goal._id, version: 1, title: v.title, criteria: v.criteria, createdBy: oid(ctx.actor.id) },
    CHANGED,
  );
  await agree(ctx, v.groupId, String(goal._id), 1);
  await notifyAwaitingAgreement(ctx, v.groupId, String(goal._id));
  return { id: String(goal._id) };
}

/** One "goal_proposed" notification per member whose agreement the goal waits for (everyone who
 *  agrees but the proposer), once per goal: an agreement notifies no one (decision 051). */
async function notifyAwaitingAgreement(ctx: ServiceContext, groupId: string, goalId: string) {
  const docs = (await agreeingMembers(groupId))
    .filter((userId) => userId !== ctx.actor.id)
    .map((userId) => ({
      _id: `${userId}:goal:${goalId}`,
      userId: oid(userId),
      groupId: oid(groupId),
      goalId: oid(goalId),
      kind: "goal_proposed" as const,
    }));
  if (docs.length) await Notification.insertMany(docs, { ordered: false }).catch(ignoreDuplicateKey);
}

/** Edits a goal from the version the member read: a new version, agreed by its author, everyone else asked again. */
export async function editGoal(ctx: ServiceContext, input: unknown): Promise<{ version: number }> {
  const v = parseInput(EditGoalInput, input);
  await writer(ctx, v.groupId);
  const goal = await loadGoal(v.groupId, v.goalId);
  assertCurrentVersion(v.version, goal.version, CHANGED);
  const next = goal.version + 1;
  await insertVersion(
    GoalVersion,
    { goalId: goal._id, version: next, title: v.title, criteria: v.criteria, createdBy: oid(ctx.actor.id) },
    CHANGED,
  );
  await Goal.updateOne({ _id: goal._id, version: { $lt: next } }, { $set: { title: v.title, criteria: v.criteria, version: next } });
  await agree(ctx, v.groupId, v.goalId, next);
  return { version: next };
}

/** Agrees to exactly the version the member read; a newer one in between is a conflict. */
export async function agreeGoal(ctx: ServiceContext, input: unknown) {
  const v = parseInput(AgreeGoalInput, input);
  await writer(ctx, v.groupId);
  const goal = await loadGoal(v.groupId, v.goalId);
  assertCurrentVersion(v.version, goal.version, CHANGED);
  await agree(ctx, v.groupId, v.goalId, v.version);
}

/** Links a goal to a meeting, document or case, or thread of the same group (anything else: not_found). */
export async function linkGoal(ctx: ServiceContext, input: unknown) {
  const v = parseInput(LinkGoalInput, input);
  await writer(ctx, v.groupId);
  const goal = await loadGoal(v.groupId, v.goalId);
  if (!(await linkTargets(v.groupId)).some((t) => t.kind === v.kind && t.id === v.targetId)) {
    throw new DomainError("invalid_input", [{ path: "targetId", code: "goal_link_target" }]);
  }
  if (goal.links.some((l) => l.kind === v.kind && String(l.targetId) === v.targetId)) return;
  if (goal.links.length >= GOAL_LINKS_MAX) throw new DomainError("invalid_input", [{ path: "targetId", code: "plan_too_many" }]);
  goal.links.push({ kind: v.kind, targetId: oid(v.targetId) });
  await goal.save();
}

export async function unlinkGoal(ctx: ServiceContext, input: unknown) {
  const v = parseInput(LinkGoalInput, input);
  await writer(ctx, v.groupId);
  const goal = await loadGoal(v.groupId, v.goalId);
  const kept = goal.links.filter((l) => !(l.kind === v.kind && String(l.targetId) === v.targetId));
  if (kept.length === goal.links.length) return;
  goal.set("links", kept);
  await goal.save();
}

/** The group's progress note on a goal for one of its meetings (written again, it replaces the note). */
export async function noteGoalProgress(ctx: ServiceContext, input: unknown) {
  const v = parseInput(GoalProgressInput, input);
  await writer(ctx, v.groupId);
  const goal = await loadGoal(v.groupId, v.goalId);
  const meeting = await Meeting.findOne({ _id: oid(v.meetingId), groupId: oid(v.groupId) }, { kind: 1 }).lean();
  if (!meeting || meeting.kind === "coaching_talk")
    throw new DomainError("invalid_input", [{ path: "meetingId", code: "goal_link_target" }]);
  const set = { goalId: goal._id, groupId: goal.groupId, meetingId: oid(v.meetingId), text: v.text, authorId: oid(ctx.actor.id) };
  await retryOnDuplicate(() => GoalProgress.updateOne({ _id: `${v.goalId}:${v.meetingId}` }, { $set: set }, { upsert: true }));
}

// The end of the trajectory (issue 15 item 7, decision 056). The coach or the chair compiles the end
// report (report.ts) into a co-edited document; a member fixes its text as a version and every active
// leader and coach approves exactly that version (the charter's agreement, models/shared/agreement.ts);
// only an approved report is seen outside the group (the organiser). Then each active leader votes
// once: continue or close. The choice is settled by a strict majority of the active leaders, or, once
// all voted, a tie continues (continuing loses nothing and can still close later; closing archives).
// Continuing: the group runs itself: the coaches' memberships end, the organiser sees nothing unless
// every leader opts in, the chair rotates along a schedule (each turn a unique insert) and the chair
// may invite the former coach back as a guest, admitted only with every leader's consent.
// Closing: the group is closed (decision 029: every write refused, group_closed) and each member can
// export what they wrote (decision 049).
import { Types } from "mongoose";
import { createHash } from "node:crypto";
import { recordAudit } from "../audit/audit.service";
import { plainText } from "../collab/doc-store";
import { CollabDocument } from "../document/document.model";
import { docChanged, insertDocument } from "../document/document.service";
import { htmlBody } from "../document/export";
import { Group, Membership, type GroupRecord } from "../group/group.model";
import type { GroupAccess } from "../group/group.policy";
import { loadGroupFor, proposeGuest, removeMembership } from "../group/group.service";
import { accessChanged, activeLeaderIds, activeMembers, membershipId } from "../group/memberships";
import { blocksToContent } from "../collab/blocks";
import { actorLocale } from "../intervision/round-record.service";
import { agreementOf, assertCurrentVersion, insertVersion } from "../shared/agreement";
import type { ServiceContext } from "../shared/context";
import { isDuplicateKey, retryOnDuplicate } from "../shared/duplicate-key";
import { DomainError } from "../shared/errors";
import { oid } from "../shared/oid";
import { parseInput } from "../shared/parse";
import { User } from "../user/user.model";
import { displayNames } from "../user/user.service";
import type { EndChoice } from "./continuation.constants";
import { ApproveReportInput, EndChoiceInput, GroupEndInput, InviteCoachInput, OrganiserViewInput } from "./continuation.inputs";
import {
  ChairSchedule,
  ChairTurn,
  EndOutcome,
  EndReport,
  EndVote,
  OrganiserViewConsent,
  ReportApproval,
  ReportVersion,
} from "./continuation.model";
import { compileReportBlocks } from "./report";

const role = (a: GroupAccess) => a.membership?.role;
const isLeader = (a: GroupAccess) => role(a) === "leader";
const runsReport = (a: GroupAccess) => role(a) === "coach" || (isLeader(a) && a.isChair === true);
const CHANGED = { path: "version", code: "report_changed" };

/** The report document's id, derived from the group's: two first compilers insert it once. */
const reportDocId = (groupId: string) =>
  new Types.ObjectId(createHash("sha256").update(`end-report:${groupId}`).digest("hex").slice(0, 24));

const latestVersion = async (groupId: string) =>
  (
    await ReportVersion.find({ groupId: oid(groupId) })
      .sort({ version: -1 })
      .limit(1)
      .lean()
  )[0] ?? null;

/** The members whose approval fixes the report: the active leaders and coaches (not guests). */
const approvers = async (groupId: string) =>
  (await activeMembers(groupId)).filter((m) => m.role === "leader" || m.role === "coach").map((m) => m.userId);

async function approval(groupId: string, version: number) {
  const [members, agreed] = await Promise.all([
    approvers(groupId),
    ReportApproval.find({ groupId: oid(groupId), version }, { userId: 1 }).lean(),
  ]);
  return agreementOf(
    members,
    agreed.map((a) => String(a.userId)),
  );
}

/** Has the group approved its report (its newest version, by every approver)? */
async function reportApproved(groupId: string) {
  const v = await latestVersion(groupId);
  return !!v && (await approval(groupId, v.version)).complete;
}

export interface EndPageDTO {
  id: string;
  phase: "trajectory" | "continued";
  closed: boolean;
  role: "leader" | "coach" | "guest" | "organiser";
  report: {
    docId: string | null;
    canCompile: boolean;
    canFix: boolean;
    version: { version: number; html: string; agreed: string[]; waiting: string[]; iApproved: boolean; approved: boolean } | null;
  };
  choice: {
    canVote: boolean;
    myVote: EndChoice | null;
    continueVotes: number;
    closeVotes: number;
    leaders: number;
    outcome: { choice: EndChoice; at: string } | null;
  };
  continued: {
    schedule: { userId: string; name: string }[];
    chairId: string | null;
    nextId: string | null;
    canTakeChair: boolean;
    organiserView: boolean;
    myOrganiserConsent: boolean;
    organiserConsents: number;
    formerCoaches: { userId: string; name: string }[];
    canInviteCoach: boolean;
  } | null;
}

/** The end page: the report and its approval, the vote, and once continued the chair's schedule.
 *  The organiser sees the report only once the group approved it, and nothing of a continued group
 *  unless it opted in (the gate already says not_found then). */
export async function getEndPage(ctx: ServiceContext, input: unknown): Promise<EndPageDTO> {
  const { groupId } = parseInput(GroupEndInput, input);
  const { group, access } = await loadGroupFor(ctx.actor, groupId, "group.view");
  const member = access.membership?.status === "active" ? access.membership.role : null;
  // Guests read the group's content, not the group's own evaluation of itself.
  if (member === "guest") throw new DomainError("forbidden");
  const insider = member === "leader" || member === "coach";
  const [report, version, votes, outcome, leaders] = await Promise.all([
    EndReport.findById(groupId).lean(),
    latestVersion(groupId),
    EndVote.find({ groupId: group._id }).lean(),
    EndOutcome.findById(groupId).lean(),
    activeLeaderIds(groupId),
  ]);
  const agreement = version ? await approval(groupId, version.version) : null;
  const continued = group.phase === "continued" ? await continuedView(ctx, group, access) : null;
  const names = await displayNames(ctx, [...(agreement?.agreed ?? []), ...(agreement?.waiting ?? [])]);
  const open = !access.closed;
  const shownVersion =
    version && agreement && (insider || agreement.complete)
      ? {
          version: version.version,
          html: version.html,
          agreed: agreement.agreed.map((u) => names.get(u) ?? ""),
          waiting: agreement.waiting.map((u) => names.get(u) ?? ""),
          iApproved: agreement.agreed.includes(ctx.actor.id),
          approved: agreement.complete,
        }
      : null;
  const myVote = (votes.find((v) => String(v.userId) === ctx.actor.id)?.choice as EndChoice | undefined) ?? null;
  return {
    id: groupId,
    phase: group.phase === "continued" ? "continued" : "trajectory",
    closed: !!access.closed,
    role: member ?? "organiser",
    report: {
      docId: insider && report ? String(report.docId) : null,
      canCompile: open && runsReport(access) && !report && group.phase !== "continued",
      canFix: open && insider && !!report && !outcome,
      version: shownVersion,
    },
    choice: {
      canVote: open && member === "leader" && !outcome && !myVote && !!shownVersion?.approved,
      myVote,
      continueVotes: votes.filter((v) => v.choice === "continue").length,
      closeVotes: votes.filter((v) => v.choice === "close").length,
      leaders: leaders.length,
      outcome: outcome && { choice: outcome.choice as EndChoice, at: outcome.at.toISOString() },
    },
    continued,
  };
}

async function continuedView(ctx: ServiceContext, group: GroupRecord, access: GroupAccess): Promise<EndPageDTO["continued"]> {
  const groupId = String(group._id);
  const [schedule, consents, formerCoaches] = await Promise.all([
    ChairSchedule.findById(groupId).lean(),
    OrganiserViewConsent.find({ groupId: group._id }, { userId: 1 }).lean(),
    Membership.find({ groupId: group._id, role: "coach", status: "removed" }, { userId: 1 }).lean(),
  ]);
  const order = await activeOrder(groupId, schedule?.order.map(String) ?? []);
  const chairId = group.chairId ? String(group.chairId) : null;
  const names = await displayNames(ctx, [...order, ...formerCoaches.map((c) => c.userId)]);
  const nextId = nextInTurn(order, chairId);
  return {
    schedule: order.map((userId) => ({ userId, name: names.get(userId) ?? "" })),
    chairId,
    nextId,
    canTakeChair: !access.closed && isLeader(access) && nextId === ctx.actor.id,
    organiserView: group.organiserView === true,
    myOrganiserConsent: consents.some((c) => String(c.userId) === ctx.actor.id),
    organiserConsents: consents.length,
    formerCoaches: formerCoaches.map((c) => ({ userId: String(c.userId), name: names.get(String(c.userId)) ?? "" })),
    canInviteCoach: !access.closed && isLeader(access) && access.isChair === true && formerCoaches.length > 0,
  };
}

/** The schedule's active leaders in order, then any active leader it does not name yet (joined later), by name. */
async function activeOrder(groupId: string, order: string[]) {
  const leaders = new Set(await activeLeaderIds(groupId));
  const kept = order.filter((u) => leaders.has(u));
  const rest = [...leaders].filter((u) => !kept.includes(u));
  if (!rest.length) return kept;
  const users = await User.find({ _id: { $in: rest.map(oid) } }, { name: 1, email: 1 }).lean();
  const nameOf = (u: string) => {
    const x = users.find((y) => String(y._id) === u);
    return x?.name || x?.email || "";
  };
  return [...kept, ...rest.sort((a, b) => nameOf(a).localeCompare(nameOf(b), "nl"))];
}

/** Whose turn the chair is next: the one after the current chair, or the first without a chair. */
const nextInTurn = (order: string[], chairId: string | null) => {
  if (!order.length) return null;
  const i = chairId ? order.indexOf(chairId) : -1;
  return order[(i + 1) % order.length] ?? null;
};

/** The coach or the chair compiles the end report into a co-edited document of the group, once. */
export async function compileReport(ctx: ServiceContext, input: unknown, now = new Date()): Promise<{ docId: string }> {
  const { groupId } = parseInput(GroupEndInput, input);
  const { group, access } = await loadGroupFor(ctx.actor, groupId, "doc.write");
  if (!runsReport(access) || group.phase === "continued") throw new DomainError("forbidden");
  const docId = reportDocId(groupId);
  try {
    await EndReport.create({ _id: groupId, docId, createdBy: oid(ctx.actor.id) });
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    return { docId: String(docId) }; // compiled before (or right now by another)
  }
  const { title, blocks } = await compileReportBlocks(group.name, { groupId, locale: await actorLocale(ctx), now });
  await insertDocument(ctx, groupId, "note", title, blocksToContent(blocks), docId).catch((e) => {
    if (!isDuplicateKey(e)) throw e;
  });
  docChanged(ctx, groupId, String(docId));
  ctx.publisher.toGroup(groupId, "group:changed", { groupId });
  return { docId: String(docId) };
}

/** A leader or the coach fixes the report's current text as the next version; they approve it, everyone else is asked. */
export async function fixReport(ctx: ServiceContext, input: unknown): Promise<{ version: number }> {
  const { groupId } = parseInput(GroupEndInput, input);
  const { access } = await loadGroupFor(ctx.actor, groupId, "doc.write");
  if (!isLeader(access) && role(access) !== "coach") throw new DomainError("forbidden");
  const [report, outcome, latest] = await Promise.all([
    EndReport.findById(groupId).lean(),
    EndOutcome.exists({ _id: groupId }),
    latestVersion(groupId),
  ]);
  if (!report) throw new DomainError("not_found");
  if (outcome) throw new DomainError("conflict", [{ path: "version", code: "end_already_chosen" }], { reason: "end_already_chosen" });
  const doc = await CollabDocument.exists({ _id: report.docId });
  if (!doc) throw new DomainError("not_found");
  const { ydoc } = await ctx.node.collab.store.loadYDoc(String(report.docId));
  const fixed = { text: plainText(ydoc), html: htmlBody(ydoc) };
  ydoc.destroy();
  if (fixed.text.trim().length < 10) throw new DomainError("invalid_input", [{ path: "report", code: "too_short" }]);
  const version = (latest?.version ?? 0) + 1;
  await insertVersion(
    ReportVersion,
    { _id: `${groupId}:${version}`, groupId: oid(groupId), version, ...fixed, createdBy: oid(ctx.actor.id) },
    CHANGED,
  );
  await ReportApproval.create({ _id: `${groupId}:${version}:${ctx.actor.id}`, groupId: oid(groupId), version, userId: oid(ctx.actor.id) });
  ctx.publisher.toGroup(groupId, "group:changed", { groupId });
  return { version };
}

/** A leader or the coach approves exactly the version they read (a newer one in between: conflict). */
export async function approveReport(ctx: ServiceContext, input: unknown) {
  const v = parseInput(ApproveReportInput, input);
  const { group, access } = await loadGroupFor(ctx.actor, v.groupId, "doc.write");
  if (!isLeader(access) && role(access) !== "coach") throw new DomainError("forbidden");
  const latest = await latestVersion(v.groupId);
  if (!latest) throw new DomainError("not_found");
  assertCurrentVersion(v.version, latest.version, CHANGED);
  try {
    await ReportApproval.create({
      _id: `${v.groupId}:${v.version}:${ctx.actor.id}`,
      groupId: group._id,
      version: v.version,
      userId: oid(ctx.actor.id),
    });
  } catch (e) {
    if (!isDuplicateKey(e)) throw e; // approved before: once counts
  }
  if ((await approval(v.groupId, v.version)).complete)
    await recordAudit(group._id, "report_approved", ctx.actor.id, null, { version: v.version });
  ctx.publisher.toGroup(v.groupId, "group:changed", { groupId: v.groupId });
}

/** A leader's one vote, once the report is approved; the vote that settles the choice carries it out. */
export async function voteEnd(ctx: ServiceContext, input: unknown) {
  const v = parseInput(EndChoiceInput, input);
  const { group, access } = await loadGroupFor(ctx.actor, v.groupId, "doc.write");
  if (!isLeader(access)) throw new DomainError("forbidden");
  if (await EndOutcome.exists({ _id: v.groupId }))
    throw new DomainError("conflict", [{ path: "choice", code: "end_already_chosen" }], { reason: "end_already_chosen" });
  if (!(await reportApproved(v.groupId))) throw new DomainError("invalid_input", [{ path: "choice", code: "end_report_not_approved" }]);
  try {
    await EndVote.create({ _id: `${v.groupId}:${ctx.actor.id}`, groupId: group._id, userId: oid(ctx.actor.id), choice: v.choice });
  } catch (e) {
    if (isDuplicateKey(e)) throw new DomainError("conflict", [{ path: "choice", code: "end_voted" }], { reason: "end_voted" });
    throw e;
  }
  await settle(ctx, group);
  ctx.publisher.toGroup(v.groupId, "group:changed", { groupId: v.groupId });
}

/** The voting rule (decision 056): more than half of the active leaders settles it; all voted and a tie: continue. */
export function outcomeOf(leaders: number, continueVotes: number, closeVotes: number): EndChoice | null {
  if (continueVotes * 2 > leaders) return "continue";
  if (closeVotes * 2 > leaders) return "close";
  if (leaders > 0 && continueVotes + closeVotes >= leaders) return "continue";
  return null;
}

async function settle(ctx: ServiceContext, group: GroupRecord) {
  const groupId = String(group._id);
  const [leaders, votes] = await Promise.all([activeLeaderIds(groupId), EndVote.find({ groupId: group._id }).lean()]);
  const counted = votes.filter((v) => leaders.includes(String(v.userId)));
  const continueVotes = counted.filter((v) => v.choice === "continue").length;
  const closeVotes = counted.length - continueVotes;
  const choice = outcomeOf(leaders.length, continueVotes, closeVotes);
  if (!choice) return;
  try {
    await EndOutcome.create({ _id: groupId, choice, continueVotes, closeVotes, leaders: leaders.length });
  } catch (e) {
    if (isDuplicateKey(e)) return; // another last vote settled it
    throw e;
  }
  if (choice === "close") {
    await Group.updateOne({ _id: group._id }, { $set: { status: "closed", closedAt: new Date() } });
    accessChanged(ctx, group._id); // every node forgets its cached decisions (decision 058)
    await recordAudit(group._id, "group_closed", ctx.actor.id, null, { by: "vote" });
    return;
  }
  // Continue: the schedule starts at the chair the coach named, if any; the coaches leave.
  const chair = group.chairId ? String(group.chairId) : null;
  const order = await activeOrder(groupId, chair && leaders.includes(chair) ? [chair] : []);
  await retryOnDuplicate(() => ChairSchedule.updateOne({ _id: groupId }, { $set: { order: order.map(oid) } }, { upsert: true }));
  await Group.updateOne({ _id: group._id }, { $set: { phase: "continued", organiserView: false } });
  accessChanged(ctx, group._id);
  await recordAudit(group._id, "group_continued", ctx.actor.id, null, { continueVotes, closeVotes });
  const coaches = (await activeMembers(groupId)).filter((m) => m.role === "coach");
  for (const c of coaches) await removeMembership(ctx, { ...group, phase: "continued" }, c.userId);
}

async function loadContinued(ctx: ServiceContext, groupId: string) {
  const loaded = await loadGroupFor(ctx.actor, groupId, "doc.write");
  if (loaded.group.phase !== "continued" || !isLeader(loaded.access)) throw new DomainError("forbidden");
  return loaded;
}

/** The leader whose turn it is takes the chair: the next turn is a unique insert, then the chair's rights pass. */
export async function takeChair(ctx: ServiceContext, input: unknown) {
  const { groupId } = parseInput(GroupEndInput, input);
  const { group } = await loadContinued(ctx, groupId);
  const schedule = await ChairSchedule.findById(groupId).lean();
  const order = await activeOrder(groupId, schedule?.order.map(String) ?? []);
  const chair = group.chairId ? String(group.chairId) : null;
  if (nextInTurn(order, chair) !== ctx.actor.id) throw new DomainError("invalid_input", [{ path: "chair", code: "chair_not_your_turn" }]);
  const last = (await ChairTurn.find({ groupId: group._id }).sort({ n: -1 }).limit(1).lean())[0];
  const n = (last?.n ?? 0) + 1;
  try {
    await ChairTurn.create({ _id: `${groupId}:${n}`, groupId: group._id, n, userId: oid(ctx.actor.id) });
  } catch (e) {
    if (isDuplicateKey(e)) throw new DomainError("conflict", [{ path: "chair", code: "chair_taken" }], { reason: "chair_taken" });
    throw e;
  }
  await Group.updateOne({ _id: group._id }, { $set: { chairId: oid(ctx.actor.id) } });
  accessChanged(ctx, group._id);
  await recordAudit(group._id, "chair_taken", ctx.actor.id, ctx.actor.id, { turn: n });
  ctx.publisher.toGroup(groupId, "group:changed", { groupId });
}

/** A leader gives or withdraws their consent that the organiser sees the continued group; all leaders: it does. */
export async function setOrganiserView(ctx: ServiceContext, input: unknown) {
  const v = parseInput(OrganiserViewInput, input);
  const { group } = await loadContinued(ctx, v.groupId);
  const _id = `${v.groupId}:${ctx.actor.id}`;
  if (v.share)
    await OrganiserViewConsent.create({ _id, groupId: group._id, userId: oid(ctx.actor.id) }).catch((e) => {
      if (!isDuplicateKey(e)) throw e;
    });
  else await OrganiserViewConsent.deleteOne({ _id });
  const [leaders, consents] = await Promise.all([
    activeLeaderIds(v.groupId),
    OrganiserViewConsent.find({ groupId: group._id }, { userId: 1 }).lean(),
  ]);
  const on = agreementOf(
    leaders,
    consents.map((c) => String(c.userId)),
  ).complete;
  if (on !== (group.organiserView === true)) {
    await Group.updateOne({ _id: group._id }, { $set: { organiserView: on } });
    accessChanged(ctx, group._id);
    await recordAudit(group._id, on ? "organiser_view_on" : "organiser_view_off", ctx.actor.id);
  }
  ctx.publisher.toGroup(v.groupId, "group:changed", { groupId: v.groupId });
}

/** The chair proposes the former coach as a guest; every active leader's consent admits them (group.service). */
export async function inviteCoachBack(ctx: ServiceContext, input: unknown) {
  const v = parseInput(InviteCoachInput, input);
  const { group, access } = await loadContinued(ctx, v.groupId);
  if (access.isChair !== true) throw new DomainError("forbidden");
  const former = await Membership.findById(membershipId(group._id, v.userId)).lean();
  if (former?.role !== "coach" || former.status !== "removed") throw new DomainError("not_found");
  const user = await User.findById(v.userId, { email: 1 }).lean();
  if (!user) throw new DomainError("not_found");
  return proposeGuest(ctx, { groupId: v.groupId, email: user.email, guestKind: "coach" });
}

// Erasure of one's account (issue 17 item 4, decision 064): asked for on the settings page with the
// password (and second factor), carried out by the `privacy-erasures` job after a cooling-off period
// in which the member may cancel. The account and everything stored about the member go; what they
// wrote in a group is removed or kept under one opaque "former member" per group, as the group chose.
import { createHash, randomBytes } from "node:crypto";
import argon2 from "argon2";
import mongoose, { type Model } from "mongoose";
import { AuditEvent } from "../audit/audit.model";
import { CoachNote } from "../coach/coach.model";
import { DocComment, DocCommentEntry } from "../comment/comment.model";
import { GroupCommand, GroupEvent } from "../delivery/group-event.model";
import { redactGroupEvents } from "../delivery/delivery.service";
import { Case, CollabDocument, DocEditMark, DocSnapshot, DocUpdate, DocVersion } from "../document/document.model";
import { GoalVersion, Goal } from "../goal/goal.model";
import { Group, Membership } from "../group/group.model";
import { loadGroupFor } from "../group/group.service";
import type { GroupAccess } from "../group/group.policy";
import { translate } from "../i18n/i18n";
import { toLocale } from "../i18n/locale";
import { Round, RoundVersion } from "../intervision/round.model";
import { CaseHiddenPart, CaseProposal } from "../prep/prep.model";
import { MeetingChair, MeetingMinutes } from "../meeting/meeting-content.model";
import { Meeting } from "../meeting/meeting.model";
import { factorsOf, verifySecondFactor } from "../mfa/mfa.service";
import { CheckIn, CheckInFeedback } from "../plan/plan.model";
import { Analysis } from "../analysis/analysis.model";
import { DataExport, DataExportChunk } from "./export.model";
import type { Deps, ServiceContext } from "../shared/context";
import { isDuplicateKey } from "../shared/duplicate-key";
import { DomainError } from "../shared/errors";
import { forgetUserLimits, limitLogin } from "../shared/limits";
import { oid } from "../shared/oid";
import { destroyUserSessions } from "../session/session.service";
import { Message, Thread } from "../thread/thread.model";
import { Trajectory } from "../trajectory/trajectory.model";
import { User } from "../user/user.model";
import { DevMail } from "../devmail/devmail.model";
import { rewriteDocument } from "./erase-docs";
import { ERASURE_COOLING_DAYS, type GroupErasureChoice } from "./erasure.constants";
import type { ErasureStatusDTO } from "./erasure.dto";
import { ErasureClaim, ErasureRequest, type ErasureRequestRecord } from "./erasure.model";
import { ERASURE_RULES, SOURCES } from "./export.service";
// Attachments (issue 20, decision 083)
import { Attachment } from "../attachment/attachment.model";
import { removeAttachments, removeFor } from "../attachment/attachment.service";
import { HarvestOffer, HarvestOutput } from "../moment/harvest.model"; // network moments' harvest (decision 074)
import { forgetErasedInSearch } from "../search/indexing"; // search (decision 086)

/** The actor's pending erasure, or null. */
export async function getErasureStatus(ctx: ServiceContext): Promise<ErasureStatusDTO | null> {
  const r = await ErasureRequest.findOne({ userId: oid(ctx.actor.id) }).lean();
  return r ? { requestedAt: r.requestedAt.toISOString(), dueAt: r.dueAt.toISOString() } : null;
}

/**
 * Asks for the actor's account to be erased after ERASURE_COOLING_DAYS: the password (under the login
 * limits) and, when the member has one, the second factor (under its limits) confirm it. Every session
 * of the member ends, with its sockets on every node; a mail tells the date and how to cancel.
 * invalid_credentials for a wrong password or code; conflict when already asked.
 */
export async function requestErasure(
  ctx: ServiceContext,
  sessionSecret: string,
  input: { password: string; code: string },
  address: string,
  now = new Date(),
): Promise<ErasureStatusDTO> {
  const user = await User.findById(ctx.actor.id).lean();
  if (!user) throw new DomainError("not_found");
  await limitLogin(ctx.limits, user.email, address, async () => {
    if (!(await argon2.verify(user.passwordHash, input.password).catch(() => false))) throw new DomainError("invalid_credentials");
  });
  // A TOTP code, or a recovery code for an account whose factors are passkeys (decision 062).
  const factors = await factorsOf(ctx.actor.id);
  if (factors.totp || factors.passkeys > 0) {
    if (!input.code) throw new DomainError("invalid_input", [{ path: "code", code: "required" }]);
    await verifySecondFactor(ctx, sessionSecret, { userId: ctx.actor.id, code: input.code }, address);
  }
  const dueAt = new Date(now.getTime() + ERASURE_COOLING_DAYS * 86_400_000);
  try {
    await ErasureRequest.create({ userId: oid(ctx.actor.id), requestedAt: now, dueAt, salt: randomBytes(16).toString("hex") });
  } catch (e) {
    if (isDuplicateKey(e)) throw new DomainError("conflict", [], { reason: "privacy_erasure_pending" });
    throw e;
  }
  await destroyUserSessions(ctx.actor.id, ctx.publisher);
  const locale = toLocale(user.locale);
  await ctx.sendMail({
    to: user.email,
    subject: translate(locale, "privacy_erasure_mail_subject"),
    text: translate(locale, "privacy_erasure_mail_text", { date: dueAt.toISOString().slice(0, 10), url: `${ctx.appUrl}/settings` }),
  });
  return { requestedAt: now.toISOString(), dueAt: dueAt.toISOString() };
}

/** Cancels the actor's pending erasure (signed in again during the cooling-off period). not_found when none. */
export async function cancelErasure(ctx: ServiceContext) {
  const { deletedCount } = await ErasureRequest.deleteOne({ userId: oid(ctx.actor.id) });
  if (deletedCount === 0) throw new DomainError("not_found");
}

const maySetErasure = (access: GroupAccess) =>
  (access.membership?.role === "coach" && access.membership.status === "active") || access.isTrajectoryOrganiser;

/** The group's choice of what an erased member's writing becomes, shown beside the charter to everyone who reads it. */
export async function getGroupErasure(ctx: ServiceContext, groupId: string): Promise<{ erasure: GroupErasureChoice; canSet: boolean }> {
  const { group, access } = await loadGroupFor(ctx.actor, groupId, "charter.read");
  return { erasure: (group.erasure ?? "anonymise") as GroupErasureChoice, canSet: maySetErasure(access) };
}

/** The group's choice of what an erased member's writing becomes; its coach (or the trajectory's organiser) sets it beside the charter. */
export async function setGroupErasure(ctx: ServiceContext, input: { groupId: string; erasure: GroupErasureChoice }) {
  const { group, access } = await loadGroupFor(ctx.actor, input.groupId, "charter.read");
  if (!maySetErasure(access)) throw new DomainError("forbidden");
  await Group.updateOne({ _id: group._id }, { $set: { erasure: input.erasure } });
  ctx.publisher.toGroup(String(group._id), "group:changed", { groupId: String(group._id) });
}

// ---- carrying it out ---------------------------------------------------------------------------

// biome-ignore lint/suspicious/noExplicitAny: the models differ in their schemas; only find/update/delete are used.
type AnyModel = Model<any>;
type Ids = mongoose.Types.ObjectId[];

/** A claim older than this belongs to a run that died: the next attempt may be claimed. */
const STALE_CLAIM_MS = 30 * 60_000;

/** The `privacy-erasures` job: carries out every request whose cooling-off has passed, each claimed by one run. */
export async function eraseDueAccounts(deps: Pick<Deps, "node" | "publisher" | "limits">, now = new Date()): Promise<{ erased: number }> {
  const due = (await ErasureRequest.find({ dueAt: { $lte: now } }).lean()) as ErasureRequestRecord[];
  let erased = 0;
  for (const r of due) {
    if (!(await claim(String(r._id), now))) continue;
    await eraseUser(deps, r);
    await ErasureRequest.deleteOne({ _id: r._id });
    erased++;
  }
  return { erased };
}

async function claim(requestId: string, now: Date): Promise<boolean> {
  for (let attempt = 1; attempt <= 10; attempt++) {
    try {
      await ErasureClaim.create({ _id: `${requestId}:${attempt}`, at: now });
      return true;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      const held = await ErasureClaim.findById(`${requestId}:${attempt}`).lean();
      if (held && now.getTime() - held.at.getTime() < STALE_CLAIM_MS) return false; // another run has it
    }
  }
  return false;
}

/** Per group an opaque "former member" id, the same on a rerun (from the request's salt) and unlinkable once the request is gone. */
const formerIdOf = (salt: string, userId: string, scope: string) =>
  new mongoose.Types.ObjectId(createHash("sha256").update(`${salt}:${userId}:${scope}`).digest("hex").slice(0, 24));

/**
 * Erases one user. Idempotent, so a run cut short is finished by the next: (1) what the group chose
 * for what they wrote, (2) co-edited documents they edited rewritten, (3) every personal record of the
 * export's sources and every record whose id names them deleted, (4) every remaining reference to them
 * in a group's records replaced by that group's former member (names blanked), (5) the account.
 */
export async function eraseUser(deps: Pick<Deps, "node" | "publisher" | "limits">, r: Pick<ErasureRequestRecord, "userId" | "salt">) {
  const userId = String(r.userId);
  const u = oid(userId);
  const user = await User.findById(u).lean();
  const salt = r.salt ?? "";
  const groupIds = [...new Set((await Membership.find({ userId: u }, { groupId: 1 }).lean()).map((m) => String(m.groupId)))];
  const groups = await Group.find({ _id: { $in: groupIds.map(oid) } }, { erasure: 1 }).lean();
  const choiceOf = new Map(groups.map((g) => [String(g._id), (g.erasure ?? "anonymise") as GroupErasureChoice]));
  const removing = groups.filter((g) => g.erasure === "remove").map((g) => g._id) as Ids;

  // (1) In "remove" groups, what they wrote goes, the files they uploaded there with it (decision 083).
  if (removing.length > 0) {
    // The cases they brought go below, with every file on them (issue 20 round two).
    const brought = await Case.find({ groupId: { $in: removing }, bringerId: u }, { docId: 1 }).lean();
    for (const c of brought) await removeFor(deps, { kind: "case", id: String(c.docId) });
    await removeWriting(u, removing);
    await removeAttachments(deps, await Attachment.find({ uploaderId: u, groupId: { $in: removing } }).lean());
  }
  // Uploads never sent (attached to nothing) go everywhere.
  await removeAttachments(deps, await Attachment.find({ uploaderId: u, owner: null }).lean());
  await forgetErasedInSearch(u, removing); // search (decision 086)

  // (2) Documents they edited: log, snapshots and versions rewritten from the visible content.
  const marked = (await DocEditMark.find({ actorId: u }, { docId: 1 }).lean()).map((m) => String(m.docId));
  const logged = (await DocUpdate.find({ actorId: u }, { docId: 1 }).lean()).map((m) => String(m.docId));
  const docIds = [...new Set([...marked, ...logged])];
  for (const d of await CollabDocument.find({ _id: { $in: docIds.map(oid) } }, { groupId: 1 }).lean())
    await rewriteDocument(deps.node.collab.store, deps.publisher, String(d.groupId), String(d._id));

  // (3) Personal records: the export's sources marked "delete", and every record whose id names the user.
  for (const s of SOURCES) if (ERASURE_RULES[s.key] === "delete") await s.model.deleteMany(s.filter(u));
  await deletePersonal(userId, user?.email);

  // (4) References left in group content: one former member per group; outside groups, one more.
  const former = (scope: string) => formerIdOf(salt, userId, scope);
  for (const g of groupIds) await anonymiseIn(g, u, former(g), user?.name ?? "", user?.email ?? "", choiceOf.get(g) ?? "anonymise");
  await AuditEvent.updateMany({ groupId: null, actorId: u }, { $set: { actorId: former("outside") } });
  await AuditEvent.updateMany({ groupId: null, subjectId: u }, { $set: { subjectId: former("outside") } });
  await Trajectory.updateMany({ organiserIds: u }, { $pull: { organiserIds: u } });
  // Network moments' harvest (decision 074): outside any group, like the audit's.
  await HarvestOutput.updateMany({ publishedBy: u }, { $set: { publishedBy: former("outside") } });
  await HarvestOffer.updateMany({ offeredBy: u }, { $set: { offeredBy: former("outside") } });

  // (5) The account.
  await Membership.deleteMany({ userId: u });
  await User.deleteOne({ _id: u });
  deps.node.names.delete(userId);
  await forgetUserLimits(deps.limits, userId);
  deps.publisher.disconnectUser(userId);
}

/** What the user wrote in groups that chose "remove": messages blanked (as a deletion), the rest deleted. */
async function removeWriting(u: mongoose.Types.ObjectId, groups: Ids) {
  const inGroups = { groupId: { $in: groups } };
  const now = new Date();
  for (const m of await Message.find({ ...inGroups, authorId: u }, { groupId: 1, seq: 1, editSeqs: 1 }).lean()) {
    await Message.updateOne({ _id: m._id }, { $set: { text: "", mentions: [], attachments: [], deletedAt: now } });
    await redactGroupEvents(m.groupId, [m.seq, ...(m.editSeqs ?? [])], {
      "data.message.text": "",
      "data.message.mentions": [],
      "data.message.attachments": [],
    });
  }
  for (const t of await Thread.find({ ...inGroups, createdBy: u }, { _id: 1, groupId: 1 }).lean()) {
    await Thread.updateOne({ _id: t._id }, { $set: { title: "—" } });
    await GroupEvent.updateMany({ groupId: t.groupId, "data.thread.id": String(t._id) }, { $set: { "data.thread.title": "—" } });
  }
  const comments = (await DocComment.find({ ...inGroups, authorId: u }, { _id: 1 }).lean()).map((c) => c._id);
  await DocCommentEntry.deleteMany({ commentId: { $in: comments } });
  await DocComment.deleteMany({ _id: { $in: comments } });
  await DocCommentEntry.deleteMany({ ...inGroups, authorId: u });
  for (const c of await Case.find({ ...inGroups, bringerId: u }, { docId: 1 }).lean()) {
    const inDoc = { docId: c.docId };
    await Promise.all([
      DocUpdate.deleteMany(inDoc),
      DocSnapshot.deleteMany(inDoc),
      DocVersion.deleteMany(inDoc),
      DocEditMark.deleteMany(inDoc),
    ]);
    await CollabDocument.deleteOne({ _id: c.docId });
    await Case.deleteOne({ _id: c._id });
  }
  await CheckInFeedback.deleteMany({ ...inGroups, authorId: u });
  await CoachNote.deleteMany({ ...inGroups, authorId: u });
  await CaseProposal.deleteMany({ ...inGroups, authorId: u });
  await CaseHiddenPart.deleteMany({ ...inGroups, authorId: u });
  // Rounds: the case question they brought, and their contributions in every state of every round.
  await Round.updateMany({ ...inGroups, inbrengerId: u }, { $set: { caseQuestion: "—", whatIDid: null } });
  const roundIds = (await Round.find(inGroups, { _id: 1 }).lean()).map((x) => x._id);
  for (const v of await RoundVersion.find({ roundId: { $in: roundIds } }).lean()) {
    const state = v.state as { contributions?: { authorId?: string; text?: string }[]; caseQuestion?: string };
    const own = (state.contributions ?? []).filter((c) => c.authorId === String(u));
    if (own.length === 0) continue;
    for (const c of own) c.text = "";
    await RoundVersion.updateOne({ _id: v._id }, { $set: { state } });
  }
}

/** Every record whose string id names the user (per-user records: memberships, learning questions,
 *  attendance, agreements, votes, notifications, recovery codes, mail claims, commands...), plus the
 *  records kept by the user's id or address outside the export's sources. */
async function deletePersonal(userId: string, email: string | undefined) {
  const u = oid(userId);
  // What hangs on the user's own records: feedback on their check-ins, the parts of their exports and analyses.
  const checkIns = (await CheckIn.find({ userId: u }, { _id: 1 }).lean()).map((c) => c._id);
  await CheckInFeedback.deleteMany({ checkInId: { $in: checkIns } });
  const exports = (await DataExport.find({ userId: u }, { _id: 1 }).lean()).map((e) => e._id);
  await DataExportChunk.deleteMany({ exportId: { $in: exports } });
  const analyses = (await Analysis.find({ userId: u }, { _id: 1 }).lean()).map((a) => a._id);
  for (const model of Object.values(mongoose.models) as AnyModel[])
    if (model.schema.path("analysisId")) await model.deleteMany({ analysisId: { $in: analyses } });
  for (const model of Object.values(mongoose.models) as AnyModel[]) {
    if (model.schema.path("_id")?.instance !== "String" || model === ErasureClaim) continue;
    await model.deleteMany({ _id: { $regex: userId } });
  }
  for (const model of Object.values(mongoose.models) as AnyModel[]) {
    if (model === ErasureRequest) continue; // deleted by the job once everything else is done
    for (const field of ["userId", "leaderId"]) {
      if (!model.schema.path(field)) continue;
      const instance = model.schema.path(field).instance;
      await model.deleteMany({ [field]: instance === "String" ? userId : oid(userId) });
    }
  }
  await GroupCommand.deleteMany({ _id: { $regex: `^${userId}:` } });
  if (email) await DevMail.deleteMany({ to: email });
}

/** Replaces the user in one value: their id (as ObjectId or text, also inside longer ids) by `former`,
 *  their name and address by "". Returns the same object when nothing changed. */
function replaceDeep(v: unknown, who: { id: string; name: string; email: string; former: mongoose.Types.ObjectId }): unknown {
  if (typeof v === "string") {
    if (v === who.name || v === who.email) return "";
    return v.includes(who.id) ? v.split(who.id).join(String(who.former)) : v;
  }
  if (v instanceof mongoose.Types.ObjectId) return String(v) === who.id ? who.former : v;
  if (v === null || typeof v !== "object" || v instanceof Date || Buffer.isBuffer(v)) return v;
  if ((v as { _bsontype?: string })._bsontype) return v;
  if (Array.isArray(v)) {
    const out = v.map((x) => replaceDeep(x, who));
    return out.some((x, i) => x !== v[i]) ? out : v;
  }
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    out[k] = replaceDeep(x, who);
    if (out[k] !== x) changed = true;
  }
  return changed ? out : v;
}

/** Every record of one group (and of its documents, goals, rounds and meetings) that still names the user: the names replaced. */
async function anonymiseIn(
  groupId: string,
  u: mongoose.Types.ObjectId,
  former: mongoose.Types.ObjectId,
  name: string,
  email: string,
  _choice: GroupErasureChoice,
) {
  const g = oid(groupId);
  const who = { id: String(u), name, email, former };
  const rewrite = async (model: AnyModel, filter: Record<string, unknown>) => {
    for (const doc of await model.find(filter).lean()) {
      const set: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(doc as Record<string, unknown>)) {
        if (k === "_id" || k === "__v") continue;
        const y = replaceDeep(x, who);
        if (y !== x) set[k] = y;
      }
      if (Object.keys(set).length > 0) await model.updateOne({ _id: (doc as { _id: unknown })._id }, { $set: set });
    }
  };
  for (const model of Object.values(mongoose.models) as AnyModel[]) if (model.schema.path("groupId")) await rewrite(model, { groupId: g });
  const idsOf = async (model: AnyModel) => (await model.find({ groupId: g }, { _id: 1 }).lean()).map((d) => d._id);
  const docs = await idsOf(CollabDocument);
  await rewrite(DocVersion, { docId: { $in: docs } });
  await rewrite(DocSnapshot, { docId: { $in: docs } });
  await rewrite(GoalVersion, { goalId: { $in: await idsOf(Goal) } });
  await rewrite(RoundVersion, { roundId: { $in: await idsOf(Round) } });
  const meetings = (await idsOf(Meeting)).map(String);
  await rewrite(MeetingChair, { _id: { $in: meetings } });
  await rewrite(MeetingMinutes, { _id: { $in: meetings } });
  await rewrite(Group, { _id: g });
}

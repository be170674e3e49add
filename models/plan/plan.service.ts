// The action plan (issue 14 item 5, docs/decisions/037): a leader's two or three priority learning
// questions per group, with actions, evidence and check-ins; peers' feedback on a check-in when the
// leader asks; commitments from intervision rounds. The leader and the coach see all of it, the
// other leaders only the questions the leader shared; guests and the organiser nothing.
import { readAnalysisSummary, scoredSections, type AnalysisSummaryDTO } from "../analysis/analysis.service";
import { indexQuestion } from "../search/indexing"; // search (decision 085)
import type { LocalText } from "../analysis/questionnaire.inputs";
import { notesForMember, type CoachNoteDTO } from "../coach/coach-notes";
import { Group } from "../group/group.model";
import { activeLeaderIds, activeMembers } from "../group/memberships";
import { loadGroupFor } from "../group/group.service";
import type { ServiceContext } from "../shared/context";
import { ignoreDuplicateKey, isDuplicateKey } from "../shared/duplicate-key";
import { Notification } from "../thread/thread.model";
import { DomainError } from "../shared/errors";
import { oid } from "../shared/oid";
import { parseInput as parse } from "../shared/parse";
import { displayNames } from "../user/user.service";
import { MAX_QUESTIONS, ITEMS_MAX } from "./plan.constants";
import {
  ActionDoneInput,
  AddActionInput,
  AddEvidenceInput,
  AddQuestionInput,
  CheckInInput,
  CheckInTargetInput,
  CommitmentDoneInput,
  EditQuestionInput,
  FeedbackInput,
  GroupPlanInput,
  QuestionTargetInput,
  ShareQuestionInput,
} from "./plan.inputs";
import { CheckIn, CheckInFeedback, Commitment, LearningQuestion, type QuestionRecord } from "./plan.model";
import { planViewer, seesQuestion, writesInGroup, type PlanViewer } from "./plan.policy";

export interface FeedbackDTO {
  id: string;
  authorName: string;
  text: string;
  createdAt: string;
}
export interface CheckInDTO {
  id: string;
  rating: number;
  note: string;
  createdAt: string;
  feedbackRequested: boolean;
  feedback: FeedbackDTO[];
}
export interface QuestionDTO {
  id: string;
  slot: number;
  text: string;
  bsaSectionId: string | null;
  /** The BSA section the question starts from, with its title (null when none, or no longer in the questionnaire). */
  bsaSection: { id: string; title: LocalText } | null;
  shared: boolean;
  actions: { id: string; text: string; date: string | null; done: boolean }[];
  evidence: { id: string; text: string; url: string }[];
  checkIns: CheckInDTO[];
}
export interface CommitmentDTO {
  id: string;
  text: string;
  due: string | null;
  done: boolean;
  sourceKind: "round";
  sourceId: string;
}
export interface LeaderPlanDTO {
  userId: string;
  name: string;
  /** How the reader sees this plan: their own, as its coach, or as a peer (shared questions only). */
  viewer: Exclude<PlanViewer, "none">;
  questions: QuestionDTO[];
  /** The owner and the coach only; a peer gets none. */
  commitments: CommitmentDTO[];
}
export interface PlanPageDTO {
  /** The reader's own plan (leaders). */
  mine: LeaderPlanDTO | null;
  /** What the coach wrote for the reader (a leader): only they and the coach see it. */
  coachNotes: CoachNoteDTO[];
  /** The coach: every leader's plan; a leader: the peers' shared questions. */
  others: LeaderPlanDTO[];
  canWrite: boolean;
  isCoach: boolean;
  /** The reader's own submitted BSA of the group's trajectory (a leader's), null without one:
   *  its sections with their means, lowest first (the likely priorities), and the learning needs. */
  bsa: { sections: AnalysisSummaryDTO["sections"]; needs: AnalysisSummaryDTO["needs"] } | null;
}

type SectionTitles = Map<string, LocalText>;

/** The titles of the sections a question may name: the trajectory's questionnaire's, and the leader's own BSA's. */
async function sectionTitles(trajectoryId: string, own?: AnalysisSummaryDTO | null): Promise<SectionTitles> {
  const titles: SectionTitles = new Map((await scoredSections(trajectoryId)).map((s) => [s.id, s.title]));
  for (const s of own?.sections ?? []) titles.set(s.id, s.title);
  return titles;
}

/** A learning question names a scored section of the trajectory's questionnaire (or of the leader's BSA), or none. */
async function checkSection(ctx: ServiceContext, trajectoryId: string, sectionId: string | null) {
  if (!sectionId) return;
  const own = await readAnalysisSummary(ctx, { trajectoryId, kind: "bsa" });
  if (!(await sectionTitles(trajectoryId, own)).has(sectionId))
    throw new DomainError("invalid_input", [{ path: "bsaSectionId", code: "plan_bsa_section" }]);
}

const lowestFirst = (a: { mean: number | null }, b: { mean: number | null }) => (a.mean ?? 6) - (b.mean ?? 6);

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** Every learning question, check-in and feedback the reader may see, per leader. */
async function readPlans(
  ctx: ServiceContext,
  groupId: string,
  leaders: string[],
  viewerOf: (owner: string) => PlanViewer,
  titles: SectionTitles,
) {
  const viewers = new Map(leaders.map((l) => [l, viewerOf(l)] as const));
  const questions = (await LearningQuestion.find({ groupId: oid(groupId) }).lean()).filter((q) => {
    const v = viewers.get(String(q.userId));
    return v !== undefined && seesQuestion(v, q.shared);
  });
  const checkIns = questions.length
    ? await CheckIn.find({ groupId: oid(groupId), questionId: { $in: questions.map((q) => q._id) } }).lean()
    : [];
  const feedback = checkIns.length ? await CheckInFeedback.find({ checkInId: { $in: checkIns.map((c) => c._id) } }).lean() : [];
  const owners = leaders.filter((l) => {
    const v = viewers.get(l);
    return v === "owner" || v === "coach";
  });
  const commitments = owners.length ? await Commitment.find({ groupId: oid(groupId), userId: { $in: owners.map(oid) } }).lean() : [];
  const names = await displayNames(ctx, [...leaders, ...feedback.map((f) => f.authorId)]);
  const byTime = (a: { createdAt: Date }, b: { createdAt: Date }) => a.createdAt.getTime() - b.createdAt.getTime();
  const questionDTO = (q: QuestionRecord): QuestionDTO => ({
    id: q._id,
    slot: q.slot,
    text: q.text,
    bsaSectionId: q.bsaSectionId ?? null,
    bsaSection: q.bsaSectionId && titles.has(q.bsaSectionId) ? { id: q.bsaSectionId, title: titles.get(q.bsaSectionId)! } : null,
    shared: q.shared,
    actions: q.actions.map((a) => ({ id: String(a._id), text: a.text, date: iso(a.date)?.slice(0, 10) ?? null, done: a.done })),
    evidence: q.evidence.map((e) => ({ id: String(e._id), text: e.text, url: e.url })),
    checkIns: checkIns
      .filter((c) => c.questionId === q._id)
      .sort(byTime)
      .map((c) => ({
        id: String(c._id),
        rating: c.rating,
        note: c.note,
        createdAt: c.createdAt.toISOString(),
        feedbackRequested: c.feedbackRequested,
        feedback: feedback
          .filter((f) => String(f.checkInId) === String(c._id))
          .sort(byTime)
          .map((f) => ({
            id: String(f._id),
            authorName: names.get(String(f.authorId)) ?? "",
            text: f.text,
            createdAt: f.createdAt.toISOString(),
          })),
      })),
  });
  return leaders.flatMap((l): LeaderPlanDTO[] => {
    const viewer = viewers.get(l);
    if (!viewer || viewer === "none") return [];
    return [
      {
        userId: l,
        name: names.get(l) ?? "",
        viewer,
        questions: questions
          .filter((q) => String(q.userId) === l)
          .sort((a, b) => a.slot - b.slot)
          .map(questionDTO),
        commitments:
          viewer === "peer"
            ? []
            : commitments
                .filter((c) => String(c.userId) === l)
                .sort((a, b) => (a.due?.getTime() ?? Number.MAX_SAFE_INTEGER) - (b.due?.getTime() ?? Number.MAX_SAFE_INTEGER))
                .map((c) => ({
                  id: c._id,
                  text: c.text,
                  due: iso(c.due),
                  done: c.done,
                  sourceKind: c.sourceKind as "round",
                  sourceId: c.sourceId,
                })),
      },
    ];
  });
}

/** The plan page: the reader's own plan and coach notes, and the plans (or shared questions) of the others. */
export async function getPlan(ctx: ServiceContext, input: unknown): Promise<PlanPageDTO> {
  const { groupId } = parse(GroupPlanInput, input);
  const { access, group } = await loadGroupFor(ctx.actor, groupId, "group.content");
  const me = ctx.actor.id;
  const role = access.membership?.role;
  if (role !== "leader" && role !== "coach") throw new DomainError("forbidden");
  const trajectoryId = String(group.trajectoryId);
  const own = role === "leader" ? await readAnalysisSummary(ctx, { trajectoryId, kind: "bsa" }) : null;
  const leaders = await activeLeaderIds(groupId);
  const titles = await sectionTitles(trajectoryId, own);
  const plans = await readPlans(ctx, groupId, leaders, (owner) => planViewer(access, me, owner), titles);
  const mine = plans.find((p) => p.viewer === "owner") ?? null;
  return {
    mine,
    coachNotes: mine ? await notesForMember(ctx, groupId, me) : [],
    // A peer's plan is listed only when it shares something.
    others: plans.filter((p) => p.viewer === "coach" || (p.viewer === "peer" && p.questions.length > 0)),
    canWrite: writesInGroup(access),
    isCoach: role === "coach",
    bsa: own ? { sections: [...own.sections].sort(lowestFirst), needs: own.needs } : null,
  };
}

/** The plans as the group's coach sees them (the coach's room): every active leader's. */
export async function plansForCoach(ctx: ServiceContext, groupId: string, leaders: string[]) {
  const group = await Group.findById(groupId, { trajectoryId: 1 }).lean();
  return readPlans(ctx, groupId, leaders, () => "coach", await sectionTitles(String(group?.trajectoryId ?? "")));
}

/** The actor's own learning question in a group they may write in; not_found for anyone else's. */
async function ownQuestion(ctx: ServiceContext, groupId: string, questionId: string) {
  const { access } = await loadGroupFor(ctx.actor, groupId, "group.content");
  if (planViewer(access, ctx.actor.id, ctx.actor.id) !== "owner") throw new DomainError("forbidden");
  if (!writesInGroup(access)) throw new DomainError("forbidden");
  const q = await LearningQuestion.findById(questionId);
  if (!q || String(q.groupId) !== groupId || String(q.userId) !== ctx.actor.id) throw new DomainError("not_found");
  return q;
}

const LIMIT = new DomainError("conflict", [{ path: "text", code: "plan_question_limit" }], { reason: "plan_question_limit" });

/** Adds a learning question in the first free of the leader's three slots; a fourth is a conflict. */
export async function addQuestion(ctx: ServiceContext, input: unknown): Promise<{ id: string }> {
  const v = parse(AddQuestionInput, input);
  const { access, group } = await loadGroupFor(ctx.actor, v.groupId, "group.content");
  if (planViewer(access, ctx.actor.id, ctx.actor.id) !== "owner" || !writesInGroup(access)) throw new DomainError("forbidden");
  await checkSection(ctx, String(group.trajectoryId), v.bsaSectionId);
  const taken = new Set(
    (await LearningQuestion.find({ groupId: oid(v.groupId), userId: oid(ctx.actor.id) }, { slot: 1 }).lean()).map((q) => q.slot),
  );
  for (let slot = 1; slot <= MAX_QUESTIONS; slot++) {
    if (taken.has(slot)) continue;
    const id = `${v.groupId}:${ctx.actor.id}:${slot}`;
    try {
      await LearningQuestion.create({
        _id: id,
        groupId: oid(v.groupId),
        userId: oid(ctx.actor.id),
        slot,
        text: v.text,
        bsaSectionId: v.bsaSectionId,
      });
      return { id };
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
  }
  throw LIMIT;
}

export async function editQuestion(ctx: ServiceContext, input: unknown) {
  const v = parse(EditQuestionInput, input);
  const q = await ownQuestion(ctx, v.groupId, v.questionId);
  // Keeping the section it had is always allowed (the questionnaire may have changed since).
  if (v.bsaSectionId !== (q.bsaSectionId ?? null)) {
    const group = await Group.findById(v.groupId, { trajectoryId: 1 }).lean();
    await checkSection(ctx, String(group?.trajectoryId ?? ""), v.bsaSectionId);
  }
  q.text = v.text;
  q.bsaSectionId = v.bsaSectionId;
  await q.save();
  await indexQuestion(String(q._id)); // search (decision 085)
}

/** Removes a learning question with its check-ins and their feedback; its slot is free again. */
export async function removeQuestion(ctx: ServiceContext, input: unknown) {
  const v = parse(QuestionTargetInput, input);
  const q = await ownQuestion(ctx, v.groupId, v.questionId);
  const checkIns = await CheckIn.find({ questionId: q._id }, { _id: 1 }).lean();
  await CheckInFeedback.deleteMany({ checkInId: { $in: checkIns.map((c) => c._id) } });
  await CheckIn.deleteMany({ questionId: q._id });
  await LearningQuestion.deleteOne({ _id: q._id });
  await indexQuestion(String(q._id)); // search (decision 085)
}

/** Shares a learning question with the group, or takes it back (its check-ins and feedback follow). */
export async function shareQuestion(ctx: ServiceContext, input: unknown) {
  const v = parse(ShareQuestionInput, input);
  const q = await ownQuestion(ctx, v.groupId, v.questionId);
  q.shared = v.shared;
  await q.save();
  await indexQuestion(String(q._id)); // search (decision 085)
}

const tooMany = (path: string) => new DomainError("invalid_input", [{ path, code: "plan_too_many" }]);

export async function addAction(ctx: ServiceContext, input: unknown) {
  const v = parse(AddActionInput, input);
  const q = await ownQuestion(ctx, v.groupId, v.questionId);
  if (q.actions.length >= ITEMS_MAX) throw tooMany("text");
  q.actions.push({ text: v.text, date: v.date ? new Date(`${v.date}T12:00:00Z`) : null, done: false });
  await q.save();
  await indexQuestion(String(q._id)); // search (decision 085)
}

export async function setActionDone(ctx: ServiceContext, input: unknown) {
  const v = parse(ActionDoneInput, input);
  const q = await ownQuestion(ctx, v.groupId, v.questionId);
  const action = q.actions.find((a) => String(a._id) === v.actionId);
  if (!action) throw new DomainError("not_found");
  action.done = v.done;
  await q.save();
}

export async function addEvidence(ctx: ServiceContext, input: unknown) {
  const v = parse(AddEvidenceInput, input);
  const q = await ownQuestion(ctx, v.groupId, v.questionId);
  if (q.evidence.length >= ITEMS_MAX) throw tooMany("text");
  q.evidence.push({ text: v.text, url: v.url });
  await q.save();
  await indexQuestion(String(q._id)); // search (decision 085)
}

const SHARE_FIRST = (path: string) => new DomainError("conflict", [{ path, code: "plan_share_first" }], { reason: "plan_share_first" });

/** A check-in: a self-rating and a note; asking for feedback needs the question shared (peers must see it). */
export async function addCheckIn(ctx: ServiceContext, input: unknown): Promise<{ id: string }> {
  const v = parse(CheckInInput, input);
  const q = await ownQuestion(ctx, v.groupId, v.questionId);
  if (v.askFeedback && !q.shared) throw SHARE_FIRST("askFeedback");
  const c = await CheckIn.create({
    groupId: q.groupId,
    questionId: q._id,
    userId: oid(ctx.actor.id),
    rating: v.rating,
    note: v.note,
    feedbackRequested: v.askFeedback,
  });
  if (v.askFeedback) await notifyFeedbackAsked(ctx, String(q.groupId), String(c._id));
  return { id: String(c._id) };
}

/** One "feedback_asked" notification per member who may answer (the group's other leaders and its
 *  coach: the question is shared), once per check-in however often it is asked (decision 051). */
async function notifyFeedbackAsked(ctx: ServiceContext, groupId: string, checkInId: string) {
  const docs = (await activeMembers(groupId))
    .filter((m) => m.userId !== ctx.actor.id && (m.role === "leader" || m.role === "coach"))
    .map((m) => ({
      _id: `${m.userId}:feedback:${checkInId}`,
      userId: oid(m.userId),
      groupId: oid(groupId),
      checkInId: oid(checkInId),
      kind: "feedback_asked" as const,
    }));
  if (docs.length) await Notification.insertMany(docs, { ordered: false }).catch(ignoreDuplicateKey);
}

/** The check-in and its question, for someone in the group. */
async function loadCheckIn(groupId: string, checkInId: string) {
  const c = await CheckIn.findById(checkInId);
  const q = c && String(c.groupId) === groupId ? await LearningQuestion.findById(c.questionId).lean() : null;
  if (!c || !q) throw new DomainError("not_found");
  return { c, q };
}

/** The leader asks the peers for feedback on one of their check-ins (of a shared question). */
export async function requestFeedback(ctx: ServiceContext, input: unknown) {
  const v = parse(CheckInTargetInput, input);
  const { c } = await loadCheckIn(v.groupId, v.checkInId);
  const q = await ownQuestion(ctx, v.groupId, c.questionId);
  if (!q.shared) throw SHARE_FIRST("checkInId");
  c.feedbackRequested = true;
  await c.save();
  await notifyFeedbackAsked(ctx, v.groupId, String(c._id));
}

/** A peer (or the coach) answers a request for feedback on a check-in they can see. */
export async function giveFeedback(ctx: ServiceContext, input: unknown): Promise<{ id: string }> {
  const v = parse(FeedbackInput, input);
  const { access } = await loadGroupFor(ctx.actor, v.groupId, "group.content");
  const { c, q } = await loadCheckIn(v.groupId, v.checkInId);
  const viewer = planViewer(access, ctx.actor.id, String(q.userId));
  if (!seesQuestion(viewer, q.shared)) throw new DomainError("not_found");
  if (viewer === "owner" || !writesInGroup(access)) throw new DomainError("forbidden");
  if (!c.feedbackRequested)
    throw new DomainError("conflict", [{ path: "text", code: "plan_feedback_not_asked" }], { reason: "plan_feedback_not_asked" });
  const f = await CheckInFeedback.create({ groupId: c.groupId, checkInId: c._id, authorId: oid(ctx.actor.id), text: v.text });
  return { id: String(f._id) };
}

/** The leader marks one of their commitments done or not done. */
export async function setCommitmentDone(ctx: ServiceContext, input: unknown) {
  const v = parse(CommitmentDoneInput, input);
  const { access } = await loadGroupFor(ctx.actor, v.groupId, "group.content");
  if (planViewer(access, ctx.actor.id, ctx.actor.id) !== "owner" || !writesInGroup(access)) throw new DomainError("forbidden");
  const res = await Commitment.updateOne(
    { _id: v.commitmentId, groupId: oid(v.groupId), userId: oid(ctx.actor.id) },
    { $set: { done: v.done } },
  );
  if (res.matchedCount === 0) throw new DomainError("not_found");
}

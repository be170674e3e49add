// The baseline and end analysis (BSA, ESA; issue 14 item 3, docs/decisions/036): a leader fills in
// their trajectory's questionnaire at the start and the same version at the end, saves as they go,
// submits once and compares both. Only the leader reads it; their coach too when the leader shares
// it (per analysis); the organiser gets counts per group, nothing else.
import { Group } from "../group/group.model";
import { activeLeaderIds, findMembership, membershipsOfUser } from "../group/memberships";
import type { Actor, ServiceContext } from "../shared/context";
import { isDuplicateKey, retryOnDuplicate } from "../shared/duplicate-key";
import { DomainError } from "../shared/errors";
import { isObjectId } from "../shared/ids";
import { oid } from "../shared/oid";
import { Trajectory } from "../trajectory/trajectory.model";
import { displayNames } from "../user/user.service";
import { Analysis, AnalysisAnswer, type AnalysisRecord, AnalysisSubmission, QuestionnaireVersion } from "./analysis.model";
import { DEFAULT_QUESTIONNAIRE } from "./default-questionnaire.constants";
import { feedbackSummary, feedbackMeans, type FeedbackSummaryDTO } from "./feedback.service";
import {
  type AnalysisKind,
  AnalysisTargetInput,
  Questionnaire,
  QuestionnaireJsonInput,
  type LocalText,
  QUESTIONNAIRE_LIMITS,
  questionnaireIssues,
  SaveAnswersInput,
  ShareAnalysisInput,
  StartAnalysisInput,
} from "./questionnaire.inputs";
import { meanAndSpread, radarGeometry, type RadarGeometry } from "./radar";

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, input: unknown): T {
  const r = schema.safeParse(input);
  if (!r.success) throw new DomainError("invalid_input");
  return r.data;
}

// ---- questionnaires ----------------------------------------------------------------------------

/** The questionnaire an analysis was given: the default, or a stored version of its trajectory's. */
export async function questionnaireOf(of: unknown, version: number): Promise<Questionnaire> {
  if (!of) return DEFAULT_QUESTIONNAIRE;
  const v = await QuestionnaireVersion.findOne({ trajectoryId: of, version }).lean();
  if (!v) throw new Error(`questionnaire ${String(of)} v${version} is missing`);
  return Questionnaire.parse(JSON.parse(v.spec));
}

/** The trajectory's current questionnaire: its newest own version, else the default (version 0). */
async function currentQuestionnaire(trajectoryId: string) {
  const [v] = await QuestionnaireVersion.find({ trajectoryId: oid(trajectoryId) })
    .sort({ version: -1 })
    .limit(1)
    .lean();
  return v
    ? { of: v.trajectoryId, version: v.version, questionnaire: Questionnaire.parse(JSON.parse(v.spec)) }
    : { of: null, version: 0, questionnaire: DEFAULT_QUESTIONNAIRE };
}

async function organisedTrajectory(actor: Actor, trajectoryId: string) {
  if (!actor.isOrganiser || !isObjectId(trajectoryId)) throw new DomainError("not_found");
  const t = await Trajectory.findOne({ _id: oid(trajectoryId), organiserIds: oid(actor.id) }).lean();
  if (!t) throw new DomainError("not_found");
  return t;
}

export interface QuestionnaireEditorDTO {
  trajectoryId: string;
  trajectoryName: string;
  /** 0: the trajectory still uses the default. */
  version: number;
  json: string;
  questionnaire: Questionnaire;
}

/** The organiser's editor: the trajectory's current questionnaire as JSON (a copy of the default at first). */
export async function getQuestionnaireEditor(ctx: ServiceContext, input: { trajectoryId: string }): Promise<QuestionnaireEditorDTO> {
  const t = await organisedTrajectory(ctx.actor, input.trajectoryId);
  const c = await currentQuestionnaire(String(t._id));
  return {
    trajectoryId: String(t._id),
    trajectoryName: t.name,
    version: c.version,
    json: JSON.stringify(c.questionnaire, null, 2),
    questionnaire: c.questionnaire,
  };
}

/** Checks an edited questionnaire without storing it: the questionnaire to preview, or the issues by JSON path. */
export async function previewQuestionnaire(ctx: ServiceContext, input: unknown) {
  const v = parse(QuestionnaireJsonInput, input);
  await organisedTrajectory(ctx.actor, v.trajectoryId);
  return questionnaireIssues(v.json);
}

/** Stores the edited questionnaire as the trajectory's next version (immutable; a unique insert, so
 *  two organisers saving at once get two versions, never one overwritten). Analyses begun keep theirs. */
export async function saveQuestionnaire(ctx: ServiceContext, input: unknown): Promise<{ version: number }> {
  const { questionnaire, issues } = await previewQuestionnaire(ctx, input);
  if (!questionnaire) throw new DomainError("invalid_input", [{ path: "json", code: issues[0].code }]);
  const { trajectoryId } = parse(QuestionnaireJsonInput, input);
  const spec = JSON.stringify(questionnaire);
  for (let attempt = 0; attempt < 5; attempt++) {
    const { version } = await currentQuestionnaire(trajectoryId);
    try {
      await QuestionnaireVersion.create({ trajectoryId: oid(trajectoryId), version: version + 1, spec, createdBy: oid(ctx.actor.id) });
      return { version: version + 1 };
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
  }
  throw new DomainError("conflict");
}

// ---- who may read an analysis ------------------------------------------------------------------

/** The trajectories in which the user is an active leader, with one group each (the first). */
async function leaderTrajectories(userId: string) {
  const ms = (await membershipsOfUser(userId)).filter((m) => m.role === "leader" && m.status === "active");
  const groups = await Group.find({ _id: { $in: ms.map((m) => m.groupId) } }, { trajectoryId: 1 }).lean();
  return new Set(groups.map((g) => String(g.trajectoryId)));
}

/** Is `coachId` an active coach of a group of the trajectory in which `leaderId` is an active leader? */
async function coachesLeader(coachId: string, leaderId: string, trajectoryId: string) {
  const ms = (await membershipsOfUser(coachId)).filter((m) => m.role === "coach" && m.status === "active");
  const groups = await Group.find({ _id: { $in: ms.map((m) => m.groupId) }, trajectoryId: oid(trajectoryId) }, { _id: 1 }).lean();
  for (const g of groups) {
    const m = await findMembership(g._id, leaderId).lean();
    if (m?.role === "leader" && m.status === "active") return true;
  }
  return false;
}

type Access = { analysis: AnalysisRecord; owner: boolean };

/** The analysis if the actor may read it (its leader; a coach of theirs when shared); not_found otherwise. */
async function loadAnalysisFor(actor: Actor, analysisId: string, write = false): Promise<Access> {
  if (!isObjectId(analysisId)) throw new DomainError("not_found");
  const analysis = await Analysis.findById(oid(analysisId)).lean();
  if (!analysis) throw new DomainError("not_found");
  if (String(analysis.userId) === actor.id) return { analysis, owner: true };
  if (!write && analysis.sharedWithCoach && (await coachesLeader(actor.id, String(analysis.userId), String(analysis.trajectoryId))))
    return { analysis, owner: false };
  throw new DomainError("not_found");
}

/** The analysis's owner acting on it (feedback.service); not_found for anyone else. */
export async function loadOwnAnalysis(actor: Actor, analysisId: string) {
  return (await loadAnalysisFor(actor, analysisId, true)).analysis;
}

/** The analysis for a reader of it (its leader, or a coach it is shared with). */
export async function loadReadableAnalysis(actor: Actor, analysisId: string) {
  return (await loadAnalysisFor(actor, analysisId)).analysis;
}

// ---- the leader's list -------------------------------------------------------------------------

export interface AnalysisRefDTO {
  id: string;
  status: "draft" | "submitted";
}

export interface MyAnalysesDTO {
  trajectories: { id: string; name: string; bsa: AnalysisRefDTO | null; esa: AnalysisRefDTO | null }[];
  /** Analyses the leaders a coach accompanies shared with them. */
  shared: { id: string; kind: AnalysisKind; leaderName: string; trajectoryName: string; status: "draft" | "submitted" }[];
}

const refOf = (a: AnalysisRecord | undefined): AnalysisRefDTO | null =>
  a ? { id: String(a._id), status: a.submittedAt ? "submitted" : "draft" } : null;

/** The actor's analyses per trajectory they lead in, and those shared with them as a coach. */
export async function listMyAnalyses(ctx: ServiceContext): Promise<MyAnalysesDTO> {
  const ids = [...(await leaderTrajectories(ctx.actor.id))];
  const [trajectories, mine] = await Promise.all([
    Trajectory.find({ _id: { $in: ids.map(oid) } }, { name: 1 }).lean(),
    Analysis.find({ userId: oid(ctx.actor.id) }).lean(),
  ]);
  const coachMs = (await membershipsOfUser(ctx.actor.id)).filter((m) => m.role === "coach" && m.status === "active");
  const shared: MyAnalysesDTO["shared"] = [];
  if (coachMs.length) {
    const groups = await Group.find({ _id: { $in: coachMs.map((m) => m.groupId) } }, { trajectoryId: 1 }).lean();
    const pairs = await Promise.all(
      groups.map(async (g) => ({
        trajectoryId: String(g.trajectoryId),
        leaders: await activeLeaderIds(g._id),
      })),
    );
    const found = (
      await Promise.all(
        pairs.map((p) =>
          p.leaders.length
            ? Analysis.find({ trajectoryId: oid(p.trajectoryId), userId: { $in: p.leaders.map(oid) }, sharedWithCoach: true }).lean()
            : [],
        ),
      )
    ).flat();
    const unique = [...new Map(found.map((a) => [String(a._id), a])).values()];
    const names = await displayNames(
      ctx,
      unique.map((a) => a.userId),
    );
    const tNames = new Map(
      (await Trajectory.find({ _id: { $in: unique.map((a) => a.trajectoryId) } }, { name: 1 }).lean()).map((t) => [String(t._id), t.name]),
    );
    for (const a of unique)
      shared.push({
        id: String(a._id),
        kind: a.kind,
        leaderName: names.get(String(a.userId)) ?? "?",
        trajectoryName: tNames.get(String(a.trajectoryId)) ?? "",
        status: a.submittedAt ? "submitted" : "draft",
      });
    shared.sort((a, b) => a.leaderName.localeCompare(b.leaderName, "nl") || a.kind.localeCompare(b.kind));
  }
  return {
    trajectories: trajectories
      .map((t) => ({
        id: String(t._id),
        name: t.name,
        bsa: refOf(mine.find((a) => String(a.trajectoryId) === String(t._id) && a.kind === "bsa")),
        esa: refOf(mine.find((a) => String(a.trajectoryId) === String(t._id) && a.kind === "esa")),
      }))
      .sort((a, b) => a.name.localeCompare(b.name, "nl")),
    shared,
  };
}

/** Begins the actor's BSA or ESA in a trajectory they lead in (once: a second start returns the first).
 *  The BSA takes the trajectory's current questionnaire; the ESA the BSA's version, after the BSA was submitted. */
export async function startAnalysis(ctx: ServiceContext, input: unknown): Promise<{ id: string }> {
  const { trajectoryId, kind } = parse(StartAnalysisInput, input);
  if (!(await leaderTrajectories(ctx.actor.id)).has(trajectoryId)) throw new DomainError("not_found");
  const existing = await Analysis.findOne({ userId: oid(ctx.actor.id), trajectoryId: oid(trajectoryId), kind }, { _id: 1 }).lean();
  if (existing) return { id: String(existing._id) };
  let q: { of: unknown; version: number };
  if (kind === "esa") {
    const bsa = await Analysis.findOne({ userId: oid(ctx.actor.id), trajectoryId: oid(trajectoryId), kind: "bsa" }).lean();
    if (!bsa?.submittedAt) throw new DomainError("conflict", undefined, { reason: "analysis_bsa_first" });
    q = { of: bsa.questionnaireOf, version: bsa.questionnaireVersion };
  } else {
    q = await currentQuestionnaire(trajectoryId);
  }
  try {
    const a = await Analysis.create({
      userId: oid(ctx.actor.id),
      trajectoryId: oid(trajectoryId),
      kind,
      questionnaireOf: q.of ?? null,
      questionnaireVersion: q.version,
    });
    return { id: String(a._id) };
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    const again = await Analysis.findOne({ userId: oid(ctx.actor.id), trajectoryId: oid(trajectoryId), kind }, { _id: 1 }).lean();
    return { id: String(again!._id) };
  }
}

// ---- answers -----------------------------------------------------------------------------------

export interface AnswerDTO {
  point?: number;
  options?: string[];
  text?: string;
}

async function answersOf(analysisId: unknown): Promise<Record<string, AnswerDTO>> {
  const rows = await AnalysisAnswer.find({ analysisId }).lean();
  const out: Record<string, AnswerDTO> = {};
  for (const r of rows) {
    const a: AnswerDTO = {};
    if (typeof r.point === "number") a.point = r.point;
    if (r.options?.length) a.options = [...r.options];
    if (typeof r.text === "string") a.text = r.text;
    out[r.itemId] = a;
  }
  return out;
}

const scaleItems = (q: Questionnaire) => q.sections.flatMap((s) => s.items.filter((i) => i.kind === "scale"));

/** Saves the answers to the items a form showed (`seen:<itemId>`): one item (the page's autosave) or
 *  a whole section. A value left empty clears the answer. Refused once the analysis is submitted. */
export async function saveAnswers(ctx: ServiceContext, analysisId: string, input: unknown): Promise<{ saved: number }> {
  const analysis = await loadOwnAnalysis(ctx.actor, analysisId);
  const raw = parse(SaveAnswersInput, input);
  if (analysis.submittedAt || (await AnalysisSubmission.exists({ _id: analysisId })))
    throw new DomainError("conflict", undefined, { reason: "analysis_submitted" });
  const q = await questionnaireOf(analysis.questionnaireOf, analysis.questionnaireVersion);
  const items = new Map(q.sections.flatMap((s) => s.items).map((i) => [i.id, i]));
  const issues: { path: string; code: string }[] = [];
  const writes: { itemId: string; value: AnswerDTO | null }[] = [];
  for (const key of Object.keys(raw)) {
    if (!key.startsWith("seen:")) continue;
    const itemId = key.slice(5);
    const item = items.get(itemId);
    if (!item) {
      issues.push({ path: `a:${itemId}`, code: "invalid" });
      continue;
    }
    const v = raw[`a:${itemId}`]?.trim() ?? "";
    if (item.kind === "scale") {
      if (v === "") writes.push({ itemId, value: null });
      else if (/^[1-5]$/.test(v)) writes.push({ itemId, value: { point: Number(v) } });
      else issues.push({ path: `a:${itemId}`, code: "invalid" });
    } else if (item.kind === "choice") {
      const known = new Set(item.options.map((o) => o.id));
      const chosen = item.max === 1 ? (v ? [v] : []) : item.options.filter((o) => raw[`a:${itemId}:${o.id}`] === "on").map((o) => o.id);
      if (chosen.some((c) => !known.has(c))) issues.push({ path: `a:${itemId}`, code: "invalid" });
      else if (chosen.length > item.max) issues.push({ path: `a:${itemId}`, code: "analysis_too_many_chosen" });
      else writes.push({ itemId, value: chosen.length ? { options: chosen } : null });
    } else if (v.length > QUESTIONNAIRE_LIMITS.answer) issues.push({ path: `a:${itemId}`, code: "analysis_answer_too_long" });
    else writes.push({ itemId, value: v ? { text: v } : null });
  }
  if (issues.length) throw new DomainError("invalid_input", issues);
  await Promise.all(
    writes.map(({ itemId, value }) => {
      const _id = `${analysisId}:${itemId}`;
      if (!value) return AnalysisAnswer.deleteOne({ _id });
      return retryOnDuplicate(() =>
        AnalysisAnswer.replaceOne(
          { _id },
          { _id, analysisId: analysis._id, itemId, point: value.point ?? null, options: value.options, text: value.text ?? null },
          { upsert: true },
        ),
      );
    }),
  );
  return { saved: writes.length };
}

/** Submits the analysis once every scale item has an answer; a second submit changes nothing. */
export async function submitAnalysis(ctx: ServiceContext, input: unknown): Promise<void> {
  const { analysisId } = parse(AnalysisTargetInput, input);
  const analysis = await loadOwnAnalysis(ctx.actor, analysisId);
  if (analysis.submittedAt) return;
  const q = await questionnaireOf(analysis.questionnaireOf, analysis.questionnaireVersion);
  const answers = await answersOf(analysis._id);
  const missing = scaleItems(q).filter((i) => typeof answers[i.id]?.point !== "number").length;
  if (missing) throw new DomainError("conflict", undefined, { reason: "analysis_incomplete", n: missing });
  try {
    await AnalysisSubmission.create({ _id: analysisId });
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
  }
  await Analysis.updateOne({ _id: analysis._id }, { $set: { submittedAt: new Date() } });
}

/** The leader's choice whether their coach may read this analysis (and its 360-degree summary). */
export async function shareAnalysis(ctx: ServiceContext, input: unknown): Promise<void> {
  const { analysisId, shared } = parse(ShareAnalysisInput, input);
  const analysis = await loadOwnAnalysis(ctx.actor, analysisId);
  await Analysis.updateOne({ _id: analysis._id }, { $set: { sharedWithCoach: shared } });
}

// ---- the page ----------------------------------------------------------------------------------

export interface ComparisonItemDTO {
  id: string;
  prompt: LocalText;
  bsa: number | null;
  esa: number | null;
  /** The raters' mean and spread, only with at least FEEDBACK_MIN_RATERS answers to the item. */
  feedback: { mean: number; spread: number; n: number } | null;
}

export interface ComparisonDTO {
  sections: { id: string; title: LocalText; bsa: number | null; esa: number | null; feedback: number | null; items: ComparisonItemDTO[] }[];
  /** Which series have values: bsa, esa, feedback (the order of radar.series). */
  series: ("bsa" | "esa" | "feedback")[];
  radar: RadarGeometry;
}

export interface AnalysisPageDTO {
  id: string;
  kind: AnalysisKind;
  trajectoryId: string;
  trajectoryName: string;
  status: "draft" | "submitted";
  isOwner: boolean;
  /** The leader's name, for a coach reading it. */
  leaderName: string;
  sharedWithCoach: boolean;
  questionnaire: Questionnaire;
  answers: Record<string, AnswerDTO>;
  answeredScale: number;
  totalScale: number;
  /** The other analysis of the pair, when the reader may open it. */
  counterpart: { id: string; kind: AnalysisKind; status: "draft" | "submitted" } | null;
  /** Both analyses side by side (submitted ones only), with the 360-degree summary of this one. */
  comparison: ComparisonDTO | null;
  feedback: FeedbackSummaryDTO;
}

const sectionMean = (values: (number | null)[]) => meanAndSpread(values.filter((v): v is number => v !== null))?.mean ?? null;

/** The analysis page: the questionnaire with the answers, and the comparison once anything is submitted. */
export async function getAnalysis(ctx: ServiceContext, input: unknown): Promise<AnalysisPageDTO> {
  const { analysisId } = parse(AnalysisTargetInput, input);
  const { analysis, owner } = await loadAnalysisFor(ctx.actor, analysisId);
  const q = await questionnaireOf(analysis.questionnaireOf, analysis.questionnaireVersion);
  const other = await Analysis.findOne({
    userId: analysis.userId,
    trajectoryId: analysis.trajectoryId,
    kind: analysis.kind === "bsa" ? "esa" : "bsa",
  }).lean();
  const counterpart = other && (owner || other.sharedWithCoach) ? other : null;
  const [answers, otherAnswers, trajectory, names, feedback] = await Promise.all([
    answersOf(analysis._id),
    counterpart?.submittedAt ? answersOf(counterpart._id) : Promise.resolve({} as Record<string, AnswerDTO>),
    Trajectory.findById(analysis.trajectoryId, { name: 1 }).lean(),
    displayNames(ctx, [analysis.userId]),
    feedbackSummary(ctx, analysis, owner),
  ]);
  const scale = scaleItems(q);
  const byKind = {
    bsa: analysis.kind === "bsa" ? (analysis.submittedAt ? answers : null) : counterpart?.submittedAt ? otherAnswers : null,
    esa: analysis.kind === "esa" ? (analysis.submittedAt ? answers : null) : counterpart?.submittedAt ? otherAnswers : null,
  };
  const means = feedback.visible ? await feedbackMeans(analysis._id) : new Map<string, { mean: number; spread: number; n: number }>();
  let comparison: ComparisonDTO | null = null;
  if (byKind.bsa || byKind.esa || means.size) {
    const point = (set: Record<string, AnswerDTO> | null, id: string) => (set ? (set[id]?.point ?? null) : null);
    const sections = q.sections
      .map((s) => {
        const items = s.items
          .filter((i) => i.kind === "scale")
          .map((i) => ({
            id: i.id,
            prompt: i.prompt,
            bsa: point(byKind.bsa, i.id),
            esa: point(byKind.esa, i.id),
            feedback: means.get(i.id) ?? null,
          }));
        return {
          id: s.id,
          title: s.title,
          bsa: sectionMean(items.map((i) => i.bsa)),
          esa: sectionMean(items.map((i) => i.esa)),
          feedback: sectionMean(items.map((i) => i.feedback?.mean ?? null)),
          items,
        };
      })
      .filter((s) => s.items.length > 0);
    const series = (["bsa", "esa", "feedback"] as const).filter((k) => sections.some((s) => s[k] !== null));
    comparison = {
      sections,
      series,
      radar: radarGeometry(
        sections.length,
        series.map((k) => ({ key: k, values: sections.map((s) => s[k]) })),
      ),
    };
  }
  return {
    id: String(analysis._id),
    kind: analysis.kind,
    trajectoryId: String(analysis.trajectoryId),
    trajectoryName: trajectory?.name ?? "",
    status: analysis.submittedAt ? "submitted" : "draft",
    isOwner: owner,
    leaderName: names.get(String(analysis.userId)) ?? "",
    sharedWithCoach: analysis.sharedWithCoach,
    questionnaire: q,
    answers,
    answeredScale: scale.filter((i) => typeof answers[i.id]?.point === "number").length,
    totalScale: scale.length,
    counterpart: counterpart
      ? { id: String(counterpart._id), kind: counterpart.kind, status: counterpart.submittedAt ? "submitted" : "draft" }
      : null,
    comparison,
    feedback,
  };
}

// ---- what others read --------------------------------------------------------------------------

export interface AnalysisSummaryDTO {
  analysisId: string;
  kind: AnalysisKind;
  sections: { id: string; title: LocalText; mean: number | null }[];
  /** The open and choice answers (learning needs), as texts in both languages. */
  needs: { itemId: string; prompt: LocalText; answer: LocalText }[];
}

/** The actor's own submitted analysis of a trajectory (the ESA if submitted, else the BSA), for the
 *  action plan to start from (issue 14 item 5); null when none is submitted. Only its leader reads it. */
export async function readAnalysisSummary(ctx: ServiceContext, input: { trajectoryId: string; kind?: AnalysisKind }) {
  if (!isObjectId(input.trajectoryId)) return null;
  const all = await Analysis.find({ userId: oid(ctx.actor.id), trajectoryId: oid(input.trajectoryId), submittedAt: { $ne: null } }).lean();
  const a = input.kind ? all.find((x) => x.kind === input.kind) : (all.find((x) => x.kind === "esa") ?? all.find((x) => x.kind === "bsa"));
  if (!a) return null;
  const q = await questionnaireOf(a.questionnaireOf, a.questionnaireVersion);
  const answers = await answersOf(a._id);
  const needs: AnalysisSummaryDTO["needs"] = [];
  for (const item of q.sections.flatMap((s) => s.items)) {
    const ans = answers[item.id];
    if (item.kind === "text" && ans?.text) needs.push({ itemId: item.id, prompt: item.prompt, answer: { nl: ans.text, en: ans.text } });
    if (item.kind === "choice" && ans?.options?.length) {
      const labels = item.options.filter((o) => ans.options?.includes(o.id)).map((o) => o.label);
      needs.push({
        itemId: item.id,
        prompt: item.prompt,
        answer: { nl: labels.map((l) => l.nl).join(", "), en: labels.map((l) => l.en).join(", ") },
      });
    }
  }
  return {
    analysisId: String(a._id),
    kind: a.kind,
    sections: q.sections
      .filter((s) => s.items.some((i) => i.kind === "scale"))
      .map((s) => ({
        id: s.id,
        title: s.title,
        mean: sectionMean(s.items.filter((i) => i.kind === "scale").map((i) => answers[i.id]?.point ?? null)),
      })),
    needs,
  } satisfies AnalysisSummaryDTO;
}

/** The scored sections (id and title) of a trajectory's current questionnaire: what an action plan's
 *  learning question may name (models/plan), and how it is titled for every reader. */
export async function scoredSections(trajectoryId: string): Promise<{ id: string; title: LocalText }[]> {
  if (!isObjectId(trajectoryId)) return [];
  const { questionnaire } = await currentQuestionnaire(trajectoryId);
  return questionnaire.sections.filter((s) => s.items.some((i) => i.kind === "scale")).map((s) => ({ id: s.id, title: s.title }));
}

export interface AnalysisCountsDTO {
  groups: { id: string; name: string; leaders: number; bsa: number; esa: number }[];
}

/** The organiser's view: per group, how many active leaders submitted a BSA and an ESA. Numbers only. */
export async function countAnalyses(ctx: ServiceContext, input: { trajectoryId: string }): Promise<AnalysisCountsDTO> {
  const t = await organisedTrajectory(ctx.actor, input.trajectoryId);
  const groups = await Group.find({ trajectoryId: t._id }, { name: 1 }).sort({ name: 1 }).lean();
  const submitted = await Analysis.find({ trajectoryId: t._id, submittedAt: { $ne: null } }, { userId: 1, kind: 1 }).lean();
  return {
    groups: await Promise.all(
      groups.map(async (g) => {
        const leaders = new Set(await activeLeaderIds(g._id));
        const of = (kind: AnalysisKind) => submitted.filter((a) => a.kind === kind && leaders.has(String(a.userId))).length;
        return { id: String(g._id), name: g.name, leaders: leaders.size, bsa: of("bsa"), esa: of("esa") };
      }),
    ),
  };
}

// Evaluation at the reaction and learning levels and the learning-culture scan (issue 15 items 1, 2,
// 4, 5, 6; docs/decisions/052-054). A leader answers a meeting's or round's one-minute check, and the
// set moments' questionnaires, once (a unique insert). The group sees its own figures, the organiser
// the trajectory's across groups: counts and means only, each from five answers on, only once the
// occasion's answering window closed (so no figure changes while answers come in), and never one
// that lets a smaller set be computed by subtraction (disclosure.ts).
import type { Block } from "../collab/blocks";
import { Group } from "../group/group.model";
import { loadGroupFor } from "../group/group.service";
import { activeLeaderIds } from "../group/memberships";
import { translate } from "../i18n/i18n";
import type { Locale } from "../i18n/locale";
import { Round } from "../intervision/round.model";
import { storedRound } from "../intervision/round.service";
import { Meeting } from "../meeting/meeting.model";
import { Attendance } from "../meeting/meeting-content.model";
import { CheckIn, LearningQuestion } from "../plan/plan.model";
import type { ServiceContext } from "../shared/context";
import { ignoreDuplicateKey, isDuplicateKey } from "../shared/duplicate-key";
import { DomainError } from "../shared/errors";
import { isObjectId } from "../shared/ids";
import { oid } from "../shared/oid";
import { parseInput } from "../shared/parse";
import { Notification } from "../thread/thread.model";
import { Trajectory } from "../trajectory/trajectory.model";
import { type LineGeometry, lineGeometry } from "./chart";
import { disclose, guardedMean } from "./disclosure";
import {
  MIN_ANSWERS,
  MOMENT_REMIND_AFTER_DAYS,
  OCCASION_PATTERN,
  REACTION_REMIND_AFTER_HOURS,
  REACTION_WINDOW_DAYS,
} from "./evaluation.constants";
import { GroupRef, OccasionRef, ShareConsentInput, SubmitCheckInput, TrajectoryRef } from "./evaluation.inputs";
import { EvaluationResponse, EvaluationShareConsent } from "./evaluation.model";
import { type Instrument, type InstrumentId, itemsOf } from "./instrument.inputs";
import { INSTRUMENTS } from "./instruments.constants";
import { datedMoments } from "./moments";

const DAY = 86_400_000;
const REACTION_WINDOW_MS = REACTION_WINDOW_DAYS * DAY;
const CHECKED_MEETINGS = ["contact_day", "network_moment"] as const;
// Bounds of every read (decision 047): a trajectory has about 22 group meetings over two years, a
// group at most 10 leaders and a few guests; answers of two years of one group stay below 1,000.
const MAX_MEETINGS = 60;
const MAX_ROUNDS = 100;
const MAX_MEMBERS = 40;
const MAX_RESPONSES = 1_000;
/** The organiser's reads span the trajectory's groups: at most this many answers. */
const MAX_TRAJECTORY_RESPONSES = 1_000;

// ---- occasions ---------------------------------------------------------------------------------

export interface Occasion {
  key: string;
  kind: "meeting" | "round" | "moment";
  instrument: InstrumentId;
  /** When it took place (the trend's x): a meeting's or round's end, a moment's opening. */
  at: Date;
  opens: Date;
  closes: Date;
  /** A meeting's title or kind, a round's case question, a moment's ordinal. */
  label: { meetingKind?: string; title?: string; n?: number };
  /** Who is asked: the active leaders (of a round: those who took part). */
  respondents: string[];
}

async function trajectoryStart(trajectoryId: unknown): Promise<Date | null> {
  const t = await Trajectory.findById(trajectoryId, { startDate: 1 }).lean();
  return t?.startDate ?? null;
}

/** Of these rounds, the finished ones: when each finished and who took part (each round's newest
 *  state by exact _id reads, models/intervision/round.service.ts storedRound). */
async function finishedRounds(roundIds: readonly unknown[]) {
  const stored = await Promise.all(roundIds.map((id) => storedRound(String(id))));
  return stored.flatMap((r) =>
    r && r.state.status === "finished"
      ? [{ roundId: String(r.record._id), at: new Date(r.state.finishedAt ?? r.record.createdAt.getTime()), members: r.state.members }]
      : [],
  );
}

/** The occasion `key` of the group, or null if it is none of the group's. */
async function occasionOf(groupId: string, trajectoryId: unknown, key: string): Promise<Occasion | null> {
  const m = OCCASION_PATTERN.exec(key);
  if (!m) return null;
  const leaders = await activeLeaderIds(groupId);
  if (m[1] === "meeting") {
    const mt = await Meeting.findOne({ _id: oid(m[2]), groupId: oid(groupId) }, { kind: 1, title: 1, endsAt: 1, status: 1 }).lean();
    if (mt?.status !== "planned" || !(CHECKED_MEETINGS as readonly string[]).includes(mt.kind)) return null;
    return {
      key,
      kind: "meeting",
      instrument: "reaction-meeting",
      at: mt.endsAt,
      opens: mt.endsAt,
      closes: new Date(mt.endsAt.getTime() + REACTION_WINDOW_MS),
      label: { meetingKind: mt.kind, title: mt.title },
      respondents: leaders,
    };
  }
  if (m[1] === "round") {
    const r = await Round.findOne({ _id: oid(m[2]), groupId: oid(groupId) }, { caseQuestion: 1, memberIds: 1 }).lean();
    if (!r) return null;
    const [done] = await finishedRounds([r._id]);
    const at = done?.at ?? new Date(8.64e15);
    return {
      key,
      kind: "round",
      instrument: "reaction-round",
      at,
      opens: at,
      closes: new Date(Math.min(8.64e15, at.getTime() + REACTION_WINDOW_MS)),
      label: { title: r.caseQuestion },
      // Until it finished, the members it was created with; then those in its final state.
      respondents: leaders.filter((u) => (done?.members ?? (r.memberIds ?? []).map(String)).includes(u)),
    };
  }
  const start = await trajectoryStart(trajectoryId);
  const moment = start && datedMoments(start).find((d) => d.id === m[3]);
  if (!moment) return null;
  return {
    key,
    kind: "moment",
    instrument: moment.instrument,
    at: moment.opens,
    opens: moment.opens,
    closes: moment.closes,
    label: { n: moment.n },
    respondents: leaders,
  };
}

const responseId = (groupId: string, occasion: string, userId: string) => `${groupId}:${occasion}:${userId}`;

// ---- answering ---------------------------------------------------------------------------------

export type CheckState = "open" | "answered" | "not_yet" | "closed" | "not_asked";

export interface CheckDTO {
  groupId: string;
  occasion: { key: string; kind: Occasion["kind"]; at: string; closes: string; label: Occasion["label"] };
  instrument: Instrument;
  state: CheckState;
  /** How many of those asked answered (a count, never who). */
  answered: number;
  asked: number;
}

function stateOf(o: Occasion, userId: string, answered: boolean, now: Date): CheckState {
  if (answered) return "answered";
  if (!o.respondents.includes(userId)) return "not_asked";
  if (now < o.opens) return "not_yet";
  if (now >= o.closes) return "closed";
  return "open";
}

/** The group's evaluation is its leaders' and coach's: guests (a supervisor, a team member) and the
 *  organiser are refused (decision 053); outsiders get not_found. */
async function loadForEvaluation(ctx: ServiceContext, groupId: string, action: "group.content" | "thread.post") {
  const loaded = await loadGroupFor(ctx.actor, groupId, action);
  const role = loaded.access.membership?.role;
  if (role !== "leader" && role !== "coach") throw new DomainError("forbidden");
  return loaded;
}

/** An occasion's check as its reader may answer it (leaders and coach; not_found for outsiders). */
export async function getCheck(ctx: ServiceContext, raw: unknown, now = new Date()): Promise<CheckDTO> {
  const v = parseInput(OccasionRef, raw);
  const { group } = await loadForEvaluation(ctx, v.groupId, "group.content");
  const o = await occasionOf(v.groupId, group.trajectoryId, v.occasion);
  if (!o) throw new DomainError("not_found");
  const [mine, answered] = await Promise.all([
    EvaluationResponse.exists({ _id: responseId(v.groupId, o.key, ctx.actor.id) }),
    EvaluationResponse.countDocuments({ groupId: oid(v.groupId), occasion: o.key }),
  ]);
  return {
    groupId: v.groupId,
    occasion: { key: o.key, kind: o.kind, at: o.at.toISOString(), closes: o.closes.toISOString(), label: o.label },
    instrument: INSTRUMENTS[o.instrument],
    state: stateOf(o, ctx.actor.id, !!mine, now),
    answered,
    asked: o.respondents.length,
  };
}

/** Stores a leader's answers to an open occasion, once: every statement 1-5, an optional line. */
export async function submitCheck(ctx: ServiceContext, raw: SubmitCheckInput, now = new Date()): Promise<{ ok: true }> {
  const v = parseInput(SubmitCheckInput, raw);
  const { group } = await loadForEvaluation(ctx, v.groupId, "thread.post");
  const o = await occasionOf(v.groupId, group.trajectoryId, v.occasion);
  if (!o) throw new DomainError("not_found");
  const state = stateOf(o, ctx.actor.id, false, now);
  if (state === "not_asked") throw new DomainError("forbidden", [{ path: "occasion", code: "evaluation_not_asked" }]);
  if (state !== "open") throw new DomainError("conflict", [{ path: "occasion", code: `evaluation_${state}` }]);
  const q = INSTRUMENTS[o.instrument];
  const items = itemsOf(q);
  const missing = items.filter((i) => v.scores[i.id] === undefined);
  if (missing.length)
    throw new DomainError(
      "invalid_input",
      missing.map((i) => ({ path: `s:${i.id}`, code: "evaluation_score" })),
    );
  if (Object.keys(v.scores).length !== items.length) throw new DomainError("invalid_input", [{ path: "scores", code: "invalid" }]);
  if (v.line && !q.line) throw new DomainError("invalid_input", [{ path: "line", code: "invalid" }]);
  try {
    await EvaluationResponse.create({
      _id: responseId(v.groupId, o.key, ctx.actor.id),
      groupId: oid(v.groupId),
      trajectoryId: group.trajectoryId,
      userId: oid(ctx.actor.id),
      occasion: o.key,
      instrument: q.id,
      version: q.version,
      occasionAt: o.at,
      scores: Object.fromEntries(items.map((i) => [i.id, v.scores[i.id]])),
      line: v.line,
    });
  } catch (e) {
    if (isDuplicateKey(e)) throw new DomainError("conflict", [{ path: "occasion", code: "evaluation_answered" }]);
    throw e;
  }
  return { ok: true };
}

// ---- figures -----------------------------------------------------------------------------------

type Scores = Record<string, number>;

/** A person's value per indicator: the mean of its statements. */
function byIndicator(q: Instrument, scores: Scores): Record<string, number> {
  return Object.fromEntries(q.indicators.map((d) => [d.id, d.items.reduce((a, i) => a + (scores[i.id] ?? 0), 0) / d.items.length]));
}

/** Guarded means per indicator of a set of responses (null each below the minimum). */
function means(q: Instrument, rs: { scores: unknown }[]): Record<string, number | null> {
  const per = rs.map((r) => byIndicator(q, r.scores as Scores));
  return Object.fromEntries(q.indicators.map((d) => [d.id, guardedMean(per.map((p) => p[d.id]))]));
}

export interface FigurePoint {
  occasion: string;
  kind: Occasion["kind"];
  at: string;
  label: Occasion["label"];
  /** "closed": figures final (shown from MIN_ANSWERS); "open": still being answered; "future". */
  status: "closed" | "open" | "future";
  answered: number;
  asked: number;
  /** Per indicator, null while open or below the minimum. */
  means: Record<string, number | null>;
}

export interface FigureSet {
  instrument: InstrumentId;
  indicators: { id: string; label: Instrument["indicators"][number]["label"] }[];
  points: FigurePoint[];
  chart: LineGeometry;
}

function figureSet(instrument: InstrumentId, points: FigurePoint[]): FigureSet {
  const q = INSTRUMENTS[instrument];
  return {
    instrument,
    indicators: q.indicators.map((d) => ({ id: d.id, label: d.label })),
    points,
    chart: lineGeometry(
      points.length,
      q.indicators.map((d) => ({ key: d.id, values: points.map((p) => p.means[d.id] ?? null) })),
    ),
  };
}

export interface QuestionProgressDTO {
  id: string;
  text: string;
  checkIns: { at: string; rating: number }[];
  chart: LineGeometry;
}

export interface GroupEvaluationDTO {
  groupId: string;
  minimum: number;
  leaders: number;
  /** Occasions the reader may answer now. */
  open: { key: string; kind: Occasion["kind"]; at: string; label: Occasion["label"]; instrument: InstrumentId }[];
  reaction: { meetings: FigureSet; rounds: FigureSet };
  culture: FigureSet;
  learning: FigureSet;
  /** The reader's own learning questions with their check-ins over time. */
  questions: QuestionProgressDTO[];
  attendance: { points: { meetingId: string; at: string; present: number; members: number }[]; chart: LineGeometry };
  sharing: { shared: boolean; consents: number; leaders: number; mine: boolean; canConsent: boolean };
}

/** A group's occasions and their figures (the minimum applies per point): what its own page and its
 *  end report show. Every read is bounded (decision 047). */
async function groupFigures(groupId: string, trajectoryId: unknown, now: Date) {
  const g = oid(groupId);
  // Two school years and a bit: the trajectory's span. Every read below is bounded (decision 047).
  const since = new Date(now.getTime() - 800 * DAY);
  const [leaders, meetings, rounds, responses, start] = await Promise.all([
    activeLeaderIds(groupId),
    Meeting.find(
      { groupId: g, status: "planned", kind: { $in: CHECKED_MEETINGS }, endsAt: { $gte: since, $lte: now } },
      { kind: 1, title: 1, endsAt: 1 },
    )
      .sort({ endsAt: -1 })
      .limit(MAX_MEETINGS)
      .lean(),
    Round.find({ groupId: g, createdAt: { $gte: since } }, { caseQuestion: 1 })
      .sort({ createdAt: -1 })
      .limit(MAX_ROUNDS)
      .lean(),
    EvaluationResponse.find({ groupId: g, occasionAt: { $gte: since } }, { occasion: 1, scores: 1, userId: 1 })
      .sort({ occasionAt: -1 })
      .limit(MAX_RESPONSES)
      .lean(),
    trajectoryStart(trajectoryId),
  ]);
  meetings.reverse();
  const finished = await finishedRounds(rounds.map((r) => r._id));
  const byOccasion = new Map<string, typeof responses>();
  for (const r of responses) byOccasion.set(r.occasion, [...(byOccasion.get(r.occasion) ?? []), r]);

  const occasions: Occasion[] = [
    ...meetings.map((m) => ({
      key: `meeting-${m._id}`,
      kind: "meeting" as const,
      instrument: "reaction-meeting" as const,
      at: m.endsAt,
      opens: m.endsAt,
      closes: new Date(m.endsAt.getTime() + REACTION_WINDOW_MS),
      label: { meetingKind: m.kind, title: m.title },
      respondents: leaders,
    })),
    ...finished
      .filter((f) => f.at >= since)
      .map((f) => ({
        key: `round-${f.roundId}`,
        kind: "round" as const,
        instrument: "reaction-round" as const,
        at: f.at,
        opens: f.at,
        closes: new Date(f.at.getTime() + REACTION_WINDOW_MS),
        label: { title: rounds.find((r) => String(r._id) === f.roundId)?.caseQuestion ?? "" },
        respondents: leaders.filter((u) => f.members.includes(u)),
      })),
    ...(start ? datedMoments(start) : []).map((d) => ({
      key: `moment-${d.id}`,
      kind: "moment" as const,
      instrument: d.instrument,
      at: d.opens,
      opens: d.opens,
      closes: d.closes,
      label: { n: d.n },
      respondents: leaders,
    })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());

  const point = (o: Occasion): FigurePoint => {
    const rs = byOccasion.get(o.key) ?? [];
    const status = now < o.opens ? "future" : now < o.closes ? "open" : "closed";
    const q = INSTRUMENTS[o.instrument];
    return {
      occasion: o.key,
      kind: o.kind,
      at: o.at.toISOString(),
      label: o.label,
      status,
      answered: rs.length,
      asked: o.respondents.length,
      means: status === "closed" ? means(q, rs) : Object.fromEntries(q.indicators.map((d) => [d.id, null])),
    };
  };
  const setOf = (instrument: InstrumentId) => figureSet(instrument, occasions.filter((o) => o.instrument === instrument).map(point));
  return { g, leaders, meetings, responses, occasions, setOf };
}

/** The group's own figures: only for its members (organisers: forbidden; outsiders: not_found). */
export async function groupEvaluation(ctx: ServiceContext, raw: unknown, now = new Date()): Promise<GroupEvaluationDTO> {
  const v = parseInput(GroupRef, raw);
  const { group, access } = await loadForEvaluation(ctx, v.groupId, "group.content");
  const [{ g, leaders, meetings, responses, occasions, setOf }, consents] = await Promise.all([
    groupFigures(v.groupId, group.trajectoryId, now),
    EvaluationShareConsent.find({ groupId: oid(v.groupId) }, { userId: 1 })
      .limit(MAX_MEMBERS)
      .lean(),
  ]);
  const mineDone = new Set(responses.filter((r) => String(r.userId) === ctx.actor.id).map((r) => r.occasion));

  const questions = await LearningQuestion.find({ groupId: g, userId: oid(ctx.actor.id) }, { text: 1, slot: 1 })
    .sort({ slot: 1 })
    .limit(3)
    .lean();
  const checkIns = questions.length
    ? await CheckIn.find({ questionId: { $in: questions.map((q) => q._id) } }, { questionId: 1, rating: 1, createdAt: 1 })
        .sort({ createdAt: 1 })
        .limit(MAX_RESPONSES)
        .lean()
    : [];
  const attendanceMarks = meetings.length
    ? await Attendance.find({ meetingId: { $in: meetings.map((m) => m._id) }, status: "present" }, { meetingId: 1 })
        .limit(1_000)
        .lean()
    : [];
  const present = new Map<string, number>();
  for (const a of attendanceMarks) present.set(String(a.meetingId), (present.get(String(a.meetingId)) ?? 0) + 1);
  const attendancePoints = meetings.map((m) => ({
    meetingId: String(m._id),
    at: m.endsAt.toISOString(),
    present: present.get(String(m._id)) ?? 0,
    members: leaders.length,
  }));
  const consentIds = new Set(consents.map((c) => String(c.userId)));
  const role = access.membership?.role;
  return {
    groupId: v.groupId,
    minimum: MIN_ANSWERS,
    leaders: leaders.length,
    open: occasions
      .filter((o) => stateOf(o, ctx.actor.id, mineDone.has(o.key), now) === "open")
      .map((o) => ({ key: o.key, kind: o.kind, at: o.at.toISOString(), label: o.label, instrument: o.instrument })),
    reaction: { meetings: setOf("reaction-meeting"), rounds: setOf("reaction-round") },
    culture: setOf("culture"),
    learning: setOf("learning"),
    questions: questions.map((q) => {
      const cs = checkIns.filter((c) => c.questionId === q._id);
      return {
        id: q._id,
        text: q.text,
        checkIns: cs.map((c) => ({ at: c.createdAt.toISOString(), rating: c.rating })),
        chart: lineGeometry(cs.length, [{ key: "rating", values: cs.map((c) => c.rating) }]),
      };
    }),
    attendance: {
      points: attendancePoints,
      chart: lineGeometry(attendancePoints.length, [{ key: "present", values: attendancePoints.map((p) => p.present) }], {
        min: 0,
        max: Math.max(1, leaders.length),
        step: Math.max(1, Math.ceil(leaders.length / 5)),
      }),
    },
    sharing: {
      shared: leaders.length > 0 && leaders.every((u) => consentIds.has(u)),
      consents: leaders.filter((u) => consentIds.has(u)).length,
      leaders: leaders.length,
      mine: consentIds.has(ctx.actor.id),
      canConsent: role === "leader" && !access.closed,
    },
  };
}

/** A leader consents (or withdraws consent) that the group's own figures go to the organiser. The
 *  group shares while every active leader consents (decision 053). */
export async function setShareConsent(ctx: ServiceContext, raw: unknown): Promise<{ ok: true }> {
  const v = parseInput(ShareConsentInput, raw);
  const { access } = await loadGroupFor(ctx.actor, v.groupId, "thread.post");
  if (access.membership?.role !== "leader") throw new DomainError("forbidden", [{ path: "consent", code: "evaluation_leaders_only" }]);
  const _id = `${v.groupId}:${ctx.actor.id}`;
  if (v.consent) await EvaluationShareConsent.create({ _id, groupId: oid(v.groupId), userId: oid(ctx.actor.id) }).catch(ignoreDuplicateKey);
  else await EvaluationShareConsent.deleteOne({ _id });
  return { ok: true };
}

// ---- the organiser's view ----------------------------------------------------------------------

export interface OrganiserRow {
  /** A quarter ("2026-Q4") for reaction checks, a moment id for the questionnaires. */
  period: string;
  instrument: InstrumentId;
  indicator: string;
  /** null: across all groups; else a group that shares its figures. */
  group: string | null;
  n: number;
  mean: number;
}

export interface OrganiserEvaluationDTO {
  trajectory: { id: string; name: string };
  minimum: number;
  groups: number;
  sharing: string[];
  rows: OrganiserRow[];
  /** Per instrument, the trend across groups (totals only). */
  trends: { instrument: InstrumentId; periods: string[]; chart: LineGeometry }[];
  /** Share of leaders present per month at contact days and network moments, across groups. */
  attendance: { month: string; present: number; expected: number }[];
  /** The attendance as a share (%) per month. */
  attendanceChart: LineGeometry;
}

const quarterOf = (d: Date) => `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
const quarterEnd = (q: string) => {
  const [y, n] = q.split("-Q").map(Number);
  return new Date(Date.UTC(y, n * 3, 1));
};

/** The trajectory's figures across groups, for its organiser only (not_found for anyone else):
 *  counts and means of closed periods, each cell from five answers and safe against subtraction;
 *  never a line, never a name. */
export async function organiserEvaluation(ctx: ServiceContext, raw: unknown, now = new Date()): Promise<OrganiserEvaluationDTO> {
  const v = parseInput(TrajectoryRef, raw);
  if (!ctx.actor.isOrganiser || !isObjectId(v.trajectoryId)) throw new DomainError("not_found");
  const t = await Trajectory.findOne({ _id: oid(v.trajectoryId), organiserIds: oid(ctx.actor.id) }, { name: 1, startDate: 1 }).lean();
  if (!t) throw new DomainError("not_found");
  const groups = await Group.find({ trajectoryId: t._id }, { name: 1 }).sort({ name: 1 }).lean();
  const groupIds = groups.map((g) => g._id);
  const [responses, consents, leadersPer] = await Promise.all([
    EvaluationResponse.find({ groupId: { $in: groupIds } }, { groupId: 1, instrument: 1, occasion: 1, occasionAt: 1, scores: 1 })
      .sort({ occasionAt: -1 })
      .limit(MAX_TRAJECTORY_RESPONSES)
      .lean(),
    EvaluationShareConsent.find({ groupId: { $in: groupIds } }, { groupId: 1, userId: 1 })
      .limit(MAX_MEMBERS * Math.max(1, groupIds.length))
      .lean(),
    Promise.all(groups.map((g) => activeLeaderIds(String(g._id)))),
  ]);
  const sharing = new Set(
    groups
      .filter(
        (g, i) =>
          leadersPer[i].length > 0 &&
          leadersPer[i].every((u) => consents.some((c) => String(c.groupId) === String(g._id) && String(c.userId) === u)),
      )
      .map((g) => String(g._id)),
  );
  const moments = new Map((t.startDate ? datedMoments(t.startDate) : []).map((d) => [`moment-${d.id}`, d]));
  // A response's period, and whether that period's answering is over.
  const periodOf = (r: (typeof responses)[number]) => {
    const m = moments.get(r.occasion);
    if (m) return { period: m.id, closed: now >= m.closes };
    const q = quarterOf(r.occasionAt);
    return { period: q, closed: now.getTime() >= quarterEnd(q).getTime() + REACTION_WINDOW_MS };
  };
  const cells = new Map<string, { period: string; instrument: InstrumentId; byGroup: Map<string, { scores: unknown }[]> }>();
  for (const r of responses) {
    const p = periodOf(r);
    if (!p.closed) continue;
    const key = `${p.period}|${r.instrument}`;
    const c = cells.get(key) ?? { period: p.period, instrument: r.instrument as InstrumentId, byGroup: new Map() };
    c.byGroup.set(String(r.groupId), [...(c.byGroup.get(String(r.groupId)) ?? []), r]);
    cells.set(key, c);
  }
  const name = new Map(groups.map((g) => [String(g._id), g.name]));
  const rows: OrganiserRow[] = [];
  for (const c of [...cells.values()].sort((a, b) => a.period.localeCompare(b.period) || a.instrument.localeCompare(b.instrument))) {
    const q = INSTRUMENTS[c.instrument];
    const d = disclose([...c.byGroup].map(([g, rs]) => ({ key: g, n: rs.length, shareable: sharing.has(g) })));
    const add = (group: string | null, rs: { scores: unknown }[]) => {
      const ms = means(q, rs);
      for (const ind of q.indicators) {
        const mean = ms[ind.id];
        if (mean !== null) rows.push({ period: c.period, instrument: c.instrument, indicator: ind.id, group, n: rs.length, mean });
      }
    };
    if (d.total) add(null, [...c.byGroup.values()].flat());
    for (const g of d.shown) add(name.get(g) ?? "", c.byGroup.get(g) ?? []);
  }
  const trends = (["reaction-meeting", "reaction-round", "culture", "learning"] as const).map((instrument) => {
    const totals = rows.filter((r) => r.instrument === instrument && r.group === null);
    const periods = [...new Set(totals.map((r) => r.period))];
    return {
      instrument,
      periods,
      chart: lineGeometry(
        periods.length,
        INSTRUMENTS[instrument].indicators.map((ind) => ({
          key: ind.id,
          values: periods.map((p) => totals.find((r) => r.period === p && r.indicator === ind.id)?.mean ?? null),
        })),
      ),
    };
  });
  // Attendance: a fact the organiser sees per meeting already (decision 034); here per month.
  const meetings = await Meeting.find(
    { groupId: { $in: groupIds }, status: "planned", kind: { $in: CHECKED_MEETINGS }, endsAt: { $lte: now } },
    { groupId: 1, endsAt: 1 },
  )
    .limit(MAX_MEETINGS * Math.max(1, groupIds.length))
    .lean();
  const present = meetings.length
    ? await Attendance.find({ meetingId: { $in: meetings.map((m) => m._id) }, status: "present" }, { meetingId: 1 })
        .limit(1_000)
        .lean()
    : [];
  const leaderCount = new Map(groups.map((g, i) => [String(g._id), leadersPer[i].length]));
  const months = new Map<string, { present: number; expected: number }>();
  const meetingMonth = new Map<string, string>();
  for (const m of meetings) {
    const month = m.endsAt.toISOString().slice(0, 7);
    meetingMonth.set(String(m._id), month);
    const e = months.get(month) ?? { present: 0, expected: 0 };
    e.expected += leaderCount.get(String(m.groupId)) ?? 0;
    months.set(month, e);
  }
  for (const a of present) {
    const e = months.get(meetingMonth.get(String(a.meetingId)) ?? "");
    if (e) e.present++;
  }
  const attendance = [...months].sort(([a], [b]) => a.localeCompare(b)).map(([month, e]) => ({ month, ...e }));
  return {
    trajectory: { id: String(t._id), name: t.name },
    minimum: MIN_ANSWERS,
    groups: groups.length,
    sharing: groups.filter((g) => sharing.has(String(g._id))).map((g) => g.name),
    rows,
    trends,
    attendance,
    attendanceChart: lineGeometry(
      attendance.length,
      [{ key: "share", values: attendance.map((a) => (a.expected ? Math.round((100 * a.present) / a.expected) : null)) }],
      { min: 0, max: 100, step: 25 },
    ),
  };
}

const csvCell = (s: string | number) => {
  const text = String(s);
  // A leading formula character is neutralised for spreadsheets; quotes doubled.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The organiser's figures as CSV (the same rows as the page, nothing more). */
export async function organiserEvaluationCsv(ctx: ServiceContext, raw: unknown, now = new Date()): Promise<string> {
  const d = await organiserEvaluation(ctx, raw, now);
  const head = ["period", "instrument", "indicator", "group", "n", "mean"];
  const lines = d.rows.map((r) => [r.period, r.instrument, r.indicator, r.group ?? "*", r.n, r.mean].map(csvCell).join(","));
  return `${[head.join(","), ...lines].join("\r\n")}\r\n`;
}

// ---- reminders ---------------------------------------------------------------------------------

/** The reaction checks' and moments' reminder, once per person and occasion: a Notification of kind
 *  "meeting" (change "reaction"; mailed per the member's meeting choice, decision 026) whose _id
 *  names the person and the occasion, so a second run, or two at once, adds nothing. Written for
 *  leaders who have not answered, REACTION_REMIND_AFTER_HOURS after a meeting or round ended (a
 *  moment: MOMENT_REMIND_AFTER_DAYS after it opened), while the check is open. The count written. */
export async function queueEvaluationReminders(now = new Date()): Promise<number> {
  const remindBefore = new Date(now.getTime() - REACTION_REMIND_AFTER_HOURS * 3_600_000);
  const openSince = new Date(now.getTime() - REACTION_WINDOW_MS);
  const due: { groupId: string; key: string; meetingId?: unknown; roundId?: unknown; respondents: () => Promise<string[]> }[] = [];
  const meetings = await Meeting.find(
    { status: "planned", kind: { $in: CHECKED_MEETINGS }, endsAt: { $gt: openSince, $lte: remindBefore } },
    { groupId: 1 },
  ).lean();
  for (const m of meetings)
    due.push({
      groupId: String(m.groupId),
      key: `meeting-${m._id}`,
      meetingId: m._id,
      respondents: () => activeLeaderIds(String(m.groupId)),
    });
  // Rounds created in the last two months (an async round runs for days or weeks) that finished in the window.
  const recent = await Round.find({ createdAt: { $gt: new Date(now.getTime() - 60 * DAY) } }, { groupId: 1 })
    .limit(5_000)
    .lean();
  const groupOf = new Map(recent.map((r) => [String(r._id), String(r.groupId)]));
  for (const f of await finishedRounds(recent.map((r) => r._id))) {
    if (f.at > remindBefore || f.at <= openSince) continue;
    const groupId = groupOf.get(f.roundId) ?? "";
    due.push({
      groupId,
      key: `round-${f.roundId}`,
      roundId: oid(f.roundId),
      respondents: async () => (await activeLeaderIds(groupId)).filter((u) => f.members.includes(u)),
    });
  }
  const trajectories = await Trajectory.find({ startDate: { $ne: null } }, { startDate: 1 }).lean();
  for (const t of trajectories) {
    const moments = datedMoments(t.startDate as Date).filter(
      (d) => d.opens.getTime() + MOMENT_REMIND_AFTER_DAYS * DAY <= now.getTime() && now < d.closes,
    );
    if (!moments.length) continue;
    for (const g of await Group.find({ trajectoryId: t._id, status: "open" }, { _id: 1 }).lean())
      for (const d of moments)
        due.push({ groupId: String(g._id), key: `moment-${d.id}`, respondents: () => activeLeaderIds(String(g._id)) });
  }
  let written = 0;
  for (const o of due) {
    const users = await o.respondents();
    const answered = new Set(
      (await EvaluationResponse.find({ _id: { $in: users.map((u) => responseId(o.groupId, o.key, u)) } }, { userId: 1 }).lean()).map((r) =>
        String(r.userId),
      ),
    );
    const docs = users
      .filter((u) => !answered.has(u))
      .map((u) => ({
        _id: `${u}:evaluation:${o.groupId}:${o.key}`,
        userId: oid(u),
        groupId: oid(o.groupId),
        meetingId: o.meetingId ?? null,
        roundId: o.roundId ?? null,
        kind: "meeting" as const,
        change: "reaction" as const,
        occasion: o.key,
        createdAt: now,
      }));
    if (!docs.length) continue;
    const before = await Notification.countDocuments({ _id: { $in: docs.map((d) => d._id) } });
    await Notification.insertMany(docs, { ordered: false }).catch(ignoreDuplicateKey);
    written += docs.length - before;
  }
  return written;
}

/** The end report's section on the evaluations (decision 056's seam): per instrument, each indicator's
 *  first and last figure of the closed occasions that reached the minimum, so no single answer shows. */
export async function evaluationReportBlocks(groupId: string, locale: Locale, now: Date): Promise<Block[]> {
  const group = await Group.findById(oid(groupId), { trajectoryId: 1 }).lean();
  if (!group) return [];
  const { setOf } = await groupFigures(groupId, group.trajectoryId, now);
  const blocks: Block[] = [{ h: translate(locale, "end_report_evaluation") }];
  for (const instrument of ["culture", "learning", "reaction-meeting", "reaction-round"] as const) {
    const set = setOf(instrument);
    const shown = set.points.filter((p) => p.status === "closed" && Object.values(p.means).some((m) => m !== null));
    if (!shown.length) continue;
    const first = shown[0];
    const last = shown[shown.length - 1];
    const fmt = (x: number | null) => (x === null ? "–" : x.toLocaleString(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 }));
    blocks.push(
      { p: translate(locale, "end_report_evaluation_instrument", { title: INSTRUMENTS[instrument].title[locale], n: shown.length }) },
      {
        ul: set.indicators.map((d) =>
          shown.length > 1
            ? `${d.label[locale]}: ${fmt(first.means[d.id])} → ${fmt(last.means[d.id])}`
            : `${d.label[locale]}: ${fmt(last.means[d.id])}`,
        ),
      },
    );
  }
  if (blocks.length === 1) blocks.push({ p: translate(locale, "end_report_evaluation_none", { min: MIN_ANSWERS }) });
  return blocks;
}

import { Types } from "mongoose";
import { forgetDocumentInSearch, placeDocument } from "../search/indexing"; // search (decisions 085, 086)
import { type Block, blocksToContent } from "../collab/blocks";
import { CollabDocument, DocEditMark, DocSnapshot, DocUpdate, DocVersion } from "../document/document.model";
import { docChanged, insertDocument } from "../document/document.service";
import { groupClosed, loadGroupFor } from "../group/group.service";
import { can } from "../group/group.policy";
import { translate, type MessageKey } from "../i18n/i18n";
import { toLocale, type Locale } from "../i18n/locale";
import { addCommitments } from "../plan/commitment.service";
import type { ServiceContext } from "../shared/context";
import { isDuplicateKey } from "../shared/duplicate-key";
import { DomainError, isDomainError } from "../shared/errors";
import { oid } from "../shared/oid";
import { parseInput } from "../shared/parse";
import { User } from "../user/user.model";
import { displayNames } from "../user/user.service";
import { actionPointsIn, type Contribution, type RoundState } from "./round.machine";
import { Round, RoundVersion, roundVersionId } from "./round.model";
import { storedRound } from "./round.service";
import { CHECK_MIN_FOR_AVERAGE, ClosingCheckInput, type RecordChoice, RecordDecisionInput, RoundRecordRef } from "./round-record.inputs";
import { ClosingCheck, RoundDecision, RoundDoc } from "./round-record.model";

// The round's record (issue 13 item 6, docs/decisions/044-round-record.md): the action points
// handed to the inbrenger's plan, the scribe's notes and the summary as documents of the group, the
// closing check, and what the inbrenger decides stays. Every claim is a unique insert.

/** An id that names nobody: the inbrenger's place in an anonymised round. */
export const NOBODY = "000000000000000000000000";

export interface RoundRecordDTO {
  groupId: string;
  roundId: string;
  status: RoundState["status"];
  isInbrenger: boolean;
  isParticipant: boolean;
  notesDocId: string | null;
  summaryDocId: string | null;
  canOpenNotes: boolean;
  /** null: the inbrenger has not decided (the record is the group's as usual). */
  decision: RecordChoice | null;
  checks: { count: number; mine: boolean; safety: number | null; usefulness: number | null };
}

/** The round, read for a group member with `action`; outsiders and other groups' rounds: not_found. */
async function loadFor(ctx: ServiceContext, raw: unknown, action: "group.content" | "thread.post" | "doc.write") {
  // The group first: an outsider learns nothing, not even whether the round id is well formed.
  const { groupId } = parseInput(RoundRecordRef.pick({ groupId: true }), { groupId: (raw as { groupId?: unknown })?.groupId });
  const loaded = await loadGroupFor(ctx.actor, groupId, action);
  const roundId = String((raw as { roundId?: unknown }).roundId);
  const stored = await storedRound(roundId);
  if (!stored || String(stored.record.groupId) !== groupId) throw new DomainError("not_found");
  return { ...loaded, ...stored, groupId, roundId };
}

export async function actorLocale(ctx: ServiceContext): Promise<Locale> {
  return toLocale((await User.findById(ctx.actor.id, { locale: 1 }).lean())?.locale);
}

/** The document claimed as `<roundId>:<what>`, made once: of two first openers one claim wins and
 *  both create the document under the claimed id (a duplicate key: the other did). */
async function claimDoc(
  ctx: ServiceContext,
  groupId: string,
  roundId: string,
  what: "notes" | "summary",
  make: () => Promise<{ title: string; content?: Uint8Array }>,
) {
  const _id = `${roundId}:${what}`;
  const existing = await RoundDoc.findById(_id).lean();
  if (existing && (await CollabDocument.exists({ _id: existing.docId }))) return String(existing.docId);
  let docId = existing?.docId ?? new Types.ObjectId();
  if (!existing)
    try {
      await RoundDoc.create({ _id, roundId: oid(roundId), docId });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      docId = (await RoundDoc.findById(_id).lean())!.docId;
    }
  const { title, content } = await make();
  await insertDocument(ctx, groupId, "note", title, content, docId).then(
    () => docChanged(ctx, groupId, String(docId)),
    (e) => {
      if (!isDuplicateKey(e)) throw e;
    },
  );
  await placeDocument(ctx, String(docId), { roundId }); // search: found as the round's record (decision 085)
  return String(docId);
}

const docIdOf = async (roundId: string, what: "notes" | "summary") => {
  const d = await RoundDoc.findById(`${roundId}:${what}`).lean();
  return d && (await CollabDocument.exists({ _id: d.docId })) ? String(d.docId) : null;
};

// ---- when the round finishes -------------------------------------------------------------------

/** After the chair's "finish": the action points into the inbrenger's commitments and the summary
 *  document. Idempotent (the record page calls it again when one step failed). */
export async function roundFinished(ctx: ServiceContext, groupId: string, roundId: string): Promise<void> {
  const stored = await storedRound(roundId);
  if (stored?.state.status !== "finished" || stored.state.record) return;
  await handOverActionPoints(groupId, roundId, stored.state);
  await compileSummary(ctx, groupId, roundId);
}

async function handOverActionPoints(groupId: string, roundId: string, s: RoundState) {
  const points = actionPointsIn(s).slice(0, 20);
  if (!points.length) return;
  await addCommitments(
    s.roles.inbrenger,
    groupId,
    points.map((p) => ({
      text: p.text,
      due: p.due ? new Date(`${p.due}T00:00:00Z`) : null,
      source: { kind: "round" as const, id: roundId },
    })),
  ).catch((e) => {
    // A coach or a member who left has no action plan here: the points stay in the round.
    if (!(isDomainError(e) && e.code === "not_found")) throw e;
  });
}

// ---- documents -----------------------------------------------------------------------------

/** The scribe's notes: a co-edited document of the group, made on first opening. */
export async function openRoundNotes(ctx: ServiceContext, raw: unknown): Promise<{ docId: string }> {
  const r = await loadFor(ctx, raw, "group.content");
  const existing = await docIdOf(r.roundId, "notes");
  if (existing) return { docId: existing };
  if (r.access.closed) throw groupClosed();
  if (!can(r.access, "doc.write")) throw new DomainError("forbidden");
  if (await RoundDecision.exists({ _id: r.roundId, choice: "delete" }))
    throw new DomainError("conflict", [{ path: "round", code: "round_record_deleted" }]);
  const locale = await actorLocale(ctx);
  const docId = await claimDoc(ctx, r.groupId, r.roundId, "notes", async () => ({
    title: translate(locale, "round_notes_title", { question: short(r.record.caseQuestion) }),
  }));
  return { docId };
}

const short = (s: string) => (s.length > 60 ? `${s.slice(0, 59)}…` : s);

/** The summary's blocks: the case question, protocol and date, then each kind of artefact. */
export function summaryBlocks(
  s: RoundState,
  caseQuestion: string,
  locale: Locale,
  names: Map<string, string>,
): { title: string; blocks: Block[] } {
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars);
  const date = new Date(s.finishedAt ?? Date.now()).toISOString().slice(0, 10);
  const visible = s.contributions.filter((c) => !c.hidden || s.revealed.includes(c.visit));
  const of = (kind: Contribution["kind"]) => visible.filter((c) => c.kind === kind);
  const blocks: Block[] = [];
  const section = (key: MessageKey, items: string[]) => {
    if (items.length) blocks.push({ h: t(key) }, { ul: items });
  };
  if (caseQuestion) blocks.push({ h: t("round_summary_case") }, { p: caseQuestion });
  blocks.push({ p: t("round_summary_protocol", { protocol: s.protocol.name[locale], date }) });
  const inbrenger = names.get(s.roles.inbrenger);
  if (inbrenger && s.roles.inbrenger !== NOBODY) blocks.push({ p: t("round_summary_inbrenger", { name: inbrenger }) });
  const questions = [...of("questions")].sort((a, b) => (a.order ?? 1e9) - (b.order ?? 1e9));
  section(
    "round_summary_questions",
    questions.map((q) => (q.rating ? `${q.text} (${q.rating})` : q.text)),
  );
  section(
    "round_summary_problem",
    of("problem_formulations").map((c) => (c.picked ? `${c.text} — ${t("round_summary_chosen")}` : c.text)),
  );
  section(
    "round_summary_advice",
    [...of("positions"), ...of("advice_cards")].map((c) => (c.taken ? `${c.text} — ${t("round_summary_taken")}` : c.text)),
  );
  section(
    "round_summary_action_points",
    actionPointsIn(s).map((p) => (p.due ? `${p.text} (${p.due})` : p.text)),
  );
  section(
    "round_summary_written",
    visible
      .filter((c) => c.hidden && !["questions", "problem_formulations", "positions", "advice_cards", "action_points"].includes(c.kind))
      .map((c) => c.text),
  );
  section(
    "round_summary_insights",
    visible.filter((c) => c.kind === "insights" && !c.hidden).map((c) => c.text),
  );
  return { title: t("round_summary_title", { protocol: s.protocol.name[locale], date }), blocks };
}

/** The round's artefacts compiled once into a document of the group (editable and exportable). */
async function compileSummary(ctx: ServiceContext, groupId: string, roundId: string): Promise<string> {
  return claimDoc(ctx, groupId, roundId, "summary", async () => {
    const stored = (await storedRound(roundId))!;
    const locale = await actorLocale(ctx);
    const names = await displayNames(ctx, [stored.state.roles.inbrenger]);
    const { title, blocks } = summaryBlocks(stored.state, stored.record.caseQuestion, locale, names);
    return { title, content: blocksToContent(blocks) };
  });
}

// ---- the record page -----------------------------------------------------------------------

/** What a member sees of the round's record; a finished round's follow-ups are made here if missing. */
export async function getRoundRecord(ctx: ServiceContext, raw: unknown): Promise<RoundRecordDTO> {
  const r = await loadFor(ctx, raw, "group.content");
  if (r.state.status === "finished" && !r.state.record && !(await docIdOf(r.roundId, "summary")))
    await roundFinished(ctx, r.groupId, r.roundId);
  const [decision, checks, mine, notesDocId, summaryDocId] = await Promise.all([
    RoundDecision.findById(r.roundId).lean(),
    ClosingCheck.find({ roundId: oid(r.roundId) }, { safety: 1, usefulness: 1 }).lean(),
    ClosingCheck.exists({ _id: `${r.roundId}:${ctx.actor.id}` }),
    docIdOf(r.roundId, "notes"),
    docIdOf(r.roundId, "summary"),
  ]);
  const avg = (k: "safety" | "usefulness") =>
    checks.length >= CHECK_MIN_FOR_AVERAGE ? Math.round((checks.reduce((a, c) => a + c[k], 0) / checks.length) * 10) / 10 : null;
  const choice = (decision?.choice as RecordChoice | undefined) ?? null;
  return {
    groupId: r.groupId,
    roundId: r.roundId,
    status: r.state.status,
    isInbrenger: r.state.roles.inbrenger === ctx.actor.id,
    isParticipant: r.state.members.includes(ctx.actor.id),
    notesDocId,
    summaryDocId,
    canOpenNotes: !!notesDocId || (choice !== "delete" && can(r.access, "doc.write") && !r.access.closed),
    decision: choice,
    checks: { count: checks.length, mine: !!mine, safety: avg("safety"), usefulness: avg("usefulness") },
  };
}

/** A participant's closing check of a finished round: once (a second one is refused). */
export async function submitClosingCheck(ctx: ServiceContext, raw: ClosingCheckInput): Promise<{ ok: true }> {
  const v = parseInput(ClosingCheckInput, raw);
  const r = await loadFor(ctx, { groupId: v.groupId, roundId: v.roundId }, "thread.post");
  if (!r.state.members.includes(ctx.actor.id)) throw new DomainError("forbidden", [{ path: "round", code: "round_check_not_participant" }]);
  if (r.state.status !== "finished") throw new DomainError("conflict", [{ path: "round", code: "round_check_not_finished" }]);
  try {
    await ClosingCheck.create({
      _id: `${r.roundId}:${ctx.actor.id}`,
      roundId: oid(r.roundId),
      groupId: oid(r.groupId),
      userId: oid(ctx.actor.id),
      safety: v.safety,
      usefulness: v.usefulness,
      line: v.line,
    });
  } catch (e) {
    if (isDuplicateKey(e)) throw new DomainError("conflict", [{ path: "round", code: "round_check_given" }]);
    throw e;
  }
  ctx.publisher.toGroup(r.groupId, "round:listed", { groupId: r.groupId, roundId: r.roundId });
  return { ok: true };
}

// ---- what the inbrenger decides --------------------------------------------------------------

/** Removes a document of the group entirely: its log, snapshots, versions and edit marks. */
async function removeDocument(docId: string) {
  const id = oid(docId);
  await Promise.all([
    DocUpdate.deleteMany({ docId: id }),
    DocSnapshot.deleteMany({ docId: id }),
    DocVersion.deleteMany({ docId: id }),
    DocEditMark.deleteMany({ docId: id }),
  ]);
  await CollabDocument.deleteOne({ _id: id });
  await forgetDocumentInSearch(docId); // search (decision 086)
}

/** The state as the decision leaves it: anonymised (the inbrenger's id nowhere) or emptied. */
export function scrubState(s: RoundState, choice: "anonymise" | "delete"): RoundState {
  const inb = s.roles.inbrenger;
  const swap = (id: string) => (id === inb ? NOBODY : id);
  const base = { ...s, record: choice, hands: [], floor: null, done: s.done.map(swap), members: s.members.map(swap) };
  const roles = Object.fromEntries(Object.entries(s.roles).map(([k, v]) => [k, swap(v as string)])) as RoundState["roles"];
  if (choice === "anonymise") return { ...base, roles, contributions: s.contributions.map((c) => ({ ...c, authorId: swap(c.authorId) })) };
  return { ...base, roles, contributions: [], done: [], revealed: [] };
}

/** The inbrenger's decision on a finished round: keep, keep anonymised, or delete the case content.
 *  Once; only the inbrenger. Every stored version of the round is rewritten, and a new version
 *  carries the result so other nodes drop what they hold in memory. */
export async function decideRecord(ctx: ServiceContext, raw: RecordDecisionInput): Promise<{ choice: RecordChoice }> {
  const v = parseInput(RecordDecisionInput, raw);
  const r = await loadFor(ctx, { groupId: v.groupId, roundId: v.roundId }, "group.content");
  if (await RoundDecision.exists({ _id: r.roundId })) throw new DomainError("conflict", [{ path: "choice", code: "round_record_decided" }]);
  if (r.state.roles.inbrenger !== ctx.actor.id)
    throw new DomainError("forbidden", [{ path: "choice", code: "round_record_not_inbrenger" }]);
  if (r.state.status !== "finished") throw new DomainError("conflict", [{ path: "choice", code: "round_check_not_finished" }]);
  try {
    await RoundDecision.create({ _id: r.roundId, groupId: oid(r.groupId), choice: v.choice });
  } catch (e) {
    if (isDuplicateKey(e)) throw new DomainError("conflict", [{ path: "choice", code: "round_record_decided" }]);
    throw e;
  }
  if (v.choice !== "keep") await applyDecision(ctx, r.groupId, r.roundId, v.choice);
  ctx.publisher.toGroup(r.groupId, "round:listed", { groupId: r.groupId, roundId: r.roundId });
  return { choice: v.choice };
}

async function applyDecision(ctx: ServiceContext, groupId: string, roundId: string, choice: "anonymise" | "delete") {
  const versions = await RoundVersion.find({ roundId: oid(roundId) }, { _id: 1, state: 1 }).lean();
  let newest: RoundState | null = null;
  for (const ver of versions) {
    const state = scrubState(ver.state as RoundState, choice);
    await RoundVersion.updateOne({ _id: ver._id }, { $set: { state, actorId: NOBODY } });
    if (!newest || state.version > newest.version) newest = state;
  }
  const round = await Round.findById(roundId, { inbrengerId: 1, memberIds: 1, createdAt: 1 }).lean();
  const inb = String(round!.inbrengerId);
  await Round.updateOne(
    { _id: roundId },
    {
      $set: {
        caseQuestion: "—",
        whatIDid: null,
        inbrengerId: oid(NOBODY),
        memberIds: (round!.memberIds ?? []).map((m) => (String(m) === inb ? oid(NOBODY) : m)),
        ...(choice === "delete" ? { lookBack: null } : {}),
      },
    },
  );
  // The group's next round opened with this round's action points: they go too.
  const [later] = await Round.find({ groupId: oid(groupId), createdAt: { $gt: round!.createdAt } }, { lookBack: 1 })
    .sort({ createdAt: 1 })
    .limit(1)
    .lean();
  const lb = later?.lookBack as { inbrengerId: string } | null | undefined;
  if (later && lb && lb.inbrengerId === inb) await Round.updateOne({ _id: later._id }, { $set: { lookBack: null } });
  // The summary named the inbrenger and quoted the case: it goes (delete) or is made anew without them.
  const summary = await docIdOf(roundId, "summary");
  if (summary) await removeDocument(summary);
  await RoundDoc.deleteOne({ _id: `${roundId}:summary` });
  if (choice === "delete") {
    const notes = await docIdOf(roundId, "notes");
    if (notes) await removeDocument(notes);
  } else {
    const fresh = newest!;
    await claimDoc(ctx, groupId, roundId, "summary", async () => {
      const { title, blocks } = summaryBlocks(fresh, "", await actorLocale(ctx), new Map());
      return { title, content: blocksToContent(blocks) };
    });
  }
  // A version after the newest: every node reads on to it and drops its stale copy.
  const marker = { ...newest!, version: newest!.version + 1 };
  await RoundVersion.create({
    _id: roundVersionId(roundId, marker.version),
    roundId: oid(roundId),
    version: marker.version,
    actorId: NOBODY,
    action: "record",
    state: marker,
  }).catch((e) => {
    if (!isDuplicateKey(e)) throw e;
  });
  for (const id of [...(summary ? [summary] : [])]) docChanged(ctx, groupId, id);
}

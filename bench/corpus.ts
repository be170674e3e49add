// A learning group's years of content, generated (issue 20 item 4: the search benchmark's corpus):
// threads with replies, notes and cases (co-edited documents), intervision round records, meetings
// with agendas and minutes, and action plans shared with the group, in Dutch composed from the
// building blocks in bench/corpus-words.ts, deterministic from a seed (no network). `generateGroup`
// is pure; `fillCorpus` writes groups of it straight to the models in batches (insertMany), in the
// shapes the services store, with timestamps over the months before `now`.
import { Types } from "mongoose";
import { type Block, blocksToContent } from "../models/collab/blocks";
import { CharterVersion } from "../models/charter/charter.model";
import { GroupEvent } from "../models/delivery/group-event.model";
import { Case, CollabDocument, DocUpdate } from "../models/document/document.model";
import { Group } from "../models/group/group.model";
import { createMembership } from "../models/group/memberships";
import { builtInProtocols } from "../models/intervision/protocols";
import { initialState } from "../models/intervision/round.machine";
import { Round, RoundVersion, roundVersionId } from "../models/intervision/round.model";
import { RoundDecision, RoundDoc } from "../models/intervision/round-record.model";
import { Meeting } from "../models/meeting/meeting.model";
import { AgendaItem, MeetingMinutes } from "../models/meeting/meeting-content.model";
import { CheckIn, LearningQuestion } from "../models/plan/plan.model";
import { Message, Thread } from "../models/thread/thread.model";
import { Trajectory } from "../models/trajectory/trajectory.model";
import { User } from "../models/user/user.model";
import {
  ACTION_OBJECTS,
  ACTION_VERBS,
  AGENDA_ITEMS,
  CHECKIN_NOTES,
  DETAILS,
  MINUTE_LINES,
  OPENERS,
  QUESTIONS,
  RARE,
  REPLY_CLOSERS,
  REPLY_OPENERS,
  THEMES,
  type Theme,
} from "./corpus-words";
import { inPool } from "./lib";

const DAY = 86_400_000;

// ---- randomness ------------------------------------------------------------------------------

/** mulberry32: a small seeded generator, so the same seed gives the same corpus. */
export function createRng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  /** An ObjectId whose time is `at` (so ids sort like the content) and whose rest comes from the seed. */
  const id = (at: number) => {
    const hex = (n: number, w: number) => n.toString(16).padStart(w, "0");
    return new Types.ObjectId(hex(Math.floor(at / 1000), 8) + hex(int(0, 0xffffffff), 8) + hex(int(0, 0xffffffff), 8));
  };
  return { next, int, pick, id, chance: (p: number) => next() < p };
}
export type Rng = ReturnType<typeof createRng>;

// ---- what a group lived through ----------------------------------------------------------------

/** A member by place: 0 the coach, 1.. the leaders. */
export type Who = number;
export interface CorpusMessage {
  id: Types.ObjectId;
  by: Who;
  text: string;
  at: Date;
}
export interface CorpusThread {
  id: Types.ObjectId;
  title: string;
  theme: string;
  messages: CorpusMessage[];
}
export interface CorpusDoc {
  id: Types.ObjectId;
  kind: "note" | "case";
  title: string;
  theme: string;
  blocks: Block[];
  by: Who;
  at: Date;
  updatedAt: Date;
}
export interface CorpusCase {
  id: Types.ObjectId;
  doc: CorpusDoc;
  status: "new" | "discussed" | "follow_up" | "closed";
}
export interface CorpusRound {
  id: Types.ObjectId;
  inbrenger: Who;
  caseQuestion: string;
  at: Date;
  notes: CorpusDoc;
  summary: CorpusDoc;
}
export interface CorpusMeeting {
  id: Types.ObjectId;
  title: string;
  startsAt: Date;
  agenda: string[];
  minutes: CorpusDoc;
}
export interface CorpusQuestion {
  by: Who;
  slot: number;
  text: string;
  theme: string;
  at: Date;
  actions: { text: string; date: Date; done: boolean }[];
  checkIns: { id: Types.ObjectId; rating: number; note: string; at: Date }[];
}
export interface CorpusGroup {
  threads: CorpusThread[];
  docs: CorpusDoc[];
  cases: CorpusCase[];
  rounds: CorpusRound[];
  meetings: CorpusMeeting[];
  questions: CorpusQuestion[];
}

export interface GroupShape {
  /** How many months back from `now` the content starts. */
  months: number;
  /** New threads in an ordinary month (fewer in July and August). */
  threadsPerMonth: number;
  /** Replies per thread, inclusive. */
  replies: [number, number];
  /** Members: the coach (0) and this many leaders. */
  leaders: number;
  now: number;
}
export const TWO_YEARS: Omit<GroupShape, "now"> = { months: 24, threadsPerMonth: 40, replies: [2, 15], leaders: 6 };

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A sentence from an opener and a clause of the theme; now and then a rare word follows. */
function sentence(r: Rng, t: Theme) {
  const detail = r.chance(0.25) ? ` ${r.pick(DETAILS)}` : "";
  return `${r.pick(OPENERS)} ${r.pick(t.clauses)}.${detail}${r.chance(0.01) ? ` ${r.pick(RARE)}` : ""}`;
}
const tip = (r: Rng, t: Theme) => `${cap(r.pick(t.tips))}.`;
/** Another theme now and then: real threads wander. */
const wander = (r: Rng, t: Theme) => (r.chance(0.2) ? r.pick(THEMES) : t);

function firstMessage(r: Rng, t: Theme) {
  const parts = [sentence(r, t)];
  if (r.chance(0.6)) parts.push(sentence(r, wander(r, t)));
  parts.push(r.pick(QUESTIONS));
  return parts.join(" ");
}
function reply(r: Rng, t: Theme) {
  const parts = [r.pick(REPLY_OPENERS), tip(r, t)];
  if (r.chance(0.5)) parts.push(sentence(r, wander(r, t)));
  if (r.chance(0.3)) parts.push(tip(r, wander(r, t)));
  parts.push(r.pick(REPLY_CLOSERS));
  return parts.filter(Boolean).join(" ");
}

/** Several paragraphs on a theme, with a heading and a list, as the editor stores them. */
function paragraphs(r: Rng, t: Theme, n: number): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < n; i++) {
    if (i === 0 || r.chance(0.25))
      blocks.push({ h: cap(r.pick(["situatie", "wat we zien", "aanpak", "vragen", "afspraken", "volgende stappen"])) });
    const k = r.int(2, 4);
    blocks.push({ p: Array.from({ length: k }, () => (r.chance(0.7) ? sentence(r, wander(r, t)) : tip(r, t))).join(" ") });
  }
  blocks.push({ ul: Array.from({ length: r.int(2, 4) }, () => tip(r, wander(r, t))) });
  return blocks;
}

/** A time in a school week: a weekday during or after school hours, `days` before `now`. */
function schoolTime(r: Rng, now: number, daysBack: number) {
  const d = new Date(now - daysBack * DAY);
  const dow = d.getUTCDay();
  if (dow === 0) d.setUTCDate(d.getUTCDate() - 2);
  if (dow === 6) d.setUTCDate(d.getUTCDate() - 1);
  d.setUTCHours(r.pick([7, 8, 12, 15, 16, 17, 19, 20, 21]), r.int(0, 59), r.int(0, 59), 0);
  return Math.min(d.getTime(), now - 60_000);
}
const summer = (at: number) => [6, 7].includes(new Date(at).getUTCMonth());

/** Everything a group wrote in `shape.months` months, deterministic from `seed`. */
export function generateGroup(seed: number, shape: GroupShape): CorpusGroup {
  const r = createRng(seed);
  const members = shape.leaders + 1;
  const anyone = () => r.int(0, members - 1);
  const leader = () => r.int(1, members - 1);
  const g: CorpusGroup = { threads: [], docs: [], cases: [], rounds: [], meetings: [], questions: [] };
  const doc = (kind: CorpusDoc["kind"], t: Theme, title: string, by: Who, at: number, n: number): CorpusDoc => ({
    id: r.id(at),
    kind,
    title,
    theme: t.key,
    blocks: paragraphs(r, t, n),
    by,
    at: new Date(at),
    updatedAt: new Date(Math.min(at + r.int(0, 20) * DAY, shape.now - 60_000)),
  });

  for (let m = shape.months - 1; m >= 0; m--) {
    const monthStart = m * 30 + 29; // days back of the month's first day
    const quiet = summer(shape.now - monthStart * DAY);
    const threads = quiet ? Math.round(shape.threadsPerMonth / 5) : shape.threadsPerMonth;
    for (let i = 0; i < threads; i++) {
      const t = r.pick(THEMES);
      let at = schoolTime(r, shape.now, monthStart - r.next() * 30);
      const thread: CorpusThread = { id: r.id(at), title: r.pick(t.titles), theme: t.key, messages: [] };
      thread.messages.push({ id: r.id(at), by: anyone(), text: firstMessage(r, t), at: new Date(at) });
      const n = r.int(shape.replies[0], shape.replies[1]);
      for (let k = 0; k < n && at < shape.now - 2 * 60_000; k++) {
        at = Math.min(at + r.int(5, 60 * 30) * 60_000, shape.now - 60_000);
        thread.messages.push({ id: r.id(at), by: anyone(), text: reply(r, t), at: new Date(at) });
      }
      g.threads.push(thread);
    }
    if (quiet) continue;
    // Two notes, a case, a round's record and a contact day a month.
    for (let i = 0; i < 2; i++) {
      const t = r.pick(THEMES);
      g.docs.push(doc("note", t, r.pick(t.titles), anyone(), schoolTime(r, shape.now, monthStart - r.next() * 30), r.int(3, 7)));
    }
    const ct = r.pick(THEMES);
    const caseDoc = doc(
      "case",
      ct,
      `Casus: ${r.pick(ct.titles).toLowerCase()}`,
      leader(),
      schoolTime(r, shape.now, monthStart - r.next() * 30),
      r.int(3, 6),
    );
    g.docs.push(caseDoc);
    g.cases.push({
      id: r.id(caseDoc.at.getTime()),
      doc: caseDoc,
      status: m > 1 ? r.pick(["discussed", "follow_up", "closed"] as const) : "new",
    });

    const meetingAt = new Date(schoolTime(r, shape.now, monthStart - 10 - r.int(0, 10)));
    meetingAt.setUTCHours(8, 0, 0, 0);
    const rt = r.pick(THEMES);
    const inbrenger = leader();
    const notes = doc(
      "note",
      rt,
      `Notities intervisie: ${r.pick(rt.titles).toLowerCase()}`,
      leader(),
      meetingAt.getTime() + 3_600_000,
      r.int(2, 4),
    );
    const summary = doc(
      "note",
      rt,
      `Verslag intervisie: ${r.pick(rt.titles).toLowerCase()}`,
      0,
      meetingAt.getTime() + 5 * 3_600_000,
      r.int(2, 3),
    );
    g.docs.push(notes, summary);
    g.rounds.push({
      id: r.id(meetingAt.getTime()),
      inbrenger,
      caseQuestion: `${cap(r.pick(rt.clauses))}: hoe ga ik daarmee om?`,
      at: meetingAt,
      notes,
      summary,
    });
    const mt = r.pick(THEMES);
    const minutes: CorpusDoc = {
      ...doc("note", mt, `Verslag contactdag ${meetingAt.toISOString().slice(0, 10)}`, 0, meetingAt.getTime() + 7 * 3_600_000, 1),
    };
    minutes.blocks = [
      { h: "Wat we bespraken" },
      ...Array.from({ length: r.int(3, 5) }, () => ({
        p: `${r.pick(MINUTE_LINES)} ${r.pick(r.pick(THEMES).clauses)}. ${tip(r, mt)}`,
      })),
      { h: "Afspraken" },
      { ul: Array.from({ length: r.int(2, 4) }, () => tip(r, r.pick(THEMES))) },
    ];
    g.docs.push(minutes);
    g.meetings.push({
      id: r.id(meetingAt.getTime()),
      title: `Contactdag: ${r.pick(mt.titles).toLowerCase()}`,
      startsAt: meetingAt,
      agenda: [...AGENDA_ITEMS.slice(0, 2), `Thema: ${r.pick(mt.titles).toLowerCase()}`, ...AGENDA_ITEMS.slice(2 + r.int(0, 2))],
      minutes,
    });
  }

  // Each leader's action plan: two or three learning questions shared with the group, check-ins monthly.
  const start = shape.now - shape.months * 30 * DAY;
  for (let by = 1; by < members; by++) {
    const slots = r.int(2, 3);
    const used = new Set<string>();
    for (let slot = 1; slot <= slots; slot++) {
      let t = r.pick(THEMES);
      while (used.has(t.key)) t = r.pick(THEMES);
      used.add(t.key);
      const at = start + r.int(20, 60) * DAY;
      const checkIns: CorpusQuestion["checkIns"] = [];
      for (let c = at + 30 * DAY; c < shape.now; c += r.int(25, 45) * DAY) {
        const note = `${r.pick(CHECKIN_NOTES)} ${r.chance(0.5) ? sentence(r, t) : ""}`.trim();
        checkIns.push({ id: r.id(c), rating: r.int(1, 5), note, at: new Date(c) });
      }
      g.questions.push({
        by,
        slot,
        text: t.question,
        theme: t.key,
        at: new Date(at),
        actions: Array.from({ length: r.int(2, 4) }, () => ({
          text: `${r.pick(ACTION_VERBS)} ${r.pick(ACTION_OBJECTS)}: ${r.pick(t.tips)}`,
          date: new Date(at + r.int(30, 300) * DAY),
          done: r.chance(0.5),
        })),
        checkIns,
      });
    }
  }
  return g;
}

/** The plain text of blocks, one line a block (as the document service's plainText makes it). */
export const blocksText = (blocks: Block[]) => blocks.flatMap((b) => ("h" in b ? [b.h] : "p" in b ? [b.p] : b.ul)).join("\n");

/** One searchable thing of the corpus (what the search floor indexes, and what a reader would find):
 *  as the search keeps them, one per message, per document (a case's, a round's notes or summary, a
 *  meeting's minutes found as that kind), per meeting agenda, per shared learning question. */
export interface CorpusText {
  id: string;
  kind: "message" | "document" | "case" | "record" | "meeting" | "plan";
  groupId: string;
  title: string;
  text: string;
  authorId: string;
  at: Date;
}

/** The group's content as searchable texts; ids are the stored ones (a question's is "<groupId>:<userId>:<slot>"). */
export function textsOf(g: CorpusGroup, groupId: string, memberIds: string[]): CorpusText[] {
  const out: CorpusText[] = [];
  const kindOf = new Map<string, CorpusText["kind"]>();
  for (const c of g.cases) kindOf.set(String(c.doc.id), "case");
  for (const rd of g.rounds) kindOf.set(String(rd.notes.id), "record").set(String(rd.summary.id), "record");
  for (const m of g.meetings) kindOf.set(String(m.minutes.id), "meeting");
  for (const t of g.threads)
    for (const m of t.messages)
      out.push({ id: String(m.id), kind: "message", groupId, title: t.title, text: m.text, authorId: memberIds[m.by], at: m.at });
  for (const d of g.docs)
    out.push({
      id: String(d.id),
      kind: kindOf.get(String(d.id)) ?? "document",
      groupId,
      title: d.title,
      text: blocksText(d.blocks),
      authorId: memberIds[d.by],
      at: d.updatedAt,
    });
  for (const m of g.meetings)
    out.push({
      id: String(m.id),
      kind: "meeting",
      groupId,
      title: m.title,
      text: m.agenda.join("\n"),
      authorId: memberIds[0],
      at: m.startsAt,
    });
  for (const q of g.questions)
    out.push({
      id: `${groupId}:${memberIds[q.by]}:${q.slot}`,
      kind: "plan",
      groupId,
      title: q.text,
      text: q.actions.map((a) => a.text).join("\n"),
      authorId: memberIds[q.by],
      at: q.at,
    });
  return out;
}

// ---- writing it ------------------------------------------------------------------------------

const BATCH = 1_000;
async function insertAll(model: { collection: { insertMany(docs: never[], o: object): Promise<unknown> } }, rows: object[]) {
  for (let i = 0; i < rows.length; i += BATCH) await model.collection.insertMany(rows.slice(i, i + BATCH) as never[], { ordered: false });
}

/** Writes one group's content in the shapes the services store (threads through their group log). */
export async function writeGroup(g: CorpusGroup, groupId: Types.ObjectId, memberIds: Types.ObjectId[]) {
  const threads = [];
  const messages = [];
  const events = [];
  let seq = 0;
  const all = g.threads.flatMap((t) => t.messages.map((m, k) => ({ t, m, k }))).sort((a, b) => a.m.at.getTime() - b.m.at.getTime());
  const last = new Map<string, { seq: number; at: Date; count: number }>();
  for (const { t, m, k } of all) {
    seq++;
    const authorId = memberIds[m.by];
    const message = {
      _id: m.id,
      groupId,
      threadId: t.id,
      authorId,
      text: m.text,
      mentions: [],
      seq,
      createdAt: m.at,
      editedAt: null,
      deletedAt: null,
      editSeqs: [],
    };
    messages.push(message);
    const kind = k === 0 ? "thread.created" : "message.sent";
    const dto = { ...message, id: String(m.id), groupId: String(groupId), threadId: String(t.id), authorId: String(authorId) };
    events.push({
      _id: `${groupId}:${seq}`,
      groupId,
      seq,
      commandId: `${authorId}:corpus-${m.id}`,
      type: kind,
      data: { kind, message: dto, ...(k === 0 ? { thread: { id: String(t.id), groupId: String(groupId), title: t.title } } : {}) },
      actorId: authorId,
      at: m.at,
    });
    last.set(String(t.id), { seq, at: m.at, count: k + 1 });
  }
  for (const t of g.threads) {
    const l = last.get(String(t.id))!;
    threads.push({
      _id: t.id,
      groupId,
      title: t.title,
      createdBy: memberIds[t.messages[0].by],
      createdAt: t.messages[0].at,
      lastSeq: l.seq,
      lastMessageAt: l.at,
      count: l.count,
      pinned: false,
    });
  }
  const docs = g.docs.map((d) => ({
    _id: d.id,
    groupId,
    kind: d.kind,
    title: d.title,
    archived: false,
    createdBy: memberIds[d.by],
    createdAt: d.at,
    updatedAt: d.updatedAt,
    lastEditorId: memberIds[d.by],
    textPreview: blocksText(d.blocks),
    snapshotSlot: 0,
    snapshotSeq: 0,
    origin: null,
  }));
  // Each document's content as its first log entry, as insertDocument stores it.
  const updates = g.docs.map((d) => ({
    _id: `${d.id}:1`,
    docId: d.id,
    seq: 1,
    update: Buffer.from(blocksToContent(d.blocks)),
    clientId: `corpus-${d.id}`,
    actorId: memberIds[d.by],
    at: d.at,
  }));
  const cases = g.cases.map((c) => ({
    _id: c.id,
    groupId,
    title: c.doc.title,
    bringerId: memberIds[c.doc.by],
    status: c.status,
    docId: c.doc.id,
    createdAt: c.doc.at,
  }));
  const protocol = builtInProtocols()[0];
  const ids = memberIds.map(String);
  const rounds = g.rounds.map((rd) => ({
    _id: rd.id,
    groupId,
    protocolId: protocol.id,
    protocolVersion: protocol.version,
    protocol,
    inbrengerId: memberIds[rd.inbrenger],
    createdBy: memberIds[0],
    memberIds,
    mode: "live",
    meetingId: null,
    caseQuestion: rd.caseQuestion,
    whatIDid: null,
    lookBack: null,
    head: 1,
    createdAt: rd.at,
  }));
  const versions = g.rounds.map((rd) => {
    const state = initialState({
      protocol,
      members: ids,
      roles: { inbrenger: ids[rd.inbrenger], chair: ids[0] },
      mode: "live",
      now: rd.at.getTime(),
    });
    return {
      _id: roundVersionId(String(rd.id), 1),
      roundId: rd.id,
      version: 1,
      actorId: ids[0],
      action: "create",
      state: { ...state, status: "finished", finishedAt: rd.summary.at.getTime() },
      at: rd.at,
    };
  });
  const roundDocs = g.rounds.flatMap((rd) => [
    { _id: `${rd.id}:notes`, roundId: rd.id, docId: rd.notes.id, at: rd.notes.at },
    { _id: `${rd.id}:summary`, roundId: rd.id, docId: rd.summary.id, at: rd.summary.at },
  ]);
  const decisions = g.rounds.map((rd) => ({ _id: String(rd.id), groupId, choice: "keep", at: rd.summary.at }));
  const meetings = g.meetings.map((m) => ({
    _id: m.id,
    groupId,
    trajectoryId: null,
    kind: "contact_day",
    title: m.title,
    startsAt: m.startsAt,
    endsAt: new Date(m.startsAt.getTime() + 7 * 3_600_000),
    place: "Pedagogisch centrum",
    onlineUrl: "",
    leaderId: null,
    status: "planned",
    createdAt: m.startsAt,
    updatedAt: m.startsAt,
  }));
  const agenda = g.meetings.flatMap((m) =>
    m.agenda.map((title, position) => ({
      _id: new Types.ObjectId(),
      groupId,
      meetingId: m.id,
      position,
      title,
      linkKind: null,
      linkId: null,
      createdBy: memberIds[0],
      createdAt: m.startsAt,
    })),
  );
  const minutes = g.meetings.map((m) => ({ _id: String(m.id), docId: m.minutes.id, at: m.minutes.at }));
  const questions = g.questions.map((q) => ({
    _id: `${groupId}:${memberIds[q.by]}:${q.slot}`,
    groupId,
    userId: memberIds[q.by],
    slot: q.slot,
    text: q.text,
    bsaSectionId: null,
    shared: true,
    actions: q.actions.map((a) => ({ _id: new Types.ObjectId(), ...a })),
    evidence: [],
    createdAt: q.at,
    updatedAt: q.checkIns.at(-1)?.at ?? q.at,
  }));
  const checkIns = g.questions.flatMap((q) =>
    q.checkIns.map((c) => ({
      _id: c.id,
      groupId,
      questionId: `${groupId}:${memberIds[q.by]}:${q.slot}`,
      userId: memberIds[q.by],
      rating: c.rating,
      note: c.note,
      feedbackRequested: false,
      createdAt: c.at,
    })),
  );
  await Promise.all([
    insertAll(Thread, threads),
    insertAll(Message, messages),
    insertAll(GroupEvent, events),
    insertAll(CollabDocument, docs),
    insertAll(DocUpdate, updates),
    insertAll(Case, cases),
    insertAll(Round, rounds),
    insertAll(RoundVersion, versions),
    insertAll(RoundDoc, roundDocs),
    insertAll(RoundDecision, decisions),
    insertAll(Meeting, meetings),
    insertAll(AgendaItem, agenda),
    insertAll(MeetingMinutes, minutes),
    insertAll(LearningQuestion, questions),
    insertAll(CheckIn, checkIns),
  ]);
}

export interface CorpusOptions {
  /** How many groups; the first has `big`'s shape, the others `small`'s. */
  groups: number;
  big: Omit<GroupShape, "now">;
  small: Omit<GroupShape, "now">;
  seed: number;
  now?: number;
}
export interface Corpus {
  groupIds: string[];
  /** Members of each group by place (0 the coach). */
  members: string[][];
  /** A leader who is a member of every group (the cross-group search's reader); leader 1 of each. */
  everywhere: string;
  texts: CorpusText[];
}

/**
 * Writes a trajectory of `groups` groups with their members and content. One leader (place 1) is
 * the same user in every group, so one reader searches across all of them.
 */
export async function fillCorpus(opts: CorpusOptions): Promise<Corpus> {
  const now = opts.now ?? Date.now();
  const tag = opts.seed.toString(36);
  const shapes = Array.from({ length: opts.groups }, (_, i) => ({ ...(i === 0 ? opts.big : opts.small), now }));
  const person = (email: string, name: string) => ({ email, name, passwordHash: "-", status: "active", locale: "nl" });
  const coach = await User.create(person(`coach-${tag}@corpus.test`, "Koen Corpus"));
  const everywhere = await User.create(person(`an-${tag}@corpus.test`, "An Corpus"));
  const trajectory = await Trajectory.create({ name: `Corpus ${tag}`, organiserIds: [coach._id] });
  const groups = await Group.insertMany(
    shapes.map((_, i) => ({ trajectoryId: trajectory._id, name: `Leergroep ${i + 1}`, charterVersion: 1 })),
  );
  await CharterVersion.insertMany(
    groups.map((g) => ({ groupId: g._id, version: 1, text: "Wat in de groep gedeeld wordt, blijft in de groep.", createdBy: coach._id })),
  );
  const members: Types.ObjectId[][] = [];
  for (const [i, shape] of shapes.entries()) {
    const others = await User.insertMany(
      Array.from({ length: shape.leaders - 1 }, (_, k) => person(`l${i}-${k}-${tag}@corpus.test`, `Leider ${i + 1}.${k + 2}`)),
    );
    members.push([coach._id, everywhere._id, ...others.map((u) => u._id)]);
  }
  await inPool(
    groups.flatMap((g, i) => members[i].map((userId, k) => ({ groupId: g._id, userId, role: k === 0 ? "coach" : "leader" }))),
    20,
    async (m) => void (await createMembership({ ...m, status: "active", acceptedCharterVersion: 1 })),
  );
  const texts: CorpusText[] = [];
  for (const [i, shape] of shapes.entries()) {
    const g = generateGroup(opts.seed * 1000 + i, shape);
    await writeGroup(g, groups[i]._id, members[i]);
    texts.push(...textsOf(g, String(groups[i]._id), members[i].map(String)));
  }
  return {
    groupIds: groups.map((g) => String(g._id)),
    members: members.map((ms) => ms.map(String)),
    everywhere: String(everywhere._id),
    texts,
  };
}

// The search benchmark's corpus (bench/corpus.ts, decision 087): deterministic from its seed, two
// years of Dutch with word forms and many distinct words, authors among the members; written in the
// shapes the services read back (threads, documents, cases, round records, meetings, shared plans);
// and the floor (bench/search-floor.ts) finding what a reader expects on it, accents folded.
import { Types } from "mongoose";
import { describe, expect, it } from "vitest";
import { User } from "../models/user/user.model";
import { listThreads, getThread } from "../models/thread/thread.service";
import { listCases } from "../models/document/document.service";
import { documentText } from "../models/document/collab.service";
import { getPlan } from "../models/plan/plan.service";
import { getMeetingPage } from "../models/meeting/meeting-content.service";
import { Meeting } from "../models/meeting/meeting.model";
import { listRounds } from "../models/intervision/round.service";
import { getRoundRecord } from "../models/intervision/round-record.service";
import { fillCorpus, generateGroup, textsOf, TWO_YEARS } from "../bench/corpus";
import { buildFloor, floorQuery, fold, isRelevant, regexQuery } from "../bench/search-floor";
import { ctxFor, nodeCtx } from "./factories";

const NOW = Date.parse("2026-12-04T10:00:00Z");
const DAY = 86_400_000;
const words = (s: string) => new Set(s.toLowerCase().split(/[^\p{L}]+/u));

describe("the generated corpus", () => {
  it("is the same for the same seed and differs for another", () => {
    const shape = { months: 3, threadsPerMonth: 6, replies: [2, 4] as [number, number], leaders: 3, now: NOW };
    expect(JSON.stringify(generateGroup(7, shape))).toBe(JSON.stringify(generateGroup(7, shape)));
    expect(JSON.stringify(generateGroup(8, shape))).not.toBe(JSON.stringify(generateGroup(7, shape)));
  });

  it("holds two years of a group's Dutch: 40 threads a month with 2-15 replies, word forms, members as authors", () => {
    const g = generateGroup(1, { ...TWO_YEARS, now: NOW });
    // Ten school months at 40 threads, two summer months at 8, each year.
    expect(g.threads).toHaveLength(2 * (10 * 40 + 2 * 8));
    const replies = g.threads.map((t) => t.messages.length - 1);
    expect(Math.max(...replies)).toBe(15);
    expect(Math.min(...replies)).toBeGreaterThanOrEqual(0); // a thread started minutes ago has fewer yet
    expect(replies.filter((n) => n < 2).length).toBeLessThan(5);
    const times = g.threads.flatMap((t) => t.messages.map((m) => m.at.getTime()));
    expect(Math.min(...times)).toBeGreaterThan(NOW - 24 * 31 * DAY);
    expect(Math.min(...times)).toBeLessThan(NOW - 23 * 30 * DAY);
    expect(Math.max(...times)).toBeLessThan(NOW);
    const authors = new Set(g.threads.flatMap((t) => t.messages.map((m) => m.by)));
    expect([...authors].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(g.cases.length).toBeGreaterThanOrEqual(20);
    expect(g.rounds.length).toBe(g.meetings.length);
    expect(new Set(g.questions.map((q) => q.by)).size).toBe(6);

    const texts = textsOf(g, "g", ["c", "l1", "l2", "l3", "l4", "l5", "l6"]);
    expect(new Set(texts.map((t) => t.kind))).toEqual(new Set(["message", "document", "case", "record", "meeting", "plan"]));
    const all = words(texts.map((t) => `${t.title} ${t.text}`).join(" "));
    expect(all.size).toBeGreaterThan(700);
    for (const w of [
      "leerkracht",
      "leerkrachten",
      "bespreken",
      "bespreking",
      "ouderraad",
      "ouderraden",
      "ideeën",
      "nascholing",
      "nascholingen",
    ])
      expect(all, w).toContain(w);
    // A rare word is rare.
    const rare = texts.filter((t) => t.text.includes("kangoeroeklas")).length;
    expect(rare).toBeGreaterThan(0);
    expect(rare).toBeLessThan(texts.length / 100);
  });
});

describe("the corpus in the database", () => {
  it("is read back by the services: threads, documents, cases, round records, meetings and shared plans", async () => {
    const small = { months: 2, threadsPerMonth: 4, replies: [2, 3] as [number, number], leaders: 3 };
    // Two months before mid-November: no summer month, so 4 threads in each.
    const corpus = await fillCorpus({ groups: 2, big: small, small, seed: 3, now: Date.parse("2026-11-16T10:00:00Z") });
    expect(corpus.members.every((m) => m[1] === corpus.everywhere)).toBe(true);
    const reader = (await User.findById(corpus.everywhere).lean())!;
    const ctx = ctxFor(reader);
    const groupId = corpus.groupIds[0];
    const mine = corpus.texts.filter((t) => t.groupId === groupId);

    const threads = await listThreads(ctx, groupId);
    expect(threads).toHaveLength(8);
    const { messages } = await getThread(ctx, { groupId, threadId: threads[0].id });
    expect(messages.length).toBeGreaterThanOrEqual(1);
    expect(mine.filter((t) => t.kind === "message").map((t) => t.text)).toContain(messages[0].text);

    const cases = await listCases(ctx, { groupId });
    expect(cases.length).toBe(mine.filter((t) => t.kind === "case").length);
    const caseText = mine.find((t) => t.kind === "case" && t.title === cases[0].title)!.text;
    expect(await documentText(nodeCtx(), cases[0].docId)).toBe(caseText);

    const rounds = await listRounds(ctx, { groupId });
    expect(rounds.map((r) => r.status)).toEqual(rounds.map(() => "finished"));
    const record = await getRoundRecord(ctx, { groupId, roundId: rounds[0].id });
    const summary = await documentText(nodeCtx(), record.summaryDocId!);
    expect(mine.find((t) => t.id === record.summaryDocId)).toMatchObject({ kind: "record", text: summary });

    const [meeting] = await Meeting.find({ groupId }).sort({ startsAt: -1 }).limit(1).lean();
    const page = await getMeetingPage(ctx, { groupId, meetingId: String(meeting._id) });
    expect(page.agenda.length).toBeGreaterThanOrEqual(5);
    expect(await documentText(nodeCtx(), page.minutesDocId!)).toContain("Wat we bespraken");

    const plan = await getPlan(ctx, { groupId });
    expect(plan.mine?.questions.length).toBeGreaterThanOrEqual(2);
    expect(plan.others.length).toBe(2);
  });
});

describe("the search floor", () => {
  const shape = { months: 6, threadsPerMonth: 20, replies: [2, 6] as [number, number], leaders: 6, now: NOW };
  const texts = [
    ...textsOf(generateGroup(11, shape), "a", ["c", "1", "2", "3", "4", "5", "6"]),
    ...textsOf(generateGroup(12, shape), "b", ["c", "1", "2", "3", "4", "5", "6"]),
  ];
  const floor = buildFloor(texts);

  it("finds a theme's texts first, within the groups asked for only", () => {
    const r = floorQuery(floor, "ouderraad", ["a"]);
    expect(r.total).toBeGreaterThan(20);
    for (const h of r.hits.slice(0, 3))
      expect(fold(texts.find((t) => t.id === h.id)!.text + texts.find((t) => t.id === h.id)!.title)).toContain("ouderraad");
    expect(r.hits.every((h) => texts.find((t) => t.id === h.id)!.groupId === "a")).toBe(true);
    expect(floorQuery(floor, "ouderraad", ["a", "b"]).total).toBeGreaterThan(r.total);
  });

  it("folds accents: ideeen finds ideeën", () => {
    expect(fold("Ideeën")).toBe("ideeen");
    const r = floorQuery(floor, "ideeen", ["a"]);
    expect(r.total).toBeGreaterThan(0);
    expect(texts.find((t) => t.id === r.hits[0].id)!.text).toContain("ideeën");
  });

  it("judges a hit right when it holds every word of the query or a form of it", () => {
    expect(isRelevant("leerkrachten", "Een conflict met een ervaren leerkracht")).toBe(true);
    expect(isRelevant("bespreking", "ouders willen het schoolreglement bespreken")).toBe(true);
    expect(isRelevant("ideeen", "Ik hoor graag jullie ideeën.")).toBe(true);
    expect(isRelevant("conflict leerkracht", "Een leerkracht die ziek thuis blijft")).toBe(false);
    expect(isRelevant("ouderraad", "De ouders van de raad")).toBe(false);
  });

  it("the regex reference scans stored messages", async () => {
    const small = { months: 1, threadsPerMonth: 10, replies: [2, 3] as [number, number], leaders: 3 };
    const corpus = await fillCorpus({ groups: 1, big: small, small, seed: 5, now: Date.now() });
    // Every word somewhere in the text, case-insensitive: what a $regex scan can do.
    const r = await regexQuery("OUDERRAAD voorzitter", corpus.groupIds, 1000);
    const expected = corpus.texts.filter((t) => t.kind === "message" && /ouderraad/i.test(t.text) && /voorzitter/i.test(t.text));
    expect(expected.length).toBeGreaterThan(0);
    expect(r.hits.map((h) => h.id).sort()).toEqual(expected.map((t) => t.id).sort());
    expect((await regexQuery("ouderraad", [String(new Types.ObjectId())])).hits).toEqual([]);
  });
});

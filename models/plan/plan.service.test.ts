import { describe, expect, it } from "vitest";
import { addMembership, buildGroup, buildTrajectory, buildUser, ctxFor } from "../../test/factories";
import { saveQuestionnaire, saveAnswers, startAnalysis, submitAnalysis } from "../analysis/analysis.service";
import { DEFAULT_QUESTIONNAIRE } from "../analysis/default-questionnaire.constants";
import { addCoachNote } from "../coach/coach.service";
import { addCommitments } from "./commitment.service";
import { CheckIn, Commitment, LearningQuestion } from "./plan.model";
import {
  addAction,
  addCheckIn,
  addEvidence,
  addQuestion,
  editQuestion,
  getPlan,
  giveFeedback,
  removeQuestion,
  requestFeedback,
  setActionDone,
  setCommitmentDone,
  shareQuestion,
} from "./plan.service";

async function scene() {
  const built = await buildGroup({ leaders: 3, coaches: 1 });
  const guest = await buildUser();
  await addMembership(built.group, guest, { role: "guest", status: "active" });
  const groupId = String(built.group._id);
  const [ann, ben, cas] = built.leaders;
  return { ...built, groupId, coach: built.coaches[0], ann, ben, cas, guest };
}

/** Every string anywhere in a value (to assert a text appears nowhere in a DTO). */
const strings = (v: unknown): string[] =>
  typeof v === "string" ? [v] : Array.isArray(v) ? v.flatMap(strings) : v && typeof v === "object" ? Object.values(v).flatMap(strings) : [];

describe("learning questions", () => {
  it("a leader sets two or three; a fourth is refused, also when added at once; a removed one frees its slot", async () => {
    const { groupId, ann } = await scene();
    const a = ctxFor(ann);
    await addQuestion(a, { groupId, text: "Hoe geef ik feedback aan mijn team?" });
    const racing = await Promise.allSettled([
      addQuestion(a, { groupId, text: "Hoe verdeel ik leiderschap?" }),
      addQuestion(a, { groupId, text: "Hoe betrek ik ouders?" }),
      addQuestion(a, { groupId, text: "Een vierde vraag" }),
    ]);
    expect(racing.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    expect(racing.find((r) => r.status === "rejected")).toMatchObject({
      reason: { code: "conflict", meta: { reason: "plan_question_limit" } },
    });
    expect(await LearningQuestion.countDocuments({ groupId })).toBe(3);
    const plan = await getPlan(a, { groupId });
    expect(plan.mine?.questions.map((q) => q.slot)).toEqual([1, 2, 3]);
    await removeQuestion(a, { groupId, questionId: plan.mine!.questions[1].id });
    expect(await addQuestion(a, { groupId, text: "Opnieuw", bsaSectionId: "vision" })).toEqual({ id: `${groupId}:${ann._id}:2` });
    expect((await getPlan(a, { groupId })).mine?.questions[1]).toMatchObject({
      text: "Opnieuw",
      bsaSectionId: "vision",
      bsaSection: { id: "vision", title: { nl: "Visie en richting" } },
      shared: false,
    });
  });

  it("bad input is a localised field error and changes nothing", async () => {
    const { groupId, ann } = await scene();
    const a = ctxFor(ann);
    await expect(addQuestion(a, { groupId, text: "  " })).rejects.toMatchObject({
      code: "invalid_input",
      issues: [{ path: "text", code: "required" }],
    });
    const { id } = await addQuestion(a, { groupId, text: "Vraag" });
    await expect(addEvidence(a, { groupId, questionId: id, text: "", url: "javascript:alert(1)" })).rejects.toMatchObject({
      issues: [{ path: "url", code: "invalid_url" }],
    });
    await expect(addEvidence(a, { groupId, questionId: id, text: "x", url: "http://example.test/verslag" })).rejects.toMatchObject({
      issues: [{ path: "url", code: "invalid_url" }],
    });
    await expect(addCheckIn(a, { groupId, questionId: id, rating: "6" })).rejects.toMatchObject({
      issues: [{ path: "rating", code: "plan_rating" }],
    });
    await expect(addAction(a, { groupId, questionId: id, text: "Plan", date: "2027-02-30" })).rejects.toMatchObject({
      issues: [{ path: "date", code: "invalid_date" }],
    });
    await expect(editQuestion(a, { groupId, questionId: id, text: "x", bsaSectionId: "$where" })).rejects.toMatchObject({
      code: "invalid_input",
    });
    const q = await LearningQuestion.findById(id).lean();
    expect(q).toMatchObject({ text: "Vraag", evidence: [], actions: [] });
    expect(await CheckIn.countDocuments({ groupId })).toBe(0);
  });

  it("actions, evidence and check-ins; only the owner writes them", async () => {
    const { groupId, ann, ben, coach } = await scene();
    const a = ctxFor(ann);
    const { id } = await addQuestion(a, { groupId, text: "Hoe geef ik feedback?" });
    await addAction(a, { groupId, questionId: id, text: "Lesbezoek bij twee collega's", date: "2027-01-15" });
    await addEvidence(a, { groupId, questionId: id, text: "Verslag van het teamoverleg", url: "https://example.test/verslag" });
    await addCheckIn(a, { groupId, questionId: id, rating: "3", note: "Eerste gesprekken gevoerd" });
    const q = (await getPlan(a, { groupId })).mine!.questions[0];
    expect(q.actions).toMatchObject([{ text: "Lesbezoek bij twee collega's", date: "2027-01-15", done: false }]);
    await setActionDone(a, { groupId, questionId: id, actionId: q.actions[0].id, done: "true" });
    expect((await getPlan(a, { groupId })).mine!.questions[0]).toMatchObject({
      actions: [{ done: true }],
      evidence: [{ url: "https://example.test/verslag" }],
      checkIns: [{ rating: 3, note: "Eerste gesprekken gevoerd", feedbackRequested: false }],
    });
    // Someone else's question: not found, for a peer and for the coach alike.
    await expect(addCheckIn(ctxFor(ben), { groupId, questionId: id, rating: 5 })).rejects.toMatchObject({ code: "not_found" });
    await expect(addAction(ctxFor(coach), { groupId, questionId: id, text: "x" })).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("who sees a plan", () => {
  it("the leader and the coach see everything; the group sees an unshared question nowhere; sharing is per question", async () => {
    const { groupId, ann, ben, coach, guest, organiser } = await scene();
    const a = ctxFor(ann);
    const secret = await addQuestion(a, { groupId, text: "GEHEIM: hoe ga ik om met mijn adjunct?" });
    await addCheckIn(a, { groupId, questionId: secret.id, rating: 2, note: "GEHEIM-NOTITIE" });
    const open = await addQuestion(a, { groupId, text: "Hoe plan ik klasbezoeken?" });
    await addCheckIn(a, { groupId, questionId: open.id, rating: 4, note: "Gaat goed" });

    const forCoach = await getPlan(ctxFor(coach), { groupId });
    expect(forCoach.isCoach).toBe(true);
    expect(forCoach.others.find((p) => p.userId === String(ann._id))?.questions).toHaveLength(2);

    // Not shared: Ben's page holds no trace of it, not even Ann's plan.
    const before = await getPlan(ctxFor(ben), { groupId });
    expect(before.others).toEqual([]);
    expect(strings(before).some((s) => s.includes("GEHEIM"))).toBe(false);

    await shareQuestion(a, { groupId, questionId: open.id, shared: "true" });
    const after = await getPlan(ctxFor(ben), { groupId });
    expect(after.others).toHaveLength(1);
    expect(after.others[0]).toMatchObject({ viewer: "peer", commitments: [], questions: [{ text: "Hoe plan ik klasbezoeken?" }] });
    expect(after.others[0].questions[0].checkIns).toHaveLength(1);
    expect(strings(after).some((s) => s.includes("GEHEIM"))).toBe(false);

    // Guests and the organiser: nothing, shared or not.
    await expect(getPlan(ctxFor(guest), { groupId })).rejects.toMatchObject({ code: "forbidden" });
    await expect(getPlan(ctxFor(organiser), { groupId })).rejects.toMatchObject({ code: "forbidden" });
    await expect(getPlan(ctxFor(await buildUser()), { groupId })).rejects.toMatchObject({ code: "not_found" });

    // Taking it back hides it again, with its check-ins.
    await shareQuestion(a, { groupId, questionId: open.id, shared: false });
    expect((await getPlan(ctxFor(ben), { groupId })).others).toEqual([]);
  });
});

describe("feedback on a check-in", () => {
  it("a leader asks, peers answer; not on an unshared question, not unasked, not on one's own", async () => {
    const { groupId, ann, ben, cas, coach, guest } = await scene();
    const a = ctxFor(ann);
    const { id } = await addQuestion(a, { groupId, text: "Hoe voer ik functioneringsgesprekken?" });
    await expect(addCheckIn(a, { groupId, questionId: id, rating: 3, askFeedback: "true" })).rejects.toMatchObject({
      meta: { reason: "plan_share_first" },
    });
    expect(await CheckIn.countDocuments({ groupId })).toBe(0);
    const { id: checkInId } = await addCheckIn(a, { groupId, questionId: id, rating: 3, note: "Twee gesprekken gedaan" });
    // Unshared: a peer cannot know it exists.
    await expect(giveFeedback(ctxFor(ben), { groupId, checkInId, text: "Mooi" })).rejects.toMatchObject({ code: "not_found" });
    await expect(requestFeedback(a, { groupId, checkInId })).rejects.toMatchObject({ meta: { reason: "plan_share_first" } });
    await shareQuestion(a, { groupId, questionId: id, shared: true });
    await expect(giveFeedback(ctxFor(ben), { groupId, checkInId, text: "Mooi" })).rejects.toMatchObject({
      meta: { reason: "plan_feedback_not_asked" },
    });
    await requestFeedback(a, { groupId, checkInId });
    await giveFeedback(ctxFor(ben), { groupId, checkInId, text: "Wat hielp je het meest?" });
    await giveFeedback(ctxFor(coach), { groupId, checkInId, text: "Sterk dat je dit deelt." });
    await expect(giveFeedback(a, { groupId, checkInId, text: "Zelf" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(giveFeedback(ctxFor(guest), { groupId, checkInId, text: "Gast" })).rejects.toMatchObject({ code: "not_found" });
    const seen = (await getPlan(ctxFor(cas), { groupId })).others[0].questions[0].checkIns[0];
    expect(seen.feedbackRequested).toBe(true);
    expect(seen.feedback.map((f) => f.text)).toEqual(["Wat hielp je het meest?", "Sterk dat je dit deelt."]);
    // Unshared again: the feedback goes with it.
    await shareQuestion(a, { groupId, questionId: id, shared: false });
    expect(strings(await getPlan(ctxFor(cas), { groupId })).includes("Wat hielp je het meest?")).toBe(false);
  });
});

describe("commitments", () => {
  it("addCommitments (the intervision engine's call) adds a round's action points once; the leader ticks them off", async () => {
    const { groupId, ann, ben, coach, guest } = await scene();
    const items = [
      { text: "Gesprek met de adjunct plannen", due: new Date("2027-01-20T12:00:00Z"), source: { kind: "round" as const, id: "round-1" } },
      { text: "Terugkoppelen in de groep", source: { kind: "round" as const, id: "round-1" } },
    ];
    const { ids } = await addCommitments(String(ann._id), groupId, items);
    await addCommitments(String(ann._id), groupId, items); // the engine's retry
    expect(await Commitment.countDocuments({ groupId })).toBe(2);
    const mine = (await getPlan(ctxFor(ann), { groupId })).mine!.commitments;
    expect(mine).toMatchObject([
      { text: "Gesprek met de adjunct plannen", done: false, sourceKind: "round", sourceId: "round-1" },
      { text: "Terugkoppelen in de groep", due: null },
    ]);
    await setCommitmentDone(ctxFor(ann), { groupId, commitmentId: ids[0], done: "true" });
    expect((await getPlan(ctxFor(coach), { groupId })).others.find((p) => p.userId === String(ann._id))?.commitments[0].done).toBe(true);
    await expect(setCommitmentDone(ctxFor(ben), { groupId, commitmentId: ids[1], done: true })).rejects.toMatchObject({
      code: "not_found",
    });
    // A peer never sees them.
    expect(strings(await getPlan(ctxFor(ben), { groupId })).includes("Terugkoppelen in de groep")).toBe(false);
    // Only to an active leader of that group, and only valid items.
    await expect(addCommitments(String(guest._id), groupId, items)).rejects.toMatchObject({ code: "not_found" });
    await expect(addCommitments(String(ann._id), String((await buildGroup()).group._id), items)).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(addCommitments(String(ann._id), groupId, [{ text: "", source: { kind: "round", id: "r" } }])).rejects.toMatchObject({
      code: "invalid_input",
    });
    expect(await Commitment.countDocuments({})).toBe(2);
  });
});

describe("coaching notes in the plan", () => {
  it("the leader reads the coach's notes about them; nobody else's page carries them", async () => {
    const { groupId, ann, ben, coach } = await scene();
    await addCoachNote(ctxFor(coach), { groupId, memberId: String(ann._id), text: "Ann wil werken aan delegeren." });
    expect((await getPlan(ctxFor(ann), { groupId })).coachNotes.map((n) => n.text)).toEqual(["Ann wil werken aan delegeren."]);
    expect((await getPlan(ctxFor(ben), { groupId })).coachNotes).toEqual([]);
    expect(strings(await getPlan(ctxFor(ben), { groupId })).includes("Ann wil werken aan delegeren.")).toBe(false);
  });
});

describe("from the analysis (issue 14 item 5)", () => {
  /** Submits the actor's BSA of `trajectoryId` with `points` per section (in the questionnaire's order). */
  async function submitBsa(ctx: ReturnType<typeof ctxFor>, trajectoryId: string, points: number[]) {
    const { id } = await startAnalysis(ctx, { trajectoryId, kind: "bsa" });
    const scored = DEFAULT_QUESTIONNAIRE.sections.filter((s) => s.items.some((i) => i.kind === "scale"));
    const answers = scored.flatMap((s, n) =>
      s.items.filter((i) => i.kind === "scale").flatMap((i) => [[`seen:${i.id}`, "1"] as const, [`a:${i.id}`, String(points[n])] as const]),
    );
    await saveAnswers(ctx, id, {
      ...Object.fromEntries(answers),
      "seen:needs-question": "1",
      "a:needs-question": "Klasbezoeken als gewoonte",
    });
    await submitAnalysis(ctx, { analysisId: id });
  }

  it("the plan offers the leader's BSA sections, lowest score first, and the learning needs; a coach gets none", async () => {
    const { groupId, ann, coach, trajectory } = await scene();
    const a = ctxFor(ann);
    expect((await getPlan(a, { groupId })).bsa).toBeNull();
    await submitBsa(a, String(trajectory._id), [4, 2, 5, 3, 1]);
    const { bsa } = await getPlan(a, { groupId });
    expect(bsa?.sections.map((s) => [s.id, s.mean])).toEqual([
      ["personal", 1],
      ["learning", 2],
      ["organisation", 3],
      ["vision", 4],
      ["team", 5],
    ]);
    expect(bsa?.needs).toContainEqual(
      expect.objectContaining({ itemId: "needs-question", answer: { nl: "Klasbezoeken als gewoonte", en: "Klasbezoeken als gewoonte" } }),
    );
    expect((await getPlan(ctxFor(coach), { groupId })).bsa).toBeNull();
    await addQuestion(a, { groupId, text: "Hoe word ik zichtbaarder?", bsaSectionId: "personal" });
    const seen = await getPlan(ctxFor(coach), { groupId });
    expect(seen.others.find((p) => p.userId === String(ann._id))?.questions[0].bsaSection).toEqual({
      id: "personal",
      title: { nl: "Persoonlijk leiderschap", en: "Personal leadership" },
    });
  });

  it("a section id that is made up, or of another programme's questionnaire, is refused and nothing is stored", async () => {
    const { groupId, ann, trajectory } = await scene();
    const a = ctxFor(ann);
    await submitBsa(a, String(trajectory._id), [3, 3, 3, 3, 3]);
    // Another programme adapted its questionnaire with a section of its own.
    const other = await buildTrajectory();
    const adapted = structuredClone(DEFAULT_QUESTIONNAIRE);
    adapted.sections[0].id = "other-vision";
    await saveQuestionnaire(ctxFor(other.organiser), { trajectoryId: String(other.trajectory._id), json: JSON.stringify(adapted) });
    const refused = { code: "invalid_input", issues: [{ path: "bsaSectionId", code: "plan_bsa_section" }] };
    for (const bsaSectionId of ["other-vision", "made-up", "needs"]) {
      await expect(addQuestion(a, { groupId, text: "Een vraag", bsaSectionId })).rejects.toMatchObject(refused);
    }
    expect(await LearningQuestion.countDocuments({ groupId })).toBe(0);
    const { id } = await addQuestion(a, { groupId, text: "Een vraag", bsaSectionId: "team" });
    await expect(editQuestion(a, { groupId, questionId: id, text: "Anders", bsaSectionId: "other-vision" })).rejects.toMatchObject(refused);
    expect(await LearningQuestion.findById(id).lean()).toMatchObject({ text: "Een vraag", bsaSectionId: "team" });
    await editQuestion(a, { groupId, questionId: id, text: "Anders", bsaSectionId: "" });
    expect(await LearningQuestion.findById(id).lean()).toMatchObject({ text: "Anders", bsaSectionId: null });
  });
});

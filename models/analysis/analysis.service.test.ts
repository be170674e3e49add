import { describe, expect, it } from "vitest";
import { buildGroup, buildUser, ctxFor } from "../../test/factories";
import { errorMessage } from "../shared/error-messages";
import { AnalysisAnswer, QuestionnaireVersion } from "./analysis.model";
import {
  countAnalyses,
  getAnalysis,
  getQuestionnaireEditor,
  listMyAnalyses,
  previewQuestionnaire,
  readAnalysisSummary,
  saveAnswers,
  saveQuestionnaire,
  shareAnalysis,
  startAnalysis,
  submitAnalysis,
} from "./analysis.service";
import { DEFAULT_QUESTIONNAIRE } from "./default-questionnaire.constants";
import { Questionnaire, questionnaireIssues } from "./questionnaire.inputs";

const scaleIds = DEFAULT_QUESTIONNAIRE.sections.flatMap((s) => s.items.filter((i) => i.kind === "scale").map((i) => i.id));

/** A form posting `points` (item id -> 1..5) as the page's section forms do. */
const form = (points: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(points).flatMap(([id, v]) => [
      [`seen:${id}`, "1"],
      [`a:${id}`, v],
    ]),
  );

async function scene() {
  const built = await buildGroup({ leaders: 2, coaches: 1 });
  const [ann, ben] = built.leaders;
  const [coach] = built.coaches;
  const trajectoryId = String(built.trajectory._id);
  return { ...built, ann, ben, coach, trajectoryId };
}

async function filledBsa(ctx: ReturnType<typeof ctxFor>, trajectoryId: string, point = "3") {
  const { id } = await startAnalysis(ctx, { trajectoryId, kind: "bsa" });
  await saveAnswers(ctx, id, form(Object.fromEntries(scaleIds.map((s) => [s, point]))));
  await submitAnalysis(ctx, { analysisId: id });
  return id;
}

describe("the questionnaire as data", () => {
  it("the default is valid, bilingual and has leadership sections plus learning needs", () => {
    expect(Questionnaire.safeParse(DEFAULT_QUESTIONNAIRE).success).toBe(true);
    expect(DEFAULT_QUESTIONNAIRE.sections.map((s) => s.id)).toEqual(["vision", "learning", "team", "organisation", "personal", "needs"]);
    expect(scaleIds).toHaveLength(20);
  });

  const bad: [string, (q: Record<string, unknown> & typeof DEFAULT_QUESTIONNAIRE) => unknown, string][] = [
    ["not JSON", () => "{", "analysis_bad_json"],
    ["four anchors", (q) => ({ ...q, anchors: q.anchors.slice(0, 4) }), "analysis_five_anchors"],
    [
      "a duplicate item id",
      (q) => ({ ...q, sections: [q.sections[0], { ...q.sections[1], items: [q.sections[0].items[0]] }] }),
      "analysis_duplicate_id",
    ],
    ["a missing English text", (q) => ({ ...q, title: { nl: "Titel", en: " " } }), "protocol_text_missing"],
    [
      "an unknown kind",
      (q) => ({ ...q, sections: [{ ...q.sections[0], items: [{ ...q.sections[0].items[0], kind: "slider" }] }] }),
      "analysis_bad_kind",
    ],
    ["no scale item", (q) => ({ ...q, sections: [q.sections[5]] }), "analysis_no_scale"],
    [
      "21 items in a section",
      (q) => ({
        ...q,
        sections: [{ ...q.sections[0], items: Array.from({ length: 21 }, (_, i) => ({ ...q.sections[0].items[0], id: `i${i}` })) }],
      }),
      "analysis_too_many_items",
    ],
    ["an extra field", (q) => ({ ...q, colour: "red" }), "invalid"],
  ];
  for (const [what, change, code] of bad) {
    it(`refuses ${what} with ${code}, with a text in both languages`, () => {
      const changed = change(structuredClone(DEFAULT_QUESTIONNAIRE) as never);
      const { questionnaire, issues } = questionnaireIssues(typeof changed === "string" ? changed : JSON.stringify(changed));
      expect(questionnaire).toBeNull();
      expect(issues.map((i) => i.code)).toContain(code);
    });
  }
});

describe("an organiser adapts the questionnaire per trajectory", () => {
  it("copies the default, previews, saves immutable versions (unique inserts), and a leader keeps the version given", async () => {
    const { organiser, ann, trajectoryId } = await scene();
    const ctx = ctxFor(organiser);
    const editor = await getQuestionnaireEditor(ctx, { trajectoryId });
    expect(editor.version).toBe(0);
    expect(JSON.parse(editor.json)).toEqual(DEFAULT_QUESTIONNAIRE);

    const { id: bsaBefore } = await startAnalysis(ctxFor(ann), { trajectoryId, kind: "bsa" });

    const edited = structuredClone(DEFAULT_QUESTIONNAIRE);
    edited.title = { nl: "Onze analyse", en: "Our analysis" };
    const preview = await previewQuestionnaire(ctx, { trajectoryId, json: JSON.stringify(edited) });
    expect(preview.questionnaire?.title.nl).toBe("Onze analyse");
    expect(await QuestionnaireVersion.countDocuments({})).toBe(0);

    await expect(saveQuestionnaire(ctx, { trajectoryId, json: "{" })).rejects.toMatchObject({
      code: "invalid_input",
      issues: [{ path: "json", code: "analysis_bad_json" }],
    });
    // Two saves at once: two versions, neither lost.
    const saved = await Promise.all([1, 2].map(() => saveQuestionnaire(ctx, { trajectoryId, json: JSON.stringify(edited) })));
    expect(saved.map((s) => s.version).sort()).toEqual([1, 2]);
    expect((await getQuestionnaireEditor(ctx, { trajectoryId })).version).toBe(2);

    // Ann began on the default before the change and keeps it.
    expect((await getAnalysis(ctxFor(ann), { analysisId: bsaBefore })).questionnaire.title.nl).toBe(DEFAULT_QUESTIONNAIRE.title.nl);
  });

  it("is the trajectory's organisers' only: a leader, a coach and another organiser get not_found", async () => {
    const { ann, coach, trajectoryId } = await scene();
    const other = await buildUser({ isOrganiser: true });
    for (const who of [ann, coach, other]) {
      await expect(getQuestionnaireEditor(ctxFor(who), { trajectoryId })).rejects.toMatchObject({ code: "not_found" });
      await expect(saveQuestionnaire(ctxFor(who), { trajectoryId, json: "{}" })).rejects.toMatchObject({ code: "not_found" });
      await expect(countAnalyses(ctxFor(who), { trajectoryId })).rejects.toMatchObject({ code: "not_found" });
    }
  });

  it("the ESA takes the BSA's version even after a new one was saved", async () => {
    const { organiser, ann, trajectoryId } = await scene();
    const edited = structuredClone(DEFAULT_QUESTIONNAIRE);
    edited.title.nl = "Versie één";
    await saveQuestionnaire(ctxFor(organiser), { trajectoryId, json: JSON.stringify(edited) });
    await filledBsa(ctxFor(ann), trajectoryId);
    edited.title.nl = "Versie twee";
    await saveQuestionnaire(ctxFor(organiser), { trajectoryId, json: JSON.stringify(edited) });
    const { id } = await startAnalysis(ctxFor(ann), { trajectoryId, kind: "esa" });
    expect((await getAnalysis(ctxFor(ann), { analysisId: id })).questionnaire.title.nl).toBe("Versie één");
  });
});

describe("a leader's BSA and ESA", () => {
  it("starts once, saves part, comes back to the same answers, cannot submit until complete, submits once", async () => {
    const { ann, trajectoryId } = await scene();
    const ctx = ctxFor(ann);
    const [a, b] = await Promise.all([1, 2].map(() => startAnalysis(ctx, { trajectoryId, kind: "bsa" })));
    expect(a.id).toBe(b.id);
    const analysisId = a.id;

    await saveAnswers(ctx, analysisId, form({ "vision-shared": "4", "vision-goals": "2" }));
    await saveAnswers(ctx, analysisId, {
      "seen:needs-themes": "1",
      "a:needs-themes:shared-leadership": "on",
      "a:needs-themes:quality": "on",
      "seen:needs-question": "1",
      "a:needs-question": "  Hoe krijg ik het team mee in peer-observatie?  ",
    });
    // Coming back: the page reads what was saved.
    const page = await getAnalysis(ctx, { analysisId });
    expect(page.status).toBe("draft");
    expect(page.answers["vision-shared"]).toEqual({ point: 4 });
    expect(page.answers["needs-themes"]).toEqual({ options: ["shared-leadership", "quality"] });
    expect(page.answers["needs-question"]).toEqual({ text: "Hoe krijg ik het team mee in peer-observatie?" });
    expect([page.answeredScale, page.totalScale]).toEqual([2, 20]);
    expect(page.comparison).toBeNull();

    // An emptied answer is cleared; a bad value changes nothing.
    await saveAnswers(ctx, analysisId, form({ "vision-goals": "" }));
    expect(await AnalysisAnswer.countDocuments({ analysisId })).toBe(3);
    await expect(saveAnswers(ctx, analysisId, form({ "vision-shared": "9" }))).rejects.toMatchObject({
      code: "invalid_input",
      issues: [{ path: "a:vision-shared", code: "invalid" }],
    });
    await expect(
      saveAnswers(ctx, analysisId, {
        "seen:needs-activities": "1",
        "a:needs-activities:theory": "on",
        "a:needs-activities:cases": "on",
        "a:needs-activities:skills": "on",
      }),
    ).rejects.toMatchObject({ issues: [{ path: "a:needs-activities", code: "analysis_too_many_chosen" }] });
    expect((await getAnalysis(ctx, { analysisId })).answers["vision-shared"]).toEqual({ point: 4 });

    await expect(submitAnalysis(ctx, { analysisId })).rejects.toMatchObject({ code: "conflict", meta: { reason: "analysis_incomplete" } });
    expect(errorMessage("nl", "conflict", { reason: "analysis_incomplete" })).toMatch(/Beantwoord eerst alle uitspraken/);

    await saveAnswers(ctx, analysisId, form(Object.fromEntries(scaleIds.map((id, i) => [id, String((i % 5) + 1)]))));
    await Promise.all([submitAnalysis(ctx, { analysisId }), submitAnalysis(ctx, { analysisId })]);
    const done = await getAnalysis(ctx, { analysisId });
    expect(done.status).toBe("submitted");
    expect(done.comparison?.series).toEqual(["bsa"]);
    expect(done.comparison?.sections).toHaveLength(5);
    expect(done.comparison?.radar.axes).toHaveLength(5);
    await expect(saveAnswers(ctx, analysisId, form({ "vision-shared": "1" }))).rejects.toMatchObject({
      code: "conflict",
      meta: { reason: "analysis_submitted" },
    });
  });

  it("saves racing each other (two tabs, or a save sent before the last one answered) all succeed", async () => {
    const { ann, trajectoryId } = await scene();
    const ctx = ctxFor(ann);
    const { id } = await startAnalysis(ctx, { trajectoryId, kind: "bsa" });
    // Each one carries the whole section as it stood, so the same answers are written at once.
    const sections = Array.from({ length: 8 }, (_, n) =>
      form(Object.fromEntries(scaleIds.slice(0, 4).map((s, i) => [s, String(((n + i) % 5) + 1)]))),
    );
    await Promise.all(sections.map((f) => saveAnswers(ctx, id, f)));
    expect(await AnalysisAnswer.countDocuments({ analysisId: id })).toBe(4);
  });

  it("the ESA waits for a submitted BSA; then both show side by side with section means", async () => {
    const { ann, trajectoryId } = await scene();
    const ctx = ctxFor(ann);
    await expect(startAnalysis(ctx, { trajectoryId, kind: "esa" })).rejects.toMatchObject({ meta: { reason: "analysis_bsa_first" } });
    const bsa = await filledBsa(ctx, trajectoryId, "2");
    const { id: esa } = await startAnalysis(ctx, { trajectoryId, kind: "esa" });
    await saveAnswers(ctx, esa, form(Object.fromEntries(scaleIds.map((s) => [s, "4"]))));
    await submitAnalysis(ctx, { analysisId: esa });
    const page = await getAnalysis(ctx, { analysisId: esa });
    expect(page.counterpart).toEqual({ id: bsa, kind: "bsa", status: "submitted" });
    expect(page.comparison?.series).toEqual(["bsa", "esa"]);
    expect(page.comparison?.sections[0]).toMatchObject({ id: "vision", bsa: 2, esa: 4, feedback: null });
    const list = await listMyAnalyses(ctx);
    expect(list.trajectories).toEqual([
      expect.objectContaining({ id: trajectoryId, bsa: { id: bsa, status: "submitted" }, esa: { id: esa, status: "submitted" } }),
    ]);
  });

  it("only its leader reads it; the coach only once shared (per analysis); others never know it exists", async () => {
    const { ann, ben, coach, organiser, trajectoryId } = await scene();
    const analysisId = await filledBsa(ctxFor(ann), trajectoryId);
    const otherCoach = (await buildGroup({ coaches: 1 })).coaches[0];
    const stranger = await buildUser();
    const missing = "0123456789abcdef01234567";
    for (const who of [ben, coach, organiser, otherCoach, stranger]) {
      await expect(getAnalysis(ctxFor(who), { analysisId }), "before sharing").rejects.toMatchObject({ code: "not_found" });
      await expect(getAnalysis(ctxFor(who), { analysisId: missing })).rejects.toMatchObject({ code: "not_found" });
    }
    expect((await listMyAnalyses(ctxFor(coach))).shared).toEqual([]);

    await shareAnalysis(ctxFor(ann), { analysisId, shared: "true" });
    const seen = await getAnalysis(ctxFor(coach), { analysisId });
    expect(seen).toMatchObject({ isOwner: false, leaderName: ann.name, status: "submitted" });
    expect(seen.feedback.canInvite).toBe(false);
    expect((await listMyAnalyses(ctxFor(coach))).shared).toEqual([expect.objectContaining({ id: analysisId, leaderName: ann.name })]);
    // Sharing lets the coach read, never write or share.
    await expect(shareAnalysis(ctxFor(coach), { analysisId, shared: "false" })).rejects.toMatchObject({ code: "not_found" });
    await expect(saveAnswers(ctxFor(coach), analysisId, form({ "vision-shared": "1" }))).rejects.toMatchObject({ code: "not_found" });
    for (const who of [ben, organiser, otherCoach, stranger])
      await expect(getAnalysis(ctxFor(who), { analysisId }), "after sharing").rejects.toMatchObject({ code: "not_found" });

    await shareAnalysis(ctxFor(ann), { analysisId, shared: "false" });
    await expect(getAnalysis(ctxFor(coach), { analysisId })).rejects.toMatchObject({ code: "not_found" });
  });

  it("a user leading in no group of the trajectory cannot start one there", async () => {
    const { trajectoryId } = await scene();
    const stranger = await buildUser();
    await expect(startAnalysis(ctxFor(stranger), { trajectoryId, kind: "bsa" })).rejects.toMatchObject({ code: "not_found" });
    await expect(startAnalysis(ctxFor(stranger), { trajectoryId: "x", kind: "bsa" })).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("the organiser sees per group only how many submitted", async () => {
    const { ann, ben, organiser, group, trajectoryId } = await scene();
    await filledBsa(ctxFor(ann), trajectoryId);
    await startAnalysis(ctxFor(ben), { trajectoryId, kind: "bsa" });
    const counts = await countAnalyses(ctxFor(organiser), { trajectoryId });
    expect(counts).toEqual({ groups: [{ id: String(group._id), name: group.name, leaders: 2, bsa: 1, esa: 0 }] });
  });

  it("the action plan reads the leader's own submitted analysis: section means and learning needs", async () => {
    const { ann, ben, trajectoryId } = await scene();
    const ctx = ctxFor(ann);
    expect(await readAnalysisSummary(ctx, { trajectoryId })).toBeNull();
    const { id } = await startAnalysis(ctx, { trajectoryId, kind: "bsa" });
    await saveAnswers(ctx, id, {
      ...form(Object.fromEntries(scaleIds.map((s) => [s, "3"]))),
      "seen:needs-themes": "1",
      "a:needs-themes:quality": "on",
    });
    await submitAnalysis(ctx, { analysisId: id });
    const summary = await readAnalysisSummary(ctx, { trajectoryId });
    expect(summary?.sections[0]).toMatchObject({ id: "vision", mean: 3 });
    expect(summary?.needs).toEqual([
      expect.objectContaining({
        itemId: "needs-themes",
        answer: { nl: "Kwaliteit van onderwijs ontwikkelen", en: "Developing the quality of education" },
      }),
    ]);
    expect(await readAnalysisSummary(ctxFor(ben), { trajectoryId })).toBeNull();
  });
});

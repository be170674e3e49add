import { describe, expect, it } from "vitest";
import { buildGroup, ctxFor } from "../../test/factories";
import { createLimits } from "../shared/limits";
import { LIMITS } from "../shared/limits.constants";
import { FeedbackRater, FeedbackResponse, FeedbackToken } from "./analysis.model";
import { getAnalysis, shareAnalysis, startAnalysis } from "./analysis.service";
import { DEFAULT_QUESTIONNAIRE } from "./default-questionnaire.constants";
import { getRaterForm, inviteRaters, submitRating } from "./feedback.service";

const scaleIds = DEFAULT_QUESTIONNAIRE.sections.flatMap((s) => s.items.filter((i) => i.kind === "scale").map((i) => i.id));
const rating = (point: (id: string, i: number) => string) => Object.fromEntries(scaleIds.map((id, i) => [`a:${id}`, point(id, i)]));

async function scene() {
  const built = await buildGroup({ leaders: 1, coaches: 1 });
  const [ann] = built.leaders;
  const ctx = ctxFor(ann);
  const { id: analysisId } = await startAnalysis(ctx, { trajectoryId: String(built.trajectory._id), kind: "bsa" });
  const deps = { limits: createLimits(null) };
  /** The token in the last mail to `to`. */
  const tokenOf = (to: string) => {
    const mail = ctx.mails.filter((m) => m.to === to).at(-1);
    const token = mail && /\/feedback\/([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    if (!token) throw new Error(`no feedback link to ${to}`);
    return token;
  };
  return { ...built, ann, ctx, analysisId, deps, tokenOf };
}

const raters = (n: number) => Array.from({ length: n }, (_, i) => `rater${i + 1}@school.example`);

describe("inviting raters", () => {
  it("mails each address once in the chosen language, keeps no address, and stops at ten", async () => {
    const { ctx, analysisId, ann } = await scene();
    const r = await inviteRaters(ctx, { analysisId, emails: raters(4).join("\n"), locale: "en" });
    expect(r).toEqual({ invited: 4, already: 0 });
    expect(ctx.mails.map((m) => m.to)).toEqual(raters(4));
    expect(ctx.mails[0].subject).toBe(`${ann.name} asks for your feedback`);
    expect(ctx.mails[0].text).toMatch(/http:\/\/leerkring\.test\/feedback\/[A-Za-z0-9_-]{40,}/);
    // Stored: hashes only.
    const stored = JSON.stringify([await FeedbackRater.find().lean(), await FeedbackToken.find().lean()]);
    expect(stored).not.toMatch(/rater1|school\.example/);
    expect(stored).not.toContain(/\/feedback\/(\S+)/.exec(ctx.mails[0].text)?.[1]);

    expect(await inviteRaters(ctx, { analysisId, emails: "RATER1@school.example, new@school.example", locale: "nl" })).toEqual({
      invited: 1,
      already: 1,
    });
    await expect(inviteRaters(ctx, { analysisId, emails: raters(10).slice(4).join(","), locale: "nl" })).rejects.toMatchObject({
      code: "invalid_input",
      issues: [{ path: "emails", code: "feedback360_too_many" }],
    });
    await expect(inviteRaters(ctx, { analysisId, emails: ann.email, locale: "nl" })).rejects.toMatchObject({
      issues: [{ path: "emails", code: "feedback360_not_yourself" }],
    });
    await expect(inviteRaters(ctx, { analysisId, emails: "not-an-address", locale: "nl" })).rejects.toMatchObject({
      issues: [{ path: "emails", code: "invalid_email" }],
    });
    const page = await getAnalysis(ctx, { analysisId });
    expect(page.feedback).toEqual({ invited: 5, answered: 0, max: 10, min: 3, visible: false, canInvite: true });
  });

  it("ten invitations at once from two requests never pass ten", async () => {
    const { ctx, analysisId } = await scene();
    const results = await Promise.allSettled([
      inviteRaters(ctx, { analysisId, emails: raters(7).join(","), locale: "nl" }),
      inviteRaters(ctx, { analysisId, emails: raters(14).slice(7).join(","), locale: "nl" }),
    ]);
    const invited = results.reduce((n, r) => n + (r.status === "fulfilled" ? r.value.invited : 0), 0);
    expect(invited).toBeLessThanOrEqual(10);
    expect((await getAnalysis(ctx, { analysisId })).feedback.invited).toBeLessThanOrEqual(10);
  });

  it("only the analysis's leader invites (a coach it is shared with cannot)", async () => {
    const { ctx, analysisId, coaches } = await scene();
    await shareAnalysis(ctx, { analysisId, shared: "true" });
    await expect(inviteRaters(ctxFor(coaches[0]), { analysisId, emails: "x@school.example", locale: "nl" })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});

describe("a rater's link", () => {
  it("shows the statements about the leader, answers once, and the leader sees means only from three raters on", async () => {
    const { ctx, analysisId, deps, tokenOf, ann } = await scene();
    await inviteRaters(ctx, { analysisId, emails: raters(4).join("\n"), locale: "nl" });
    const form = await getRaterForm(deps, tokenOf(raters(4)[0]), "192.0.2.1");
    expect(form.leaderName).toBe(ann.name);
    expect(form.sections[0].items[0].text.nl).toMatch(/^De schoolleider/);
    expect(form.sections.flatMap((s) => s.items)).toHaveLength(20);

    // A missing answer is refused and uses nothing.
    const partial = rating(() => "4");
    delete partial[`a:${scaleIds[0]}`];
    await expect(submitRating(deps, tokenOf(raters(4)[0]), partial, "192.0.2.1")).rejects.toMatchObject({
      issues: [{ path: `a:${scaleIds[0]}`, code: "feedback360_choose" }],
    });

    // Rater 1 twice at once: one answer stored.
    const twice = await Promise.allSettled(
      [1, 2].map(() =>
        submitRating(
          deps,
          tokenOf(raters(4)[0]),
          rating(() => "4"),
          "192.0.2.1",
        ),
      ),
    );
    expect(twice.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    await expect(
      submitRating(
        deps,
        tokenOf(raters(4)[0]),
        rating(() => "4"),
        "192.0.2.1",
      ),
    ).rejects.toMatchObject({ code: "token_invalid" });
    await expect(getRaterForm(deps, tokenOf(raters(4)[0]), "192.0.2.1")).rejects.toMatchObject({ code: "token_invalid" });

    await submitRating(
      deps,
      tokenOf(raters(4)[1]),
      rating(() => "2"),
      "192.0.2.1",
    );
    let page = await getAnalysis(ctx, { analysisId });
    expect(page.feedback).toMatchObject({ answered: 2, visible: false });
    expect(page.comparison).toBeNull();

    // The third: item 0 is "cannot judge" for rater 3, so it has only 2 ratings and stays hidden.
    await submitRating(
      deps,
      tokenOf(raters(4)[2]),
      rating((_, i) => (i === 0 ? "0" : "3")),
      "192.0.2.1",
    );
    page = await getAnalysis(ctx, { analysisId });
    expect(page.feedback).toMatchObject({ answered: 3, visible: true });
    const items = page.comparison!.sections.flatMap((s) => s.items);
    expect(items[0].feedback).toBeNull();
    expect(items[1].feedback).toEqual({ mean: 3, spread: 0.8, n: 3 });
    expect(page.comparison!.series).toEqual(["feedback"]);
    // Nothing per rater reaches the page: no rows, ids or times of answers.
    expect(JSON.stringify(page)).not.toMatch(/rater\d|school\.example|192\.0\.2|createdAt/);
    const stored = await FeedbackResponse.find().lean();
    expect(stored.every((r) => Object.keys(r).sort().join() === "__v,_id,analysisId,answers")).toBe(true);
  });

  it("refuses an unknown, malformed or expired link alike", async () => {
    const { ctx, analysisId, deps, tokenOf } = await scene();
    await inviteRaters(ctx, { analysisId, emails: "a@school.example", locale: "nl" });
    await FeedbackToken.updateMany({}, { expiresAt: new Date(Date.now() - 1000) });
    for (const token of [tokenOf("a@school.example"), "x".repeat(43), "../etc", { $ne: null }])
      await expect(getRaterForm(deps, token, "192.0.2.1")).rejects.toMatchObject({ code: "token_invalid" });
  });

  it("limits how often one network opens or answers links (LIMITS.feedbackLink)", async () => {
    const { deps } = await scene();
    const tries = Array.from({ length: LIMITS.feedbackLink.points }, () =>
      getRaterForm(deps, "y".repeat(43), "198.51.100.7").catch((e) => e.code),
    );
    expect(new Set(await Promise.all(tries))).toEqual(new Set(["token_invalid"]));
    await expect(getRaterForm(deps, "y".repeat(43), "198.51.100.7")).rejects.toMatchObject({ code: "rate_limited" });
    await expect(submitRating(deps, "y".repeat(43), {}, "198.51.100.7")).rejects.toMatchObject({ code: "rate_limited" });
    await expect(getRaterForm(deps, "y".repeat(43), "203.0.113.9")).rejects.toMatchObject({ code: "token_invalid" });
  });
});

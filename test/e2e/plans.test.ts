// Issue 14 item 9, at phone width in Dutch: a leader submits a BSA, sets a learning question from
// its weakest section and a check-in; the coach opens the preparation view of the next meeting and
// sees that check-in (decisions 036, 037, 038). axe finds no
// serious or critical violation on the three pages; nothing is wider than the phone; the harness
// fails on any console error or hydration warning.
import { describe, expect, it } from "vitest";
import { Meeting } from "../../models/meeting/meeting.model";
import { CheckIn, LearningQuestion } from "../../models/plan/plan.model";
import { buildGroup } from "../factories";
import { submitBsa } from "./analysis-steps";
import { axeSerious, login, setupBrowser, type AxeViolation } from "./harness";

const app = setupBrowser();
const PHONE = { viewport: { width: 375, height: 800 } };

describe("action plan and coach's room", () => {
  it("a leader goes from a BSA to a learning question and a check-in; the coach prepares the next meeting; at 375 px", {
    timeout: 120_000,
  }, async () => {
    const { group, leaders, coaches } = await buildGroup({ leaders: 2, coaches: 1 });
    const groupId = String(group._id);
    const [ann] = leaders;
    const day = 86_400_000;
    await Meeting.create({
      groupId: group._id,
      kind: "contact_day",
      title: "Contactdag 5",
      place: "Gent",
      startsAt: new Date(Date.now() + 9 * day),
      endsAt: new Date(Date.now() + 9.3 * day),
    });
    const axe: AxeViolation[] = [];
    const narrow = async (p: import("playwright-core").Page) =>
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    const page = await app.newPage(PHONE);
    await login(page, ann.email);
    await page.goto(`/groups/${groupId}`);
    await page.waitForFunction(() => "__remixRouter" in window);
    // Without a BSA the plan points to the analysis.
    await page.getByRole("link", { name: "Actieplan" }).click();
    await page.getByRole("heading", { name: "Mijn actieplan" }).waitFor();
    await page.getByText("Je hebt nog geen beginsituatieanalyse ingediend.").waitFor();
    expect(await page.getByLabel("Onderdeel van de beginsituatieanalyse (optioneel)").count()).toBe(0);
    await page.getByRole("link", { name: "vul je analyse in" }).click();
    await page.getByRole("heading", { name: "Begin- en eindsituatieanalyse" }).waitFor();
    await page.getByRole("link", { name: "Leerkring", exact: true }).click();
    await submitBsa(page, (section) => (section === "team" ? 2 : 4), "Hoe krijg ik iedereen mee in feedback?");

    await page.goto(`/groups/${groupId}/plan`);
    await page.getByRole("heading", { name: "Mijn actieplan" }).waitFor();
    // The sections with their scores, the lowest first; the learning needs beside the form.
    const bsa = page.getByLabel("Onderdeel van de beginsituatieanalyse (optioneel)");
    expect((await bsa.locator("option").allInnerTexts()).slice(0, 2)).toEqual(["Nog geen onderdeel", "Samenwerken met het team (score 2)"]);
    await page
      .getByRole("complementary", { name: "Jouw leernoden uit de analyse" })
      .getByText("Hoe krijg ik iedereen mee in feedback?")
      .waitFor();
    axe.push(...(await axeSerious(page, "plan, empty")));
    await page.getByLabel("Leervraag", { exact: true }).fill("Hoe geef ik mijn team feedback die landt?");
    await bsa.selectOption({ label: "Samenwerken met het team (score 2)" });
    await page.getByRole("button", { name: "Leervraag toevoegen" }).click();
    const question = page.getByRole("article", { name: "Hoe geef ik mijn team feedback die landt?" });
    await question.waitFor();
    await question.getByText("uit de beginsituatieanalyse (Samenwerken met het team)").waitFor();
    await page.getByText("1 van 3 leervragen gekozen.").waitFor();

    await question.getByText("Check-in toevoegen").click();
    await question.getByLabel("Waar sta je nu?").selectOption("3");
    await question.getByLabel("Toelichting").fill("Twee gesprekken gevoerd, het derde plan ik na de vakantie.");
    await question.getByRole("button", { name: "Check-in bewaren" }).click();
    await question.getByText("Twee gesprekken gevoerd, het derde plan ik na de vakantie.").waitFor();
    await question.getByText("3 van 5").waitFor();
    expect(await LearningQuestion.find({ groupId }).lean()).toMatchObject([{ bsaSectionId: "team" }]);
    expect(await CheckIn.findOne({ groupId }).lean()).toMatchObject({ rating: 3, feedbackRequested: false });
    axe.push(...(await axeSerious(page, "plan with a question")));
    await narrow(page);
    // A leader has no coach's room.
    expect(await page.getByRole("link", { name: "Coachruimte" }).count()).toBe(0);

    const coach = await app.newPage(PHONE);
    await login(coach, coaches[0].email);
    await coach.goto(`/groups/${groupId}`);
    await coach.waitForFunction(() => "__remixRouter" in window);
    await coach.getByRole("link", { name: "Coachruimte" }).click();
    const prep = coach.getByRole("region", { name: "Voorbereiding van de volgende bijeenkomst" });
    await prep.getByText("Contactdag 5").waitFor();
    await prep.getByText(`${ann.name}: 1 check-in`).waitFor();
    axe.push(...(await axeSerious(coach, "coach's room")));
    await narrow(coach);

    await coach.getByRole("link", { name: "Doelen" }).click();
    await coach.getByRole("heading", { name: "Gedeelde doelen" }).waitFor();
    axe.push(...(await axeSerious(coach, "goals")));
    await narrow(coach);
    expect(axe).toEqual([]);
  });
});

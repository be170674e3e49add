// The one-minute reaction check in a real browser at phone width, in Dutch (issue 15 item 1,
// decision 052): a leader finds the check of yesterday's contact day on the group's evaluation page,
// answers its six statements and one line, and sees it saved and counted; a second visit says it was
// answered. The evaluation page with its charts and tables passes axe; nothing is wider than the
// phone. The harness fails on any console error or hydration warning.
import { describe, expect, it } from "vitest";
import { EvaluationResponse } from "../../models/evaluation/evaluation.model";
import { INSTRUMENTS } from "../../models/evaluation/instruments.constants";
import { Meeting } from "../../models/meeting/meeting.model";
import { buildGroup } from "../factories";
import { axeSerious, login, setupBrowser } from "./harness";

const app = setupBrowser();

describe("a reaction check on a phone", () => {
  it("found, answered once and counted; at 375 px", { timeout: 120_000 }, async () => {
    const { group, leaders, trajectory } = await buildGroup({ leaders: 5, coaches: 1 });
    const groupId = String(group._id);
    const ended = new Date(Date.now() - 3 * 3_600_000);
    await Meeting.create({
      groupId: group._id,
      trajectoryId: trajectory._id,
      kind: "contact_day",
      title: "Contactdag 3",
      startsAt: new Date(ended.getTime() - 7 * 3_600_000),
      endsAt: ended,
    });
    const page = await app.newPage({ viewport: { width: 375, height: 800 } });
    const narrow = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await login(page, leaders[0].email);
    await page.goto(`/groups/${groupId}/evaluation`);
    await page.waitForFunction(() => "__remixRouter" in window);
    await page.getByRole("heading", { name: "Evaluatie van de leergroep" }).waitFor();
    expect(await axeSerious(page)).toEqual([]);
    await narrow();

    await page.getByRole("link", { name: /Korte check na de bijeenkomst · Contactdag 3/ }).click();
    await page.getByRole("heading", { name: "Korte check na de bijeenkomst" }).waitFor();
    const statements = INSTRUMENTS["reaction-meeting"].indicators.flatMap((d) => d.items);
    for (const [i, item] of statements.entries())
      await page
        .getByRole("group", { name: item.prompt.nl })
        .getByRole("radio", { name: String((i % 5) + 1), exact: true })
        .check();
    await page.getByLabel("Eén zin: wat neem je mee? (niet verplicht)").fill("Veel herkenning bij de anderen");
    expect(await axeSerious(page)).toEqual([]);
    await narrow();
    await page.getByRole("button", { name: "Versturen" }).click();
    await page.getByText("Bedankt! Je antwoorden zijn bewaard.").waitFor();
    await page.getByText("1 van 5 heeft geantwoord.").waitFor();
    expect(await EvaluationResponse.countDocuments({ groupId: group._id })).toBe(1);

    // Back on the evaluation page the check is no longer waiting.
    await page.getByRole("link", { name: "← Evaluatie" }).click();
    await page.getByText("Er staat niets voor je open.").waitFor();
    await narrow();
  });
});

// A leader's baseline analysis in a real browser at phone width, in Dutch (decision 036): starts it,
// answers part (each answer saved as it changes), leaves, comes back to the same answers, finishes,
// submits and sees the radar chart with its table; invites a rater, whose page works without
// scripts. axe-core finds nothing serious on any of these pages; nothing is wider than the phone.
import { describe, expect, it } from "vitest";
import { AnalysisAnswer } from "../../models/analysis/analysis.model";
import { DevMail } from "../../models/devmail/devmail.model";
import { buildGroup } from "../factories";
import { option, scaleItems } from "./analysis-steps";
import { type AxeViolation, axeSerious, login, setupBrowser } from "./harness";

const app = setupBrowser();

describe("baseline analysis", () => {
  it("a leader fills in part, leaves, comes back, submits and sees the chart; at 375 px in Dutch", { timeout: 180_000 }, async () => {
    const { leaders } = await buildGroup({ leaders: 2, coaches: 1 });
    const page = await app.newPage({ viewport: { width: 375, height: 800 } });
    const axe: AxeViolation[] = [];
    const narrow = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await login(page, leaders[0].email);
    await page.waitForFunction(() => "__remixRouter" in window);
    await page.getByRole("link", { name: "Analyse", exact: true }).click();
    await page.getByRole("heading", { name: "Begin- en eindsituatieanalyse" }).waitFor();
    await page.getByRole("button", { name: /Begin.*Beginsituatieanalyse/ }).click();
    await page.getByRole("heading", { name: /Beginsituatieanalyse \(BSA\)/ }).waitFor();
    await page.getByTestId("analysis-progress").getByText("0 van 20 uitspraken beantwoord").waitFor();
    axe.push(...(await axeSerious(page, "analysis draft")));
    await narrow();

    // Part of it: three statements (each saved as it is clicked) and an open answer saved with its section's button.
    for (const item of scaleItems.slice(0, 3)) {
      await option(page, item.prompt.nl, 4).check();
    }
    await expect.poll(() => AnalysisAnswer.countDocuments({ itemId: { $in: scaleItems.slice(0, 3).map((i) => i.id) } })).toBe(3);
    const needs = page.getByRole("form", { name: "Leernoden" });
    await needs
      .getByLabel("Welke vraag uit je eigen praktijk wil je in dit traject beantwoorden?")
      .fill("Hoe maak ik van klasbezoeken een gewoonte?");
    await needs.getByRole("button", { name: "Opslaan" }).click();
    await page.getByText("Je antwoorden zijn opgeslagen.").waitFor();
    // Every save is done (the page lets one submit again), as a user sees before leaving.
    await expect.poll(() => page.getByRole("button", { name: "Indienen" }).isEnabled()).toBe(true);

    // Leave, and come back to the same answers.
    await page.getByRole("link", { name: "Leerkring", exact: true }).click();
    await page.waitForURL((u) => u.pathname === "/");
    await page.getByRole("link", { name: "Analyse", exact: true }).click();
    await page.getByRole("link", { name: "Verdergaan" }).click();
    await page.getByTestId("analysis-progress").getByText("3 van 20 uitspraken beantwoord").waitFor();
    expect(await option(page, scaleItems[0].prompt.nl, 4).isChecked()).toBe(true);
    expect(await page.getByLabel("Welke vraag uit je eigen praktijk wil je in dit traject beantwoorden?").inputValue()).toBe(
      "Hoe maak ik van klasbezoeken een gewoonte?",
    );

    // Submitting too early says what is missing and changes nothing.
    await page.getByRole("button", { name: "Indienen" }).click();
    await page.getByText("Beantwoord eerst alle uitspraken; daarna kun je indienen.").waitFor();
    // The refusal's 409 is on the console (the browser logs the status); nothing else is.
    expect(app.takeConsoleErrors().map((e) => e.replace(/^.*status of (\d+).*$/, "$1"))).toEqual(["409"]);

    for (const [i, item] of scaleItems.slice(3).entries()) {
      await option(page, item.prompt.nl, (i % 5) + 1).check();
    }
    await expect.poll(() => AnalysisAnswer.countDocuments({ point: { $ne: null } })).toBe(20);
    await page.getByRole("button", { name: "Indienen" }).click();
    await page.getByText("Ingediend. Hieronder zie je je scores.").waitFor();

    const chart = page.getByRole("img", { name: /Scores per onderdeel/ });
    await chart.waitFor();
    expect(await chart.locator("polygon").count()).toBeGreaterThan(5);
    const table = page.getByRole("table", { name: "Gemiddelde per onderdeel (1 tot 5)" });
    expect(await table.getByRole("row").count()).toBe(6);
    expect(await table.getByRole("row", { name: /Visie en richting/ }).innerText()).toContain("3,3");
    expect(await page.getByRole("button", { name: "Indienen" }).count()).toBe(0);
    axe.push(...(await axeSerious(page, "analysis submitted")));
    await narrow();

    // A rater from the school: the mailed link works without an account, and without scripts.
    await page.getByLabel("E-mailadressen, één per regel").fill("leraar@school.example");
    await page.getByRole("button", { name: "Uitnodigingen versturen" }).click();
    await page.getByText("1 uitnodiging verstuurd.").waitFor();
    const mail = await DevMail.findOne({ to: "leraar@school.example" }).lean();
    const link = /\/feedback\/[A-Za-z0-9_-]+/.exec(mail?.text ?? "")?.[0];
    expect(link).toBeDefined();
    // axe and the width need scripts in the page: checked in a second browser that runs them.
    const look = await app.newPage({ viewport: { width: 375, height: 800 } });
    await look.goto(link!);
    await look.getByRole("heading", { name: `Feedback voor ${leaders[0].name}` }).waitFor();
    axe.push(...(await axeSerious(look, "rater")));
    expect(await look.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const rater = await app.newPage({ viewport: { width: 375, height: 800 }, javaScriptEnabled: false });
    await rater.goto(link!);
    await rater.getByRole("heading", { name: `Feedback voor ${leaders[0].name}` }).waitFor();
    for (const item of scaleItems) await option(rater, item.rater.nl, 3).check();
    await rater.getByRole("button", { name: "Versturen" }).click();
    await rater.getByText("Je antwoorden zijn bewaard.").waitFor();
    await page.reload();
    await page
      .getByTestId("feedback-counts")
      .getByText(/1 persoon uitgenodigd, 1 heeft geantwoord/)
      .waitFor();

    expect(axe).toEqual([]);
  });

  it("answers changed faster than a save answers are all saved, one save at a time", { timeout: 120_000 }, async () => {
    const { leaders } = await buildGroup({ leaders: 2, coaches: 1 });
    const page = await app.newPage({ viewport: { width: 375, height: 800 } });
    await login(page, leaders[0].email);
    await page.waitForFunction(() => "__remixRouter" in window);
    await page.getByRole("link", { name: "Analyse", exact: true }).click();
    await page.getByRole("button", { name: /Begin.*Beginsituatieanalyse/ }).click();
    await page.getByRole("heading", { name: /Beginsituatieanalyse \(BSA\)/ }).waitFor();
    // The saves the page sends, and how many were under way at once.
    let open = 0;
    let most = 0;
    page.on("request", (r) => {
      if (r.method() === "POST") most = Math.max(most, ++open);
    });
    const done = (r: { method(): string }) => {
      if (r.method() === "POST") open--;
    };
    page.on("requestfinished", done);
    page.on("requestfailed", done);
    // Four statements of the first section answered at once, before the page has drawn the first
    // save as under way (a fast hand on a slow phone): each later change waits for the save before it.
    const first = scaleItems.slice(0, 4);
    const radios = await Promise.all(first.map((item) => option(page, item.prompt.nl, 4).elementHandle()));
    await page.evaluate((els) => {
      for (const el of els) (el as HTMLInputElement | null)?.click();
    }, radios);
    await expect.poll(() => AnalysisAnswer.countDocuments({ itemId: { $in: first.map((i) => i.id) }, point: 4 })).toBe(4);
    await expect.poll(() => page.getByRole("button", { name: "Indienen" }).isEnabled()).toBe(true);
    expect(most).toBe(1);
    await page.reload();
    await page.getByTestId("analysis-progress").getByText("4 van 20 uitspraken beantwoord").waitFor();
  });
});

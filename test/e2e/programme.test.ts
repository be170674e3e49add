// An organiser sets up a programme in a real browser at phone width (decision 029): creates a
// trajectory from the dashboard, a group on its page, opens the group's actions from the keyboard,
// chooses a CSV file (read into the list in the browser), checks the preview's per-line errors and
// sends the valid lines; nothing is wider than the phone. The harness fails on any console error.
import { describe, expect, it } from "vitest";
import { buildOrganiser } from "../factories";
import { User } from "../../models/user/user.model";
import { login, setupBrowser } from "./harness";

const app = setupBrowser();

describe("programme set-up", () => {
  it("trajectory, group, CSV preview with per-line errors, confirm; at 375 px and from the keyboard", { timeout: 120_000 }, async () => {
    const organiser = await buildOrganiser();
    const page = await app.newPage({ viewport: { width: 375, height: 800 } });
    await login(page, organiser.email);
    await page.goto("/");
    await page.waitForFunction(() => "__remixRouter" in window);
    await page.getByLabel("Naam", { exact: true }).fill("Leren leiden 2027");
    await page.getByLabel("Startdatum").fill("2027-09-01");
    await Promise.all([page.waitForURL(/\/trajectories\/[0-9a-f]{24}$/), page.getByRole("button", { name: "Traject aanmaken" }).click()]);
    await page.getByRole("heading", { name: "Leren leiden 2027" }).waitFor();
    await page.getByText("Nog geen leergroepen").waitFor();

    await page.getByLabel("Naam van de groep").fill("Leergroep Noord");
    await page.getByRole("button", { name: "Groep aanmaken" }).click();
    await page.getByRole("heading", { name: "Leergroep Noord" }).waitFor();
    await page.getByText("Nog niet volledig").waitFor();

    // The group's actions open from the keyboard.
    await page.locator("details.disclosure summary").focus();
    await page.keyboard.press("Enter");
    const list = page.getByLabel("Lijst van schoolleiders");
    await list.waitFor({ state: "visible" });
    const csv = ["name,email", '"Peeters, An",an@school.test', "Bo Claes,bo@school.test", "Cas,not-an-address", "Dirk,an@school.test"].join(
      "\n",
    );
    await page
      .getByLabel("CSV-bestand (niet verplicht)")
      .setInputFiles({ name: "leiders.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await expect.poll(() => list.inputValue()).toBe(csv);
    await page.getByRole("button", { name: "Lijst controleren" }).click();

    const rows = page.locator(".table-scroll tbody tr"); // the preview's rows (the page has other tables)
    await expect.poll(() => rows.count()).toBe(4);
    expect(await rows.nth(0).innerText()).toContain("Peeters, An");
    expect(await rows.nth(2).innerText()).toContain("geen geldig e-mailadres");
    expect(await rows.nth(3).innerText()).toContain("staat hierboven al in de lijst");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    await page.getByRole("button", { name: "2 schoolleiders uitnodigen" }).click();
    await page.getByText("2 uitnodigingen verstuurd.").waitFor();
    expect(await User.countDocuments({ email: { $in: ["an@school.test", "bo@school.test"] } })).toBe(2);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });
});

// Privacy in a real browser at phone width, in Dutch (decisions 048, 049): the organiser sets the
// trajectory's retention; a leader asks for their data on the settings page, sees it queued, then
// ready once the job built it (the page asks again by itself), and opens the mailed link. axe finds
// nothing serious; the harness fails on any console error, hydration warning or CSP refusal.
import { describe, expect, it } from "vitest";
import type { OutgoingMail } from "../../models/shared/context";
import { buildQueuedExports } from "../../models/privacy/export.service";
import { ErasureRequest } from "../../models/privacy/erasure.model";
import { buildGroup, PASSWORD } from "../factories";
import { axeSerious, login, setupBrowser } from "./harness";

const app = setupBrowser();
const narrow = { viewport: { width: 375, height: 800 } };
const fitsPhone = async (page: import("playwright-core").Page) =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

describe("privacy", () => {
  it("the organiser sets how long closed groups' content is kept", { timeout: 120_000 }, async () => {
    const { organiser, trajectory } = await buildGroup({ leaders: 1 });
    const page = await app.newPage(narrow);
    await login(page, organiser.email);
    await page.goto(`/trajectories/${trajectory._id}`);
    await page.waitForFunction(() => "__remixRouter" in window);
    await page.getByRole("heading", { name: "Bewaartermijn" }).waitFor();
    const select = page.getByLabel("Inhoud bewaren na het afsluiten");
    expect(await select.inputValue()).toBe("12");
    await select.selectOption("24");
    await page.getByRole("button", { name: "Bewaartermijn opslaan" }).click();
    await page.getByText("De bewaartermijn is opgeslagen.").waitFor();
    await page.reload();
    expect(await page.getByLabel("Inhoud bewaren na het afsluiten").inputValue()).toBe("24");
    await fitsPhone(page);
    expect(await axeSerious(page, "trajectory: retention")).toEqual([]);
  });

  it("a leader asks for their data, follows the progress, and opens the mailed link", { timeout: 120_000 }, async () => {
    const { leaders } = await buildGroup({ leaders: 1 });
    const ann = leaders[0];
    const page = await app.newPage(narrow);
    await login(page, ann.email);
    await page.goto("/settings");
    await page.waitForFunction(() => "__remixRouter" in window);
    await page.getByRole("heading", { name: "Je gegevens downloaden" }).waitFor();
    await page.getByRole("button", { name: "Download aanvragen" }).click();
    await page.getByText("In de wachtrij…").waitFor();
    await fitsPhone(page);
    expect(await axeSerious(page, "settings: export queued")).toEqual([]);

    const mails: OutgoingMail[] = [];
    await buildQueuedExports({ appUrl: "http://mail.test", sendMail: async (m) => void mails.push(m) });
    // The page asks again by itself while the export is queued or building.
    await page.getByText(/Klaar\. De link staat in je mail en werkt tot/).waitFor();
    expect(await page.getByRole("button", { name: "Download aanvragen" }).isVisible()).toBe(true);

    const link = /http:\/\/mail\.test(\/settings\/export\/\S+)/.exec(mails[0].text)![1];
    const res = await page.request.get(link);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toBe("application/zip");
  });

  // Erasure of one's account (decision 064): asked with the password, signed out at once, cancelled after signing in again.
  it("a leader asks for their account to be deleted, is signed out, signs in again and keeps it", { timeout: 120_000 }, async () => {
    const { leaders } = await buildGroup({ leaders: 1 });
    const ann = leaders[0];
    const page = await app.newPage(narrow);
    await login(page, ann.email);
    await page.goto("/settings#erasure");
    await page.waitForFunction(() => "__remixRouter" in window);
    await page.getByRole("heading", { name: "Je account verwijderen" }).waitFor();
    await fitsPhone(page);
    expect(await axeSerious(page, "settings: erasure")).toEqual([]);
    // A wrong password changes nothing and says so.
    await page.getByLabel("Je wachtwoord", { exact: true }).fill("not my password");
    await page.getByRole("button", { name: "Mijn account verwijderen" }).click();
    await page.locator("#erasure [role=alert]").waitFor();
    // Chromium logs the refusal's 401 as a failed load: provoked on purpose here.
    expect(app.takeConsoleErrors()).toEqual([expect.stringContaining("401 (Unauthorized)")]);
    expect(await ErasureRequest.countDocuments({ userId: ann._id })).toBe(0);
    await page.getByLabel("Je wachtwoord", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Mijn account verwijderen" }).click();
    await page.waitForURL(/\/login/);
    expect(await ErasureRequest.countDocuments({ userId: ann._id })).toBe(1);

    await login(page, ann.email);
    await page.goto("/settings#erasure");
    await page.waitForFunction(() => "__remixRouter" in window);
    await page.getByText(/Je account wordt verwijderd op/).waitFor();
    await fitsPhone(page);
    await page.getByRole("button", { name: "Mijn account houden" }).click();
    await page.getByText("Geannuleerd: je account blijft.").waitFor();
    expect(await ErasureRequest.countDocuments({ userId: ann._id })).toBe(0);
    await page.getByRole("button", { name: "Mijn account verwijderen" }).waitFor();
  });
});

// Planning a network moment in a real browser at phone width (issue 16 item 1, decision 066): the
// organiser plans one from the trajectory's page, moves a block with the keyboard and saves (the
// form works by posting, no script needed); a leader finds it among their moments with its agenda.
// The harness fails on any console error or hydration warning; axe finds nothing serious.
import { describe, expect, it } from "vitest";
import { Group } from "../../models/group/group.model";
import { Moment } from "../../models/moment/moment.model";
import { buildGroup } from "../factories";
import { axeSerious, login, setupBrowser } from "./harness";

const app = setupBrowser();
const narrow = { viewport: { width: 375, height: 800 } };
const fitsPhone = async (page: import("playwright-core").Page) =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

describe("network moments: planning", () => {
  it("the organiser plans a moment for the trajectory's groups; a leader sees it with its agenda; at 375 px", {
    timeout: 180_000,
  }, async () => {
    const { trajectory, organiser, leaders } = await buildGroup({ leaders: 2, name: "Leergroep Gent" });
    await Group.create({ trajectoryId: trajectory._id, name: "Leergroep Brugge", charterVersion: 1 });
    const page = await app.newPage(narrow);
    await login(page, organiser.email);
    await page.goto(`/trajectories/${trajectory._id}`);
    await page.waitForFunction(() => "__remixRouter" in window);
    await page.getByRole("link", { name: "Netwerkmomenten plannen" }).click();
    await page.getByText("Nog geen netwerkmomenten gepland voor dit traject.").waitFor();
    await fitsPhone(page);
    expect(await axeSerious(page)).toEqual([]);

    await page.getByLabel("Titel", { exact: true }).fill("Netwerkmoment voorjaar");
    await page.getByLabel("Datum").fill("2099-03-18");
    await page.getByLabel("Plaats of link").fill("Gent");
    await page.getByLabel("Agenda voor de deelnemers").fill("Samen starten, aan tafels praten, oogsten.");
    await page.getByLabel("Titel van het onderdeel").fill("Welkom");
    await page.getByRole("button", { name: "Onderdeel toevoegen" }).click();
    await page.getByText("Het programma is aangepast, maar nog niet opgeslagen.").waitFor();
    const second = page.locator("ol.block-list > li").nth(1);
    await second.getByLabel("Soort").selectOption("breakouts");
    await second.getByLabel("Titel van het onderdeel").fill("Tafelgesprekken");
    // The keyboard moves the second block up: focus its button, press Enter.
    await page.getByRole("button", { name: "Onderdeel 2 omhoog" }).focus();
    await page.keyboard.press("Enter");
    await expect
      .poll(() => page.locator("ol.block-list > li").first().getByLabel("Titel van het onderdeel").inputValue())
      .toBe("Tafelgesprekken");
    await fitsPhone(page);
    await page.getByRole("button", { name: "Netwerkmoment plannen" }).click();
    await page.getByText("Gepland. De uitgenodigden krijgen bericht.").waitFor();
    const stored = await Moment.findOne({ trajectoryId: trajectory._id }).lean();
    expect(stored?.blocks.map((b) => [b.kind, b.title])).toEqual([
      ["breakouts", "Tafelgesprekken"],
      ["plenary", "Welkom"],
    ]);
    expect(stored?.groupIds.map(String).sort()).toHaveLength(2);
    await fitsPhone(page);
    expect(await axeSerious(page)).toEqual([]);

    const leader = await app.newPage(narrow);
    await login(leader, leaders[0].email);
    await leader.goto("/");
    await leader.waitForFunction(() => "__remixRouter" in window);
    await leader.getByRole("link", { name: "Netwerkmomenten" }).click();
    await leader.getByRole("heading", { name: "Mijn netwerkmomenten" }).waitFor();
    await leader.getByText("Samen starten, aan tafels praten, oogsten.").waitFor();
    expect(await leader.getByRole("link", { name: "In je agenda zetten (.ics)" }).getAttribute("href")).toBe(`/moments/${stored?._id}/ics`);
    await fitsPhone(leader);
    expect(await axeSerious(leader)).toEqual([]);
  });
});

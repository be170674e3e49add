// Issue 16 items 2, 3 and 7 (the browser test of the live moment), in Dutch, in real Chromium
// against the whole app: the facilitator at a laptop drives the moment from the keyboard, a
// participant follows on a phone (375 px): the start, a poll answered with its result appearing on
// both pages, the tables opened (the participant sees their own), a message to all tables, and
// everyone brought back. axe-core finds nothing serious; the harness fails on any console error or
// hydration warning.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { Moment } from "../../models/moment/moment.model";
import { momentScene } from "../moment-scene";
import { axeSerious, editableEditor, login, setupBrowser, type AxeViolation } from "./harness";

const app = setupBrowser();
const phone = { viewport: { width: 375, height: 800 } };
const laptop = { viewport: { width: 1280, height: 800 } };
const SHOTS = process.env.MOMENT_SHOTS;

async function signedIn(email: string, options: typeof phone) {
  const page = await app.newPage(options);
  await login(page, email);
  return page;
}

/** Opens `url` and waits for hydration and the socket's join (the page shows it is connected). */
async function open(page: Page, url: string) {
  await page.goto(url);
  await page.waitForFunction(() => "__remixRouter" in window);
}

/** Focus and Enter, as a keyboard user presses a button. */
async function press(page: Page, name: string) {
  await page.getByRole("button", { name, exact: true }).focus();
  await page.keyboard.press("Enter");
}

/** No horizontal scroll at the page's width. */
const fits = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** The text of the element that has the keyboard's focus. */
const focused = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? null);

const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};

describe("the live moment in the browser", () => {
  it("start, a poll answered with its result on both pages, the tables, a message to all, everyone back", {
    timeout: 120_000,
  }, async () => {
    const s = await momentScene();
    const url = `/moments/${s.momentId}`;
    const fac = await signedIn(s.facilitator.email, laptop);
    const bea = await signedIn(s.bPeople[0].email, phone);
    await open(fac, url);
    await open(bea, url);
    const violations: AxeViolation[] = [];

    // Beforehand: the agenda and the programme, no controls for the participant.
    await bea.getByText("Nog niet begonnen").waitFor();
    await bea.getByRole("heading", { name: "Agenda" }).waitFor();
    expect(await bea.getByRole("button", { name: "Start het netwerkmoment" }).count()).toBe(0);
    expect(await fits(bea)).toBe(true);
    await shot(bea, "1-before-phone");
    violations.push(...(await axeSerious(bea, "before (participant)")));

    // The start, from the keyboard: the participant's page goes live with the first block current.
    await press(fac, "Start het netwerkmoment");
    await bea.getByText("Live", { exact: true }).waitFor();
    // The start button is gone: the keyboard's focus went on to the next control, not to the page's top.
    await expect.poll(() => focused(fac)).toBe("Volgend blok");
    await expect.poll(() => bea.locator('[aria-current="step"]').innerText()).toContain("Welkom");

    // A poll with two choices; the participant answers, the result appears on both pages.
    await fac.getByLabel("Soort vraag").selectOption("single");
    await fac.getByLabel("Vraag", { exact: true }).fill("Hoe sta je erbij?");
    await fac.getByLabel("Keuzes (één per regel)").fill("Goed\nKan beter");
    await press(fac, "Start de peiling");
    const poll = bea.getByRole("article", { name: "Hoe sta je erbij?" });
    await poll.getByRole("button", { name: "Goed" }).click();
    await poll.getByText("Je hebt geantwoord.").waitFor();
    for (const page of [fac, bea]) {
      const article = page.getByRole("article", { name: "Hoe sta je erbij?" });
      await article.getByText("1 antwoord").waitFor();
      await expect.poll(() => article.locator("meter").first().getAttribute("value")).toBe("1");
    }
    expect(await fits(bea)).toBe(true);
    await shot(bea, "2-poll-phone");
    await shot(fac, "2-poll-laptop");
    violations.push(...(await axeSerious(bea, "plenary with a poll (participant)")));
    violations.push(...(await axeSerious(fac, "plenary with a poll (facilitator)")));

    // The facilitator's notes: they write, the participant reads along (not editable for them).
    const notes = await editableEditor(fac, "Aantekeningen van de begeleider");
    await notes.click();
    await fac.keyboard.type("Welkom allemaal");
    await bea.getByRole("textbox", { name: "Aantekeningen van de begeleider" }).getByText("Welkom allemaal").waitFor();
    expect(await bea.getByRole("textbox", { name: "Aantekeningen van de begeleider" }).getAttribute("contenteditable")).toBe("false");
    await bea.getByText("Alleen de begeleiders schrijven hier; jij leest mee.").waitFor();
    // The facilitator composes the tables on their own page, linked per breakout block.
    expect(await fac.getByRole("link", { name: "Stel de tafels samen: Tafels" }).getAttribute("href")).toBe(
      `/moments/${s.momentId}/compose/b1`,
    );

    // The tables: the next block, opened; the participant sees their own table and who sits there.
    await press(fac, "Volgend blok");
    await fac.getByRole("button", { name: "Open de tafels" }).waitFor();
    await press(fac, "Open de tafels");
    await expect.poll(() => focused(fac)).toBe("Iedereen terug");
    const table = bea.getByRole("region", { name: /^Jouw tafel: Tafel \d$/ });
    await table.waitFor();
    // (By the list item's start: a group's random name may hold "bea" too.)
    await table
      .getByRole("listitem")
      .filter({ hasText: /^Bea · / })
      .waitFor();
    await table.getByRole("heading", { name: "Werkvorm: Troika-consultatie" }).waitFor();
    await fac.getByText("3 tafels").waitFor();

    // The table's board: the participant types in it; the facilitator looks into that table's board and reads it.
    const board = await editableEditor(bea, "Bord van de tafel");
    await board.click();
    await bea.keyboard.type("Onze vraag: hoe houden we goede leraren?");
    const tableName = (await table.locator("#breakout-title").innerText()).replace("Jouw tafel: ", "");
    await fac.getByText("3 tafels").click();
    await press(fac, `Bekijk het bord van ${tableName}`);
    await fac
      .getByRole("textbox", { name: `Bord van ${tableName}` })
      .getByText("Onze vraag: hoe houden we goede leraren?")
      .waitFor();
    expect(await table.getByRole("link", { name: "Publiceer de opbrengst van jullie tafel" }).getAttribute("href")).toMatch(
      new RegExp(`^/moments/${s.momentId}/harvest\\?publish=[0-9a-f]{24}$`),
    );
    expect(await fits(bea)).toBe(true);
    await shot(bea, "3-table-phone");
    await shot(fac, "3-tables-laptop");
    violations.push(...(await axeSerious(bea, "a table (participant)")));

    // A message to all tables, sent with Enter in its field.
    await fac.getByLabel("Bericht aan alle tafels").fill("Nog vijf minuten");
    await fac.getByLabel("Bericht aan alle tafels").press("Enter");
    await bea.getByRole("status").filter({ hasText: "Nog vijf minuten" }).waitFor();
    await expect.poll(() => fac.getByLabel("Bericht aan alle tafels").inputValue()).toBe("");
    await shot(bea, "4-broadcast-phone");

    // Everyone back: the participant's table gives way to the plenary programme.
    await press(fac, "Iedereen terug");
    await bea.getByRole("heading", { name: "Programma" }).waitFor();
    expect(await table.count()).toBe(0);
    await shot(bea, "5-back-phone");

    // The end: the harvest is one link away.
    await press(fac, "Beëindig het netwerkmoment");
    await bea.getByRole("link", { name: "Naar de oogst" }).waitFor();
    expect(await bea.getByRole("link", { name: "Naar de oogst" }).getAttribute("href")).toBe(`/moments/${s.momentId}/harvest`);
    expect(violations).toEqual([]);
  });

  it("before a theme block, a participant chooses their theme on the moment's page (on a phone)", { timeout: 60_000 }, async () => {
    const s = await momentScene();
    // The breakout block by theme (the whole array set: FerretDB has no positional update).
    const blocks = (await Moment.findById(s.momentId).lean())!.blocks.map((b) =>
      b._id === "b1" ? { ...b, rule: "theme", themes: ["Lerarentekort", "Welzijn"] } : b,
    );
    await Moment.updateOne({ _id: s.momentId }, { $set: { blocks } });
    const bea = await signedIn(s.bPeople[0].email, phone);
    await open(bea, `/moments/${s.momentId}`);
    const form = bea.getByRole("group", { name: "Kies je thema voor Tafels" });
    await form.getByLabel("Welzijn").check();
    await press(bea, "Thema kiezen");
    await bea.getByText("Je koos: Welzijn.").waitFor();
    expect(await fits(bea)).toBe(true);
    expect(await axeSerious(bea, "theme choice (participant)")).toEqual([]);
  });
});

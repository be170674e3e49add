// Issue 13 item 8 (the browser test) and item 5 (three ways to meet), in Dutch, in real Chromium
// against the whole app. Four pages (the chair at a laptop, the inbrenger and two members on
// phones) run an incident round through silent writing, the reveal (every contribution appears at
// once on every page) and the inbrenger's action points; the chair drives it from the keyboard.
// The room's shared screen shows the round in large type and nothing hidden; the timer's last
// minute and each new phase are announced to screen readers. axe-core finds nothing serious on any
// round screen in any phase. The harness fails on any console error or hydration warning.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { formatDate } from "../../models/i18n/dates";
import { Round, RoundVersion } from "../../models/intervision/round.model";
import { User } from "../../models/user/user.model";
import { buildGroup } from "../factories";
import { axeSerious, login, setupBrowser, type AxeViolation } from "./harness";

const app = setupBrowser();
const phone = { viewport: { width: 375, height: 800 } };
const laptop = { viewport: { width: 1280, height: 800 } };

const Q1 = "Sinds wanneer belt de ouder elke week?";
const Q2 = "Wie neemt er bij jullie meestal op?";
const SECRET = "Ik heb de ouder uitgenodigd met de zorgcoördinator erbij.";
const ACTION = "Ik plan een gesprek met de ouder en de klastitularis.";

async function signedIn(email: string, options = phone) {
  const page = await app.newPage(options);
  await login(page, email);
  return page;
}

/** Opens `url` and waits for hydration (a click before it would be a plain form post). */
async function open(page: Page, url: string) {
  await page.goto(url);
  await page.waitForFunction(() => "__remixRouter" in window);
}

/** The chair starts a round from the list's form; resolves with the round's URL. */
async function startRound(chair: Page, groupId: string, inbrengerId: string, mode: "live" | "room" | "async", days?: number) {
  await open(chair, `/groups/${groupId}/rounds`);
  await chair.getByLabel("Werkvorm").selectOption("incident");
  await chair.getByLabel("Inbrenger").selectOption(inbrengerId);
  await chair.getByLabel("Casusvraag").fill("Hoe reageer ik op een ouder die elke week boos belt?");
  await chair.getByLabel("Wat ik deed (blijft verborgen tot die fase)").fill(SECRET);
  await chair.getByLabel("Manier van samenkomen").selectOption(mode);
  if (days) await chair.getByLabel("Dagen per fase (schriftelijk)").fill(String(days));
  await Promise.all([chair.waitForURL(/\/rounds\/[0-9a-f]{24}$/), chair.getByRole("button", { name: "Nu starten" }).click()]);
  return chair.url();
}

/** The chair moves on with the keyboard (focus, Enter) until phase `n`, waiting on each new phase. */
async function nextUntil(chair: Page, n: number, total = 11) {
  for (;;) {
    const at = Number((await chair.getByText(/^Fase \d+ van \d+$/).innerText()).match(/\d+/)?.[0]);
    if (at >= n) return;
    await chair.getByRole("button", { name: "Volgende fase" }).focus();
    await chair.keyboard.press("Enter");
    await chair.getByText(`Fase ${at + 1} van ${total}`).waitFor();
  }
}

describe("rounds in the browser", () => {
  it("four pages run an incident round: silent writing, the reveal at once everywhere, the inbrenger's action points", {
    timeout: 240_000,
  }, async () => {
    const { group, leaders } = await buildGroup({ leaders: 4 });
    const [inbrenger, chairUser, m1, m2] = leaders;
    const axe: AxeViolation[] = [];
    const chair = await signedIn(chairUser.email, laptop);
    await open(chair, `/groups/${group._id}/rounds`);
    axe.push(...(await axeSerious(chair, "round list, empty")));
    const url = await startRound(chair, String(group._id), String(inbrenger._id), "live");
    await chair.getByText("De ronde is nog niet begonnen. De gespreksleider start ze.").waitFor();
    axe.push(...(await axeSerious(chair, "live page, planned")));

    const inb = await signedIn(inbrenger.email);
    const one = await signedIn(m1.email);
    const two = await signedIn(m2.email);
    const pages = [chair, inb, one, two];
    for (const p of [inb, one, two]) await open(p, url);

    await chair.getByRole("button", { name: "Ronde starten" }).focus();
    await chair.keyboard.press("Enter");
    for (const p of pages) await p.getByText("Fase 1 van 11").waitFor();
    await nextUntil(chair, 4);
    for (const p of pages) await p.getByText("Nieuwe fase: Vragen noteren").waitFor(); // the polite live region
    await inb.getByText("De inbrenger luistert").waitFor();
    expect(await inb.getByLabel("Jouw bijdrage").count()).toBe(0); // the inbrenger listens: no input

    await one.getByLabel("Jouw bijdrage").fill(Q1);
    await one.getByRole("button", { name: "Toevoegen" }).click();
    await one.getByText("Alleen jij ziet dit tot het onthullen.").waitFor();
    await two.getByLabel("Jouw bijdrage").fill(Q2);
    await two.getByRole("button", { name: "Toevoegen" }).click();
    await two.getByRole("button", { name: "Ik ben klaar" }).click();
    await chair.getByText("2 bijdragen wachten op het onthullen").waitFor();
    await chair.getByText("1 deelnemer schrijft nog").waitFor();
    // Nobody sees another's question before the reveal: not the chair, not the inbrenger, not the other member.
    for (const [p, hidden] of [
      [chair, [Q1, Q2]],
      [inb, [Q1, Q2]],
      [one, [Q2]],
      [two, [Q1]],
    ] as const)
      for (const q of hidden) expect(await p.getByText(q).count()).toBe(0);
    for (const [p, label] of [
      [chair, "live page (chair), silent writing"],
      [one, "live page (member, phone), silent writing"],
    ] as const)
      axe.push(...(await axeSerious(p, label)));

    await chair.getByRole("button", { name: "Onthullen" }).focus();
    await chair.keyboard.press("Enter");
    // At once: on every page, the moment one revealed question shows, the other is there too.
    for (const p of pages) {
      await p.getByText(Q1).waitFor();
      expect(await p.getByText(Q2).count()).toBe(1);
    }
    axe.push(...(await axeSerious(inb, "live page (inbrenger, phone), revealed")));

    // "What I did" stays with the inbrenger until its phase, then everyone reads it.
    expect(await one.getByText(SECRET).count()).toBe(0);
    await inb.getByText(SECRET).waitFor();
    await nextUntil(chair, 9);
    for (const p of pages) await p.getByText(SECRET).waitFor();

    await nextUntil(chair, 10);
    await inb.getByLabel("Soort bijdrage").selectOption("action_points");
    await inb.getByLabel("Jouw bijdrage").fill(ACTION);
    await inb.getByLabel("Datum").fill("2027-01-15");
    await inb.getByRole("button", { name: "Toevoegen" }).click();
    // The inbrenger's field still holds the text until the server's answer empties it: look for the shown contribution.
    for (const p of pages) await p.getByRole("paragraph").filter({ hasText: ACTION }).waitFor();
    await expect.poll(() => inb.getByLabel("Jouw bijdrage").inputValue()).toBe("");
    axe.push(...(await axeSerious(chair, "live page (chair), action points")));

    await nextUntil(chair, 11);
    await chair.getByRole("button", { name: "Ronde afronden" }).focus();
    await chair.keyboard.press("Enter");
    for (const p of pages) await p.getByRole("status").filter({ hasText: "De ronde is afgerond." }).waitFor();
    axe.push(...(await axeSerious(two, "live page (member, phone), finished")));
    await open(chair, `/groups/${group._id}/rounds`);
    axe.push(...(await axeSerious(chair, "round list")));
    expect(axe).toEqual([]);
    for (const p of [inb, one, two]) expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });

  it("in the room: the shared screen follows the chair in large type and shows nothing hidden; phones write; the last minute is announced", {
    timeout: 180_000,
  }, async () => {
    const { group, leaders } = await buildGroup({ leaders: 3 });
    const [inbrenger, chairUser, m1] = leaders;
    const axe: AxeViolation[] = [];
    const chair = await signedIn(chairUser.email, laptop);
    const url = await startRound(chair, String(group._id), String(inbrenger._id), "room");
    // The chair's own session opens the screen (the laptop at the projector).
    const screen = await app.newPage(laptop);
    await login(screen, chairUser.email);
    await screen.clock.install();
    await open(screen, `${url}/screen`);
    await screen.getByText("Wacht op de gespreksleider.").waitFor();
    axe.push(...(await axeSerious(screen, "screen, planned")));
    const one = await signedIn(m1.email);
    await open(one, url);

    await chair.getByRole("button", { name: "Ronde starten" }).click();
    await screen.getByText("Fase 1 van 11").waitFor();
    await nextUntil(chair, 4);
    await screen.getByRole("heading", { name: "Vragen noteren" }).waitFor();
    await screen.getByText("Nieuwe fase: Vragen noteren").waitFor();
    // The phone shows the step in brief and its input first.
    const input = one.getByLabel("Jouw bijdrage");
    await input.waitFor();
    const [inputTop, listTop] = await Promise.all([
      input.evaluate((e) => e.getBoundingClientRect().top),
      one.getByRole("heading", { name: "Bijdragen" }).evaluate((e) => e.getBoundingClientRect().top),
    ]);
    expect(inputTop).toBeLessThan(listTop);
    await input.fill(Q1);
    await one.getByRole("button", { name: "Toevoegen" }).click();
    await screen.getByText("1 bijdrage wacht op het onthullen").waitFor();
    expect(await screen.getByText(Q1).count()).toBe(0);
    expect(await screen.getByText(SECRET).count()).toBe(0);
    expect(await screen.locator(".round-screen").getByRole("button").count()).toBe(0); // no controls on the screen
    axe.push(...(await axeSerious(screen, "screen, silent writing")));
    axe.push(...(await axeSerious(one, "live page (room mode, phone), silent writing")));

    // The step's last minute, announced once (the page's clock moved on; the timer is not read out every second).
    await screen.clock.setSystemTime(Date.now() + 4 * 60_000 + 5_000);
    await screen.getByText("Nog één minuut").waitFor();
    expect(await screen.getByRole("timer").getAttribute("aria-live")).toBeNull();

    await chair.getByRole("button", { name: "Onthullen" }).click();
    await screen.getByText(Q1).waitFor();
    axe.push(...(await axeSerious(screen, "screen, revealed")));
    expect(axe).toEqual([]);
    expect(await one.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });

  it("in writing over days: each phase shows its closing date in the reader's own time zone; oral phases take written input", {
    timeout: 120_000,
  }, async () => {
    const { group, leaders } = await buildGroup({ leaders: 3 });
    const [inbrenger, chairUser, m1] = leaders;
    await User.updateOne({ _id: m1._id }, { $set: { timeZone: "America/New_York" } });
    const chair = await signedIn(chairUser.email, laptop);
    const url = await startRound(chair, String(group._id), String(inbrenger._id), "async", 3);
    const one = await signedIn(m1.email);
    await open(one, url);
    await chair.getByRole("button", { name: "Ronde starten" }).click();
    await one.getByText("Schriftelijke ronde: elke fase staat 3 dagen open; je krijgt bericht als een nieuwe fase opent.").waitFor();
    const roundId = url.split("/").pop() as string;
    const head = await RoundVersion.findOne({ roundId: (await Round.findById(roundId))!._id, version: 2 }).lean();
    const startedAt = (head!.state as { timer: { startedAt: number } }).timer.startedAt;
    const when = (timeZone: string) => formatDate(new Date(startedAt + 3 * 86_400_000), "moment", { locale: "nl", timeZone });
    await one.getByText(`Deze fase sluit op ${when("America/New_York")}.`).waitFor();
    await chair.getByText(`Deze fase sluit op ${when("Europe/Brussels")}.`).waitFor();
    // The look back is oral in the room; in writing every member writes it.
    await one.getByLabel("Jouw bijdrage").fill("Ik heb het advies van vorige keer uitgeprobeerd.");
    await one.getByRole("button", { name: "Toevoegen" }).click();
    await chair.getByText("Ik heb het advies van vorige keer uitgeprobeerd.").waitFor();
    expect([...(await axeSerious(one, "live page (async, phone)")), ...(await axeSerious(chair, "live page (async, chair)"))]).toEqual([]);
  });
});

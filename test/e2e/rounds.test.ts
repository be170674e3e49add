// A live round in two real browsers at phone width, in Dutch (issue 13, decisions 031 and 032): the
// chair starts a round from the group's Intervisie tab, moves it to the silent writing of questions;
// a member writes one, which the chair cannot see until the reveal; phase changes are announced to
// screen readers; axe finds nothing serious; nothing is wider than the phone. The harness fails on
// any console error or hydration warning.
import { describe, expect, it } from "vitest";
import { buildGroup } from "../factories";
import { axeSerious, login, setupBrowser } from "./harness";

const app = setupBrowser();

describe("a live round", () => {
  it("start now, silent writing hidden from the chair until the reveal; at 375 px", { timeout: 120_000 }, async () => {
    const { group, leaders } = await buildGroup({ leaders: 3 });
    const [inbrenger, chair, member] = leaders;
    const phone = { viewport: { width: 375, height: 800 } };
    const chairPage = await app.newPage(phone);
    await login(chairPage, chair.email);
    await chairPage.goto(`/groups/${group._id}`);
    await chairPage.waitForFunction(() => "__remixRouter" in window);
    await chairPage.getByRole("link", { name: "Intervisie" }).click();
    await chairPage.getByText("Nog geen rondes. Start er een met een casus.").waitFor();
    await chairPage.getByLabel("Werkvorm").selectOption("incident");
    await chairPage.getByLabel("Inbrenger").selectOption(String(inbrenger._id));
    await chairPage.getByLabel("Casusvraag").fill("Hoe reageer ik op een ouder die elke week boos belt?");
    await Promise.all([chairPage.waitForURL(/\/rounds\/[0-9a-f]{24}$/), chairPage.getByRole("button", { name: "Nu starten" }).click()]);
    await chairPage.getByText("De ronde is nog niet begonnen. De gespreksleider start ze.").waitFor();

    const memberPage = await app.newPage(phone);
    await login(memberPage, member.email);
    await memberPage.goto(chairPage.url());
    await memberPage.waitForFunction(() => "__remixRouter" in window);

    await chairPage.getByRole("button", { name: "Ronde starten" }).click();
    await memberPage.getByText("Fase 1 van 11").waitFor();
    for (const n of [2, 3, 4]) {
      await chairPage.getByRole("button", { name: "Volgende fase" }).click();
      await chairPage.getByText(`Fase ${n} van 11`).waitFor();
    }
    await memberPage.getByText("Fase 4 van 11").waitFor();
    await memberPage.getByText("Nieuwe fase: Vragen noteren").waitFor(); // the polite live region
    await memberPage.getByText("De inbrenger luistert").waitFor();

    await memberPage.getByLabel("Jouw bijdrage").fill("Sinds wanneer belt de ouder?");
    await memberPage.getByRole("button", { name: "Toevoegen" }).click();
    await memberPage.getByText("Alleen jij ziet dit tot het onthullen.").waitFor();
    await chairPage.getByText("1 bijdrage wacht op het onthullen").waitFor();
    expect(await chairPage.getByText("Sinds wanneer belt de ouder?").count()).toBe(0);

    await chairPage.getByRole("button", { name: "Onthullen" }).click();
    await chairPage.getByText("Sinds wanneer belt de ouder?").waitFor();
    for (const page of [chairPage, memberPage]) {
      expect(await axeSerious(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    }
  });
});

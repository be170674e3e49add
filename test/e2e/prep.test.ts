// Copying and adapting a protocol, then preparing a round, in a real browser at phone width and in
// Dutch (decision 033): the coach copies the incident method, gives the silent questions 7 minutes,
// previews the steps for the group and saves; a leader proposes a case with it (with a hidden
// "what I did") and raises a hand for it. axe-core finds nothing serious on either page; nothing is
// wider than the phone. The harness fails on any console error.
import { describe, expect, it } from "vitest";
import { ProtocolVersion } from "../../models/intervision/group-protocol.model";
import { CaseHiddenPart, CaseProposal, CaseVote } from "../../models/prep/prep.model";
import { buildGroup } from "../factories";
import { type AxeViolation, axeSerious, login, setupBrowser } from "./harness";

const app = setupBrowser();

describe("preparing a round", () => {
  it("copy the incident method, change a timer, preview, save; propose a case with it and vote; at 375 px", {
    timeout: 180_000,
  }, async () => {
    const { group, coaches, leaders } = await buildGroup({ leaders: 3, coaches: 1 });
    const axe: AxeViolation[] = [];
    const narrow = async (p: typeof page) => {
      const wide = await p.evaluate(() =>
        [...document.querySelectorAll("main *")]
          .filter((e) => e.getBoundingClientRect().right > 376)
          .map((e) => `${e.tagName}.${e.className}: ${e.textContent?.slice(0, 40)}`)
          .slice(0, 5),
      );
      expect(wide).toEqual([]);
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    };

    const page = await app.newPage({ viewport: { width: 375, height: 800 } });
    await login(page, coaches[0].email);
    await page.goto(`/groups/${group._id}`);
    await page.waitForFunction(() => "__remixRouter" in window);
    await page.getByRole("link", { name: "Werkvormen" }).click();
    await page.getByText("De groep heeft nog geen eigen werkvormen.", { exact: false }).waitFor();
    await page.getByRole("link", { name: /^Kopiëren en aanpassen\s*: Incidentmethode$/ }).click();
    await page.getByRole("heading", { name: "Werkvorm kopiëren en aanpassen" }).waitFor();
    await page.waitForFunction(() => "__remixRouter" in window);

    const questions = page.getByRole("group", { name: "Fase 4: Vragen noteren" });
    await questions.getByLabel("Minuten").fill("7");
    await page.getByRole("button", { name: "Voorbeeld bekijken" }).click();
    const preview = page.getByRole("region", { name: "Voorbeeld voor 4 deelnemers" });
    await preview.waitFor();
    expect(await preview.innerText()).toContain("11 fasen · ongeveer 102 minuten");
    expect(await preview.locator("li").nth(3).innerText()).toContain("7 minuten, harde eindtijd");
    axe.push(...(await axeSerious(page, "protocol editor")));
    await narrow(page);

    await page.getByRole("button", { name: "Bewaren als nieuwe versie" }).click();
    await page.getByText("Incidentmethode (aangepast) is bewaard als versie 1.").waitFor();
    const saved = await ProtocolVersion.findOne({ groupId: group._id }).lean();
    expect(saved?.version).toBe(1);
    const definition = saved?.definition as { phases: { timer: { minutes: number } }[] } | undefined;
    expect(definition?.phases[3].timer.minutes).toBe(7);
    axe.push(...(await axeSerious(page, "protocols")));
    await narrow(page);

    const leader = await app.newPage({ viewport: { width: 375, height: 800 } });
    await login(leader, leaders[0].email);
    await leader.goto(`/groups/${group._id}`);
    await leader.waitForFunction(() => "__remixRouter" in window);
    await leader.getByRole("link", { name: "Voorbereiden" }).click();
    await leader.getByText("Nog geen voorstellen. Stel als eerste een casus voor.").waitFor();
    await leader.getByLabel("Werkvorm").selectOption({ label: "Incidentmethode (aangepast)" });
    await leader.getByLabel("Casusvraag").fill("Hoe kan ik een boze ouder aan de schoolpoort rustig te woord staan?");
    await leader.getByLabel("Wat ik deed").fill("Ik belde diezelfde avond nog terug.");
    await leader.getByRole("button", { name: "Casus voorstellen" }).click();
    await leader.getByText("Je casus is voorgesteld; de groep krijgt bericht.").waitFor();
    // The card's own notice (the form fields' help says it too, in other words).
    await leader.locator(".proposal .notice", { hasText: "alleen jij ziet dit" }).waitFor();
    await leader.getByRole("button", { name: /^Hand opsteken/ }).click();
    await leader.getByText("1 hand opgestoken", { exact: false }).waitFor();
    await leader.getByRole("button", { name: /^Hand laten zakken/ }).waitFor();
    const proposal = await CaseProposal.findOne({ groupId: group._id }).lean();
    expect(proposal?.protocolId).toBe(saved?.protocolId);
    expect(await CaseHiddenPart.countDocuments({ _id: String(proposal?._id) })).toBe(1);
    expect(await CaseVote.countDocuments({ groupId: group._id, proposalId: proposal?._id })).toBe(1);
    axe.push(...(await axeSerious(leader, "prepare")));
    await narrow(leader);

    // The coach sees the proposal and the raised hand, not the hidden part.
    await page.goto(`/groups/${group._id}/prepare`);
    await page.getByText("1 hand opgestoken", { exact: false }).waitFor();
    expect(await page.locator("main").innerText()).not.toContain("diezelfde avond");
    expect(axe).toEqual([]);
  });
});

// A finished round's record in a real browser at phone width, in Dutch (decision 044): from the
// round to its record, the summary document opens, a participant sends the closing check and sees
// the count; the inbrenger keeps the round anonymised. axe finds nothing serious; nothing is wider
// than the phone. The harness fails on any console error or hydration warning.
import { describe, expect, it } from "vitest";
import { actOnRound, createRound } from "../../models/intervision/round.service";
import { buildGroup, ctxFor } from "../factories";
import { axeSerious, login, setupBrowser } from "./harness";

const app = setupBrowser();

describe("a round's record", () => {
  it("summary, closing check and the inbrenger's decision; at 375 px", { timeout: 120_000 }, async () => {
    const { group, leaders } = await buildGroup({ leaders: 3 });
    const groupId = String(group._id);
    const [inbrenger, chair] = leaders.map((u) => ctxFor(u));
    const { id: roundId } = await createRound(chair, {
      groupId,
      protocol: "balint",
      inbrengerId: inbrenger.actor.id,
      caseQuestion: "Hoe houd ik het overzicht in een fusie van twee scholen?",
      memberIds: leaders.map((u) => String(u._id)),
    });
    await actOnRound(chair, { groupId, roundId, action: { type: "start" } });
    await actOnRound(chair, { groupId, roundId, action: { type: "finish" } });
    const phone = { viewport: { width: 375, height: 800 } };

    const page = await app.newPage(phone);
    await login(page, leaders[1].email);
    await page.goto(`/groups/${groupId}/rounds/${roundId}`);
    await page.waitForFunction(() => "__remixRouter" in window);
    await page.getByRole("link", { name: "Verslag, aantekeningen en afsluiting" }).click();
    await page.getByRole("heading", { name: "Verslag van de ronde" }).waitFor();
    await page.getByRole("link", { name: "Verslag openen" }).waitFor();
    await page.getByLabel("Hoe veilig voelde deze ronde? (1 tot 5)").selectOption("5");
    await page.getByLabel("Eén zin (mag leeg)").fill("Fijn gesprek");
    await page.getByRole("button", { name: "Afsluiting versturen" }).click();
    await page.getByText("Dank je: je afsluiting is bewaard.").waitFor();
    await page.getByText("1 deelnemer vulde de afsluiting in.").waitFor();
    expect(await axeSerious(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    const own = await app.newPage(phone);
    await login(own, leaders[0].email);
    await own.goto(`/groups/${groupId}/rounds/${roundId}/record`);
    await own.waitForFunction(() => "__remixRouter" in window);
    await own.getByLabel("Bewaren zonder mijn naam en casusvraag").check();
    await own.getByRole("button", { name: "Beslissen" }).click();
    await own.getByText("De inbrenger koos: bewaren zonder naam en casusvraag.").waitFor();
    expect(await axeSerious(own)).toEqual([]);
  });
});

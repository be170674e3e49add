// The harvest of a network moment in a real browser at phone width (decision 074): a leader of one
// group publishes their table's board, a leader of the other group (another table) sees it and offers
// it to their own group, where it opens as a document with its origin; the first brings an anonymised
// copy of their own case to their table. Nothing is wider than the phone; any console error fails.
import { describe, expect, it } from "vitest";
import { addMembership, buildGroup, buildUser, ctxFor } from "../factories";
import { Group } from "../../models/group/group.model";
import { createCase, insertDocument } from "../../models/document/document.service";
import { blocksToContent } from "../../models/collab/blocks";
import { oid } from "../../models/shared/oid";
import { Breakout, BreakoutSeat, Moment, seatId } from "../../models/moment/moment.model";
import { login, setupBrowser } from "./harness";

const app = setupBrowser();
const PHONE = { viewport: { width: 375, height: 800 } };

describe("the harvest page", () => {
  it("publish from the board, offer to my group, the document with its origin, an anonymised case; at 375 px", {
    timeout: 120_000,
  }, async () => {
    const a = await buildGroup({ leaders: 1, name: "Leergroep Gent" });
    const b = await Group.create({ trajectoryId: a.trajectory._id, name: "Leergroep Antwerpen", charterVersion: 1 });
    const greet = await buildUser({ name: "Greet Mertens" });
    await addMembership(b, greet, { role: "leader", status: "active" });
    const an = a.leaders[0];
    const moment = await Moment.create({
      trajectoryId: a.trajectory._id,
      title: "Netwerkmoment najaar",
      startsAt: new Date("2026-10-08T11:00:00Z"),
      groupIds: [a.group._id, b._id],
      blocks: [{ _id: "b1", kind: "breakouts", title: "Gemengde tafels", minutes: 45, rule: "mixed", size: 2 }],
      createdBy: a.organiser._id,
    });
    const [one, two] = await Breakout.create([
      { momentId: moment._id, blockId: "b1", index: 1 },
      { momentId: moment._id, blockId: "b1", index: 2 },
    ]);
    for (const [u, t] of [
      [an, one],
      [greet, two],
    ] as const)
      await BreakoutSeat.create({
        _id: seatId(moment._id, "b1", u._id),
        momentId: moment._id,
        blockId: "b1",
        userId: u._id,
        breakoutId: t._id,
      });
    await insertDocument(
      ctxFor(an),
      String(one._id),
      "note",
      "Bord",
      blocksToContent([{ p: "Klasbezoeken zonder lijstje" }, { p: "Binnen de dag één zin terugkoppeling" }]),
      oid(String(one._id)),
    );
    await createCase(ctxFor(an), { groupId: String(a.group._id), title: "Conflict in de vakgroep" });
    const harvest = `/moments/${moment._id}/harvest`;
    const fits = async (page: import("playwright-core").Page) =>
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    // An publishes table 1's board.
    const page = await app.newPage(PHONE);
    await login(page, an.email);
    await page.goto(harvest);
    await page.waitForFunction(() => "__remixRouter" in window);
    await page.getByRole("heading", { name: "Oogst van Netwerkmoment najaar" }).waitFor();
    await page.getByText("Nog niet gepubliceerd.").first().waitFor();
    await fits(page);
    await page.getByRole("link", { name: "Publiceren in de plenaire" }).click();
    const text = page.getByLabel("Uitkomst");
    await expect.poll(() => text.inputValue()).toBe("Klasbezoeken zonder lijstje\nBinnen de dag één zin terugkoppeling");
    await page.getByLabel("Titel").fill("Klasbezoeken");
    await page.getByRole("button", { name: "Publiceren in de plenaire" }).click();
    await page.getByRole("heading", { name: "Klasbezoeken", exact: true }).waitFor();
    await fits(page);

    // An brings an anonymised copy of her case to her table.
    await page.getByText("Een eigen casus inbrengen").click();
    await page.getByRole("button", { name: "Kopie maken" }).click();
    const copy = page.getByLabel("Geanonimiseerde tekst");
    await copy.waitFor();
    await page.getByLabel("Titel van de kopie").fill("Twee collega's");
    await copy.fill("Twee leerkrachten in een vakgroep spreken niet meer met elkaar; hoe breng ik ze aan tafel?");
    await page.getByRole("button", { name: "Inbrengen aan deze tafel" }).click();
    await page.getByText("Twee leerkrachten in een vakgroep spreken niet meer met elkaar").waitFor();
    await fits(page);

    // Greet (the other group, table 2) sees the published output, not the case, and offers it home.
    const other = await app.newPage(PHONE);
    await login(other, greet.email);
    await other.goto(harvest);
    await other.waitForFunction(() => "__remixRouter" in window);
    await other.getByRole("heading", { name: "Klasbezoeken", exact: true }).waitFor();
    expect(await other.getByText("Twee leerkrachten").count()).toBe(0);
    await other.getByRole("button", { name: "Aanbieden aan mijn groep" }).click();
    await other.getByText("Aangeboden aan Leergroep Antwerpen.").waitFor();
    await fits(other);
    await other.getByRole("link", { name: "Open het document" }).click();
    await other.getByTestId("doc-origin").waitFor();
    expect(await other.getByTestId("doc-origin").innerText()).toContain("Uit het netwerkmoment Netwerkmoment najaar");
    expect(await other.getByTestId("doc-origin").innerText()).toContain("Tafel 1");
    await fits(other);
  });
});

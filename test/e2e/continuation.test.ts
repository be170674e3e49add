// Issue 15 item 8, at phone width in Dutch: the group approved its end report; a leader casts the
// deciding vote to continue, sees the chair schedule, takes the chair as the first in turn, and the
// chair's rights are hers (decision 056). axe finds no serious or critical violation; nothing is
// wider than the phone; the harness fails on any console error or hydration warning.
import { describe, expect, it } from "vitest";
import { approveReport, compileReport, fixReport, voteEnd } from "../../models/continuation/continuation.service";
import { Group, Membership } from "../../models/group/group.model";
import { User } from "../../models/user/user.model";
import { buildGroup, ctxFor } from "../factories";
import { axeSerious, login, setupBrowser, type AxeViolation } from "./harness";

const app = setupBrowser();
const PHONE = { viewport: { width: 375, height: 800 } };

describe("the end of the trajectory", () => {
  it("a group votes to continue and a member takes the chair; at 375 px", { timeout: 120_000 }, async () => {
    const { group, leaders, coaches } = await buildGroup({ leaders: 3, coaches: 1, name: "Leerkring Waasland" });
    const groupId = String(group._id);
    const [ann, bram, cas] = leaders;
    const coach = coaches[0];
    await Promise.all(
      [
        [ann, "Ann Peeters"],
        [bram, "Bram Claes"],
        [cas, "Cas Wouters"],
      ].map(([u, name]) => User.updateOne({ _id: (u as typeof ann)._id }, { $set: { name } })),
    );
    // The report is compiled, fixed and approved by everyone; Bram voted to continue.
    await compileReport(ctxFor(coach), { groupId });
    const { version } = await fixReport(ctxFor(bram), { groupId });
    for (const who of [ann, cas, coach]) await approveReport(ctxFor(who), { groupId, version });
    await voteEnd(ctxFor(bram), { groupId, choice: "continue" });

    const axe: AxeViolation[] = [];
    const page = await app.newPage(PHONE);
    await login(page, ann.email);
    await page.goto(`/groups/${groupId}`);
    await page.waitForFunction(() => "__remixRouter" in window);
    await page.getByRole("link", { name: "Einde traject" }).click();
    await page.getByRole("heading", { name: "Einde van het traject" }).waitFor();
    await page.getByText("Iedereen keurde het verslag goed.").waitFor();
    await page.getByText("Verder: 1 · Afsluiten: 0 · van 3 schoolleiders").waitFor();
    axe.push(...(await axeSerious(page, "end page, before the vote")));

    await page.getByRole("button", { name: "We gaan zelf verder" }).click();
    await page.getByText("De groep gaat zelf verder.").waitFor();
    const continued = page.getByRole("article", { name: "De groep gaat zelf verder" });
    await continued.waitFor();
    const schedule = continued.getByRole("listitem");
    expect(await schedule.allInnerTexts()).toEqual(["Ann Peetersvolgende", "Bram Claes", "Cas Wouters"]);
    expect(await Membership.countDocuments({ groupId: group._id, role: "coach", status: "active" })).toBe(0);
    axe.push(...(await axeSerious(page, "end page, continued")));

    await continued.getByRole("button", { name: "Ik neem het voorzitterschap over" }).click();
    await continued.getByRole("listitem").filter({ hasText: "Ann Peeters" }).getByText("voorzitter nu").waitFor();
    await continued.getByRole("listitem").filter({ hasText: "Bram Claes" }).getByText("volgende").waitFor();
    expect(String((await Group.findById(groupId).lean())!.chairId)).toBe(String(ann._id));
    // The chair may invite the former coach back: the button is hers now.
    await continued.getByRole("button", { name: /uitnodigen als gast/ }).waitFor();
    axe.push(...(await axeSerious(page, "end page, chair taken")));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(axe).toEqual([]);
  });
});

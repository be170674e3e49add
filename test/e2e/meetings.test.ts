// A coach plans the group's two school years in a real browser at phone width (decision 030): writes
// the plan from the rhythm, moves the first meeting and cancels it; the members' notifications are
// written; nothing is wider than the phone. The harness fails on any console error.
import { describe, expect, it } from "vitest";
import { Meeting } from "../../models/meeting/meeting.model";
import { Notification } from "../../models/thread/thread.model";
import { Trajectory } from "../../models/trajectory/trajectory.model";
import { buildGroup } from "../factories";
import { login, setupBrowser } from "./harness";

const app = setupBrowser();

describe("meetings", () => {
  it("the coach writes the plan, moves and cancels a meeting; at 375 px", { timeout: 120_000 }, async () => {
    const { group, coaches, trajectory } = await buildGroup({ leaders: 2, coaches: 1 });
    await Trajectory.updateOne({ _id: trajectory._id }, { startDate: new Date("2030-09-02T12:00:00Z") });
    const page = await app.newPage({ viewport: { width: 375, height: 800 } });
    await login(page, coaches[0].email);
    await page.goto(`/groups/${group._id}`);
    await page.waitForFunction(() => "__remixRouter" in window);
    await page.getByRole("link", { name: "Bijeenkomsten" }).click();
    await page.getByText("Er staat geen bijeenkomst meer gepland.").waitFor();
    await page.getByRole("button", { name: "Plan twee schooljaren volgens het ritme" }).click();
    await page.getByText("30 bijeenkomsten gepland.").waitFor();
    const items = page.locator("ol.list > li");
    await expect.poll(() => items.count()).toBe(30);
    expect(await items.first().innerText()).toContain("Contactdag");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    const first = items.first();
    await first.locator("summary").click();
    await first.getByLabel("Datum").fill("2030-09-20");
    await first.getByLabel("Plaats").fill("Gent");
    await first.getByRole("button", { name: "Verplaatsen" }).click();
    await page.getByText("De bijeenkomst is verplaatst; de groep krijgt bericht.").waitFor();
    const moved = await Meeting.findOne({ groupId: group._id, place: "Gent" }).lean();
    expect(moved?.startsAt.toISOString()).toBe("2030-09-20T07:00:00.000Z");
    await page.getByText("Gent").waitFor();

    await items.first().getByRole("button", { name: "Schrappen" }).click();
    await page.getByText("De bijeenkomst is geschrapt; de groep krijgt bericht.").waitFor();
    await items.first().getByText("Geschrapt").waitFor();
    expect((await Notification.find({ meetingId: moved?._id }).lean()).map((n) => n.change).sort()).toEqual([
      "cancelled",
      "cancelled",
      "moved",
      "moved",
    ]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });
});

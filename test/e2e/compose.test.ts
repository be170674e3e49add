// The compose page in a real browser at phone width, in Dutch (issue 16 item 3, decision 068): a
// facilitator moves a person to another breakout with the keyboard only (the select beside the name,
// arrow key), the focus follows the person, the same-group warning appears, and saving stores the
// seat. axe-core finds nothing serious; nothing is wider than the phone; the harness fails on any
// console error or hydration warning.
import { describe, expect, it } from "vitest";
import { Breakout, BreakoutSeat, seatId } from "../../models/moment/moment.model";
import { composeScene } from "../compose-scene";
import { type AxeViolation, axeSerious, login, setupBrowser } from "./harness";

const app = setupBrowser();

describe("composing breakouts", () => {
  it("a facilitator reassigns someone with the keyboard and saves; at 375 px", { timeout: 120_000 }, async () => {
    const s = await composeScene();
    const page = await app.newPage({ viewport: { width: 375, height: 800 } });
    await login(page, s.named.email);
    await page.goto(`/moments/${s.momentId}/compose/tables`);
    await page.waitForFunction(() => "__remixRouter" in window);
    await page.getByRole("heading", { name: "Tafels samenstellen: Tafels" }).waitFor();
    const axe: AxeViolation[] = [...(await axeSerious(page, "compose page"))];
    expect(await page.getByRole("heading", { level: 2, name: /^Tafel \d/ }).count()).toBe(3);

    // The first person of Tafel 1, by their select; one arrow key down puts them at Tafel 2.
    const first = page
      .locator("section", { has: page.getByRole("heading", { name: /^Tafel 1 / }) })
      .getByRole("combobox")
      .first();
    const label = (await first.getAttribute("aria-label")) ?? "";
    const name = label.replace(/^Tafel van /, "");
    const userId = (await first.getAttribute("data-user")) ?? "";
    await first.focus();
    await page.keyboard.press("ArrowDown");
    const moved = page.getByRole("combobox", { name: label });
    await expect.poll(() => moved.inputValue()).toBe("1");
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-user"))).toBe(userId);
    await page
      .getByRole("status")
      .filter({ hasText: `${name} zit nu aan Tafel 2.` })
      .waitFor();
    // Tafel 2 had one of each group: now two of one group sit together, and the page says so.
    await page.getByText(/^Tafel 2: .* komen allebei uit Groep [ABC]\.$/).waitFor();
    await page.getByText("Je wijzigingen zijn nog niet opgeslagen.", { exact: false }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    axe.push(...(await axeSerious(page, "compose page, edited")));

    // Save with the keyboard too.
    await page.getByRole("button", { name: "Verdeling opslaan" }).focus();
    await Promise.all([page.waitForURL((u) => u.searchParams.get("saved") === "1"), page.keyboard.press("Enter")]);
    await page.getByRole("status").filter({ hasText: "Opgeslagen." }).waitFor();
    await page.getByText("Dit is de opgeslagen verdeling.", { exact: false }).waitFor();
    const second = await Breakout.findOne({ momentId: s.momentId, blockId: "tables", index: 2 }).lean();
    const seat = await BreakoutSeat.findById(seatId(s.momentId, "tables", userId)).lean();
    expect(String(seat?.breakoutId)).toBe(String(second?._id));
    expect(await BreakoutSeat.countDocuments({ momentId: s.momentId })).toBe(9);
    expect(axe).toEqual([]);
  });
});

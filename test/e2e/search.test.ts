// Search in a real browser at phone width, in Dutch (issue 20 item 3): a leader types in the group's
// search box, sees the passage with the matched word marked, and follows the result to the exact
// message. axe-core finds nothing serious; nothing is wider than the phone; the harness fails on any
// console error or hydration warning.
import { describe, expect, it } from "vitest";
import { sendMessage, settled, startThread } from "../../models/thread/thread.service";
import { buildGroup, ctxFor } from "../factories";
import { type AxeViolation, axeSerious, login, setupBrowser } from "./harness";

const app = setupBrowser();

describe("search", () => {
  it("from the group's search box to the highlighted result, then to the message itself; at 375 px", { timeout: 120_000 }, async () => {
    const { group, leaders } = await buildGroup({ leaders: 2, name: "Leergroep Oost" });
    const [an, ben] = leaders;
    const groupId = String(group._id);
    const started = await startThread(ctxFor(ben), {
      groupId,
      clientId: "c-e2e-search-1",
      title: "Teamvergaderingen",
      text: "Hoe houden jullie de teamvergadering kort?",
    });
    const threadId = (started.data as { thread: { id: string } }).thread.id;
    for (let i = 0; i < 3; i++)
      await sendMessage(ctxFor(i % 2 ? an : ben), { groupId, threadId, clientId: `c-e2e-search-f${i}`, text: `Ander onderwerp ${i}.` });
    const target = await sendMessage(ctxFor(an), {
      groupId,
      threadId,
      clientId: "c-e2e-search-2",
      text: "Wij vergaderen nog maar eens per twee weken, met een strakke agenda en de ouderraad één keer per kwartaal.",
    });
    const messageId = (target.data as { message: { id: string } }).message.id;
    await settled(ctxFor(an), groupId);
    const axe: AxeViolation[] = [];

    const page = await app.newPage({ viewport: { width: 375, height: 800 } });
    await login(page, an.email);
    await page.goto(`/groups/${groupId}`);
    await page.waitForFunction(() => "__remixRouter" in window);
    const box = page.getByRole("searchbox", { name: "Zoek in deze leergroep" });
    await box.fill("ouderraad");
    await box.press("Enter");
    await page.waitForURL(`**/groups/${groupId}/search?q=ouderraad`);
    await page.getByTestId("search-count").getByText("1 resultaat").waitFor();
    const hit = page.getByTestId("search-hit");
    expect(await hit.locator("mark").allTextContents()).toEqual(["ouderraad"]);
    await hit.getByText("door").waitFor();
    axe.push(...(await axeSerious(page, "search results")));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    // A query nobody wrote: "nothing found" with a hint; the filters keep what was chosen.
    await page.getByLabel("Zoek in deze leergroep", { exact: true }).last().fill("xylofoon");
    await page.getByLabel("Soort").selectOption("case");
    await page.getByRole("button", { name: "Zoeken" }).last().click();
    await page.getByTestId("search-none").getByText("Niets gevonden voor “xylofoon”.").waitFor();
    expect(await page.getByLabel("Soort").inputValue()).toBe("case");

    await page.goBack();
    await page.getByTestId("search-hit").getByRole("link").click();
    await page.waitForURL(`**/groups/${groupId}/threads/${threadId}*#m-${messageId}`);
    const message = page.locator(`#m-${messageId}`);
    await message.getByRole("paragraph").filter({ hasText: "eens per twee weken" }).waitFor();
    expect(await message.evaluate((el) => el.matches(":target"))).toBe(true);
    axe.push(...(await axeSerious(page, "thread at the result")));
    expect(axe).toEqual([]);
  });
});

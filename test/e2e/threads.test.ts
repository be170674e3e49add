// Threads end to end in a real browser (Debian chromium through playwright-core) against the whole
// app: two members of one group on two pages. A starts a thread and posts; B's unread badges (thread
// list and inbox link) update live; B reads, sees A's messages arrive live; B goes offline, writes a
// message that shows as pending, comes back, and it is delivered exactly once (MongoDB and A's page).
// Waits are on locators and round trips, never on time.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { Message } from "../../models/thread/thread.model";
import { User } from "../../models/user/user.model";
import { sendMessage, startThread } from "../../models/thread/thread.service";
import { buildGroup, ctxFor } from "../factories";
import { axeSerious, login, setupBrowser } from "./harness";

const app = setupBrowser();
const pageErrors: string[] = [];

async function newPage(opts: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const page = await app.newPage(opts);
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  // Script errors and hydration mismatches; failed loads are seen by their response instead.
  page.on("console", (m) => m.type() === "error" && !m.text().startsWith("Failed to load resource") && pageErrors.push(m.text()));
  page.on("response", (r) => r.status() >= 400 && !r.url().endsWith("/favicon.ico") && pageErrors.push(`${r.status()} ${r.url()}`));
  return page;
}

const live = (page: Page, connected: "yes" | "no") => page.locator(`[data-testid="live-status"][data-connected="${connected}"]`).waitFor();

async function reply(page: Page, text: string) {
  const box = page.getByRole("textbox", { name: "Je antwoord" });
  await box.fill(text);
  await box.press("Control+Enter");
}

const messages = (page: Page, text: string) => page.getByTestId("message").filter({ hasText: text });

describe("threads in the browser", () => {
  it("live delivery, unread badges, and an offline message delivered once", { timeout: 150_000 }, async () => {
    const { group, leaders } = await buildGroup({ leaders: 2, name: "Groep West" });
    const groupId = String(group._id);
    const [leaderA, leaderB] = leaders;
    const a = await newPage();
    const b = await newPage();
    await login(a, leaderA.email);
    await login(b, leaderB.email);

    // A starts a thread (no threads yet: the form is open).
    await a.goto(`/groups/${groupId}/threads`);
    await a.getByLabel("Onderwerp").fill("Agenda volgende bijeenkomst");
    await a.getByLabel("Eerste bericht").fill("Wat brengen we **mee**?");
    await Promise.all([
      a.waitForURL((u) => /\/threads\/[0-9a-f]{24}$/.test(u.pathname)),
      a.getByRole("button", { name: "Gesprek starten" }).click(),
    ]);
    const threadPath = new URL(a.url()).pathname;
    await a.locator("strong", { hasText: "mee" }).waitFor();
    await live(a, "yes");

    // B sees the thread with one unread message, in the list and on the inbox link.
    await b.goto(`/groups/${groupId}/threads`);
    const row = b.getByTestId("thread-list").locator("li", { hasText: "Agenda volgende bijeenkomst" });
    await row.getByTestId("unread").filter({ hasText: "1 ongelezen" }).waitFor();
    await b.getByTestId("inbox-unread").filter({ hasText: "1 ongelezen" }).waitFor();
    const axe = await axeSerious(b, "thread list");

    // A replies; B's badges go to 2 without a reload.
    await reply(a, "Tweede bericht");
    await messages(a, "Tweede bericht").waitFor();
    await row.getByTestId("unread").filter({ hasText: "2 ongelezen" }).waitFor();
    await b.getByTestId("inbox-unread").filter({ hasText: "2 ongelezen" }).waitFor();

    // B opens the thread: both messages, and the inbox count clears (read on view).
    await row.getByRole("link", { name: "Agenda volgende bijeenkomst" }).click();
    await b.waitForURL((u) => u.pathname === threadPath);
    await messages(b, "Tweede bericht").waitFor();
    await b.getByTestId("inbox-unread").waitFor({ state: "detached" });
    await live(b, "yes");

    axe.push(...(await axeSerious(b, "thread")));
    await b.goto("/inbox");
    await b.getByRole("heading", { name: "Inbox" }).waitFor();
    axe.push(...(await axeSerious(b, "inbox")));
    expect(axe).toEqual([]);
    await b.goBack();
    await live(b, "yes");

    // A types while B watches: B sees who is typing; then A's message arrives live.
    await a.getByRole("textbox", { name: "Je antwoord" }).pressSequentially("Der");
    await b.getByTestId("typing").getByText(`${leaderA.name} typt…`).waitFor();
    await reply(a, "Derde bericht, live");
    await messages(b, "Derde bericht, live").waitFor();

    // B goes offline and writes: the message is pending in this tab, nothing is stored.
    await b.context().setOffline(true);
    await live(b, "no");
    await reply(b, "Offline geschreven");
    const pending = b.locator('[data-testid="pending"][data-status="pending"]', { hasText: "Offline geschreven" });
    await pending.waitFor();
    expect(
      await b.evaluate(() =>
        Object.keys(sessionStorage)
          .filter((k) => k.startsWith("lk_outbox:"))
          .map((k) => sessionStorage.getItem(k))
          .join(""),
      ),
    ).toContain("Offline geschreven");
    expect(await Message.countDocuments({ groupId: group._id, text: "Offline geschreven" })).toBe(0);

    // Back online: sent with its client id, delivered once, shown once on both pages.
    await b.context().setOffline(false);
    await live(b, "yes");
    // What the tab tried while offline (the inbox count, say) failed as it should: the browser's
    // own report of that is the only console error this part may leave.
    for (const e of app.takeConsoleErrors()) expect(e).toMatch(/net::ERR_INTERNET_DISCONNECTED/);
    await pending.waitFor({ state: "detached" });
    await messages(b, "Offline geschreven").waitFor();
    await messages(a, "Offline geschreven").waitFor();

    // A round trip after it: anything late (a duplicate) would have arrived before this.
    await reply(a, "Na de verbinding");
    await messages(b, "Na de verbinding").waitFor();
    await messages(a, "Na de verbinding").waitFor();
    expect(await Message.countDocuments({ groupId: group._id, text: "Offline geschreven" })).toBe(1);
    expect(await messages(a, "Offline geschreven").count()).toBe(1);
    expect(await messages(b, "Offline geschreven").count()).toBe(1);
    expect(await b.getByTestId("pending").count()).toBe(0);

    // Both pages show the same messages in the same order.
    const order = (p: Page) => p.getByTestId("message").evaluateAll((els) => els.map((e) => e.getAttribute("data-message-id")));
    expect(await order(b)).toEqual(await order(a));
    expect(await order(a)).toHaveLength(5);

    // A message the server refuses (here: too long, planted in this tab's outbox) shows why, and
    // can be taken back into the composer; a reload keeps the outbox of this tab.
    await b.evaluate(
      ({ groupId, threadId, userId }) => {
        const entry = {
          clientId: "c-refused-000001",
          groupId,
          threadId,
          text: "x".repeat(4001),
          createdAt: new Date().toISOString(),
          status: "pending",
        };
        sessionStorage.setItem(`lk_outbox:${userId}`, JSON.stringify([entry]));
      },
      { groupId, threadId: threadPath.split("/").at(-1)!, userId: String(leaderB._id) },
    );
    await b.reload();
    const refused = b.locator('[data-testid="pending"][data-status="refused"]');
    await refused.getByText("Niet verstuurd: Dit is te lang.").waitFor();
    await refused.getByRole("button", { name: "Aanpassen" }).click();
    await refused.waitFor({ state: "detached" });
    expect(await b.getByRole("textbox", { name: "Je antwoord" }).inputValue()).toHaveLength(4001);
    expect(await Message.countDocuments({ groupId: group._id })).toBe(5);
    expect(pageErrors).toEqual([]);
  });

  it("works without JavaScript: start, reply with a mention, edit, delete, follow/mute", { timeout: 90_000 }, async () => {
    const { group, leaders } = await buildGroup({ leaders: 2, name: "Groep Oost" });
    const groupId = String(group._id);
    const page = await newPage({ javaScriptEnabled: false });
    await login(page, leaders[0].email);
    await page.goto(`/groups/${groupId}`);
    await page.getByRole("link", { name: "Gesprekken" }).click();
    await page.waitForURL((u) => u.pathname === `/groups/${groupId}/threads`);
    await page.getByText("Nog geen gesprekken").waitFor();
    await page.getByLabel("Onderwerp").fill("Zonder script");
    await page.getByLabel("Eerste bericht").fill("- een\n- twee <script>x</script>");
    await Promise.all([
      page.waitForURL((u) => /\/threads\/[0-9a-f]{24}$/.test(u.pathname)),
      page.getByRole("button", { name: "Gesprek starten" }).click(),
    ]);
    await page.locator(".md li", { hasText: "twee <script>x</script>" }).waitFor();

    // Without script the typed name is the mention: the server resolves it.
    await page.getByRole("textbox", { name: "Je antwoord" }).fill(`Hallo @${leaders[1].name}`);
    await page.getByRole("button", { name: "Versturen" }).click();
    await messages(page, "Hallo @").waitFor();
    const stored = await Message.findOne({ groupId: group._id, text: /^Hallo/ }).lean();
    expect(stored?.mentions.map(String)).toEqual([String(leaders[1]._id)]);

    const mine = messages(page, "Hallo @");
    await mine.locator("summary", { hasText: "Bewerken" }).click();
    await mine.getByLabel("Bericht bewerken").fill("Hallo allemaal");
    await mine.getByRole("button", { name: "Opslaan" }).click();
    await messages(page, "Hallo allemaal").locator(".badge", { hasText: "bewerkt" }).waitFor();

    await messages(page, "Hallo allemaal").getByRole("button", { name: "Verwijderen" }).click();
    await page.getByTestId("message").filter({ hasText: "bericht verwijderd" }).waitFor();
    expect(await Message.countDocuments({ groupId: group._id, deletedAt: { $ne: null } })).toBe(1);

    await page.getByRole("button", { name: "Dempen" }).click();
    await page.getByText("gedempt").waitFor();
  });

  it("an @mention completed with the keyboard reaches the inbox and the navigation live, at 375 px; the inbox is not presence", {
    timeout: 120_000,
  }, async () => {
    const { group, leaders } = await buildGroup({ leaders: 3, name: "Groep Noord" });
    const groupId = String(group._id);
    const [ann, bob, cas] = leaders;
    await User.updateOne({ _id: ann._id }, { $set: { name: "An Peeters" } });
    await User.updateOne({ _id: cas._id }, { $set: { name: "An Smets" } });
    const started = await startThread(ctxFor(bob), { groupId, clientId: "c-mention-live", title: "Planning", text: "Wie doet wat?" });
    const threadId = (started.data as { thread: { id: string } }).thread.id;

    // A is on the inbox (and stays there); the thread B started is her only notification so far.
    const a = await newPage();
    await a.setViewportSize({ width: 375, height: 740 });
    await login(a, ann.email);
    await a.goto("/inbox");
    const notes = a.getByTestId("inbox-notifications");
    await notes.getByText("Nieuw gesprek: Planning").waitFor();
    const badge = a.getByTestId("inbox-unread");
    await badge.filter({ hasText: "1" }).waitFor();

    // A's tab is connected (in the group's room) but says it is on no group's page.
    const annSockets = async () =>
      (await app.server.app.io.fetchSockets())
        .filter((x) => x.data.userId === String(ann._id) && x.rooms.has(`group:${groupId}`))
        .map((x) => x.data.here);
    await expect.poll(annSockets, { timeout: 20_000 }).toEqual([null]);

    // B is on a page of the group (the thread); C opens its overview and sees B online, not A: the
    // inbox is not a page of the group.
    const b = await newPage();
    await b.setViewportSize({ width: 375, height: 740 });
    await login(b, bob.email);
    await b.goto(`/groups/${groupId}/threads/${threadId}`);
    await live(b, "yes");
    const c = await newPage();
    await login(c, cas.email);
    await c.goto(`/groups/${groupId}`);
    await c.getByTestId("online-list").getByText(bob.name).waitFor();
    expect(await c.getByTestId("online-list").innerText()).not.toContain("An Peeters");

    // B types "@an": both Ans are offered; the keyboard picks An Peeters (the arrow, then Enter).
    const box = b.getByRole("textbox", { name: "Je antwoord" });
    await box.click();
    await box.pressSequentially("Kan jij dit doen @an");
    const list = b.getByRole("listbox", { name: "Leden om te vermelden" });
    await list.getByRole("option", { name: "An Peeters" }).waitFor();
    expect(await list.getByRole("option").allInnerTexts()).toEqual(["An Peeters", "An Smets"]);
    expect(await box.getAttribute("aria-activedescendant")).toBe(await list.getByRole("option").first().getAttribute("id"));
    await box.press("ArrowDown");
    await box.press("ArrowUp");
    expect(await list.getByRole("option", { name: "An Peeters" }).getAttribute("aria-selected")).toBe("true");
    expect(await axeSerious(b, "mention listbox")).toEqual([]);
    await box.press("Enter");
    await list.waitFor({ state: "detached" });
    expect(await box.inputValue()).toBe("Kan jij dit doen @An Peeters ");
    // Escape closes a list without picking; the text stays as typed.
    await box.pressSequentially("en @An");
    await list.waitFor();
    await box.press("Escape");
    await list.waitFor({ state: "detached" });
    await box.press("Backspace");
    await box.press("Backspace");
    await box.press("Backspace");
    await box.press("Backspace");
    await box.press("Control+Enter");
    await messages(b, "Kan jij dit doen").waitFor();

    // A sees it without a reload: the mention in the inbox, and the navigation's count moves on.
    await notes.getByText("Je werd vermeld in Planning").waitFor();
    await badge.filter({ hasText: "2" }).waitFor();
    const stored = await Message.findOne({ groupId: group._id, text: /^Kan jij/ }).lean();
    expect(stored?.mentions.map(String)).toEqual([String(ann._id)]);

    // An ambiguous "@An" mentions nobody and says why.
    await box.fill("Of @An, wie wil?");
    await box.press("Control+Enter");
    await b.getByTestId("mention-hints").getByText("@An past bij An Peeters en An Smets: typ de volledige naam.").waitFor();
    expect(await a.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await b.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(pageErrors).toEqual([]);
  });

  it("pages history backwards, live and without JavaScript", { timeout: 90_000 }, async () => {
    const { group, leaders } = await buildGroup({ leaders: 2, name: "Groep Zuid" });
    const groupId = String(group._id);
    const ctx = ctxFor(leaders[1]);
    const started = await startThread(ctx, { groupId, clientId: "c-history-start", title: "Lange draad", text: "Bericht 0" });
    const threadId = (started.data as { thread: { id: string } }).thread.id;
    // A context per message: 40 stored messages are a fixture, not one person sending in a burst
    // (the send budget allows 30 per 10 s).
    for (let i = 1; i <= 40; i++)
      await sendMessage(ctxFor(leaders[1]), {
        groupId,
        threadId,
        clientId: `c-history-${String(i).padStart(4, "0")}`,
        text: `Bericht ${i}`,
      });
    const texts = (p: Page) => p.getByTestId("message").locator(".md").allInnerTexts();
    const all = Array.from({ length: 41 }, (_, i) => `Bericht ${i}`);

    const page = await newPage();
    await login(page, leaders[0].email);
    await page.goto(`/groups/${groupId}/threads/${threadId}`);
    await live(page, "yes");
    expect(await texts(page)).toEqual(all.slice(11));
    await page.getByRole("link", { name: "Oudere berichten laden" }).click();
    await messages(page, "Bericht 0").waitFor();
    expect(await texts(page)).toEqual(all);
    expect(await page.getByRole("link", { name: "Oudere berichten laden" }).count()).toBe(0);

    const plain = await newPage({ javaScriptEnabled: false });
    await login(plain, leaders[0].email);
    await plain.goto(`/groups/${groupId}/threads/${threadId}`);
    await plain.getByRole("link", { name: "Oudere berichten laden" }).click();
    await plain.getByRole("link", { name: "Naar de nieuwste berichten" }).waitFor();
    expect(await texts(plain)).toEqual(all.slice(0, 11));
    expect(pageErrors).toEqual([]);
  });
});

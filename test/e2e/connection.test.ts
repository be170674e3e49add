// The connection indicator (components/connection-status.tsx) on a phone-wide page: a member
// types in a case's notes, the browser goes offline, the page says so and how many changes wait
// in this tab (nothing is stored meanwhile); back online, it says saved and the service reads the
// text. On a thread page the same indicator counts the messages waiting. Waits are on states.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { Message } from "../../models/thread/thread.model";
import { createCase } from "../../models/document/document.service";
import { documentText } from "../../models/document/collab.service";
import { buildGroup, buildThread, ctxFor, nodeCtx } from "../factories";
import { axeSerious, editableEditor, login, setupBrowser } from "./harness";

const app = setupBrowser();
const pageErrors: string[] = [];

async function phonePage(email: string): Promise<Page> {
  const page = await app.newPage({ viewport: { width: 375, height: 740 } });
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  // Script errors and hydration mismatches; a refused websocket while offline is the network's, not the page's.
  page.on(
    "console",
    (m) =>
      m.type() === "error" &&
      !m.text().startsWith("Failed to load resource") &&
      !/^WebSocket connection to .* failed/.test(m.text()) &&
      pageErrors.push(m.text()),
  );
  await login(page, email);
  return page;
}

const indicator = (page: Page) => page.getByTestId("live-status");
const stateOf = (page: Page) => indicator(page).getAttribute("data-state");
/** The page is no wider than the phone: nothing sticks out sideways. */
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe("the connection indicator", () => {
  it("says offline with the changes waiting in this tab, then saved; the text is stored", { timeout: 120_000 }, async () => {
    const { group, leaders } = await buildGroup({ leaders: 1, name: "Groep Oost" });
    const [ann] = leaders;
    const groupId = String(group._id);
    const c = await createCase(ctxFor(ann), { groupId, title: "Verbinding weg" });

    const page = await phonePage(ann.email);
    await page.goto(`/groups/${groupId}/docs/${c.docId}`);
    await expect.poll(() => stateOf(page)).toBe("saved");
    await expect.poll(() => indicator(page).getByRole("status").innerText()).toBe("Verbonden, alles is opgeslagen");
    const editor = await editableEditor(page, /Verbinding weg/);
    await editor.click();
    await page.keyboard.type("Voor de onderbreking. ");
    await expect.poll(() => documentText(nodeCtx(), c.docId)).toBe("Voor de onderbreking. ");
    await expect.poll(() => stateOf(page)).toBe("saved");

    await page.context().setOffline(true);
    await expect.poll(() => stateOf(page)).toBe("offline");
    await page.keyboard.type("Offline geschreven.");
    // Edits gather for a moment into one batch; typing on a loaded machine may make two.
    const said = async () => {
      const n = Number(await indicator(page).getAttribute("data-pending"));
      const text = await indicator(page).locator(".connection-waiting").innerText();
      return n >= 1 && text === (n === 1 ? "1 wijziging wacht" : `${n} wijzigingen wachten`);
    };
    await expect.poll(said).toBe(true);
    expect(await indicator(page).getByRole("status").innerText()).toContain("in dit tabblad bewaard");
    // More typing: the count follows, said with its plural.
    await page.keyboard.press("Enter");
    await page.keyboard.type("Nog een zin.");
    await expect.poll(said).toBe(true);
    expect(await fitsWidth(page)).toBe(true);
    expect(await axeSerious(page)).toEqual([]);
    expect(await documentText(nodeCtx(), c.docId)).toBe("Voor de onderbreking. ");

    await page.context().setOffline(false);
    await expect.poll(() => stateOf(page)).toMatch(/^(back|saved)$/);
    expect(await indicator(page).getByRole("status").innerText()).toMatch(/opgeslagen/);
    await expect.poll(() => documentText(nodeCtx(), c.docId)).toBe("Voor de onderbreking. Offline geschreven.\nNog een zin.");
    expect(await indicator(page).getAttribute("data-pending")).toBe("0");
    expect(pageErrors).toEqual([]);
  });

  it("counts the messages waiting on a thread page while offline", { timeout: 120_000 }, async () => {
    const { group, leaders } = await buildGroup({ leaders: 1, name: "Groep Zuid" });
    const [ann] = leaders;
    const groupId = String(group._id);
    const threadId = await buildThread(ctxFor(ann), groupId, "Agenda");

    const page = await phonePage(ann.email);
    await page.goto(`/groups/${groupId}/threads/${threadId}`);
    await expect.poll(() => stateOf(page)).toBe("saved");
    await page.context().setOffline(true);
    await expect.poll(() => stateOf(page)).toBe("offline");
    const box = page.getByRole("textbox", { name: "Je antwoord" });
    await box.fill("Zonder verbinding");
    await box.press("Control+Enter");
    await page.getByText("1 bericht wacht").waitFor();
    expect(await indicator(page).getByRole("status").innerText()).toContain("je berichten blijven in dit tabblad bewaard");
    expect(await fitsWidth(page)).toBe(true);

    await page.context().setOffline(false);
    await expect.poll(() => stateOf(page)).toMatch(/^(back|saved)$/);
    await expect.poll(() => Message.countDocuments({ groupId: group._id, text: "Zonder verbinding" })).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});

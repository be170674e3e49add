// Attachments in a real browser (issue 20 item 4): a member at phone width picks two files in a
// thread's composer, sees each upload's progress finish, sends; the other member's page shows the
// photo's thumbnail (our re-encoded image) and the PDF's chip live. Waits are on locators.
import { describe, expect, it } from "vitest";
import { startThread } from "../../models/thread/thread.service";
import { buildGroup, ctxFor } from "../factories";
import { jpegWithGps, PDF } from "../fixtures/files";
import { axeSerious, login, setupBrowser } from "./harness";

const app = setupBrowser();

describe("attachments in a thread", () => {
  it("two files uploaded with progress, sent, and shown to the other member live", { timeout: 120_000 }, async () => {
    const { group, leaders } = await buildGroup({ leaders: 2, name: "Groep Oost" });
    const groupId = String(group._id);
    const event = await startThread(ctxFor(leaders[0]), { groupId, clientId: "thread-files-0001", title: "Ouderraad", text: "Het beleid" });
    const threadPath = `/groups/${groupId}/threads/${(event.data as { thread: { id: string } }).thread.id}`;

    const a = await app.newPage({ viewport: { width: 375, height: 800 } });
    const b = await app.newPage();
    await login(a, leaders[0].email);
    await login(b, leaders[1].email);
    await b.goto(threadPath);
    await b.locator('[data-testid="live-status"][data-connected="yes"]').waitFor();
    await a.goto(threadPath);
    await a.locator('[data-testid="live-status"][data-connected="yes"]').waitFor();

    // Picking goes through the button's file input (what the button opens).
    await a.getByTestId("attach-input").setInputFiles([
      { name: "whiteboard.jpg", mimeType: "image/jpeg", buffer: await jpegWithGps() },
      { name: "Beleid ouderraad.pdf", mimeType: "application/pdf", buffer: PDF },
    ]);
    const uploads = a.getByTestId("uploads").locator("li");
    await expect.poll(() => uploads.count()).toBe(2);
    await a.getByTestId("uploads").locator('li[data-state="done"]').nth(1).waitFor();
    expect(await a.getByTestId("uploads").locator('li[data-state="failed"]').count()).toBe(0);
    // Nothing overflows the phone's width.
    expect(await a.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    const box = a.getByRole("textbox", { name: "Je antwoord" });
    await box.fill("De foto van het bord en het beleid");
    await box.press("Control+Enter");
    await a.getByTestId("message").filter({ hasText: "De foto van het bord" }).getByTestId("attachments").waitFor();
    await expect.poll(() => a.getByTestId("uploads").count()).toBe(0);

    const msg = b.getByTestId("message").filter({ hasText: "De foto van het bord" });
    const thumb = msg.locator("img[alt='whiteboard.jpg']");
    await thumb.waitFor();
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(64);
    await msg.getByRole("link", { name: /Beleid ouderraad\.pdf/ }).waitFor();
    expect(await msg.getByRole("link", { name: /Download whiteboard\.jpg/ }).getAttribute("href")).toMatch(
      new RegExp(`^/groups/${groupId}/files/[0-9a-f]{24}$`),
    );
    expect(await axeSerious(b, "thread with attachments")).toEqual([]);
    // From the server's page too (the stored message carries them).
    await b.reload();
    await b.getByTestId("message").filter({ hasText: "De foto van het bord" }).locator("img[alt='whiteboard.jpg']").waitFor();
  });
});

// Files on a case and a meeting in a real browser (issue 20 round two): a member drops nothing but
// picks files through the section's button; a PDF lands on the case as a chip, a JPEG on a meeting
// as our thumbnail, which opens larger in a dialog that Esc closes, focus back on the thumbnail.
// Waits are on locators; any console error fails the test (harness).
import { describe, expect, it } from "vitest";
import { createCase } from "../../models/document/document.service";
import { Meeting } from "../../models/meeting/meeting.model";
import { buildGroup, ctxFor } from "../factories";
import { demoPdf } from "../../scripts/demo-files";
import { jpegWithGps } from "../fixtures/files";
import { axeSerious, login, setupBrowser } from "./harness";

const app = setupBrowser();

describe("files on a case and a meeting", () => {
  it("a PDF attached to a case; a JPEG on a meeting with its thumbnail and a larger preview", { timeout: 120_000 }, async () => {
    const { group, leaders, trajectory } = await buildGroup({ leaders: 2, name: "Groep Noord" });
    const groupId = String(group._id);
    const kase = await createCase(ctxFor(leaders[0]), { groupId, title: "Casus ouderraad" });
    const meeting = await Meeting.create({
      groupId: group._id,
      trajectoryId: trajectory._id,
      kind: "contact_day",
      title: "Contactdag",
      startsAt: new Date("2027-01-12T08:00:00Z"),
      endsAt: new Date("2027-01-12T15:00:00Z"),
    });
    const page = await app.newPage({ viewport: { width: 375, height: 800 } });
    await login(page, leaders[0].email);

    await page.goto(`/groups/${groupId}/docs/${kase.docId}`);
    const caseFiles = page.getByTestId("owner-files");
    const pdf = demoPdf("Beleidsplan zorg", ["De ouderraad wordt elk trimester betrokken."]);
    await caseFiles.getByTestId("attach-input").setInputFiles([{ name: "Beleidsplan zorg.pdf", mimeType: "application/pdf", buffer: pdf }]);
    await caseFiles.getByRole("link", { name: /Beleidsplan zorg\.pdf/ }).waitFor();
    await expect.poll(() => caseFiles.getByTestId("uploads").count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    // Its preview: pdf.js (loaded now) draws the first page on a canvas, with ink on it.
    const pdfOpener = caseFiles.getByRole("button", { name: /Voorbeeld van Beleidsplan zorg\.pdf/ });
    await pdfOpener.click();
    await page.locator('[data-testid="pdf-preview"][data-state="done"]').waitFor();
    const inked = await page
      .getByTestId("pdf-preview")
      .locator("canvas")
      .first()
      .evaluate((c: HTMLCanvasElement) => {
        const px = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
        let dark = 0;
        for (let i = 0; i < px.length; i += 4) if (px[i + 3] > 0 && px[i] < 128) dark++;
        return dark;
      });
    expect(inked).toBeGreaterThan(50);
    await page.getByRole("button", { name: "Sluiten" }).click();
    await page.getByTestId("file-preview").waitFor({ state: "detached" });
    await expect.poll(() => pdfOpener.evaluate((el) => el === document.activeElement)).toBe(true);

    await page.goto(`/groups/${groupId}/meetings/${meeting._id}`);
    const meetingFiles = page.getByTestId("owner-files").first();
    await meetingFiles
      .getByTestId("attach-input")
      .setInputFiles([{ name: "Whiteboard.jpg", mimeType: "image/jpeg", buffer: await jpegWithGps() }]);
    const thumb = meetingFiles.locator("img[alt='Whiteboard.jpg']");
    await thumb.waitFor();
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(64);
    expect(await axeSerious(page, "meeting with files")).toEqual([]);

    const opener = meetingFiles.getByRole("button", { name: /Voorbeeld van Whiteboard\.jpg/ });
    await opener.click();
    const dialog = page.getByTestId("file-preview");
    const large = dialog.locator("img[alt='Whiteboard.jpg']");
    await expect.poll(() => large.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(64);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    await expect.poll(() => opener.evaluate((el) => el === document.activeElement)).toBe(true);
  });
});

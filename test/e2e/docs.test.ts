// Two members co-edit a case note in two Chromium pages of the whole app: each sees the other's
// text and caret (name label), the status says saved, and MongoDB holds what both see. A comment
// added on one page appears on the other, anchored on the same text, and follows it; replies and
// resolving travel too. A guest sees the same document and comments read-only. Waits are on locators, never on time.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { addMembership, buildGroup, buildUser, nodeCtx } from "../factories";
import { Case } from "../../models/document/document.model";
import { documentText } from "../../models/document/collab.service";
import { axeSerious, editableEditor, setupBrowser } from "./harness";

const { pageFor } = setupBrowser();

/** The editor's text without other members' caret labels. */
const editorText = (page: Page) =>
  page.locator(".doc-editor").evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll(".collaboration-carets__caret").forEach((c) => {
      c.remove();
    });
    return copy.textContent ?? "";
  });

describe("co-editing in the browser", () => {
  it("two members co-edit a case note and see each other's text and caret; a guest reads only", { timeout: 120_000 }, async () => {
    const { group, leaders } = await buildGroup({ leaders: 2, name: "Intervisie A" });
    const [ann, bob] = leaders;
    const guest = await buildUser();
    await addMembership(group, guest, { role: "guest", status: "active" });
    const g = String(group._id);

    const a = await pageFor(ann.email);
    await a.goto(`/groups/${g}`);
    await Promise.all([a.waitForURL(/\/docs$/), a.getByRole("link", { name: "Documenten" }).click()]).catch(async (e) => {
      throw new Error(`docs page: ${a.url()} ${await a.locator("body").innerText()}`, { cause: e });
    });
    await a.getByText("Casus inbrengen").first().click();
    await a.locator('form:has(button[value="createCase"]) input[name="title"]').fill("Lastige ouder");
    await Promise.all([a.waitForURL(/\/docs\/[0-9a-f]{24}$/), a.locator('button[value="createCase"]').click()]);
    const docUrl = new URL(a.url()).pathname;
    const editorA = a.getByRole("textbox", { name: /Lastige ouder/ });
    await expect.poll(() => a.locator("[data-sync]").getAttribute("data-sync")).toBe("saved");

    const b = await pageFor(bob.email);
    await b.goto(docUrl);
    await expect.poll(() => b.locator("[data-sync]").getAttribute("data-sync")).toBe("saved");

    await (await editableEditor(a, /Lastige ouder/)).click();
    await a.keyboard.type("Hallo van Ann. ");
    await b.getByText("Hallo van Ann.").waitFor();
    await (await editableEditor(b, /Lastige ouder/)).click();
    await b.keyboard.press("End");
    await b.keyboard.type("En van Bob.");
    await a.getByText("En van Bob.").waitFor();
    // Carets with names: each page shows the other member's.
    await a.locator(".collaboration-carets__label", { hasText: bob.name }).waitFor();
    await b.locator(".collaboration-carets__label", { hasText: ann.name }).waitFor();
    // Bold through the toolbar reaches the other page as formatting.
    await a.keyboard.press("Control+a");
    await a.getByRole("button", { name: "Vet" }).click();
    await b.locator(".doc-editor strong", { hasText: "Hallo van Ann." }).waitFor();

    // A comment on "Bob." added on Ann's page (selection + Ctrl+Alt+M) appears on Bob's page,
    // in the panel and as a highlight on the same text; Bob replies, Ann sees it; Bob resolves it.
    // The selection is made through the editor: Bob's caret sits right after "Bob." on Ann's page,
    // and that widget makes Shift+Arrow selections there land one character short.
    await a.evaluate(() => {
      type Node = { isText: boolean; text?: string };
      const editor = (
        document.querySelector(".ProseMirror.doc-editor") as unknown as {
          editor: {
            state: { doc: { descendants: (f: (n: Node, pos: number) => void) => void } };
            chain: () => { focus: () => { setTextSelection: (r: { from: number; to: number }) => { run: () => boolean } } };
          };
        }
      ).editor;
      let from = -1;
      editor.state.doc.descendants((n, pos) => {
        if (n.isText && n.text!.includes("Bob.")) from = pos + n.text!.indexOf("Bob.");
      });
      editor
        .chain()
        .focus()
        .setTextSelection({ from, to: from + 4 })
        .run();
    });
    await a.keyboard.press("Control+Alt+m");
    await a.getByRole("form", { name: "Nieuwe opmerking bij" }).getByText("Bob.").waitFor();
    await a.getByLabel("Je opmerking").fill("Wie is Bob precies?");
    await a.getByRole("button", { name: "Opmerking plaatsen" }).click();
    await a.locator(".comment .comment-body", { hasText: "Wie is Bob precies?" }).waitFor();
    const onB = b.locator(".comment", { hasText: "Wie is Bob precies?" });
    await onB.locator(".comment-quote-text", { hasText: "Bob." }).waitFor();
    await onB.getByText(ann.name, { exact: false }).first().waitFor();
    await expect.poll(() => b.locator(".doc-editor .comment-range").allInnerTexts()).toEqual(["Bob."]);
    expect(await a.locator(".doc-editor .comment-range").allInnerTexts()).toEqual(["Bob."]);
    // The anchor follows the text: Ann types before it, Bob's highlight still covers "Bob.".
    await editorA.click();
    await a.keyboard.press("Control+Home");
    await a.keyboard.type("Ja. ");
    await expect.poll(() => editorText(b)).toBe("Ja. Hallo van Ann. En van Bob.");
    await expect.poll(() => b.locator(".doc-editor .comment-range").allInnerTexts()).toEqual(["Bob."]);
    await onB.getByLabel("Antwoord").fill("Een collega-directeur.");
    await onB.getByRole("button", { name: "Antwoorden" }).click();
    await a.locator(".comment-replies", { hasText: "Een collega-directeur." }).waitFor();
    // Clicking the quote selects its text in the editor.
    await onB.getByRole("button", { name: /Toon in de tekst/ }).click();
    await expect.poll(() => b.evaluate(() => window.getSelection()?.toString())).toBe("Bob.");
    expect(await axeSerious(b)).toEqual([]);
    await onB.getByRole("button", { name: "Oplossen" }).click();
    await a.getByText("Nog geen open opmerkingen.", { exact: false }).waitFor();
    await expect.poll(() => a.locator(".doc-editor .comment-range").count()).toBe(0);
    await a.getByLabel("Toon opgeloste opmerkingen").check();
    await a.getByText(`Opgelost door ${bob.name}`, { exact: false }).waitFor();

    await expect.poll(() => a.locator("[data-sync]").getAttribute("data-sync")).toBe("saved");
    await expect.poll(() => b.locator("[data-sync]").getAttribute("data-sync")).toBe("saved");
    const c = await Case.findOne({ groupId: group._id }).lean();
    await expect.poll(() => documentText(nodeCtx(), String(c!.docId))).toBe("Ja. Hallo van Ann. En van Bob.");
    expect(await axeSerious(a)).toEqual([]);

    // Export: Markdown (download) and print-ready HTML, from what MongoDB holds.
    const md = await a.request.get(`${docUrl}/export?format=md`);
    expect(md.headers()["content-type"]).toContain("text/markdown");
    expect(await md.text()).toBe("# Lastige ouder\n\n**Ja. Hallo van Ann. En van Bob.**\n");
    const html = await a.request.get(`${docUrl}/export?format=html`);
    expect(html.headers()["content-security-policy"]).toContain("default-src 'none'");
    expect(await html.text()).toContain("<p><strong>Ja. Hallo van Ann. En van Bob.</strong></p>");

    const gp = await pageFor(guest.email);
    await gp.goto(docUrl);
    await expect.poll(() => gp.locator("[data-sync]").getAttribute("data-sync")).toBe("read-only");
    await expect.poll(() => editorText(gp)).toBe("Ja. Hallo van Ann. En van Bob.");
    // The guest reads the (resolved) comment but has no forms to reply or resolve.
    await gp.getByLabel("Toon opgeloste opmerkingen").check();
    await gp.locator(".comment", { hasText: "Wie is Bob precies?" }).waitFor();
    expect(await gp.getByLabel("Antwoord").count()).toBe(0);
    expect(await gp.getByRole("button", { name: "Heropenen" }).count()).toBe(0);
    expect(await gp.locator(".doc-editor").getAttribute("contenteditable")).toBe("false");
    expect(await gp.getByRole("toolbar").count()).toBe(0);

    // The list shows the case with its bringer; search finds a document by its title.
    await a.goto(`/groups/${g}/docs`);
    await a.getByText(`Inbrenger: ${ann.name}`).waitFor();
    expect(await axeSerious(a)).toEqual([]);
  });

  it("a comment whose text is deleted stays listed as removed, live and after a reload", { timeout: 90_000 }, async () => {
    const { group, leaders } = await buildGroup({ leaders: 1, name: "Intervisie B" });
    const g = String(group._id);
    const a = await pageFor(leaders[0].email);
    await a.goto(`/groups/${g}/docs`);
    await a.getByText("Nieuw document").click();
    await a.locator('form:has(button[value="create"]) input[name="title"]').fill("Verslag");
    await Promise.all([a.waitForURL(/\/docs\/[0-9a-f]{24}$/), a.locator('button[value="create"]').click()]);
    await expect.poll(() => a.locator("[data-sync]").getAttribute("data-sync")).toBe("saved");
    await a.getByText("Nog geen open opmerkingen.", { exact: false }).waitFor();
    // The shortcut without a selection explains what to do.
    await (await editableEditor(a, /Verslag/)).click();
    await a.keyboard.type("Eerste zin. Weg ermee.");
    await a.keyboard.press("Control+Alt+m");
    await a.getByText("Selecteer eerst tekst in het document.").waitFor();
    for (let i = 0; i < "Weg ermee.".length; i++) await a.keyboard.press("Shift+ArrowLeft");
    await a.getByRole("button", { name: "Opmerking toevoegen" }).click();
    await a.getByLabel("Je opmerking").fill("Schrappen?");
    await a.getByRole("button", { name: "Opmerking plaatsen" }).click();
    await expect.poll(() => a.locator(".doc-editor .comment-range").allInnerTexts()).toEqual(["Weg ermee."]);
    await a.keyboard.press("End");
    await a.keyboard.press("Backspace");
    for (let i = 0; i < "Weg ermee".length; i++) await a.keyboard.press("Backspace");
    await a.locator(".comment", { hasText: "Schrappen?" }).getByText("Tekst verwijderd").waitFor();
    expect(await a.locator(".doc-editor .comment-range").count()).toBe(0);
    await expect.poll(() => a.locator("[data-sync]").getAttribute("data-sync")).toBe("saved");
    await a.reload();
    await a.locator(".comment", { hasText: "Schrappen?" }).getByText("Tekst verwijderd").waitFor();
    expect(await axeSerious(a)).toEqual([]);
  });
});

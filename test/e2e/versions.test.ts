// Versions and the charter in two Chromium pages of the whole app: name a state, open it
// read-only, restore it (confirmed) while another member's editor is open and converges; a guest
// only views. The charter page: the fixed version to accept and the co-edited draft, labelled;
// proposing freezes the draft, the other leader accepts exactly that. axe on every new page.
// Waits are on locators and conditions, never on time.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { addMembership, buildGroup, buildUser, DEFAULT_CHARTER, nodeCtx } from "../factories";
import { CharterVersion } from "../../models/charter/charter.model";
import { Membership } from "../../models/group/group.model";
import { documentText } from "../../models/document/collab.service";
import { axeSerious, caretTaken, editableEditor, setupBrowser, type AxeViolation } from "./harness";

const { pageFor } = setupBrowser();

const syncState = (p: Page) => p.locator("[data-sync]").getAttribute("data-sync");
const editorText = (p: Page) => p.locator(".doc-editor").innerText();

describe("versions in the browser", () => {
  it("name the current state, open it read-only, restore it: the other member's open editor converges; a guest only views", {
    timeout: 180_000,
  }, async () => {
    const { group, leaders } = await buildGroup({ leaders: 2, name: "Intervisie V" });
    const [ann, bob] = leaders;
    const guest = await buildUser();
    await addMembership(group, guest, { role: "guest", status: "active" });
    const g = String(group._id);
    const axe: AxeViolation[] = [];

    const a = await pageFor(ann.email);
    await a.goto(`/groups/${g}/docs`);
    await a.getByText("Nieuw document").click();
    await a.locator('form:has(button[value="create"]) input[name="title"]').fill("Verslag");
    await Promise.all([a.waitForURL(/\/docs\/[0-9a-f]{24}$/), a.locator('button[value="create"]').click()]);
    const docUrl = new URL(a.url()).pathname;
    await expect.poll(() => syncState(a)).toBe("saved");
    await (await editableEditor(a, /Verslag/)).click();
    await a.keyboard.type("Eerste versie.");
    await expect.poll(() => syncState(a)).toBe("saved");
    const docId = docUrl.split("/").at(-1)!;
    await expect.poll(() => documentText(nodeCtx(), docId)).toBe("Eerste versie.");

    const b = await pageFor(bob.email);
    await b.goto(docUrl);
    await expect.poll(() => editorText(b)).toBe("Eerste versie.");

    // The versions page: empty state, then the current state named, keyboard only.
    await a.getByRole("link", { name: "Versies en geschiedenis" }).click();
    await a.waitForURL(`${docUrl}/versions`);
    await a.getByText("Nog geen eerdere versies.", { exact: false }).waitFor();
    axe.push(...(await axeSerious(a, "versions (empty)")));
    await a.getByLabel("Naam van de versie").focus();
    await a.keyboard.type("Voor de bijeenkomst");
    await a.keyboard.press("Enter");
    await a.getByRole("status").filter({ hasText: "Versie bewaard." }).waitFor();
    const item = a.locator(".version-list li", { hasText: "Voor de bijeenkomst" });
    await item.getByText(`Bewerkt door: ${ann.name}`, { exact: false }).waitFor();
    axe.push(...(await axeSerious(a, "versions")));

    // Bob keeps writing.
    await (await editableEditor(b, /Verslag/)).click();
    await b.keyboard.press("Control+End");
    await b.keyboard.type(" Tweede zin van Bob.");
    await expect.poll(() => documentText(nodeCtx(), docId)).toBe("Eerste versie. Tweede zin van Bob.");

    // Open the version read-only: its content, not Bob's sentence.
    await item.getByRole("link").click();
    await a.waitForURL(/\/versions\/[0-9a-f]{24}$/);
    const content = a.getByRole("article", { name: "Inhoud van deze versie" });
    await expect.poll(() => content.innerText()).toBe("Eerste versie.");
    axe.push(...(await axeSerious(a, "version")));

    // Restore, confirmed: Ann lands on the document, Bob's open editor converges.
    await a.getByText("Deze versie terugzetten…").click();
    await Promise.all([a.waitForURL(docUrl), a.getByRole("button", { name: "Ja, zet deze versie terug" }).click()]);
    await expect.poll(() => editorText(b)).toBe("Eerste versie.");
    await expect.poll(() => editorText(a)).toBe("Eerste versie.");
    expect(await documentText(nodeCtx(), docId)).toBe("Eerste versie.");
    // The replaced state was kept as an automatic version.
    await a.goto(`${docUrl}/versions`);
    await a.locator(".version-list li", { hasText: "Automatische versie" }).first().waitFor();

    // A guest views the list and a version, without naming or restoring.
    const gp = await pageFor(guest.email);
    await gp.goto(`${docUrl}/versions`);
    await gp.getByText("Je kunt versies bekijken, maar niet bewaren of terugzetten.").waitFor();
    expect(await gp.getByLabel("Naam van de versie").count()).toBe(0);
    await gp.locator(".version-list li", { hasText: "Voor de bijeenkomst" }).getByRole("link").click();
    await gp.getByRole("article", { name: "Inhoud van deze versie" }).waitFor();
    expect(await gp.getByText("Deze versie terugzetten…").count()).toBe(0);
    expect(axe).toEqual([]);
  });
});

describe("the charter in the browser", () => {
  it("the fixed version and the co-edited draft, labelled; proposing freezes the draft; the other leader accepts exactly that version", {
    timeout: 180_000,
  }, async () => {
    const { group, leaders } = await buildGroup({ leaders: 2, name: "Intervisie C" });
    const [ann, bob] = leaders;
    const g = String(group._id);
    const axe: AxeViolation[] = [];

    const a = await pageFor(ann.email);
    await a.goto(`/groups/${g}/charter`);
    await a.getByRole("heading", { name: "Geldende versie 1 (vastgesteld)" }).waitFor();
    await a.getByRole("heading", { name: "Concept voor versie 2 (samen bewerken)" }).waitFor();
    const draftLabel = "Inhoud van Concept van de vertrouwensafspraken";
    const draft = a.getByRole("textbox", { name: draftLabel });
    await expect.poll(() => draft.innerText()).toBe(DEFAULT_CHARTER);
    axe.push(...(await axeSerious(a, "charter (leader)")));
    await (await editableEditor(a, draftLabel)).click();
    await a.keyboard.press("Control+End");
    await caretTaken(a); // Enter is the editor's own: it splits where the editor has the caret
    await a.keyboard.press("Enter");
    await a.keyboard.type("Telefoons blijven in de tas.");
    await expect.poll(() => syncState(a)).toBe("saved");

    await a.getByRole("button", { name: "Concept voorstellen als versie 2" }).click();
    await a.getByRole("heading", { name: "Geldende versie 2 (vastgesteld)" }).waitFor();
    const fixed = a.getByRole("article", { name: "Versie 2" });
    await expect.poll(() => fixed.innerText()).toContain("Telefoons blijven in de tas.");
    const v2 = await CharterVersion.findOne({ groupId: group._id, version: 2 }).lean();
    expect(v2?.text).toBe(`${DEFAULT_CHARTER}\nTelefoons blijven in de tas.`);

    // Ann edits the draft again: version 2 stays as it was proposed. The editor was remounted for
    // the new version: typed into before its stored state arrives, the words would go nowhere.
    await (await editableEditor(a, draftLabel)).click();
    await a.keyboard.press("Control+End");
    await a.keyboard.type(" Nog een idee.");
    await expect.poll(() => syncState(a)).toBe("saved");

    // Bob is behind: the group sends him to the charter; he reads version 2 and the draft (read-only), and accepts.
    const b = await pageFor(bob.email);
    await b.goto(`/groups/${g}`);
    await b.waitForURL(`/groups/${g}/charter`);
    const bobFixed = b.getByRole("article", { name: "Versie 2" });
    await expect.poll(() => bobFixed.innerText()).toContain("Telefoons blijven in de tas.");
    expect(await bobFixed.innerText()).not.toContain("Nog een idee.");
    await expect.poll(() => syncState(b)).toBe("read-only");
    await expect.poll(() => b.locator(".doc-editor").innerText()).toContain("Nog een idee.");
    axe.push(...(await axeSerious(b, "charter (behind)")));
    await b.getByRole("button", { name: "Ik aanvaard deze afspraken" }).click();
    await b.getByText("Je hebt deze versie aanvaard.").waitFor();
    expect((await Membership.findOne({ userId: bob._id }).lean())?.acceptedCharterVersion).toBe(2);
    expect(axe).toEqual([]);
  });
});

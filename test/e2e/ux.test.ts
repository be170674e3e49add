// What a reader sees of times, refusals and tabs, in a real browser against the whole app: a reader
// whose browser is in New York sees the times of a case page, a thread and the audit log in their
// profile's zone (Brussels by default, then the one they choose), with no hydration warning (the
// harness fails a test on any console error); an organiser opening a group's thread gets a page
// that says why not, a stranger the plain 404; tabs follow what the reader may do.
import { randomBytes } from "node:crypto";
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { addMembership, buildGroup, buildThread, buildUser, ctxFor } from "../factories";
import { User } from "../../models/user/user.model";
import { createDocument } from "../../models/document/document.service";
import { applyDocUpdate } from "../../models/document/collab.service";
import { addComment } from "../../models/comment/comment.service";
import { DocComment } from "../../models/comment/comment.model";
import { CONTENT_FIELD } from "../../models/collab/doc-store";
import { editor } from "../../models/collab/test-ydoc";
import { recordAudit } from "../../models/audit/audit.service";
import { AuditEvent } from "../../models/audit/audit.model";
import { formatDate } from "../../models/i18n/dates";
import { login, setupBrowser } from "./harness";

const app = setupBrowser();

const cid = () => `c-${randomBytes(8).toString("hex")}`;
const b64 = (rpos: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(rpos)).toString("base64");

/** A group whose leader Ann commented on a case note, started a thread and has an audit entry. */
async function groupWithDates() {
  const g = await buildGroup({ leaders: 2, name: "Intervisie Oost" });
  const [ann] = g.leaders;
  const groupId = String(g.group._id);
  const a = ctxFor(ann);
  const doc = await createDocument(a, { groupId, title: "Lastige ouder" });
  const e = editor(7);
  e.paragraph("Een ouder belt elke dag.");
  await applyDocUpdate(a, { groupId, docId: doc.id, clientId: cid(), update: e.takeBatch()! });
  const text = (e.doc.getXmlFragment(CONTENT_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText;
  await addComment(a, {
    groupId,
    docId: doc.id,
    clientId: cid(),
    anchorStart: b64(Y.createRelativePositionFromTypeIndex(text, 0, 0)),
    anchorEnd: b64(Y.createRelativePositionFromTypeIndex(text, 8, -1)),
    body: "Wanneer begon dat?",
  });
  const threadId = await buildThread(a, groupId, "Ouderraad");
  await recordAudit(groupId, "member_joined", ann._id, ann._id, { role: "leader" });
  const commentAt = (await DocComment.findOne({ docId: doc.id }).lean())!.createdAt;
  const auditAt = (await AuditEvent.findOne({ groupId }).sort({ at: -1 }).lean())!.at;
  return { ...g, ann, groupId, docId: doc.id, threadId, commentAt, auditAt };
}

describe("dates in the reader's time zone", () => {
  it("a browser in New York shows the case, thread and audit times in the profile's zone, without hydration warnings", {
    timeout: 120_000,
  }, async () => {
    const g = await groupWithDates();
    const page = await app.newPage({ timezoneId: "America/New_York" });
    await login(page, g.ann.email);
    const brussels = { locale: "nl", timeZone: "Europe/Brussels" } as const;
    const newYork = { locale: "nl", timeZone: "America/New_York" } as const;

    // The case page: the comment's moment in Brussels, not New York.
    await page.goto(`/groups/${g.groupId}/docs/${g.docId}`);
    await page.getByText("Wanneer begon dat?").waitFor();
    const comments = page.locator(".comments-panel");
    await comments
      .getByText(formatDate(g.commentAt, "moment", brussels))
      .first()
      .waitFor();
    expect(await comments.innerText()).not.toContain(formatDate(g.commentAt, "moment", newYork));
    await page.waitForFunction(() => "__remixRouter" in window);

    // The audit log: full timestamps in Brussels.
    await page.goto(`/groups/${g.groupId}/audit`);
    const stamp = page.locator(`time[datetime="${g.auditAt.toISOString()}"]`);
    await expect.poll(() => stamp.innerText()).toBe(formatDate(g.auditAt, "timestamp", brussels));

    // The thread list: how long ago, with the full timestamp in Brussels as its title.
    await page.goto(`/groups/${g.groupId}/threads`);
    const ago = page.locator("li", { hasText: "Ouderraad" }).locator("time");
    await expect.poll(() => ago.innerText()).toMatch(/^laatste bericht (zonet|\d+ min geleden)$/);
    expect(await ago.getAttribute("title")).toMatch(/^\d+\/\d{2}\/\d{4}, \d{2}:\d{2}:\d{2}$/);

    // Ann chooses Tokyo and English in her profile: the same entry now reads in Tokyo, in English.
    await page.goto("/settings");
    await page.getByLabel("Tijdzone").selectOption("Asia/Tokyo");
    await page.getByLabel("Taal", { exact: true }).selectOption("en");
    await page.getByLabel("School", { exact: true }).fill("Sint-Jozef Brugge");
    await page.getByRole("button", { name: "Opslaan" }).first().click();
    await page.getByText("Your profile was saved.").waitFor();
    await page.goto(`/groups/${g.groupId}/audit`);
    await expect.poll(() => stamp.innerText()).toBe(formatDate(g.auditAt, "timestamp", { locale: "en", timeZone: "Asia/Tokyo" }));
    await page.getByRole("heading", { name: "Log" }).waitFor();
    await page.waitForFunction(() => "__remixRouter" in window);
    expect(app.takeConsoleErrors()).toEqual([]);
  });
});

describe("refusals that say why", () => {
  it("an organiser opening a group's thread learns that organisers do not see group content; a stranger gets the 404", {
    timeout: 60_000,
  }, async () => {
    const g = await buildGroup({ leaders: 1, name: "Intervisie West" });
    const groupId = String(g.group._id);
    const threadId = await buildThread(ctxFor(g.leaders[0]), groupId, "Vertrouwelijk");

    const org = await app.newPage();
    await login(org, g.organiser.email);
    const res = await org.goto(`/groups/${groupId}/threads/${threadId}`);
    expect(res?.status()).toBe(403);
    await org.getByRole("heading", { name: "Organisatoren zien de inhoud van een groep niet" }).waitFor();
    expect(await org.locator("main").innerText()).not.toContain("Vertrouwelijk");
    await org.getByRole("link", { name: "Naar het overzicht van het traject" }).click();
    await org.waitForURL(`**/trajectories/${g.trajectory._id}`);
    await org.getByRole("heading", { name: "Intervisie West" }).waitFor();

    const stranger = await buildUser();
    const s = await app.newPage();
    await login(s, stranger.email);
    const res404 = await s.goto(`/groups/${groupId}/threads/${threadId}`);
    expect(res404?.status()).toBe(404);
    await s.getByRole("heading", { name: "404" }).waitFor();
    expect(await s.locator("main").innerText()).not.toMatch(/Intervisie West|organisator/i);
  });
});

describe("members and tabs by what the reader may do", () => {
  it("the organiser's list is grouped by role, searchable as you type and without JavaScript, its rare actions in a keyboard menu, at 375 px; a leader sees a Guests tab, not Manage members", {
    timeout: 120_000,
  }, async () => {
    const g = await buildGroup({ leaders: 2, coaches: 1, name: "Intervisie Zuid" });
    const groupId = String(g.group._id);
    await User.updateOne({ _id: g.leaders[0]._id }, { $set: { name: "Ann Peeters" } });
    await User.updateOne({ _id: g.leaders[1]._id }, { $set: { name: "Bert Claes" } });
    const guest = await buildUser({ name: "Gina Gast" });
    await addMembership(g.group, guest, { role: "guest", status: "pending", guestKind: "supervisor" });

    const org = await app.newPage({ viewport: { width: 375, height: 800 } });
    await login(org, g.organiser.email);
    await org.goto(`/groups/${groupId}/members`);
    await org.waitForFunction(() => "__remixRouter" in window);
    await org.getByRole("heading", { name: /^Schoolleiders/ }).waitFor();
    await org.getByRole("heading", { name: /^Procescoaches/ }).waitFor();
    const rows = org.locator(".member-group li");
    await expect.poll(() => rows.count()).toBe(3);
    // Nothing wider than the phone.
    expect(await org.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    // Filters as you type.
    await org.getByLabel("Zoek een lid").fill("peet");
    await expect.poll(() => rows.count()).toBe(1);
    await expect.poll(() => rows.first().innerText()).toContain("Ann Peeters");
    await org.getByLabel("Zoek een lid").fill("niemand");
    await org.getByText("Geen leden gevonden").waitFor();
    await org.getByLabel("Zoek een lid").fill("");

    // The rare actions wait behind a menu that opens from the keyboard.
    const ann = org.locator(".member-group li", { hasText: "Ann Peeters" });
    const remove = ann.getByRole("button", { name: /Verwijderen uit de groep/ });
    expect(await remove.isVisible()).toBe(false);
    await ann.locator("summary").focus();
    await org.keyboard.press("Enter");
    await remove.waitFor({ state: "visible" });
    await org.keyboard.press("Tab");
    expect(await org.evaluate(() => document.activeElement?.textContent ?? "")).toMatch(/Maak voorzitter|Maak procescoach/);
    expect(await org.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    // Without JavaScript the search field is a GET form.
    const plain = await app.newPage({ javaScriptEnabled: false });
    await login(plain, g.organiser.email);
    await plain.goto(`/groups/${groupId}/members`);
    await plain.getByLabel("Zoek een lid").fill("bert");
    await Promise.all([plain.waitForURL(/\?q=bert$/), plain.getByLabel("Zoek een lid").press("Enter")]);
    expect(await plain.locator(".member-group li").count()).toBe(1);
    expect(await plain.locator(".member-group li").innerText()).toContain("Bert Claes");

    // A leader: a Guests tab (consenting is all a leader does there), no Manage members.
    const leader = await app.newPage({ viewport: { width: 375, height: 800 } });
    await login(leader, g.leaders[0].email);
    await leader.goto(`/groups/${groupId}`);
    const tabs = leader.getByRole("navigation", { name: "Intervisie Zuid" });
    await tabs.getByRole("link", { name: "Gasten" }).click();
    await leader.getByRole("button", { name: /Ik stem in/ }).waitFor();
    expect(await tabs.getByRole("link", { name: "Leden beheren" }).count()).toBe(0);
    expect(await leader.locator(".member-group").count()).toBe(0);
    expect(await leader.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });
});

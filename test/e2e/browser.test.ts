// End to end in a real browser (Debian chromium through playwright-core) against the whole app:
// invite by mail, first sign-in, charter gate, live presence both ways, outsiders see 404 on every
// group page and receive no presence of a foreign group, axe (serious/critical) and a 375px layout.
// Waits are on locators, events and ack round trips, never on time.
import { afterEach, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { buildGroup } from "../factories";
import { closeClients, connectAs, record, roundTrip, waitFor } from "../socket";
import { axeSerious, login, setupBrowser, type AxeViolation } from "./harness";

const app = setupBrowser();
const { newPage } = app;

afterEach(() => closeClients());

const sessionCookie = async (page: Page) => {
  const cookie = (await page.context().cookies()).find((c) => c.name === "lk_session");
  if (!cookie) throw new Error("no lk_session cookie in this browser context");
  return cookie.value;
};

describe("content security policy", () => {
  it("each page gets a script policy with a nonce of its own, which only the page's own scripts carry; an injected inline script does not run", async () => {
    const page = await newPage();
    const res = await page.goto("/login");
    const nonceOf = (csp: string | undefined) => /(?:^|; )script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'(?:;|$)/.exec(csp ?? "")?.[1];
    const nonce = nonceOf(res?.headers()["content-security-policy"]);
    expect(nonce).toBeTruthy();
    expect(res?.headers()["content-security-policy"]).toContain("object-src 'none'");
    // The page works under it: Remix's inline script (with the nonce) set its context, and the
    // app's modules hydrated the page (the router exists). Nothing was refused.
    await page.waitForFunction(() => "__remixContext" in window && "__remixRouter" in window);
    expect(app.takeCspRefusals()).toEqual([]);

    // Every script in the HTML carries this response's nonce; another request gets another nonce.
    const other = await page.request.get("/login");
    const otherNonce = nonceOf(other.headers()["content-security-policy"]);
    expect(otherNonce).toBeTruthy();
    expect(otherNonce).not.toBe(nonce);
    const scripts = [...(await other.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${otherNonce}"`);

    // Markup that slips into a page cannot run script.
    const ran = await page.evaluate(async () => {
      const s = document.createElement("script");
      s.textContent = "window.__injected = true";
      document.body.append(s);
      await new Promise((r) => setTimeout(r, 0));
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => app.takeCspRefusals().join("\n")).toContain("script-src");
  });
});

describe("browser walk", () => {
  it("invite, charter, presence both ways, outsider 404s and no foreign presence, accessibility and 375px", {
    timeout: 120_000,
  }, async () => {
    const a = await buildGroup({ leaders: 2, name: "Groep Noord" });
    const b = await buildGroup({ leaders: 1, coaches: 1, name: "Groep Zuid" });
    const groupA = String(a.group._id);
    const groupB = String(b.group._id);
    const [leaderA1, leaderA2] = a.leaders;
    const newEmail = "nieuwe.leider@example.test";
    const axe: AxeViolation[] = [];

    // Organiser invites a new leader into group A.
    const org = await newPage();
    await org.goto("/login");
    axe.push(...(await axeSerious(org, "login")));
    await login(org, a.organiser.email);
    await org.goto(`/groups/${groupA}/members`);
    axe.push(...(await axeSerious(org, "members")));
    const inviteForm = org.locator('form:has(select[name="role"])');
    await inviteForm.locator('input[name="email"]').fill(newEmail);
    await inviteForm.locator('select[name="role"]').selectOption("leader");
    await inviteForm.getByRole("button", { name: "Uitnodigen" }).click();
    await org.locator("p.notice[role=status]").waitFor();

    // The new leader follows the mailed link from the outbox, sets name and password.
    const fresh = await newPage();
    await fresh.goto("/dev/outbox");
    const href = await fresh.locator(`article[data-to="${newEmail}"] a[href*="/invite/"]`).first().getAttribute("href");
    expect(href).toMatch(/\/invite\//);
    await fresh.goto(href!);
    await fresh.locator('input[name="name"]').fill("Nieuwe Leider");
    await fresh.locator('input[name="password"]').fill("een lang nieuw wachtwoord");
    await fresh.locator('input[name="passwordConfirm"]').fill("een lang nieuw wachtwoord");
    await Promise.all([
      fresh.waitForURL((u) => u.pathname === "/"),
      fresh.locator('form:has(input[name="passwordConfirm"]) button[type="submit"]').click(),
    ]).catch(async (e) => {
      throw new Error(`accepting the invite failed; page says: ${await fresh.locator("body").innerText()}`, { cause: e });
    });
    await fresh.getByText("Groep Noord").first().waitFor();
    axe.push(...(await axeSerious(fresh, "dashboard")));

    // The group is behind the charter until accepted.
    await fresh.goto(`/groups/${groupA}`);
    await fresh.waitForURL((u) => u.pathname === `/groups/${groupA}/charter`);
    axe.push(...(await axeSerious(fresh, "charter")));
    await fresh.getByRole("button", { name: "Ik aanvaard deze afspraken" }).click();
    await fresh.locator("p.notice").waitFor();
    await fresh.goto(`/groups/${groupA}`);
    expect(new URL(fresh.url()).pathname).toBe(`/groups/${groupA}`);
    await fresh.getByRole("heading", { name: "Nu online" }).waitFor();

    // An existing leader of group A is on the group page: each sees the other online.
    const lead = await newPage();
    await login(lead, leaderA1.email);
    await lead.goto(`/groups/${groupA}`);
    await fresh.getByTestId("online-list").getByText(leaderA1.name).waitFor();
    await lead.getByTestId("online-list").getByText("Nieuwe Leider").waitFor();
    axe.push(...(await axeSerious(fresh, "group overview")));

    await fresh.goto(`/groups/${groupA}/who-sees-what`);
    axe.push(...(await axeSerious(fresh, "who-sees-what")));

    // The protocols: reached from the group's tabs, each a disclosure a keyboard opens, 375 px wide.
    await fresh.goto(`/groups/${groupA}`);
    await fresh.getByRole("link", { name: "Werkvormen" }).click();
    await fresh.getByRole("heading", { name: "Intervisiewerkvormen" }).waitFor();
    const incident = fresh.locator("summary", { hasText: "Incidentmethode" });
    await incident.focus();
    await fresh.keyboard.press("Enter");
    await fresh.getByRole("heading", { name: /Vragen noteren/ }).waitFor();
    await fresh.getByText("verborgen tot alles samen zichtbaar wordt").first().waitFor();
    axe.push(...(await axeSerious(fresh, "protocols")));
    await fresh.setViewportSize({ width: 375, height: 800 });
    expect(await fresh.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(376);

    // 375px wide: no horizontal overflow on the group page.
    await fresh.setViewportSize({ width: 375, height: 800 });
    await fresh.goto(`/groups/${groupA}`);
    await fresh.getByRole("heading", { name: "Nu online" }).waitFor();
    const scrollWidth = await fresh.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(376);

    // A leader of group B: every page of group A is a 404.
    const outsider = await newPage();
    await login(outsider, b.leaders[0].email);
    for (const suffix of ["", "/charter", "/members", "/who-sees-what", "/protocols", "/audit"]) {
      const res = await outsider.goto(`/groups/${groupA}${suffix}`);
      expect(res?.status(), `GET /groups/<A>${suffix}`).toBe(404);
    }

    // ...and its socket hears nothing of group A while A's members come and go.
    const bSocket = await connectAs(app.server.url, await sessionCookie(outsider));
    const heard = record(bSocket, "presence:state");
    const own = await bSocket.timeout(5000).emitWithAck("presence:list", { groupId: groupB });
    expect(own.ok).toBe(true);
    const foreign = await bSocket.timeout(5000).emitWithAck("presence:list", { groupId: groupA });
    expect(foreign).toMatchObject({ ok: false, error: { code: "not_found" } });

    const observer = await connectAs(app.server.url, await sessionCookie(fresh));
    const a2Page = await newPage();
    await login(a2Page, leaderA2.email);
    // Bounds are generous: CI machines are shared, and argon2 and Chromium compete for 2 cores.
    const cameOnline = waitFor(observer, "presence:state", (s) => s.groupId === groupA && s.userIds.includes(String(leaderA2._id)), {
      timeout: 15_000,
    });
    const a2Socket = await connectAs(app.server.url, await sessionCookie(a2Page));
    await cameOnline;
    const wentOffline = waitFor(observer, "presence:state", (s) => s.groupId === groupA && !s.userIds.includes(String(leaderA2._id)), {
      timeout: 15_000,
    });
    a2Socket.disconnect();
    await wentOffline;
    await roundTrip(bSocket);
    const again = await bSocket.timeout(5000).emitWithAck("presence:list", { groupId: groupB });
    expect(again.ok).toBe(true);
    expect(heard.events.filter((s) => s.groupId === groupA)).toEqual([]);
    heard.stop();

    if (axe.length) console.log(`axe serious/critical violations:\n${JSON.stringify(axe, null, 2)}`);
    expect(axe).toEqual([]);
  });
});

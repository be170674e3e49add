// The HTTP door as an attacker sees it: real server, real database, real requests.
import { startAppServer, type RunningApp } from "../test/e2e/app-server";
import { buildGroup, buildUser, PASSWORD } from "../test/factories";
import { httpClient as client, loginAs as login } from "../test/http-client";
import { Membership } from "../models/group/group.model";
import { Session } from "../models/session/session.model";
import { translate } from "../models/i18n/i18n";
import { LIMITS } from "../models/shared/limits.constants";

let app: RunningApp;
beforeEach(async () => {
  app = await startAppServer();
});
afterEach(async () => {
  await app.close();
});

describe("HTTP boundary", () => {
  it("healthz reports MongoDB and Redis state", async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", mongodb: "up", redis: "not_configured" });
  });

  it("answers unknown routes with a 404 page and no stack trace", async () => {
    const res = await fetch(`${app.url}/does/not/exist`);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain("404");
    expect(html).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it("logs in with a fresh session id, and refuses a wrong password with a localised message", async () => {
    const user = await buildUser();
    const c = client(app.url);
    const bad = await login(c, user.email, "wrong password!");
    expect(bad.status).toBe(401);
    expect(await bad.text()).toContain("E-mailadres of wachtwoord klopt niet.");
    c.jar.set("lk_session", "planted-session-id-aaaaaaaaaaaaaaaa");
    const ok = await login(c, user.email);
    expect(ok.status).toBe(302);
    expect(c.jar.get("lk_session")).not.toBe("planted-session-id-aaaaaaaaaaaaaaaa");
    expect(ok.headers.getSetCookie().find((s) => s.startsWith("lk_session="))).toMatch(/HttpOnly/i);
    expect(ok.headers.getSetCookie().find((s) => s.startsWith("lk_session="))).toMatch(/SameSite=Lax/i);
    expect(await Session.countDocuments({ userId: user._id })).toBe(1);
  });

  it("refuses a form without the CSRF field, and a foreign Origin, changing nothing", async () => {
    const user = await buildUser();
    const c = client(app.url);
    await c.csrf();
    const noToken = await c.post("/login", { email: user.email, password: PASSWORD });
    expect(noToken.status).toBe(403);
    const _csrf = await c.csrf();
    const foreign = await c.post("/login", { _csrf, email: user.email, password: PASSWORD }, { origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect(await Session.countDocuments({ userId: user._id })).toBe(0);
  });

  it("refuses a form with Origin: null (a sandboxed frame, a data: or file: page) like any foreign origin", async () => {
    const user = await buildUser();
    const c = client(app.url);
    const _csrf = await c.csrf();
    const res = await c.post("/login", { _csrf, email: user.email, password: PASSWORD }, { origin: "null" });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain(translate("nl", "request.foreignOrigin"));
    expect(await Session.countDocuments({ userId: user._id })).toBe(0);
    // The same form from our own origin goes through.
    const own = await c.post("/login", { _csrf, email: user.email, password: PASSWORD }, { origin: app.url });
    expect(own.status).toBe(302);
  });

  it.each([
    ["email[$ne]", "x"],
    ["email", '{"$ne":null}'],
    ["email", '{"$gt":""}'],
  ])("never lets %s=%s become a query operator", async (field, value) => {
    const user = await buildUser();
    const c = client(app.url);
    const _csrf = await c.csrf();
    const res = await c.post("/login", { _csrf, [field]: value, password: PASSWORD });
    expect(res.status).toBe(400);
    expect(await Session.countDocuments({ userId: user._id })).toBe(0);
  });

  it("refuses an oversized body with 413", async () => {
    const c = client(app.url);
    const _csrf = await c.csrf();
    const res = await c.post("/login", new URLSearchParams({ _csrf, email: "a@b.c", password: "x".repeat(200_000) }).toString());
    expect(res.status).toBe(413);
  });

  it("slows down failed logins of an account with a 429 that says how long to wait, and never counts a success", async () => {
    const user = await buildUser();
    const c = client(app.url);
    // Ten logins from this address (each a fresh browser): more than the old limit of 8 attempts.
    for (let i = 0; i < 10; i++) expect((await login(client(app.url), user.email)).status).toBe(302);
    const _csrf = await c.csrf();
    const wrong = () => c.post("/login", { _csrf, email: user.email, password: "wrong password!" });
    for (let i = 0; i < LIMITS.login.freeFailures; i++) expect((await wrong()).status).toBe(401);
    // Each checked failure doubles the wait (1 s, 2 s, 4 s …): the wrong password soon meets one.
    let refused: Response | null = null;
    for (let i = 0; i < 10 && !refused; i++) {
      const res = await wrong();
      if (res.status === 429) refused = res;
      else expect(res.status).toBe(401);
    }
    expect(refused?.status).toBe(429);
    const wait = Number(refused!.headers.get("Retry-After"));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(LIMITS.login.maxWaitSeconds);
    expect(await refused!.text()).toMatch(/Te veel pogingen\. Probeer het over \d+ (seconden?|minuten?) opnieuw\./);
  }, 120_000); // argon2 verifications by design: slow on a loaded 2-core machine

  it("refuses more reset mails for one address with a 429 that says how long to wait", async () => {
    const user = await buildUser();
    const c = client(app.url);
    const _csrf = await c.csrf("/forgot");
    const ask = () => c.post("/forgot", { _csrf, email: user.email });
    for (let i = 0; i < LIMITS.passwordReset.perAccount.points; i++) expect((await ask()).status).toBe(200);
    const refused = await ask();
    expect(refused.status).toBe(429);
    const wait = Number(refused.headers.get("Retry-After"));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(LIMITS.passwordReset.perAccount.seconds);
    expect(await refused.text()).toMatch(/Te veel pogingen\. Probeer het over \d+ minuten? opnieuw\./);
  });

  it("a made-up X-Forwarded-For does not escape the per-address login limit", async () => {
    const c = client(app.url);
    let last: Response | null = null;
    for (let i = 0; i < 31; i++) {
      const _csrf = await c.csrf();
      last = await c.post(
        "/login",
        { _csrf, email: `nobody-${i}@example.test`, password: "wrong password!" },
        { "x-forwarded-for": `10.0.0.${i}` },
      );
    }
    expect(last!.status).toBe(429);
  }, 120_000); // 31 logins, each an argon2 verification by design: slow on a loaded 2-core machine

  it("logout ends every session of the user", async () => {
    const user = await buildUser();
    const a = client(app.url);
    const b = client(app.url);
    await login(a, user.email);
    await login(b, user.email);
    expect(await Session.countDocuments({ userId: user._id })).toBe(2);
    const _csrf = await a.csrf("/");
    expect((await a.post("/logout", { _csrf })).status).toBe(302);
    expect(await Session.countDocuments({ userId: user._id })).toBe(0);
    expect((await b.get("/")).headers.get("location")).toMatch(/^\/login/);
  });

  it("a removed member gets 404 on the group at once", async () => {
    const { group, leaders } = await buildGroup({ leaders: 5 });
    const c = client(app.url);
    await login(c, leaders[0].email);
    expect((await c.get(`/groups/${group._id}`)).status).toBe(200);
    await Membership.updateOne({ groupId: group._id, userId: leaders[0]._id }, { $set: { status: "removed" } });
    expect((await c.get(`/groups/${group._id}`)).status).toBe(404);
  });

  it("sends a member who has not accepted the current charter to the charter page", async () => {
    const { group, leaders } = await buildGroup({ leaders: 5 });
    await Membership.updateOne({ groupId: group._id, userId: leaders[1]._id }, { $set: { acceptedCharterVersion: 0 } });
    const c = client(app.url);
    await login(c, leaders[1].email);
    const res = await c.get(`/groups/${group._id}`);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/groups/${group._id}/charter`);
  });
});

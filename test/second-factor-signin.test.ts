// Signing in with a second factor over the real HTTP door (decision 039): the password, then the code
// computed here from the secret the page shows, as an authenticator app would; a coach without a
// factor sets it up right after the password and gets the recovery codes once; a recovery code signs
// in once; no page of the app opens halfway.
import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type RunningApp } from "./e2e/app-server";
import { buildGroup } from "./factories";
import { httpClient, loginAs, type HttpClient } from "./http-client";

let app: RunningApp;
beforeAll(async () => {
  app = await startAppServer();
});
afterAll(() => app?.close());

/** The code an app shows `steps` periods from now (each code is taken once: a second sign-in within the
 *  same 30 s uses the next one, which the server accepts one step early). */
const codeFor = (secretText: string, steps = 0) =>
  TOTP.generate({ secret: Secret.fromBase32(secretText.replace(/\s/g, "")), timestamp: Date.now() + steps * 30_000 });
const decode = (s: string) =>
  s
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
const secretOnPage = (html: string) => /class="mfa-secret">([A-Z2-7 ]+)</.exec(html)?.[1] ?? "";
const recoveryCodesOn = (html: string) => [...decode(html).matchAll(/<code>([a-z2-9]{5}-[a-z2-9]{5})<\/code>/g)].map((m) => m[1]);

async function postCode(c: HttpClient, path: string, code: string) {
  return c.post(path, { _csrf: await c.csrf(path), code });
}

describe("second factor at sign-in", () => {
  it("a coach enrols right after the password, then signs in with the password and a code; a recovery code works once", async () => {
    const { coaches, group } = await buildGroup({ leaders: 1, coaches: 1 });
    const coach = coaches[0];
    const c = httpClient(app.url);

    // The password: no session yet, only the pending sign-in, and the enrolment page.
    const first = await loginAs(c, coach.email);
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe("/login/enrol");
    expect(c.jar.get("lk_session")).toBeUndefined();
    expect((await c.get(`/groups/${group._id}`)).headers.get("location")).toMatch(/^\/login\?next=/);

    const page = await (await c.get("/login/enrol")).text();
    expect(page).toContain('src="data:image/svg+xml;base64,');
    const secret = secretOnPage(page);
    expect(secret.replace(/\s/g, "")).toMatch(/^[A-Z2-7]{32}$/);
    expect((await postCode(c, "/login/enrol", "000000")).status).toBe(401);
    const enrolCode = codeFor(secret);
    const done = await postCode(c, "/login/enrol", enrolCode);
    expect(done.status).toBe(200);
    const codes = recoveryCodesOn(await done.text());
    expect(codes).toHaveLength(10);
    expect(c.jar.get("lk_session")).toBeTruthy();
    expect((await c.get(`/groups/${group._id}`)).status).toBe(200);
    // The pending sign-in was used up: its page now says to start again.
    expect(await (await c.get("/login/enrol")).text()).toContain("verlopen");

    // A new browser: password, then the code.
    const d = httpClient(app.url);
    expect((await loginAs(d, coach.email)).headers.get("location")).toBe("/login/verify");
    expect((await postCode(d, "/login/verify", "000000")).status).toBe(401);
    // The code the enrolment used is spent; the same code again is refused, the next one works.
    expect((await postCode(d, "/login/verify", enrolCode)).status).toBe(401);
    const signedIn = await postCode(d, "/login/verify", codeFor(secret, 1));
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get("location")).toBe("/");
    expect((await d.get("/settings")).status).toBe(200);

    // Lost phone: a recovery code, once.
    const e = httpClient(app.url);
    await loginAs(e, coach.email);
    expect((await postCode(e, "/login/verify", codes[0])).status).toBe(302);
    const f = httpClient(app.url);
    await loginAs(f, coach.email);
    expect((await postCode(f, "/login/verify", codes[0])).status).toBe(401);
  });

  it("a leader without a factor signs in with the password alone; the settings page lists the device", async () => {
    const { leaders } = await buildGroup({ leaders: 1 });
    const c = httpClient(app.url, { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36" });
    const res = await loginAs(c, leaders[0].email);
    expect(res.headers.get("location")).toBe("/");
    const html = decode(await (await c.get("/settings")).text());
    expect(html.replace(/<!-- -->/g, "")).toContain("Chrome · Linux (dit toestel)");
    expect(html).toContain("Instellen");
  });
});

// Sign in with the school's own account (decision 063), over the real HTTP door against a real OpenID
// provider (oidc-provider 9) on a free port: the organiser sets the provider up; a linked leader signs
// in; an address the trajectory does not know is refused and nothing is created; a wrong state or nonce
// is refused; coaches still give their second factor; the client secret appears in no page and no log.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditEvent } from "../models/audit/audit.model";
import { OidcAttempt, OidcConfig, OidcLink } from "../models/oidc/oidc.model";
import { Session } from "../models/session/session.model";
import { createSession } from "../models/session/session.service";
import { User } from "../models/user/user.model";
import { Membership } from "../models/group/group.model";
import { createLogger } from "../server/log";
import { startAppServer, type RunningApp } from "./e2e/app-server";
import { addMembership, buildGroup, buildUser } from "./factories";
import { httpClient, type HttpClient } from "./http-client";
import { startTestProvider, type TestProvider } from "./oidc-provider";

const SECRET = "sch00l-client-secret-7c1e9b2d";
const logLines: string[] = [];
let app: RunningApp;
let idp: TestProvider;

beforeAll(async () => {
  const log = createLogger({ level: "info", destination: { write: (line: string) => void logLines.push(line) } });
  app = await startAppServer({}, { log });
  idp = await startTestProvider({
    redirectUri: `${app.url}/login/school/callback`,
    clientSecret: SECRET,
    accounts: {
      an: { email: "an@school.test", name: "An Peeters" },
      coach: { email: "coach@school.test" },
      invited: { email: "ines@school.test", name: "Ines Invited" },
      stranger: { email: "zoe@school.test" },
      elsewhere: { email: "els@school.test" },
      unverified: { email: "uma@school.test", email_verified: false },
    },
  });
});
afterAll(async () => {
  await idp?.close();
  await app?.close();
});

/** A group whose trajectory signs in with the test provider for school.test (set by its organiser). */
async function configured() {
  const g = await buildGroup({ leaders: 1, coaches: 0 });
  const { services, sessionSecret } = app.app.context;
  await services.schoolSignIn.saveSchoolSignIn(
    services.as({ id: String(g.organiser._id), isOrganiser: true }),
    sessionSecret,
    String(g.trajectory._id),
    {
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: SECRET,
      domains: ["school.test"],
    },
  );
  return g;
}

/** /login/school with `email`: the redirect to the provider (the browser's lk_oidc cookie kept in `c`). */
async function start(c: HttpClient, email: string) {
  const res = await c.post("/login/school", { _csrf: await c.csrf("/login/school"), email });
  return res;
}

/** The whole sign-in as `login` at the provider: the app's answer at the callback. */
async function signIn(c: HttpClient, email: string, login: string) {
  const res = await start(c, email);
  expect(res.status).toBe(302);
  const back = await idp.signIn(res.headers.get("location")!, login);
  expect(back.pathname).toBe("/login/school/callback");
  return c.get(back.pathname + back.search);
}

describe("sign in with the school's account", () => {
  it("the organiser sets the provider up on the trajectory's page; the secret is sealed and never shown back", async () => {
    const { organiser, trajectory } = await buildGroup({ leaders: 1 });
    const c = httpClient(app.url);
    c.jar.set("lk_session", await createSession(String(organiser._id)));
    const path = `/trajectories/${trajectory._id}/sign-in`;
    expect(await (await c.get(path)).text()).toContain("Nog niet ingesteld");

    const form = {
      intent: "save",
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: SECRET,
      domains: "School.test, school.test\nacademie.test",
    };
    const saved = await c.post(path, { _csrf: await c.csrf(path), ...form });
    expect(saved.status).toBe(200);
    const savedPage = await saved.text();
    expect(savedPage).toContain("Bewaard.");
    expect(savedPage).not.toContain(SECRET);

    const page = await (await c.get(path)).text();
    expect(page).toContain(idp.issuer);
    expect(page).toContain("er is er een bewaard");
    expect(page).not.toContain(SECRET);
    const row = await OidcConfig.findById(trajectory._id).lean();
    expect(row?.domains).toEqual(["school.test", "academie.test"]);
    expect(JSON.stringify(row)).not.toContain(SECRET);

    // An empty secret keeps the stored one (the provider still accepts the client), and the change is audited.
    const again = await c.post(path, { _csrf: await c.csrf(path), ...form, clientSecret: "", domains: "school.test" });
    expect(again.status).toBe(200);
    const audit = await AuditEvent.find({ trajectoryId: trajectory._id, type: "school_sign_in_configured" }).lean();
    expect(audit.map((a) => a.data.secretChanged)).toEqual([1, 0]);
    expect(JSON.stringify(audit)).not.toContain(SECRET);

    // An issuer where no provider answers is refused at the field, and nothing changes.
    const bad = await c.post(path, { _csrf: await c.csrf(path), ...form, issuer: "http://127.0.0.1:1" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("antwoordt geen OpenID-aanbieder");
    expect((await OidcConfig.findById(trajectory._id).lean())?.issuer).toBe(idp.issuer);

    // Turned off: audited, and the login page no longer finds a provider for the domain.
    expect((await c.post(path, { _csrf: await c.csrf(path), intent: "remove" })).status).toBe(200);
    expect(await AuditEvent.countDocuments({ trajectoryId: trajectory._id, type: "school_sign_in_removed" })).toBe(1);
    const anon = httpClient(app.url);
    const none = await start(anon, "an@school.test");
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("niet ingesteld");
  });

  it("a leader of the trajectory signs in (linked at the first sign-in, audited) and again later", async () => {
    const { group, trajectory } = await configured();
    const an = await buildUser({ email: "an@school.test" });
    await addMembership(group, an, { role: "leader", status: "active" });
    const c = httpClient(app.url);
    const done = await signIn(c, "an@school.test", "an");
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/");
    expect(c.jar.get("lk_session")).toBeTruthy();
    expect(c.jar.get("lk_oidc")).toBe(""); // cleared
    expect((await c.get(`/groups/${group._id}`)).status).toBe(200);
    expect(await OidcLink.countDocuments({ userId: an._id, trajectoryId: trajectory._id })).toBe(1);
    expect(await AuditEvent.countDocuments({ groupId: group._id, type: "school_account_linked", subjectId: an._id })).toBe(1);

    const later = httpClient(app.url);
    expect((await signIn(later, "an@school.test", "an")).status).toBe(302);
    expect(later.jar.get("lk_session")).toBeTruthy();
    expect(await OidcLink.countDocuments({ userId: an._id })).toBe(1);
  });

  it("an invited leader's first sign-in activates the account and the invitation; a coach still gives a second factor", async () => {
    const { group } = await configured();
    const ines = await buildUser({ email: "ines@school.test", name: "", status: "invited" });
    await addMembership(group, ines, { role: "leader", status: "invited" });
    const c = httpClient(app.url);
    expect((await signIn(c, "ines@school.test", "invited")).status).toBe(302);
    const after = await User.findById(ines._id).lean();
    expect(after).toMatchObject({ status: "active", name: "Ines Invited" });
    expect((await Membership.findOne({ userId: ines._id, groupId: group._id }).lean())?.status).toBe("active");

    const coach = await buildUser({ email: "coach@school.test" });
    await addMembership(group, coach, { role: "coach", status: "active" });
    const k = httpClient(app.url);
    const res = await signIn(k, "coach@school.test", "coach");
    expect(res.headers.get("location")).toBe("/login/enrol");
    expect(k.jar.get("lk_session")).toBeUndefined();
    expect(k.jar.get("lk_pending")).toBeTruthy();
  });

  it("a stranger with a valid provider account, an account of another trajectory and an unverified address are refused; nothing is created", async () => {
    await configured();
    const other = await buildGroup({ leaders: 0 });
    const els = await buildUser({ email: "els@school.test" });
    await addMembership(other.group, els, { role: "leader", status: "active" });
    const users = await User.countDocuments();
    const sessions = await Session.countDocuments();

    for (const [email, login] of [
      ["zoe@school.test", "stranger"],
      ["els@school.test", "elsewhere"],
      ["uma@school.test", "unverified"],
    ]) {
      const c = httpClient(app.url);
      const res = await signIn(c, email, login);
      expect(res.status, login).toBe(403);
      const page = await res.text();
      expect(page).toContain("Met dit schoolaccount kun je niet in Leerkring");
      expect(c.jar.get("lk_session")).toBeUndefined();
    }
    expect(await User.countDocuments()).toBe(users);
    expect(await User.countDocuments({ email: "zoe@school.test" })).toBe(0);
    expect(await Session.countDocuments()).toBe(sessions);
    expect(await OidcLink.countDocuments()).toBe(0);
    expect(await AuditEvent.countDocuments({ type: "school_account_linked" })).toBe(0);
  });

  it("a wrong state or nonce is refused, and the sign-in is used up", async () => {
    const { group } = await configured();
    const an = await buildUser({ email: "an@school.test" });
    await addMembership(group, an, { role: "leader", status: "active" });

    const c = httpClient(app.url);
    const res = await start(c, "an@school.test");
    const back = await idp.signIn(res.headers.get("location")!, "an");
    const forged = new URL(back);
    forged.searchParams.set("state", "not-the-state");
    const refused = await c.get(forged.pathname + forged.search);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Deze aanmelding is verlopen, al gebruikt of klopte niet");
    expect(c.jar.get("lk_session")).toBeUndefined();
    // The right answer afterwards finds no sign-in any more (one use), and one without the cookie neither.
    expect((await c.get(back.pathname + back.search)).status).toBe(400);
    expect((await httpClient(app.url).get(back.pathname + back.search)).status).toBe(400);

    const d = httpClient(app.url);
    const started = await start(d, "an@school.test");
    const answer = await idp.signIn(started.headers.get("location")!, "an");
    // The stored nonce is not the one the provider put in the ID token.
    expect((await OidcAttempt.updateMany({}, { $set: { nonce: "another-nonce-value" } })).matchedCount).toBe(1);
    const wrongNonce = await d.get(answer.pathname + answer.search);
    expect(wrongNonce.status).toBe(400);
    expect(d.jar.get("lk_session")).toBeUndefined();
    expect(await OidcLink.countDocuments()).toBe(0);
  });

  it("the client secret appears in no page and no log line", () => {
    // Every test above ran through this app; its log (level info: every request) holds no secret.
    expect(logLines.length).toBeGreaterThan(10);
    expect(logLines.join("\n")).not.toContain(SECRET);
  });
});

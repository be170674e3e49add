// The e-mail notification doors, called as functions with real Requests: the settings section's
// form (signed in) and the unsubscribe link (no session: the signed token is the proof).
import { describe, expect, it } from "vitest";
import { getMailPrefs, unsubscribeToken } from "../models/notify/notify.service";
import { createSession } from "../models/session/session.service";
import * as settingsRoute from "../app/routes/settings";
import * as unsubscribeRoute from "../app/routes/unsubscribe.$token";
import { buildUser, ctxFor } from "./factories";
import { routeTestContext, settle } from "./route-context";

const SECRET = "mail-routes-secret-0123456789abcdefghijkl";
const { context, request } = routeTestContext(SECRET);
const call = async (fn: () => unknown) => {
  const res = await settle(fn);
  if (!(res instanceof Response)) throw new Error(`expected a Response, got ${JSON.stringify(res)}`);
  return res;
};

describe("settings: e-mail choices", () => {
  const post = (session: string, form: Record<string, string>) =>
    call(() =>
      settingsRoute.action({ request: request("http://x/settings", session, { intent: "mail", ...form }), context, params: {} } as never),
    );

  it("the page shows the user's choices; the section's intent stores them and says so", async () => {
    const user = await buildUser();
    const session = await createSession(String(user._id));
    const loaded = await settingsRoute.loader({ request: request("http://x/settings", session), context, params: {} } as never);
    const page = (await loaded.json()) as { mailPrefs: unknown };
    expect(page.mailPrefs).toEqual({
      mention: "immediately",
      reply: "daily",
      meeting: "immediately",
      case: "immediately",
      plan: "immediately",
    });

    const form = { mention: "daily", reply: "off", meeting: "immediately", case: "immediately", plan: "daily" };
    const res = await post(session, form);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, intent: "mail" });
    expect(await getMailPrefs(ctxFor(user))).toEqual(form);
  });

  it("refuses a choice no form sends, a missing kind, an extra field or a stale form, and changes nothing", async () => {
    const user = await buildUser();
    const session = await createSession(String(user._id));
    const bad: Record<string, string>[] = [
      { mention: "hourly", reply: "off", meeting: "off", case: "off" },
      { mention: "off", reply: "off" },
      { mention: "off", reply: "off", meeting: "off", case: "off", plan: "off", digestHour: "3" },
    ];
    for (const form of bad) {
      const res = await post(session, form);
      expect(res.status, JSON.stringify(form)).toBe(400);
      expect(await res.json()).toMatchObject({ intent: "mail" });
    }
    const stale = new Request("http://x/settings", {
      method: "POST",
      headers: { Cookie: `lk_session=${session}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "mail", mention: "off", reply: "off", meeting: "off", case: "off" }),
    });
    const res = await call(() => settingsRoute.action({ request: stale, context, params: {} } as never));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ intent: "mail" });
    expect(await getMailPrefs(ctxFor(user))).toEqual({
      mention: "immediately",
      reply: "daily",
      meeting: "immediately",
      case: "immediately",
      plan: "immediately",
    });
  });

  it("someone signed out is sent to the login page", async () => {
    const res = await post("x".repeat(43), { mention: "off", reply: "off", meeting: "off", case: "off" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/login\?next=/);
  });
});

describe("unsubscribe link", () => {
  it("opening it, without a session, changes nothing and asks to confirm; the page's button turns the kind off", async () => {
    const user = await buildUser();
    const token = unsubscribeToken(SECRET, String(user._id), ["reply"]);
    const res = await call(() =>
      unsubscribeRoute.loader({ request: new Request(`http://x/unsubscribe/${token}`), context, params: { token } } as never),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ kinds: ["reply"] });
    expect((await getMailPrefs(ctxFor(user))).reply).toBe("daily"); // a link scanner opening it unsubscribes no one

    const confirm = new Request(`http://x/unsubscribe/${token}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "",
    });
    const done = await call(() => unsubscribeRoute.action({ request: confirm, context, params: { token } } as never));
    expect(done.status).toBe(200);
    expect(await done.json()).toEqual({ done: ["reply"] });
    expect((await getMailPrefs(ctxFor(user))).reply).toBe("off");
  });

  it("a mail client's one-click POST turns the kinds off (RFC 8058)", async () => {
    const user = await buildUser();
    const token = unsubscribeToken(SECRET, String(user._id), ["mention", "reply"]);
    const oneClick = new Request(`http://x/unsubscribe/${token}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    const res = await call(() => unsubscribeRoute.action({ request: oneClick, context, params: { token } } as never));
    expect(res.status).toBe(204);
    expect(await getMailPrefs(ctxFor(user))).toEqual({
      mention: "off",
      reply: "off",
      meeting: "immediately",
      case: "immediately",
      plan: "immediately",
    });
  });

  it("a changed link is a 404 with an explanation, and changes nothing", async () => {
    const user = await buildUser();
    const token = unsubscribeToken(SECRET, String(user._id), ["mention"]).replace(".mention.", ".meeting.");
    const res = await call(() =>
      unsubscribeRoute.loader({ request: new Request(`http://x/unsubscribe/${token}`), context, params: { token } } as never),
    );
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ kinds: null });
    const post = await call(() =>
      unsubscribeRoute.action({
        request: new Request(`http://x/unsubscribe/${token}`, { method: "POST" }),
        context,
        params: { token },
      } as never),
    );
    expect(post.status).toBe(404);
    expect(await getMailPrefs(ctxFor(user))).toEqual({
      mention: "immediately",
      reply: "daily",
      meeting: "immediately",
      case: "immediately",
      plan: "immediately",
    });
  });
});

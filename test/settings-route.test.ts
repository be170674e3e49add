// The settings page's forms, called as functions with real Requests: the profile's bad input gets a
// localised error marked as the profile form's and changes nothing; a saved profile sets the page
// language's cookie; the root loader then gives the profile's language and time zone.
import { describe, expect, it } from "vitest";
import { createSession } from "../models/session/session.service";
import { User } from "../models/user/user.model";
import { buildUser } from "./factories";
import { routeTestContext, settle } from "./route-context";
import * as settingsRoute from "../app/routes/settings";
import * as root from "../app/root";

const SECRET = "settings-route-secret-0123456789abcdefghijk";
const { context, request } = routeTestContext(SECRET);

const PROFILE = { intent: "profile", name: "Ann Peeters", school: "", careerPhase: "", yearsAsLeader: "", schoolLevel: "", locale: "nl" };

async function post(session: string, form: Record<string, string>) {
  const res = await settle(() =>
    settingsRoute.action({ request: request("http://x/settings", session, form), context, params: {} } as never),
  );
  if (!(res instanceof Response)) throw new Error(`expected a Response, got ${String(res)}`);
  return res;
}

describe("settings: profile", () => {
  it("refuses an unknown time zone with the profile form's localised error and stores nothing", async () => {
    const user = await buildUser({ name: "Ann" });
    const session = await createSession(String(user._id));
    const res = await post(session, { ...PROFILE, timeZone: "Mars/Olympus", yearsAsLeader: "abc" });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body).toMatchObject({
      ok: false,
      intent: "profile",
      fieldErrors: { timeZone: "invalid_time_zone", yearsAsLeader: "invalid_number" },
    });
    expect(await User.findById(user._id).lean()).toMatchObject({ name: "Ann", timeZone: "Europe/Brussels" });
  });

  it("stores the profile, sets the language cookie, and the pages follow its language and zone", async () => {
    const user = await buildUser({ name: "Ann" });
    const session = await createSession(String(user._id));
    const res = await post(session, { ...PROFILE, locale: "en", timeZone: "Asia/Tokyo" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, intent: "profile" });
    expect(res.headers.get("Set-Cookie")).toMatch(/^lk_lang=en;/);
    // The root loader, with a Dutch cookie still in this request: the profile wins.
    const data = await (
      (await root.loader({ request: request("http://x/", session, undefined, "nl"), context, params: {} } as never)) as Response
    ).json();
    expect(data).toMatchObject({ locale: "en", timeZone: "Asia/Tokyo" });
  });
});

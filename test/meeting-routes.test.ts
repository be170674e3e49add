// The meeting page's, calendars' and attendance page's doors called as functions with real Requests
// (decisions 034/035): who gets what, and the organiser never the content.
import path from "node:path";
import { pathToFileURL } from "node:url";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { Meeting } from "../models/meeting/meeting.model";
import { createSession } from "../models/session/session.service";
import { buildGroup } from "./factories";
import { routeTestContext, settle } from "./route-context";

const SECRET = "meeting-routes-secret-0123456789abcdefghij";
const { context, request } = routeTestContext(SECRET);
const route = (file: string) => import(pathToFileURL(path.resolve("app/routes", file)).href);

async function scene() {
  const g = await buildGroup({ leaders: 2, coaches: 1, name: "Leergroep West" });
  const meeting = await Meeting.create({
    groupId: g.group._id,
    trajectoryId: g.trajectory._id,
    kind: "contact_day",
    title: "Casus Piet",
    startsAt: new Date("2027-01-12T08:00:00Z"),
    endsAt: new Date("2027-01-12T15:00:00Z"),
    place: "Kortrijk",
  });
  const params = { groupId: String(g.group._id), meetingId: String(meeting._id) };
  const url = `http://x/groups/${params.groupId}/meetings/${params.meetingId}`;
  return { ...g, params, url };
}

describe("the meeting page", () => {
  it("a leader reads it and starts the minutes (redirected to the document page); the organiser gets 404", async () => {
    const { leaders, organiser, params, url } = await scene();
    const page = await route("groups.$groupId.meetings_.$meetingId.tsx");
    const ann = await createSession(String(leaders[0]._id));
    const data = await page.loader({ request: request(url, ann), context, params });
    expect(data.meeting).toMatchObject({ id: params.meetingId, place: "Kortrijk", title: "Casus Piet" });
    const res = (await settle(() => page.action({ request: request(url, ann, { intent: "minutes" }), context, params }))) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(new RegExp(`^/groups/${params.groupId}/docs/[0-9a-f]{24}$`));
    const bad = (await settle(() =>
      page.action({ request: request(url, ann, { intent: "agendaAdd", title: "", link: "" }), context, params }),
    )) as Response;
    expect(bad.status).toBe(400);
    expect((await bad.json()).fieldErrors).toEqual({ title: "required" });

    const org = await createSession(String(organiser._id));
    for (const call of [
      () => page.loader({ request: request(url, org), context, params }),
      () => page.action({ request: request(url, org, { intent: "minutes" }), context, params }),
    ]) {
      expect(((await settle(call)) as Response).status).toBe(404);
    }
  });
});

describe("calendars", () => {
  it("the per-meeting .ics for a member; the feed at its secret URL from the settings page; 404 for anything else", async () => {
    const { leaders, organiser, params, url } = await scene();
    const ann = await createSession(String(leaders[0]._id));
    const ics = await route("groups.$groupId.meetings_.$meetingId.ics.ts");
    const file = (await ics.loader({ request: request(`${url}/ics`, ann), context, params })) as Response;
    expect(file.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    expect(file.headers.get("Content-Disposition")).toContain("attachment");
    const text = await file.text();
    expect(new ICAL.Component(ICAL.parse(text)).getAllSubcomponents("vevent")).toHaveLength(1);
    expect(text).not.toContain("Casus Piet");
    const org = await createSession(String(organiser._id));
    expect(((await settle(() => ics.loader({ request: request(`${url}/ics`, org), context, params }))) as Response).status).toBe(404);

    const settings = await route("settings.tsx");
    const made = (await settings.action({
      request: request("http://x/settings", ann, { intent: "calendar", op: "renew" }),
      context,
    })) as Response;
    const { url: feedUrl } = (await made.json()) as { url: string };
    expect(feedUrl).toMatch(/^http:\/\/x\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const feed = await route("calendar.$token.ts");
    const token = feedUrl.split("/").at(-1) as string;
    const got = (await feed.loader({ request: new Request(feedUrl), context, params: { token } })) as Response;
    expect(got.status).toBe(200);
    const events = new ICAL.Component(ICAL.parse(await got.text())).getAllSubcomponents("vevent");
    expect(events.map((e) => e.getFirstPropertyValue("summary"))).toEqual(["Leergroep West: Contactdag"]);

    await settings.action({ request: request("http://x/settings", ann, { intent: "calendar", op: "revoke" }), context });
    const gone = (await settle(() => feed.loader({ request: new Request(feedUrl), context, params: { token } }))) as Response;
    const never = (await settle(() =>
      feed.loader({ request: new Request("http://x/calendar/nope.ics"), context, params: { token: "nope.ics" } }),
    )) as Response;
    expect([gone.status, never.status]).toEqual([404, 404]);
    expect(await gone.text()).toBe(await never.text());
  });
});

describe("the organiser's attendance page", () => {
  it("shows dates and counts to the trajectory's organiser, and no title, place or name", async () => {
    const { organiser, trajectory, leaders } = await scene();
    const page = await route("trajectories.$trajectoryId_.attendance.tsx");
    const org = await createSession(String(organiser._id));
    const trajectoryId = String(trajectory._id);
    const data = await page.loader({
      request: request(`http://x/trajectories/${trajectoryId}/attendance`, org),
      context,
      params: { trajectoryId },
    });
    expect(data.groups[0].meetings).toHaveLength(1);
    const text = JSON.stringify(data);
    for (const s of ["Casus Piet", "Kortrijk", leaders[0].email, leaders[0].name]) expect(text).not.toContain(s);
  });
});

// The planning pages of network moments (issue 16 item 1, decision 066) called as functions with
// real Requests: the organiser plans through the form (block operations without JavaScript, errors
// per field with the draft kept), edits, names a facilitator and cancels; a participant finds the
// moment among theirs with its agenda and calendar file.
import path from "node:path";
import { pathToFileURL } from "node:url";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { Group } from "../models/group/group.model";
import { Moment } from "../models/moment/moment.model";
import { createSession } from "../models/session/session.service";
import { addMembership, buildGroup, buildUser } from "./factories";
import { routeTestContext, settle } from "./route-context";

const SECRET = "moment-routes-secret-0123456789abcdefghij";
const { context, request } = routeTestContext(SECRET);
const route = (file: string) => import(pathToFileURL(path.resolve("app/routes", file)).href);

async function scene() {
  const g = await buildGroup({ leaders: 2, coaches: 1, name: "Leergroep Gent" });
  const b = await Group.create({ trajectoryId: g.trajectory._id, name: "Leergroep Brugge", charterVersion: 1 });
  const bea = await buildUser();
  await addMembership(b, bea, { role: "leader", status: "active" });
  const trainer = await buildUser({ email: "trainer@example.test" });
  const trajectoryId = String(g.trajectory._id);
  return { ...g, b, bea, trainer, trajectoryId, url: `http://x/trajectories/${trajectoryId}/moments` };
}

const form = (groupIds: string[], extra: Record<string, string> = {}): Record<string, string> => ({
  intent: "plan",
  title: "Netwerkmoment voorjaar",
  date: "2099-03-18",
  time: "13:00",
  place: "Gent, De Krook",
  agenda: "Samen starten, aan tafels praten, oogsten.",
  ...Object.fromEntries(groupIds.map((id) => [`group.${id}`, "on"])),
  "blocks.0.key": "a",
  "blocks.0.kind": "plenary",
  "blocks.0.title": "Welkom en terugblik",
  "blocks.0.minutes": "30",
  "blocks.1.key": "b",
  "blocks.1.kind": "breakouts",
  "blocks.1.title": "Tafelgesprekken",
  "blocks.1.minutes": "45",
  "blocks.1.rule": "mixed",
  "blocks.1.size": "4",
  "blocks.1.protocolId": "troika",
  ...extra,
});

describe("planning a network moment through the pages", () => {
  it("the organiser moves and adds blocks (nothing stored), sees errors per field with the draft kept, then plans it", async () => {
    const s = await scene();
    const page = await route("trajectories.$trajectoryId_.moments.tsx");
    const org = await createSession(String(s.organiser._id));
    const params = { trajectoryId: s.trajectoryId };
    const post = async (body: Record<string, string>) =>
      (await settle(() => page.action({ request: request(s.url, org, body), context, params }))) as Response;

    const empty = await page.loader({ request: request(s.url, org), context, params });
    expect([empty.upcoming, empty.groups.map((g: { name: string }) => g.name)]).toEqual([[], ["Leergroep Brugge", "Leergroep Gent"]]);

    const groups = [String(s.group._id), String(s.b._id)];
    const moved = await (await post({ ...form(groups), op: "down:0" })).json();
    expect(moved.draft.blocks.map((b: { title: string }) => b.title)).toEqual(["Tafelgesprekken", "Welkom en terugblik"]);
    const added = await (await post({ ...form(groups), op: "add" })).json();
    expect(added.draft.blocks).toHaveLength(3);
    expect(new Set(added.draft.blocks.map((b: { key: string }) => b.key)).size).toBe(3);
    expect(await Moment.countDocuments({})).toBe(0);

    const bad = await post({ ...form(groups, { "blocks.1.minutes": "500", "blocks.1.size": "1", title: "" }), op: "save" });
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.fieldErrors).toEqual({ title: "required", "blocks.1.minutes": "moment_minutes", "blocks.1.size": "moment_size" });
    expect(body.draft.place).toBe("Gent, De Krook");
    const past = await post({ ...form(groups, { date: "2001-01-01" }), op: "save" });
    expect([past.status, (await past.json()).fieldErrors]).toEqual([400, { date: "moment_in_past" }]);
    expect(await Moment.countDocuments({})).toBe(0);

    const saved = await post({ ...form(groups), op: "save" });
    expect(saved.status).toBe(302);
    const id = /^\/moments\/([0-9a-f]{24})\/plan\?planned=1$/.exec(saved.headers.get("Location") ?? "")?.[1];
    expect(id).toBeDefined();
    const listed = await page.loader({ request: request(s.url, org), context, params });
    expect(listed.upcoming.map((m: { id: string; groupCount: number }) => [m.id, m.groupCount])).toEqual([[id, 2]]);
  });

  it("the plan page: edit, name a facilitator (an unknown address refused in words), cancel only when ticked", async () => {
    const s = await scene();
    const trajectories = await route("trajectories.$trajectoryId_.moments.tsx");
    const org = await createSession(String(s.organiser._id));
    const made = (await settle(() =>
      trajectories.action({
        request: request(s.url, org, { ...form([String(s.group._id)]), op: "save" }),
        context,
        params: { trajectoryId: s.trajectoryId },
      }),
    )) as Response;
    const momentId = /\/moments\/([0-9a-f]{24})\//.exec(made.headers.get("Location") ?? "")![1];
    const page = await route("moments.$momentId_.plan.tsx");
    const url = `http://x/moments/${momentId}/plan`;
    const params = { momentId };
    const post = async (session: string, body: Record<string, string>) =>
      (await settle(() => page.action({ request: request(url, session, body), context, params }))) as Response;

    const data = await page.loader({ request: request(url, org), context, params });
    expect(data).toMatchObject({
      title: "Netwerkmoment voorjaar",
      canName: true,
      local: { date: "2099-03-18", time: "13:00" },
      participantCount: 3,
    });
    const blockIds = data.blocks.map((b: { id: string }) => b.id);
    const edit = form([String(s.group._id), String(s.b._id)], {
      title: "Netwerkmoment lente",
      "blocks.0.id": blockIds[0],
      "blocks.1.id": blockIds[1],
    });
    expect((await post(org, { ...edit, op: "save" })).status).toBe(200);
    const after = (await Moment.findById(momentId).lean())!;
    expect([after.title, after.groupIds.length, after.blocks.map((b) => b._id)]).toEqual(["Netwerkmoment lente", 2, blockIds]);

    const unknown = await post(org, { intent: "name", email: "nobody@example.test" });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).fieldErrors).toEqual({ email: "moment_no_account" });
    expect((await post(org, { intent: "name", email: "trainer@example.test" })).status).toBe(200);
    const trainer = await createSession(String(s.trainer._id));
    expect(await page.loader({ request: request(url, trainer), context, params })).toMatchObject({
      canName: false,
      facilitators: [{ id: String(s.trainer._id) }],
    });

    const unticked = await post(trainer, { intent: "cancel" });
    expect(unticked.status).toBe(400);
    expect((await Moment.findById(momentId).lean())!.status).toBe("planned");
    expect((await post(trainer, { intent: "cancel", confirm: "on" })).status).toBe(302);
    expect((await Moment.findById(momentId).lean())!.status).toBe("cancelled");
  });

  it("my moments: a participant sees the upcoming one with its agenda and programme, and downloads its .ics", async () => {
    const s = await scene();
    const moment = await Moment.create({
      trajectoryId: s.trajectory._id,
      title: "Netwerkmoment voorjaar",
      startsAt: new Date("2099-03-18T12:00:00Z"),
      place: "Gent",
      agenda: "Samen starten, aan tafels praten, oogsten.",
      groupIds: [s.group._id],
      blocks: [
        { _id: "b1", kind: "plenary", title: "Welkom", minutes: 30 },
        { _id: "b2", kind: "breakouts", title: "Tafels", minutes: 45, rule: "mixed", size: 4 },
      ],
      createdBy: s.organiser._id,
    });
    await Moment.create({
      trajectoryId: s.trajectory._id,
      title: "Netwerkmoment najaar",
      startsAt: new Date("2020-10-01T12:00:00Z"),
      groupIds: [s.group._id],
      blocks: [{ _id: "b1", kind: "plenary", title: "Welkom", minutes: 30 }],
      createdBy: s.organiser._id,
    });
    const mine = await route("moments._index.tsx");
    const ann = await createSession(String(s.leaders[0]._id));
    const data = await mine.loader({ request: request("http://x/moments", ann), context, params: {} });
    expect(data.upcoming.map((m: { title: string; agenda: string; role: string }) => [m.title, m.agenda, m.role])).toEqual([
      ["Netwerkmoment voorjaar", "Samen starten, aan tafels praten, oogsten.", "participant"],
    ]);
    expect(data.upcoming[0].blocks.map((b: { startsAt: string }) => b.startsAt)).toEqual([
      "2099-03-18T12:00:00.000Z",
      "2099-03-18T12:30:00.000Z",
    ]);
    expect(data.past.map((m: { title: string }) => m.title)).toEqual(["Netwerkmoment najaar"]);
    // Bea's group is not invited: nothing.
    const bea = await createSession(String(s.bea._id));
    expect(await mine.loader({ request: request("http://x/moments", bea), context, params: {} })).toEqual({ upcoming: [], past: [] });

    const ics = await route("moments.$momentId_.ics.ts");
    const params = { momentId: String(moment._id) };
    const file = (await ics.loader({ request: request(`http://x/moments/${moment._id}/ics`, ann), context, params })) as Response;
    expect(file.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    const event = new ICAL.Component(ICAL.parse(await file.text())).getFirstSubcomponent("vevent")!;
    expect([event.getFirstPropertyValue("summary"), String(event.getFirstPropertyValue("dtend"))]).toEqual([
      "Netwerkmoment voorjaar",
      "2099-03-18T13:15:00Z",
    ]);
    const denied = (await settle(() => ics.loader({ request: request("http://x/", bea), context, params }))) as Response;
    expect(denied.status).toBe(404);
  });
});

// The calendar feed and the per-meeting .ics, read back by an independent parser (ical.js): what a
// calendar app will see. They carry dates, place or link and the group's name; never a meeting's
// title or agenda, which can name a case (decision 035).
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { addMembership, buildGroup, buildUser, ctxFor, TEST_APP_URL } from "../../test/factories";
import { createCase } from "../document/document.service";
import { Group } from "../group/group.model";
import { feedCalendar, getFeedStatus, meetingCalendar, renewFeed, revokeFeed } from "./calendar.service";
import { CalendarFeed } from "./meeting-content.model";
import { addAgendaItem } from "./meeting-content.service";
import { Meeting } from "./meeting.model";

function events(ics: string) {
  const cal = new ICAL.Component(ICAL.parse(ics));
  return cal.getAllSubcomponents("vevent").map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      summary: e.summary,
      location: e.location,
      start: e.startDate.toJSDate().toISOString(),
      end: e.endDate.toJSDate().toISOString(),
      status: v.getFirstPropertyValue("status"),
      description: e.description,
    };
  });
}

async function scene() {
  const a = await buildGroup({ leaders: 2, coaches: 1, name: "Leergroep Noord" });
  const b = await buildGroup({ leaders: 1, name: "Leergroep Zuid" });
  const [ann, ben] = a.leaders;
  await addMembership(b.group, ann, { role: "leader", status: "active" });
  const meeting = (groupId: unknown, fields: Record<string, unknown>) =>
    Meeting.create({
      groupId,
      kind: "contact_day",
      startsAt: new Date("2027-01-12T08:00:00Z"),
      endsAt: new Date("2027-01-12T15:00:00Z"),
      ...fields,
    });
  const day = await meeting(a.group._id, { title: "Casus Jan: ontslag", place: "Gent, Campus Aula" });
  const online = await meeting(b.group._id, {
    kind: "network_moment",
    startsAt: new Date("2027-02-03T12:00:00Z"),
    endsAt: new Date("2027-02-03T16:00:00Z"),
    onlineUrl: "https://meet.example.test/abc",
  });
  const cancelled = await meeting(a.group._id, {
    startsAt: new Date("2027-03-01T08:00:00Z"),
    endsAt: new Date("2027-03-01T15:00:00Z"),
    status: "cancelled",
  });
  const bensTalk = await meeting(a.group._id, { kind: "coaching_talk", leaderId: ben._id, title: "Gesprek over burn-out" });
  const groupId = String(a.group._id);
  const kase = await createCase(ctxFor(ann), { groupId, title: "Conflict met de ouderraad" });
  await addAgendaItem(ctxFor(ann), { groupId, meetingId: String(day._id), title: "Casus van Ann bespreken", link: `case:${kase.id}` });
  return { a, b, ann, ben, day, online, cancelled, bensTalk, groupId };
}

/** The text with folded lines joined (RFC 5545 3.1), so a secret split over two lines is still found. */
const unfolded = (ics: string) => ics.replace(/\r\n[ \t]/g, "");

const SECRETS = ["Casus Jan", "ontslag", "Casus van Ann", "Conflict met de ouderraad", "burn-out"];

describe("the calendar feed", () => {
  it("holds every meeting of all the user's groups, cancelled ones as cancelled, and no agenda or title text", async () => {
    const { ann, day, online, cancelled } = await scene();
    const ctx = ctxFor(ann);
    expect(await getFeedStatus(ctx)).toEqual({ active: false, since: null });
    const { token } = await renewFeed(ctx);
    const ics = await feedCalendar(ctx, token);
    const list = events(ics);
    expect(list.map((e) => [e.uid, e.summary, e.location, e.start, e.status])).toEqual([
      [`${day._id}@leerkring`, "Leergroep Noord: Contactdag", "Gent, Campus Aula", "2027-01-12T08:00:00.000Z", "CONFIRMED"],
      [
        `${online._id}@leerkring`,
        "Leergroep Zuid: Netwerkmoment",
        "https://meet.example.test/abc",
        "2027-02-03T12:00:00.000Z",
        "CONFIRMED",
      ],
      [`${cancelled._id}@leerkring`, "Leergroep Noord: Contactdag", null, "2027-03-01T08:00:00.000Z", "CANCELLED"],
    ]);
    expect(list.every((e) => !e.description)).toBe(true);
    for (const s of SECRETS) expect(unfolded(ics)).not.toContain(s);
  });

  it("a leader's feed has their own coaching talk, not another's; a group they left drops out", async () => {
    const { ben, ann, bensTalk, b } = await scene();
    const forBen = events(await feedCalendar(ctxFor(ben), (await renewFeed(ctxFor(ben))).token));
    expect(forBen.map((e) => e.uid)).toContain(`${bensTalk._id}@leerkring`);
    const { token } = await renewFeed(ctxFor(ann));
    expect(events(await feedCalendar(ctxFor(ann), token)).map((e) => e.uid)).not.toContain(`${bensTalk._id}@leerkring`);
    await Group.updateOne({ _id: b.group._id }, { status: "closed" }); // closed: still readable, still in the feed
    expect(events(await feedCalendar(ctxFor(ann), token))).toHaveLength(3);
  });

  it("keeps only a hash; renewing stops the old URL; revoking stops it; one feed per user", async () => {
    const { ann } = await scene();
    const ctx = ctxFor(ann);
    const first = await renewFeed(ctx);
    expect(await CalendarFeed.countDocuments({ _id: first.token })).toBe(0);
    const second = await renewFeed(ctx);
    await expect(feedCalendar(ctx, first.token)).rejects.toMatchObject({ code: "not_found" });
    expect(events(await feedCalendar(ctx, second.token)).length).toBe(3);
    expect(await CalendarFeed.countDocuments({ userId: ann._id })).toBe(1);
    expect((await getFeedStatus(ctx)).active).toBe(true);
    await revokeFeed(ctx);
    await expect(feedCalendar(ctx, second.token)).rejects.toMatchObject({ code: "not_found" });
    await expect(feedCalendar(ctx, "x".repeat(43))).rejects.toMatchObject({ code: "not_found" });
    await expect(feedCalendar(ctx, "../../etc")).rejects.toMatchObject({ code: "not_found" });
    expect(await getFeedStatus(ctx)).toEqual({ active: false, since: null });
  });

  it("one meeting's .ics for a member who may see it; not found for the organiser, an outsider, another's talk", async () => {
    const { ann, ben, day, bensTalk, groupId, a } = await scene();
    const [e] = events(await meetingCalendar(ctxFor(ann), { groupId, meetingId: String(day._id) }));
    expect(e).toMatchObject({ summary: "Leergroep Noord: Contactdag", location: "Gent, Campus Aula", status: "CONFIRMED" });
    const raw = await meetingCalendar(ctxFor(ann), { groupId, meetingId: String(day._id) });
    for (const s of SECRETS) expect(unfolded(raw)).not.toContain(s);
    expect(unfolded(raw)).toContain(`${TEST_APP_URL}/groups/${groupId}/meetings/${day._id}`);
    for (const who of [a.organiser, await buildUser()]) {
      await expect(meetingCalendar(ctxFor(who), { groupId, meetingId: String(day._id) })).rejects.toMatchObject({ code: "not_found" });
    }
    await expect(meetingCalendar(ctxFor(ann), { groupId, meetingId: String(bensTalk._id) })).rejects.toMatchObject({ code: "not_found" });
    expect(events(await meetingCalendar(ctxFor(ben), { groupId, meetingId: String(bensTalk._id) }))).toHaveLength(1);
  });
});

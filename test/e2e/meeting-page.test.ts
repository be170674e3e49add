// A meeting's page in a real browser at phone width, in Dutch (decision 034): the coach, who chairs,
// marks attendance; a leader answers an assignment and the group page then has nothing left to
// prepare for her. axe-core finds nothing serious; nothing is wider than the phone; the harness
// fails on any console error or hydration warning.
import { describe, expect, it } from "vitest";
import { AssignmentResponse, Attendance } from "../../models/meeting/meeting-content.model";
import { addAgendaItem, addAssignment } from "../../models/meeting/meeting-content.service";
import { Meeting } from "../../models/meeting/meeting.model";
import { buildGroup, ctxFor } from "../factories";
import { type AxeViolation, axeSerious, login, setupBrowser } from "./harness";

const app = setupBrowser();

describe("a meeting's page", () => {
  it("the chair sets attendance and a leader answers an assignment; at 375 px", { timeout: 120_000 }, async () => {
    const { group, coaches, leaders, trajectory } = await buildGroup({ leaders: 2, coaches: 1 });
    const [an, ben] = leaders;
    const meeting = await Meeting.create({
      groupId: group._id,
      trajectoryId: trajectory._id,
      kind: "contact_day",
      title: "Contactdag 4",
      startsAt: new Date(Date.now() + 3 * 86_400_000),
      endsAt: new Date(Date.now() + 3 * 86_400_000 + 7 * 3_600_000),
      place: "Gent",
    });
    const ids = { groupId: String(group._id), meetingId: String(meeting._id) };
    await addAgendaItem(ctxFor(coaches[0]), { ...ids, title: "Terugblik op de observatieopdracht", link: "" });
    const due = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    await addAssignment(ctxFor(coaches[0]), { ...ids, title: "Observeer een teamvergadering", description: "Noteer drie dingen.", due });
    const url = `/groups/${ids.groupId}/meetings/${ids.meetingId}`;
    const axe: AxeViolation[] = [];
    const narrow = async (p: import("playwright-core").Page) =>
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    const coach = await app.newPage({ viewport: { width: 375, height: 800 } });
    await login(coach, coaches[0].email);
    await coach.goto(`/groups/${ids.groupId}/meetings`);
    await coach.waitForFunction(() => "__remixRouter" in window);
    await coach.getByRole("link", { name: "Contactdag 4" }).click();
    await coach.getByRole("heading", { name: "Aanwezigheid" }).waitFor();
    axe.push(...(await axeSerious(coach, "meeting page, coach")));
    const rowOf = (name: string) => coach.getByRole("form", { name: `Aanwezigheid van ${name}` });
    await rowOf(an.name).getByRole("button", { name: "Aanwezig", exact: true }).click();
    await rowOf(an.name).getByRole("button", { name: "Aanwezig", exact: true, pressed: true }).waitFor();
    await rowOf(ben.name).getByRole("button", { name: "Verontschuldigd" }).click();
    await rowOf(ben.name).getByRole("button", { name: "Verontschuldigd", pressed: true }).waitFor();
    await coach.getByText("1 aanwezig · 1 verontschuldigd · 0 afwezig").waitFor();
    expect((await Attendance.find({ meetingId: meeting._id }).lean()).map((a) => [String(a.userId), a.status]).sort()).toEqual(
      [
        [String(an._id), "present"],
        [String(ben._id), "excused"],
      ].sort(),
    );
    await narrow(coach);

    const leader = await app.newPage({ viewport: { width: 375, height: 800 } });
    await login(leader, an.email);
    await leader.goto(`/groups/${ids.groupId}`);
    await leader.waitForFunction(() => "__remixRouter" in window);
    const next = leader.getByRole("region", { name: "Volgende bijeenkomst" });
    await next.getByText("Terugblik op de observatieopdracht").waitFor();
    await next.getByRole("link", { name: "Observeer een teamvergadering" }).click();
    await leader.waitForURL(`**${url}*`);
    axe.push(...(await axeSerious(leader, "meeting page, leader")));
    const task = leader.getByRole("article", { name: "Observeer een teamvergadering" });
    await task.getByLabel("Je antwoord").fill("Gedaan op maandag: de jongste collega's zwegen tot ik de tafel rondging.");
    await task.getByLabel("Ik heb dit gedaan").check();
    await task.getByRole("button", { name: "Antwoord bewaren" }).click();
    await task.getByText("1 antwoord").waitFor();
    await task.getByText("klaar", { exact: true }).waitFor();
    const stored = await AssignmentResponse.findOne({ userId: an._id }).lean();
    expect([stored?.text, stored?.done]).toEqual(["Gedaan op maandag: de jongste collega's zwegen tot ik de tafel rondging.", true]);
    await narrow(leader);

    await leader.goto(`/groups/${ids.groupId}`);
    await leader.getByText("Niets meer voor te bereiden.").waitFor();
    axe.push(...(await axeSerious(leader, "group page")));

    // Her calendar feed: made in the settings, shown once, and it holds the meeting without its agenda.
    await leader.goto("/settings");
    await leader.getByRole("button", { name: "Link maken" }).click();
    const feedUrl = await leader.getByLabel("Je geheime link").inputValue();
    expect(feedUrl).toMatch(/\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    axe.push(...(await axeSerious(leader, "settings")));
    await narrow(leader);
    const feed = await leader.request.get(feedUrl);
    expect(feed.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
    const ics = await feed.text();
    expect(ics).toContain("STATUS:CONFIRMED");
    expect(ics).not.toContain("Terugblik");
    expect(axe).toEqual([]);
  });
});

// The reminder the day before (decision 034): written once per member and meeting by the job, mailed
// by the notify mailer per the member's "meeting" choice.
import { describe, expect, it } from "vitest";
import { buildGroup, ctxFor, TEST_APP_URL, testNode } from "../../test/factories";
import { mailDigests, mailImmediate, setMailPrefs } from "../notify/notify.service";
import type { OutgoingMail } from "../shared/context";
import { Notification } from "../thread/thread.model";
import { Meeting } from "./meeting.model";
import { queueMeetingReminders } from "./reminders";

const NOW = new Date("2027-01-11T09:00:00Z");
const at = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000);

async function scene() {
  const g = await buildGroup({ leaders: 3, coaches: 1, name: "Leergroep Oost" });
  const [ann, ben, cas] = g.leaders;
  const meeting = (hours: number, fields: Record<string, unknown> = {}) =>
    Meeting.create({ groupId: g.group._id, kind: "contact_day", startsAt: at(hours), endsAt: at(hours + 7), place: "Brugge", ...fields });
  const tomorrow = await meeting(23);
  const later = await meeting(49);
  const cancelled = await meeting(20, { status: "cancelled" });
  const annsTalk = await meeting(22, { kind: "coaching_talk", leaderId: ann._id });
  const past = await meeting(-3);
  return { ...g, ann, ben, cas, coach: g.coaches[0], tomorrow, later, cancelled, annsTalk, past };
}

const reminders = async () =>
  (await Notification.find({ kind: "meeting", change: "reminder" }).lean()).map((n) => `${n.userId}:${n.meetingId}`).sort();

describe("meeting reminders", () => {
  it("a reminder per member who may see a meeting starting within a day; once, even when two runs meet", async () => {
    const { ann, ben, cas, coach, tomorrow, annsTalk } = await scene();
    const [x, y] = await Promise.all([queueMeetingReminders(NOW), queueMeetingReminders(NOW)]);
    const expected = [
      ...[ann, ben, cas, coach].map((u) => `${u._id}:${tomorrow._id}`),
      ...[ann, coach].map((u) => `${u._id}:${annsTalk._id}`),
    ].sort();
    expect(await reminders()).toEqual(expected);
    expect(x + y).toBeGreaterThanOrEqual(expected.length);
    expect(await queueMeetingReminders(NOW)).toBe(0);
    expect(await reminders()).toEqual(expected);
  });

  it("a moved meeting gets a reminder for its new date", async () => {
    const { tomorrow } = await scene();
    await queueMeetingReminders(NOW);
    await Meeting.updateOne({ _id: tomorrow._id }, { startsAt: at(2), endsAt: at(8) });
    expect(await queueMeetingReminders(NOW)).toBe(4);
  });

  it("is mailed per each member's choice: immediately once, daily in the digest, never when off", async () => {
    const { ann, ben, cas, coach, group } = await scene();
    await setMailPrefs(ctxFor(ben), { mention: "immediately", reply: "daily", meeting: "daily", case: "off", plan: "off" });
    await setMailPrefs(ctxFor(cas), { mention: "immediately", reply: "daily", meeting: "off", case: "off", plan: "off" });
    await queueMeetingReminders(NOW);
    const mails: OutgoingMail[] = [];
    const deps = {
      sendMail: async (m: OutgoingMail) => void mails.push(m),
      appUrl: TEST_APP_URL,
      node: testNode(),
      secret: "s".repeat(32),
    };
    await mailImmediate(deps, at(0.01));
    await mailImmediate(deps, at(0.02));
    expect(mails.map((m) => m.to).sort()).toEqual([ann.email, coach.email].sort());
    const annMail = mails.find((m) => m.to === ann.email);
    expect(annMail?.text).toContain(`Morgen in ${group.name}: Contactdag,`);
    expect(annMail?.text).toContain(`${TEST_APP_URL}/groups/${group._id}/meetings/`);
    // Ben's digest goes at 08:00 Brussels the next morning, before the meeting.
    mails.length = 0;
    await mailDigests(deps, new Date("2027-01-12T07:05:00Z"));
    expect(mails.map((m) => m.to)).toEqual([ben.email]);
    expect(mails[0].text).toContain(`Morgen in ${group.name}`);
  });
});

import { describe, expect, it } from "vitest";
import type { OutgoingMail } from "../shared/context";
import { errorMessage } from "../shared/error-messages";
import { addMembership, buildGroup, buildUser, ctxFor, TEST_APP_URL, testNode } from "../../test/factories";
import { mailImmediate } from "../notify/notify.service";
import { Notification } from "../thread/thread.model";
import { getInbox } from "../thread/thread.service";
import { Trajectory } from "../trajectory/trajectory.model";
import { User } from "../user/user.model";
import { Meeting } from "./meeting.model";
import { addMeeting, cancelMeeting, generateGroupPlan, listMeetings, moveMeeting } from "./meeting.service";

const NOW = new Date("2026-10-01T12:00:00Z");

async function scene() {
  const built = await buildGroup({ leaders: 3, coaches: 1 });
  await Trajectory.updateOne({ _id: built.trajectory._id }, { startDate: new Date("2026-09-01T12:00:00Z") });
  const guest = await buildUser();
  await addMembership(built.group, guest, { role: "guest", status: "active" });
  const groupId = String(built.group._id);
  const [coach] = built.coaches;
  const [ann, ben, cas] = built.leaders;
  return { ...built, groupId, coach, ann, ben, cas, guest };
}

const meetingNotes = async (meetingId: string) =>
  (await Notification.find({ meetingId, kind: "meeting" }).lean()).map((n) => [String(n.userId), n.change]).sort();

describe("generateGroupPlan", () => {
  it("the coach plans two school years once: 18 contact days, 4 network moments, 2 talks a year per leader", async () => {
    const { groupId, coach } = await scene();
    expect(await generateGroupPlan(ctxFor(coach), { groupId })).toEqual({ count: 18 + 4 + 12 });
    await expect(generateGroupPlan(ctxFor(coach), { groupId })).rejects.toMatchObject({
      code: "conflict",
      meta: { reason: "already_planned" },
    });
    expect(await Meeting.countDocuments({ groupId })).toBe(34);
    expect(errorMessage("nl", "conflict", { reason: "already_planned" })).toBe("Deze groep heeft al bijeenkomsten.");
    expect(errorMessage("en", "conflict", { reason: "no_start_date" })).toBe("The trajectory has no start date yet.");
    expect(errorMessage("en", "conflict", { reason: "unknown" })).toBe(errorMessage("en", "conflict"));
  });

  it("two generate requests at once write one plan", async () => {
    const { groupId, coach, ann } = await scene();
    const results = await Promise.allSettled([generateGroupPlan(ctxFor(coach), { groupId }), generateGroupPlan(ctxFor(ann), { groupId })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await Meeting.countDocuments({ groupId })).toBe(34);
  });

  it("the organiser may write the plan too, and then sees dates only", async () => {
    const { groupId, organiser } = await scene();
    expect(await listMeetings(ctxFor(organiser), { groupId }, NOW)).toMatchObject({ canGenerate: true, canEdit: false });
    expect(await generateGroupPlan(ctxFor(organiser), { groupId })).toEqual({ count: 34 });
    expect(await listMeetings(ctxFor(organiser), { groupId }, NOW)).toMatchObject({ canGenerate: false, canEdit: false });
  });

  it("refuses a guest (forbidden), an outsider (not_found), and a trajectory without a start date", async () => {
    const { groupId, guest, trajectory, coach } = await scene();
    await expect(generateGroupPlan(ctxFor(guest), { groupId })).rejects.toMatchObject({ code: "forbidden" });
    await expect(generateGroupPlan(ctxFor(await buildUser()), { groupId })).rejects.toMatchObject({ code: "not_found" });
    await Trajectory.updateOne({ _id: trajectory._id }, { startDate: null });
    await expect(generateGroupPlan(ctxFor(coach), { groupId })).rejects.toMatchObject({ meta: { reason: "no_start_date" } });
    expect(await Meeting.countDocuments({ groupId })).toBe(0);
  });
});

describe("listMeetings", () => {
  it("splits upcoming from past; a leader sees only their own coaching talks; the organiser sees dates only", async () => {
    const { groupId, coach, ann, organiser, guest } = await scene();
    await generateGroupPlan(ctxFor(coach), { groupId });
    const forCoach = await listMeetings(ctxFor(coach), { groupId }, NOW);
    expect(forCoach.upcoming.length + forCoach.past.length).toBe(34);
    expect(forCoach.past.every((m) => m.startsAt < NOW.toISOString())).toBe(true);
    expect(forCoach.upcoming[0].startsAt < forCoach.upcoming[1].startsAt).toBe(true);
    const forAnn = await listMeetings(ctxFor(ann), { groupId }, NOW);
    const talks = [...forAnn.upcoming, ...forAnn.past].filter((m) => m.kind === "coaching_talk");
    expect(talks).toHaveLength(4);
    expect(forAnn).toMatchObject({ canEdit: true, canGenerate: false, datesOnly: false });
    const forGuest = await listMeetings(ctxFor(guest), { groupId }, NOW);
    expect([...forGuest.upcoming, ...forGuest.past].filter((m) => m.kind === "coaching_talk")).toHaveLength(0);
    expect(forGuest.canEdit).toBe(false);
    const forOrganiser = await listMeetings(ctxFor(organiser), { groupId }, NOW);
    expect(forOrganiser).toMatchObject({ canEdit: false, datesOnly: true });
    expect(forOrganiser.upcoming.length + forOrganiser.past.length).toBe(34);
    expect(forOrganiser.upcoming.every((m) => m.title === "" && m.place === "" && m.leaderName === null)).toBe(true);
    await expect(listMeetings(ctxFor(await buildUser()), { groupId }, NOW)).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("add, move and cancel", () => {
  it("a leader adds a contact day in their own time zone; every other active member is notified", async () => {
    const { groupId, coach, ann, ben, cas, guest } = await scene();
    await User.updateOne({ _id: ann._id }, { timeZone: "America/New_York" });
    const { id } = await addMeeting(ctxFor(ann), {
      groupId,
      kind: "contact_day",
      title: "Extra dag",
      date: "2027-01-12",
      start: "09:00",
      end: "12:30",
      place: "Gent",
      onlineUrl: "",
    });
    const m = await Meeting.findById(id).lean();
    expect([m?.startsAt.toISOString(), m?.endsAt.toISOString()]).toEqual(["2027-01-12T14:00:00.000Z", "2027-01-12T17:30:00.000Z"]);
    expect(await meetingNotes(id)).toEqual([coach, ben, cas, guest].map((u) => [String(u._id), "added"]).sort());
    // The in-app inbox lists conversations only: a meeting goes by mail.
    expect((await getInbox(ctxFor(ben).actor, [groupId])).notifications).toEqual([]);
  });

  it("the coach moves and cancels; members are notified each time, and the mail says what changed", async () => {
    const { groupId, coach, ann, group } = await scene();
    await generateGroupPlan(ctxFor(coach), { groupId });
    const day = await Meeting.findOne({ groupId, kind: "contact_day" }).lean();
    const meetingId = String(day?._id);
    await moveMeeting(ctxFor(coach), {
      groupId,
      meetingId,
      date: "2026-10-20",
      start: "10:00",
      end: "15:00",
      place: "Leuven",
      onlineUrl: "",
    });
    const moved = await Meeting.findById(meetingId).lean();
    expect([moved?.startsAt.toISOString(), moved?.place]).toEqual(["2026-10-20T08:00:00.000Z", "Leuven"]);
    expect((await meetingNotes(meetingId)).filter(([u]) => u === String(ann._id))).toEqual([[String(ann._id), "moved"]]);

    const mails: OutgoingMail[] = [];
    await mailImmediate(
      { sendMail: async (m) => void mails.push(m), appUrl: TEST_APP_URL, node: testNode(), secret: "s".repeat(32) },
      new Date(),
    );
    const annMail = mails.find((m) => m.to === ann.email);
    expect(annMail?.text).toContain(`Bijeenkomst verplaatst in ${group.name}: Contactdag, nu`);
    expect(annMail?.text).toContain(`${TEST_APP_URL}/groups/${groupId}/meetings`);

    await cancelMeeting(ctxFor(coach), { groupId, meetingId });
    expect((await Meeting.findById(meetingId).lean())?.status).toBe("cancelled");
    expect(
      (await meetingNotes(meetingId))
        .filter(([u]) => u === String(ann._id))
        .map(([, c]) => c)
        .sort(),
    ).toEqual(["cancelled", "moved"]);
    await expect(
      moveMeeting(ctxFor(coach), { groupId, meetingId, date: "2026-10-21", start: "10:00", end: "15:00", place: "", onlineUrl: "" }),
    ).rejects.toMatchObject({ code: "conflict" });
  });

  it("refuses guests, the organiser, outsiders, another leader's coaching talk, another group's meeting and bad input; nothing changes", async () => {
    const { groupId, coach, ann, ben, guest, organiser } = await scene();
    await generateGroupPlan(ctxFor(coach), { groupId });
    const talkOfBen = await Meeting.findOne({ groupId, kind: "coaching_talk", leaderId: ben._id }).lean();
    const other = await scene();
    await generateGroupPlan(ctxFor(other.coach), { groupId: other.groupId });
    const foreign = await Meeting.findOne({ groupId: other.groupId }).lean();
    const cancel = (u: { _id: unknown; isOrganiser?: boolean | null }, meetingId: string) =>
      cancelMeeting(ctxFor(u as never), { groupId, meetingId });
    await expect(cancel(guest, String(talkOfBen?._id))).rejects.toMatchObject({ code: "forbidden" });
    await expect(cancel(organiser, String(talkOfBen?._id))).rejects.toMatchObject({ code: "forbidden" });
    await expect(cancel(await buildUser(), String(talkOfBen?._id))).rejects.toMatchObject({ code: "not_found" });
    await expect(cancel(ann, String(talkOfBen?._id))).rejects.toMatchObject({ code: "not_found" });
    await expect(cancel(coach, String(foreign?._id))).rejects.toMatchObject({ code: "not_found" });
    const bad = { groupId, kind: "contact_day", title: "", date: "2027-02-30", start: "09:00", end: "16:00", place: "", onlineUrl: "" };
    await expect(addMeeting(ctxFor(coach), bad)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(addMeeting(ctxFor(coach), { ...bad, date: "2027-02-03", end: "08:00" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(addMeeting(ctxFor(coach), { ...bad, date: "2027-02-03", onlineUrl: "javascript:alert(1)" })).rejects.toMatchObject({
      code: "invalid_input",
    });
    expect(await Meeting.countDocuments({ groupId, status: "cancelled" })).toBe(0);
    expect(await Meeting.countDocuments({ groupId })).toBe(34);
    expect(await Notification.countDocuments({ groupId, kind: "meeting" })).toBe(0);
  });
});

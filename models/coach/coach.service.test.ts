import { describe, expect, it } from "vitest";
import { addMembership, buildGroup, buildUser, ctxFor } from "../../test/factories";
import { addAgendaItem, addAssignment, respondToAssignment } from "../meeting/meeting-content.service";
import { Meeting } from "../meeting/meeting.model";
import { addCommitments } from "../plan/commitment.service";
import { addCheckIn, addQuestion } from "../plan/plan.service";
import { CoachNote } from "./coach.model";
import { addCoachNote, getCoachRoom, planCoachingTalk, removeCoachNote, setTalkDone } from "./coach.service";

const NOW = new Date("2027-01-10T12:00:00Z");

async function scene() {
  const built = await buildGroup({ leaders: 3, coaches: 1 });
  const guest = await buildUser();
  await addMembership(built.group, guest, { role: "guest", status: "active" });
  const groupId = String(built.group._id);
  const [ann, ben, cas] = built.leaders;
  return { ...built, groupId, coach: built.coaches[0], ann, ben, cas, guest };
}

describe("the coach's room", () => {
  it("only the group's coach enters: leaders, guests, the organiser and outsiders get not_found", async () => {
    const { groupId, coach, ann, guest, organiser } = await scene();
    expect((await getCoachRoom(ctxFor(coach), { groupId }, NOW)).members).toHaveLength(3);
    for (const u of [ann, guest, organiser, await buildUser()]) {
      await expect(getCoachRoom(ctxFor(u), { groupId }, NOW)).rejects.toMatchObject({ code: "not_found" });
      await expect(addCoachNote(ctxFor(u), { groupId, memberId: String(ann._id), text: "x" })).rejects.toMatchObject({ code: "not_found" });
    }
    expect(await CoachNote.countDocuments({})).toBe(0);
  });

  it("coaching notes: written by the coach about a leader, read by that leader only", async () => {
    const { groupId, coach, ann, ben, guest } = await scene();
    const { id } = await addCoachNote(ctxFor(coach), {
      groupId,
      memberId: String(ann._id),
      text: "Ann twijfelt over de herstructurering.",
    });
    await expect(addCoachNote(ctxFor(coach), { groupId, memberId: String(guest._id), text: "Gast" })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(addCoachNote(ctxFor(coach), { groupId, memberId: String(ben._id), text: " " })).rejects.toMatchObject({
      code: "invalid_input",
    });
    const room = await getCoachRoom(ctxFor(coach), { groupId }, NOW);
    expect(room.members.find((m) => m.userId === String(ann._id))?.notes.map((n) => n.text)).toEqual([
      "Ann twijfelt over de herstructurering.",
    ]);
    expect(room.members.find((m) => m.userId === String(ben._id))?.notes).toEqual([]);
    await removeCoachNote(ctxFor(coach), { groupId, noteId: id });
    expect(await CoachNote.countDocuments({})).toBe(0);
  });

  it("coaching talks: planned per leader, counted per school year, marked as held", async () => {
    const { groupId, coach, ann } = await scene();
    const { id } = await planCoachingTalk(ctxFor(coach), { groupId, memberId: String(ann._id), date: "2026-10-05", start: "14:00" });
    await planCoachingTalk(ctxFor(coach), { groupId, memberId: String(ann._id), date: "2027-03-01" });
    await planCoachingTalk(ctxFor(coach), { groupId, memberId: String(ann._id), date: "2027-10-01" });
    await setTalkDone(ctxFor(coach), { groupId, meetingId: id, done: "true" });
    await setTalkDone(ctxFor(coach), { groupId, meetingId: id, done: "true" });
    const talk = await Meeting.findById(id).lean();
    expect(talk).toMatchObject({ kind: "coaching_talk", leaderId: ann._id });
    expect(talk?.startsAt.toISOString()).toBe("2026-10-05T12:00:00.000Z"); // 14:00 in Brussels
    const member = (await getCoachRoom(ctxFor(coach), { groupId }, NOW)).members.find((m) => m.userId === String(ann._id));
    expect(member?.talksThisYear).toBe(2);
    expect(member?.talks.map((t) => t.done)).toEqual([true, false, false]);
    await setTalkDone(ctxFor(coach), { groupId, meetingId: id, done: false });
    expect((await getCoachRoom(ctxFor(coach), { groupId }, NOW)).members.find((m) => m.userId === String(ann._id))?.talks[0].done).toBe(
      false,
    );
    await expect(planCoachingTalk(ctxFor(coach), { groupId, memberId: String(ann._id), date: "2027-02-31" })).rejects.toMatchObject({
      issues: [{ path: "date", code: "invalid_date" }],
    });
  });

  it("the preparation view: the next meeting, who reported progress since the last one, open commitments, the last round's", async () => {
    const { groupId, group, coach, ann, ben, cas } = await scene();
    // Check-ins are stamped with the real clock: the meetings lie around it.
    const day = 86_400_000;
    const at = (days: number) => new Date(Date.now() + days * day);
    await Meeting.create({ groupId: group._id, kind: "contact_day", title: "Contactdag 3", startsAt: at(-30), endsAt: at(-29.9) });
    const last = await Meeting.create({
      groupId: group._id,
      kind: "contact_day",
      title: "Contactdag 4",
      startsAt: at(-5),
      endsAt: at(-4.9),
    });
    const next = await Meeting.create({
      groupId: group._id,
      kind: "contact_day",
      title: "Contactdag 5",
      startsAt: at(16),
      endsAt: at(16.1),
    });
    await Meeting.create({ groupId: group._id, kind: "coaching_talk", leaderId: ann._id, startsAt: at(2), endsAt: at(2.05) });
    await Meeting.create({
      groupId: group._id,
      kind: "contact_day",
      title: "Geschrapt",
      status: "cancelled",
      startsAt: at(3),
      endsAt: at(3.1),
    });
    const q = await addQuestion(ctxFor(ann), { groupId, text: "Hoe delegeer ik?" });
    await addCheckIn(ctxFor(ann), { groupId, questionId: q.id, rating: 3 });
    await addCheckIn(ctxFor(ann), { groupId, questionId: q.id, rating: 4 });
    await addCommitments(String(ben._id), groupId, [{ text: "Oudercontact voorbereiden", source: { kind: "round", id: "r1" } }]);
    await addCommitments(String(cas._id), groupId, [{ text: "Teamdag plannen", source: { kind: "round", id: "r2" } }]);
    const { prep } = await getCoachRoom(ctxFor(coach), { groupId }, new Date());
    expect(prep.nextMeeting).toMatchObject({ title: "Contactdag 5" });
    expect(prep.since).toBe(last.startsAt.toISOString());
    expect(prep.reported).toEqual([{ name: ann.name, checkIns: 2 }]);
    expect(prep.notReported.sort()).toEqual([ben.name, cas.name].sort());
    expect(prep.openCommitments.map((c) => c.text).sort()).toEqual(["Oudercontact voorbereiden", "Teamdag plannen"]);
    expect(prep.lastRound.map((c) => c.text)).toEqual(["Teamdag plannen"]);
    expect(prep.agenda).toEqual([]);
    expect(prep.assignments).toEqual([]);

    // The next meeting's agenda and what is still due, with how many leaders have not done it.
    const meetingId = String(next._id);
    await addAgendaItem(ctxFor(coach), { groupId, meetingId, title: "Terugblik op de klasbezoeken" });
    const due = at(10).toISOString().slice(0, 10);
    const { id: assignmentId } = await addAssignment(ctxFor(coach), { groupId, meetingId, title: "Lees het artikel", due });
    await respondToAssignment(ctxFor(ann), { groupId, meetingId, assignmentId, text: "Gelezen", done: true });
    const after = (await getCoachRoom(ctxFor(coach), { groupId }, new Date())).prep;
    expect(after.agenda).toEqual([{ title: "Terugblik op de klasbezoeken" }]);
    expect(after.assignments).toEqual([{ title: "Lees het artikel", due, open: 2 }]);
  });
});

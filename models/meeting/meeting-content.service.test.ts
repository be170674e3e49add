import { describe, expect, it } from "vitest";
import { addMembership, buildGroup, buildThread, buildUser, ctxFor } from "../../test/factories";
import { createCase, createDocument } from "../document/document.service";
import { CollabDocument } from "../document/document.model";
import { Meeting } from "./meeting.model";
import { AgendaItem, Assignment, AssignmentResponse, Attendance } from "./meeting-content.model";
import {
  addAgendaItem,
  addAssignment,
  getMeetingPage,
  getNextMeeting,
  moveAgendaItem,
  openMinutes,
  removeAgendaItem,
  respondToAssignment,
  setAttendance,
  setMeetingChair,
  trajectoryAttendance,
} from "./meeting-content.service";

const NOW = new Date("2027-01-10T12:00:00Z");

async function scene() {
  const built = await buildGroup({ leaders: 3, coaches: 1 });
  const groupId = String(built.group._id);
  const guest = await buildUser();
  await addMembership(built.group, guest, { role: "guest", status: "active" });
  const [coach] = built.coaches;
  const [ann, ben, cas] = built.leaders;
  const meeting = await Meeting.create({
    groupId: built.group._id,
    trajectoryId: built.trajectory._id,
    kind: "contact_day",
    startsAt: new Date("2027-01-12T08:00:00Z"),
    endsAt: new Date("2027-01-12T15:00:00Z"),
    place: "Gent",
  });
  const meetingId = String(meeting._id);
  return { ...built, groupId, coach, ann, ben, cas, guest, meetingId, ids: { groupId, meetingId } };
}

describe("the agenda", () => {
  it("orders items, links them to the group's case, document and thread, and moves and removes them", async () => {
    const { ids, groupId, ann, coach, guest } = await scene();
    const kase = await createCase(ctxFor(ann), { groupId, title: "Conflict met de ouderraad" });
    const doc = await createDocument(ctxFor(ann), { groupId, title: "Leesmap" });
    const threadId = await buildThread(ctxFor(ann), groupId, "Planning schooljaar");
    const a = await addAgendaItem(ctxFor(coach), { ...ids, title: "Welkom", link: "" });
    const b = await addAgendaItem(ctxFor(ann), { ...ids, title: "Intervisie", link: `case:${kase.id}` });
    await addAgendaItem(ctxFor(ann), { ...ids, title: "Lezen", link: `document:${doc.id}` });
    await addAgendaItem(ctxFor(ann), { ...ids, title: "Planning", link: `thread:${threadId}` });
    const page = await getMeetingPage(ctxFor(guest), ids);
    expect(page.agenda.map((i) => [i.title, i.link?.kind ?? null, i.link?.title ?? null])).toEqual([
      ["Welkom", null, null],
      ["Intervisie", "case", "Conflict met de ouderraad"],
      ["Lezen", "document", "Leesmap"],
      ["Planning", "thread", "Planning schooljaar"],
    ]);
    expect(page.agenda[1].link?.href).toBe(`/groups/${groupId}/docs/${kase.docId}`);
    expect(page.can.editAgenda).toBe(false);
    expect(page.linkOptions).toEqual([]);
    const forAnn = await getMeetingPage(ctxFor(ann), ids);
    expect(forAnn.linkOptions.map((o) => o.kind).sort()).toEqual(["case", "document", "thread"]);

    await moveAgendaItem(ctxFor(coach), { ...ids, itemId: b.id, direction: "up" });
    await removeAgendaItem(ctxFor(coach), { ...ids, itemId: a.id });
    const titles = async () => (await getMeetingPage(ctxFor(ann), ids)).agenda.map((i) => i.title);
    expect(await titles()).toEqual(["Intervisie", "Lezen", "Planning"]);
    // After a removal the positions have a gap: moving down still lands one place lower, and never past the end.
    await moveAgendaItem(ctxFor(ann), { ...ids, itemId: b.id, direction: "down" });
    expect(await titles()).toEqual(["Lezen", "Intervisie", "Planning"]);
    const last = (await getMeetingPage(ctxFor(ann), ids)).agenda[2].id;
    await moveAgendaItem(ctxFor(ann), { ...ids, itemId: last, direction: "down" });
    expect(await titles()).toEqual(["Lezen", "Intervisie", "Planning"]);
  });

  it("refuses a link to another group's thing, a guest, an outsider, the organiser, and bad input; nothing is written", async () => {
    const { ids, ann, guest, organiser } = await scene();
    const other = await buildGroup({ leaders: 1 });
    const foreign = await createDocument(ctxFor(other.leaders[0]), { groupId: String(other.group._id), title: "Elders" });
    await expect(addAgendaItem(ctxFor(ann), { ...ids, title: "X", link: `document:${foreign.id}` })).rejects.toMatchObject({
      code: "invalid_input",
      issues: [{ path: "link", code: "meeting_link_not_found" }],
    });
    await expect(addAgendaItem(ctxFor(ann), { ...ids, title: "X", link: "round:abc" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(addAgendaItem(ctxFor(ann), { ...ids, title: "  ", link: "" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(addAgendaItem(ctxFor(ann), { ...ids, title: { $ne: 1 }, link: "" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(addAgendaItem(ctxFor(guest), { ...ids, title: "X", link: "" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(addAgendaItem(ctxFor(await buildUser()), { ...ids, title: "X", link: "" })).rejects.toMatchObject({ code: "not_found" });
    await expect(addAgendaItem(ctxFor(organiser), { ...ids, title: "X", link: "" })).rejects.toMatchObject({ code: "not_found" });
    await expect(getMeetingPage(ctxFor(organiser), ids)).rejects.toMatchObject({ code: "not_found" });
    expect(await AgendaItem.countDocuments({})).toBe(0);
  });

  it("a link whose thing is gone shows nothing about it", async () => {
    const { ids, groupId, ann } = await scene();
    const doc = await createDocument(ctxFor(ann), { groupId, title: "Vertrouwelijk plan" });
    await addAgendaItem(ctxFor(ann), { ...ids, title: "Bespreken", link: `document:${doc.id}` });
    await CollabDocument.deleteOne({ _id: doc.id });
    const page = await getMeetingPage(ctxFor(ann), ids);
    expect(page.agenda).toEqual([{ id: expect.any(String), title: "Bespreken", link: null }]);
    expect(JSON.stringify(page)).not.toContain("Vertrouwelijk plan");
  });

  it("another group's meeting, a missing one and a coaching talk of another leader are not found", async () => {
    const { ids, groupId, ann, ben, group } = await scene();
    const other = await scene();
    await expect(getMeetingPage(ctxFor(ann), { groupId, meetingId: other.meetingId })).rejects.toMatchObject({ code: "not_found" });
    await expect(getMeetingPage(ctxFor(ann), { groupId, meetingId: "nope" })).rejects.toMatchObject({ code: "not_found" });
    const talk = await Meeting.create({
      groupId: group._id,
      kind: "coaching_talk",
      leaderId: ben._id,
      startsAt: new Date("2027-01-14T09:00:00Z"),
      endsAt: new Date("2027-01-14T10:00:00Z"),
    });
    await expect(getMeetingPage(ctxFor(ann), { groupId, meetingId: String(talk._id) })).rejects.toMatchObject({ code: "not_found" });
    expect((await getMeetingPage(ctxFor(ben), { groupId, meetingId: String(talk._id) })).meeting.kind).toBe("coaching_talk");
    expect((await getMeetingPage(ctxFor(ann), ids)).meeting.place).toBe("Gent");
  });
});

describe("chair and attendance", () => {
  it("the coach chairs and names a leader chair; only the chair sets attendance; the organiser sees counts, never names or content", async () => {
    const { ids, groupId, coach, ann, ben, cas, guest, organiser, trajectory } = await scene();
    await addAgendaItem(ctxFor(ann), { ...ids, title: "Casus van Ann over de ouderraad", link: "" });
    await setAttendance(ctxFor(coach), { ...ids, userId: String(ann._id), status: "present" });
    await expect(setAttendance(ctxFor(ben), { ...ids, userId: String(ann._id), status: "absent" })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(setMeetingChair(ctxFor(ann), { ...ids, userId: String(ben._id) })).rejects.toMatchObject({ code: "forbidden" });
    await expect(setMeetingChair(ctxFor(coach), { ...ids, userId: String(guest._id) })).rejects.toMatchObject({
      issues: [{ path: "userId", code: "not_a_leader" }],
    });
    await setMeetingChair(ctxFor(coach), { ...ids, userId: String(ben._id) });
    await setAttendance(ctxFor(ben), { ...ids, userId: String(ann._id), status: "excused" });
    await setAttendance(ctxFor(ben), { ...ids, userId: String(cas._id), status: "absent" });
    await setAttendance(ctxFor(ben), { ...ids, userId: String(ben._id), status: "present" });
    for (const who of [coach, guest, await buildUser()]) {
      await expect(setAttendance(ctxFor(ben), { ...ids, userId: String(who._id), status: "present" })).rejects.toMatchObject({
        issues: [{ path: "userId", code: "meeting_not_a_member" }],
      });
    }
    await expect(setAttendance(ctxFor(ben), { ...ids, userId: String(ann._id), status: "late" })).rejects.toMatchObject({
      code: "invalid_input",
    });
    const page = await getMeetingPage(ctxFor(cas), ids);
    expect(page.chair?.userId).toBe(String(ben._id));
    expect(Object.fromEntries(page.members.map((m) => [m.userId, m.attendance]))).toEqual({
      [String(ann._id)]: "excused",
      [String(ben._id)]: "present",
      [String(cas._id)]: "absent",
    });
    expect(page.can).toMatchObject({ chair: false, nameChair: false, respond: true });
    expect((await getMeetingPage(ctxFor(ben), ids)).can.chair).toBe(true);

    const view = await trajectoryAttendance(ctxFor(organiser), String(trajectory._id));
    const row = view.groups.find((g) => g.id === groupId)?.meetings[0];
    expect(row).toEqual({
      id: ids.meetingId,
      kind: "contact_day",
      startsAt: "2027-01-12T08:00:00.000Z",
      status: "planned",
      counts: { present: 1, excused: 1, absent: 1 },
    });
    const text = JSON.stringify(view);
    for (const secret of ["Casus van Ann", ann.name, ben.name, ann.email, "Gent"]) expect(text).not.toContain(secret);
    await expect(trajectoryAttendance(ctxFor(coach), String(trajectory._id))).rejects.toMatchObject({ code: "not_found" });
    const otherOrganiser = (await buildGroup()).organiser;
    await expect(trajectoryAttendance(ctxFor(otherOrganiser), String(trajectory._id))).rejects.toMatchObject({ code: "not_found" });
    expect(await Attendance.countDocuments({})).toBe(3);
  });

  it("a cancelled meeting takes no attendance and no agenda", async () => {
    const { ids, coach, ann } = await scene();
    await Meeting.updateOne({ _id: ids.meetingId }, { status: "cancelled" });
    await expect(setAttendance(ctxFor(coach), { ...ids, userId: String(ann._id), status: "present" })).rejects.toMatchObject({
      code: "conflict",
      meta: { reason: "meeting_cancelled" },
    });
    await expect(addAgendaItem(ctxFor(ann), { ...ids, title: "X", link: "" })).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("minutes", () => {
  it("two first openings at once make one document 'Verslag <date>', opened again afterwards; a guest may not start it", async () => {
    const { ids, ann, ben, guest } = await scene();
    await expect(openMinutes(ctxFor(guest), ids)).rejects.toMatchObject({ code: "forbidden" });
    const [x, y] = await Promise.all([openMinutes(ctxFor(ann), ids), openMinutes(ctxFor(ben), ids)]);
    expect(x.docId).toBe(y.docId);
    const doc = await CollabDocument.findById(x.docId).lean();
    expect(doc?.title).toBe("Verslag dinsdag 12 januari 2027");
    expect(doc?.kind).toBe("note");
    expect(await CollabDocument.countDocuments({ groupId: ids.groupId })).toBe(1);
    expect((await openMinutes(ctxFor(guest), ids)).docId).toBe(x.docId);
    expect((await getMeetingPage(ctxFor(guest), ids)).minutesDocId).toBe(x.docId);
  });

  it("a claim left without its document (the first opener stopped in between) is finished by the next opener", async () => {
    const { ids, ann, guest } = await scene();
    const { docId } = await openMinutes(ctxFor(ann), ids);
    await CollabDocument.deleteOne({ _id: docId });
    await expect(openMinutes(ctxFor(guest), ids)).rejects.toMatchObject({ code: "forbidden" });
    expect(await openMinutes(ctxFor(ann), ids)).toEqual({ docId });
    expect(await CollabDocument.exists({ _id: docId })).toBeTruthy();
  });
});

describe("assignments", () => {
  it("the chair gives one; each leader answers (text, done) and the group sees every answer; the group page lists what to prepare", async () => {
    const { ids, groupId, coach, ann, ben, guest } = await scene();
    await addAgendaItem(ctxFor(coach), { ...ids, title: "Terugblik", link: "" });
    const { id } = await addAssignment(ctxFor(coach), {
      ...ids,
      title: "Observeer een teamvergadering",
      description: "Let op wie het woord neemt.",
      due: "2027-02-01",
    });
    await expect(addAssignment(ctxFor(ann), { ...ids, title: "X", due: "2027-02-01" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(addAssignment(ctxFor(coach), { ...ids, title: "X", due: "2027-02-30" })).rejects.toMatchObject({
      issues: [{ path: "due", code: "invalid_date" }],
    });
    expect((await getNextMeeting(ctxFor(ann), { groupId }, NOW))?.toPrepare.map((a) => a.title)).toEqual(["Observeer een teamvergadering"]);

    await respondToAssignment(ctxFor(ann), { ...ids, assignmentId: id, text: "Gedaan op maandag.", done: "true" });
    await respondToAssignment(ctxFor(ben), { ...ids, assignmentId: id, text: "Nog bezig" });
    await respondToAssignment(ctxFor(ann), { ...ids, assignmentId: id, text: "Gedaan op maandag; verslag volgt.", done: "true" });
    await expect(respondToAssignment(ctxFor(guest), { ...ids, assignmentId: id, text: "x" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(respondToAssignment(ctxFor(ann), { ...ids, assignmentId: ids.meetingId, text: "x" })).rejects.toMatchObject({
      code: "not_found",
    });

    const page = await getMeetingPage(ctxFor(guest), ids);
    expect(page.assignments[0]).toMatchObject({ title: "Observeer een teamvergadering", due: "2027-02-01", mine: null });
    expect(page.assignments[0].responses.map((r) => [r.userId, r.text, r.done]).sort()).toEqual(
      [
        [String(ann._id), "Gedaan op maandag; verslag volgt.", true],
        [String(ben._id), "Nog bezig", false],
      ].sort(),
    );
    expect(await AssignmentResponse.countDocuments({})).toBe(2);

    const forAnn = await getNextMeeting(ctxFor(ann), { groupId }, NOW);
    expect(forAnn?.meeting?.id).toBe(ids.meetingId);
    expect(forAnn?.agenda.map((i) => i.title)).toEqual(["Terugblik"]);
    expect(forAnn?.toPrepare).toEqual([]);
    expect((await getNextMeeting(ctxFor(ben), { groupId }, NOW))?.toPrepare).toHaveLength(1);
    expect(await Assignment.countDocuments({})).toBe(1);
  });

  it("the organiser's group page carries no next meeting; an outsider is not found", async () => {
    const { groupId, organiser } = await scene();
    expect(await getNextMeeting(ctxFor(organiser), { groupId }, NOW)).toBeNull();
    await expect(getNextMeeting(ctxFor(await buildUser()), { groupId }, NOW)).rejects.toMatchObject({ code: "not_found" });
  });
});

import { randomBytes } from "node:crypto";
import mongoose from "mongoose";
import { describe, expect, it } from "vitest";
import { AuditEvent } from "../audit/audit.model";
import { CoachingTalkDone, CoachNote } from "../coach/coach.model";
import { editor } from "../collab/test-ydoc";
import { DocComment, DocCommentEntry } from "../comment/comment.model";
import { applyDocUpdate, compactDocument } from "../document/collab.service";
import { Case } from "../document/document.model";
import { createDocument } from "../document/document.service";
import { createVersion } from "../document/version.service";
import { Goal, GoalAgreement, GoalProgress, GoalVersion } from "../goal/goal.model";
import { Group } from "../group/group.model";
import { Round, RoundVersion } from "../intervision/round.model";
import { AgendaItem, Assignment, AssignmentResponse, Attendance, MeetingChair, MeetingMinutes } from "../meeting/meeting-content.model";
import { Meeting } from "../meeting/meeting.model";
import { CheckIn, CheckInFeedback, Commitment, LearningQuestion } from "../plan/plan.model";
import { startThread } from "../thread/thread.service";
import { setGroupStatus } from "../trajectory/programme.service";
import { Trajectory } from "../trajectory/trajectory.model";
// Files (issue 20, decision 088)
import { Readable } from "node:stream";
import { PDF } from "../../test/fixtures/files";
import { Attachment } from "../attachment/attachment.model";
import { upload as uploadFile } from "../attachment/attachment.service";
import { attachCaseFile, createCase } from "../document/document.service";
import { applyRetention, deleteClosedGroupContent, monthsAfter, setRetention } from "./retention.service";
import { buildGroup, buildUser, ctxFor } from "../../test/factories";
import { findEverywhere } from "../../test/find-everywhere";

const canaryOf = (what: string) => `canary-${what}-${randomBytes(6).toString("hex")}`;

const oid = () => new mongoose.Types.ObjectId();

/**
 * A group whose members wrote `canary` into every kind of content: through the services where the
 * content has a binary or derived form (the thread's messages and event log, a document's Yjs log,
 * snapshot and version), and as stored records (by their linking fields) for the rest.
 */
async function groupFullOf(canary: string) {
  const g = await buildGroup({ leaders: 2, coaches: 1, charterText: `Charter ${canary}` });
  const groupId = g.group._id;
  const [a] = g.leaders.map((u) => ctxFor(u));
  const author = g.leaders[0]._id;
  await startThread(a, { groupId: String(groupId), clientId: `c-${canary}`, title: `Thread ${canary}`, text: `Message ${canary}` });
  const doc = await createDocument(a, { groupId: String(groupId), title: `Doc ${canary}` });
  const ed = editor();
  ed.paragraph(`Paragraph ${canary}`);
  await applyDocUpdate(a, { groupId: String(groupId), docId: doc.id, clientId: `u-${canary}`, update: ed.takeBatch()! });
  await createVersion(a, { groupId: String(groupId), docId: doc.id, name: `Version ${canary}` });
  await compactDocument(a, doc.id);
  ed.paragraph(`Later ${canary}`);
  await applyDocUpdate(a, { groupId: String(groupId), docId: doc.id, clientId: `u2-${canary}`, update: ed.takeBatch()! });

  const text = `Text ${canary}`;
  const meetingId = oid();
  const roundId = oid();
  const goalId = oid();
  const checkInId = oid();
  const raw = (model: mongoose.Model<never>) => model.collection;
  await raw(Case as never).insertOne({ groupId, title: text, bringerId: author, docId: oid() });
  await raw(DocComment as never).insertOne({ groupId, docId: oid(), text });
  await raw(DocCommentEntry as never).insertOne({ groupId, docId: oid(), text });
  await raw(Meeting as never).insertOne({ _id: meetingId, groupId, kind: "contact_day", title: text, place: text });
  await raw(AgendaItem as never).insertOne({ groupId, meetingId, title: text });
  await raw(MeetingChair as never).insertOne({ _id: String(meetingId) as never, userId: author, note: text });
  await raw(MeetingMinutes as never).insertOne({ _id: String(meetingId) as never, docId: oid(), note: text });
  await raw(Attendance as never).insertOne({ _id: `${meetingId}:${author}` as never, groupId, meetingId, userId: author, note: text });
  await raw(Assignment as never).insertOne({ groupId, meetingId, title: text });
  await raw(AssignmentResponse as never).insertOne({ groupId, userId: author, text });
  await raw(CoachingTalkDone as never).insertOne({ _id: String(meetingId) as never, groupId, note: text });
  await raw(Round as never).insertOne({ _id: roundId, groupId, caseQuestion: text });
  await raw(RoundVersion as never).insertOne({ _id: `${roundId}:1` as never, roundId, state: { contributions: [text] } });
  await raw(LearningQuestion as never).insertOne({ _id: `${groupId}:${author}:1` as never, groupId, userId: author, text });
  await raw(CheckIn as never).insertOne({ _id: checkInId, groupId, questionId: `${groupId}:${author}:1`, userId: author, text });
  await raw(CheckInFeedback as never).insertOne({ groupId, checkInId, text });
  await raw(Commitment as never).insertOne({ _id: `${groupId}:${author}:x` as never, groupId, userId: author, text });
  await raw(Goal as never).insertOne({ _id: goalId, groupId, title: text, criteria: [text] });
  await raw(GoalVersion as never).insertOne({ goalId, version: 1, title: text });
  await raw(GoalAgreement as never).insertOne({ _id: `${goalId}:1:${author}` as never, goalId, userId: author, note: text });
  await raw(GoalProgress as never).insertOne({ _id: `${goalId}:${meetingId}` as never, goalId, groupId, meetingId, note: text });
  await raw(CoachNote as never).insertOne({ groupId, memberId: author, authorId: g.coaches[0]._id, text });
  return g;
}

const KINDS = 27; // the records groupFullOf makes hold the canary in this many collections (at least)

describe("retention", () => {
  it("deletes every kind of a closed group's content once its period passed, and records only the fact and the counts", async () => {
    const canary = canaryOf("closed");
    const kept = canaryOf("open");
    const g = await groupFullOf(canary);
    const other = await groupFullOf(kept); // an open group of another trajectory: untouched
    const organiser = ctxFor(g.organiser);
    await setRetention(organiser, { trajectoryId: String(g.trajectory._id), retention: "6" });
    await setGroupStatus(organiser, { groupId: String(g.group._id), status: "closed" });
    // The search finds the canary in its binary forms too (the Yjs log, snapshot and version).
    const before = await findEverywhere(canary);
    expect(new Set(before.map((h) => h.split(":")[0])).size).toBeGreaterThanOrEqual(KINDS);
    expect(before.some((h) => h.startsWith("docupdates:"))).toBe(true);
    expect(before.some((h) => h.startsWith("docsnapshots:"))).toBe(true);
    expect(before.some((h) => h.startsWith("docversions:"))).toBe(true);

    const closedAt = (await Group.findById(g.group._id).lean())!.closedAt!;
    // Not yet: a day before six months have passed.
    const due = monthsAfter(closedAt, 6);
    expect(await applyRetention(new Date(due.getTime() - 86_400_000))).toEqual({ groups: 0 });
    expect((await findEverywhere(canary)).length).toBe(before.length);

    expect(await applyRetention(due)).toEqual({ groups: 1 });
    expect(await findEverywhere(canary)).toEqual([]);
    // The other group keeps everything.
    expect((await findEverywhere(kept)).length).toBe(before.length);
    // The audit entry: the fact and how much, by the organiser's setting.
    const entries = await AuditEvent.find({ groupId: g.group._id, type: "content_deleted" }).lean();
    expect(entries).toHaveLength(1);
    expect(entries[0].data).toMatchObject({ months: 6, messages: 1, threads: 1, documents: 1, meetings: 1, rounds: 1 });
    expect(String(entries[0].actorId)).toBe(String(g.organiser._id));
    // Once is enough: a second run finds nothing to do; the group stays closed.
    expect(await applyRetention(monthsAfter(due, 1))).toEqual({ groups: 0 });
    await expect(setGroupStatus(organiser, { groupId: String(g.group._id), status: "open" })).rejects.toMatchObject({
      code: "conflict",
      meta: { reason: "privacy_content_deleted" },
    });
    expect(other.group._id).toBeTruthy();
  });

  it("defaults to twelve months; 'until deleted by hand' keeps it until the organiser deletes it", async () => {
    const canary = canaryOf("manual");
    const g = await groupFullOf(canary);
    const organiser = ctxFor(g.organiser);
    const leader = ctxFor(g.leaders[0]);
    const upload = await uploadFile(leader, { groupId: String(g.group._id), name: "beleid.pdf", stream: Readable.from([PDF]) });
    const kase = await createCase(leader, { groupId: String(g.group._id), title: "Casus met bijlage" });
    await attachCaseFile(leader, { groupId: String(g.group._id), docId: kase.docId, fileId: upload.id });
    await setGroupStatus(organiser, { groupId: String(g.group._id), status: "closed" });
    const closedAt = (await Group.findById(g.group._id).lean())!.closedAt!;
    expect(await applyRetention(monthsAfter(closedAt, 11))).toEqual({ groups: 0 });
    await setRetention(organiser, { trajectoryId: String(g.trajectory._id), retention: "manual" });
    expect((await Trajectory.findById(g.trajectory._id).lean())!.retentionMonths).toBeNull();
    expect(await applyRetention(monthsAfter(closedAt, 120))).toEqual({ groups: 0 });
    expect((await findEverywhere(canary)).length).toBeGreaterThan(0);

    // By hand: a leader may not; the organiser may, once the group is closed.
    await expect(deleteClosedGroupContent(ctxFor(g.leaders[0]), { groupId: String(g.group._id) })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(deleteClosedGroupContent(ctxFor(await buildUser()), { groupId: String(g.group._id) })).rejects.toMatchObject({
      code: "not_found",
    });
    await deleteClosedGroupContent(organiser, { groupId: String(g.group._id) });
    expect(await findEverywhere(canary)).toEqual([]);
    // Its files went too, bytes and all (decision 088).
    expect(await Attachment.countDocuments({ groupId: g.group._id })).toBe(0);
    expect(await mongoose.connection.db!.collection("attachments.files").countDocuments()).toBe(0);
    expect(await AuditEvent.countDocuments({ groupId: g.group._id, type: "content_deleted" })).toBe(1);
  });

  it("refuses to delete an open group's content, and anyone but the trajectory's organiser sets the period", async () => {
    const g = await buildGroup({ leaders: 1 });
    await expect(deleteClosedGroupContent(ctxFor(g.organiser), { groupId: String(g.group._id) })).rejects.toMatchObject({
      code: "conflict",
      meta: { reason: "privacy_group_open" },
    });
    await expect(setRetention(ctxFor(g.leaders[0]), { trajectoryId: String(g.trajectory._id), retention: "6" })).rejects.toMatchObject({
      code: "not_found",
    });
    expect((await Trajectory.findById(g.trajectory._id).lean())!.retentionMonths).toBe(12);
  });
});

describe("monthsAfter", () => {
  it("counts calendar months, the 31st landing on a shorter month's last day", () => {
    expect(monthsAfter(new Date("2026-01-31T10:00:00Z"), 1).toISOString()).toBe("2026-02-28T10:00:00.000Z");
    expect(monthsAfter(new Date("2026-03-15T00:00:00Z"), 12).toISOString()).toBe("2027-03-15T00:00:00.000Z");
  });
});

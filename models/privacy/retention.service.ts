// Retention (issue 17 item 5, decision 048): the organiser sets per trajectory how long a closed
// group's content is kept; a daily job deletes what is past it and leaves an audit entry with counts.
import type { Model } from "mongoose";
import { forgetGroupInSearch } from "../search/indexing"; // search (decision 086)
import { AuditEvent } from "../audit/audit.model";
import { CharterVersion } from "../charter/charter.model";
import { CoachingTalkDone, CoachNote } from "../coach/coach.model";
import { DocComment, DocCommentEntry } from "../comment/comment.model";
import { GroupCommand, GroupEvent } from "../delivery/group-event.model";
import { Case, CollabDocument, DocEditMark, DocSnapshot, DocUpdate, DocVersion } from "../document/document.model";
import { Goal, GoalAgreement, GoalProgress, GoalVersion } from "../goal/goal.model";
import { Group, type GroupRecord } from "../group/group.model";
import { Round, RoundVersion } from "../intervision/round.model";
import { AgendaItem, Assignment, AssignmentResponse, Attendance, MeetingChair, MeetingMinutes } from "../meeting/meeting-content.model";
import { Meeting } from "../meeting/meeting.model";
// Files (issue 20, decision 088)
import { Attachment } from "../attachment/attachment.model";
import { removeAttachments } from "../attachment/attachment.service";
import { CheckIn, CheckInFeedback, Commitment, LearningQuestion } from "../plan/plan.model";
import type { Id, NodeContext, ServiceContext } from "../shared/context";
import { DomainError } from "../shared/errors";
import { loadGroupFor } from "../group/group.service";
import { oid } from "../shared/oid";
import { Message, Notification, ReadMarker, Thread, ThreadSubscription } from "../thread/thread.model";
import { loadOwnTrajectory } from "../trajectory/programme.service";
import { Trajectory } from "../trajectory/trajectory.model";
// Practice stories and the end report (decisions 055, 056)
import { PracticeStory, StoryConsent, StorySelection, StoryVote } from "../story/story.model";
import { EndReport, ReportApproval, ReportVersion } from "../continuation/continuation.model";
import { DEFAULT_RETENTION_MONTHS, type RetentionChoice } from "./retention.constants";
import { EvaluationResponse, EvaluationShareConsent } from "../evaluation/evaluation.model";

/** The trajectory's organiser sets how long its closed groups' content is kept. */
export async function setRetention(ctx: ServiceContext, input: { trajectoryId: string; retention: RetentionChoice }) {
  const t = await loadOwnTrajectory(ctx.actor, input.trajectoryId);
  const retentionMonths = input.retention === "manual" ? null : Number(input.retention);
  await Trajectory.updateOne({ _id: t._id }, { $set: { retentionMonths } });
}

/** The moment `months` calendar months after `from` (the 31st of a shorter month: its last day). */
export function monthsAfter(from: Date, months: number): Date {
  const d = new Date(from);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

// biome-ignore lint/suspicious/noExplicitAny: the models differ in their schemas; only deleteMany is used.
type AnyModel = Model<any>;

/** Deletes every piece of content of one group; returns how many records of each kind went. */
export async function deleteGroupContent(group: Pick<GroupRecord, "_id">, node?: NodeContext): Promise<Record<string, number>> {
  const groupId = oid(group._id);
  const id = String(groupId);
  const counts: Record<string, number> = {};
  const del = async (name: string, model: AnyModel, filter: Record<string, unknown>) => {
    const r = await model.deleteMany(filter);
    counts[name] = (counts[name] ?? 0) + r.deletedCount;
  };
  const ids = async (model: AnyModel, filter: Record<string, unknown> = { groupId }) =>
    (await model.find(filter, { _id: 1 }).lean()).map((d) => d._id);

  // Documents (also cases' notes, meeting minutes and the charter draft) with their Yjs logs.
  const docIds = await ids(CollabDocument);
  if (docIds.length > 0) {
    const inDocs = { docId: { $in: docIds } };
    await del("docUpdates", DocUpdate, inDocs);
    await del("docSnapshots", DocSnapshot, inDocs);
    await del("docVersions", DocVersion, inDocs);
    await del("docEditMarks", DocEditMark, inDocs);
  }
  await del("documents", CollabDocument, { groupId });
  await del("cases", Case, { groupId });
  await del("comments", DocComment, { groupId });
  await del("commentEntries", DocCommentEntry, { groupId });
  // Threads and what hangs on them.
  await del("messages", Message, { groupId });
  await del("threads", Thread, { groupId });
  await del("readMarkers", ReadMarker, { groupId });
  await del("threadSubscriptions", ThreadSubscription, { groupId });
  await del("notifications", Notification, { groupId });
  // The group's event log carries what members wrote (decision 006); commands point into it.
  await del("groupEvents", GroupEvent, { groupId });
  await del("groupCommands", GroupCommand, { eventId: { $regex: `^${id}:` } });
  // Meetings and their content.
  const meetingIds = (await ids(Meeting)).map(String);
  if (meetingIds.length > 0) {
    await del("meetingChairs", MeetingChair, { _id: { $in: meetingIds } });
    await del("meetingMinutes", MeetingMinutes, { _id: { $in: meetingIds } });
    await del("coachingTalks", CoachingTalkDone, { _id: { $in: meetingIds } });
  }
  await del("agendaItems", AgendaItem, { groupId });
  await del("assignmentResponses", AssignmentResponse, { groupId });
  await del("assignments", Assignment, { groupId });
  await del("attendance", Attendance, { groupId });
  await del("meetings", Meeting, { groupId });
  // Intervision rounds with every state they went through.
  const roundIds = await ids(Round);
  if (roundIds.length > 0) await del("roundVersions", RoundVersion, { roundId: { $in: roundIds } });
  await del("rounds", Round, { groupId });
  // Action plans and goals.
  await del("checkInFeedback", CheckInFeedback, { groupId });
  await del("checkIns", CheckIn, { groupId });
  await del("learningQuestions", LearningQuestion, { groupId });
  await del("commitments", Commitment, { groupId });
  const goalIds = await ids(Goal);
  if (goalIds.length > 0) {
    await del("goalVersions", GoalVersion, { goalId: { $in: goalIds } });
    await del("goalAgreements", GoalAgreement, { goalId: { $in: goalIds } });
  }
  await del("goalProgress", GoalProgress, { groupId });
  await del("goals", Goal, { groupId });
  await del("coachNotes", CoachNote, { groupId });
  await del("coachingTalks", CoachingTalkDone, { groupId });
  await del("charterVersions", CharterVersion, { groupId });
  // Evaluation (issue 15, decision 052): the answers (their open lines are content) and consents
  await del("evaluationResponses", EvaluationResponse, { groupId });
  await del("evaluationShareConsents", EvaluationShareConsent, { groupId });
  // Practice stories and the end report (decisions 055, 056); the votes on the group's end stay (no content).
  await del("practiceStories", PracticeStory, { groupId });
  await del("storyVotes", StoryVote, { groupId });
  await del("storySelections", StorySelection, { groupId });
  await del("storyConsents", StoryConsent, { groupId });
  await del("reportVersions", ReportVersion, { groupId });
  await del("reportApprovals", ReportApproval, { groupId });
  await del("endReports", EndReport, { _id: id });
  await forgetGroupInSearch(groupId); // search: tombstones, so every node's index drops it too (decision 086)
  // Files (issue 20, decision 088): their bytes need the node's storage (given by every caller but old tests').
  if (node) counts.attachments = await removeAttachments(node, await Attachment.find({ groupId }).lean());
  return counts;
}

/** Deletes the group's content, marks it, and records the fact with the counts (no content). */
async function purgeGroup(group: GroupRecord, actorId: Id, data: Record<string, number>, now: Date, node?: NodeContext) {
  const counts = await deleteGroupContent(group, node);
  await Group.updateOne({ _id: group._id }, { $set: { contentDeletedAt: now } });
  const n = Object.values(counts).reduce((a, b) => a + b, 0);
  const nonZero = Object.fromEntries(Object.entries(counts).filter(([, c]) => c > 0));
  await AuditEvent.create({
    groupId: group._id,
    trajectoryId: group.trajectoryId,
    type: "content_deleted",
    actorId: oid(actorId),
    data: { ...data, n, ...nonZero },
    at: now,
  });
  return counts;
}

/** The trajectory's organiser deletes a closed group's content by hand (any retention setting). */
export async function deleteClosedGroupContent(ctx: ServiceContext, input: { groupId: string }) {
  const { group, access } = await loadGroupFor(ctx.actor, input.groupId, "group.view");
  if (!access.isTrajectoryOrganiser) throw new DomainError("forbidden");
  if (group.status !== "closed") throw new DomainError("conflict", [], { reason: "privacy_group_open" });
  if (group.contentDeletedAt) return;
  await purgeGroup(group, ctx.actor.id, {}, new Date(), ctx);
  ctx.publisher.toGroup(String(group._id), "group:changed", { groupId: String(group._id) });
}

/**
 * The daily job: every closed group whose trajectory's retention has passed since it closed loses
 * its content; an audit entry records the fact and the counts, nothing of the content. Idempotent:
 * a run cut short is finished by the next one (the group is marked only after the deletes).
 */
export async function applyRetention(now = new Date(), node?: NodeContext): Promise<{ groups: number }> {
  const closed = (await Group.find({ status: "closed" }).lean()).filter((g) => !g.contentDeletedAt);
  if (closed.length === 0) return { groups: 0 };
  const trajectories = await Trajectory.find({ _id: { $in: [...new Set(closed.map((g) => String(g.trajectoryId)))] } }).lean();
  const byId = new Map(trajectories.map((t) => [String(t._id), t]));
  let done = 0;
  for (const group of closed) {
    const t = byId.get(String(group.trajectoryId));
    const months = t ? (t.retentionMonths === undefined ? DEFAULT_RETENTION_MONTHS : t.retentionMonths) : DEFAULT_RETENTION_MONTHS;
    if (months === null) continue; // kept until deleted by hand
    // A group closed before closedAt existed: its last change is when it closed (or later).
    const closedAt = group.closedAt ?? group.updatedAt;
    if (!closedAt || monthsAfter(closedAt, months) > now) continue;
    // The actor of record: the trajectory's organiser, whose setting this applies.
    await purgeGroup(group, t?.organiserIds[0] ?? group._id, { months }, now, node);
    done++;
  }
  return { groups: done };
}

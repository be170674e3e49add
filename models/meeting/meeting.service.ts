// The meetings of a group (issue 14 item 1, docs/decisions/030): the plan from the rhythm, and the
// coach and the leaders moving, adding and cancelling meetings; each change notifies the members
// (a Notification of kind "meeting", mailed per their choice by models/notify).
import { activeLeaderIds, activeMembers } from "../group/memberships";
import { can } from "../group/group.policy";
import { loadGroupFor } from "../group/group.service";
import { toTimeZone } from "../i18n/dates";
import type { ServiceContext } from "../shared/context";
import { isDuplicateKey, ignoreDuplicateKey } from "../shared/duplicate-key";
import { DomainError } from "../shared/errors";
import { parseInput as parse } from "../shared/parse";
import { oid } from "../shared/oid";
import { Notification } from "../thread/thread.model";
import { Trajectory } from "../trajectory/trajectory.model";
import { User } from "../user/user.model";
import { displayNames } from "../user/user.service";
import {
  type AddMeeting,
  AddMeetingInput,
  GroupMeetingsInput,
  MeetingTargetInput,
  type MoveMeeting,
  MoveMeetingInput,
} from "./meeting.inputs";
import { Meeting, MeetingPlan, type MeetingRecord } from "./meeting.model";
import { atLocalHour, generatePlan } from "./rhythm";
import type { MeetingKind } from "./rhythm.constants";

export interface MeetingDTO {
  id: string;
  kind: MeetingKind;
  title: string;
  startsAt: string;
  endsAt: string;
  place: string;
  onlineUrl: string;
  status: "planned" | "cancelled";
  /** A coaching talk's leader, for those who may see it. */
  leaderName: string | null;
}

export interface GroupMeetingsDTO {
  upcoming: MeetingDTO[];
  past: MeetingDTO[];
  canEdit: boolean;
  canGenerate: boolean;
  /** The organiser sees dates only: no titles, places, links or names. */
  datesOnly: boolean;
}

/** Who may see a meeting: a coaching talk only its leader and the coaches; the rest the whole group. */
export function seesMeeting(m: Pick<MeetingRecord, "kind" | "leaderId">, member: { userId: string; role: string }) {
  return m.kind !== "coaching_talk" || member.role === "coach" || String(m.leaderId) === member.userId;
}

/** The meetings of a group, upcoming (from `now`, soonest first) and past (latest first). */
export async function listMeetings(ctx: ServiceContext, input: unknown, now = new Date()): Promise<GroupMeetingsDTO> {
  const { groupId } = parse(GroupMeetingsInput, input);
  const { access } = await loadGroupFor(ctx.actor, groupId, "meeting.read");
  const member = access.membership?.status === "active" ? { userId: ctx.actor.id, role: access.membership.role } : null;
  const datesOnly = !member;
  const all = (await Meeting.find({ groupId: oid(groupId) }).lean()).filter((m) => !member || seesMeeting(m, member));
  const names = datesOnly
    ? new Map<string, string>()
    : await displayNames(
        ctx,
        all.map((m) => m.leaderId),
      );
  const dto = (m: (typeof all)[number]): MeetingDTO => ({
    id: String(m._id),
    kind: m.kind,
    title: datesOnly ? "" : m.title,
    startsAt: m.startsAt.toISOString(),
    endsAt: m.endsAt.toISOString(),
    place: datesOnly ? "" : m.place,
    onlineUrl: datesOnly ? "" : m.onlineUrl,
    status: m.status,
    leaderName: datesOnly || !m.leaderId ? null : (names.get(String(m.leaderId)) ?? null),
  });
  const byStart = (a: { startsAt: Date }, b: { startsAt: Date }) => a.startsAt.getTime() - b.startsAt.getTime();
  const canEdit = can(access, "meeting.write");
  return {
    upcoming: all
      .filter((m) => m.endsAt >= now)
      .sort(byStart)
      .map(dto),
    past: all
      .filter((m) => m.endsAt < now)
      .sort((a, b) => byStart(b, a))
      .map(dto),
    canEdit,
    canGenerate: can(access, "meeting.plan") && all.length === 0 && !(await MeetingPlan.exists({ _id: groupId })),
    datesOnly,
  };
}

/** Writes the rhythm's plan for the group once (the organiser, the coach or a leader), from its trajectory's start date, with a coaching
 *  talk pair per active leader. Refused (conflict) when the plan exists or there is no start date. */
export async function generateGroupPlan(ctx: ServiceContext, input: unknown): Promise<{ count: number }> {
  const { groupId } = parse(GroupMeetingsInput, input);
  const { group } = await loadGroupFor(ctx.actor, groupId, "meeting.plan");
  const trajectory = group.trajectoryId ? await Trajectory.findById(group.trajectoryId, { startDate: 1 }).lean() : null;
  if (!trajectory?.startDate) throw new DomainError("conflict", undefined, { reason: "no_start_date" });
  if (await Meeting.exists({ groupId: group._id })) throw new DomainError("conflict", undefined, { reason: "already_planned" });
  try {
    await MeetingPlan.create({ _id: groupId });
  } catch (e) {
    if (isDuplicateKey(e)) throw new DomainError("conflict", undefined, { reason: "already_planned" });
    throw e;
  }
  const leaders = await activeLeaderIds(groupId);
  const plan = generatePlan(trajectory.startDate, leaders);
  await Meeting.insertMany(
    plan.map((p) => ({
      groupId: group._id,
      trajectoryId: group.trajectoryId,
      kind: p.kind,
      startsAt: p.startsAt,
      endsAt: p.endsAt,
      leaderId: p.leaderId ? oid(p.leaderId) : null,
    })),
  );
  return { count: plan.length };
}

/** The instants of a wall-clock date and times in the actor's own time zone. */
async function instants(ctx: ServiceContext, v: { date: string; start: string; end: string }) {
  const tz = toTimeZone((await User.findById(ctx.actor.id, { timeZone: 1 }).lean())?.timeZone);
  const [y, mo, d] = v.date.split("-").map(Number);
  const day = Date.UTC(y, mo - 1, d);
  const hours = (t: string) => Number(t.slice(0, 2)) + Number(t.slice(3)) / 60;
  return { startsAt: atLocalHour(day, hours(v.start), tz), endsAt: atLocalHour(day, hours(v.end), tz) };
}

/** A meeting of the group the actor may change; not_found for one they may not see. */
async function loadMeeting(ctx: ServiceContext, groupId: string, meetingId: string) {
  const { access } = await loadGroupFor(ctx.actor, groupId, "meeting.write");
  const meeting = await Meeting.findOne({ _id: oid(meetingId), groupId: oid(groupId) });
  const member = { userId: ctx.actor.id, role: access.membership?.role ?? "" };
  if (!meeting || !seesMeeting(meeting, member)) throw new DomainError("not_found");
  return meeting;
}

/** One "meeting" notification per active member who may see the meeting, except the actor. */
async function notifyMembers(ctx: ServiceContext, m: MeetingRecord, change: "added" | "moved" | "cancelled") {
  const at = (m as { updatedAt?: Date }).updatedAt?.getTime() ?? Date.now();
  const docs = (await activeMembers(String(m.groupId)))
    .filter((u) => u.userId !== ctx.actor.id && seesMeeting(m, u))
    .map((u) => ({
      _id: `${u.userId}:meeting:${m._id}:${at}`,
      userId: oid(u.userId),
      groupId: m.groupId,
      meetingId: m._id,
      kind: "meeting" as const,
      change,
    }));
  if (docs.length) await Notification.insertMany(docs, { ordered: false }).catch(ignoreDuplicateKey);
}

export async function addMeeting(ctx: ServiceContext, input: unknown): Promise<{ id: string }> {
  const v: AddMeeting = parse(AddMeetingInput, input);
  const { group } = await loadGroupFor(ctx.actor, v.groupId, "meeting.write");
  // A coaching talk added by a leader is theirs; the coach's has no leader until the coach's room names one.
  const leaderId = v.kind === "coaching_talk" && (await isLeader(v.groupId, ctx.actor.id)) ? oid(ctx.actor.id) : null;
  const meeting = await Meeting.create({
    groupId: group._id,
    trajectoryId: group.trajectoryId ?? null,
    kind: v.kind,
    title: v.title,
    place: v.place,
    onlineUrl: v.onlineUrl,
    leaderId,
    ...(await instants(ctx, v)),
  });
  await notifyMembers(ctx, meeting.toObject(), "added");
  return { id: String(meeting._id) };
}

const isLeader = async (groupId: string, userId: string) =>
  (await activeMembers(groupId)).some((m) => m.userId === userId && m.role === "leader");

export async function moveMeeting(ctx: ServiceContext, input: unknown): Promise<void> {
  const v: MoveMeeting = parse(MoveMeetingInput, input);
  const meeting = await loadMeeting(ctx, v.groupId, v.meetingId);
  if (meeting.status === "cancelled") throw new DomainError("conflict");
  Object.assign(meeting, { place: v.place, onlineUrl: v.onlineUrl, ...(await instants(ctx, v)) });
  await meeting.save();
  await notifyMembers(ctx, meeting.toObject(), "moved");
}

export async function cancelMeeting(ctx: ServiceContext, input: unknown): Promise<void> {
  const v = parse(MeetingTargetInput, input);
  const meeting = await loadMeeting(ctx, v.groupId, v.meetingId);
  if (meeting.status === "cancelled") return;
  meeting.status = "cancelled";
  await meeting.save();
  await notifyMembers(ctx, meeting.toObject(), "cancelled");
}

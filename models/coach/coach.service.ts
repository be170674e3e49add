// The coach's room (issue 14 item 7, docs/decisions/038): per leader the coach's private notes, the
// coaching talks (Meetings of kind coaching_talk, twice a school year) and their action plan; per
// group a preparation view of the next meeting. Only the group's coach enters: anyone else,
// the organiser included, gets not_found, as for a room that does not exist.
import { decide } from "../group/group.policy";
import { getGroupAccess } from "../group/group.service";
import { activeLeaderIds } from "../group/memberships";
import { toTimeZone } from "../i18n/dates";
import { getNextMeeting } from "../meeting/meeting-content.service";
import { Meeting } from "../meeting/meeting.model";
import { atLocalHour } from "../meeting/rhythm";
import { CheckIn, Commitment } from "../plan/plan.model";
import { isGroupCoach, writesInGroup } from "../plan/plan.policy";
import { type LeaderPlanDTO, plansForCoach } from "../plan/plan.service";
import type { ServiceContext } from "../shared/context";
import { ignoreDuplicateKey } from "../shared/duplicate-key";
import { DomainError } from "../shared/errors";
import { oid } from "../shared/oid";
import { parseInput } from "../shared/parse";
import { User } from "../user/user.model";
import { displayNames } from "../user/user.service";
import { TALK_MINUTES } from "./coach.constants";
import { CoachNoteInput, CoachNoteTargetInput, CoachRoomInput, PlanTalkInput, TalkDoneInput } from "./coach.inputs";
import { CoachingTalkDone, CoachNote } from "./coach.model";
import { type CoachNoteDTO, notesForMember } from "./coach-notes";

export interface TalkDTO {
  id: string;
  startsAt: string;
  done: boolean;
  cancelled: boolean;
}
export interface CoachedMemberDTO {
  userId: string;
  name: string;
  notes: CoachNoteDTO[];
  talks: TalkDTO[];
  /** Talks (not cancelled) in the current school year (1 September to 31 August). */
  talksThisYear: number;
  plan: LeaderPlanDTO | null;
}
export interface PrepCommitmentDTO {
  id: string;
  userName: string;
  text: string;
  due: string | null;
  done: boolean;
}
export interface PrepDTO {
  nextMeeting: { id: string; kind: string; title: string; startsAt: string; endsAt: string; place: string; onlineUrl: string } | null;
  /** Check-ins since the start of the last meeting (or ever, before the first). */
  since: string | null;
  reported: { name: string; checkIns: number }[];
  notReported: string[];
  openCommitments: PrepCommitmentDTO[];
  /** The commitments of the most recent intervision round that handed any over. */
  lastRound: PrepCommitmentDTO[];
  /** The next meeting's agenda and the assignments still due (models/meeting); null when there is no next meeting. */
  agenda: { title: string }[] | null;
  assignments: { title: string; due: string | null; open: number }[] | null;
}
export interface CoachRoomDTO {
  groupId: string;
  members: CoachedMemberDTO[];
  prep: PrepDTO;
  canWrite: boolean;
}

/** The group's coach, or not_found (a coach behind on the charter: charter_required). */
async function enterRoom(ctx: ServiceContext, groupId: string) {
  const loaded = await getGroupAccess(ctx.actor, groupId);
  if (!loaded) throw new DomainError("not_found");
  const { access } = loaded;
  if (access.membership?.role === "coach" && decide(access, "group.content") === "charter_required")
    throw new DomainError("charter_required");
  if (!isGroupCoach(access)) throw new DomainError("not_found");
  return loaded;
}

function schoolYearStart(now: Date) {
  const y = now.getUTCMonth() >= 8 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  return new Date(Date.UTC(y, 8, 1));
}

/** The coach's room: every leader's notes, talks and plan, and the preparation of the next meeting. */
export async function getCoachRoom(ctx: ServiceContext, input: unknown, now = new Date()): Promise<CoachRoomDTO> {
  const { groupId } = parseInput(CoachRoomInput, input);
  const { access } = await enterRoom(ctx, groupId);
  const leaders = await activeLeaderIds(groupId);
  const names = await displayNames(ctx, leaders);
  const plans = await plansForCoach(ctx, groupId, leaders);
  const talks = await Meeting.find({ groupId: oid(groupId), kind: "coaching_talk" }).lean();
  const done = new Set((await CoachingTalkDone.find({ groupId: oid(groupId) }).lean()).map((d) => d._id));
  const yearStart = schoolYearStart(now).getTime();
  const yearEnd = new Date(Date.UTC(new Date(yearStart).getUTCFullYear() + 1, 8, 1)).getTime();
  const members: CoachedMemberDTO[] = [];
  for (const userId of leaders) {
    const own = talks.filter((t) => String(t.leaderId) === userId).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    members.push({
      userId,
      name: names.get(userId) ?? "",
      notes: await notesForMember(ctx, groupId, userId),
      talks: own.map((t) => ({
        id: String(t._id),
        startsAt: t.startsAt.toISOString(),
        done: done.has(String(t._id)),
        cancelled: t.status === "cancelled",
      })),
      talksThisYear: own.filter((t) => t.status !== "cancelled" && t.startsAt.getTime() >= yearStart && t.startsAt.getTime() < yearEnd)
        .length,
      plan: plans.find((p) => p.userId === userId) ?? null,
    });
  }
  members.sort((a, b) => a.name.localeCompare(b.name));
  const prep = await preparation(groupId, leaders, names, now);
  // The next meeting's agenda and the assignments still due, with how many leaders have not done each.
  const next = await getNextMeeting(ctx, { groupId }, now);
  if (next) {
    const led = new Set(leaders);
    prep.agenda = next.meeting ? next.agenda.map((a) => ({ title: a.title })) : null;
    prep.assignments = next.toPrepare.map((a) => ({
      title: a.title,
      due: a.due,
      open: leaders.length - a.responses.filter((r) => r.done && led.has(r.userId)).length,
    }));
  }
  return { groupId, members, prep, canWrite: writesInGroup(access) };
}

async function preparation(groupId: string, leaders: string[], names: Map<string, string>, now: Date): Promise<PrepDTO> {
  const group = oid(groupId);
  const meetings = (await Meeting.find({ groupId: group, status: "planned" }).lean()).filter((m) => m.kind !== "coaching_talk");
  const next = meetings.filter((m) => m.endsAt >= now).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0] ?? null;
  const last = meetings.filter((m) => m.endsAt < now).sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime())[0] ?? null;
  const since = last?.startsAt ?? null;
  const checkIns = await CheckIn.find(since ? { groupId: group, createdAt: { $gte: since } } : { groupId: group }, { userId: 1 }).lean();
  const counts = new Map<string, number>();
  for (const c of checkIns) counts.set(String(c.userId), (counts.get(String(c.userId)) ?? 0) + 1);
  const name = (id: unknown) => names.get(String(id)) ?? "";
  const active = new Set(leaders);
  const commitments = (await Commitment.find({ groupId: group }).lean()).filter((c) => active.has(String(c.userId)));
  const dto = (c: (typeof commitments)[number]): PrepCommitmentDTO => ({
    id: c._id,
    userName: name(c.userId),
    text: c.text,
    due: c.due?.toISOString() ?? null,
    done: c.done,
  });
  const newest = [...commitments].sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0];
  return {
    nextMeeting: next
      ? {
          id: String(next._id),
          kind: next.kind,
          title: next.title,
          startsAt: next.startsAt.toISOString(),
          endsAt: next.endsAt.toISOString(),
          place: next.place,
          onlineUrl: next.onlineUrl,
        }
      : null,
    since: since?.toISOString() ?? null,
    reported: leaders
      .filter((l) => counts.has(l))
      .map((l) => ({ name: name(l), checkIns: counts.get(l) ?? 0 }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    notReported: leaders
      .filter((l) => !counts.has(l))
      .map(name)
      .sort((a, b) => a.localeCompare(b)),
    openCommitments: commitments.filter((c) => !c.done).map(dto),
    lastRound: newest ? commitments.filter((c) => c.sourceKind === newest.sourceKind && c.sourceId === newest.sourceId).map(dto) : [],
    agenda: null,
    assignments: null,
  };
}

/** An active leader of the group the coach writes about; not_found for anyone else. */
async function coachedLeader(groupId: string, memberId: string) {
  if (!(await activeLeaderIds(groupId)).includes(memberId)) throw new DomainError("not_found");
}

async function coachWrites(ctx: ServiceContext, groupId: string) {
  const { access } = await enterRoom(ctx, groupId);
  if (!writesInGroup(access)) throw new DomainError("forbidden");
}

/** A private note about a leader: only the group's coaches and that leader will read it. */
export async function addCoachNote(ctx: ServiceContext, input: unknown): Promise<{ id: string }> {
  const v = parseInput(CoachNoteInput, input);
  await coachWrites(ctx, v.groupId);
  await coachedLeader(v.groupId, v.memberId);
  const n = await CoachNote.create({ groupId: oid(v.groupId), memberId: oid(v.memberId), authorId: oid(ctx.actor.id), text: v.text });
  return { id: String(n._id) };
}

/** Removes a coaching note (any coach of the group). */
export async function removeCoachNote(ctx: ServiceContext, input: unknown) {
  const v = parseInput(CoachNoteTargetInput, input);
  await coachWrites(ctx, v.groupId);
  const res = await CoachNote.deleteOne({ _id: oid(v.noteId), groupId: oid(v.groupId) });
  if (res.deletedCount === 0) throw new DomainError("not_found");
}

/** Plans a coaching talk with a leader on a day, at a time in the coach's own time zone (an hour long). */
export async function planCoachingTalk(ctx: ServiceContext, input: unknown): Promise<{ id: string }> {
  const v = parseInput(PlanTalkInput, input);
  await coachWrites(ctx, v.groupId);
  await coachedLeader(v.groupId, v.memberId);
  const loaded = await getGroupAccess(ctx.actor, v.groupId);
  const tz = toTimeZone((await User.findById(ctx.actor.id, { timeZone: 1 }).lean())?.timeZone);
  const [y, mo, d] = v.date.split("-").map(Number);
  const hour = Number(v.start.slice(0, 2)) + Number(v.start.slice(3)) / 60;
  const startsAt = atLocalHour(Date.UTC(y, mo - 1, d), hour, tz);
  const m = await Meeting.create({
    groupId: oid(v.groupId),
    trajectoryId: loaded?.group.trajectoryId ?? null,
    kind: "coaching_talk",
    startsAt,
    endsAt: new Date(startsAt.getTime() + TALK_MINUTES * 60_000),
    leaderId: oid(v.memberId),
  });
  return { id: String(m._id) };
}

/** Marks a coaching talk of the group as held, or not. */
export async function setTalkDone(ctx: ServiceContext, input: unknown) {
  const v = parseInput(TalkDoneInput, input);
  await coachWrites(ctx, v.groupId);
  const talk = await Meeting.findOne({ _id: oid(v.meetingId), groupId: oid(v.groupId), kind: "coaching_talk" }, { _id: 1 }).lean();
  if (!talk) throw new DomainError("not_found");
  if (v.done) await CoachingTalkDone.create({ _id: v.meetingId, groupId: oid(v.groupId) }).catch(ignoreDuplicateKey);
  else await CoachingTalkDone.deleteOne({ _id: v.meetingId });
}

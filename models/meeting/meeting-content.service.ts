// What a meeting holds (issue 14 item 2, docs/decisions/034): an agenda whose items link to the
// group's cases, documents and threads; co-edited minutes (a document of the group); attendance set
// by the chair; assignments for before the next meeting with each member's answer. The organiser
// sees dates and attendance counts only (trajectoryAttendance), never any of the rest.
import { Types } from "mongoose";
import { indexMeeting, placeDocument } from "../search/indexing"; // search (decision 085)
// Files on a meeting (issue 20 round two)
import type { AttachmentDto } from "../attachment/attachment.dto";
import { attachOne, filesOf, listFor, type Owner, removeFor, removeOne } from "../attachment/attachment.service";
import { CollabDocument } from "../document/document.model";
import { insertDocument } from "../document/document.service";
import { Group } from "../group/group.model";
import { can, decide, type GroupAccess } from "../group/group.policy";
import { groupClosed, loadGroupFor, type LoadedGroup } from "../group/group.service";
import { activeMembers } from "../group/memberships";
import { formatDate, toTimeZone } from "../i18n/dates";
import { translate } from "../i18n/i18n";
import { toLocale } from "../i18n/locale";
import type { ServiceContext } from "../shared/context";
import { isDuplicateKey, retryOnDuplicate } from "../shared/duplicate-key";
import { DomainError } from "../shared/errors";
import { isObjectId } from "../shared/ids";
import { oid } from "../shared/oid";
import { Trajectory } from "../trajectory/trajectory.model";
import { User } from "../user/user.model";
import { displayNames } from "../user/user.service";
import { AGENDA_LINKS } from "./agenda-links";
import {
  AGENDA_LINK_KINDS,
  AGENDA_MAX_ITEMS,
  type AgendaLinkKind,
  ASSIGNMENTS_MAX,
  ATTENDANCE,
  type AttendanceStatus,
} from "./meeting-content.constants";
import {
  type AddAgendaItem,
  AddAgendaItemInput,
  type AddAssignment,
  AddAssignmentInput,
  AgendaItemTargetInput,
  AssignmentTargetInput,
  GroupTargetInput,
  MeetingFileInput,
  MeetingPageInput,
  MoveAgendaItemInput,
  RespondToAssignmentInput,
  SetAttendanceInput,
  SetMeetingChairInput,
} from "./meeting-content.inputs";
import { AgendaItem, Assignment, AssignmentResponse, Attendance, MeetingChair, MeetingMinutes } from "./meeting-content.model";
import { Meeting, type MeetingRecord } from "./meeting.model";
import { parseInput as parse } from "../shared/parse";
import { seesMeeting } from "./meeting.service";
import type { MeetingKind } from "./rhythm.constants";

// ---- loading -----------------------------------------------------------------------------------

interface LoadedMeeting extends LoadedGroup {
  meeting: MeetingRecord;
  /** The actor chairs this meeting: a coach of the group, or the member the coach named for it. */
  isChair: boolean;
  chairId: string | null;
}

const activeRole = (a: GroupAccess) => (a.membership?.status === "active" ? a.membership.role : null);

/**
 * The group gate (the group's content: members who accepted the charter), then the meeting, which
 * must be the group's and one the actor may see (a coaching talk: its leader and the coaches),
 * else not_found. The organiser never passes: the meeting's content is the group's.
 */
async function loadMeetingFor(ctx: ServiceContext, groupId: string, meetingId: string): Promise<LoadedMeeting> {
  const loaded = await loadGroupFor(ctx.actor, groupId, "meeting.read");
  const role = activeRole(loaded.access);
  // An organiser who is no member: the meeting's content does not exist for them (dates are on the list).
  if (!role) throw new DomainError("not_found");
  const decision = decide(loaded.access, "group.content");
  if (decision !== "allow") throw new DomainError(decision);
  const meeting = isObjectId(meetingId) ? await Meeting.findById(meetingId).lean() : null;
  if (!meeting || String(meeting.groupId) !== String(loaded.group._id) || !seesMeeting(meeting, { userId: ctx.actor.id, role })) {
    throw new DomainError("not_found");
  }
  const chair = await MeetingChair.findById(String(meeting._id)).lean();
  const chairId = chair ? String(chair.userId) : null;
  return { ...loaded, meeting, chairId, isChair: role === "coach" || chairId === ctx.actor.id };
}

/** The same, for a change: a closed group or a cancelled meeting refuses; `who` says who may. */
async function loadForChange(
  ctx: ServiceContext,
  input: { groupId: string; meetingId: string },
  who: "chair" | "coach" | "writer" | "leader",
) {
  const m = await loadMeetingFor(ctx, input.groupId, input.meetingId);
  if (m.access.closed) throw groupClosed();
  const role = activeRole(m.access);
  const allowed =
    who === "chair"
      ? m.isChair
      : who === "coach"
        ? role === "coach"
        : who === "leader"
          ? role === "leader"
          : can(m.access, "meeting.write");
  if (!allowed) throw new DomainError("forbidden");
  if (m.meeting.status === "cancelled" && who !== "leader") throw new DomainError("conflict", undefined, { reason: "meeting_cancelled" });
  return m;
}

// ---- the page ----------------------------------------------------------------------------------

export interface AgendaItemDTO {
  id: string;
  title: string;
  /** What the item links to, when the reader may see it; null otherwise (nothing about it shows). */
  link: { kind: AgendaLinkKind; title: string; href: string } | null;
}

export interface AssignmentDTO {
  id: string;
  title: string;
  description: string;
  /** YYYY-MM-DD. */
  due: string;
  /** The meeting it was given at. */
  meetingId: string;
  responses: { userId: string; name: string; text: string; done: boolean; files: AttachmentDto[] }[];
  mine: { text: string; done: boolean; files: AttachmentDto[] } | null;
  /** The files given with the assignment. */
  files: AttachmentDto[];
}

export interface MeetingPageDTO {
  meeting: {
    id: string;
    groupId: string;
    kind: MeetingKind;
    title: string;
    startsAt: string;
    endsAt: string;
    place: string;
    onlineUrl: string;
    status: "planned" | "cancelled";
  };
  agenda: AgendaItemDTO[];
  chair: { userId: string; name: string } | null;
  /** The leaders, with their attendance (the coach chairs; guests visit and are not counted). */
  members: { userId: string; name: string; role: string; attendance: AttendanceStatus | null }[];
  minutesDocId: string | null;
  assignments: AssignmentDTO[];
  can: { editAgenda: boolean; chair: boolean; nameChair: boolean; openMinutes: boolean; respond: boolean };
  /** Only for one who may edit the agenda: the group's things an item may link to. */
  linkOptions: { kind: AgendaLinkKind; id: string; title: string }[];
  /** The meeting's files (policy texts, a photo of the whiteboard). */
  files: AttachmentDto[];
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Resolves agenda links for a reader: a link shows only when its thing still exists, is the
 *  group's, and the reader's access allows its kind. */
async function agendaFor(access: GroupAccess, groupId: string, meetingId: string): Promise<AgendaItemDTO[]> {
  const items = await AgendaItem.find({ meetingId: oid(meetingId) })
    .sort({ position: 1, createdAt: 1 })
    .lean();
  return Promise.all(
    items.map(async (i) => {
      const kind = i.linkKind as AgendaLinkKind | null;
      let link: AgendaItemDTO["link"] = null;
      if (kind && i.linkId && can(access, AGENDA_LINKS[kind].action)) {
        const target = await AGENDA_LINKS[kind].find(String(i.linkId));
        if (target && target.groupId === groupId) link = { kind, title: target.title, href: `/groups/${groupId}/${target.path}` };
      }
      return { id: String(i._id), title: i.title, link };
    }),
  );
}

/** The owner of an assignment's files, and of one member's answer's files (decision 083's owner kinds). */
const assignmentOwner = (assignmentId: string): Owner => ({ kind: "assignment", id: assignmentId });
const responseOwner = (assignmentId: string, userId: string): Owner => ({ kind: "assignmentResponse", id: `${assignmentId}.${userId}` });

async function assignmentsOf(ctx: ServiceContext, filter: Record<string, unknown>, names: Map<string, string>): Promise<AssignmentDTO[]> {
  const list = await Assignment.find(filter).sort({ dueDate: 1, createdAt: 1 }).lean();
  const responses = list.length ? await AssignmentResponse.find({ assignmentId: { $in: list.map((a) => a._id) } }).lean() : [];
  const missing = responses.map((r) => String(r.userId)).filter((u) => !names.has(u));
  for (const [id, name] of await displayNames(ctx, missing)) names.set(id, name);
  const files = await listFor([
    ...list.map((a) => assignmentOwner(String(a._id))),
    ...responses.map((r) => responseOwner(String(r.assignmentId), String(r.userId))),
  ]);
  const filesOfOwner = (o: Owner) => files.get(`${o.kind}:${o.id}`) ?? [];
  return list.map((a) => {
    const rs = responses.filter((r) => String(r.assignmentId) === String(a._id));
    const mine = rs.find((r) => String(r.userId) === ctx.actor.id);
    const responseFiles = (userId: string) => filesOfOwner(responseOwner(String(a._id), userId));
    return {
      id: String(a._id),
      title: a.title,
      description: a.description,
      due: day(a.dueDate),
      meetingId: String(a.meetingId),
      responses: rs
        .map((r) => ({
          userId: String(r.userId),
          name: names.get(String(r.userId)) ?? "?",
          text: r.text,
          done: r.done,
          files: responseFiles(String(r.userId)),
        }))
        .sort((x, y) => x.name.localeCompare(y.name, "nl")),
      mine: mine ? { text: mine.text, done: mine.done, files: responseFiles(ctx.actor.id) } : null,
      files: filesOfOwner(assignmentOwner(String(a._id))),
    };
  });
}

/** A meeting's page for a member: its date and place, agenda, chair, attendance, minutes and assignments. */
export async function getMeetingPage(ctx: ServiceContext, input: { groupId: string; meetingId: string }): Promise<MeetingPageDTO> {
  // Ids from the URL: the group first (an outsider gets not_found whatever the meeting id), then the meeting.
  const { groupId, meetingId } = input;
  const m = await loadMeetingFor(ctx, groupId, meetingId);
  const role = activeRole(m.access);
  const id = String(m.meeting._id);
  const members = (await activeMembers(groupId)).filter((u) => u.role === "leader");
  const [attendance, names, minutes, agenda, files] = await Promise.all([
    Attendance.find({ meetingId: m.meeting._id }).lean(),
    displayNames(ctx, [...members.map((u) => u.userId), m.chairId]),
    MeetingMinutes.findById(id).lean(),
    agendaFor(m.access, groupId, id),
    filesOf({ kind: "meeting", id }),
  ]);
  const status = new Map(attendance.map((a) => [String(a.userId), a.status as AttendanceStatus]));
  const editAgenda = can(m.access, "meeting.write") && !m.access.closed && m.meeting.status === "planned";
  const linkOptions = editAgenda
    ? (
        await Promise.all(
          AGENDA_LINK_KINDS.filter((k) => can(m.access, AGENDA_LINKS[k].action)).map(async (kind) =>
            (await AGENDA_LINKS[kind].list(groupId)).map((o) => ({ kind, ...o })),
          ),
        )
      ).flat()
    : [];
  return {
    meeting: {
      id,
      groupId,
      kind: m.meeting.kind,
      title: m.meeting.title,
      startsAt: m.meeting.startsAt.toISOString(),
      endsAt: m.meeting.endsAt.toISOString(),
      place: m.meeting.place,
      onlineUrl: m.meeting.onlineUrl,
      status: m.meeting.status,
    },
    agenda,
    chair: m.chairId ? { userId: m.chairId, name: names.get(m.chairId) ?? "?" } : null,
    members: members
      .map((u) => ({ userId: u.userId, name: names.get(u.userId) ?? "?", role: u.role, attendance: status.get(u.userId) ?? null }))
      .sort((a, b) => a.name.localeCompare(b.name, "nl")),
    minutesDocId: minutes ? String(minutes.docId) : null,
    assignments: await assignmentsOf(ctx, { meetingId: m.meeting._id }, names),
    can: {
      editAgenda,
      chair: m.isChair && !m.access.closed && m.meeting.status === "planned",
      nameChair: role === "coach" && !m.access.closed && m.meeting.status === "planned",
      openMinutes: !!minutes || (can(m.access, "doc.write") && !m.access.closed),
      respond: role === "leader" && !m.access.closed,
    },
    linkOptions,
    files,
  };
}

// ---- files (issue 20 round two) ----------------------------------------------------------------

/** A meeting whose content the actor may read (an organiser: not_found): a file download's check. */
export async function assertCanReadMeeting(ctx: ServiceContext, groupId: string, meetingId: string): Promise<void> {
  await loadMeetingFor(ctx, groupId, meetingId);
}

/** An assignment (or one member's answer to it, `assignmentResponse` id "<assignment>.<user>") whose
 *  meeting's content the actor may read: their files' download check. */
export async function assertCanReadAssignment(ctx: ServiceContext, groupId: string, ownerId: string): Promise<void> {
  const [assignmentId] = ownerId.split(".");
  const a = isObjectId(assignmentId) ? await Assignment.findById(assignmentId).lean() : null;
  if (!a || String(a.groupId) !== groupId) throw new DomainError("not_found");
  await loadMeetingFor(ctx, groupId, String(a.meetingId));
}

/** Whose files a form names: the meeting's (who may edit its agenda, while it is planned), an
 *  assignment's (its chair) or the actor's own answer's (a leader: the answer's author only). */
async function fileOwner(ctx: ServiceContext, input: unknown): Promise<{ owner: Owner; groupId: string; fileId: string }> {
  const v = parse(MeetingFileInput, input);
  const { groupId, fileId } = v;
  if (v.on === "meeting" || !v.assignmentId) {
    await loadForChange(ctx, v, "writer");
    return { owner: { kind: "meeting", id: v.meetingId }, groupId, fileId };
  }
  const target = { ...v, assignmentId: v.assignmentId };
  if (v.on === "assignment") {
    const { a } = await loadAssignment(ctx, target, "chair");
    return { owner: assignmentOwner(String(a._id)), groupId, fileId };
  }
  const { a } = await loadAssignment(ctx, target, "leader");
  return { owner: responseOwner(String(a._id), ctx.actor.id), groupId, fileId };
}

/** Attaches one of the actor's uploads to a meeting, an assignment or their own answer (fileOwner). */
export async function attachMeetingFile(ctx: ServiceContext, input: unknown): Promise<AttachmentDto> {
  const { owner, groupId, fileId } = await fileOwner(ctx, input);
  return attachOne(ctx, groupId, owner, fileId);
}

/** Removes a file from a meeting, an assignment or one's own answer (a cancelled meeting keeps its files). */
export async function removeMeetingFile(ctx: ServiceContext, input: unknown): Promise<void> {
  const { owner, fileId } = await fileOwner(ctx, input);
  await removeOne(ctx, owner, fileId);
}

// ---- agenda ------------------------------------------------------------------------------------

/** Adds an item at the end of the agenda (coaches and leaders); a link must be to a thing of this
 *  group the actor may see, else the field is refused as not found. */
export async function addAgendaItem(ctx: ServiceContext, input: unknown): Promise<{ id: string }> {
  const v: AddAgendaItem = parse(AddAgendaItemInput, input);
  const m = await loadForChange(ctx, v, "writer");
  if (v.link) {
    const row = AGENDA_LINKS[v.link.kind];
    const target = can(m.access, row.action) ? await row.find(v.link.id) : null;
    if (!target || target.groupId !== v.groupId) throw new DomainError("invalid_input", [{ path: "link", code: "meeting_link_not_found" }]);
  }
  const items = await AgendaItem.find({ meetingId: m.meeting._id }, { position: 1 }).lean();
  if (items.length >= AGENDA_MAX_ITEMS) throw new DomainError("invalid_input", [{ path: "title", code: "meeting_too_many" }]);
  const item = await AgendaItem.create({
    groupId: m.group._id,
    meetingId: m.meeting._id,
    position: Math.max(0, ...items.map((i) => i.position)) + 1,
    title: v.title,
    linkKind: v.link ? v.link.kind : null,
    linkId: v.link ? oid(v.link.id) : null,
    createdBy: oid(ctx.actor.id),
  });
  await indexMeeting(String(m.meeting._id)); // search (decision 085)
  return { id: String(item._id) };
}

async function loadItem(ctx: ServiceContext, input: unknown, schema: typeof AgendaItemTargetInput | typeof MoveAgendaItemInput) {
  const v = parse(schema, input) as { groupId: string; meetingId: string; itemId: string; direction?: "up" | "down" };
  const m = await loadForChange(ctx, v, "writer");
  const item = await AgendaItem.findById(v.itemId).lean();
  if (!item || String(item.meetingId) !== String(m.meeting._id)) throw new DomainError("not_found");
  return { v, m, item };
}

export async function removeAgendaItem(ctx: ServiceContext, input: unknown): Promise<void> {
  const { item } = await loadItem(ctx, input, AgendaItemTargetInput);
  await AgendaItem.deleteOne({ _id: item._id });
  await indexMeeting(String(item.meetingId)); // search (decision 085)
}

/** Swaps an item with its neighbour above or below (nothing at either end); the agenda is then
 *  numbered 1..n again, so positions two racing adds shared become distinct. */
export async function moveAgendaItem(ctx: ServiceContext, input: unknown): Promise<void> {
  const { v, m, item } = await loadItem(ctx, input, MoveAgendaItemInput);
  const items = await AgendaItem.find({ meetingId: m.meeting._id }, { position: 1 }).sort({ position: 1, createdAt: 1 }).lean();
  const at = items.findIndex((i) => String(i._id) === String(item._id));
  const to = v.direction === "up" ? at - 1 : at + 1;
  if (to < 0 || to >= items.length) return;
  [items[at], items[to]] = [items[to], items[at]];
  for (const [k, i] of items.entries()) {
    if (i.position !== k + 1) await AgendaItem.updateOne({ _id: i._id }, { $set: { position: k + 1 } });
  }
}

// ---- chair and attendance ----------------------------------------------------------------------

/** The coach names a leader to chair this meeting ("" gives the chair back to the coach). */
export async function setMeetingChair(ctx: ServiceContext, input: unknown): Promise<void> {
  const v = parse(SetMeetingChairInput, input);
  const m = await loadForChange(ctx, v, "coach");
  const id = String(m.meeting._id);
  if (!v.userId) {
    await MeetingChair.deleteOne({ _id: id });
    return;
  }
  const target = (await activeMembers(v.groupId)).find((u) => u.userId === v.userId);
  if (target?.role !== "leader") throw new DomainError("invalid_input", [{ path: "userId", code: "not_a_leader" }]);
  const set = { userId: oid(v.userId), setBy: oid(ctx.actor.id), at: new Date() };
  await retryOnDuplicate(() => MeetingChair.updateOne({ _id: id }, { $set: set }, { upsert: true }));
}

/** The chair marks a leader present, excused or absent (the figures behind certificates of
 *  participation: leaders only; the coach chairs, guests visit). */
export async function setAttendance(ctx: ServiceContext, input: unknown): Promise<void> {
  const v = parse(SetAttendanceInput, input);
  const m = await loadForChange(ctx, v, "chair");
  const target = (await activeMembers(v.groupId)).find((u) => u.userId === v.userId);
  if (target?.role !== "leader") throw new DomainError("invalid_input", [{ path: "userId", code: "meeting_not_a_member" }]);
  const _id = `${m.meeting._id}:${v.userId}`;
  const set = { status: v.status, setBy: oid(ctx.actor.id), at: new Date() };
  const insert = { groupId: m.group._id, meetingId: m.meeting._id, userId: oid(v.userId) };
  await retryOnDuplicate(() => Attendance.updateOne({ _id }, { $set: set, $setOnInsert: insert }, { upsert: true }));
}

// ---- minutes -----------------------------------------------------------------------------------

/** The meeting's minutes document: created on first opening ("Verslag <date>", a note of the group,
 *  co-edited on the document page), the same one for every later opening. Returns its id. */
export async function openMinutes(ctx: ServiceContext, input: unknown): Promise<{ docId: string }> {
  const v = parse(MeetingPageInput, input);
  const m = await loadMeetingFor(ctx, v.groupId, v.meetingId);
  const id = String(m.meeting._id);
  const existing = await MeetingMinutes.findById(id).lean();
  // A claim without its document (the first opener stopped in between) is finished by the next one who may write.
  if (existing && (await CollabDocument.exists({ _id: existing.docId }))) return { docId: String(existing.docId) };
  if (m.access.closed) throw groupClosed();
  if (!can(m.access, "doc.write")) throw new DomainError("forbidden");
  const me = await User.findById(ctx.actor.id, { locale: 1, timeZone: 1 }).lean();
  const locale = toLocale(me?.locale);
  const title = translate(locale, "meeting_minutes.title", {
    date: formatDate(m.meeting.startsAt, "day", { locale, timeZone: toTimeZone(me?.timeZone) }),
  });
  // The claim first: of two first openings one inserts it; both then create the document under the
  // claimed id, and a duplicate key means the other did.
  let docId = new Types.ObjectId();
  try {
    await MeetingMinutes.create({ _id: id, docId });
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    docId = (await MeetingMinutes.findById(id).lean())!.docId;
  }
  await insertDocument(ctx, v.groupId, "note", title, undefined, docId).catch((e) => {
    if (!isDuplicateKey(e)) throw e;
  });
  await placeDocument(ctx, String(docId), { meetingId: id }); // search: found as the meeting (decision 085)
  return { docId: String(docId) };
}

// ---- assignments -------------------------------------------------------------------------------

/** The chair gives an assignment for before the next meeting. */
export async function addAssignment(ctx: ServiceContext, input: unknown): Promise<{ id: string }> {
  const v: AddAssignment = parse(AddAssignmentInput, input);
  const m = await loadForChange(ctx, v, "chair");
  if ((await Assignment.countDocuments({ meetingId: m.meeting._id })) >= ASSIGNMENTS_MAX) {
    throw new DomainError("invalid_input", [{ path: "title", code: "meeting_too_many" }]);
  }
  const a = await Assignment.create({
    groupId: m.group._id,
    meetingId: m.meeting._id,
    title: v.title,
    description: v.description,
    dueDate: new Date(`${v.due}T12:00:00Z`),
    createdBy: oid(ctx.actor.id),
  });
  return { id: String(a._id) };
}

async function loadAssignment(
  ctx: ServiceContext,
  input: { groupId: string; meetingId: string; assignmentId: string },
  who: "chair" | "leader",
) {
  const m = await loadForChange(ctx, input, who);
  const a = await Assignment.findById(input.assignmentId).lean();
  if (!a || String(a.meetingId) !== String(m.meeting._id)) throw new DomainError("not_found");
  return { m, a };
}

export async function removeAssignment(ctx: ServiceContext, input: unknown): Promise<void> {
  const v = parse(AssignmentTargetInput, input);
  const { a } = await loadAssignment(ctx, v, "chair");
  // Its files and its answers' files go with it.
  const answers = await AssignmentResponse.find({ assignmentId: a._id }, { userId: 1 }).lean();
  for (const o of [assignmentOwner(String(a._id)), ...answers.map((r) => responseOwner(String(a._id), String(r.userId)))])
    await removeFor(ctx, o);
  await AssignmentResponse.deleteMany({ assignmentId: a._id });
  await Assignment.deleteOne({ _id: a._id });
}

/** A leader answers an assignment (text, done); the group sees every answer. Their own document only. */
export async function respondToAssignment(ctx: ServiceContext, input: unknown): Promise<void> {
  const v = parse(RespondToAssignmentInput, input);
  const { a } = await loadAssignment(ctx, v, "leader");
  const _id = `${a._id}:${ctx.actor.id}`;
  const set = { text: v.text, done: v.done, at: new Date() };
  const insert = { assignmentId: a._id, groupId: a.groupId, userId: oid(ctx.actor.id) };
  await retryOnDuplicate(() => AssignmentResponse.updateOne({ _id }, { $set: set, $setOnInsert: insert }, { upsert: true }));
}

// ---- the group page: what comes next -----------------------------------------------------------

export interface NextMeetingDTO {
  meeting: { id: string; kind: MeetingKind; title: string; startsAt: string; endsAt: string; place: string; onlineUrl: string } | null;
  agenda: AgendaItemDTO[];
  /** Assignments still due (today or later) that the reader has not marked done. */
  toPrepare: AssignmentDTO[];
}

/** For the group page: the next planned meeting the member may see, its agenda, and what to prepare.
 *  Null for someone who may not see the group's content (the organiser). */
export async function getNextMeeting(ctx: ServiceContext, input: unknown, now = new Date()): Promise<NextMeetingDTO | null> {
  const { groupId } = parse(GroupTargetInput, input);
  const loaded = await loadGroupFor(ctx.actor, groupId, "meeting.read");
  const role = activeRole(loaded.access);
  if (!role || !can(loaded.access, "group.content")) return null;
  const upcoming = (await Meeting.find({ groupId: oid(groupId), status: "planned", endsAt: { $gte: now } }).lean())
    .filter((m) => seesMeeting(m, { userId: ctx.actor.id, role }))
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const next = upcoming.find((m) => m.kind !== "coaching_talk") ?? upcoming[0] ?? null;
  const open = (
    await assignmentsOf(ctx, { groupId: oid(groupId), dueDate: { $gte: new Date(`${day(now)}T00:00:00Z`) } }, new Map())
  ).filter((a) => !a.mine?.done);
  return {
    meeting: next && {
      id: String(next._id),
      kind: next.kind,
      title: next.title,
      startsAt: next.startsAt.toISOString(),
      endsAt: next.endsAt.toISOString(),
      place: next.place,
      onlineUrl: next.onlineUrl,
    },
    agenda: next ? await agendaFor(loaded.access, groupId, String(next._id)) : [],
    toPrepare: open,
  };
}

// ---- the organiser's view ----------------------------------------------------------------------

export interface TrajectoryAttendanceDTO {
  trajectory: { id: string; name: string };
  groups: {
    id: string;
    name: string;
    /** Each group meeting (contact days, network moments), soonest first: its date and the counts only. */
    meetings: {
      id: string;
      kind: MeetingKind;
      startsAt: string;
      status: "planned" | "cancelled";
      counts: Record<AttendanceStatus, number>;
    }[];
  }[];
}

/** For certificates of participation: per group meeting, its date and how many were present, excused
 *  and absent. The trajectory's organiser only (not_found for anyone else); never names, agenda or
 *  minutes. Coaching talks are between a leader and the coach and are left out. */
export async function trajectoryAttendance(ctx: ServiceContext, trajectoryId: string): Promise<TrajectoryAttendanceDTO> {
  if (!ctx.actor.isOrganiser || !isObjectId(trajectoryId)) throw new DomainError("not_found");
  const t = await Trajectory.findOne({ _id: oid(trajectoryId), organiserIds: oid(ctx.actor.id) }, { name: 1 }).lean();
  if (!t) throw new DomainError("not_found");
  const groups = await Group.find({ trajectoryId: t._id }, { name: 1 }).sort({ name: 1 }).lean();
  const meetings = await Meeting.find(
    { groupId: { $in: groups.map((g) => g._id) }, kind: { $in: ["contact_day", "network_moment"] } },
    { groupId: 1, kind: 1, startsAt: 1, status: 1 },
  ).lean();
  const marks = meetings.length
    ? await Attendance.find({ meetingId: { $in: meetings.map((m) => m._id) } }, { meetingId: 1, status: 1 }).lean()
    : [];
  const zero = () => Object.fromEntries(ATTENDANCE.map((s) => [s, 0])) as Record<AttendanceStatus, number>;
  const counts = new Map<string, Record<AttendanceStatus, number>>();
  for (const a of marks) {
    const c = counts.get(String(a.meetingId)) ?? zero();
    c[a.status as AttendanceStatus]++;
    counts.set(String(a.meetingId), c);
  }
  return {
    trajectory: { id: String(t._id), name: t.name },
    groups: groups.map((g) => ({
      id: String(g._id),
      name: g.name,
      meetings: meetings
        .filter((m) => String(m.groupId) === String(g._id))
        .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
        .map((m) => ({
          id: String(m._id),
          kind: m.kind,
          startsAt: m.startsAt.toISOString(),
          status: m.status,
          counts: counts.get(String(m._id)) ?? zero(),
        })),
    })),
  };
}

// What each kind of content puts in search (decision 085): called by the services that change the
// content, in the code paths that store and publish the change; and by the rebuild for everything.
import type { GroupEventDTO } from "../delivery/delivery.service";

import type { MessageDTO, ThreadEventData } from "../thread/thread.service";
import { Message, Thread } from "../thread/thread.model";
import { oid } from "../shared/oid";
import { plainText, type DocStore } from "../collab/doc-store";
import { Case, CollabDocument } from "../document/document.model";
import type { Id, NodeContext } from "../shared/context";
import type { NodeState } from "../node";
import { dropEntries, putEntries, SHARED_PLAN, updateEntryText, type EntryInput } from "./search.service";
import { SearchEntry } from "./search.model";
import { logChanges, logEntriesChanged, logGroupChanged } from "./search-index";
import type { SearchKind } from "./search.constants";
import { LearningQuestion } from "../plan/plan.model";
import { Meeting } from "../meeting/meeting.model";
import { AgendaItem } from "../meeting/meeting-content.model";

export const messageUrl = (groupId: string, threadId: string, messageId: string, seq: number) =>
  `/groups/${groupId}/threads/${threadId}?before=${seq + 1}#m-${messageId}`;

export const messageEntry = (
  m: Pick<MessageDTO, "id" | "groupId" | "threadId" | "authorId" | "text">,
  seq: number,
  at: Date,
  title: string,
): EntryInput => ({
  id: `message:${m.id}`,
  kind: "message",
  groupId: m.groupId,
  url: messageUrl(m.groupId, m.threadId, m.id, seq),
  authorId: m.authorId,
  at,
  title,
  text: m.text,
  action: "thread.read",
});

/** Brings search in line with stored thread events (idempotent: a repair may apply them again). */
export async function indexThreadEvents(events: GroupEventDTO<ThreadEventData>[]) {
  const sent = events.filter((e) => e.data.kind === "thread.created" || e.data.kind === "message.sent");
  const titles = new Map<string, string>();
  for (const e of sent) if (e.data.kind === "thread.created") titles.set(e.data.thread.id, e.data.thread.title);
  const unknown = [...new Set(sent.map((e) => (e.data as { message: MessageDTO }).message.threadId))].filter((t) => !titles.has(t));
  if (unknown.length)
    for (const t of await Thread.find({ _id: { $in: unknown.map(oid) } }, { title: 1 }).lean()) titles.set(String(t._id), t.title);
  await putEntries(
    sent.map((e) => {
      const m = (e.data as { message: MessageDTO }).message;
      return messageEntry(m, e.seq, new Date(m.createdAt), titles.get(m.threadId) ?? "");
    }),
  );
  for (const e of events) {
    if (e.data.kind === "message.edited")
      await updateEntryText(`message:${e.data.message.id}`, { text: e.data.message.text, at: new Date(e.at) });
    else if (e.data.kind === "message.deleted") await dropEntries([`message:${e.data.message.id}`]);
  }
}

// ---- documents and cases ------------------------------------------------------------------------

/**
 * Puts a document's or a case's entry: its title, and its text (`text` when the caller holds it,
 * else the node's cached copy of the stored content). Group documents only: the charter draft lives
 * on its own page, and a moment's notes and boards belong to no group.
 */
export async function indexDocument(store: Pick<DocStore, "readCached">, docId: string, text?: string) {
  const doc = await CollabDocument.findById(docId, { textPreview: 0 }).lean();
  if (!doc || (doc.kind !== "note" && doc.kind !== "case")) return;
  const c = doc.kind === "case" ? await Case.findOne({ docId: doc._id }, { bringerId: 1 }).lean() : null;
  const words = text ?? (await store.readCached(docId, (ydoc) => plainText(ydoc)));
  const groupId = String(doc.groupId);
  // A round's notes or summary, a meeting's minutes: placed there when made (placeDocument), kept so.
  const placed = await SearchEntry.findById(`doc:${docId}`, { kind: 1, url: 1, deleted: 1 }).lean();
  if (placed?.deleted) return;
  await putEntries([
    {
      id: `doc:${docId}`,
      kind: placed ? (placed.kind as SearchKind) : doc.kind === "case" ? "case" : "document",
      groupId,
      url: placed?.url ?? `/groups/${groupId}/docs/${docId}`,
      authorId: String(c?.bringerId ?? doc.createdBy),
      at: doc.updatedAt,
      title: doc.title,
      text: words,
      action: "doc.read",
    },
  ]);
}

/** Reads now the texts this node still owes search (a node that stops: the seed, a graceful shutdown). */
export async function flushPendingDocs(node: NodeState) {
  const pending = [...node.search.pendingDocs];
  node.search.pendingDocs.clear();
  for (const [docId, timer] of pending) {
    clearTimeout(timer);
    await indexDocument(node.collab.store, docId).catch((err) => node.log.warn({ err, docId }, "search: document not indexed"));
  }
}

/** After an edit: the document's text is read for search once the edits pause (per node; an edit on
 *  another node schedules its own). A node that dies meanwhile leaves it to the next edit or the rebuild. */
export function indexDocumentSoon(ctx: NodeContext, docId: string) {
  const { pendingDocs } = ctx.node.search;
  if (pendingDocs.has(docId)) return;
  const timer = setTimeout(() => {
    pendingDocs.delete(docId);
    indexDocument(ctx.node.collab.store, docId).catch((err) => ctx.node.log.warn({ err, docId }, "search: document not indexed"));
  }, ctx.node.search.docTextDelayMs);
  timer.unref();
  pendingDocs.set(docId, timer);
}

/** A document that is a round's record or a meeting's minutes: found as that, linked to its page.
 *  A coaching talk's minutes are the coach's and one leader's: never searchable by the group. */
export async function placeDocument(ctx: NodeContext, docId: string, place: { roundId: string } | { meetingId: string }) {
  const doc = await CollabDocument.findById(docId, { groupId: 1 }).lean();
  if (!doc) return;
  const g = String(doc.groupId);
  if ("meetingId" in place) {
    const m = await Meeting.findById(place.meetingId, { kind: 1 }).lean();
    if (!m || m.kind === "coaching_talk") return dropEntries([`doc:${docId}`]);
  }
  const [kind, url] =
    "roundId" in place
      ? (["record", `/groups/${g}/rounds/${place.roundId}/record`] as const)
      : (["meeting", `/groups/${g}/meetings/${place.meetingId}`] as const);
  await SearchEntry.updateOne({ _id: `doc:${docId}` }, { $set: { kind, url }, $currentDate: { updatedAt: true } });
  await logChanges([{ groupId: g, id: `doc:${docId}` }]);
  await indexDocument(ctx.node.collab.store, docId);
}

// ---- action plans -------------------------------------------------------------------------------

/** A learning question shared with the group is searchable (with its actions and evidence) by those
 *  who see it shared (models/plan/plan.policy.ts); one taken back or removed is not. */
export async function indexQuestion(questionId: string) {
  const q = await LearningQuestion.findById(questionId).lean();
  if (!q?.shared) return dropEntries([`plan:${questionId}`]);
  const g = String(q.groupId);
  await putEntries([
    {
      id: `plan:${questionId}`,
      kind: "plan",
      groupId: g,
      url: `/groups/${g}/plan#q-${q.slot}-${String(q.userId)}`,
      authorId: String(q.userId),
      at: (q as { updatedAt?: Date }).updatedAt ?? new Date(),
      title: q.text,
      text: [...q.actions.map((a) => a.text), ...q.evidence.map((e) => e.text)].join("\n"),
      action: SHARED_PLAN,
      ownerId: String(q.userId),
    },
  ]);
}

// ---- meetings -----------------------------------------------------------------------------------

/** A meeting's agenda is searchable as the meeting (its minutes are a document placed on it). */
export async function indexMeeting(meetingId: string) {
  const [m, items] = await Promise.all([
    Meeting.findById(meetingId, { groupId: 1, kind: 1, title: 1, startsAt: 1 }).lean(),
    AgendaItem.find({ meetingId: oid(meetingId) }, { title: 1, position: 1, createdBy: 1 }).lean(),
  ]);
  if (!m || m.kind === "coaching_talk" || items.length === 0) return dropEntries([`agenda:${meetingId}`]);
  const g = String(m.groupId);
  items.sort((a, b) => a.position - b.position);
  await putEntries([
    {
      id: `agenda:${meetingId}`,
      kind: "meeting",
      groupId: g,
      url: `/groups/${g}/meetings/${meetingId}`,
      authorId: null,
      at: m.startsAt,
      title: m.title ?? "",
      text: items.map((i) => i.title).join("\n"),
      action: "group.content",
    },
  ]);
}

// ---- erasure ------------------------------------------------------------------------------------

/** An erased member's writing leaves search the way erasure treats it (decision 086): in the groups
 *  that chose "remove", their messages and cases; everywhere, their action plan. Kept writing stays
 *  findable, under the former member that erasure puts in the member's place. */
export async function forgetErasedInSearch(userId: Id, removingGroups: Id[]) {
  const u = oid(String(userId));
  const ids = await SearchEntry.find(
    {
      authorId: u,
      deleted: false,
      $or: [{ groupId: { $in: removingGroups.map((g) => oid(String(g))) }, kind: { $in: ["message", "case"] } }, { kind: "plan" }],
    },
    { _id: 1 },
  ).lean();
  await dropEntries(ids.map((e) => String(e._id)));
  // Their threads keep the others' replies, under the title erasure gave them.
  const inGroups = { groupId: { $in: removingGroups.map((g) => oid(String(g))) } };
  const threads = await Thread.find({ ...inGroups, createdBy: u }, { _id: 1, title: 1 }).lean();
  for (const t of threads) {
    const replies = await Message.find({ threadId: t._id }, { _id: 1 }).lean();
    await SearchEntry.updateMany(
      { _id: { $in: replies.map((m) => `message:${String(m._id)}`) } },
      { $set: { title: t.title }, $currentDate: { updatedAt: true } },
    );
    await logEntriesChanged(replies.map((m) => `message:${String(m._id)}`));
  }
}

/** A group's content deleted (retention, decision 048): every entry of it becomes a tombstone. */
export async function forgetGroupInSearch(groupId: Id) {
  await SearchEntry.updateMany(
    { groupId: oid(String(groupId)), deleted: false },
    { $set: { deleted: true, title: "", text: "" }, $currentDate: { updatedAt: true } },
  );
  await logGroupChanged(groupId);
}

/** A document deleted (a round's record the inbrenger chose to delete): it leaves search. */
export const forgetDocumentInSearch = (docId: string) => dropEntries([`doc:${docId}`]);

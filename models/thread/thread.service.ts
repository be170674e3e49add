import { ignoreDuplicateKey } from "../shared/duplicate-key";
import { Types } from "mongoose";
import { Message, Notification, ReadMarker, Thread, ThreadSubscription } from "./thread.model";
import { activeMembers, findMembership } from "../group/memberships";
import { putSubscription, threadSubscriptions } from "./subscriptions";
import { listVisibleGroupIds, loadGroupFor, loadGroupForCached } from "../group/group.service";
import { displayNames } from "../user/user.service";
import {
  appendGroupEvent,
  commandIdOf,
  findResend as findResendOf,
  latestGroupSeq,
  listGroupEventsSince,
  publishGroupEvent,
  redactGroupEvents,
  writeCommandPointers,
  type GroupEventDTO,
} from "../delivery/delivery.service";
import { spendSendBudget } from "../shared/send-budget";
import { DomainError } from "../shared/errors";
import { isObjectId } from "../shared/ids";
import { oid } from "../shared/oid";
import type { Actor, NodeContext, ServiceContext } from "../shared/context";
import { turns } from "../shared/turns";
import { resolveMentions, type MentionHint } from "./mentions";
import type { AttachmentDto } from "../attachment/attachment.dto";
import { attach, removeFor } from "../attachment/attachment.service";
import { indexThreadEvents } from "../search/indexing"; // search (decision 085)

export interface MessageDTO {
  id: string;
  groupId: string;
  threadId: string;
  authorId: string;
  authorName: string;
  text: string;
  mentions: string[];
  /** Group-log position where it was sent; 0 inside an event (the event's seq is the truth). */
  seq: number;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  /** Its files (decision 083); none once deleted. */
  attachments: AttachmentDto[];
}

export interface ThreadDTO {
  id: string;
  groupId: string;
  title: string;
  createdBy: string;
  createdAt: string;
  lastSeq: number;
  lastMessageAt: string;
  pinned: boolean;
}

export type ThreadEventData =
  | { kind: "thread.created"; thread: ThreadDTO; message: MessageDTO }
  | { kind: "message.sent"; message: MessageDTO }
  | { kind: "message.edited"; message: MessageDTO }
  | { kind: "message.deleted"; message: MessageDTO }
  | { kind: "thread.pinned"; thread: ThreadDTO };

const threadDTO = (t: {
  _id: unknown;
  groupId: unknown;
  title: string;
  createdBy: unknown;
  createdAt: Date;
  lastSeq: number;
  lastMessageAt: Date;
  pinned: boolean;
}): ThreadDTO => ({
  id: String(t._id),
  groupId: String(t.groupId),
  title: t.title,
  createdBy: String(t.createdBy),
  createdAt: t.createdAt.toISOString(),
  lastSeq: t.lastSeq,
  lastMessageAt: t.lastMessageAt.toISOString(),
  pinned: t.pinned,
});

async function messageDTOs(
  ctx: ServiceContext,
  messages: Array<{
    _id: unknown;
    groupId: unknown;
    threadId: unknown;
    authorId: unknown;
    text: string;
    mentions: unknown[];
    seq: number;
    createdAt: Date;
    editedAt?: Date | null;
    deletedAt?: Date | null;
    attachments?: unknown[] | null;
  }>,
) {
  const names = await displayNames(
    ctx,
    messages.map((m) => m.authorId),
  );
  return messages.map<MessageDTO>((m) => ({
    id: String(m._id),
    groupId: String(m.groupId),
    threadId: String(m.threadId),
    authorId: String(m.authorId),
    authorName: names.get(String(m.authorId)) ?? "?",
    text: m.deletedAt ? "" : m.text,
    mentions: m.deletedAt ? [] : m.mentions.map(String),
    seq: m.seq,
    createdAt: m.createdAt.toISOString(),
    editedAt: m.editedAt ? m.editedAt.toISOString() : null,
    deleted: !!m.deletedAt,
    attachments: m.deletedAt ? [] : ((m.attachments ?? []) as AttachmentDto[]),
  }));
}

/** The mentions a text makes (decision 027): "@Full Name" of the group's active members other
 *  than the author, resolved now and stored with the message; ambiguous names give hints. */
async function mentionsIn(ctx: ServiceContext, groupId: Types.ObjectId, text: string) {
  if (!text.includes("@")) return { mentions: [] as string[], hints: [] as MentionHint[] };
  const others = (await activeMembers(groupId)).map((m) => m.userId).filter((u) => u !== ctx.actor.id);
  const names = await displayNames(ctx, others);
  const { userIds, hints } = resolveMentions(
    text,
    others.map((userId) => ({ userId, name: names.get(userId) ?? "" })),
  );
  return { mentions: userIds, hints };
}

/** What a write of a message answers: the stored event, with hints for its author only (never stored or published). */
export type StoredMessageEvent = GroupEventDTO<ThreadEventData> & { mentionHints?: MentionHint[] };
const withHints = (event: GroupEventDTO<ThreadEventData>, hints: MentionHint[]): StoredMessageEvent =>
  hints.length ? { ...event, mentionHints: hints } : event;

// An insert by _id, not an upsert: FerretDB 1.24 drops empty arrays and nulls from $setOnInsert
// (a message without mentions came back without `mentions`, `editedAt`, `deletedAt`), and only an
// insert is atomic there anyway. A duplicate means a retry already materialised it.

/** The thread feature's per-node state (ctx.node.threads). */
export function createThreadNode() {
  return {
    /** A message's edits and deletion are written one after another, whichever door they came through. */
    messageTurn: turns(),
    /** Threads known to exist and the group each belongs to. A thread is never deleted and never
     *  moves, so a pair once read stays true; a reply checks it without a read. */
    threadGroups: new Map<string, string>(),
    /** The writes of one thread document (its last position, its pin) one after another: on
     *  FerretDB even a `$max` is read, modify, write, so two replies' at once could leave the
     *  thread at the lower position (20 concurrent sends left lastSeq at 20 after message 21). */
    threadTurn: turns(),
    /** Replies stored in a group's log and not yet materialised, per group, with the flush under
     *  way (decision 058): see settled(). */
    pending: new Map<string, { items: PendingReply[]; running: Promise<void> | null }>(),
  };
}
interface PendingReply {
  ctx: ServiceContext;
  commandId: string;
  event: GroupEventDTO<ThreadEventData>;
  mentioned: string[];
}
export type ThreadNode = ReturnType<typeof createThreadNode>;

/** What a deleted message's events keep of it in the log: their place, not its words. */
const BLANK_MESSAGE = { "data.message.text": "", "data.message.mentions": [], "data.message.attachments": [] };

/** Brings the message and thread documents in line with a stored event. Idempotent, so a retried
 *  command repairs what a crash between append and materialisation left behind. `fresh`: the
 *  event's first materialisation (right after its append), the only one that counts the message in
 *  its thread's `count` (a crash in between leaves the count one short: unread is an estimate). */
async function materialise(node: ThreadNode, event: GroupEventDTO<ThreadEventData>, fresh = false) {
  const d = event.data;
  if (d.kind === "thread.created" || d.kind === "message.sent") {
    const m = d.message;
    if (d.kind === "thread.created") {
      await Thread.create({
        _id: oid(d.thread.id),
        groupId: oid(d.thread.groupId),
        title: d.thread.title,
        createdBy: oid(d.thread.createdBy),
        createdAt: new Date(d.thread.createdAt),
        pinned: false,
      }).catch(ignoreDuplicateKey);
    }
    // The reply's hot path: raw driver writes of documents built from the stored event, every
    // field given (what the schema's defaults would add), the message and the thread at once.
    await Promise.all([
      Message.collection.insertOne(messageDoc(event)).catch(ignoreDuplicateKey),
      // $max, not a conditional $set: the filter stays a bare _id (no scan on FerretDB) and a late
      // materialisation never moves the thread back (in the thread's turn: see createThreadNode).
      node.threadTurn(m.threadId, async () => {
        const update = { $max: { lastSeq: event.seq, lastMessageAt: new Date(event.at) } };
        if (!fresh) return Thread.collection.updateOne({ _id: oid(m.threadId) }, update);
        // The first time: count the message, and its author has read the thread up to it (the
        // write returns the count, no read; decision 047).
        const t = await Thread.collection.findOneAndUpdate(
          { _id: oid(m.threadId) },
          { ...update, $inc: { count: 1 } },
          { returnDocument: "after" },
        );
        if (t) await readUpTo(m.authorId, m.groupId, m.threadId, event.seq, t.count ?? 0);
      }),
    ]);
  } else if (d.kind === "message.edited") {
    // In the message's turn (FerretDB would let an edit's update overwrite a deletion's). The
    // edit's position first, then its text: a deletion on another node either finds the position
    // (and blanks it) or came first, and then the text finds the message deleted and the edit
    // blanks itself.
    await node.messageTurn(d.message.id, async () => {
      await Message.updateOne({ _id: oid(d.message.id) }, { $addToSet: { editSeqs: event.seq } });
      const applied = await Message.updateOne(
        { _id: oid(d.message.id), deletedAt: null },
        { $set: { text: d.message.text, mentions: d.message.mentions.map(oid), editedAt: new Date(event.at) } },
      );
      if (applied.matchedCount === 0) await redactGroupEvents(d.message.groupId, [event.seq], BLANK_MESSAGE);
    });
  } else if (d.kind === "message.deleted") {
    await node.messageTurn(d.message.id, async () => {
      await Message.updateOne(
        { _id: oid(d.message.id) },
        { $set: { text: "", mentions: [], attachments: [], deletedAt: new Date(event.at) } },
      );
      await eraseFromLog(d.message.id);
    });
  } else if (d.kind === "thread.pinned") {
    await node.threadTurn(d.thread.id, () => Thread.updateOne({ _id: oid(d.thread.id) }, { $set: { pinned: d.thread.pinned } }));
  } // Search (issue 20 item 3, decision 085): the entry follows the message.
  await indexThreadEvents([event]);
}

/** The message document of a stored event that sends one: every field given (what the schema's
 *  defaults would add), for a raw driver insert. */
function messageDoc(event: GroupEventDTO<ThreadEventData>) {
  const m = (event.data as { message: MessageDTO }).message;
  return {
    _id: oid(m.id),
    groupId: oid(m.groupId),
    threadId: oid(m.threadId),
    authorId: oid(m.authorId),
    text: m.text,
    mentions: m.mentions.map(oid),
    seq: event.seq,
    createdAt: new Date(m.createdAt),
    editedAt: null,
    deletedAt: null,
    editSeqs: [] as number[],
    attachments: m.attachments ?? [],
  };
}

/** A deleted message's text leaves the log too, not only the message: the events that carried it
 *  (where it was sent, and each edit) keep their place and lose the words. Idempotent. */
async function eraseFromLog(messageId: string) {
  const m = await Message.findById(messageId, { groupId: 1, seq: 1, editSeqs: 1 }).lean();
  if (!m) return;
  await redactGroupEvents(m.groupId, [m.seq, ...(m.editSeqs ?? [])], BLANK_MESSAGE);
}

/** In-app notifications for a stored event: mentions; a new thread for every other member; a reply
 *  for the thread's followers (muted or not an active member: none). A mention is the one
 *  notification of its message for whom it names. At most one per active member of the group. */
async function notify(ctx: ServiceContext, event: GroupEventDTO<ThreadEventData>, newlyMentioned: string[]) {
  const d = event.data;
  if (!("message" in d)) return;
  const m = d.message;
  const targets = new Map<string, "mention" | "new_thread" | "reply">();
  if (d.kind === "thread.created") {
    for (const mb of await activeMembers(m.groupId)) targets.set(mb.userId, "new_thread");
  } else if (d.kind === "message.sent") {
    for (const u of await replyFollowers(ctx, m)) targets.set(u, "reply");
  }
  for (const u of newlyMentioned) targets.set(u, "mention");
  targets.delete(ctx.actor.id);
  if (targets.size === 0) return;
  const docs = [...targets].map(([userId, kind]) => ({
    _id: `${userId}:${m.groupId}:${event.seq}`,
    userId: oid(userId),
    groupId: oid(m.groupId),
    threadId: oid(m.threadId),
    messageId: oid(m.id),
    kind,
  }));
  await Notification.insertMany(docs, { ordered: false }).catch(ignoreDuplicateKey);
  for (const userId of targets.keys()) inboxChanged(ctx, userId, m.groupId);
}

/** The active members who follow the reply's thread, other than its author; the author follows it
 *  from now on unless they chose otherwise. Exact _id reads only (the hot path). */
async function replyFollowers(ctx: ServiceContext, m: MessageDTO): Promise<string[]> {
  const subs = await threadSubscriptions(m.threadId);
  const following = subs.filter((s) => s.state === "follow" && s.userId !== ctx.actor.id).map((s) => s.userId);
  const [memberships] = await Promise.all([
    Promise.all(following.map((u) => findMembership(m.groupId, u).lean())),
    putSubscription(subs, { userId: ctx.actor.id, threadId: m.threadId, groupId: m.groupId, state: "follow" }, true),
  ]);
  return following.filter((_, i) => memberships[i]?.status === "active");
}

/** The per-user event (to the user's room on every node): a notification for them, or one of
 *  their unread counts in this group changed. No content: their pages read again what they may see. */
export interface InboxChanged {
  groupId: string;
}
const inboxChanged = (ctx: ServiceContext, userId: string, groupId: string) =>
  ctx.publisher.toUser(userId, "inbox:changed", { groupId } satisfies InboxChanged);

async function commit(ctx: ServiceContext, groupId: string, clientId: string, data: ThreadEventData, mentioned: string[] = []) {
  // A new message or thread is materialised at the same time as the log writes its resend pointer.
  // An edit, delete or pin only after it: their resends look the pointer up before checking the
  // message (a delete's resend must find its event, not a deleted message).
  const creates = data.kind === "message.sent" || data.kind === "thread.created";
  const { event, created } = await appendGroupEvent<ThreadEventData>(ctx, {
    groupId,
    actorId: ctx.actor.id,
    clientId,
    type: data.kind,
    data,
    alongside: creates ? (e) => materialise(ctx.node.threads, e, true) : undefined,
  });
  // Otherwise, and on a resend (idempotent: repairs what a crash after the append left out).
  if (!created || !creates) await materialise(ctx.node.threads, event);
  if (created) await notify(ctx, event, mentioned);
  // Broadcast again on a resend too: a client that missed the first one gets it, others dedupe by seq.
  publishGroupEvent(ctx.publisher, event);
  return event;
}

const findResend = (ctx: ServiceContext, groupId: Types.ObjectId, clientId: string, kind: ThreadEventData["kind"]) =>
  findResendOf<ThreadEventData>(ctx.actor.id, String(groupId), clientId, kind);

async function loadThread(ctx: ServiceContext, groupId: Types.ObjectId, threadId: string) {
  const { threadGroups } = ctx.node.threads;
  const t = isObjectId(threadId) ? await Thread.findById(threadId).lean() : null;
  if (!t || String(t.groupId) !== String(groupId)) throw new DomainError("not_found");
  threadGroups.set(String(t._id), String(t.groupId));
  if (threadGroups.size > THREAD_GROUPS_MAX) threadGroups.delete(threadGroups.keys().next().value!);
  return t;
}

const THREAD_GROUPS_MAX = 10_000;

/** Asserts the thread exists in this group (a read only the first time this process sees it). */
async function assertThreadIn(ctx: ServiceContext, groupId: Types.ObjectId, threadId: string) {
  if (ctx.node.threads.threadGroups.get(threadId) === String(groupId)) return;
  await loadThread(ctx, groupId, threadId);
}

/** Starts a thread with its first message. Acknowledged only once stored. */
export async function startThread(
  ctx: ServiceContext,
  input: { groupId: string; clientId: string; title: string; text: string; attachmentIds?: string[] },
): Promise<StoredMessageEvent> {
  await spendSendBudget(ctx);
  const { group } = await loadGroupForCached(ctx, input.groupId, "thread.post");
  const previous = await findResend(ctx, group._id, input.clientId, "thread.created");
  if (previous) return commit(ctx, input.groupId, input.clientId, previous.data);
  const { mentions, hints } = await mentionsIn(ctx, group._id, input.text);
  const now = new Date().toISOString();
  const [authorName] = [...(await displayNames(ctx, [oid(ctx.actor.id)])).values()];
  const threadId = String(new Types.ObjectId());
  const messageId = String(new Types.ObjectId());
  const attachments = await attach(ctx, input.groupId, { kind: "message", id: messageId }, input.attachmentIds ?? []);
  const thread: ThreadDTO = {
    id: threadId,
    groupId: input.groupId,
    title: input.title,
    createdBy: ctx.actor.id,
    createdAt: now,
    lastSeq: 0,
    lastMessageAt: now,
    pinned: false,
  };
  const message: MessageDTO = {
    id: messageId,
    groupId: input.groupId,
    threadId,
    authorId: ctx.actor.id,
    authorName: authorName ?? "?",
    text: input.text,
    mentions,
    seq: 0,
    createdAt: now,
    editedAt: null,
    deleted: false,
    attachments,
  };
  await putSubscription([], { userId: ctx.actor.id, threadId, groupId: input.groupId, state: "follow" });
  return withHints(await commit(ctx, input.groupId, input.clientId, { kind: "thread.created", thread, message }, mentions), hints);
}

/** Replies in a thread. A resend with the same client id returns the stored message.
 *  The hot path: no look-up for a resend first (the other commands do one). A resend is new work
 *  here until appendGroupEvent meets its command id, and then gets the stored event back. */
export async function sendMessage(
  ctx: ServiceContext,
  input: { groupId: string; threadId: string; clientId: string; text: string; attachmentIds?: string[] },
): Promise<StoredMessageEvent> {
  await spendSendBudget(ctx);
  const { group } = await loadGroupForCached(ctx, input.groupId, "thread.post");
  await assertThreadIn(ctx, group._id, input.threadId);
  const ids = input.attachmentIds ?? [];
  // With files, a resend is looked up first: their claims are the first message's (decision 083).
  if (ids.length) {
    await settled(ctx, input.groupId);
    const previous = await findResend(ctx, group._id, input.clientId, "message.sent");
    if (previous && "message" in previous.data) return commitReply(ctx, input.groupId, input.clientId, previous.data.message, []);
  }
  const messageId = String(new Types.ObjectId());
  const attachments = await attach(ctx, input.groupId, { kind: "message", id: messageId }, ids);
  // A resend resolves again, but the stored event wins (appendGroupEvent meets its command id).
  const { mentions, hints } = await mentionsIn(ctx, group._id, input.text);
  const authorName = ctx.actor.name ?? [...(await displayNames(ctx, [oid(ctx.actor.id)])).values()][0];
  const message: MessageDTO = {
    id: messageId,
    groupId: input.groupId,
    threadId: input.threadId,
    authorId: ctx.actor.id,
    authorName: authorName ?? "?",
    text: input.text,
    mentions,
    seq: 0,
    createdAt: new Date().toISOString(),
    editedAt: null,
    deleted: false,
    attachments,
  };
  return withHints(await commitReply(ctx, input.groupId, input.clientId, message, mentions), hints);
}

/** A reply's one write (decision 058): its event, the message inside it, at its place in the group
 *  log. Acknowledged and published once that is stored; the rest (its resend pointer, the message
 *  document, the thread's position and count, its author's read marker, notifications) follows off
 *  the acknowledgement's path, batched per group. A resend is repaired at once, as before. */
async function commitReply(ctx: ServiceContext, groupId: string, clientId: string, message: MessageDTO, mentioned: string[]) {
  const { event, created } = await appendGroupEvent<ThreadEventData>(ctx, {
    groupId,
    actorId: ctx.actor.id,
    clientId,
    type: "message.sent",
    data: { kind: "message.sent", message },
    pointer: "later",
  });
  if (!created) await materialise(ctx.node.threads, event);
  publishGroupEvent(ctx.publisher, event);
  if (created) materialiseLater(ctx, commandIdOf(ctx.actor.id, clientId), event, mentioned);
  return event;
}

/** Queues a stored reply for its group's next flush: at once when none is under way, else with
 *  whatever else arrives while one is (the load sets the batch, no timer). */
function materialiseLater(ctx: ServiceContext, commandId: string, event: GroupEventDTO<ThreadEventData>, mentioned: string[]) {
  const { pending } = ctx.node.threads;
  const q = pending.get(event.groupId) ?? { items: [] as PendingReply[], running: null as Promise<void> | null };
  pending.set(event.groupId, q);
  q.items.push({ ctx, commandId, event, mentioned });
  if (!q.running) q.running = drain(ctx.node.threads, event.groupId, q);
}

/** How long a node keeps writing the documents of replies it acknowledged while the database does
 *  not answer (a restart, a failover): waits of 250 ms doubling to 5 s, about 30 s in all. */
const REPAIR_WAITS_MS = [250, 500, 1000, 2000, 4000, 5000, 5000, 5000, 5000, 5000];

async function drain(node: ThreadNode, groupId: string, q: { items: PendingReply[]; running: Promise<void> | null }) {
  while (q.items.length) {
    const batch = q.items.splice(0);
    const failed = await flush(node, batch).then(
      () => null,
      (err: unknown) => err,
    );
    if (failed) await repairBatch(node, groupId, batch, failed);
  }
  q.running = null;
  node.pending.delete(groupId);
}

/**
 * A flush that failed (the database went away mid-write: scripts/chaos.ts found acknowledged
 * replies left without documents after a database restart, decision 075) is written again as a
 * repair: each reply's document on its own, idempotent (a duplicate key is success, positions by
 * $max) and not counted (decision 047: a count may stay short, never doubled). Only when the
 * database stays away past the waits are they left to catch-up (syncGroup) and resends.
 */
async function repairBatch(node: ThreadNode, groupId: string, batch: PendingReply[], first: unknown) {
  let err = first;
  for (const wait of REPAIR_WAITS_MS) {
    await new Promise((r) => setTimeout(r, wait));
    try {
      await Promise.all(batch.map((r) => materialise(node, r.event)));
      return;
    } catch (e) {
      err = e;
    }
  }
  batch[0].ctx.node.log.error({ err, groupId }, "replies not materialised");
}

/** Materialises a batch of one group's fresh replies: one insert of their pointers, one of their
 *  messages, one write per thread for its position and count, then each author's marker and the
 *  notifications. */
async function flush(node: ThreadNode, batch: PendingReply[]) {
  const byThread = new Map<string, PendingReply[]>();
  // In log order: appends finish in any order, and a position's count is counted from the end.
  for (const r of batch.sort((a, b) => a.event.seq - b.event.seq)) {
    const m = (r.event.data as { message: MessageDTO }).message;
    byThread.set(m.threadId, [...(byThread.get(m.threadId) ?? []), r]);
  }
  await Promise.all([
    writeCommandPointers(batch.map((r) => ({ commandId: r.commandId, groupId: r.event.groupId, seq: r.event.seq }))),
    Message.collection
      .insertMany(
        batch.map((r) => messageDoc(r.event)),
        { ordered: false },
      )
      .catch(ignoreDuplicateKey),
    ...[...byThread].map(([threadId, replies]) =>
      node.threadTurn(threadId, async () => {
        const last = replies.at(-1)!.event;
        const t = await Thread.collection.findOneAndUpdate(
          { _id: oid(threadId) },
          { $max: { lastSeq: last.seq, lastMessageAt: new Date(last.at) }, $inc: { count: replies.length } },
          { returnDocument: "after" },
        );
        if (!t) return;
        // Each author has read the thread up to their own newest reply (decision 047): the count
        // there is the thread's count less the replies of this batch after it.
        const newest = new Map(replies.map((r, i) => [r.ctx.actor.id, i] as const));
        await Promise.all(
          [...newest].map(([authorId, i]) =>
            readUpTo(authorId, replies[i].event.groupId, threadId, replies[i].event.seq, (t.count ?? 0) - (replies.length - 1 - i)),
          ),
        );
      }),
    ),
  ]);
  await Promise.all(batch.map((r) => notify(r.ctx, r.event, r.mentioned)));
  await indexThreadEvents(batch.map((r) => r.event)); // search (decision 085)
}

/** Waits until this node has materialised the replies it stored in the group (a read after one's
 *  own reply sees it; another node's reply is a few milliseconds behind at most). */
export async function settled(ctx: NodeContext, groupId: string) {
  for (let q = ctx.node.threads.pending.get(groupId); q?.running; q = ctx.node.threads.pending.get(groupId)) await q.running;
}

/** Most events repairReplies looks at, from a group log's end back. */
const REPAIR_MAX = 2_000;

/** Writes the documents of the group's replies stored since `since` that have none: their node
 *  stored them and died before its flush (decision 058). Run by every node that hears of a gone
 *  node, for the groups it has sockets in; catch-up (syncGroup) and a resend repair the same way.
 *  Reads the log back from its end by _id, in rounds of 32, until an event older than `since`. */
export async function repairReplies(ctx: NodeContext, groupId: string, since: Date) {
  await settled(ctx, groupId);
  const head = await latestGroupSeq(ctx, groupId);
  const events: GroupEventDTO[] = [];
  for (let to = head; to > 0 && head - to < REPAIR_MAX; to -= 32) {
    const round = await listGroupEventsSince(groupId, Math.max(0, to - 32), 32);
    events.push(...round);
    if (!round.length || new Date(round[0].at) < since) break;
  }
  const sent = events.filter((e) => e.type === "message.sent") as GroupEventDTO<ThreadEventData>[];
  const idOf = (e: GroupEventDTO<ThreadEventData>) => (e.data as { message: MessageDTO }).message.id;
  // Exact _id reads (decision 012): an $in decodes the whole collection on FerretDB.
  const found = await Promise.all(sent.map((e) => Message.exists({ _id: oid(idOf(e)) })));
  const missing = sent.filter((_, i) => !found[i]);
  await Promise.all(missing.map((e) => materialise(ctx.node.threads, e)));
  return missing.length;
}

/** Every group's pending replies (the node's shutdown). */
export async function settleAll(node: ThreadNode) {
  // A batch may queue the next (what arrived while it ran): wait until none runs.
  for (
    let running = [...node.pending.values()].filter((q) => q.running);
    running.length;
    running = [...node.pending.values()].filter((q) => q.running)
  )
    await Promise.all(running.map((q) => q.running));
}

async function loadOwnMessage(ctx: ServiceContext, groupId: Types.ObjectId, messageId: string) {
  const m = isObjectId(messageId) ? await Message.findById(messageId).lean() : null;
  if (!m || String(m.groupId) !== String(groupId) || m.deletedAt) throw new DomainError("not_found");
  if (String(m.authorId) !== ctx.actor.id) throw new DomainError("forbidden");
  return m;
}

/** Edits one's own message. */
export async function editMessage(
  ctx: ServiceContext,
  input: { groupId: string; messageId: string; clientId: string; text: string },
): Promise<StoredMessageEvent> {
  const { group } = await loadGroupForCached(ctx, input.groupId, "thread.post");
  await settled(ctx, input.groupId);
  const previous = await findResend(ctx, group._id, input.clientId, "message.edited");
  if (previous) return commit(ctx, input.groupId, input.clientId, previous.data);
  const m = await loadOwnMessage(ctx, group._id, input.messageId);
  // Resolved again: only someone the edit newly mentions is notified.
  const { mentions, hints } = await mentionsIn(ctx, group._id, input.text);
  const [dto] = await messageDTOs(ctx, [{ ...m, text: input.text, mentions: mentions.map(oid) }]);
  const before = new Set(m.mentions.map(String));
  const event = await commit(
    ctx,
    input.groupId,
    input.clientId,
    { kind: "message.edited", message: { ...dto, editedAt: new Date().toISOString() } },
    mentions.filter((u) => !before.has(u)),
  );
  return withHints(event, hints);
}

/** Deletes one's own message: a visible trace remains, its text is gone. */
export async function deleteMessage(ctx: ServiceContext, input: { groupId: string; messageId: string; clientId: string }) {
  const { group } = await loadGroupForCached(ctx, input.groupId, "thread.post");
  await settled(ctx, input.groupId);
  const previous = await findResend(ctx, group._id, input.clientId, "message.deleted");
  const event = previous
    ? await commit(ctx, input.groupId, input.clientId, previous.data)
    : await commit(ctx, input.groupId, input.clientId, {
        kind: "message.deleted",
        message: (await messageDTOs(ctx, [{ ...(await loadOwnMessage(ctx, group._id, input.messageId)), deletedAt: new Date() }]))[0],
      });
  // Its files go with it (decision 083); again on a resend (idempotent: repairs an interrupted one).
  await removeFor(ctx, { kind: "message", id: (event.data as { message: MessageDTO }).message.id });
  return event;
}

/** Resolves when the actor may read the message in the group (its thread's page would show it):
 *  what a download of its attachments asks (models/attachment/owners.ts). */
export async function assertCanReadMessage(ctx: ServiceContext, groupId: string, messageId: string) {
  const { group } = await loadGroupForCached(ctx, groupId, "thread.read");
  // A reply's document may be a moment behind its delivery (replies are written in batches, and
  // settled() waits only for this node's): a member who got the message live may ask for its file
  // first. A message without its document yet counts as there; its files exist only while it does
  // (a deletion takes them, decision 083), so a file is never served past its message.
  const m = isObjectId(messageId) ? await Message.findById(messageId, { groupId: 1, deletedAt: 1 }).lean() : null;
  if (m && (String(m.groupId) !== String(group._id) || m.deletedAt)) throw new DomainError("not_found");
}

/** Pins or unpins a thread (coach). */
export async function pinThread(ctx: ServiceContext, input: { groupId: string; threadId: string; clientId: string; pinned: boolean }) {
  const { group } = await loadGroupFor(ctx.actor, input.groupId, "thread.pin");
  const previous = await findResend(ctx, group._id, input.clientId, "thread.pinned");
  if (previous) return commit(ctx, input.groupId, input.clientId, previous.data);
  const t = await loadThread(ctx, group._id, input.threadId);
  return commit(ctx, input.groupId, input.clientId, { kind: "thread.pinned", thread: { ...threadDTO(t), pinned: input.pinned } });
}

/** Follows or mutes a thread for the actor. */
export async function subscribeThread(ctx: ServiceContext, input: { groupId: string; threadId: string; state: "follow" | "mute" }) {
  const { group } = await loadGroupFor(ctx.actor, input.groupId, "thread.read");
  await settled(ctx, input.groupId);
  await loadThread(ctx, group._id, input.threadId);
  const subs = await threadSubscriptions(input.threadId);
  await putSubscription(subs, { userId: ctx.actor.id, threadId: input.threadId, groupId: input.groupId, state: input.state });
  // A muted thread stops counting in the group's unread total.
  inboxChanged(ctx, ctx.actor.id, input.groupId);
  return { threadId: input.threadId, state: input.state };
}

/** Moves the actor's read marker forward (never back) and tells their other tabs. */
export async function markRead(ctx: ServiceContext, input: { groupId: string; threadId: string; seq: number }) {
  const { group } = await loadGroupForCached(ctx, input.groupId, "thread.read");
  await settled(ctx, input.groupId);
  const t = await loadThread(ctx, group._id, input.threadId);
  const seq = Math.min(input.seq, t.lastSeq);
  const key = { userId: oid(ctx.actor.id), threadId: t._id };
  const current = await ReadMarker.findOne(key).lean();
  if (!current || current.seq < seq) {
    const count = Math.max(0, (t.count ?? 0) - (seq < t.lastSeq ? await messagesAfter(t._id, seq) : 0));
    await readUpTo(ctx.actor.id, input.groupId, input.threadId, seq, count);
  }
  await Notification.updateMany({ userId: oid(ctx.actor.id), threadId: t._id, readAt: null }, { $set: { readAt: new Date() } });
  ctx.publisher.toUser(ctx.actor.id, "thread:read", { groupId: input.groupId, threadId: input.threadId, seq });
  inboxChanged(ctx, ctx.actor.id, input.groupId);
  return { threadId: input.threadId, seq };
}

export interface ThreadSummaryDTO extends ThreadDTO {
  unread: number;
  state: "follow" | "mute" | null;
}

/** Moves a reader's marker forward to a position and the thread's count there (never back). */
async function readUpTo(userId: string, groupId: string, threadId: string, seq: number, count: number) {
  const key = { userId: oid(userId), threadId: oid(threadId) };
  const moved = await ReadMarker.collection.updateOne({ ...key, seq: { $lt: seq } }, { $set: { seq, count } });
  if (moved.matchedCount > 0) return;
  // None yet (or already further: then the insert meets the unique key and changes nothing).
  await ReadMarker.collection.insertOne({ ...key, groupId: oid(groupId), seq, count }).catch(ignoreDuplicateKey);
}

/** Most a partial read counts back from a thread's end; further back counts as read. */
const UNREAD_WINDOW = 200;

/** How many messages a thread has after a position, at most UNREAD_WINDOW (a bounded range on the
 *  (threadId, seq) index). Only for a read that stops before the thread's end. */
async function messagesAfter(threadId: Types.ObjectId, seq: number) {
  const after = await Message.find({ threadId, seq: { $gt: seq } }, { _id: 1 })
    .sort({ threadId: 1, seq: -1 })
    .limit(UNREAD_WINDOW)
    .lean();
  return after.length;
}

/** Unread per thread without reading a message: the thread's `count` minus the reader's marker's
 *  (decision 047). Deleted messages count until read; one's own messages are read when the thread
 *  page shows them (it marks what it shows). */
async function unreadByThread(userId: string, threads: Array<{ _id: unknown; lastSeq?: number | null; count?: number | null }>) {
  const markers = threads.length
    ? await ReadMarker.find({ userId: oid(userId), threadId: { $in: threads.map((t) => t._id) } }, { threadId: 1, seq: 1, count: 1 }).lean()
    : [];
  const read = new Map(markers.map((m) => [String(m.threadId), m]));
  return new Map(
    threads.map((t) => {
      const m = read.get(String(t._id));
      const behind = !m || (m.seq ?? 0) < (t.lastSeq ?? 0);
      return [String(t._id), behind ? Math.max(0, (t.count ?? 0) - (m?.count ?? 0)) : 0];
    }),
  );
}

/** How many of a group's threads the list shows and the inbox counts: the most recent ones. */
const THREAD_WINDOW = 200;

/** How many threads a page of the thread list shows (the pinned ones come on the first page). */
export const THREAD_PAGE = 50;

/** A page of the group's threads, pinned first then newest, with the actor's unread counts;
 *  `beforeSeq` (the previous page's `olderThan`) for the next page of unpinned threads. */
export async function listThreadPage(ctx: ServiceContext, input: { groupId: string; beforeSeq?: number }) {
  const { group } = await loadGroupFor(ctx.actor, input.groupId, "thread.read");
  await settled(ctx, input.groupId);
  const newest = { groupId: 1, pinned: -1, lastSeq: -1 } as const;
  const [pinned, rest] = await Promise.all([
    input.beforeSeq ? [] : Thread.find({ groupId: group._id, pinned: true }).sort(newest).limit(THREAD_PAGE).lean(),
    Thread.find({ groupId: group._id, pinned: false, ...(input.beforeSeq ? { lastSeq: { $lt: input.beforeSeq } } : {}) })
      .sort(newest)
      .limit(THREAD_PAGE + 1)
      .lean(),
  ]);
  const threads = [...pinned, ...rest.slice(0, THREAD_PAGE)];
  const [unread, subs] = await Promise.all([
    unreadByThread(ctx.actor.id, threads),
    threads.length ? ThreadSubscription.find({ userId: oid(ctx.actor.id), threadId: { $in: threads.map((t) => t._id) } }).lean() : [],
  ]);
  const state = new Map(subs.map((s) => [String(s.threadId), s.state as "follow" | "mute"]));
  return {
    threads: threads.map<ThreadSummaryDTO>((t) => ({
      ...threadDTO(t),
      unread: unread.get(String(t._id)) ?? 0,
      state: state.get(String(t._id)) ?? null,
    })),
    /** Where the next page starts (its threads' last positions are below it), or null on the last. */
    olderThan: rest.length > THREAD_PAGE ? (rest[THREAD_PAGE - 1].lastSeq ?? 0) : null,
  };
}

/** The first page of the group's threads (listThreadPage). */
export async function listThreads(ctx: ServiceContext, groupId: string) {
  return (await listThreadPage(ctx, { groupId })).threads;
}

/** One thread with a page of messages, newest page first (older pages by beforeSeq). */
export async function getThread(ctx: ServiceContext, input: { groupId: string; threadId: string; beforeSeq?: number; limit?: number }) {
  const { group } = await loadGroupFor(ctx.actor, input.groupId, "thread.read");
  await settled(ctx, input.groupId);
  const t = await loadThread(ctx, group._id, input.threadId);
  const limit = input.limit ?? 50;
  const filter = { threadId: t._id, ...(input.beforeSeq ? { seq: { $lt: input.beforeSeq } } : {}) };
  const page = await Message.find(filter)
    .sort({ seq: -1 })
    .limit(limit + 1)
    .lean();
  const messages = await messageDTOs(ctx, page.slice(0, limit).reverse());
  const [marker, sub] = await Promise.all([
    ReadMarker.findOne({ userId: oid(ctx.actor.id), threadId: t._id }).lean(),
    ThreadSubscription.findOne({ userId: oid(ctx.actor.id), threadId: t._id }).lean(),
  ]);
  return {
    thread: threadDTO(t),
    messages,
    hasMore: page.length > limit,
    readSeq: marker?.seq ?? 0,
    state: (sub?.state as "follow" | "mute" | undefined) ?? null,
  };
}

/** The group's facts after a position: what a reconnecting client missed, in the one order. */
export async function syncGroup(ctx: ServiceContext, input: { groupId: string; afterSeq: number }) {
  const { group } = await loadGroupFor(ctx.actor, input.groupId, "thread.read");
  await settled(ctx, input.groupId);
  const events = await listGroupEventsSince(group._id, input.afterSeq);
  // The log keeps what was sent; a deleted or edited message must not come back through it.
  const ids = events.flatMap((e) =>
    "message" in (e.data as ThreadEventData) ? [oid((e.data as { message: MessageDTO }).message.id)] : [],
  );
  const current = new Map(
    (await Message.find({ _id: { $in: ids } }, { text: 1, mentions: 1, editedAt: 1, deletedAt: 1 }).lean()).map((m) => [String(m._id), m]),
  );
  // A reply stored without its documents (its node died before its flush, decision 058): repaired
  // here, where every reconnecting client passes.
  const orphans = events.filter((e) => e.type === "message.sent" && !current.has((e.data as { message: MessageDTO }).message.id));
  await Promise.all(orphans.map((e) => materialise(ctx.node.threads, e as GroupEventDTO<ThreadEventData>)));
  return events.map((e) => {
    const d = e.data as ThreadEventData;
    if (!("message" in d)) return e;
    const m = current.get(d.message.id);
    if (!m) return e;
    const message: MessageDTO = {
      ...d.message,
      text: m.deletedAt ? "" : m.text,
      mentions: m.deletedAt ? [] : (m.mentions ?? []).map(String),
      editedAt: m.editedAt ? m.editedAt.toISOString() : d.message.editedAt,
      deleted: !!m.deletedAt,
      attachments: m.deletedAt ? [] : ((m.attachments ?? d.message.attachments ?? []) as AttachmentDto[]),
    };
    return { ...e, data: { ...d, message } };
  });
}

/** Unread messages per group, for groups the caller has checked the actor may see: the group's
 *  most recent threads (the ones its list shows), each a difference of two stored counts. */
async function unreadInGroups(actor: Actor, groupIds: string[]) {
  return Promise.all(
    groupIds.map(async (gid) => {
      const threads = await Thread.find({ groupId: oid(gid) }, { _id: 1, lastSeq: 1, count: 1 })
        .sort({ groupId: 1, pinned: -1, lastSeq: -1 })
        .limit(THREAD_WINDOW)
        .lean();
      const [unread, muted] = await Promise.all([
        unreadByThread(actor.id, threads),
        threads.length
          ? ThreadSubscription.find(
              { userId: oid(actor.id), threadId: { $in: threads.map((t) => t._id) } },
              { threadId: 1, state: 1 },
            ).lean()
          : [],
      ]);
      // A muted thread keeps its own count in the thread list, but does not count in the group's.
      const mutedIds = new Set(muted.filter((m) => m.state === "mute").map((m) => String(m.threadId)));
      let sum = 0;
      for (const [id, n] of unread) if (!mutedIds.has(id)) sum += n;
      return { groupId: gid, unread: sum };
    }),
  );
}

/** Unread messages per group the actor may see now (the navigation's count and the dashboard's
 *  badges): no notifications, no message read. */
export async function getUnread(actor: Actor, requested: string[]): Promise<InboxDTO["groups"]> {
  const visible = new Set(await listVisibleGroupIds(actor));
  return unreadInGroups(
    actor,
    requested.filter((g) => visible.has(g)),
  );
}

export interface InboxDTO {
  groups: { groupId: string; unread: number }[];
  notifications: { id: string; groupId: string; threadId: string; kind: string; createdAt: string; threadTitle: string }[];
}

/** The personal overview across all groups the actor may see: unread per group and unread notifications. */
export async function getInbox(actor: Actor, requested: string[]): Promise<InboxDTO> {
  // Only groups the actor may see now: a stale or forged list must not reveal another group's activity.
  const visible = new Set(await listVisibleGroupIds(actor));
  const groupIds = requested.filter((g) => visible.has(g));
  const groups = await unreadInGroups(actor, groupIds);
  // The inbox lists conversations; meeting notifications go by mail only (decision 030).
  const ns = await Notification.find({
    userId: oid(actor.id),
    readAt: null,
    groupId: { $in: groupIds.map(oid) },
    kind: { $in: ["mention", "new_thread", "reply"] },
  })
    .sort({ createdAt: -1 })
    .limit(50)
    .lean();
  const titles = new Map(
    (await Thread.find({ _id: { $in: ns.map((n) => n.threadId) } }, { title: 1 }).lean()).map((t) => [String(t._id), t.title]),
  );
  return {
    groups,
    notifications: ns.map((n) => ({
      id: String(n._id),
      groupId: String(n.groupId),
      threadId: String(n.threadId),
      kind: n.kind,
      createdAt: n.createdAt.toISOString(),
      threadTitle: titles.get(String(n.threadId)) ?? "",
    })),
  };
}

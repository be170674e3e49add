// Threads and messages on the group log, against the real database: resends, concurrent sends,
// ownership, mentions, pins, unread counts, history paging, catch-up, and outsiders.
import { describe, expect, it } from "vitest";
import mongoose, { Types } from "mongoose";
import { GroupEvent } from "../delivery/group-event.model";
import { Membership } from "../group/group.model";
import { DomainError } from "../shared/errors";
import { addMembership, buildGroup, buildUser, ctxFor, type TestContext } from "../../test/factories";
import { User, type UserDoc } from "../user/user.model";
import { removeMember } from "../group/group.service";
import { Message, Notification, Thread, ThreadSubscription } from "./thread.model";
import {
  deleteMessage,
  editMessage,
  getInbox,
  getThread,
  listThreads,
  listThreadPage,
  THREAD_PAGE,
  markRead,
  pinThread,
  sendMessage,
  settled,
  startThread,
  subscribeThread,
  syncGroup,
  type MessageDTO,
  type ThreadEventData,
} from "./thread.service";

const id = (doc: { _id: unknown }) => String(doc._id);
let counter = 0;
const cid = () => `client-${++counter}-${Math.random().toString(36).slice(2, 10)}`;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Rejects with a DomainError of `code`. */
async function refusedWith(p: Promise<unknown>, code: string) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e, `expected a ${code} refusal`).toBeInstanceOf(DomainError);
  expect((e as DomainError).code).toBe(code);
}

async function setup() {
  const built = await buildGroup({ leaders: 3, coaches: 1 });
  const g = id(built.group);
  const [ann, bob, cas] = built.leaders;
  const [coach] = built.coaches;
  const as = (u: UserDoc) => ctxFor(u);
  return { ...built, g, ann, bob, cas, coach, as };
}

async function start(ctx: TestContext, groupId: string, text = "First message") {
  const event = await startThread(ctx, { groupId, clientId: cid(), title: "A thread", text });
  const data = event.data as Extract<ThreadEventData, { kind: "thread.created" }>;
  return { event, threadId: data.thread.id, message: data.message };
}

// A reply's documents and notifications follow its acknowledgement (decision 058): these tests
// read them directly, so they wait until this node has written them.
const send = async (ctx: TestContext, groupId: string, threadId: string, text: string, clientId = cid()) => {
  const event = await sendMessage(ctx, { groupId, threadId, clientId, text });
  await settled(ctx, groupId);
  return event;
};

const messageOf = (event: { data: unknown }) => (event.data as { message: MessageDTO }).message;

describe("sending", () => {
  it("stores a thread and its first message at position 1, and broadcasts the stored event", async () => {
    const { g, ann } = await setup();
    const ctx = ctxFor(ann);
    const { event, threadId, message } = await start(ctx, g, "Hello group");
    expect(event).toMatchObject({ groupId: g, seq: 1, type: "thread.created" });
    expect(await Thread.findById(threadId).lean()).toMatchObject({ title: "A thread", lastSeq: 1, pinned: false });
    expect(await Message.findById(message.id).lean()).toMatchObject({ text: "Hello group", seq: 1, deletedAt: null });
    expect(ctx.publisher.of("toGroup")).toEqual([{ method: "toGroup", groupId: g, event: "group:event", data: event }]);
  });

  it("a resend with the same client id stores once and returns the same position and message", async () => {
    const { g, ann, bob } = await setup();
    const { threadId } = await start(ctxFor(ann), g);
    const ctx = ctxFor(bob);
    const first = await send(ctx, g, threadId, "only once", "resend-client-1");
    await send(ctxFor(ann), g, threadId, "in between");
    const again = await send(ctx, g, threadId, "only once (retyped)", "resend-client-1");
    expect(again.seq).toBe(first.seq);
    expect(messageOf(again).id).toBe(messageOf(first).id);
    expect(await Message.countDocuments({ threadId: new Types.ObjectId(threadId), authorId: bob._id })).toBe(1);
    expect(await GroupEvent.countDocuments({ groupId: new Types.ObjectId(g) })).toBe(3);

    // Concurrent resends (a retry racing the original) also store it once.
    const racing = await Promise.all(range(1, 5).map(() => send(ctx, g, threadId, "raced", "racing-client-1")));
    expect(new Set(racing.map((e) => e.seq)).size).toBe(1);
    expect(new Set(racing.map((e) => messageOf(e).id)).size).toBe(1);
    expect(await Message.countDocuments({ text: "raced" })).toBe(1);
  });

  it("a resend whose mentioned member has left the group since gets the stored message back; a new message no longer mentions them", async () => {
    const { g, ann, bob, cas } = await setup();
    const { threadId } = await start(ctxFor(ann), g);
    const first = await send(ctxFor(bob), g, threadId, `for @${cas.name}`, "resend-mention-1");
    expect(messageOf(first).mentions).toEqual([id(cas)]);
    await Membership.updateOne({ groupId: new Types.ObjectId(g), userId: cas._id }, { $set: { status: "removed" } });
    expect(messageOf(await send(ctxFor(bob), g, threadId, `for @${cas.name} again`)).mentions).toEqual([]);
    const again = await send(ctxFor(bob), g, threadId, `for @${cas.name}`, "resend-mention-1");
    expect(again.seq).toBe(first.seq);
    expect(messageOf(again)).toEqual(messageOf(first));
    expect(await Message.countDocuments({ threadId: new Types.ObjectId(threadId), authorId: bob._id })).toBe(2);
  });

  it("an edit racing its message's deletion leaves no words in the stored log, whichever lands first", async () => {
    const { g, bob } = await setup();
    const { threadId } = await start(ctxFor(bob), g);
    const sent = await Promise.all(range(1, 8).map((i) => send(ctxFor(bob), g, threadId, `racing original ${i}`)));
    await Promise.all(
      sent.map(async (e, i) => {
        const messageId = messageOf(e).id;
        const edit = editMessage(ctxFor(bob), { groupId: g, messageId, clientId: cid(), text: `racing edit ${i}` }).catch(
          (err: unknown) => err,
        );
        const del = deleteMessage(ctxFor(bob), { groupId: g, messageId, clientId: cid() });
        await Promise.all([edit, del]);
      }),
    );
    const log = JSON.stringify(await GroupEvent.find({ groupId: new Types.ObjectId(g) }).lean());
    expect(log).not.toContain("racing");
  });

  it("20 concurrent sends from 4 users get 20 distinct consecutive positions", async () => {
    const { g, ann, bob, cas, coach } = await setup();
    const { threadId } = await start(ctxFor(ann), g); // position 1
    const senders = [ann, bob, cas, coach].map((u) => ctxFor(u));
    const events = await Promise.all(range(1, 20).map((i) => send(senders[i % 4], g, threadId, `message ${i}`)));
    expect(events.map((e) => e.seq).sort((a, b) => a - b)).toEqual(range(2, 21));
    const stored = await Message.find({ threadId: new Types.ObjectId(threadId) })
      .sort({ seq: 1 })
      .lean();
    expect(stored.map((m) => m.seq)).toEqual(range(1, 21));
    expect(new Set(stored.map((m) => m.text)).size).toBe(21);
    expect((await Thread.findById(threadId).lean())?.lastSeq).toBe(21);
  });

  it("resends repairing a thread's last position all at once leave it at the highest", async () => {
    // FerretDB makes even a $max a read, modify, write: two at once can leave the lower one (in
    // the 20 concurrent sends above, lastSeq was once left at 20 after message 21). A node writes
    // a thread's position in turn; here twenty resends race to repair it, as after a crash.
    const { g, ann, bob, cas, coach } = await setup();
    const { threadId } = await start(ctxFor(ann), g); // position 1
    const senders = [ann, bob, cas, coach].map((u) => ctxFor(u));
    const sent: { ctx: TestContext; clientId: string; seq: number }[] = [];
    for (const i of range(1, 20)) {
      const clientId = cid();
      sent.push({ ctx: senders[i % 4], clientId, seq: (await send(senders[i % 4], g, threadId, `message ${i}`, clientId)).seq });
    }
    // As if the node had died after each append, before writing the thread's position.
    await Thread.updateOne({ _id: threadId }, { $set: { lastSeq: 1 } });
    const again = await Promise.all(sent.map((s, k) => send(s.ctx, g, threadId, `message ${k + 1}`, s.clientId)));
    expect(again.map((e) => e.seq)).toEqual(sent.map((s) => s.seq));
    expect((await Thread.findById(threadId).lean())?.lastSeq).toBe(21);
  });

  it("mentions the active members whose @Full Name is in the text, on start, reply and edit", async () => {
    const { group, g, ann, bob, cas, coach } = await setup();
    const outsider = await buildUser({ name: "Olga Buiten" });
    const removed = await buildUser({ name: "Rik Weg" });
    await addMembership(group, removed, { role: "leader", status: "removed" });
    await User.updateOne({ _id: bob._id }, { $set: { name: "An Peeters" } });
    await User.updateOne({ _id: cas._id }, { $set: { name: "An Smets" } });
    await User.updateOne({ _id: coach._id }, { $set: { name: "An" } });
    const ctx = ctxFor(ann);
    const mentionsOf = async (userId: unknown) =>
      (await Notification.find({ userId, kind: "mention" }).lean()).map((n) => String(n.messageId));

    // Longest name first, case-insensitive; an e-mail address is no mention; outsiders and removed members never.
    const started = await start(ctx, g, "Vraag voor @an peeters en @Olga Buiten, @Rik Weg. Mail: x@An Smets.");
    expect(started.message.mentions).toEqual([id(bob)]);
    expect(started.message.text).toBe("Vraag voor @an peeters en @Olga Buiten, @Rik Weg. Mail: x@An Smets.");
    expect(await mentionsOf(bob._id)).toEqual([started.message.id]);
    expect(await Notification.countDocuments({ userId: { $in: [outsider._id, removed._id] } })).toBe(0);

    // "@An" is a member's full name: that member, not the An Peeters it also starts.
    const reply = await send(ctx, g, started.threadId, "Dank je @An! En @An Smets?");
    expect([...messageOf(reply).mentions].sort()).toEqual([id(cas), id(coach)].sort());
    expect((reply as { mentionHints?: unknown }).mentionHints).toBeUndefined();
    expect(((await Message.findById(messageOf(reply).id).lean())?.mentions ?? []).map(String).sort()).toEqual([id(cas), id(coach)].sort());

    // An edit resolves again and notifies only the newly mentioned.
    const before = await Notification.countDocuments({ kind: "mention" });
    const edited = await editMessage(ctx, {
      groupId: g,
      messageId: messageOf(reply).id,
      clientId: cid(),
      text: "@An Smets en @An Peeters",
    });
    expect([...messageOf(edited).mentions].sort()).toEqual([id(bob), id(cas)].sort());
    expect(await Notification.countDocuments({ kind: "mention" })).toBe(before + 1);
    expect((await mentionsOf(bob._id)).sort()).toEqual([started.message.id, messageOf(reply).id].sort());
    expect(await Message.findById(messageOf(reply).id).lean()).toMatchObject({ text: "@An Smets en @An Peeters" });
  });

  it("a first name shared by two members mentions nobody and answers with a hint", async () => {
    const { group, g, ann, bob, cas } = await setup();
    await User.updateOne({ _id: bob._id }, { $set: { name: "Bo Peeters" } });
    await User.updateOne({ _id: cas._id }, { $set: { name: "Bo Smets" } });
    const { threadId } = await start(ctxFor(ann), g);
    const before = await Notification.countDocuments({ kind: "mention" });
    const sent = await send(ctxFor(ann), g, threadId, "Hoi @Bo, kijk eens");
    expect(messageOf(sent).mentions).toEqual([]);
    expect(sent.mentionHints).toEqual([{ typed: "Bo", names: ["Bo Peeters", "Bo Smets"] }]);
    expect(await Notification.countDocuments({ kind: "mention" })).toBe(before);
    // The hint is the author's only: neither stored nor published.
    expect(JSON.stringify(await GroupEvent.findOne({ seq: sent.seq, groupId: new Types.ObjectId(g) }).lean())).not.toContain("Smets");
    // A first name that belongs to one member mentions that member.
    const dirk = await buildUser({ name: "Dirk Smets" });
    await addMembership(group, dirk, { role: "leader", status: "active" });
    const again = await send(ctxFor(ann), g, threadId, "@dirk?");
    expect(messageOf(again).mentions).toEqual([id(dirk)]);
  });
});

describe("editing and deleting", () => {
  it("only the author edits or deletes a message; others are forbidden and change nothing", async () => {
    const { g, ann, bob, coach } = await setup();
    const { threadId } = await start(ctxFor(ann), g);
    const sent = await send(ctxFor(bob), g, threadId, "bob's words");
    const messageId = messageOf(sent).id;

    for (const other of [ann, coach]) {
      await refusedWith(editMessage(ctxFor(other), { groupId: g, messageId, clientId: cid(), text: "not yours" }), "forbidden");
      await refusedWith(deleteMessage(ctxFor(other), { groupId: g, messageId, clientId: cid() }), "forbidden");
    }
    expect(await Message.findById(messageId).lean()).toMatchObject({ text: "bob's words", editedAt: null, deletedAt: null });

    const edited = await editMessage(ctxFor(bob), { groupId: g, messageId, clientId: cid(), text: "bob's better words" });
    expect(edited).toMatchObject({ type: "message.edited", seq: 3 });
    expect(messageOf(edited)).toMatchObject({ id: messageId, text: "bob's better words", editedAt: expect.any(String) });
    expect(await Message.findById(messageId).lean()).toMatchObject({ text: "bob's better words", seq: 2, editedAt: expect.any(Date) });
  });

  it("a deleted message leaves a trace with its text gone; it cannot be edited or deleted again", async () => {
    const { g, ann, bob } = await setup();
    const { threadId } = await start(ctxFor(ann), g);
    const sent = await send(ctxFor(bob), g, threadId, `regrettable @${ann.name}`);
    const messageId = messageOf(sent).id;

    const delClient = cid();
    const deleted = await deleteMessage(ctxFor(bob), { groupId: g, messageId, clientId: delClient });
    expect(messageOf(deleted)).toMatchObject({ id: messageId, text: "", mentions: [], deleted: true });
    expect(await Message.findById(messageId).lean()).toMatchObject({ text: "", mentions: [], deletedAt: expect.any(Date) });
    const { messages } = await getThread(ctxFor(ann), { groupId: g, threadId });
    expect(messages.map((m) => [m.id, m.text, m.deleted])).toEqual([
      [messages[0].id, "First message", false],
      [messageId, "", true],
    ]);
    expect(JSON.stringify(await syncGroup(ctxFor(ann), { groupId: g, afterSeq: 2 }))).not.toContain("regrettable");

    // The resend of the delete is harmless; a new edit or delete finds nothing.
    expect((await deleteMessage(ctxFor(bob), { groupId: g, messageId, clientId: delClient })).seq).toBe(deleted.seq);
    await refusedWith(editMessage(ctxFor(bob), { groupId: g, messageId, clientId: cid(), text: "back" }), "not_found");
    await refusedWith(deleteMessage(ctxFor(bob), { groupId: g, messageId, clientId: cid() }), "not_found");
    expect(await GroupEvent.countDocuments()).toBe(3);
  });
});

describe("what the log gives back", () => {
  it("catch-up from the start never returns a deleted message's text or an edit's earlier version", async () => {
    const { g, ann, bob } = await setup();
    const { threadId } = await start(ctxFor(ann), g);
    const gone = messageOf(await send(ctxFor(bob), g, threadId, "regrettable remark"));
    const edited = messageOf(await send(ctxFor(bob), g, threadId, "first draft"));
    await deleteMessage(ctxFor(bob), { groupId: g, messageId: gone.id, clientId: cid() });
    await editMessage(ctxFor(bob), { groupId: g, messageId: edited.id, clientId: cid(), text: "final words" });
    const events = await syncGroup(ctxFor(ann), { groupId: g, afterSeq: 0 });
    const text = JSON.stringify(events);
    expect(text).not.toContain("regrettable");
    expect(text).not.toContain("first draft");
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(messageOf(events[1])).toMatchObject({ id: gone.id, text: "", deleted: true });
    expect(messageOf(events[2])).toMatchObject({ id: edited.id, text: "final words" });
  });

  it("a deleted message's words leave the stored log too: where it was sent and every edit", async () => {
    const { g, ann, bob } = await setup();
    const { threadId } = await start(ctxFor(ann), g);
    const m = messageOf(await send(ctxFor(bob), g, threadId, "confidential first"));
    await editMessage(ctxFor(bob), { groupId: g, messageId: m.id, clientId: cid(), text: "confidential second" });
    await send(ctxFor(ann), g, threadId, "unrelated reply");
    await editMessage(ctxFor(bob), { groupId: g, messageId: m.id, clientId: cid(), text: "confidential third" });
    expect(JSON.stringify(await GroupEvent.find({ groupId: new Types.ObjectId(g) }).lean())).toContain("confidential");

    await deleteMessage(ctxFor(bob), { groupId: g, messageId: m.id, clientId: cid() });
    const log = await GroupEvent.find({ groupId: new Types.ObjectId(g) })
      .sort({ seq: 1 })
      .lean();
    expect(JSON.stringify(log)).not.toContain("confidential");
    // The positions stay, in order; the other messages keep their words.
    expect(log.map((e) => [e.seq, e.type])).toEqual([
      [1, "thread.created"],
      [2, "message.sent"],
      [3, "message.edited"],
      [4, "message.sent"],
      [5, "message.edited"],
      [6, "message.deleted"],
    ]);
    expect(JSON.stringify(log)).toContain("unrelated reply");
    expect(
      log.filter((e) => (e.data as { message: MessageDTO }).message.id === m.id).map((e) => (e.data as { message: MessageDTO }).message),
    ).toEqual(Array.from({ length: 4 }, () => expect.objectContaining({ text: "" })));
  });

  it("a client id used in one group cannot replay its command through another group or another command", async () => {
    const { g, ann, bob } = await setup();
    const other = await buildGroup({ leaders: 1 });
    await addMembership(other.group, bob, { role: "leader", status: "active", acceptedCharterVersion: 1 });
    const { threadId } = await start(ctxFor(ann), g);
    const reused = cid();
    await send(ctxFor(bob), g, threadId, "in group one", reused);
    const before = await GroupEvent.countDocuments();
    await refusedWith(startThread(ctxFor(bob), { groupId: id(other.group), clientId: reused, title: "x", text: "y" }), "conflict");
    await refusedWith(pinThread(ctxFor(bob), { groupId: g, threadId, clientId: reused, pinned: true }), "forbidden");
    const msgId = messageOf((await syncGroup(ctxFor(ann), { groupId: g, afterSeq: 1 }))[0]).id;
    await refusedWith(deleteMessage(ctxFor(bob), { groupId: g, messageId: msgId, clientId: reused }), "conflict");
    expect(await GroupEvent.countDocuments()).toBe(before);
  });
});

describe("pinning", () => {
  it("only a coach pins; a leader is forbidden", async () => {
    const { g, ann, coach } = await setup();
    const { threadId } = await start(ctxFor(ann), g);
    const { threadId: second } = await start(ctxFor(ann), g);
    await refusedWith(pinThread(ctxFor(ann), { groupId: g, threadId, clientId: cid(), pinned: true }), "forbidden");
    expect((await Thread.findById(threadId).lean())?.pinned).toBe(false);

    const pinned = await pinThread(ctxFor(coach), { groupId: g, threadId, clientId: cid(), pinned: true });
    expect(pinned).toMatchObject({ type: "thread.pinned", data: { thread: { id: threadId, pinned: true } } });
    expect((await listThreads(ctxFor(ann), g)).map((t) => [t.id, t.pinned])).toEqual([
      [threadId, true],
      [second, false],
    ]);
    await pinThread(ctxFor(coach), { groupId: g, threadId, clientId: cid(), pinned: false });
    expect((await Thread.findById(threadId).lean())?.pinned).toBe(false);
  });
});

describe("unread counts", () => {
  it("counts others' messages per thread and per group; markRead moves forward, never back", async () => {
    const { g, ann, bob, cas } = await setup();
    const { group: otherGroup } = await buildGroup();
    await addMembership(otherGroup, cas, { role: "leader", status: "active" });
    const t1 = (await start(ctxFor(ann), g)).threadId; // 1
    const t2 = (await start(ctxFor(bob), g)).threadId; // 2
    await send(ctxFor(ann), g, t1, "a"); // 3
    await send(ctxFor(bob), g, t1, "b"); // 4
    const del = await send(ctxFor(bob), g, t1, "c"); // 5
    await deleteMessage(ctxFor(bob), { groupId: g, messageId: messageOf(del).id, clientId: cid() }); // 6 (event only)
    await send(ctxFor(ann), g, t2, "d"); // 7
    const o = (await start(ctxFor(cas), id(otherGroup))).threadId;
    await send(ctxFor(cas), id(otherGroup), o, "elsewhere");

    const unread = async (user: UserDoc) => Object.fromEntries((await listThreads(ctxFor(user), g)).map((t) => [t.id, t.unread]));
    // Two stored counts, no message read (decision 047): a deleted message counts until read, and
    // sending reads the thread up to one's own message.
    expect(await unread(cas)).toEqual({ [t1]: 4, [t2]: 2 });
    expect(await unread(ann)).toEqual({ [t1]: 2, [t2]: 0 });
    expect((await getInbox({ id: id(cas), isOrganiser: false }, [g, id(otherGroup)])).groups).toEqual([
      { groupId: g, unread: 6 },
      { groupId: id(otherGroup), unread: 0 },
    ]);

    expect(await markRead(ctxFor(cas), { groupId: g, threadId: t1, seq: 3 })).toEqual({ threadId: t1, seq: 3 });
    expect(await unread(cas)).toEqual({ [t1]: 2, [t2]: 2 });
    await markRead(ctxFor(cas), { groupId: g, threadId: t1, seq: 1 }); // back: ignored
    expect((await getThread(ctxFor(cas), { groupId: g, threadId: t1 })).readSeq).toBe(3);
    expect(await unread(cas)).toEqual({ [t1]: 2, [t2]: 2 });
    // Beyond the thread's newest position it stops at that position.
    expect(await markRead(ctxFor(cas), { groupId: g, threadId: t1, seq: 999 })).toEqual({ threadId: t1, seq: 5 });
    await markRead(ctxFor(cas), { groupId: g, threadId: t2, seq: 7 });
    expect(await unread(cas)).toEqual({ [t1]: 0, [t2]: 0 });
    expect((await getInbox({ id: id(cas), isOrganiser: false }, [g])).groups).toEqual([{ groupId: g, unread: 0 }]);

    // A muted thread's news counts in its own row, not in the group's or the inbox's total.
    await send(ctxFor(ann), g, t1, "muted news"); // 8
    await send(ctxFor(ann), g, t2, "followed news"); // 9
    await subscribeThread(ctxFor(cas), { groupId: g, threadId: t1, state: "mute" });
    expect(await unread(cas)).toEqual({ [t1]: 1, [t2]: 1 });
    expect((await getInbox({ id: id(cas), isOrganiser: false }, [g])).groups).toEqual([{ groupId: g, unread: 1 }]);
    await subscribeThread(ctxFor(cas), { groupId: g, threadId: t1, state: "follow" });
    expect((await getInbox({ id: id(cas), isOrganiser: false }, [g])).groups).toEqual([{ groupId: g, unread: 2 }]);
  });

  it("the inbox lists unread notifications (new thread, mention) until the thread is read", async () => {
    const { g, ann, bob } = await setup();
    const { threadId } = await start(ctxFor(ann), g);
    await send(ctxFor(ann), g, threadId, `@${bob.name} look`);
    const inbox = await getInbox({ id: id(bob), isOrganiser: false }, [g]);
    expect(inbox.notifications.map((n) => [n.kind, n.threadId, n.threadTitle]).sort()).toEqual([
      ["mention", threadId, "A thread"],
      ["new_thread", threadId, "A thread"],
    ]);
    expect((await getInbox({ id: id(ann), isOrganiser: false }, [g])).notifications).toEqual([]); // not for one's own
    await markRead(ctxFor(bob), { groupId: g, threadId, seq: 2 });
    expect((await getInbox({ id: id(bob), isOrganiser: false }, [g])).notifications).toEqual([]);
  });
});

describe("the thread list's pages (decision 047)", () => {
  it("shows the pinned threads and the newest page first, then older pages without overlap or gap", async () => {
    const { g, ann, coach } = await setup();
    const ids: string[] = [];
    for (let i = 0; i < THREAD_PAGE + 3; i++) ids.push((await start(ctxFor(ann), g)).threadId);
    await pinThread(ctxFor(coach), { groupId: g, threadId: ids[0], clientId: cid(), pinned: true });
    const first = await listThreadPage(ctxFor(ann), { groupId: g });
    expect(first.threads[0].id).toBe(ids[0]);
    expect(first.threads.slice(1).map((t) => t.id)).toEqual(ids.slice(-THREAD_PAGE).reverse());
    expect(first.olderThan).not.toBeNull();
    const next = await listThreadPage(ctxFor(ann), { groupId: g, beforeSeq: first.olderThan! });
    expect(next.threads.map((t) => t.id)).toEqual(ids.slice(1, 3).reverse());
    expect(next.olderThan).toBeNull();
  });
});

describe("reply notifications", () => {
  const kindsFor = async (u: UserDoc, threadId: string) =>
    (await Notification.find({ userId: u._id, threadId }, { kind: 1 }).lean()).map((n) => n.kind).sort();

  it("go to the thread's followers: its author, repliers, who chose to follow; never to the muted, the removed or the replier", async () => {
    const { g, ann, bob, cas, coach, organiser } = await setup();
    const { threadId } = await start(ctxFor(ann), g); // Ann follows her thread
    await send(ctxFor(bob), g, threadId, "Bob answers"); // Ann: reply; Bob follows from now on
    expect(await kindsFor(ann, threadId)).toEqual(["reply"]);
    expect(await kindsFor(bob, threadId)).toEqual(["new_thread"]);

    await subscribeThread(ctxFor(cas), { groupId: g, threadId, state: "follow" });
    await subscribeThread(ctxFor(coach), { groupId: g, threadId, state: "mute" });
    await send(ctxFor(coach), g, threadId, "The coach answers"); // a reply does not undo a mute
    expect(await kindsFor(ann, threadId)).toEqual(["reply", "reply"]);
    expect(await kindsFor(bob, threadId)).toEqual(["new_thread", "reply"]);
    expect(await kindsFor(cas, threadId)).toEqual(["new_thread", "reply"]);

    // Bob mutes, Cas is removed; Ann is mentioned: that message's one notification for her is the mention.
    await subscribeThread(ctxFor(bob), { groupId: g, threadId, state: "mute" });
    await removeMember(ctxFor(organiser), { groupId: g, userId: id(cas) });
    await send(ctxFor(coach), g, threadId, `@${ann.name} what do you think?`);
    expect(await kindsFor(ann, threadId)).toEqual(["mention", "reply", "reply"]);
    expect(await kindsFor(bob, threadId)).toEqual(["new_thread", "reply"]);
    expect(await kindsFor(cas, threadId)).toEqual(["new_thread", "reply"]);
    expect(await kindsFor(coach, threadId)).toEqual(["new_thread"]);
  });

  it("concurrent first replies each make their author a follower, once", async () => {
    const { g, ann, bob, cas, coach } = await setup();
    const { threadId } = await start(ctxFor(ann), g);
    await Promise.all([bob, cas, coach, bob].map((u, i) => send(ctxFor(u), g, threadId, `reply ${i}`)));
    const subs = await ThreadSubscription.find({ threadId }).lean();
    expect(subs.map((s) => String(s.userId)).sort()).toEqual([ann, bob, cas, coach].map(id).sort());
    expect(subs.map((s) => s._id).sort()).toEqual([1, 2, 3, 4].map((n) => `${threadId}:${n}`));
    await send(ctxFor(ann), g, threadId, "thanks all");
    for (const u of [bob, cas, coach]) expect(await kindsFor(u, threadId)).toContain("reply");
  });
});

describe("a reply's one write (decision 058)", () => {
  it("is acknowledged once its event is stored, without a read, while its thread's counters still wait", async () => {
    const { g, ann } = await setup();
    const { threadId } = await start(ctxFor(ann), g);
    // The socket door's actor carries its name; the node now knows the thread, the log's end and Ann's access.
    const annCtx = { ...ctxFor(ann), actor: { ...ctxFor(ann).actor, name: ann.name } };
    await send(annCtx, g, threadId, "warm");
    // The thread's turn is held: a reply whose acknowledgement waited for its thread's count would hang here.
    let release: () => void = () => undefined;
    const held = annCtx.node.threads.threadTurn(threadId, () => new Promise<void>((r) => (release = r)));
    const calls: string[] = [];
    mongoose.set("debug", (collection: string, method: string) => void calls.push(`${collection}.${method}`));
    try {
      const event = await sendMessage(annCtx, { groupId: g, threadId, clientId: cid(), text: "held" });
      const atAck = [...calls];
      expect(event.seq).toBe(3);
      expect(atAck[0]).toBe("groupevents.insertOne");
      expect(atAck.filter((c) => /find|count|aggregate|distinct/i.test(c))).toEqual([]);
      expect(await Thread.findById(threadId, { lastSeq: 1, count: 1 }).lean()).toMatchObject({ lastSeq: 2, count: 2 });
    } finally {
      mongoose.set("debug", false);
    }
    release();
    await held;
    await settled(annCtx, g);
    expect(await Thread.findById(threadId, { lastSeq: 1, count: 1 }).lean()).toMatchObject({ lastSeq: 3, count: 3 });
    expect((await getThread(annCtx, { groupId: g, threadId })).messages.map((m) => m.text)).toEqual(["First message", "warm", "held"]);
  });

  it("a batch counts every reply of its group once, and each author has read up to their own newest", async () => {
    const { g, ann, bob, cas } = await setup();
    const { threadId } = await start(ctxFor(ann), g);
    let release: () => void = () => undefined;
    const held = ctxFor(ann).node.threads.threadTurn(threadId, () => new Promise<void>((r) => (release = r)));
    // While the first flush waits, the rest gather into the next batch.
    const sent = await Promise.all(
      [ann, bob, cas, bob, ann].map((u, i) => sendMessage(ctxFor(u), { groupId: g, threadId, clientId: cid(), text: `m${i}` })),
    );
    release();
    await held;
    await settled(ctxFor(ann), g);
    expect(await Thread.findById(threadId, { lastSeq: 1, count: 1 }).lean()).toMatchObject({ lastSeq: 6, count: 6 });
    const unreadOf = async (u: UserDoc) => (await listThreads(ctxFor(u), g))[0].unread;
    // Bob's newest reply is his second: what came after it (Ann's) is unread for him, and so on.
    const behind = (u: UserDoc) => 6 - Math.max(...sent.filter((e) => messageOf(e).authorId === id(u)).map((e) => e.seq));
    expect([await unreadOf(ann), await unreadOf(bob), await unreadOf(cas)]).toEqual([behind(ann), behind(bob), behind(cas)]);
  });
});

describe("history", () => {
  it("pages backwards without overlap or gap", async () => {
    const { g, ann, bob } = await setup();
    const { threadId } = await start(ctxFor(ann), g, "m1");
    for (const i of range(2, 23)) await send(ctxFor(i % 2 ? ann : bob), g, threadId, `m${i}`);
    const seen: string[] = [];
    let beforeSeq: number | undefined;
    let pages = 0;
    for (;;) {
      const page = await getThread(ctxFor(bob), { groupId: g, threadId, beforeSeq, limit: 5 });
      pages++;
      expect(page.messages.length).toBeLessThanOrEqual(5);
      const seqs = page.messages.map((m) => m.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b)); // oldest first within a page
      seen.unshift(...page.messages.map((m) => m.text));
      if (!page.hasMore) break;
      beforeSeq = seqs[0];
    }
    expect(pages).toBe(5);
    expect(seen).toEqual(range(1, 23).map((i) => `m${i}`));
  });
});

describe("catch-up", () => {
  it("syncGroup returns every fact after a position, in order", async () => {
    const { g, ann, bob, coach } = await setup();
    const { threadId } = await start(ctxFor(ann), g);
    const sent = await send(ctxFor(bob), g, threadId, "two");
    await editMessage(ctxFor(bob), { groupId: g, messageId: messageOf(sent).id, clientId: cid(), text: "two!" });
    await pinThread(ctxFor(coach), { groupId: g, threadId, clientId: cid(), pinned: true });
    await deleteMessage(ctxFor(bob), { groupId: g, messageId: messageOf(sent).id, clientId: cid() });

    const all = await syncGroup(ctxFor(ann), { groupId: g, afterSeq: 0 });
    expect(all.map((e) => [e.seq, e.type])).toEqual([
      [1, "thread.created"],
      [2, "message.sent"],
      [3, "message.edited"],
      [4, "thread.pinned"],
      [5, "message.deleted"],
    ]);
    expect(await syncGroup(ctxFor(ann), { groupId: g, afterSeq: 3 })).toEqual(all.slice(3));
    expect(await syncGroup(ctxFor(ann), { groupId: g, afterSeq: 5 })).toEqual([]);
  });
});

describe("outsiders", () => {
  it("every service function answers not_found to an outsider and a removed member, as for a group that does not exist", async () => {
    const { group, g, ann } = await setup();
    const { threadId, message } = await start(ctxFor(ann), g);
    const removed = await buildUser();
    await addMembership(group, removed, { role: "coach", status: "removed" });
    const nowhere = new Types.ObjectId().toHexString();
    const before = await GroupEvent.countDocuments();

    for (const user of [await buildUser(), removed]) {
      const ctx = ctxFor(user);
      for (const groupId of [g, nowhere]) {
        const calls: [string, () => Promise<unknown>][] = [
          ["startThread", () => startThread(ctx, { groupId, clientId: cid(), title: "t", text: "x" })],
          ["sendMessage", () => sendMessage(ctx, { groupId, threadId, clientId: cid(), text: "x" })],
          ["editMessage", () => editMessage(ctx, { groupId, messageId: message.id, clientId: cid(), text: "x" })],
          ["deleteMessage", () => deleteMessage(ctx, { groupId, messageId: message.id, clientId: cid() })],
          ["pinThread", () => pinThread(ctx, { groupId, threadId, clientId: cid(), pinned: true })],
          ["subscribeThread", () => subscribeThread(ctx, { groupId, threadId, state: "follow" })],
          ["markRead", () => markRead(ctx, { groupId, threadId, seq: 1 })],
          ["listThreads", () => listThreads(ctx, groupId)],
          ["getThread", () => getThread(ctx, { groupId, threadId })],
          ["syncGroup", () => syncGroup(ctx, { groupId, afterSeq: 0 })],
        ];
        for (const [name, call] of calls) {
          const e = await call().then(
            () => null,
            (err: unknown) => err,
          );
          expect(e instanceof DomainError && e.code, `${name} on ${groupId === g ? "the group" : "no group"}`).toBe("not_found");
        }
        expect(ctx.publisher.calls).toEqual([]);
      }
      // The overview leaves out a group the user may not see.
      expect(await getInbox({ id: id(user), isOrganiser: false }, [g])).toEqual({ groups: [], notifications: [] });
    }
    expect(await GroupEvent.countDocuments()).toBe(before);
  });

  it("a thread or message of another group is not found through this group", async () => {
    const { g, ann } = await setup();
    const { group: other } = await buildGroup();
    await addMembership(other, ann, { role: "leader", status: "active" });
    const { threadId, message } = await start(ctxFor(ann), id(other));
    const ctx = ctxFor(ann);
    await refusedWith(sendMessage(ctx, { groupId: g, threadId, clientId: cid(), text: "x" }), "not_found");
    await refusedWith(getThread(ctx, { groupId: g, threadId }), "not_found");
    await refusedWith(editMessage(ctx, { groupId: g, messageId: message.id, clientId: cid(), text: "x" }), "not_found");
    await refusedWith(deleteMessage(ctx, { groupId: g, messageId: message.id, clientId: cid() }), "not_found");
  });
});

// Thread commands over real sockets on two nodes sharing the real Redis: delivery across nodes,
// acknowledgement after storage, confidentiality (outsiders, removal), typing, rate limit.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Types } from "mongoose";
import { removeMember } from "../models/group/group.service";
import { errorMessage } from "../models/shared/error-messages";
import { Message } from "../models/thread/thread.model";
import { GroupEvent } from "../models/delivery/group-event.model";
import type { MessageDTO, ThreadDTO } from "../models/thread/thread.service";
import type { GroupEventDTO } from "../models/delivery/delivery.service";
import { buildGroup, buildUser, ctxFor } from "../test/factories";
import {
  record,
  recordAll,
  roundTrip,
  settledAt,
  ask,
  okData,
  online,
  type TestAck,
  waitFor,
  type ClientSocket,
  type RealtimeTestServer,
  startTwoNodes,
  closeNodes,
} from "../test/socket";

/** What an accepted command's ack holds (the refusal case fails the expectation below). */
type OkAck = Extract<TestAck<GroupEventDTO>, { ok: true }>;

let nodeA: RealtimeTestServer;
let nodeB: RealtimeTestServer;

beforeEach(async () => {
  [nodeA, nodeB] = await startTwoNodes();
});

afterEach(async () => {
  await closeNodes(nodeA, nodeB);
});

const id = (doc: { _id: unknown }) => String(doc._id);
let counter = 0;
const cid = () => `rt-${++counter}-${Math.random().toString(36).slice(2, 10)}`;

async function startThreadOn(socket: ClientSocket, groupId: string) {
  const event = await okData(ask(socket, "thread:start", { groupId, clientId: cid(), title: "Between meetings", text: "Hello all" }));
  return (event.data as { thread: ThreadDTO }).thread.id;
}

const messageOf = (e: GroupEventDTO) => (e.data as { message: MessageDTO }).message;

async function twoMembersOnTwoNodes() {
  const { group, leaders, organiser } = await buildGroup({ leaders: 2 });
  const [ann, bob] = leaders;
  const g = id(group);
  const onA = await online(nodeA, ann, [g]);
  const onB = await online(nodeB, bob, [g]);
  const outsider = await online(nodeB, await buildUser());
  await Promise.all([roundTrip(onA), roundTrip(onB)]);
  return { group, g, ann, bob, organiser, onA, onB, outsider };
}

describe("message:send across nodes", () => {
  it("a message sent on node A reaches node B exactly once, in order, as the stored event; outsiders get nothing", async () => {
    const { g, onA, onB, outsider } = await twoMembersOnTwoNodes();
    const created = waitFor(onB, "group:event", (e) => e.type === "thread.created");
    const threadId = await startThreadOn(onA, g);
    await created;
    const toBob = record(onB, "group:event");
    const toOutsider = recordAll(outsider);

    const acks: GroupEventDTO[] = [];
    for (const text of ["one", "two", "three"]) {
      const clientId = cid();
      let storedWhenAcked: unknown = "unchecked";
      const ack = await new Promise<OkAck>((resolve) => {
        (onA as unknown as { emit(ev: string, p: unknown, cb: (a: OkAck) => void): void }).emit(
          "message:send",
          { groupId: g, threadId, clientId, text },
          (a) => {
            // Acknowledged means stored: the message is in MongoDB the moment the ack is here, in
            // its event at its place in the group log (its one write, decision 058).
            storedWhenAcked = GroupEvent.exists({ _id: `${g}:${a.data.seq}`, "data.message.id": messageOf(a.data).id });
            resolve(a);
          },
        );
      });
      expect(ack.ok).toBe(true);
      expect(await storedWhenAcked).not.toBeNull();
      acks.push(ack.data);
    }
    // A marker after them travels the same path: a duplicate would have arrived before it.
    const markerSeen = waitFor(onB, "group:event", (e) => messageOf(e).text === "marker");
    const marker = await okData(ask(onA, "message:send", { groupId: g, threadId, clientId: cid(), text: "marker" }));
    await markerSeen;
    await roundTrip(outsider);

    expect(acks.map((a) => a.seq)).toEqual([2, 3, 4]);
    expect(toBob.events.map((e) => e.seq)).toEqual([2, 3, 4, marker.seq]);
    expect(toBob.events.slice(0, 3)).toEqual(acks);
    expect(toBob.events.map((e) => messageOf(e).text)).toEqual(["one", "two", "three", "marker"]);
    expect(toOutsider.events).toEqual([]);

    // Catch-up from the database gives Bob the same list as the live path did.
    const synced = await okData<GroupEventDTO[]>(ask(onB, "group:sync", { groupId: g, afterSeq: 1 }));
    expect(synced).toEqual(toBob.events);
  });

  it("a resend with the same client id on the other node is acknowledged with the same position and stored once", async () => {
    const { g, bob, onA, onB } = await twoMembersOnTwoNodes();
    const threadId = await startThreadOn(onA, g);
    const payload = { groupId: g, threadId, clientId: cid(), text: "sent twice" };
    const first = await okData(ask(onB, "message:send", payload));
    const bobOnA = await online(nodeA, bob, [g]);
    const second = await okData(ask(bobOnA, "message:send", payload));
    expect(second).toEqual(first);
    expect(await Message.countDocuments({ text: "sent twice" })).toBe(1);
  });

  it("an outsider's commands on a group are answered as for a group that does not exist", async () => {
    const { g, onA, outsider } = await twoMembersOnTwoNodes();
    const threadId = await startThreadOn(onA, g);
    const nowhere = new Types.ObjectId().toHexString();
    for (const groupId of [g, nowhere]) {
      for (const [event, payload] of [
        ["message:send", { groupId, threadId, clientId: cid(), text: "let me in" }],
        ["thread:start", { groupId, clientId: cid(), title: "t", text: "x" }],
        ["thread:history", { groupId, threadId }],
        ["group:sync", { groupId, afterSeq: 0 }],
        ["thread:subscribe", { groupId, threadId, state: "follow" }],
        ["thread:typing", { groupId, threadId }],
      ] as const) {
        expect(await ask(outsider, event, payload), `${event}`).toEqual({
          ok: false,
          error: { code: "not_found", message: errorMessage("nl", "not_found") },
        });
      }
    }
    expect(await Message.countDocuments()).toBe(1);
  });
});

describe("membership removal", () => {
  it("a removed member stops receiving on both nodes within 1 s", async () => {
    const { g, bob, organiser, onA, onB } = await twoMembersOnTwoNodes();
    const bobOnA = await online(nodeA, bob, [g]);
    const created = Promise.all([onB, bobOnA].map((s) => waitFor(s, "group:event", (e) => e.type === "thread.created")));
    const threadId = await startThreadOn(onA, g);
    await created;

    // Bob posts on node B just before: the removal must still refuse his very next message.
    const bobsOwn = Promise.all([onA, onB, bobOnA].map((s) => waitFor(s, "group:event", (e) => e.type === "message.sent")));
    await okData(ask(onB, "message:send", { groupId: g, threadId, clientId: cid(), text: "just before" }));
    await bobsOwn;

    const toBob = [onB, bobOnA].map((s) => record(s, "group:event"));
    const removedOn = [onB, bobOnA].map((s) => settledAt(waitFor(s, "group:removed", (d) => d.groupId === g)));
    // The organiser acts through node B's real publisher (Bob is on both nodes).
    await removeMember({ ...ctxFor(organiser), publisher: nodeB.publisher }, { groupId: g, userId: id(bob) });
    const removedAt = Date.now();
    for (const at of await Promise.all(removedOn)) expect(at - removedAt).toBeLessThan(1000);

    // A message sent right after, on either node, reaches Ann and none of Bob's sockets.
    const sent = await okData(ask(onA, "message:send", { groupId: g, threadId, clientId: cid(), text: "after removal" }));
    expect(sent.seq).toBe(3);
    await Promise.all([roundTrip(onB), roundTrip(bobOnA)]);
    expect(toBob.map((r) => r.events)).toEqual([[], []]);
    expect(await ask(onB, "message:send", { groupId: g, threadId, clientId: cid(), text: "still here?" })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    expect(await ask(bobOnA, "group:sync", { groupId: g, afterSeq: 0 })).toMatchObject({ ok: false, error: { code: "not_found" } });
  });
});

describe("typing", () => {
  it("reaches the other members on every node, not the typist and not outsiders", async () => {
    const { g, ann, onA, onB, outsider } = await twoMembersOnTwoNodes();
    const bobHasThread = waitFor(onB, "group:event", (e) => e.type === "thread.created");
    const threadId = await startThreadOn(onA, g);
    // Bob has the thread before Ann types in it (as on a page).
    await bobHasThread;
    await roundTrip(onB);
    const toAnn = record(onA, "thread:typing");
    const toOutsider = recordAll(outsider);
    const bobSees = waitFor(onB, "thread:typing");
    expect(await ask(onA, "thread:typing", { groupId: g, threadId })).toEqual({ ok: true, data: null });
    expect(await bobSees).toEqual({ groupId: g, threadId, userId: id(ann) });
    await Promise.all([roundTrip(onA), roundTrip(outsider)]);
    expect(toAnn.events).toEqual([]);
    expect(toOutsider.events).toEqual([]);
  });
});

describe("rate limit", () => {
  it("the 31st send within 10 s is refused with rate_limited and stores nothing", async () => {
    const { g, bob, onA, onB } = await twoMembersOnTwoNodes();
    const threadId = await startThreadOn(onA, g);
    const bobOnA = await online(nodeA, bob, [g]); // before the burst: only sends belong in the 10 s window
    // In bursts of 5: quick enough to stay inside one 10 s window on a busy machine, without 30
    // writers contending for the same log positions at once.
    const acks = [];
    for (let burst = 0; burst < 6; burst++) {
      acks.push(
        ...(await Promise.all(
          Array.from({ length: 5 }, (_, i) =>
            ask(onB, "message:send", { groupId: g, threadId, clientId: cid(), text: `burst ${burst}.${i}` }, 20_000),
          ),
        )),
      );
    }
    expect(acks.filter((a) => a.ok)).toHaveLength(30);
    // The limit is per user across nodes: Bob on node A is counted in the same window.
    const limited = await ask(bobOnA, "message:send", { groupId: g, threadId, clientId: cid(), text: "one too many" });
    // It says how long to wait, in the socket's language.
    expect(limited).toMatchObject({ ok: false, error: { code: "rate_limited", retryAfter: expect.any(Number) } });
    if (limited.ok) throw new Error("not refused");
    const { retryAfter = 0, message } = limited.error;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(10);
    expect(message).toBe(errorMessage("nl", "rate_limited", { retryAfter }));
    expect(await Message.countDocuments({ text: "one too many" })).toBe(0);
    // The message documents follow the acknowledgements (decision 058).
    await vi.waitFor(async () => expect(await Message.countDocuments()).toBe(31), { timeout: 5000, interval: 20 });
  });
});

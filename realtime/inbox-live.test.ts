// The inbox, the dashboard and the navigation are live (issue 12, item 10): the service tells a
// user's own room (every node, through the Redis adapter) when a notification is created for them
// or an unread count of theirs changes; a tab on those pages is connected but not online in any group.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSession } from "../models/session/session.service";
import { buildGroup, buildUser } from "../test/factories";
import {
  ask,
  closeNodes,
  connectAs,
  expectRefused,
  okData,
  online,
  record,
  roundTrip,
  startTwoNodes,
  waitFor,
  type ClientSocket,
  type RealtimeTestServer,
} from "../test/socket";

let node1: RealtimeTestServer;
let node2: RealtimeTestServer;

beforeEach(async () => {
  [node1, node2] = await startTwoNodes();
});

afterEach(async () => {
  await closeNodes(node1, node2);
});

const id = (doc: { _id: unknown }) => String(doc._id);
const presenceList = (socket: ClientSocket, groupId: string) => okData(ask<{ userIds: string[] }>(socket, "presence:list", { groupId }));

/** A tab on the inbox (a page outside any group): connected, in its rooms, not online anywhere. */
async function onInbox(node: RealtimeTestServer, user: { _id: unknown }) {
  const socket = await connectAs(node.url, await createSession(id(user)), { auth: { here: null } });
  await roundTrip(socket);
  return socket;
}

describe("the user's own live events", () => {
  it("a mention by B on node 1 reaches A's inbox socket on node 2; a member not mentioned gets no mention event", async () => {
    const { group, leaders } = await buildGroup({ leaders: 3 });
    const [ann, bob, cas] = leaders;
    const g = id(group);
    const annInbox = await onInbox(node2, ann);
    const casInbox = await onInbox(node2, cas);
    const bobOnPage = await online(node1, bob, [g]);

    // A new thread notifies every other member; then only the mentioned one hears of the reply.
    const annHearsThread = waitFor(annInbox, "inbox:changed", (d) => d.groupId === g, { timeout: 5000 });
    const casHearsThread = waitFor(casInbox, "inbox:changed", (d) => d.groupId === g, { timeout: 5000 });
    const started = await okData(
      ask(bobOnPage, "thread:start", { groupId: g, clientId: "c-inbox-live-1", title: "Agenda", text: "Wie brengt wat?" }),
    );
    expect(await annHearsThread).toEqual({ groupId: g });
    await casHearsThread;
    const threadId = (started.data as { thread: { id: string } }).thread.id;

    const toCas = record(casInbox, "inbox:changed");
    const annHearsMention = waitFor(annInbox, "inbox:changed", (d) => d.groupId === g, { timeout: 5000 });
    const sent = await okData(
      ask(bobOnPage, "message:send", { groupId: g, threadId, clientId: "c-inbox-live-2", text: `Kan jij dat doen, @${ann.name}?` }),
    );
    expect((sent.data as { message: { mentions: string[] } }).message.mentions).toEqual([id(ann)]);
    // The event carries nothing but the group: no text, no author, no thread title.
    expect(await annHearsMention).toEqual({ groupId: g });
    // Cas's room is on the same node as Ann's: had an event for Cas been sent, it came before this.
    await roundTrip(casInbox);
    expect(toCas.events).toEqual([]);

    // Reading the thread elsewhere changes Ann's count: her other tabs hear it too.
    const annHearsRead = waitFor(annInbox, "inbox:changed", (d) => d.groupId === g, { timeout: 5000 });
    const annOnPage = await online(node1, ann, [g]);
    await okData(ask(annOnPage, "thread:read", { groupId: g, threadId, seq: sent.seq }));
    expect(await annHearsRead).toEqual({ groupId: g });
  });

  it("an outsider's socket hears nothing of the group's notifications", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const [ann, bob] = leaders;
    const g = id(group);
    const outsider = await onInbox(node2, await buildUser());
    const annInbox = await onInbox(node2, ann);
    const bobOnPage = await online(node1, bob, [g]);
    const toOutsider = record(outsider, "inbox:changed");
    const annHears = waitFor(annInbox, "inbox:changed", (d) => d.groupId === g, { timeout: 5000 });
    await okData(ask(bobOnPage, "thread:start", { groupId: g, clientId: "c-inbox-live-3", title: "Voor @iedereen", text: `@${ann.name}` }));
    await annHears;
    await roundTrip(outsider);
    expect(toOutsider.events).toEqual([]);
  });
});

describe("presence is per group page", () => {
  it("a tab on the inbox is not online in its groups, on either node; a group page is, and leaving it ends that", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const [ann, bob] = leaders;
    const g = id(group);
    const bobOnPage = await connectAs(node1.url, await createSession(id(bob)), { auth: { here: g } });
    await roundTrip(bobOnPage);
    const annInbox = await onInbox(node2, ann);

    expect((await presenceList(bobOnPage, g)).userIds).toEqual([id(bob)]);
    expect((await presenceList(annInbox, g)).userIds).toEqual([id(bob)]);

    // Ann opens the group's page in that tab: Bob sees her come online, then go when she leaves.
    const bobSeesAnn = waitFor(bobOnPage, "presence:state", (p) => p.groupId === g && p.userIds.includes(id(ann)), { timeout: 5000 });
    expect(await okData(ask(annInbox, "presence:here", { groupId: g }))).toEqual({ groupId: g });
    expect((await bobSeesAnn).userIds).toEqual([id(ann), id(bob)].sort());
    const bobSeesAnnGo = waitFor(bobOnPage, "presence:state", (p) => p.groupId === g && !p.userIds.includes(id(ann)), { timeout: 5000 });
    await okData(ask(annInbox, "presence:here", { groupId: null }));
    expect((await bobSeesAnnGo).userIds).toEqual([id(bob)]);
    expect((await presenceList(bobOnPage, g)).userIds).toEqual([id(bob)]);

    // Another group's page does not count here either.
    const { group: other } = await buildGroup();
    expect(await ask(annInbox, "presence:here", { groupId: id(other) })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect((await presenceList(bobOnPage, g)).userIds).toEqual([id(bob)]);
  });

  it("a handshake that says something else than a group id or null is refused", async () => {
    const user = await buildUser();
    const cookie = await createSession(id(user));
    for (const here of [{ $ne: null }, "not-an-id", 42])
      expect((await expectRefused(node1.url, cookie, { auth: { here } })).message).toBe("invalid_input");
  });
});

// Two app nodes sharing the real Redis (the adapter the production server uses): a service
// running on one node must reach, move and count sockets held by the other.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { destroyUserSessions } from "../models/session/session.service";
import { removeMember } from "../models/group/group.service";
import { buildGroup, buildUser, ctxFor } from "../test/factories";
import {
  record,
  recordAll,
  roundTrip,
  settledAt,
  online,
  waitFor,
  waitForDisconnect,
  type ClientSocket,
  type RealtimeTestServer,
  startTwoNodes,
  closeNodes,
} from "../test/socket";
import { rooms } from "./events";

let nodeA: RealtimeTestServer;
let nodeB: RealtimeTestServer;

beforeEach(async () => {
  [nodeA, nodeB] = await startTwoNodes();
});

afterEach(async () => {
  await closeNodes(nodeA, nodeB);
});

const id = (doc: { _id: unknown }) => String(doc._id);

const presenceList = (socket: ClientSocket, groupId: string) => socket.timeout(2000).emitWithAck("presence:list", { groupId });

describe("two nodes on one Redis", () => {
  it("a toGroup on node A reaches a member on node B exactly once, and no outsider", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const [ann, bob] = leaders;
    const g = id(group);
    const onA = await online(nodeA, ann, [g]);
    const onB = await online(nodeB, bob, [g]);
    const outsiderOnB = await online(nodeB, await buildUser());
    await Promise.all([roundTrip(onA), roundTrip(onB)]);
    const [toAnn, toBob] = [record(onA, "group:changed"), record(onB, "group:changed")];
    const toOutsider = recordAll(outsiderOnB);

    const bobGets = waitFor(onB, "group:changed", (d) => d.groupId === g, { timeout: 1000 });
    nodeA.publisher.toGroup(g, "group:changed", { groupId: g });
    expect(await bobGets).toEqual({ groupId: g });

    // A marker sent after it travels the same path: a duplicate would have arrived before it.
    const markers = [onA, onB].map((s) => waitFor(s, "charter:versioned", (d) => d.version === 99));
    nodeA.publisher.toGroup(g, "charter:versioned", { groupId: g, version: 99 });
    await Promise.all(markers);
    await Promise.all([roundTrip(onA), roundTrip(onB), roundTrip(outsiderOnB)]);

    expect(toBob.events).toEqual([{ groupId: g }]);
    expect(toAnn.events).toEqual([{ groupId: g }]);
    expect(toOutsider.events).toEqual([]);
  });

  it("presence lists the users of both nodes, whichever node is asked", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const [ann, bob] = leaders;
    const g = id(group);
    const both = [id(ann), id(bob)].sort();

    const onA = await online(nodeA, ann, [g]);
    const annSeesBob = waitFor(onA, "presence:state", (p) => p.userIds.includes(id(bob)));
    const onB = await online(nodeB, bob, [g]);
    expect(await annSeesBob).toEqual({ groupId: g, userIds: both });

    expect(await presenceList(onA, g)).toEqual({ ok: true, data: { groupId: g, userIds: both } });
    expect(await presenceList(onB, g)).toEqual({ ok: true, data: { groupId: g, userIds: both } });

    const bobSeesAnnGone = waitFor(onB, "presence:state", (p) => !p.userIds.includes(id(ann)));
    onA.disconnect();
    expect(await bobSeesAnnGone).toEqual({ groupId: g, userIds: [id(bob)] });
    expect(await presenceList(onB, g)).toEqual({ ok: true, data: { groupId: g, userIds: [id(bob)] } });
  });

  it("removeMember on node A cuts the member's sockets on both nodes out of the room within 1 s", async () => {
    const { group, leaders, organiser } = await buildGroup({ leaders: 3 });
    const [ann, bob, cas] = leaders;
    const g = id(group);
    const annOnB = await online(nodeB, ann, [g]);
    const casOnA = await online(nodeA, cas, [g]);
    const bobOnB = await online(nodeB, bob, [g]);
    const bobOnA = await online(nodeA, bob, [g]);
    await Promise.all([annOnB, casOnA, bobOnB, bobOnA].map((s) => roundTrip(s)));

    const toBob = [recordAll(bobOnB), recordAll(bobOnA)];
    const removed = [bobOnB, bobOnA].map((s) => settledAt(waitFor(s, "group:removed", (d) => d.groupId === g)));
    const changed = [annOnB, casOnA].map((s) => waitFor(s, "group:changed", (d) => d.groupId === g));
    const bobGone = [annOnB, casOnA].map((s) => waitFor(s, "presence:state", (p) => p.groupId === g && !p.userIds.includes(id(bob))));

    await removeMember({ ...ctxFor(organiser), publisher: nodeA.publisher }, { groupId: g, userId: id(bob) });
    const removedAt = Date.now();
    for (const at of await Promise.all(removed)) expect(at - removedAt).toBeLessThan(1000);
    await Promise.all(changed);
    const stillOnline = [id(ann), id(cas)].sort();
    for (const state of await Promise.all(bobGone)) expect(state).toEqual({ groupId: g, userIds: stillOnline });

    // A later group event reaches the members on both nodes, and neither of Bob's sockets.
    const markers = [annOnB, casOnA].map((s) => waitFor(s, "charter:versioned", (d) => d.version === 99));
    nodeA.publisher.toGroup(g, "charter:versioned", { groupId: g, version: 99 });
    await Promise.all(markers);
    await Promise.all([roundTrip(bobOnB), roundTrip(bobOnA)]);
    // Before the removal a presence announcement may still be on its way (another node's, or the
    // liveness re-announce); after group:removed nothing of the group may arrive.
    for (const r of toBob) {
      const at = r.events.findIndex(([name]) => name === "group:removed");
      expect(r.events[at]).toEqual(["group:removed", { groupId: g }]);
      expect(r.events.slice(at + 1)).toEqual([]);
      expect(r.events.slice(0, at).every(([name]) => name === "presence:state")).toBe(true);
    }

    expect(await presenceList(annOnB, g)).toEqual({ ok: true, data: { groupId: g, userIds: stillOnline } });
    const inRoom = (await nodeB.io.in(rooms.group(g)).fetchSockets()).map((s) => s.id).sort();
    expect(inRoom).toEqual([annOnB.id, casOnA.id].sort());
  });

  it("a leaveGroup takes effect at once on the publishing node too: a toGroup right after it misses the member", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const [ann, bob] = leaders;
    const g = id(group);
    const annOnA = await online(nodeA, ann, [g]);
    const bobOnA = await online(nodeA, bob, [g]);
    const bobOnB = await online(nodeB, bob, [g]);
    await Promise.all([annOnA, bobOnA, bobOnB].map((s) => roundTrip(s)));
    const toBob = [record(bobOnA, "group:changed"), record(bobOnB, "group:changed")];

    const annGets = waitFor(annOnA, "group:changed");
    nodeA.publisher.leaveGroup(id(bob), g);
    nodeA.publisher.toGroup(g, "group:changed", { groupId: g });
    await annGets;
    // Bob on node B: node A's broadcast reaches B after its leave request (one Redis connection,
    // in order); a marker to Bob's own room on B tells when B has handled both.
    const bobMarker = waitFor(bobOnB, "charter:versioned");
    nodeA.publisher.toUser(id(bob), "charter:versioned", { groupId: g, version: 99 });
    await bobMarker;
    await Promise.all([roundTrip(bobOnA), roundTrip(bobOnB)]);
    expect(toBob.map((r) => r.events)).toEqual([[], []]);
  });

  it("logging out on node A disconnects the user's sockets on node B within 1 s", async () => {
    const [ann, bystander] = [await buildUser(), await buildUser()];
    const annOnB = await online(nodeB, ann);
    const annOnA = await online(nodeA, ann);
    const other = await online(nodeB, bystander);

    await destroyUserSessions(id(ann), nodeA.publisher);
    const reasons = await Promise.all([annOnB, annOnA].map((s) => waitForDisconnect(s, { timeout: 1000 })));
    expect(reasons).toEqual(["io server disconnect", "io server disconnect"]);
    await roundTrip(other);
    expect(other.connected).toBe(true);
  });
});

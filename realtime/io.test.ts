// One node (in-memory adapter), real clients: handshake auth, presence, input validation, and
// membership changes moving sockets out of rooms. Multi-node behaviour: multinode.test.ts.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Types } from "mongoose";
import { createSession, destroyUserSessions } from "../models/session/session.service";
import { removeMember } from "../models/group/group.service";
import { acceptCharter, proposeCharter } from "../models/charter/charter.service";
import { changePassword } from "../models/user/user.service";
import { User, type UserDoc } from "../models/user/user.model";
import { errorMessage } from "../models/shared/error-messages";
import type { ServiceContext } from "../models/shared/context";
import { addMembership, buildGroup, buildUser, ctxFor, PASSWORD } from "../test/factories";
import {
  closeClients,
  connectAs,
  expectRefused,
  record,
  recordAll,
  roundTrip,
  settledAt,
  startRealtimeServer,
  waitFor,
  waitForDisconnect,
  type ClientSocket,
  type ConnectOptions,
  type RealtimeTestServer,
} from "../test/socket";
import { clientEvents, rooms } from "./events";
import { MAX_FRAME_BYTES } from "./io";
import type { Locale } from "../models/i18n/locale";

let server: RealtimeTestServer;

beforeEach(async () => {
  server = await startRealtimeServer();
});

afterEach(async () => {
  closeClients();
  await server.close();
});

const id = (doc: { _id: unknown }) => String(doc._id);

/** A context acting as `user` whose publisher is the server's, so sockets really move. */
const liveCtx = (user: UserDoc): ServiceContext => ({ ...ctxFor(user), publisher: server.publisher });

/**
 * `user` connected with a fresh session; resolves once the socket is in the room of every group in
 * `groupIds` (each room's presence:state lists the user), so group events can no longer be missed.
 */
async function online(user: UserDoc, groupIds: string[] = [], opts: ConnectOptions = {}) {
  const cookie = await createSession(id(user));
  let joined: Promise<unknown> = Promise.resolve();
  const socket = await connectAs(server.url, cookie, {
    ...opts,
    beforeConnect: (s) => {
      joined = Promise.all(groupIds.map((g) => waitFor(s, "presence:state", (p) => p.groupId === g && p.userIds.includes(id(user)))));
    },
  });
  await joined;
  return { socket, cookie };
}

const presenceList = (socket: ClientSocket, payload: unknown) =>
  socket.timeout(2000).emitWithAck("presence:list", payload as { groupId: string });

/** The socket without the event typing, to send what a well-behaved client would not. */
const untyped = (socket: ClientSocket) =>
  socket as unknown as {
    emit(ev: string, ...args: unknown[]): void;
    timeout(ms: number): { emitWithAck(ev: string, ...args: unknown[]): Promise<unknown> };
  };

const refused = (code: "not_found" | "invalid_input" | "charter_required", locale: Locale = "nl") => ({
  ok: false,
  error: expect.objectContaining({ code, message: errorMessage(locale, code) }),
});

describe("what a connected socket holds (decision 059)", () => {
  it("one listener for every command, shared by all sockets, and none per command", async () => {
    const {
      group,
      leaders: [ann, bob],
    } = await buildGroup({ leaders: 2 });
    await online(ann, [id(group)]);
    await online(bob, [id(group)]);
    const sockets = [...server.io.of("/").sockets.values()];
    expect(sockets).toHaveLength(2);
    for (const s of sockets) {
      for (const name of Object.keys(clientEvents)) expect(s.listenerCount(name), name).toBe(0);
      expect(s.listenersAny()).toHaveLength(1);
    }
    expect(sockets[0].listenersAny()[0]).toBe(sockets[1].listenersAny()[0]);
    expect(sockets[0].listeners("disconnecting")).toEqual(sockets[1].listeners("disconnecting"));
  });
});

describe("handshake", () => {
  it("refuses a connection without a valid session cookie, and accepts a valid one", async () => {
    const user = await buildUser();
    expect((await expectRefused(server.url, null)).message).toBe("unauthenticated");
    expect((await expectRefused(server.url, "not a token")).message).toBe("unauthenticated");
    expect((await expectRefused(server.url, "A".repeat(43))).message).toBe("unauthenticated"); // well-formed, unknown

    const cookie = await createSession(id(user));
    await User.updateOne({ _id: user._id }, { $set: { status: "removed" } });
    expect((await expectRefused(server.url, cookie)).message).toBe("unauthenticated");

    await User.updateOne({ _id: user._id }, { $set: { status: "active" } });
    const socket = await connectAs(server.url, cookie);
    expect(socket.connected).toBe(true);
    expect(await server.io.fetchSockets()).toHaveLength(1);
  });

  it("refuses a page from a foreign origin even with a valid cookie; accepts its own origin", async () => {
    const user = await buildUser();
    const cookie = await createSession(id(user));
    await expectRefused(server.url, cookie, { origin: "https://evil.example" });
    await expectRefused(server.url, cookie, { origin: `http://127.0.0.1:${server.port + 1}` });
    await expectRefused(server.url, cookie, { origin: "null" });
    expect(await server.io.fetchSockets()).toHaveLength(0);

    const socket = await connectAs(server.url, cookie, { origin: `http://127.0.0.1:${server.port}` });
    expect(socket.connected).toBe(true);
  });
});

describe("presence", () => {
  it("shows members of one group to each other; a user stays online until their last tab closes", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const [ann, bob] = leaders;
    const g = id(group);

    const a = await online(ann, [g]);
    const annSeesBob = waitFor(a.socket, "presence:state", (p) => p.userIds.includes(id(bob)));
    const bob1 = await online(bob, [g]);
    const both = [id(ann), id(bob)].sort();
    expect(await annSeesBob).toEqual({ groupId: g, userIds: both });
    const bob2 = await online(bob, [g]);
    expect(await presenceList(a.socket, { groupId: g })).toEqual({ ok: true, data: { groupId: g, userIds: both } });

    // Everything broadcast so far has reached Ann; the next presence:state is caused by the close.
    await roundTrip(a.socket);
    const afterFirstClose = waitFor(a.socket, "presence:state");
    bob1.socket.disconnect();
    expect(await afterFirstClose).toEqual({ groupId: g, userIds: both });
    expect(await presenceList(a.socket, { groupId: g })).toEqual({ ok: true, data: { groupId: g, userIds: both } });

    const afterLastClose = waitFor(a.socket, "presence:state");
    bob2.socket.disconnect();
    expect(await afterLastClose).toEqual({ groupId: g, userIds: [id(ann)] });
    expect(await presenceList(a.socket, { groupId: g })).toEqual({ ok: true, data: { groupId: g, userIds: [id(ann)] } });
  });

  it("answers a non-member exactly as for a group that does not exist", async () => {
    const { group, leaders } = await buildGroup({ leaders: 1 });
    const g = id(group);
    const outsider = await buildUser();
    const removed = await buildUser();
    await addMembership(group, removed, { role: "leader", status: "removed" });
    await online(leaders[0], [g]);

    for (const user of [outsider, removed]) {
      const { socket } = await online(user);
      const forGroup = await presenceList(socket, { groupId: g });
      const forNothing = await presenceList(socket, { groupId: new Types.ObjectId().toHexString() });
      expect(forGroup).toEqual({ ok: false, error: { code: "not_found", message: errorMessage("nl", "not_found") } });
      expect(forNothing).toEqual(forGroup);
    }

    const { socket: english } = await online(outsider, [], { cookies: { lk_lang: "en" } });
    expect(await presenceList(english, { groupId: g })).toEqual({
      ok: false,
      error: { code: "not_found", message: errorMessage("en", "not_found") },
    });
  });
});

describe("untrusted payloads", () => {
  it.each([
    ["an operator as groupId", { groupId: { $ne: null } }],
    ["an operator as the payload", { $ne: null }],
    ["a number as groupId", { groupId: 42 }],
    ["a number as the payload", 42],
    ["null", null],
    ["an array", [{ groupId: "0".repeat(24) }]],
    ["an array as groupId", { groupId: ["0".repeat(24)] }],
    ["a short id", { groupId: "0".repeat(23) }],
    ["a huge string", { groupId: "a".repeat(60_000) }],
    ["no groupId", {}],
  ])("%s gets an invalid_input ack", async (_name, payload) => {
    const user = await buildUser();
    const { socket } = await online(user);
    const ack = await presenceList(socket, payload);
    expect(ack).toEqual(refused("invalid_input"));
    expect(socket.connected).toBe(true);
  });

  it("a command without payload is refused, one without an ack is ignored, and the socket keeps working", async () => {
    const { group, leaders } = await buildGroup({ leaders: 1 });
    const g = id(group);
    const { socket } = await online(leaders[0], [g]);

    const raw = untyped(socket);
    expect(await raw.timeout(2000).emitWithAck("presence:list")).toEqual(refused("invalid_input"));
    const listed = { ok: true, data: { groupId: g, userIds: [id(leaders[0])] } };
    expect(await raw.timeout(2000).emitWithAck("presence:list", { groupId: g }, "extra")).toEqual(listed);

    raw.emit("presence:list", { groupId: g });
    raw.emit("presence:list", { groupId: g }, "not a function");
    await roundTrip(socket);
    expect(await presenceList(socket, { groupId: g })).toEqual(listed);
  });

  it("a frame over the size limit cuts only that connection", async () => {
    const [mallory, peer] = [await buildUser(), await buildUser()];
    const { socket } = await online(mallory);
    const { socket: other } = await online(peer);

    const cut = waitForDisconnect(socket);
    untyped(socket).emit("presence:list", { groupId: "a".repeat(MAX_FRAME_BYTES + 1000) }, () => undefined);
    expect(await cut).toBe("transport close");

    await roundTrip(other);
    expect(other.connected).toBe(true);
    const { socket: again } = await online(mallory);
    await roundTrip(again);
  });
});

describe("membership changes move sockets at once", () => {
  it("a removed member leaves the room within 1 s; an outsider never receives group events", async () => {
    const { group, leaders, organiser } = await buildGroup({ leaders: 2 });
    const [ann, bob] = leaders;
    const g = id(group);
    const a = await online(ann, [g]);
    const b = await online(bob, [g]);
    const x = await online(await buildUser());
    await Promise.all([roundTrip(a.socket), roundTrip(b.socket)]);

    const toBob = recordAll(b.socket);
    const toOutsider = recordAll(x.socket);
    const bobRemoved = settledAt(waitFor(b.socket, "group:removed", (d) => d.groupId === g));
    const annSeesChange = waitFor(a.socket, "group:changed", (d) => d.groupId === g);
    const annSeesBobGone = waitFor(a.socket, "presence:state", (p) => !p.userIds.includes(id(bob)));

    await removeMember(liveCtx(organiser), { groupId: g, userId: id(bob) });
    const removedAt = Date.now();
    expect((await bobRemoved) - removedAt).toBeLessThan(1000); // usually before removeMember even returns
    await annSeesChange;
    expect(await annSeesBobGone).toEqual({ groupId: g, userIds: [id(ann)] });

    // Another group event after the removal: it reaches Ann; by the time Bob's and the
    // outsider's round trips return, anything sent to them would have arrived.
    const annSeesNext = waitFor(a.socket, "charter:versioned", (d) => d.version === 99);
    server.publisher.toGroup(g, "charter:versioned", { groupId: g, version: 99 });
    await annSeesNext;
    await Promise.all([roundTrip(b.socket), roundTrip(x.socket)]);

    expect(toBob.events).toEqual([["group:removed", { groupId: g }]]);
    expect(toOutsider.events).toEqual([]);
    expect(await presenceList(b.socket, { groupId: g })).toEqual(refused("not_found"));
    expect((await server.io.in(rooms.group(g)).fetchSockets()).map((s) => s.id)).toEqual([a.socket.id]);
  });

  it("logout everywhere disconnects every tab of the user within 1 s and the cookie stops working", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const [ann, bob] = leaders;
    const g = id(group);
    const a = await online(ann, [g]);
    const b1 = await online(bob, [g]);
    const b2 = await online(bob, [g]);
    await roundTrip(a.socket);
    const annSeesBobGone = waitFor(a.socket, "presence:state", (p) => !p.userIds.includes(id(bob)));

    await destroyUserSessions(id(bob), server.publisher);
    const reasons = await Promise.all([waitForDisconnect(b1.socket, { timeout: 1000 }), waitForDisconnect(b2.socket, { timeout: 1000 })]);
    expect(reasons).toEqual(["io server disconnect", "io server disconnect"]);
    expect(await annSeesBobGone).toEqual({ groupId: g, userIds: [id(ann)] });
    expect(a.socket.connected).toBe(true);
    expect((await expectRefused(server.url, b1.cookie)).message).toBe("unauthenticated");
  });

  it("a password change disconnects the user's sockets within 1 s", async () => {
    const user = await buildUser();
    const other = await buildUser();
    const { socket } = await online(user);
    const { socket: bystander } = await online(other);

    await changePassword(liveCtx(user), { currentPassword: PASSWORD, password: "an entirely new passphrase" });
    expect(await waitForDisconnect(socket, { timeout: 1000 })).toBe("io server disconnect");
    await roundTrip(bystander);
    expect(bystander.connected).toBe(true);
  });

  it("a member behind on a new charter version leaves the room and returns once they accept it", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const [ann, bob] = leaders;
    const g = id(group);
    const { group: other } = await buildGroup();
    await addMembership(other, bob, { role: "coach", status: "active" });

    const a = await online(ann, [g]);
    const b = await online(bob, [g, id(other)]);
    await Promise.all([roundTrip(a.socket), roundTrip(b.socket)]);
    const toBob = record(b.socket, "group:changed");
    let asked: unknown;
    const bobAsked = settledAt(waitFor(b.socket, "charter:versioned", (d) => d.groupId === g).then((d) => (asked = d)));
    const annAlone = waitFor(a.socket, "presence:state", (p) => p.userIds.length === 1);

    await proposeCharter(liveCtx(ann), { groupId: g, text: "We also keep our cameras on during intervision." });
    const proposedAt = Date.now();
    expect((await bobAsked) - proposedAt).toBeLessThan(1000);
    expect(asked).toEqual({ groupId: g, version: 2 });
    expect(await annAlone).toEqual({ groupId: g, userIds: [id(ann)] });

    const annSees = waitFor(a.socket, "group:changed");
    server.publisher.toGroup(g, "group:changed", { groupId: g });
    await annSees;
    await roundTrip(b.socket);
    expect(toBob.events).toEqual([]);
    expect(await presenceList(b.socket, { groupId: g })).toEqual(refused("charter_required"));

    // A new tab opened now is not placed in the room either (synchronised on its other group).
    const b2 = await online(bob, [id(other)]);
    const inRoom = async () => (await server.io.in(rooms.group(g)).fetchSockets()).map((s) => s.id).sort();
    expect(await inRoom()).toEqual([a.socket.id]);

    const annSeesBob = waitFor(a.socket, "presence:state", (p) => p.userIds.includes(id(bob)));
    const bobBack = waitFor(b.socket, "presence:state", (p) => p.groupId === g);
    await acceptCharter(liveCtx(bob), { groupId: g, version: 2 });
    expect(await annSeesBob).toEqual({ groupId: g, userIds: [id(ann), id(bob)].sort() });
    await bobBack;
    expect(await inRoom()).toEqual([a.socket.id, b.socket.id, b2.socket.id].sort());
  });
});

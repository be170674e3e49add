import type { Publisher } from "../models/shared/context";
import { isDocRoomOf, isRoundRoomOf, rooms, type IO, type ServerToClientEvents } from "./events";
import { broadcastPresence } from "./presence";

/** The Publisher services use, backed by Socket.IO; with the Redis adapter every call reaches every node. */
export function createPublisher(
  io: IO,
  announcePresence: (groupId: string) => void = (groupId) => void broadcastPresence(io, groupId),
  /** Other nodes share this server through an adapter (Redis): only then is there anyone to tell of a stored update. */
  clustered = false,
  /** This node forgets what it kept of a group's access (its node state's cache, decision 058). */
  forgetAccess: (groupId: string) => void = () => undefined,
): Publisher {
  // The Redis adapter applies a cluster-wide join/leave/disconnect on this node too, but only when
  // its own request comes back from Redis. Until then a toGroup from this node would still reach a
  // removed member here, and the presence snapshot taken right after would still count them. So:
  // this node at once (local), then every node (a repeat here is a no-op).
  const everywhere = (userId: string, op: (target: ReturnType<IO["in"]>) => void) => {
    op(io.local.in(rooms.user(userId)));
    op(io.in(rooms.user(userId)));
  };
  // The user's sockets leave every open document of the group: on this node at once, and on every
  // other node when it hears "group:left" (one message, in order with everything else this node
  // publishes: a node that is fresh has applied it, decision 020).
  const leaveDocRooms = (userId: string, groupId: string) => {
    for (const id of io.of("/").adapter.rooms.get(rooms.user(userId)) ?? []) {
      const socket = io.of("/").sockets.get(id);
      for (const room of [...(socket?.rooms ?? [])])
        if (isDocRoomOf(room, groupId) || isRoundRoomOf(room, groupId)) void socket!.leave(room);
    }
  };
  if (clustered)
    io.on("group:left", (m) => {
      if (typeof m?.userId === "string" && typeof m?.groupId === "string") leaveDocRooms(m.userId, m.groupId);
    });
  return {
    toUser: (userId, event, data) => void io.to(rooms.user(userId)).emit(event as keyof ServerToClientEvents, data as never),
    toGroup: (groupId, event, data) => void io.to(rooms.group(groupId)).emit(event as keyof ServerToClientEvents, data as never),
    // A socket id is a room of its own, on its node only: except() leaves the sender out on every node.
    toDoc: (groupId, docId, event, data, except) => {
      const room = io.to(rooms.doc(groupId, docId));
      (except ? room.except(except) : room).emit(event as keyof ServerToClientEvents, data as never);
    },
    toRound: (groupId, roundId, userId, event, data) =>
      void io.to(rooms.round(groupId, roundId, userId)).emit(event as keyof ServerToClientEvents, data as never),
    // Every node hears of the document updates the others store: the end of each log moves on
    // without a database read, and the entries are at hand for the next check (realtime/io.ts
    // feeds them into the serving node's store).
    docStored: (docId, seq, update) => {
      if (clustered)
        io.serverSideEmit("doc:stored", { docId, seq, update: Buffer.from(update.buffer, update.byteOffset, update.byteLength) });
    },
    // Erasure (decision 064): the other nodes forget their copy; the document's editors reload.
    docRewritten: (groupId, docId) => {
      if (clustered) io.serverSideEmit("doc:rewritten", { docId });
      io.to(rooms.doc(groupId, docId)).emit("doc:rewritten", { docId });
    },
    joinGroup: (userId, groupId) => {
      forgetAccess(groupId);
      everywhere(userId, (t) => t.socketsJoin(rooms.group(groupId)));
      announcePresence(groupId);
    },
    leaveGroup: (userId, groupId) => {
      forgetAccess(groupId);
      everywhere(userId, (t) => t.socketsLeave(rooms.group(groupId)));
      leaveDocRooms(userId, groupId);
      if (clustered) io.serverSideEmit("group:left", { userId, groupId });
      announcePresence(groupId);
    },
    accessChanged: (groupId) => {
      forgetAccess(groupId);
      if (clustered) io.serverSideEmit("access:changed", { groupId });
    },
    // Network moments (decision 072): a moved participant's sockets leave the breakout's board on
    // every node (the adapter's socketsLeave); the others forget their access to it ("access:changed").
    leaveBoard: (userId, breakoutId) => {
      forgetAccess(breakoutId);
      if (clustered) io.serverSideEmit("access:changed", { groupId: breakoutId });
      // The live moment (wiring, issue 16): a moved participant leaves the breakout's room too.
      everywhere(userId, (t) => t.socketsLeave([rooms.doc(breakoutId, breakoutId), rooms.breakout(breakoutId)]));
    },
    disconnectUser: (userId) => everywhere(userId, (t) => t.disconnectSockets(true)),
    disconnectSession: (sessionId) => {
      io.local.in(rooms.session(sessionId)).disconnectSockets(true);
      io.in(rooms.session(sessionId)).disconnectSockets(true);
    },
    // Network moments, the live moment (issue 16; decision 070). Breakout rooms are joined by moving
    // the user's sockets (their user room) through the adapter, on this node at once and then on every
    // node; a later emit from this node to the room travels after the join (one Redis connection, in order).
    toMoment: (momentId, audience, event, data) => {
      const all = rooms.moment(momentId);
      const fac = rooms.momentFacilitators(momentId);
      const target = audience === "all" ? io.to(all) : audience === "facilitators" ? io.to(fac) : io.to(all).except(fac);
      target.emit(event as keyof ServerToClientEvents, data as never);
    },
    toBreakout: (breakoutId, event, data) =>
      void io.to(rooms.breakout(breakoutId)).emit(event as keyof ServerToClientEvents, data as never),
    joinBreakout: (userId, breakoutId) => everywhere(userId, (t) => t.socketsJoin(rooms.breakout(breakoutId))),
    leaveBreakout: (breakoutId) => {
      const room = rooms.breakout(breakoutId);
      io.local.in(room).socketsLeave(room);
      io.in(room).socketsLeave(room);
    },
    // Someone who lost the moment (decision 079): their sockets leave its rooms here at once and
    // through the adapter everywhere, ahead of anything this node publishes to those rooms later.
    leaveMoment: (userId, momentId, what) => {
      const left =
        "facilitatorsOnly" in what
          ? [rooms.momentFacilitators(momentId)]
          : [
              rooms.moment(momentId),
              rooms.momentFacilitators(momentId),
              ...what.breakoutIds.map(rooms.breakout),
              // and its documents (the facilitator's notes, the breakouts' boards; decision 072)
              rooms.doc(momentId, momentId),
              ...what.breakoutIds.map((b) => rooms.doc(b, b)),
            ];
      everywhere(userId, (t) => t.socketsLeave(left));
    },
  };
}

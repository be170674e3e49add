import type { Publisher } from "../models/shared/context";
import { rooms, type IO, type ServerToClientEvents } from "./events";
import { broadcastPresence } from "./presence";

/** The Publisher services use, backed by Socket.IO; with the Redis adapter every call reaches every node. */
export function createPublisher(
  io: IO,
  announcePresence: (groupId: string) => void = (groupId) => void broadcastPresence(io, groupId),
): Publisher {
  // The Redis adapter applies a cluster-wide join/leave/disconnect on this node too, but only when
  // its own request comes back from Redis. Until then a toGroup from this node would still reach a
  // removed member here, and the presence snapshot taken right after would still count them. So:
  // this node at once (local), then every node (a repeat here is a no-op).
  const everywhere = (userId: string, op: (target: ReturnType<IO["in"]>) => void) => {
    op(io.local.in(rooms.user(userId)));
    op(io.in(rooms.user(userId)));
  };
  return {
    toUser: (userId, event, data) => void io.to(rooms.user(userId)).emit(event as keyof ServerToClientEvents, data as never),
    toGroup: (groupId, event, data) => void io.to(rooms.group(groupId)).emit(event as keyof ServerToClientEvents, data as never),
    joinGroup: (userId, groupId) => {
      everywhere(userId, (t) => t.socketsJoin(rooms.group(groupId)));
      announcePresence(groupId);
    },
    leaveGroup: (userId, groupId) => {
      everywhere(userId, (t) => t.socketsLeave(rooms.group(groupId)));
      announcePresence(groupId);
    },
    disconnectUser: (userId) => everywhere(userId, (t) => t.disconnectSockets(true)),
  };
}

import type { Publisher } from "../models/shared/context";
import { rooms, type IO, type ServerToClientEvents } from "./events";
import { broadcastPresence } from "./presence";

/** The Publisher services use, backed by Socket.IO; with the Redis adapter every call reaches every node. */
export function createPublisher(io: IO): Publisher {
  return {
    toUser: (userId, event, data) => void io.to(rooms.user(userId)).emit(event as keyof ServerToClientEvents, data as never),
    toGroup: (groupId, event, data) => void io.to(rooms.group(groupId)).emit(event as keyof ServerToClientEvents, data as never),
    joinGroup: (userId, groupId) => {
      io.in(rooms.user(userId)).socketsJoin(rooms.group(groupId));
      void broadcastPresence(io, groupId);
    },
    leaveGroup: (userId, groupId) => {
      io.in(rooms.user(userId)).socketsLeave(rooms.group(groupId));
      void broadcastPresence(io, groupId);
    },
    disconnectUser: (userId) => void io.in(rooms.user(userId)).disconnectSockets(true),
  };
}

import { rooms, type IO } from "./events";

/** Who is online in a group now: distinct users of the sockets in its room, on every node. */
export async function listOnline(io: IO, groupId: string): Promise<string[]> {
  const sockets = await io.in(rooms.group(groupId)).fetchSockets();
  return [...new Set(sockets.map((s) => s.data.userId))].sort();
}

/** Tells a group's room who is online; called after anyone enters or leaves it. */
export async function broadcastPresence(io: IO, groupId: string) {
  const userIds = await listOnline(io, groupId).catch(() => null);
  if (userIds) io.to(rooms.group(groupId)).emit("presence:state", { groupId, userIds });
}

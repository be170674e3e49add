import { rooms, type IO } from "./events";

/** Who is online in a group now: distinct users of the sockets in its room, on every node, whose
 *  tab shows a page of this group. A socket that said it is elsewhere (the inbox, the dashboard:
 *  `here` null or another group) does not count; one that never said (not a browser tab) counts. */
export async function listOnline(io: IO, groupId: string): Promise<string[]> {
  const sockets = await io.in(rooms.group(groupId)).fetchSockets();
  const present = sockets.filter((s) => s.data.here === undefined || s.data.here === groupId);
  return [...new Set(present.map((s) => s.data.userId))].sort();
}

/** Tells a group's room who is online; called after anyone enters or leaves it. */
export async function broadcastPresence(io: IO, groupId: string) {
  const userIds = await listOnline(io, groupId).catch(() => null);
  if (userIds) io.to(rooms.group(groupId)).emit("presence:state", { groupId, userIds });
}

import type { Socket } from "socket.io";

// A socket reuses a policy decision for a short while, and only while it is still in the room the
// policy put it in (decision 014). Removal, and a new charter version not yet accepted, take the
// user's sockets out of the group's rooms on every node at once, so the next command is decided
// afresh. Only the socket door reuses; the form door decides per request.

const held = new WeakMap<Socket, Map<string, { value: unknown; at: number }>>();

/** The decision `decide` makes for this socket (it throws a refusal), reused for at most `maxAgeMs`
 *  while the socket stays in `room`. `action` keeps different decisions on one room apart. */
export async function reusedDecision<T>(socket: Socket, action: string, room: string, maxAgeMs: number, decide: () => Promise<T>): Promise<T> {
  const key = `${action} ${room}`;
  let mine = held.get(socket);
  if (!mine) held.set(socket, (mine = new Map()));
  const h = mine.get(key);
  if (h && Date.now() - h.at < maxAgeMs && socket.rooms.has(room)) return h.value as T;
  mine.delete(key);
  const value = await decide();
  if (socket.rooms.has(room)) mine.set(key, { value, at: Date.now() });
  return value;
}

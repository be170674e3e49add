import { loadGroupFor } from "../../models/group/group.service";
import type { HandlerContext } from "../handler-context";
import { broadcastPresence, listOnline } from "../presence";
import { groupIdOfRoom, rooms, type PresenceState } from "../events";

/** presence:list: the users online in a group the caller may see. */
export async function handlePresenceList(ctx: HandlerContext, input: { groupId: string }): Promise<PresenceState> {
  await loadGroupFor(ctx.actor, input.groupId, "presence.read");
  return { groupId: input.groupId, userIds: await listOnline(ctx.io, input.groupId) };
}

/** presence:here: the tab now shows this group's page (or, with null, a page outside any group,
 *  such as the inbox): the socket counts as online there only. Both groups hear who is online. */
export async function handlePresenceHere(ctx: HandlerContext, input: { groupId: string | null }) {
  if (input.groupId !== null) await loadGroupFor(ctx.actor, input.groupId, "presence.read");
  const before = ctx.socket.data.here;
  ctx.socket.data.here = input.groupId;
  const changed = before === undefined ? [...ctx.socket.rooms].map(groupIdOfRoom) : [before, input.groupId];
  const groups = [...new Set(changed)].filter((g): g is string => !!g && ctx.socket.rooms.has(rooms.group(g)));
  await Promise.all(groups.map((g) => broadcastPresence(ctx.io, g)));
  return { groupId: input.groupId };
}

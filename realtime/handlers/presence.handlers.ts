import { loadGroupFor } from "../../models/group/group.service";
import type { HandlerContext } from "../handler-context";
import { listOnline } from "../presence";
import type { PresenceState } from "../events";

/** presence:list: the users online in a group the caller may see. */
export async function handlePresenceList(ctx: HandlerContext, input: { groupId: string }): Promise<PresenceState> {
  await loadGroupFor(ctx.actor, input.groupId, "presence.read");
  return { groupId: input.groupId, userIds: await listOnline(ctx.io, input.groupId) };
}

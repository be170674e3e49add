import { loadGroupFor } from "../group/group.service";
import type { ServiceContext } from "../shared/context";
import type { Protocol } from "./protocol.inputs";
import { builtInProtocols } from "./protocols/index";

/** The protocols a group can run (today the built-in ones), for a member who may see the group's
 *  content; anyone else gets not_found, like every group thing. */
export async function listProtocols(ctx: ServiceContext, groupId: string): Promise<Protocol[]> {
  await loadGroupFor(ctx.actor, groupId, "group.content");
  return builtInProtocols();
}

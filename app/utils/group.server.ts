import type { AppLoadContext } from "@remix-run/node";
import type { Actor } from "../../models/shared/context";

/** The group layout's view of the policy (which tabs to show). Outsiders get a 404 here, on every page. */
export async function requireGroupShell(context: AppLoadContext, actor: Actor, groupId: string | undefined) {
  const shell = groupId ? await context.services.group.getGroupShell(actor, groupId) : null;
  if (!shell) throw new Response("Not Found", { status: 404 });
  return shell;
}

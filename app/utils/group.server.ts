import { getGroupAccess } from "../../models/group/group.service";
import { decide, type GroupAction } from "../../models/group/group.policy";
import type { Actor } from "../../models/shared/context";

/** The actions a group page's shell tells its pages about (which buttons to show). */
const SHELL_ACTIONS = [
  "charter.propose",
  "member.invite",
  "member.remove",
  "member.changeRole",
  "guest.propose",
  "guest.consent",
  "presence.read",
  "thread.read",
  "thread.post",
  "thread.pin",
  "group.setChair",
] as const satisfies readonly GroupAction[];

/** The group layout's view of the policy: which tabs to show. Outsiders get a 404 here, on every page. */
export async function requireGroupShell(actor: Actor, groupId: string | undefined) {
  const loaded = groupId ? await getGroupAccess(actor, groupId) : null;
  if (!loaded || decide(loaded.access, "whoSeesWhat.read") === "not_found") throw new Response("Not Found", { status: 404 });
  const allow = (a: GroupAction) => decide(loaded.access, a) === "allow";
  return {
    group: { id: String(loaded.group._id), name: loaded.group.name },
    role: loaded.access.membership?.status === "active" ? loaded.access.membership.role : "organiser",
    tabs: {
      overview: allow("group.view"),
      threads: allow("thread.read"),
      docs: allow("doc.read"),
      charter: allow("charter.read"),
      members: allow("member.invite") || allow("guest.propose") || allow("guest.consent"),
      whoSeesWhat: allow("whoSeesWhat.read"),
      audit: allow("audit.read"),
    },
    allow: Object.fromEntries(SHELL_ACTIONS.map((a) => [a, allow(a)])) as Record<(typeof SHELL_ACTIONS)[number], boolean>,
  };
}

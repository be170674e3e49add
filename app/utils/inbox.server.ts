import type { AppLoadContext } from "@remix-run/node";
import type { Actor } from "../../models/shared/context";

/** The personal overview across every group the user may read now, with group names. */
export async function loadInbox(context: AppLoadContext, actor: Actor) {
  const { group, thread } = context.services;
  const groupIds = await group.listVisibleGroupIds(actor);
  const [inbox, mine] = await Promise.all([thread.getInbox(actor, groupIds), group.listMyGroups(actor)]);
  const names = new Map(mine.map((g) => [g.id, g.name]));
  const groups = inbox.groups
    .map((g) => ({ ...g, name: names.get(g.groupId) ?? "" }))
    .sort((a, b) => b.unread - a.unread || a.name.localeCompare(b.name, "nl"));
  return {
    groups,
    notifications: inbox.notifications.map((n) => ({ ...n, groupName: names.get(n.groupId) ?? "" })),
    total: groups.reduce((sum, g) => sum + g.unread, 0),
  };
}

/** Just the number for the navigation. */
export async function inboxUnread(context: AppLoadContext, actor: Actor) {
  const { group, thread } = context.services;
  const groupIds = await group.listVisibleGroupIds(actor);
  if (groupIds.length === 0) return 0;
  const inbox = await thread.getInbox(actor, groupIds);
  return inbox.groups.reduce((sum, g) => sum + g.unread, 0);
}

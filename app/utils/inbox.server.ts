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

/** Unread messages per group the user may read now (the dashboard's badges). */
export async function unreadPerGroup(context: AppLoadContext, actor: Actor): Promise<Record<string, number>> {
  const { group, thread } = context.services;
  const groupIds = await group.listVisibleGroupIds(actor);
  if (groupIds.length === 0) return {};
  const groups = await thread.getUnread(actor, groupIds);
  return Object.fromEntries(groups.map((g) => [g.groupId, g.unread]));
}

/** Just the number for the navigation. */
export async function inboxUnread(context: AppLoadContext, actor: Actor) {
  return Object.values(await unreadPerGroup(context, actor)).reduce((sum, n) => sum + n, 0);
}

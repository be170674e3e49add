import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { inboxUnread } from "../utils/inbox.server";
import { actorOf, getUser } from "../utils/session.server";

/** The unread count for the navigation, as JSON (the inbox link refreshes it in the background). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getUser(request, context);
  if (!user) return json({ total: 0 }, { status: 401, headers: { "Cache-Control": "no-store" } });
  return json({ total: await inboxUnread(context, actorOf(user)) }, { headers: { "Cache-Control": "no-store" } });
}

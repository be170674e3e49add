import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "../i18n/use-t";
import { useRevalidateOnGroupEvents } from "../components/threads/common";
import { Ago } from "../i18n/use-dates";
import { loadInbox } from "../utils/inbox.server";
import { actorOf, requireUser } from "../utils/session.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  return json(await loadInbox(context, actorOf(user)));
}

export default function Inbox() {
  const t = useT();
  const { groups, notifications } = useLoaderData<typeof loader>();
  useRevalidateOnGroupEvents(null);
  return (
    <>
      <h1>{t("inbox.title")}</h1>
      <section className="card" aria-labelledby="inbox-groups-h">
        <h2 id="inbox-groups-h">{t("inbox.groups")}</h2>
        {groups.length === 0 ? (
          <p>{t("inbox.noGroups")}</p>
        ) : (
          <ul className="plain" data-testid="inbox-groups">
            {groups.map((g) => (
              <li key={g.groupId}>
                <Link to={`/groups/${g.groupId}/threads`}>{g.name}</Link>
                {g.unread > 0 ? (
                  <span className="badge unread">{t("inbox.unread", { n: g.unread })}</span>
                ) : (
                  <span className="status">{t("inbox.allRead")}</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="inbox-notes-h">
        <h2 id="inbox-notes-h">{t("inbox.notifications")}</h2>
        {notifications.length === 0 ? (
          <p>{t("inbox.noNotifications")}</p>
        ) : (
          <ul className="plain" data-testid="inbox-notifications">
            {notifications.map((n) => (
              <li key={n.id}>
                <Link to={`/groups/${n.groupId}/threads/${n.threadId}`}>
                  {t(n.kind === "mention" ? "inbox.mention" : "inbox.new_thread", { title: n.threadTitle })}
                </Link>
                <span className="status">{t("inbox.inGroup", { group: n.groupName })}</span>
                <span className="status">
                  <Ago iso={n.createdAt} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "../i18n/use-t";
import { actorOf, requireUser } from "../utils/session.server";
import { unreadPerGroup } from "../utils/inbox.server";
import { useRevalidateOnGroupEvents } from "../components/threads/common";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = actorOf(await requireUser(request, context));
  const [groups, trajectories, unread] = await Promise.all([
    context.services.group.listMyGroups(actor),
    context.services.trajectory.listMyTrajectories(actor),
    unreadPerGroup(context, actor),
  ]);
  return { groups, trajectories, unread };
}

export default function Dashboard() {
  const t = useT();
  const { groups, trajectories, unread } = useLoaderData<typeof loader>();
  // Live: new messages and the user's own inbox events read the counts again.
  useRevalidateOnGroupEvents(null);
  return (
    <>
      <h1>{t("dashboard.title")}</h1>
      {trajectories.length > 0 ? (
        <section className="card" aria-labelledby="traj-h">
          <h2 id="traj-h">{t("dashboard.trajectories")}</h2>
          <ul className="plain">
            {trajectories.map((tr) => (
              <li key={tr.id}>
                <Link to={`/trajectories/${tr.id}`}>{tr.name}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {groups.length === 0 ? <p>{t("dashboard.empty")}</p> : null}
      <ul className="plain card">
        {groups.map((g) => (
          <li key={g.id}>
            {g.state === "pending_consent" ? (
              <span>{g.name}</span>
            ) : (
              <Link to={g.state === "charter_required" ? `/groups/${g.id}/charter` : `/groups/${g.id}`}>{g.name}</Link>
            )}
            <span className="badge">{t(`role.${g.role}`)}</span>
            {unread[g.id] ? (
              <span className="badge unread" data-testid="group-unread">
                {t("inbox.unread", { n: unread[g.id] })}
              </span>
            ) : null}
            {g.role === "guest" ? <span className="badge guest">{t("common.guestBadge")}</span> : null}
            <span className="status">{g.trajectoryName}</span>
            {g.state === "charter_required" ? <span className="form-error">{t("dashboard.charterRequired")}</span> : null}
            {g.state === "pending_consent" ? <span className="status">{t("dashboard.pendingConsent")}</span> : null}
          </li>
        ))}
      </ul>
    </>
  );
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useRootData, useT } from "../i18n/use-t";
import { runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";
import { LiveStatus, useGroupLive } from "../components/live";
import type { loader as layoutLoader } from "./groups.$groupId";
import { GroupErrorBoundary } from "../components/errors";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  return runService(request, () => context.services.group.getGroupOverview(ctx, params.groupId ?? ""), params.groupId);
}

export default function GroupOverview() {
  const t = useT();
  const overview = useLoaderData<typeof loader>();
  const shell = useRouteLoaderData<typeof layoutLoader>("routes/groups.$groupId");
  const me = useRootData().user;
  const canPresence = !!shell?.allow["presence.read"];
  const { online, connected } = useGroupLive(overview.id, canPresence);
  const onlineSet = new Set(online);
  const others = overview.members.filter((m) => onlineSet.has(m.userId) && m.userId !== me?.id);
  return (
    <>
      <p>{overview.trajectoryName}</p>
      <p className={overview.complete ? "" : "form-error"}>
        {overview.complete ? t("group.complete", { n: overview.leaderCount }) : t("group.incomplete", { n: overview.leaderCount })}
      </p>
      {!canPresence ? <p>{t("group.organiserNote")}</p> : null}
      {canPresence ? (
        <section className="card" aria-labelledby="online-h">
          <h2 id="online-h">{t("group.onlineNow")}</h2>
          <LiveStatus connected={connected} />
          {others.length === 0 ? (
            <p>{t("group.nobodyOnline")}</p>
          ) : (
            <ul className="plain" data-testid="online-list">
              {others.map((m) => (
                <li key={m.userId}>
                  {m.name}
                  {m.role === "guest" ? <span className="badge guest">{t("common.guestBadge")}</span> : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      <section className="card" aria-labelledby="members-h">
        <h2 id="members-h">{t("group.members")}</h2>
        <ul className="plain">
          {overview.members
            .filter((m) => m.status === "active")
            .map((m) => (
              <li key={m.userId}>
                <span>{m.name}</span>
                <span className="badge">{t(`role.${m.role}`)}</span>
                {m.role === "guest" ? (
                  <span className="badge guest">
                    {t("common.guestBadge")}
                    {m.guestKind ? `: ${t(`guestKind.${m.guestKind as "supervisor" | "team_member"}`)}` : ""}
                  </span>
                ) : null}
                {onlineSet.has(m.userId) ? <span className="badge online">{t("common.online")}</span> : null}
              </li>
            ))}
        </ul>
      </section>
    </>
  );
}

/** A refusal or a missing thing inside the group keeps the group's name and tabs around it. */
export const ErrorBoundary = GroupErrorBoundary;

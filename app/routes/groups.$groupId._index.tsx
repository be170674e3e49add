import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useRootData, useT } from "../i18n/use-t";
import { runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";
import { useGroupLive } from "../components/live";
import { ConnectionStatus } from "../components/connection-status";
import type { loader as layoutLoader } from "./groups.$groupId";
import { GroupErrorBoundary } from "../components/errors";
import { Avatar } from "../components/avatar";
import { SCHOOL_LEVELS, type SchoolLevel } from "../../models/user/user.constants";
// The next meeting and what to prepare (issue 14 item 2)
import { NextMeeting } from "../components/meetings/next-meeting";

const isSchoolLevel = (v: string): v is SchoolLevel => (SCHOOL_LEVELS as readonly string[]).includes(v);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  const groupId = params.groupId ?? "";
  const overview = await runService(request, () => context.services.group.getGroupOverview(ctx, groupId), groupId);
  const nextMeeting = await runService(request, () => context.services.meetingContent.getNextMeeting(ctx, { groupId }), groupId);
  return { ...overview, nextMeeting };
}

export default function GroupOverview() {
  const t = useT();
  const overview = useLoaderData<typeof loader>();
  const shell = useRouteLoaderData<typeof layoutLoader>("routes/groups.$groupId");
  const me = useRootData().user;
  const canPresence = !!shell?.allow["presence.read"];
  const { online } = useGroupLive(overview.id, canPresence);
  const onlineSet = new Set(online);
  const others = overview.members.filter((m) => onlineSet.has(m.userId) && m.userId !== me?.id);
  return (
    <>
      <p>{overview.trajectoryName}</p>
      <p className={overview.complete ? "" : "form-error"}>
        {overview.complete ? t("group.complete", { n: overview.leaderCount }) : t("group.incomplete", { n: overview.leaderCount })}
      </p>
      {!canPresence ? <p>{t("group.organiserNote")}</p> : null}
      {overview.nextMeeting ? <NextMeeting groupId={overview.id} next={overview.nextMeeting} /> : null}
      {canPresence ? (
        <section className="card" aria-labelledby="online-h">
          <h2 id="online-h">{t("group.onlineNow")}</h2>
          <ConnectionStatus pending={0} />
          {others.length === 0 ? (
            <p>{t("group.nobodyOnline")}</p>
          ) : (
            <ul className="plain" data-testid="online-list">
              {others.map((m) => (
                <li key={m.userId}>
                  <Avatar name={m.name} />
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
                <Avatar name={m.name} />
                <span className="member-name">
                  {m.name}
                  <ProfileLine m={m} />
                </span>
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

/** What a member told about themselves: school, level of education, experience (what they gave). */
function ProfileLine({ m }: { m: { school: string; schoolLevel: string; careerPhase: string; yearsAsLeader: number | null } }) {
  const t = useT();
  const parts = [
    m.school,
    isSchoolLevel(m.schoolLevel) ? t(`profile.level.${m.schoolLevel}`) : "",
    m.careerPhase === "starter"
      ? t("profile.phase.starter")
      : m.yearsAsLeader !== null
        ? t("profile.yearsValue", { n: m.yearsAsLeader })
        : m.careerPhase === "experienced"
          ? t("profile.phase.experienced")
          : "",
  ].filter(Boolean);
  return parts.length ? <span className="status profile-line">{parts.join(" · ")}</span> : null;
}

/** A refusal or a missing thing inside the group keeps the group's name and tabs around it. */
export const ErrorBoundary = GroupErrorBoundary;

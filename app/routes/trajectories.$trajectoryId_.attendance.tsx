import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ATTENDANCE } from "../../models/meeting/meeting-content.constants";
import { GroupErrorBoundary } from "../components/errors";
import { When } from "../i18n/use-dates";
import { useT } from "../i18n/use-t";
import { runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

// The organiser's attendance figures (issue 14 item 8, docs/decisions/034): per group meeting its date
// and how many were present, excused and absent, for certificates of participation. Never names,
// agenda or minutes: the service does not read them.

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  return runService(request, () => context.services.meetingContent.trajectoryAttendance(ctx, params.trajectoryId ?? ""));
}

export default function TrajectoryAttendance() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  return (
    <div>
      <p>
        <Link to={`/trajectories/${data.trajectory.id}`}>{data.trajectory.name}</Link>
      </p>
      <h1>{t("meeting_organiser.title")}</h1>
      <p>{t("meeting_organiser.intro")}</p>
      {data.groups.length === 0 ? <p className="muted">{t("meeting_organiser.noGroups")}</p> : null}
      {data.groups.map((g) => (
        <section key={g.id} className="card" aria-labelledby={`att-${g.id}`}>
          <h2 id={`att-${g.id}`}>{g.name}</h2>
          {g.meetings.length === 0 ? (
            <p className="muted">{t("meeting_organiser.noMeetings")}</p>
          ) : (
            <div className="table-scroll">
              <table>
                <caption className="sr-only">{t("meeting_organiser.caption", { group: g.name })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("meetings.field.date")}</th>
                    <th scope="col">{t("meetings.field.kind")}</th>
                    {ATTENDANCE.map((s) => (
                      <th scope="col" key={s}>
                        {t(`meeting_attendance.${s}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {g.meetings.map((m) => (
                    <tr key={m.id}>
                      <td>
                        <When iso={m.startsAt} kind="day" />
                        {m.status === "cancelled" ? ` (${t("meetings.cancelled")})` : ""}
                      </td>
                      <td>{t(`meetings.kind.${m.kind}`)}</td>
                      {ATTENDANCE.map((s) => (
                        <td key={s}>{m.counts[s]}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </div>
  );
}

export const ErrorBoundary = GroupErrorBoundary;

import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { INSTRUMENTS } from "../../models/evaluation/instruments.constants";
import { LineChart } from "../components/evaluation/line-chart";
import { GroupErrorBoundary } from "../components/errors";
import { useT } from "../i18n/use-t";
import { runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

// The organiser's view of a trajectory's evaluation (issue 15 item 6, docs/decisions/053): figures
// across groups, each from five answers on, only of periods whose answering is over, never a line or
// a name; a group's own figures only where the group shares them. The same rows as CSV.

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  return runService(request, () => context.services.evaluation.organiserEvaluation(ctx, { trajectoryId: params.trajectoryId ?? "" }));
}

export default function TrajectoryEvaluation() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const fmt = (v: number) => v.toLocaleString(t.locale === "nl" ? "nl-BE" : "en-GB");
  const periodLabel = (p: string) =>
    /^(culture|learning)-\d$/.test(p) ? t(`evaluation_period_${p.split("-")[0] as "culture"}`, { ordinal: p.split("-")[1] }) : p;
  return (
    <div className="evaluation">
      <p>
        <Link to={`/trajectories/${data.trajectory.id}`}>{data.trajectory.name}</Link>
      </p>
      <h1>{t("evaluation_organiser_title")}</h1>
      <p>{t("evaluation_organiser_intro", { min: data.minimum })}</p>
      <p className="muted">
        {data.sharing.length
          ? t("evaluation_organiser_sharing", { groups: data.sharing.join(", ") })
          : t("evaluation_organiser_sharing_none")}
      </p>
      <p>
        <a href={`/trajectories/${data.trajectory.id}/evaluation.csv`} download>
          {t("evaluation_csv")}
        </a>
      </p>
      {data.rows.length === 0 ? <p className="muted">{t("evaluation_organiser_empty", { min: data.minimum })}</p> : null}
      {data.trends
        .filter((tr) => tr.periods.length > 0)
        .map((tr) => {
          const q = INSTRUMENTS[tr.instrument];
          const rows = data.rows.filter((r) => r.instrument === tr.instrument && r.group === null);
          return (
            <section key={tr.instrument} aria-labelledby={`org-${tr.instrument}`}>
              <h2 id={`org-${tr.instrument}`}>{q.title[t.locale]}</h2>
              <LineChart
                idBase={`org-${tr.instrument}-chart`}
                title={q.title[t.locale]}
                chart={tr.chart}
                labels={tr.periods.map(periodLabel)}
                series={q.indicators.map((d) => ({ key: d.id, label: d.label[t.locale] }))}
                values={q.indicators.map((d) =>
                  tr.periods.map((p) => rows.find((r) => r.period === p && r.indicator === d.id)?.mean ?? null),
                )}
                none={t("evaluation_none")}
                xHeader={t("evaluation_period")}
              />
              <p className="muted">
                {tr.periods
                  .map((p) => `${periodLabel(p)}: ${t("evaluation_answers", { n: rows.find((r) => r.period === p)?.n ?? 0 })}`)
                  .join(" · ")}
              </p>
            </section>
          );
        })}
      {data.rows.some((r) => r.group !== null) ? (
        <section aria-labelledby="org-groups">
          <h2 id="org-groups">{t("evaluation_organiser_groups")}</h2>
          <div className="table-scroll">
            <table className="analysis-table">
              <caption>{t("evaluation_organiser_groups")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("evaluation_period")}</th>
                  <th scope="col">{t("evaluation_group")}</th>
                  <th scope="col">{t("evaluation_indicator")}</th>
                  <th scope="col">n</th>
                  <th scope="col">{t("evaluation_mean")}</th>
                </tr>
              </thead>
              <tbody>
                {data.rows
                  .filter((r) => r.group !== null)
                  .map((r) => (
                    <tr key={`${r.period}|${r.instrument}|${r.indicator}|${r.group}`}>
                      <td>{periodLabel(r.period)}</td>
                      <td>{r.group}</td>
                      <td>{INSTRUMENTS[r.instrument].indicators.find((d) => d.id === r.indicator)?.label[t.locale]}</td>
                      <td>{r.n}</td>
                      <td>{fmt(r.mean)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      <section aria-labelledby="org-attendance">
        <h2 id="org-attendance">{t("evaluation_attendance_title")}</h2>
        <LineChart
          idBase="org-attendance-chart"
          title={t("evaluation_attendance_title")}
          chart={data.attendanceChart}
          labels={data.attendance.map((a) => a.month)}
          series={[{ key: "share", label: t("evaluation_attendance_share") }]}
          values={[data.attendance.map((a) => (a.expected ? Math.round((100 * a.present) / a.expected) : null))]}
          none={t("evaluation_none")}
          xHeader={t("evaluation_month")}
        />
      </section>
    </div>
  );
}

export const ErrorBoundary = GroupErrorBoundary;

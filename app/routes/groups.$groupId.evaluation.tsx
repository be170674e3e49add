import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ShareConsentInput } from "../../models/evaluation/evaluation.inputs";
import type { FigureSet, GroupEvaluationDTO } from "../../models/evaluation/evaluation.service";
import { INSTRUMENTS } from "../../models/evaluation/instruments.constants";
import { LineChart } from "../components/evaluation/line-chart";
import { GroupErrorBoundary } from "../components/errors";
import { FormMessage, Hidden, SafeForm, Submit } from "../components/form";
import { useFormatDate } from "../i18n/use-dates";
import { useT } from "../i18n/use-t";
import { formAction, readForm, readIntent, runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

// The group's own evaluation (issue 15 items 1, 2, 4, 5; docs/decisions/052-054): the checks open
// for the reader, the reaction trends after meetings and rounds, the learning-culture scan's profile
// and trend, the learning indicators, the reader's own learning questions over time, attendance, and
// whether the group shares its figures with the organiser. Every figure from five answers on.

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  return runService(request, () => context.services.evaluation.groupEvaluation(ctx, { groupId: params.groupId ?? "" }), params.groupId);
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const intent = await readIntent(request, ["share"] as const);
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const input = await readForm(request, context, ShareConsentInput, { groupId: params.groupId });
    await runService(request, () => context.services.evaluation.setShareConsent(ctx, input), params.groupId);
    return json({ ok: true as const, intent });
  }, intent);
}

function Figures({ set, idBase, title }: { set: FigureSet; idBase: string; title: string }) {
  const t = useT();
  const day = useFormatDate();
  const points = set.points;
  const label = (p: (typeof points)[number]) => (p.kind === "moment" ? `${p.label.n}. ${day(p.at, "chart")}` : day(p.at, "chart"));
  return (
    <>
      <LineChart
        idBase={idBase}
        title={title}
        chart={set.chart}
        labels={points.map(label)}
        series={set.indicators.map((d) => ({ key: d.id, label: d.label[t.locale] }))}
        values={set.indicators.map((d) => points.map((p) => p.means[d.id] ?? null))}
        none={t("evaluation_none")}
        xHeader={t("evaluation_when")}
      />
      <ul className="list evaluation-counts">
        {points.map((p) => (
          <li key={p.occasion}>
            {label(p)}: {t(`evaluation_point_${p.status}`, { n: p.answered, asked: p.asked })}
            {p.status === "closed" && p.answered > 0 && p.answered < 5 ? ` ${t("evaluation_too_few")}` : ""}
          </li>
        ))}
      </ul>
    </>
  );
}

function Sharing({ data }: { data: GroupEvaluationDTO }) {
  const t = useT();
  const result = useActionData<typeof action>();
  const s = data.sharing;
  return (
    <section className="card" aria-labelledby="ev-sharing">
      <h3 id="ev-sharing">{t("evaluation_sharing_title")}</h3>
      <p>{t(s.shared ? "evaluation_sharing_on" : "evaluation_sharing_off")}</p>
      <p className="muted">{t("evaluation_sharing_rule", { agreed: s.consents, total: s.leaders })}</p>
      {s.canConsent ? (
        <SafeForm>
          <Hidden fields={{ intent: "share", consent: s.mine ? "false" : "true" }} />
          <FormMessage data={result as { ok?: boolean; message?: string } | undefined} />
          <Submit>{t(s.mine ? "evaluation_sharing_withdraw" : "evaluation_sharing_consent")}</Submit>
        </SafeForm>
      ) : null}
    </section>
  );
}

export default function GroupEvaluation() {
  const t = useT();
  const day = useFormatDate();
  const data = useLoaderData<typeof loader>();
  const base = `/groups/${data.groupId}/evaluation`;
  const cultureClosed = [...data.culture.points]
    .reverse()
    .find((p) => p.status === "closed" && Object.values(p.means).some((m) => m !== null));
  return (
    <div className="evaluation">
      <h2>{t("evaluation_title")}</h2>
      <p className="muted">{t("evaluation_intro", { min: data.minimum })}</p>

      <section aria-labelledby="ev-open">
        <h3 id="ev-open">{t("evaluation_open_title")}</h3>
        {data.open.length === 0 ? (
          <p className="muted">{t("evaluation_open_none")}</p>
        ) : (
          <ul className="list">
            {data.open.map((o) => (
              <li key={o.key}>
                <Link to={`${base}/${o.key}`}>
                  {INSTRUMENTS[o.instrument].title[t.locale]} ·{" "}
                  {o.label.title || (o.label.meetingKind ? t(`meetings.kind.${o.label.meetingKind as "contact_day"}`) : "")}{" "}
                  {day(o.at, "day")}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="ev-reaction">
        <h3 id="ev-reaction">{t("evaluation_reaction_title")}</h3>
        <h4>{t("evaluation_reaction_meetings")}</h4>
        <Figures set={data.reaction.meetings} idBase="ev-meetings" title={t("evaluation_reaction_meetings")} />
        <h4>{t("evaluation_reaction_rounds")}</h4>
        <Figures set={data.reaction.rounds} idBase="ev-rounds" title={t("evaluation_reaction_rounds")} />
      </section>

      <section id="culture" aria-labelledby="ev-culture">
        <h3 id="ev-culture">{INSTRUMENTS.culture.title[t.locale]}</h3>
        <p>{t("evaluation_culture_intro")}</p>
        {cultureClosed ? (
          <table className="analysis-table">
            <caption>{t("evaluation_culture_profile", { date: day(cultureClosed.at, "day") })}</caption>
            <tbody>
              {data.culture.indicators.map((d) => (
                <tr key={d.id}>
                  <th scope="row">{d.label[t.locale]}</th>
                  <td>
                    <meter min={1} max={5} value={cultureClosed.means[d.id] ?? 0} aria-hidden="true" />{" "}
                    {cultureClosed.means[d.id]?.toLocaleString(t.locale === "nl" ? "nl-BE" : "en-GB") ?? "–"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">{t("evaluation_culture_none")}</p>
        )}
        <Figures set={data.culture} idBase="ev-culture-trend" title={t("evaluation_culture_trend")} />
        <p className="muted">{t("evaluation_culture_agenda")}</p>
      </section>

      <section aria-labelledby="ev-learning">
        <h3 id="ev-learning">{t("evaluation_learning_title")}</h3>
        <Figures set={data.learning} idBase="ev-learning-trend" title={t("evaluation_learning_title")} />
        <h4>{t("evaluation_questions_title")}</h4>
        {data.questions.length === 0 ? (
          <p className="muted">
            {t("evaluation_questions_none")} <Link to={`/groups/${data.groupId}/plan`}>{t("plan_tab")}</Link>
          </p>
        ) : (
          data.questions.map((q, i) => (
            <div key={q.id} className="card">
              <h5>{q.text}</h5>
              <LineChart
                idBase={`ev-q${i}`}
                title={t("evaluation_question_chart", { question: q.text })}
                chart={q.chart}
                labels={q.checkIns.map((c) => day(c.at, "chart"))}
                series={[{ key: "rating", label: t("evaluation_rating") }]}
                values={[q.checkIns.map((c) => c.rating)]}
                none={t("evaluation_none")}
                xHeader={t("evaluation_when")}
              />
            </div>
          ))
        )}
        <p>
          <Link to="/analysis">{t("evaluation_bsa_esa")}</Link>
        </p>
      </section>

      <section aria-labelledby="ev-attendance">
        <h3 id="ev-attendance">{t("evaluation_attendance_title")}</h3>
        <LineChart
          idBase="ev-attendance-chart"
          title={t("evaluation_attendance_title")}
          chart={data.attendance.chart}
          labels={data.attendance.points.map((p) => day(p.at, "chart"))}
          series={[{ key: "present", label: t("evaluation_attendance_present", { total: data.leaders }) }]}
          values={[data.attendance.points.map((p) => p.present)]}
          none={t("evaluation_none")}
          xHeader={t("evaluation_when")}
        />
      </section>

      <Sharing data={data} />
    </div>
  );
}

export const ErrorBoundary = GroupErrorBoundary;

import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CheckFormInput } from "../../models/evaluation/evaluation.inputs";
import type { CheckDTO } from "../../models/evaluation/evaluation.service";
import { LINE_MAX } from "../../models/evaluation/instrument.inputs";
import { GroupErrorBoundary } from "../components/errors";
import { Field, FormMessage, SafeForm, Submit } from "../components/form";
import { useFormatDate } from "../i18n/use-dates";
import { useT } from "../i18n/use-t";
import { formAction, readForm, readIntent, runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

// A one-minute check after a meeting or an intervision round, or a set moment's questionnaire
// (issue 15 items 1, 2, 4; docs/decisions/052): answered once, on a phone as well (radio buttons as
// large targets, one column at 375 px).

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  return runService(
    request,
    () => context.services.evaluation.getCheck(ctx, { groupId: params.groupId ?? "", occasion: params.occasion ?? "" }),
    params.groupId,
  );
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const intent = await readIntent(request, ["answer"] as const);
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const input = await readForm(request, context, CheckFormInput, { groupId: params.groupId, occasion: params.occasion ?? "" });
    await runService(request, () => context.services.evaluation.submitCheck(ctx, input), params.groupId);
    return redirect(`/groups/${params.groupId}/evaluation/${params.occasion}?thanks=1`);
  }, intent);
}

type ActionData = { ok?: boolean; message?: string; fieldErrors?: Record<string, string> } | undefined;

export function OccasionTitle({ check }: { check: Pick<CheckDTO, "occasion" | "instrument"> }) {
  const t = useT();
  const day = useFormatDate();
  const o = check.occasion;
  const what =
    o.kind === "meeting"
      ? o.label.title || t(`meetings.kind.${o.label.meetingKind as "contact_day"}`)
      : o.kind === "round"
        ? o.label.title
        : t("evaluation_moment", { title: check.instrument.title[t.locale], ordinal: o.label.n ?? 1 });
  return (
    <>
      {what} · {day(o.at, "day")}
    </>
  );
}

export default function EvaluationCheck() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData;
  const q = data.instrument;
  const errors = result?.fieldErrors ?? {};
  const thanks = data.state === "answered";
  return (
    <div className="evaluation-check">
      <p>
        <Link to={`/groups/${data.groupId}/evaluation`}>{t("evaluation_back")}</Link>
      </p>
      <h2>{q.title[t.locale]}</h2>
      <p className="muted">
        <OccasionTitle check={data} />
      </p>
      {thanks ? (
        <p className="notice" role="status">
          {t("evaluation_thanks")}
        </p>
      ) : data.state !== "open" ? (
        <p className="notice" role="status">
          {t(`evaluation_state_${data.state}`)}
        </p>
      ) : (
        <SafeForm replace>
          <input type="hidden" name="intent" value="answer" />
          <p>{q.intro[t.locale]}</p>
          {q.indicators.flatMap((d) =>
            d.items.map((item) => {
              const error = t.fieldError(errors[`s:${item.id}`]);
              return (
                <fieldset key={item.id} className="scale" aria-describedby={error ? `${item.id}-err` : undefined}>
                  <legend>{item.prompt[t.locale]}</legend>
                  <div className="scale-points">
                    {[1, 2, 3, 4, 5].map((n) => (
                      <label key={n}>
                        <input type="radio" name={`s:${item.id}`} value={n} required aria-invalid={error ? true : undefined} />
                        <span>{n}</span>
                      </label>
                    ))}
                  </div>
                  <p className="scale-anchors muted">
                    <span>1 = {q.scale.low[t.locale]}</span> <span>5 = {q.scale.high[t.locale]}</span>
                  </p>
                  {error ? (
                    <p id={`${item.id}-err`} className="field-error" role="alert">
                      {error}
                    </p>
                  ) : null}
                </fieldset>
              );
            }),
          )}
          {q.line ? <Field label={q.line[t.locale]} name="line" maxLength={LINE_MAX} error={errors.line} autoComplete="off" /> : null}
          <FormMessage data={result} />
          <Submit>{t("evaluation_send")}</Submit>
        </SafeForm>
      )}
      <p className="muted">{t("evaluation_answered_count", { n: data.answered, asked: data.asked })}</p>
    </div>
  );
}

export const ErrorBoundary = GroupErrorBoundary;

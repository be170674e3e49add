import { json, type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CancelMomentInput, draftBlocksOf, NameFacilitatorInput, RemoveFacilitatorInput } from "../../models/moment/moment.inputs";
import { GroupErrorBoundary } from "../components/errors";
import { errorsOf, Field, FormMessage, type IntentResult, SafeForm, Submit } from "../components/form";
import { PlanForm } from "../components/moments/plan-form";
import { useT } from "../i18n/use-t";
import { formAction, readForm, readIntent, runService } from "../utils/form.server";
import { type PlanActionData, planAction } from "../utils/moment-plan.server";
import { requireServiceContext } from "../utils/session.server";

// A network moment's plan (issue 16 item 1, decision 066): its facilitators edit it and cancel it;
// an organiser of the trajectory names facilitators. Participants are refused, anyone else gets 404.

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  return runService(request, () => context.services.moment.getMomentPlan(ctx, { momentId: params.momentId ?? "" }));
}

const INTENTS = ["plan", "name", "unname", "cancel"] as const;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const intent = await readIntent(request, INTENTS);
  const momentId = params.momentId ?? "";
  return formAction(async () => {
    if (intent === "plan") return planAction(request, context, { momentId }, () => json<PlanActionData>({ ok: true, intent: "plan" }));
    const { ctx } = await requireServiceContext(request, context);
    const m = context.services.moment;
    // Who is not in the moment learns nothing, whatever they post: the gate before the form's fields.
    await runService(request, () => m.assertCanPlan(ctx, { momentId }));
    switch (intent) {
      case "name": {
        const input = await readForm(request, context, NameFacilitatorInput, { momentId });
        await runService(request, () => m.nameFacilitator(ctx, input));
        break;
      }
      case "unname": {
        const input = await readForm(request, context, RemoveFacilitatorInput, { momentId });
        await runService(request, () => m.removeFacilitator(ctx, input));
        break;
      }
      case "cancel": {
        const input = await readForm(request, context, CancelMomentInput, { momentId });
        await runService(request, () => m.cancelMoment(ctx, input));
        return redirect(`/moments/${momentId}/plan`);
      }
    }
    return json({ ok: true as const, intent });
  }, intent);
}

export default function MomentPlan() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as (PlanActionData | IntentResult) | undefined;
  const [search] = useSearchParams();
  const planResult = result?.intent === "plan" ? (result as PlanActionData) : undefined;
  const cancelled = data.status === "cancelled";
  const draft = planResult?.draft ?? {
    title: data.title,
    date: data.local.date,
    time: data.local.time,
    place: data.place,
    agenda: data.agenda,
    groupIds: data.groupIds,
    blocks: draftBlocksOf(data.blocks),
  };
  const nameErrors = errorsOf(result as IntentResult, "name");
  const cancelErrors = errorsOf(result as IntentResult, "cancel");
  return (
    <div>
      <p>
        <Link to={`/moments/${data.id}`}>{data.title}</Link>
        {data.canName ? (
          <>
            {" · "}
            <Link to={`/trajectories/${data.trajectoryId}/moments`}>{t("moment.plan.back")}</Link>
          </>
        ) : null}
      </p>
      <h1>{t("moment.plan.editTitle", { title: data.title })}</h1>
      <p className="muted">
        {data.trajectoryName} · {t("moment.plan.groupCount", { n: data.groupCount })} ·{" "}
        {t("moment.plan.participantCount", { n: data.participantCount })}
      </p>
      {search.get("planned") && !result ? <p role="status">{t("moment.plan.planned")}</p> : null}
      {cancelled ? (
        <p role="status" className="badge">
          {t("moment.plan.isCancelled")}
        </p>
      ) : null}
      {!cancelled ? (
        <section className="card" aria-labelledby="plan-h">
          <h2 id="plan-h">{t("moment.plan.programme")}</h2>
          {planResult?.ok && !planResult.draft ? <p role="status">{t("moment.plan.saved")}</p> : null}
          <FormMessage data={planResult} />
          <PlanForm
            key={planResult?.ok && !planResult.draft ? "saved" : "editing"}
            draft={draft}
            groups={data.groups}
            errors={planResult?.fieldErrors ?? {}}
            submitLabel={t("moment.plan.save")}
            changed={!!planResult?.ok && !!planResult.draft}
          />
        </section>
      ) : null}
      <section className="card" aria-labelledby="facilitators-h">
        <h2 id="facilitators-h">{t("moment.plan.facilitators")}</h2>
        <p>{t("moment.plan.facilitatorsHelp")}</p>
        {result?.intent === "name" && result.ok ? <p role="status">{t("moment.plan.named")}</p> : null}
        {data.facilitators.length ? (
          <ul className="list">
            {data.facilitators.map((f) => (
              <li key={f.id} className="row">
                <span>{f.name}</span>
                {data.canName && !cancelled ? (
                  <SafeForm className="inline">
                    <input type="hidden" name="intent" value="unname" />
                    <input type="hidden" name="userId" value={f.id} />
                    <Submit className="secondary">{t("moment.plan.unname", { name: f.name })}</Submit>
                  </SafeForm>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("moment.plan.facilitatorsEmpty")}</p>
        )}
        {data.canName && !cancelled ? (
          <SafeForm>
            <input type="hidden" name="intent" value="name" />
            {result?.intent === "name" ? <FormMessage data={result} /> : null}
            <Field label={t("moment.plan.field.email")} name="email" type="email" autoComplete="off" required error={nameErrors?.email} />
            <Submit>{t("moment.plan.name")}</Submit>
          </SafeForm>
        ) : null}
      </section>
      {!cancelled ? (
        <section className="card" aria-labelledby="cancel-h">
          <h2 id="cancel-h">{t("moment.plan.cancel")}</h2>
          <p>{t("moment.plan.cancelHelp")}</p>
          <SafeForm>
            <input type="hidden" name="intent" value="cancel" />
            {result?.intent === "cancel" ? <FormMessage data={result} /> : null}
            <label className="choice">
              <input type="checkbox" name="confirm" required aria-invalid={cancelErrors?.confirm ? true : undefined} />{" "}
              {t("moment.plan.cancelConfirm")}
            </label>
            <Submit className="secondary">{t("moment.plan.cancel")}</Submit>
          </SafeForm>
        </section>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = GroupErrorBoundary;

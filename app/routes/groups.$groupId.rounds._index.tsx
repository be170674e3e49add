import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ASYNC_DAYS, CreateRoundInput, ROUND_LIMITS, ROUND_MODES } from "../../models/intervision/round.inputs";
import { GroupErrorBoundary } from "../components/errors";
import { Field, FormMessage, SafeForm, SelectField, Submit } from "../components/form";
import { useT } from "../i18n/use-t";
import { formAction, readForm, readIntent, runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

// The group's intervision rounds (issue 13, docs/decisions/031): the list, and "start now" with a
// protocol, an inbrenger and a case question. The round itself runs live on its own page.

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  const groupId = params.groupId ?? "";
  const [rounds, protocols, overview] = await runService(
    request,
    () =>
      Promise.all([
        context.services.round.listRounds(ctx, { groupId }),
        context.services.protocol.listProtocols(ctx, groupId),
        context.services.group.getGroupOverview(ctx, groupId),
      ]),
    groupId,
  );
  return {
    rounds,
    protocols: protocols.map((p) => ({ id: p.id, name: p.name })),
    members: overview.members.filter((m) => m.status === "active" && m.role !== "guest").map((m) => ({ id: m.userId, name: m.name })),
    me: ctx.actor.id,
  };
}

// The form sends empty optional fields as "": they mean "not given".
// Days per step (decision 045) come as text and count only for an async round.
const StartForm = CreateRoundInput.extend({
  whatIDid: z.preprocess((v) => (v === "" ? undefined : v), CreateRoundInput.shape.whatIDid),
  days: z.preprocess((v) => (v === "" || v === undefined ? undefined : Number(v)), CreateRoundInput.shape.days),
});

export async function action({ request, context, params }: ActionFunctionArgs) {
  const intent = await readIntent(request, ["create"] as const);
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const input = await readForm(request, context, StartForm, { groupId: params.groupId });
    const { id } = await runService(request, () => context.services.round.createRound(ctx, input), params.groupId);
    return redirect(`/groups/${params.groupId}/rounds/${id}`);
  }, intent);
}

type ActionData = { ok?: boolean; message?: string; fieldErrors?: Record<string, string> } | undefined;

export default function Rounds() {
  const { rounds, protocols, members, me } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData;
  const t = useT();
  const text = (x: { nl: string; en: string }) => x[t.locale];
  return (
    <section aria-labelledby="rounds-title">
      <h2 id="rounds-title">{t("round_list_title")}</h2>
      {rounds.length === 0 ? (
        <p className="muted">{t("round_list_empty")}</p>
      ) : (
        <ul className="list">
          {rounds.map((r) => (
            <li key={r.id} className="card">
              <Link to={r.id}>
                <strong>{text(r.protocolName)}</strong>
              </Link>{" "}
              <span className="muted">
                {r.inbrengerName} · {t(`round_status_${r.status}`)}
              </span>
              <p>{r.caseQuestion}</p>
            </li>
          ))}
        </ul>
      )}
      <h3>{t("round_new")}</h3>
      <SafeForm>
        <input type="hidden" name="intent" value="create" />
        <SelectField
          label={t("round_field_protocol")}
          name="protocol"
          options={protocols.map((p) => [p.id, text(p.name)] as const)}
          error={data?.fieldErrors?.protocol}
        />
        <SelectField
          label={t("round_field_inbrenger")}
          name="inbrengerId"
          options={members.map((m) => [m.id, m.id === me ? `${m.name} (${t("round_you")})` : m.name] as const)}
          error={data?.fieldErrors?.inbrengerId}
        />
        <Field
          label={t("round_field_case")}
          name="caseQuestion"
          required
          maxLength={ROUND_LIMITS.caseQuestion}
          error={data?.fieldErrors?.caseQuestion}
        />
        <Field label={t("round_field_what_i_did")} name="whatIDid" maxLength={ROUND_LIMITS.whatIDid} error={data?.fieldErrors?.whatIDid} />
        <SelectField
          label={t("round_field_mode")}
          name="mode"
          options={ROUND_MODES.map((m) => [m, t(`round_mode_${m}`)] as const)}
          error={data?.fieldErrors?.mode}
        />
        <Field
          label={t("round_field_days")}
          name="days"
          type="number"
          inputMode="numeric"
          min={ASYNC_DAYS.min}
          max={ASYNC_DAYS.max}
          defaultValue={ASYNC_DAYS.default}
          error={data?.fieldErrors?.days}
        />
        <FormMessage data={data} />
        <Submit>{t("round_start_now")}</Submit>
      </SafeForm>
    </section>
  );
}

export { GroupErrorBoundary as ErrorBoundary };

import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import {
  CASE_CRITERIA,
  PickCaseInput,
  PREP_LIMITS,
  ProposalTargetInput,
  ProposeCaseInput,
  UpdateProposalInput,
  VoteCaseInput,
} from "../../models/prep/prep.inputs";
import { GroupErrorBoundary } from "../components/errors";
import { FormMessage, SafeForm, SelectField, Submit, TextAreaField, type IntentResult } from "../components/form";
import { useFormatDate, When } from "../i18n/use-dates";
import { useT } from "../i18n/use-t";
import { formAction, readForm, readIntent, runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

// Preparing a round (issue 13 item 2, decision 033): propose a case against its criteria, raise a
// hand for one, and (the coach or the chair) confirm the checklist, pick it and plan it.

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  return runService(request, () => context.services.prep.listPreparation(ctx, { groupId: params.groupId ?? "" }), params.groupId);
}

const INTENTS = ["propose", "update", "withdraw", "vote", "pick", "start"] as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const intent = await readIntent(request, INTENTS);
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const g = { groupId: params.groupId };
    const run = <T,>(fn: () => Promise<T>) => runService(request, fn, params.groupId);
    const prep = context.services.prep;
    switch (intent) {
      case "propose": {
        const input = await readForm(request, context, ProposeCaseInput, g);
        await run(() => prep.proposeCase(ctx, input));
        break;
      }
      case "update": {
        const input = await readForm(request, context, UpdateProposalInput, g);
        await run(() => prep.updateProposal(ctx, input));
        break;
      }
      case "withdraw": {
        const input = await readForm(request, context, ProposalTargetInput, g);
        await run(() => prep.withdrawProposal(ctx, input));
        break;
      }
      case "vote": {
        const input = await readForm(request, context, VoteCaseInput, g);
        await run(() => prep.voteCase(ctx, input));
        break;
      }
      case "pick": {
        const input = await readForm(request, context, PickCaseInput, g);
        const start = await run(() => prep.pickCase(ctx, input));
        if (start.meetingId) return json({ ok: true as const, intent });
        // Now: the round starts at once and the chair goes to it.
        const round = await run(() => prep.startPickedRound(ctx, { groupId: params.groupId, proposalId: input.proposalId }));
        return redirect(`/groups/${params.groupId}/rounds/${round.id}`);
      }
      case "start": {
        const input = await readForm(request, context, ProposalTargetInput, g);
        const round = await run(() => prep.startPickedRound(ctx, input));
        return redirect(`/groups/${params.groupId}/rounds/${round.id}`);
      }
    }
    return json({ ok: true as const, intent });
  }, intent);
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Proposal = Data["open"][number];
type ActionData = IntentResult;

function Criteria() {
  const t = useT();
  return (
    <ul className="criteria">
      {CASE_CRITERIA.map((c) => (
        <li key={c}>
          <strong>{t(`prep_criterion_${c}`)}</strong>: {t(`prep_criterion_${c}_help`)}
        </li>
      ))}
    </ul>
  );
}

function ProposalFields({ p, errors, reveals }: { p?: Proposal; errors?: Record<string, string>; reveals: boolean }) {
  const t = useT();
  return (
    <>
      <TextAreaField
        label={t("prep_question")}
        name="question"
        required
        maxLength={PREP_LIMITS.question}
        rows={3}
        defaultValue={p?.question}
        error={errors?.question}
        help={t("prep_question_help")}
      />
      <TextAreaField
        label={t("prep_context")}
        name="context"
        maxLength={PREP_LIMITS.context}
        rows={4}
        defaultValue={p?.context}
        error={errors?.context}
      />
      {reveals ? (
        <TextAreaField
          label={t("prep_what_i_did")}
          name="whatIDid"
          maxLength={PREP_LIMITS.hidden}
          rows={3}
          defaultValue={p?.whatIDid ?? ""}
          error={errors?.whatIDid}
          help={t("prep_what_i_did_help")}
        />
      ) : null}
    </>
  );
}

function ProposalCard({ p, data, result }: { p: Proposal; data: Data; result: ActionData }) {
  const t = useT();
  const formatDate = useFormatDate();
  const mineVote = data.myVote === p.id;
  const errorsFor = (intent: string) => (result?.intent === intent ? result.fieldErrors : undefined);
  return (
    <li className="card proposal">
      <h4 className="break">{p.question}</h4>
      <p className="muted">
        {t("prep_by", { name: p.authorName })} · {p.protocolName[t.locale]} · <When iso={p.createdAt} kind="day" />
      </p>
      {p.context ? <p className="break">{p.context}</p> : null}
      {p.mine && p.whatIDid ? (
        <div className="notice">
          <p>
            <strong>{t("prep_what_i_did")}</strong> ({t("prep_only_you")})
          </p>
          <p className="break">{p.whatIDid}</p>
        </div>
      ) : null}
      <p>
        {t("prep_hands", { n: p.voters.length })}
        {p.voters.length ? `: ${p.voters.join(", ")}` : ""}
      </p>
      {data.canPropose ? (
        <SafeForm className="inline">
          <input type="hidden" name="intent" value="vote" />
          <input type="hidden" name="proposalId" value={mineVote ? "" : p.id} />
          <Submit className={mineVote ? "secondary" : undefined}>
            {mineVote ? t("prep_lower_hand") : t("prep_raise_hand")}
            <span className="sr-only">: {p.question}</span>
          </Submit>
        </SafeForm>
      ) : null}
      {p.mine ? (
        <details>
          <summary>{t("prep_change")}</summary>
          <SafeForm>
            <input type="hidden" name="intent" value="update" />
            <input type="hidden" name="proposalId" value={p.id} />
            <ProposalFields p={p} errors={errorsFor("update")} reveals={p.hasRevealPhase} />
            <div className="row">
              <Submit>{t("common.save")}</Submit>
            </div>
          </SafeForm>
          <SafeForm>
            <input type="hidden" name="intent" value="withdraw" />
            <input type="hidden" name="proposalId" value={p.id} />
            <Submit className="secondary">{t("prep_withdraw")}</Submit>
          </SafeForm>
        </details>
      ) : null}
      {data.canPick ? (
        <details open={result?.intent === "pick" && !result.ok ? true : undefined}>
          <summary>{t("prep_pick")}</summary>
          <SafeForm>
            <input type="hidden" name="intent" value="pick" />
            <input type="hidden" name="proposalId" value={p.id} />
            <fieldset className="checks">
              <legend>{t("prep_checklist")}</legend>
              {CASE_CRITERIA.map((c) => (
                <label key={c} className="choice">
                  <input type="checkbox" name={c} required /> {t(`prep_criterion_${c}`)}
                </label>
              ))}
              {CASE_CRITERIA.some((c) => errorsFor("pick")?.[c]) ? (
                <p className="field-error" role="alert">
                  {t.fieldError("prep_criterion_unconfirmed")}
                </p>
              ) : null}
            </fieldset>
            <SelectField
              label={t("prep_when")}
              name="when"
              options={[
                ["now", t("prep_when_now")] as const,
                ...data.meetings.map(
                  (m) =>
                    [m.id, `${m.title || t(`meetings.kind.${m.kind as "contact_day"}`)}, ${formatDate(m.startsAt, "moment")}`] as const,
                ),
              ]}
              error={errorsFor("pick")?.when}
            />
            <Submit>{t("prep_pick_submit")}</Submit>
          </SafeForm>
        </details>
      ) : null}
    </li>
  );
}

export default function Prepare() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData;
  const proposeErrors = result?.intent === "propose" ? result.fieldErrors : undefined;
  const reveals = data.protocols.some((p) => p.reveals);
  return (
    <section className="prepare">
      <h2>{t("prep_title")}</h2>
      <p>{t("prep_intro")}</p>
      <FormMessage data={result} />
      {result?.ok && result.intent ? <p role="status">{t(`prep_done_${result.intent as "propose"}`)}</p> : null}
      {data.canPropose ? (
        <details className="card" open={!!proposeErrors || data.open.length === 0}>
          <summary>{t("prep_propose")}</summary>
          <p>{t("prep_criteria_intro")}</p>
          <Criteria />
          <SafeForm>
            <input type="hidden" name="intent" value="propose" />
            <SelectField
              label={t("prep_protocol")}
              name="protocolId"
              options={data.protocols.map((p) => [p.id, p.name[t.locale]] as const)}
              error={proposeErrors?.protocolId}
            />
            <ProposalFields errors={proposeErrors} reveals={reveals} />
            <Submit>{t("prep_propose_submit")}</Submit>
          </SafeForm>
        </details>
      ) : null}
      <h3>{t("prep_open")}</h3>
      {data.open.length ? (
        <ol className="list">
          {data.open.map((p) => (
            <ProposalCard key={p.id} p={p} data={data} result={result} />
          ))}
        </ol>
      ) : (
        <p className="muted">{t("prep_open_empty")}</p>
      )}
      <h3>{t("prep_picked")}</h3>
      {data.picked.length ? (
        <ol className="list">
          {data.picked.map((p) => (
            <li key={p.id} className="card">
              <h4 className="break">{p.question}</h4>
              <p className="muted">
                {t("prep_inbrenger", { name: p.authorName })} · {p.protocolName[t.locale]}
              </p>
              <p>
                {p.meeting ? (
                  <>
                    {t("prep_planned_for", { title: p.meeting.title || t(`meetings.kind.${p.meeting.kind as "contact_day"}`) })}{" "}
                    <When iso={p.meeting.startsAt} kind="day" />
                  </>
                ) : (
                  t("prep_ready_now")
                )}
              </p>
              {p.roundId ? (
                <p>
                  <Link to={`../rounds/${p.roundId}`} relative="path">
                    {t("prep_to_round")}
                  </Link>
                </p>
              ) : data.canPick ? (
                <SafeForm>
                  <input type="hidden" name="intent" value="start" />
                  <input type="hidden" name="proposalId" value={p.id} />
                  <Submit>{t("prep_start_round")}</Submit>
                </SafeForm>
              ) : null}
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">{t("prep_picked_empty")}</p>
      )}
      <p>
        <Link to="../protocols" relative="path">
          {t("prep_protocols_link")}
        </Link>
      </p>
    </section>
  );
}

export const ErrorBoundary = GroupErrorBoundary;

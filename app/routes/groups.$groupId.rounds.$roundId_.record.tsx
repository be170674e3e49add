import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import {
  CHECK_LINE_MAX,
  ClosingCheckInput,
  RECORD_CHOICES,
  RecordDecisionInput,
  RoundRecordRef,
} from "../../models/intervision/round-record.inputs";
import { GroupErrorBoundary } from "../components/errors";
import { Field, FormMessage, SafeForm, SelectField, Submit, type IntentResult } from "../components/form";
import { useT } from "../i18n/use-t";
import { formAction, readForm, readIntent, retryAfterHeaders, runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

// A round's record (issue 13 item 6, docs/decisions/044-round-record.md): the scribe's notes and the
// summary (documents of the group), the closing check, and the inbrenger's decision on what stays.

export const headers = retryAfterHeaders;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  const ref = { groupId: params.groupId ?? "", roundId: params.roundId ?? "" };
  return runService(request, () => context.services.roundRecord.getRoundRecord(ctx, ref), params.groupId);
}

const INTENTS = ["notes", "check", "decide"] as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const intent = await readIntent(request, INTENTS);
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const groupId = params.groupId ?? "";
    const ref = { groupId, roundId: params.roundId ?? "" };
    const run = <T,>(fn: () => Promise<T>) => runService(request, fn, groupId);
    const s = context.services.roundRecord;
    // Someone else's (or no) round is a 404 before the form is read, as on every other door.
    await run(() => s.getRoundRecord(ctx, ref));
    switch (intent) {
      case "notes": {
        const { docId } = await run(async () => s.openRoundNotes(ctx, await readForm(request, context, RoundRecordRef, ref)));
        return redirect(`/groups/${groupId}/docs/${docId}`);
      }
      case "check":
        await run(async () => s.submitClosingCheck(ctx, await readForm(request, context, ClosingCheckInput, ref)));
        break;
      case "decide":
        await run(async () => s.decideRecord(ctx, await readForm(request, context, RecordDecisionInput, ref)));
        break;
    }
    return json({ ok: true as const, intent });
  }, intent);
}

type ActionData = IntentResult;
const SCORES = ["1", "2", "3", "4", "5"] as const;

export default function RoundRecordPage() {
  const t = useT();
  const r = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>() as ActionData;
  const errors = done?.ok === false ? done.fieldErrors : undefined;
  const base = `/groups/${r.groupId}`;
  const scores = SCORES.map((n) => [n, n] as const);
  return (
    <section aria-labelledby="record-title" className="round-record">
      <h2 id="record-title">{t("round_record_title")}</h2>
      <p>
        <Link to={`${base}/rounds/${r.roundId}`}>{t("round_record_back")}</Link>
      </p>
      <FormMessage data={done} />
      {r.decision ? <p className="status">{t(`round_decided_${r.decision}`)}</p> : null}

      <section className="card" aria-labelledby="record-docs">
        <h3 id="record-docs">{t("round_record_notes")}</h3>
        {r.notesDocId ? (
          <Link to={`${base}/docs/${r.notesDocId}`}>{t("round_record_open_notes")}</Link>
        ) : r.canOpenNotes ? (
          <SafeForm>
            <input type="hidden" name="intent" value="notes" />
            <Submit>{t("round_record_open_notes")}</Submit>
          </SafeForm>
        ) : null}
        <p>
          {r.summaryDocId ? (
            <Link to={`${base}/docs/${r.summaryDocId}`}>{t("round_record_summary")}</Link>
          ) : (
            <span className="muted">{t("round_record_summary_none")}</span>
          )}
        </p>
      </section>

      {r.status === "finished" ? (
        <section className="card" aria-labelledby="record-check">
          <h3 id="record-check">{t("round_check_title")}</h3>
          <p>{t("round_check_count", { n: r.checks.count })}</p>
          <p className="muted">
            {r.checks.safety !== null
              ? t("round_check_averages", { safety: r.checks.safety, usefulness: r.checks.usefulness ?? 0 })
              : t("round_check_averages_later")}
          </p>
          {r.checks.mine ? (
            <p className="status">{t("round_check_thanks")}</p>
          ) : r.isParticipant ? (
            <SafeForm>
              <input type="hidden" name="intent" value="check" />
              <SelectField label={t("round_check_safety")} name="safety" options={scores} defaultValue="4" error={errors?.safety} />
              <SelectField
                label={t("round_check_usefulness")}
                name="usefulness"
                options={scores}
                defaultValue="4"
                error={errors?.usefulness}
              />
              <Field label={t("round_check_line")} name="line" maxLength={CHECK_LINE_MAX} error={errors?.line} />
              <Submit>{t("round_check_send")}</Submit>
            </SafeForm>
          ) : null}
        </section>
      ) : null}

      {r.status === "finished" && r.isInbrenger && !r.decision ? (
        <section className="card" aria-labelledby="record-decide">
          <h3 id="record-decide">{t("round_decide_title")}</h3>
          <p className="muted">{t("round_decide_help")}</p>
          <SafeForm>
            <input type="hidden" name="intent" value="decide" />
            <fieldset>
              <legend className="sr-only">{t("round_decide_title")}</legend>
              {RECORD_CHOICES.map((c) => (
                <div className="field checkbox" key={c}>
                  <label>
                    <input type="radio" name="choice" value={c} defaultChecked={c === "keep"} /> {t(`round_decide_${c}`)}
                  </label>
                </div>
              ))}
            </fieldset>
            <Submit>{t("round_decide_send")}</Submit>
          </SafeForm>
        </section>
      ) : null}
    </section>
  );
}

export const ErrorBoundary = GroupErrorBoundary;

import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import {
  ACTION_MAX,
  EVIDENCE_MAX,
  FEEDBACK_MAX,
  MAX_QUESTIONS,
  NOTE_MAX,
  QUESTION_MAX,
  RATINGS,
  URL_MAX,
} from "../../models/plan/plan.constants";
import {
  ActionDoneInput,
  AddActionInput,
  AddEvidenceInput,
  AddQuestionInput,
  CheckInInput,
  CheckInTargetInput,
  CommitmentDoneInput,
  EditQuestionInput,
  FeedbackInput,
  QuestionTargetInput,
  ShareQuestionInput,
} from "../../models/plan/plan.inputs";
import type { LeaderPlanDTO, PlanPageDTO, QuestionDTO } from "../../models/plan/plan.service";
import { GroupErrorBoundary } from "../components/errors";
import { Field, FormMessage, SafeForm, SelectField, Submit, Hidden, TextAreaField, type IntentResult, errorsOf } from "../components/form";
import { When } from "../i18n/use-dates";
import { useT } from "../i18n/use-t";
import { formAction, readForm, readIntent, runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

// The action plan (issue 14 item 5, docs/decisions/037): a leader's learning questions with actions,
// evidence and check-ins; the coach sees every leader's plan, the peers what a leader shared.

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  return runService(request, () => context.services.plan.getPlan(ctx, { groupId: params.groupId ?? "" }), params.groupId);
}

const INTENTS = [
  "addQuestion",
  "editQuestion",
  "removeQuestion",
  "share",
  "addAction",
  "actionDone",
  "addEvidence",
  "checkIn",
  "askFeedback",
  "feedback",
  "commitmentDone",
] as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const intent = await readIntent(request, INTENTS);
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const g = { groupId: params.groupId };
    const plan = context.services.plan;
    const run = async <S extends Parameters<typeof readForm>[2]>(schema: S, fn: (input: unknown) => Promise<unknown>) => {
      const input = await readForm(request, context, schema, g);
      await runService(request, () => fn(input), params.groupId);
    };
    switch (intent) {
      case "addQuestion":
        await run(AddQuestionInput, (i) => plan.addQuestion(ctx, i));
        break;
      case "editQuestion":
        await run(EditQuestionInput, (i) => plan.editQuestion(ctx, i));
        break;
      case "removeQuestion":
        await run(QuestionTargetInput, (i) => plan.removeQuestion(ctx, i));
        break;
      case "share":
        await run(ShareQuestionInput, (i) => plan.shareQuestion(ctx, i));
        break;
      case "addAction":
        await run(AddActionInput, (i) => plan.addAction(ctx, i));
        break;
      case "actionDone":
        await run(ActionDoneInput, (i) => plan.setActionDone(ctx, i));
        break;
      case "addEvidence":
        await run(AddEvidenceInput, (i) => plan.addEvidence(ctx, i));
        break;
      case "checkIn":
        await run(CheckInInput, (i) => plan.addCheckIn(ctx, i));
        break;
      case "askFeedback":
        await run(CheckInTargetInput, (i) => plan.requestFeedback(ctx, i));
        break;
      case "feedback":
        await run(FeedbackInput, (i) => plan.giveFeedback(ctx, i));
        break;
      case "commitmentDone":
        await run(CommitmentDoneInput, (i) => plan.setCommitmentDone(ctx, i));
        break;
    }
    return json({ ok: true as const, intent });
  }, intent);
}

type ActionData = IntentResult;

/** The field errors of the failed form `intent` (each form names its intent; the page has many). */

type Bsa = PlanPageDTO["bsa"];

/** The learning question's BSA section: a select of the BSA's sections with their scores (lowest
 *  first), plus "none"; a section the question already names stays on offer. */
function BsaSelect({ bsa, current, error }: { bsa: Bsa; current: QuestionDTO["bsaSection"]; error?: string }) {
  const t = useT();
  const score = (mean: number) => mean.toLocaleString(t.locale === "nl" ? "nl-BE" : "en-GB", { maximumFractionDigits: 1 });
  const options: [string, string][] = [["", t("plan_bsa_none")]];
  for (const s of bsa?.sections ?? [])
    options.push([
      s.id,
      s.mean === null
        ? t("plan_bsa_option_open", { section: s.title[t.locale] })
        : t("plan_bsa_option", { section: s.title[t.locale], score: score(s.mean) }),
    ]);
  if (current && !options.some(([id]) => id === current.id)) options.push([current.id, current.title[t.locale]]);
  if (options.length === 1) return null;
  return (
    <SelectField
      label={t("plan_question_bsa")}
      name="bsaSectionId"
      defaultValue={current?.id ?? ""}
      options={options}
      help={bsa ? t("plan_bsa_help") : undefined}
      error={error}
    />
  );
}

/** What the leader's BSA said about their learning needs, beside the form as a reminder; or, without a
 *  submitted BSA, where to make one. */
function BsaReminder({ bsa }: { bsa: Bsa }) {
  const t = useT();
  if (!bsa)
    return (
      <p className="muted">
        {t("plan_bsa_missing")} <Link to="/analysis">{t("plan_bsa_missing_link")}</Link>.
      </p>
    );
  if (!bsa.needs.length) return null;
  return (
    <aside className="card" aria-labelledby="plan-needs">
      <h4 id="plan-needs">{t("plan_needs_title")}</h4>
      <dl>
        {bsa.needs.map((n) => (
          <div key={n.itemId}>
            <dt>{n.prompt[t.locale]}</dt>
            <dd>{n.answer[t.locale]}</dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}

function CheckIns({ q, plan, canWrite, result }: { q: QuestionDTO; plan: LeaderPlanDTO; canWrite: boolean; result: ActionData }) {
  const t = useT();
  if (!q.checkIns.length) return <p className="muted">{t("plan_checkins_empty")}</p>;
  return (
    <ol className="list">
      {q.checkIns.map((c) => (
        <li key={c.id} className="checkin">
          <p>
            <strong>{t("plan_rating_of", { n: c.rating })}</strong> · <When iso={c.createdAt} kind="day" />
          </p>
          {c.note ? <p>{c.note}</p> : null}
          {c.feedback.length ? (
            <ul className="list feedback" aria-label={t("plan_feedback_title")}>
              {c.feedback.map((f) => (
                <li key={f.id}>
                  <strong>{f.authorName}</strong>: {f.text}
                </li>
              ))}
            </ul>
          ) : null}
          {plan.viewer === "owner" && canWrite && q.shared && !c.feedbackRequested ? (
            <SafeForm className="inline">
              <Hidden fields={{ intent: "askFeedback", checkInId: c.id }} />
              <Submit className="secondary">{t("plan_feedback_ask")}</Submit>
            </SafeForm>
          ) : null}
          {c.feedbackRequested ? <p className="muted">{t("plan_feedback_asked")}</p> : null}
          {plan.viewer !== "owner" && canWrite && c.feedbackRequested ? (
            <SafeForm>
              <Hidden fields={{ intent: "feedback", checkInId: c.id }} />
              <TextAreaField
                rows={3}
                label={t("plan_feedback_give", { name: plan.name })}
                name="text"
                required
                maxLength={FEEDBACK_MAX}
                error={errorsOf(result, "feedback")?.text}
              />
              <Submit>{t("plan_feedback_send")}</Submit>
            </SafeForm>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function Question({
  q,
  plan,
  canWrite,
  result,
  bsa,
}: {
  q: QuestionDTO;
  plan: LeaderPlanDTO;
  canWrite: boolean;
  result: ActionData;
  bsa: Bsa;
}) {
  const t = useT();
  const own = plan.viewer === "owner" && canWrite;
  const qid = { questionId: q.id };
  return (
    <article className="card question" aria-labelledby={`q-${q.slot}-${plan.userId}`}>
      <h4 id={`q-${q.slot}-${plan.userId}`}>{q.text}</h4>
      <p className="muted">
        {q.shared ? t("plan_shared_yes") : t("plan_shared_no")}
        {q.bsaSection ? ` · ${t("plan_from_bsa", { section: q.bsaSection.title[t.locale] })}` : ""}
      </p>
      {own ? (
        <SafeForm className="inline">
          <Hidden fields={{ intent: "share", ...qid, shared: q.shared ? "false" : "true" }} />
          <Submit className="secondary">{q.shared ? t("plan_share_stop") : t("plan_share")}</Submit>
        </SafeForm>
      ) : null}

      <h5>{t("plan_actions_title")}</h5>
      {q.actions.length ? (
        <ul className="list">
          {q.actions.map((a) => (
            <li key={a.id}>
              {a.done ? <s>{a.text}</s> : a.text}
              {a.date ? (
                <>
                  {" · "}
                  <When iso={`${a.date}T12:00:00Z`} kind="day" />
                </>
              ) : null}
              {a.done ? <span className="badge">{t("plan_done")}</span> : null}
              {own ? (
                <SafeForm className="inline">
                  <Hidden fields={{ intent: "actionDone", ...qid, actionId: a.id, done: a.done ? "false" : "true" }} />
                  <Submit className="secondary">{a.done ? t("plan_mark_open") : t("plan_mark_done")}</Submit>
                </SafeForm>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("plan_actions_empty")}</p>
      )}
      {own ? (
        <details>
          <summary>{t("plan_action_add")}</summary>
          <SafeForm>
            <Hidden fields={{ intent: "addAction", ...qid }} />
            <Field label={t("plan_action_text")} name="text" required maxLength={ACTION_MAX} error={errorsOf(result, "addAction")?.text} />
            <Field label={t("plan_action_date")} name="date" type="date" error={errorsOf(result, "addAction")?.date} />
            <Submit>{t("plan_action_add")}</Submit>
          </SafeForm>
        </details>
      ) : null}

      <h5>{t("plan_evidence_title")}</h5>
      {q.evidence.length ? (
        <ul className="list">
          {q.evidence.map((e) => (
            <li key={e.id}>
              {e.text}
              {e.url ? (
                <>
                  {e.text ? " · " : ""}
                  <a href={e.url} rel="noreferrer noopener" target="_blank">
                    {e.url}
                  </a>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("plan_evidence_empty")}</p>
      )}
      {own ? (
        <details>
          <summary>{t("plan_evidence_add")}</summary>
          <SafeForm>
            <Hidden fields={{ intent: "addEvidence", ...qid }} />
            <Field label={t("plan_evidence_text")} name="text" maxLength={EVIDENCE_MAX} error={errorsOf(result, "addEvidence")?.text} />
            <Field
              label={t("plan_evidence_url")}
              name="url"
              type="url"
              placeholder="https://"
              maxLength={URL_MAX}
              error={errorsOf(result, "addEvidence")?.url}
            />
            <Submit>{t("plan_evidence_add")}</Submit>
          </SafeForm>
        </details>
      ) : null}

      <h5>{t("plan_checkins_title")}</h5>
      <CheckIns q={q} plan={plan} canWrite={canWrite} result={result} />
      {own ? (
        <details open={!!errorsOf(result, "checkIn")}>
          <summary>{t("plan_checkin_add")}</summary>
          <SafeForm>
            <Hidden fields={{ intent: "checkIn", ...qid }} />
            <SelectField
              label={t("plan_checkin_rating")}
              name="rating"
              defaultValue="3"
              options={RATINGS.map((r) => [String(r), t(`plan_rating_${r}`)] as const)}
              error={errorsOf(result, "checkIn")?.rating}
            />
            <TextAreaField
              rows={3}
              label={t("plan_checkin_note")}
              name="note"
              maxLength={NOTE_MAX}
              error={errorsOf(result, "checkIn")?.note}
            />
            {q.shared ? (
              <div className="field checkbox">
                <label>
                  <input type="checkbox" name="askFeedback" value="true" /> {t("plan_checkin_ask")}
                </label>
              </div>
            ) : null}
            <Submit>{t("plan_checkin_save")}</Submit>
          </SafeForm>
        </details>
      ) : null}

      {own ? (
        <details>
          <summary>{t("plan_question_edit")}</summary>
          <SafeForm>
            <Hidden fields={{ intent: "editQuestion", ...qid }} />
            <TextAreaField
              rows={3}
              label={t("plan_question_text")}
              name="text"
              required
              maxLength={QUESTION_MAX}
              defaultValue={q.text}
              error={errorsOf(result, "editQuestion")?.text}
            />
            <BsaSelect bsa={bsa} current={q.bsaSection} error={errorsOf(result, "editQuestion")?.bsaSectionId} />
            <Submit>{t("common.save")}</Submit>
          </SafeForm>
          <SafeForm className="inline">
            <Hidden fields={{ intent: "removeQuestion", ...qid }} />
            <Submit className="secondary">{t("plan_question_remove")}</Submit>
          </SafeForm>
        </details>
      ) : null}
    </article>
  );
}

function Plan({
  plan,
  canWrite,
  result,
  heading,
  bsa = null,
}: {
  plan: LeaderPlanDTO;
  canWrite: boolean;
  result: ActionData;
  heading: string;
  bsa?: Bsa;
}) {
  const t = useT();
  const own = plan.viewer === "owner" && canWrite;
  return (
    <section className="plan" aria-label={heading}>
      {plan.questions.map((q) => (
        <Question key={q.id} q={q} plan={plan} canWrite={canWrite} result={result} bsa={bsa} />
      ))}
      {plan.viewer !== "peer" ? (
        <>
          <h4>{t("plan_commitments_title")}</h4>
          {plan.commitments.length ? (
            <ul className="list">
              {plan.commitments.map((c) => (
                <li key={c.id}>
                  {c.done ? <s>{c.text}</s> : c.text}
                  {c.due ? (
                    <>
                      {" · "}
                      {t("plan_due")} <When iso={c.due} kind="day" />
                    </>
                  ) : null}
                  <span className="badge">{c.done ? t("plan_done") : t("plan_not_done")}</span>
                  {own ? (
                    <SafeForm className="inline">
                      <Hidden fields={{ intent: "commitmentDone", commitmentId: c.id, done: c.done ? "false" : "true" }} />
                      <Submit className="secondary">{c.done ? t("plan_mark_open") : t("plan_mark_done")}</Submit>
                    </SafeForm>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t("plan_commitments_empty")}</p>
          )}
        </>
      ) : null}
    </section>
  );
}

export default function PlanPage() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData;
  const mine = data.mine;
  const addErrors = errorsOf(result, "addQuestion");
  return (
    <section className="action-plan">
      <h2>{data.isCoach ? t("plan_title_coach") : t("plan_title")}</h2>
      <FormMessage data={result} />
      {result?.ok && result.intent ? <p role="status">{t("plan_saved")}</p> : null}
      {mine ? (
        <>
          <p>{t("plan_intro")}</p>
          <p className="muted">{t("plan_count", { n: mine.questions.length })}</p>
          <Plan plan={mine} canWrite={data.canWrite} result={result} heading={t("plan_title")} bsa={data.bsa} />
          {data.canWrite && mine.questions.length < MAX_QUESTIONS ? (
            <details className="card" open={!!addErrors || mine.questions.length === 0}>
              <summary>{t("plan_question_add")}</summary>
              <SafeForm>
                <input type="hidden" name="intent" value="addQuestion" />
                <TextAreaField
                  rows={3}
                  label={t("plan_question_text")}
                  name="text"
                  required
                  maxLength={QUESTION_MAX}
                  error={addErrors?.text}
                />
                <BsaSelect bsa={data.bsa} current={null} error={addErrors?.bsaSectionId} />
                <Submit>{t("plan_question_add")}</Submit>
              </SafeForm>
              <BsaReminder bsa={data.bsa} />
            </details>
          ) : null}
          <h3>{t("plan_coach_notes_title")}</h3>
          {data.coachNotes.length ? (
            <ul className="list">
              {data.coachNotes.map((n) => (
                <li key={n.id}>
                  <p>{n.text}</p>
                  <p className="muted">
                    {n.authorName} · <When iso={n.createdAt} kind="day" />
                  </p>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t("plan_coach_notes_empty")}</p>
          )}
        </>
      ) : null}
      <h3>{data.isCoach ? t("plan_others_coach") : t("plan_others_peer")}</h3>
      {data.others.length ? (
        data.others.map((p) => (
          <section key={p.userId} aria-labelledby={`plan-${p.userId}`}>
            <h3 id={`plan-${p.userId}`}>{p.name}</h3>
            {p.questions.length ? null : <p className="muted">{t("plan_none_yet")}</p>}
            <Plan plan={p} canWrite={data.canWrite} result={result} heading={p.name} />
          </section>
        ))
      ) : (
        <p className="muted">{data.isCoach ? t("plan_others_coach_empty") : t("plan_others_peer_empty")}</p>
      )}
    </section>
  );
}

export const ErrorBoundary = GroupErrorBoundary;

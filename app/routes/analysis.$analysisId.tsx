import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useFetcher, useFetchers, useLoaderData } from "@remix-run/react";
import { type FormEvent, useCallback, useEffect, useRef } from "react";
import type { AnalysisPageDTO, AnswerDTO } from "../../models/analysis/analysis.service";
import {
  AnalysisTargetInput,
  InviteRatersInput,
  type QuestionnaireItem,
  type QuestionnaireSection,
  SaveAnswersInput,
  ShareAnalysisInput,
  StartAnalysisInput,
} from "../../models/analysis/questionnaire.inputs";
import { ItemTable, RadarChart } from "../components/analysis/radar-chart";
import { FormMessage, SafeForm, SelectField, Submit } from "../components/form";
import { useRootData, useT } from "../i18n/use-t";
import { formAction, readForm, readIntent, retryAfterHeaders, runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

// One baseline or end analysis (issue 14 items 3 and 4, docs/decisions/036): its leader fills it in
// section by section (each answer saved as it changes when scripts run; each section's Save button
// without them), submits once, compares BSA, ESA and the 360-degree means, shares it with their
// coach, and invites raters. A coach it is shared with reads it. Anyone else: 404.

export const meta: MetaFunction = () => [{ title: "Leerkring" }];
export const headers = retryAfterHeaders;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  return runService(request, () => context.services.analysis.getAnalysis(ctx, { analysisId: params.analysisId ?? "" }));
}

const INTENTS = ["save", "submit", "share", "invite", "startEsa"] as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const intent = await readIntent(request, INTENTS);
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const analysisId = params.analysisId ?? "";
    const a = context.services.analysis;
    const target = { analysisId };
    switch (intent) {
      case "save": {
        const input = await readForm(request, context, SaveAnswersInput);
        const { saved } = await runService(request, () => a.saveAnswers(ctx, analysisId, input));
        return json({ ok: true as const, intent, saved, invited: 0, already: 0 });
      }
      case "submit": {
        await readForm(request, context, AnalysisTargetInput, target);
        await runService(request, () => a.submitAnalysis(ctx, target));
        break;
      }
      case "share": {
        const input = await readForm(request, context, ShareAnalysisInput, target);
        await runService(request, () => a.shareAnalysis(ctx, input));
        break;
      }
      case "invite": {
        const input = await readForm(request, context, InviteRatersInput, target);
        const r = await runService(request, () => context.services.feedback360.inviteRaters(ctx, input));
        return json({ ok: true as const, intent, saved: 0, ...r });
      }
      case "startEsa": {
        const page = await runService(request, () => a.getAnalysis(ctx, target));
        const input = await readForm(request, context, StartAnalysisInput, { trajectoryId: page.trajectoryId, kind: "esa" });
        const { id } = await runService(request, () => a.startAnalysis(ctx, input));
        return redirect(`/analysis/${id}`);
      }
    }
    return json({ ok: true as const, intent, saved: 0, invited: 0, already: 0 });
  }, intent);
}

type ActionData =
  | {
      ok?: boolean;
      intent?: string;
      message?: string;
      fieldErrors?: Record<string, string>;
      invited?: number;
      already?: number;
    }
  | undefined;

export default function AnalysisPage() {
  const t = useT();
  const data = useLoaderData<typeof loader>() as AnalysisPageDTO;
  const result = useActionData<typeof action>() as ActionData;
  const kind = t(`analysis_kind.${data.kind}`);
  const draft = data.status === "draft";
  return (
    <>
      <p>
        <Link to="/analysis">← {t("analysis_page.back")}</Link>
      </p>
      <h1>
        {kind}
        <span className="muted"> · {data.trajectoryName}</span>
      </h1>
      {!data.isOwner ? <p className="notice">{t("analysis_page.coachView", { name: data.leaderName })}</p> : null}
      {result?.intent === "submit" && result.ok ? (
        <p className="notice" role="status">
          {t("analysis_page.submitted")}
        </p>
      ) : null}
      {data.comparison ? (
        <section aria-labelledby="results-h">
          <h2 id="results-h">{t("analysis_chart.title")}</h2>
          <RadarChart comparison={data.comparison} idBase="radar" />
          <ItemTable comparison={data.comparison} />
        </section>
      ) : null}
      {draft && data.isOwner ? <FillIn data={data} result={result} /> : <Answers data={data} />}
      {data.isOwner ? <SharePanel data={data} /> : null}
      <FeedbackPanel data={data} result={result} />
      <Counterpart data={data} result={result} />
    </>
  );
}

function FillIn({ data, result }: { data: AnalysisPageDTO; result: ActionData }) {
  const t = useT();
  const q = data.questionnaire;
  const submitFailed = result?.intent === "submit" && result.ok === false;
  // Submitting waits for the sections' saves under way (a page post would cut them short).
  const saving = useFetchers().some((f) => f.state !== "idle");
  return (
    <>
      <p>{q.intro[t.locale]}</p>
      <p className="status" data-testid="analysis-progress">
        {t("analysis_page.progress", { n: data.answeredScale, total: data.totalScale })}
      </p>
      {result?.intent === "save" && result.ok ? (
        <p className="notice" role="status">
          {t("analysis_page.saved")}
        </p>
      ) : null}
      {result?.intent === "save" ? <FormMessage data={result} /> : null}
      {q.sections.map((s) => (
        <SectionForm key={s.id} section={s} data={data} errors={result?.intent === "save" ? result.fieldErrors : undefined} />
      ))}
      <SafeForm className="card" aria-labelledby="submit-h">
        <h2 id="submit-h">{t("analysis_page.submit")}</h2>
        <p>{t("analysis_page.submitHelp")}</p>
        {submitFailed ? <FormMessage data={result} /> : null}
        <input type="hidden" name="intent" value="submit" />
        {saving ? (
          <button type="submit" disabled aria-busy>
            {t("analysis_page.submit")}
          </button>
        ) : (
          <Submit>{t("analysis_page.submit")}</Submit>
        )}
      </SafeForm>
    </>
  );
}

/** One section as its own form: its Save button stores the section; with scripts the section is
 *  stored as an answer changes. */
function SectionForm({ section, data, errors }: { section: QuestionnaireSection; data: AnalysisPageDTO; errors?: Record<string, string> }) {
  const t = useT();
  const { csrf } = useRootData();
  const fetcher = useFetcher<ActionData>();
  // One save in flight at a time, each carrying the whole section as it stands now: a change made
  // while a save is under way is sent right after it (never aborting it, which could lose it).
  // "In flight" is kept in a ref, set when the save is sent and cleared when its answer has arrived:
  // the rendered fetcher.state lags behind (the router renders its states in a transition), so a
  // quick second change could see "idle" while the first save is still under way, and submitting
  // again would abort it.
  const form = useRef<HTMLFormElement | null>(null);
  const dirty = useRef(false);
  const inFlight = useRef(false);
  const answerBefore = useRef<unknown>(undefined);
  const save = useCallback(() => {
    if (!form.current) return;
    dirty.current = false;
    inFlight.current = true;
    answerBefore.current = fetcher.data;
    const all = new FormData(form.current);
    all.set("_csrf", csrf);
    all.set("intent", "save");
    fetcher.submit(all, { method: "post" });
  }, [csrf, fetcher]);
  useEffect(() => {
    // Each answer is a new object, so a new one at rest means the save in flight is done.
    if (!inFlight.current || fetcher.state !== "idle" || fetcher.data === answerBefore.current) return;
    inFlight.current = false;
    if (dirty.current) save();
  }, [fetcher.state, fetcher.data, save]);
  const byButton = useRef(false);
  const queue = (f: HTMLFormElement) => {
    form.current = f;
    dirty.current = true;
    if (!inFlight.current) save();
  };
  const onChange = (e: FormEvent<HTMLFormElement>) => {
    if (!(e.target as HTMLElement).closest("[data-item]")) return;
    byButton.current = false;
    queue(e.currentTarget);
  };
  // With scripts the Save button goes the same way (a page post would cut a save under way short).
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    byButton.current = true;
    queue(e.currentTarget);
  };
  const headingId = `section-${section.id}`;
  const saving = fetcher.state !== "idle";
  const failed = fetcher.state === "idle" && fetcher.data?.ok === false;
  return (
    <SafeForm className="card analysis-section" aria-labelledby={headingId} onChange={onChange} onSubmit={onSubmit}>
      <h2 id={headingId}>{section.title[t.locale]}</h2>
      {section.intro ? <p className="muted">{section.intro[t.locale]}</p> : null}
      <input type="hidden" name="intent" value="save" />
      {section.items.map((item) => (
        <Item
          key={item.id}
          item={item}
          answer={data.answers[item.id]}
          anchors={item.kind === "scale" ? (item.anchors ?? data.questionnaire.anchors) : []}
          error={errors?.[`a:${item.id}`] ?? fetcher.data?.fieldErrors?.[`a:${item.id}`]}
        />
      ))}
      <div className="row">
        <Submit>{t("analysis_page.save")}</Submit>
        <span className="status" role="status">
          {saving
            ? t("analysis_page.saving")
            : failed
              ? t("analysis_page.saveFailed")
              : fetcher.data?.ok
                ? t(byButton.current ? "analysis_page.saved" : "analysis_page.autosaved")
                : ""}
        </span>
      </div>
    </SafeForm>
  );
}

function Item({
  item,
  answer,
  anchors,
  error,
}: {
  item: QuestionnaireItem;
  answer?: AnswerDTO;
  anchors: { nl: string; en: string }[];
  error?: string;
}) {
  const t = useT();
  const name = `a:${item.id}`;
  const message = t.fieldError(error);
  const errId = `${item.id}-err`;
  const seen = <input type="hidden" name={`seen:${item.id}`} value="1" />;
  const err = message ? (
    <p id={errId} className="field-error" role="alert">
      {message}
    </p>
  ) : null;
  if (item.kind === "text") {
    return (
      <div className="field" data-item={item.id}>
        {seen}
        <label htmlFor={`f-${item.id}`}>{item.prompt[t.locale]}</label>
        <textarea
          id={`f-${item.id}`}
          name={name}
          rows={3}
          maxLength={2000}
          defaultValue={answer?.text ?? ""}
          aria-invalid={message ? true : undefined}
          aria-describedby={message ? errId : undefined}
        />
        {err}
      </div>
    );
  }
  const multiple = item.kind === "choice" && item.max > 1;
  return (
    <fieldset className="analysis-item" data-item={item.id} aria-describedby={message ? errId : undefined}>
      {seen}
      <legend>{item.prompt[t.locale]}</legend>
      {item.kind === "choice" ? <p className="muted">{t("analysis_page.chooseUpTo", { n: item.max })}</p> : null}
      <div className={item.kind === "scale" ? "scale" : "choices"}>
        {item.kind === "scale"
          ? anchors.map((a, i) => (
              <label key={a.nl}>
                <input type="radio" name={name} value={String(i + 1)} defaultChecked={answer?.point === i + 1} />{" "}
                <span className="point">{i + 1}</span> {a[t.locale]}
              </label>
            ))
          : item.options.map((o) =>
              multiple ? (
                <label key={o.id}>
                  <input type="checkbox" name={`${name}:${o.id}`} defaultChecked={answer?.options?.includes(o.id)} /> {o.label[t.locale]}
                </label>
              ) : (
                <label key={o.id}>
                  <input type="radio" name={name} value={o.id} defaultChecked={answer?.options?.includes(o.id)} /> {o.label[t.locale]}
                </label>
              ),
            )}
      </div>
      {err}
    </fieldset>
  );
}

/** The answers as text, read-only (a submitted analysis, or a coach reading it). */
function Answers({ data }: { data: AnalysisPageDTO }) {
  const t = useT();
  const anchors = data.questionnaire.anchors;
  const show = (item: QuestionnaireItem, a?: AnswerDTO) => {
    if (!a) return t("analysis_page.noAnswer");
    if (item.kind === "scale" && a.point) return `${a.point} · ${(item.anchors ?? anchors)[a.point - 1][t.locale]}`;
    if (item.kind === "choice")
      return item.options
        .filter((o) => a.options?.includes(o.id))
        .map((o) => o.label[t.locale])
        .join(", ");
    return a.text ?? "";
  };
  return (
    <details className="card">
      <summary>{t("analysis_page.answers")}</summary>
      {data.questionnaire.sections.map((s) => (
        <section key={s.id}>
          <h3>{s.title[t.locale]}</h3>
          <dl>
            {s.items.map((i) => (
              <div key={i.id}>
                <dt>{i.prompt[t.locale]}</dt>
                <dd>{show(i, data.answers[i.id])}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </details>
  );
}

function SharePanel({ data }: { data: AnalysisPageDTO }) {
  const t = useT();
  return (
    <SafeForm className="card" aria-labelledby="share-h">
      <h2 id="share-h">{t("analysis_page.shareTitle")}</h2>
      <p>{data.sharedWithCoach ? t("analysis_page.sharedOn") : t("analysis_page.sharedOff")}</p>
      <input type="hidden" name="intent" value="share" />
      <input type="hidden" name="shared" value={data.sharedWithCoach ? "false" : "true"} />
      <Submit className="secondary">{data.sharedWithCoach ? t("analysis_page.unshare") : t("analysis_page.share")}</Submit>
    </SafeForm>
  );
}

function FeedbackPanel({ data, result }: { data: AnalysisPageDTO; result: ActionData }) {
  const t = useT();
  const f = data.feedback;
  const mine = result?.intent === "invite" ? result : undefined;
  return (
    <section className="card" aria-labelledby="feedback-h">
      <h2 id="feedback-h">{t("feedback360_panel.title")}</h2>
      {data.isOwner ? <p>{t("feedback360_panel.intro")}</p> : null}
      <p data-testid="feedback-counts">
        {t("feedback360_panel.invited", { n: f.invited })}, {t("feedback360_panel.answered", { n: f.answered })}.
        {!f.visible && f.invited > 0 ? <> {t("feedback360_panel.waiting", { n: f.min - f.answered })}</> : null}
      </p>
      {mine?.ok ? (
        <p className="notice" role="status">
          {t("feedback360_panel.done", { n: mine.invited ?? 0 })}
          {mine.already ? <> {t("feedback360_panel.already", { n: mine.already })}</> : null}
        </p>
      ) : null}
      {data.isOwner && !f.canInvite ? <p className="muted">{t("feedback360_panel.full")}</p> : null}
      {f.canInvite ? (
        <SafeForm>
          <FormMessage data={mine} />
          <input type="hidden" name="intent" value="invite" />
          <div className="field">
            <label htmlFor="raters">{t("feedback360_panel.emails")}</label>
            <textarea
              id="raters"
              name="emails"
              rows={4}
              required
              aria-invalid={mine?.fieldErrors?.emails ? true : undefined}
              aria-describedby={mine?.fieldErrors?.emails ? "raters-err" : undefined}
            />
            {mine?.fieldErrors?.emails ? (
              <p id="raters-err" className="field-error" role="alert">
                {t.fieldError(mine.fieldErrors.emails)}
              </p>
            ) : null}
          </div>
          <SelectField
            label={t("feedback360_panel.language")}
            name="locale"
            defaultValue={t.locale}
            options={[
              ["nl", "Nederlands"],
              ["en", "English"],
            ]}
          />
          <Submit>{t("feedback360_panel.invite")}</Submit>
        </SafeForm>
      ) : null}
    </section>
  );
}

function Counterpart({ data, result }: { data: AnalysisPageDTO; result: ActionData }) {
  const t = useT();
  if (data.counterpart)
    return (
      <p>
        <Link to={`/analysis/${data.counterpart.id}`}>
          {t("analysis_page.toCounterpart", { kind: t(`analysis_kind.${data.counterpart.kind}`) })}
        </Link>
      </p>
    );
  if (!data.isOwner || data.kind !== "bsa" || data.status !== "submitted") return null;
  return (
    <SafeForm>
      <FormMessage data={result?.intent === "startEsa" ? result : undefined} />
      <input type="hidden" name="intent" value="startEsa" />
      <Submit className="secondary">{t("analysis_page.startEsa")}</Submit>
    </SafeForm>
  );
}

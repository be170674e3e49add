import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import type { QuestionnaireEditorDTO } from "../../models/analysis/analysis.service";
import { QUESTIONNAIRE_LIMITS, type Questionnaire, QuestionnaireJsonInput } from "../../models/analysis/questionnaire.inputs";
import { GroupErrorBoundary } from "../components/errors";
import { FormMessage, SafeForm, Submit } from "../components/form";
import { useT } from "../i18n/use-t";
import { formAction, readForm, readIntent, runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

// The organiser adapts the trajectory's BSA/ESA questionnaire (decision 036): a copy of the
// current one (the default at first) as JSON, checked against the schema with the issues by path,
// previewed as leaders will see it, saved as a new immutable version.

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  return runService(request, () => context.services.analysis.getQuestionnaireEditor(ctx, { trajectoryId: params.trajectoryId ?? "" }));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const intent = await readIntent(request, ["preview", "save"] as const);
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const input = await readForm(request, context, QuestionnaireJsonInput, { trajectoryId: params.trajectoryId });
    const a = context.services.analysis;
    const checked = await runService(request, () => a.previewQuestionnaire(ctx, input));
    if (intent === "save" && checked.questionnaire) {
      const { version } = await runService(request, () => a.saveQuestionnaire(ctx, input));
      return json({ ok: true as const, intent, json: input.json, version, ...checked });
    }
    return json(
      { ok: !checked.issues.length, intent, json: input.json, version: 0, ...checked },
      { status: checked.issues.length ? 400 : 200 },
    );
  }, intent);
}

type ActionData =
  | {
      ok?: boolean;
      intent?: string;
      message?: string;
      json?: string;
      version?: number;
      questionnaire?: Questionnaire | null;
      issues?: { path: string; code: string }[];
    }
  | undefined;

export default function QuestionnaireEditor() {
  const t = useT();
  const data = useLoaderData<typeof loader>() as QuestionnaireEditorDTO;
  const result = useActionData<typeof action>() as ActionData;
  const preview = result?.questionnaire ?? null;
  return (
    <>
      <p>
        <Link to={`/trajectories/${data.trajectoryId}`}>← {t("analysis_editor.back")}</Link>
      </p>
      <h1>{t("analysis_editor.title", { name: data.trajectoryName })}</h1>
      <p>{t("analysis_editor.intro")}</p>
      <p className="status">{data.version ? t("analysis_editor.version", { version: data.version }) : t("analysis_editor.default")}</p>
      {result?.intent === "save" && result.ok && result.version ? (
        <p className="notice" role="status">
          {t("analysis_editor.saved", { version: result.version })}
        </p>
      ) : null}
      <SafeForm className="card">
        <FormMessage data={result?.issues?.length ? undefined : result} />
        {result?.issues?.length ? (
          <div role="alert" id="json-issues">
            <p className="form-error">{t("analysis_editor.issues")}</p>
            <ul>
              {result.issues.map((i) => (
                <li key={`${i.path}:${i.code}`}>
                  <code>{i.path || "/"}</code>: {t.fieldError(i.code)}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="questionnaire-json">{t("analysis_editor.json")}</label>
          <textarea
            id="questionnaire-json"
            name="json"
            rows={24}
            spellCheck={false}
            maxLength={QUESTIONNAIRE_LIMITS.json}
            defaultValue={result?.json ?? data.json}
            key={result?.json ?? data.json}
            className="code"
            aria-invalid={result?.issues?.length ? true : undefined}
            aria-describedby={result?.issues?.length ? "json-issues" : undefined}
          />
        </div>
        <div className="row">
          <Submit name="intent" value="preview" className="secondary">
            {t("analysis_editor.preview")}
          </Submit>
          <Submit name="intent" value="save">
            {t("analysis_editor.save")}
          </Submit>
        </div>
      </SafeForm>
      {preview ? <Preview q={preview} /> : null}
    </>
  );
}

function Preview({ q }: { q: Questionnaire }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="preview-h">
      <h2 id="preview-h">
        {t("analysis_editor.previewTitle")}: {q.title[t.locale]}
      </h2>
      <p>{q.intro[t.locale]}</p>
      <p className="muted">{q.anchors.map((a, i) => `${i + 1} ${a[t.locale]}`).join(" · ")}</p>
      {q.sections.map((s) => (
        <section key={s.id}>
          <h3>{s.title[t.locale]}</h3>
          {s.intro ? <p className="muted">{s.intro[t.locale]}</p> : null}
          <ol>
            {s.items.map((i) => (
              <li key={i.id}>
                {i.prompt[t.locale]}
                {i.kind === "choice" ? <span className="muted"> ({i.options.map((o) => o.label[t.locale]).join(", ")})</span> : null}
              </li>
            ))}
          </ol>
        </section>
      ))}
    </section>
  );
}

export const ErrorBoundary = GroupErrorBoundary;

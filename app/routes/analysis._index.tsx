import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import type { AnalysisRefDTO } from "../../models/analysis/analysis.service";
import { StartAnalysisInput } from "../../models/analysis/questionnaire.inputs";
import { FormMessage, SafeForm, Submit } from "../components/form";
import { useT } from "../i18n/use-t";
import { formAction, readForm, readIntent, runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

// The leader's baseline and end analyses per trajectory, and those shared with a coach
// (issue 14 item 3, docs/decisions/036).

export const meta: MetaFunction = () => [{ title: "Leerkring" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  return runService(request, () => context.services.analysis.listMyAnalyses(ctx));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const intent = await readIntent(request, ["start"] as const);
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const input = await readForm(request, context, StartAnalysisInput);
    const { id } = await runService(request, () => context.services.analysis.startAnalysis(ctx, input));
    return redirect(`/analysis/${id}`);
  }, intent);
}

function Slot({
  trajectoryId,
  kind,
  at,
  canStart,
}: {
  trajectoryId: string;
  kind: "bsa" | "esa";
  at: AnalysisRefDTO | null;
  canStart: boolean;
}) {
  const t = useT();
  return (
    <li>
      <strong>{t(`analysis_kind.${kind}`)}</strong>: {t(`analysis_status.${at?.status ?? "none"}`)}{" "}
      {at ? (
        <Link to={`/analysis/${at.id}`}>{at.status === "draft" ? t("analysis_list.continue") : t("analysis_list.open")}</Link>
      ) : canStart ? (
        <SafeForm className="inline">
          <input type="hidden" name="intent" value="start" />
          <input type="hidden" name="trajectoryId" value={trajectoryId} />
          <input type="hidden" name="kind" value={kind} />
          <Submit>
            {t("analysis_list.start")} <span className="sr-only">{t(`analysis_kind.${kind}`)}</span>
          </Submit>
        </SafeForm>
      ) : (
        <span className="muted">{t("analysis_list.esaAfterBsa")}</span>
      )}
    </li>
  );
}

export default function Analyses() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>{t("analysis_list.title")}</h1>
      <p>{t("analysis_list.intro")}</p>
      <FormMessage data={result as { ok?: boolean; message?: string } | undefined} />
      {data.trajectories.length === 0 ? <p className="muted">{t("analysis_list.none")}</p> : null}
      {data.trajectories.map((tr) => (
        <section key={tr.id} className="card" aria-labelledby={`tr-${tr.id}`}>
          <h2 id={`tr-${tr.id}`}>{tr.name}</h2>
          <ul className="plain">
            <Slot trajectoryId={tr.id} kind="bsa" at={tr.bsa} canStart />
            <Slot trajectoryId={tr.id} kind="esa" at={tr.esa} canStart={tr.bsa?.status === "submitted"} />
          </ul>
        </section>
      ))}
      {data.shared.length ? (
        <section className="card" aria-labelledby="shared-h">
          <h2 id="shared-h">{t("analysis_list.shared")}</h2>
          <p className="muted">{t("analysis_list.sharedIntro")}</p>
          <ul className="plain">
            {data.shared.map((a) => (
              <li key={a.id}>
                <Link to={`/analysis/${a.id}`}>
                  {a.leaderName}: {t(`analysis_kind.${a.kind}`)}
                </Link>{" "}
                <span className="muted">
                  {a.trajectoryName}, {t(`analysis_status.${a.status}`)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

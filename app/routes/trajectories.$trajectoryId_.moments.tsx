import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { newBlockDraft, type MomentDraft } from "../../models/moment/moment.inputs";
import { GroupErrorBoundary } from "../components/errors";
import { FormMessage } from "../components/form";
import { MomentCard, PlanForm } from "../components/moments/plan-form";
import { useT } from "../i18n/use-t";
import { formAction, readIntent, runService } from "../utils/form.server";
import { type PlanActionData, planAction } from "../utils/moment-plan.server";
import { requireServiceContext } from "../utils/session.server";

// The organiser's network moments of a trajectory (issue 16 item 1, decision 066): the list, and
// the form that plans a new one for some or all of its groups.

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  return runService(request, () => context.services.moment.listTrajectoryMoments(ctx, { trajectoryId: params.trajectoryId ?? "" }));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const intent = await readIntent(request, ["plan"]);
  return formAction(
    () => planAction(request, context, { trajectoryId: params.trajectoryId ?? "" }, (id) => redirect(`/moments/${id}/plan?planned=1`)),
    intent,
  );
}

export default function TrajectoryMoments() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as PlanActionData | undefined;
  // A new plan starts with every open group invited and one plenary block.
  const fresh: MomentDraft = {
    title: "",
    date: "",
    time: "13:00",
    place: "",
    agenda: "",
    groupIds: data.groups.map((g) => g.id),
    blocks: [newBlockDraft()],
  };
  const draft = result?.draft ?? fresh;
  return (
    <div>
      <p>
        <Link to={`/trajectories/${data.trajectory.id}`}>{data.trajectory.name}</Link>
      </p>
      <h1>{t("moment.plan.trajectory.title", { name: data.trajectory.name })}</h1>
      <p>{t("moment.plan.trajectory.intro")}</p>
      <h2>{t("moment.plan.my.upcoming")}</h2>
      {data.upcoming.length ? (
        <ol className="list">
          {data.upcoming.map((m) => (
            <MomentCard key={m.id} m={m} withAgenda={false} />
          ))}
        </ol>
      ) : (
        <p className="muted">{t("moment.plan.trajectory.empty")}</p>
      )}
      {data.past.length ? (
        <>
          <h2>{t("moment.plan.my.past")}</h2>
          <ol className="list">
            {data.past.map((m) => (
              <MomentCard key={m.id} m={m} withAgenda={false} />
            ))}
          </ol>
        </>
      ) : null}
      <section className="card" aria-labelledby="moment-new-h">
        <h2 id="moment-new-h">{t("moment.plan.new")}</h2>
        {data.groups.length === 0 ? (
          <p className="muted">{t("moment.plan.trajectory.noGroups")}</p>
        ) : (
          <>
            <FormMessage data={result} />
            <PlanForm
              draft={draft}
              groups={data.groups}
              errors={result?.fieldErrors ?? {}}
              submitLabel={t("moment.plan.create")}
              changed={!!result?.ok}
            />
          </>
        )}
      </section>
    </div>
  );
}

export const ErrorBoundary = GroupErrorBoundary;

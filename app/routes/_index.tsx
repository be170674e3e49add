import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CreateTrajectoryInput } from "../../models/group/group.inputs";
import { Field, FormMessage, SafeForm, Submit } from "../components/form";
import { useRootData, useT } from "../i18n/use-t";
import { formAction, readForm, readIntent, runService } from "../utils/form.server";
import { actorOf, requireServiceContext, requireUser } from "../utils/session.server";
import { unreadPerGroup } from "../utils/inbox.server";
import { useRevalidateOnGroupEvents } from "../components/threads/common";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = actorOf(await requireUser(request, context));
  const [groups, trajectories, unread] = await Promise.all([
    context.services.group.listMyGroups(actor),
    context.services.trajectory.listMyTrajectories(actor),
    unreadPerGroup(context, actor),
  ]);
  return { groups, trajectories, unread };
}

/** An organiser creates a trajectory (docs/decisions/029) and lands on its page. */
export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    await readIntent(request, ["createTrajectory"]);
    const input = await readForm(request, context, CreateTrajectoryInput);
    const { id } = await runService(request, () => context.services.programme.createTrajectory(ctx, input));
    return redirect(`/trajectories/${id}`);
  });
}

export default function Dashboard() {
  const t = useT();
  const { groups, trajectories, unread } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as { ok?: boolean; message?: string; fieldErrors?: Record<string, string> } | undefined;
  const isOrganiser = !!useRootData().user?.isOrganiser;
  // Live: new messages and the user's own inbox events read the counts again.
  useRevalidateOnGroupEvents(null);
  return (
    <>
      <h1>{t("dashboard.title")}</h1>
      {trajectories.length > 0 ? (
        <section className="card" aria-labelledby="traj-h">
          <h2 id="traj-h">{t("dashboard.trajectories")}</h2>
          <ul className="plain">
            {trajectories.map((tr) => (
              <li key={tr.id}>
                <Link to={`/trajectories/${tr.id}`}>{tr.name}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {isOrganiser ? (
        <SafeForm className="card" aria-labelledby="new-traj-h">
          <h2 id="new-traj-h">{t("dashboard.newTrajectory")}</h2>
          <FormMessage data={data} />
          <div className="row">
            <Field
              label={t("dashboard.trajectoryName")}
              name="name"
              required
              minLength={2}
              maxLength={120}
              error={data?.fieldErrors?.name}
            />
            <Field label={t("dashboard.startDate")} name="startDate" type="date" required error={data?.fieldErrors?.startDate} />
            <div className="field">
              <Submit name="intent" value="createTrajectory">
                {t("dashboard.createTrajectory")}
              </Submit>
            </div>
          </div>
        </SafeForm>
      ) : null}
      {groups.length === 0 ? <p>{t("dashboard.empty")}</p> : null}
      <ul className="plain card">
        {groups.map((g) => (
          <li key={g.id}>
            {g.state === "pending_consent" ? (
              <span>{g.name}</span>
            ) : (
              <Link to={g.state === "charter_required" ? `/groups/${g.id}/charter` : `/groups/${g.id}`}>{g.name}</Link>
            )}
            <span className="badge">{t(`role.${g.role}`)}</span>
            {unread[g.id] ? (
              <span className="badge unread" data-testid="group-unread">
                {t("inbox.unread", { n: unread[g.id] })}
              </span>
            ) : null}
            {g.role === "guest" ? <span className="badge guest">{t("common.guestBadge")}</span> : null}
            <span className="status">{g.trajectoryName}</span>
            {g.state === "charter_required" ? <span className="form-error">{t("dashboard.charterRequired")}</span> : null}
            {g.state === "pending_consent" ? <span className="status">{t("dashboard.pendingConsent")}</span> : null}
          </li>
        ))}
      </ul>
    </>
  );
}

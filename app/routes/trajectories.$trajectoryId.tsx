import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "../i18n/use-t";
import { runService } from "../utils/form.server";
import { actorOf, requireUser } from "../utils/session.server";
import { GroupErrorBoundary } from "../components/errors";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = actorOf(await requireUser(request, context));
  return runService(request, () => context.services.trajectory.getTrajectoryOverview(actor, params.trajectoryId ?? ""));
}

export default function TrajectoryPage() {
  const t = useT();
  const tr = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{tr.name}</h1>
      <h2>{t("trajectory.groups")}</h2>
      <ul className="plain card">
        {tr.groups.map((g) => (
          <li key={g.id}>
            <Link to={`/groups/${g.id}`}>{g.name}</Link>
            <span className="status">{t("trajectory.leaders", { n: g.leaderCount })}</span>
            <span className="status">{t("trajectory.coaches", { n: g.coachCount })}</span>
            {!g.complete ? <span className="form-error">{t("group.incomplete", { n: g.leaderCount })}</span> : null}
          </li>
        ))}
      </ul>
    </>
  );
}

export const ErrorBoundary = GroupErrorBoundary;

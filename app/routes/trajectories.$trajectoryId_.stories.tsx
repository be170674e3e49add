import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GroupErrorBoundary } from "../components/errors";
import { useT } from "../i18n/use-t";
import { runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

// The organiser's shared practice stories (issue 15 item 3, decision 055): per group, the selected
// most significant changes whose authors consent now. Never a name; a continued group's only if it opted in.

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  return runService(request, () => context.services.story.trajectoryStories(ctx, params.trajectoryId ?? ""));
}

export default function TrajectoryStories() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  return (
    <div>
      <p>
        <Link to={`/trajectories/${data.trajectory.id}`}>{data.trajectory.name}</Link>
      </p>
      <h1>{t("story_shared_title")}</h1>
      <p>{t("story_shared_intro")}</p>
      {data.groups.length === 0 ? <p className="muted">{t("story_shared_empty")}</p> : null}
      {data.groups.map((g) => (
        <section key={g.groupName} className="card" aria-label={g.groupName}>
          <h2>{g.groupName}</h2>
          {g.stories.map((s) => (
            <article key={s.moment}>
              <h3>{t(`story_moment_${s.moment}`)}</h3>
              <p>{s.change}</p>
              <p className="muted">{t("story_intends", { text: s.intention })}</p>
              <p>{t("story_selected_why", { text: s.why })}</p>
            </article>
          ))}
        </section>
      ))}
    </div>
  );
}

export const ErrorBoundary = GroupErrorBoundary;

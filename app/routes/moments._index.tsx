import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GroupErrorBoundary } from "../components/errors";
import { MomentCard } from "../components/moments/plan-form";
import { useT } from "../i18n/use-t";
import { requireServiceContext } from "../utils/session.server";

// My network moments (issue 16 item 1, decision 066): upcoming with their agenda and programme, in
// the reader's time zone, each with its calendar file; and the past ones.

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  return context.services.moment.listMyMoments(ctx);
}

export default function MyMoments() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>{t("moment.plan.my.title")}</h1>
      <p className="muted">{t("moment.plan.my.intro")}</p>
      <h2>{t("moment.plan.my.upcoming")}</h2>
      {data.upcoming.length ? (
        <ol className="list">
          {data.upcoming.map((m) => (
            <MomentCard key={m.id} m={m} withAgenda />
          ))}
        </ol>
      ) : (
        <p className="muted">{t("moment.plan.my.empty")}</p>
      )}
      <h2>{t("moment.plan.my.past")}</h2>
      {data.past.length ? (
        <ol className="list">
          {data.past.map((m) => (
            <MomentCard key={m.id} m={m} withAgenda={false} />
          ))}
        </ol>
      ) : (
        <p className="muted">{t("moment.plan.my.pastEmpty")}</p>
      )}
    </div>
  );
}

export const ErrorBoundary = GroupErrorBoundary;

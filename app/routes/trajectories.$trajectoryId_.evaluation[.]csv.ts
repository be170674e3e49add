import type { LoaderFunctionArgs } from "@remix-run/node";
import { runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

// The organiser's evaluation figures as CSV (issue 15 item 6, docs/decisions/053): the page's rows.

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  const csv = await runService(request, () =>
    context.services.evaluation.organiserEvaluationCsv(ctx, { trajectoryId: params.trajectoryId ?? "" }),
  );
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="evaluation-${params.trajectoryId}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}

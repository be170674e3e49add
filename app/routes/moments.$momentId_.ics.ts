import type { LoaderFunctionArgs } from "@remix-run/node";
import { runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

/** A network moment as an .ics file (decision 066), for anyone in it: date, place, title; never the agenda. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  const momentId = params.momentId ?? "";
  const body = await runService(request, () => context.services.momentCalendar.momentCalendar(ctx, { momentId }));
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="moment-${momentId}.ics"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

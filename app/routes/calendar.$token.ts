import type { LoaderFunctionArgs } from "@remix-run/node";
import { runService } from "../utils/form.server";

/** A user's calendar feed at its secret URL, /calendar/<token>.ics (docs/decisions/035): no session,
 *  the token is the key; a token that is not (or no longer) one is the same 404 as any missing page. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const token = (params.token ?? "").replace(/\.ics$/, "");
  const body = await runService(request, () => context.services.calendar.feedCalendar(context.services.deps, token));
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
    },
  });
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

/** One meeting as an .ics file (docs/decisions/035): date, place or link, the group's name; never the agenda. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  const input = { groupId: params.groupId ?? "", meetingId: params.meetingId ?? "" };
  const body = await runService(request, () => context.services.calendar.meetingCalendar(ctx, input), params.groupId);
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="meeting-${input.meetingId}.ics"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

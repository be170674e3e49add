// A network moment as an .ics file (decision 066), made like a meeting's (decision 035): the date,
// the place, the moment's title and a link to its page; never the agenda.
import { calendar, icsEvent } from "../meeting/calendar.service";
import type { ServiceContext } from "../shared/context";
import { parseInput as parse } from "../shared/parse";
import { loadMomentFor } from "./moment.access";
import { MomentTargetInput } from "./moment.inputs";
import { endOf } from "./moment.service";

/** The moment's .ics for anyone in it (not_found for everyone else). */
export async function momentCalendar(ctx: ServiceContext, input: unknown): Promise<string> {
  const { momentId } = parse(MomentTargetInput, input);
  const { moment: m } = await loadMomentFor(ctx.actor, momentId, "view");
  return calendar([
    icsEvent({
      id: m._id,
      startsAt: m.startsAt,
      endsAt: endOf(m),
      title: m.title,
      place: m.place,
      url: `${ctx.appUrl}/moments/${m._id}`,
      cancelled: m.status === "cancelled",
    }),
  ]);
}

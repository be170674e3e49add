// The set moments of a trajectory as dates (docs/decisions/052). Pure.
import { schoolYears } from "../meeting/rhythm";
import { MOMENT_WINDOW_DAYS, MOMENTS } from "./evaluation.constants";

const DAY = 86_400_000;

export interface DatedMoment {
  id: string;
  instrument: "learning" | "culture";
  /** The culture scan's or learning indicators' ordinal (1, 2, 3). */
  n: number;
  opens: Date;
  closes: Date;
}

/** The moments of a trajectory that starts on `start`, soonest first. */
export function datedMoments(start: Date): DatedMoment[] {
  const years = schoolYears(start);
  return MOMENTS.map((m) => {
    const y = years[m.year];
    const opens = new Date(m.anchor === "start" ? y.from + m.days * DAY : y.to - m.days * DAY);
    return {
      id: m.id,
      instrument: m.instrument,
      n: Number(m.id.split("-")[1]),
      opens,
      closes: new Date(opens.getTime() + MOMENT_WINDOW_DAYS * DAY),
    };
  }).sort((a, b) => a.opens.getTime() - b.opens.getTime());
}

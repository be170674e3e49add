// The plan of dated meetings a group gets from the rhythm (models/meeting/rhythm.constants.ts).
// Pure: the start date is passed in, nothing reads the clock.
import { RHYTHM, SCHOOL_YEAR_END_MONTH, SCHOOL_YEAR_START_MONTH, type MeetingKind } from "./rhythm.constants";

export interface PlannedMeeting {
  kind: MeetingKind;
  startsAt: Date;
  endsAt: Date;
  /** For a coaching talk: the leader it is with. */
  leaderId: string | null;
  /** 1-based school year of the programme. */
  year: number;
}

const DAY = 86_400_000;

/** Minutes `timeZone` is ahead of UTC at `at`. */
function offsetMinutes(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
  }).formatToParts(at);
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return (Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute")) - Math.floor(at / 60_000) * 60_000) / 60_000;
}

/** The instant of a wall-clock hour on a calendar day (a UTC midnight) in `timeZone`. */
export function atLocalHour(day: number, hour: number, timeZone: string): Date {
  const guess = day + hour * 3_600_000;
  const first = guess - offsetMinutes(guess, timeZone) * 60_000;
  return new Date(guess - offsetMinutes(first, timeZone) * 60_000);
}

const utcDay = (d: Date) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());

/** The nearest weekday: Saturday moves back to Friday, Sunday on to Monday. */
function weekday(day: number): number {
  const dow = new Date(day).getUTCDay();
  return dow === 6 ? day - DAY : dow === 0 ? day + DAY : day;
}

/** `n` weekdays spread evenly over [from, to] (UTC midnights): the middle of n equal slices. */
export function spreadWeekdays(from: number, to: number, n: number): number[] {
  const span = to - from + DAY;
  const days: number[] = [];
  for (let i = 0; i < n; i++) {
    const mid = from + Math.floor(((i + 0.5) * span) / n / DAY) * DAY;
    days.push(Math.min(to, Math.max(from, weekday(mid))));
  }
  return days;
}

/** The school years of the programme: the first is the one the start date falls in (a start in
 *  July or August begins on the next 1 September); the first begins on the start date itself. */
export function schoolYears(start: Date, count: number = RHYTHM.schoolYears): { from: number; to: number }[] {
  const s = utcDay(start);
  const m = start.getUTCMonth();
  const firstYear =
    m >= SCHOOL_YEAR_START_MONTH
      ? start.getUTCFullYear()
      : m <= SCHOOL_YEAR_END_MONTH
        ? start.getUTCFullYear() - 1
        : start.getUTCFullYear();
  const years: { from: number; to: number }[] = [];
  for (let i = 0; i < count; i++) {
    const y = firstYear + i;
    const from = Date.UTC(y, SCHOOL_YEAR_START_MONTH, 1);
    years.push({ from: Math.max(from, i === 0 ? s : from), to: Date.UTC(y + 1, SCHOOL_YEAR_END_MONTH, 30) });
  }
  return years;
}

/** The whole plan of a group: contact days and network moments per school year, and the
 *  coaching talks of each leader (each leader's talks a few days apart from the others'). */
export function generatePlan(start: Date, leaderIds: readonly string[]): PlannedMeeting[] {
  const plan: PlannedMeeting[] = [];
  const at = (kind: MeetingKind, day: number, year: number, leaderId: string | null = null) => {
    const [h0, h1] = RHYTHM.hours[kind];
    plan.push({ kind, startsAt: atLocalHour(day, h0, RHYTHM.timeZone), endsAt: atLocalHour(day, h1, RHYTHM.timeZone), leaderId, year });
  };
  schoolYears(start).forEach(({ from, to }, i) => {
    for (const d of spreadWeekdays(from, to, RHYTHM.perYear.contact_day)) at("contact_day", d, i + 1);
    for (const d of spreadWeekdays(from, to, RHYTHM.perYear.network_moment)) at("network_moment", d, i + 1);
    leaderIds.forEach((leaderId, k) => {
      // Each leader's talks shifted by k weekdays' worth so the coach does not see them all on one day.
      for (const d of spreadWeekdays(from + k * DAY, to, RHYTHM.perYear.coaching_talk)) at("coaching_talk", d, i + 1, leaderId);
    });
  });
  return plan.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

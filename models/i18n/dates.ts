import { translate } from "./i18n";
import type { Locale } from "./locale";

// Every date a user sees, formatted once (decision 024): in the user's time zone (their profile,
// else Europe/Brussels) and their language's conventions, so the server's text and the browser's
// are the same and a reader in another zone sees the group's own times only if they chose that.

export const DEFAULT_TIME_ZONE = "Europe/Brussels";

/** The BCP 47 locale whose conventions a language's dates follow (Flemish Dutch, British English). */
export const DATE_LOCALE: Readonly<Record<Locale, string>> = { nl: "nl-BE", en: "en-GB" };

/** The kinds of date the product shows, one format each. */
const FORMATS = {
  /** When something was said or done: a message, a comment, an edit, a version. */
  moment: { dateStyle: "medium", timeStyle: "short" },
  /** A day, such as a meeting's. */
  day: { dateStyle: "full" },
  /** A time of day, such as a meeting's start. */
  time: { timeStyle: "short" },
  /** A full timestamp, to the second: the audit log. */
  timestamp: { dateStyle: "short", timeStyle: "medium" },
  /** A point on a chart's time axis and in its table (evaluation, decision 054). */
  chart: { day: "numeric", month: "short", year: "2-digit" },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;
export type DateKind = keyof typeof FORMATS;

/** Whose dates: the language and the IANA time zone of the reader. */
export interface DateSettings {
  locale: Locale;
  timeZone: string;
}

/** True for an IANA time zone this runtime knows (checked by formatting with it, not by a list). */
export function isTimeZone(tz: unknown): tz is string {
  if (typeof tz !== "string" || tz.length === 0 || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** A stored or sent time zone, else the default. */
export const toTimeZone = (tz: unknown): string => (isTimeZone(tz) ? tz : DEFAULT_TIME_ZONE);

const toDate = (at: string | Date) => (typeof at === "string" ? new Date(at) : at);

/** `at` as the kind of date it is, in the reader's zone and language. */
export function formatDate(at: string | Date, kind: DateKind, s: DateSettings): string {
  return new Intl.DateTimeFormat(DATE_LOCALE[s.locale], { ...FORMATS[kind], timeZone: toTimeZone(s.timeZone) }).format(toDate(at));
}

/** `at` as a form's date and time fields in `timeZone`: "2027-01-12" and "09:30". */
export function localFields(at: string | Date, timeZone: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: toTimeZone(timeZone),
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(toDate(at));
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? "";
  return { date: `${p("year")}-${p("month")}-${p("day")}`, time: `${p("hour")}:${p("minute")}` };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** How long ago `at` was, seen at `now` ("5 min geleden", "2 hours ago"); from a day on, the moment
 *  itself. The words come from the catalogue (not Intl.RelativeTimeFormat) so Node and the browser,
 *  whose ICU data differ, write the same text. */
export function formatRelative(at: string | Date, now: number, s: DateSettings): string {
  const ago = now - toDate(at).getTime();
  if (ago < MINUTE) return translate(s.locale, "time.justNow");
  if (ago < HOUR) return translate(s.locale, "time.minutesAgo", { n: Math.floor(ago / MINUTE) });
  if (ago < 24 * HOUR) return translate(s.locale, "time.hoursAgo", { n: Math.floor(ago / HOUR) });
  return formatDate(at, "moment", s);
}

// Numbers and moments of the evaluation (issue 15, docs/decisions/052-054). Shared with the browser.
import type { InstrumentId } from "./instrument.inputs";

/** A figure (an average, a count of answers per value) is shown only from this many answers on:
 *  to the organiser, and to the group itself (decision 053). */
export const MIN_ANSWERS = 5;
/** A reaction check stays open this long after its meeting or round ended; its figures show after. */
export const REACTION_WINDOW_DAYS = 14;
/** A reaction check's reminder is written this long after the occasion ended, if not answered. */
export const REACTION_REMIND_AFTER_HOURS = 20;
/** A moment's questionnaire stays open this long from its opening day; its figures show after. */
export const MOMENT_WINDOW_DAYS = 30;
/** A moment's reminder is written this many days after it opened, if not answered. */
export const MOMENT_REMIND_AFTER_DAYS = 7;

/** The set moments, as data on the trajectory's rhythm (models/meeting/rhythm.ts schoolYears): which
 *  instrument, in which school year (0-based), and where: `start` opens `days` after the school
 *  year began (the group has met a few times), `end` opens `days` before it ends. The culture scan
 *  three times; the learning indicators at the end of each school year. */
export const MOMENTS: readonly {
  id: string;
  instrument: Extract<InstrumentId, "learning" | "culture">;
  year: number;
  anchor: "start" | "end";
  days: number;
}[] = [
  { id: "culture-1", instrument: "culture", year: 0, anchor: "start", days: 45 },
  { id: "culture-2", instrument: "culture", year: 0, anchor: "end", days: 30 },
  { id: "learning-1", instrument: "learning", year: 0, anchor: "end", days: 30 },
  { id: "culture-3", instrument: "culture", year: 1, anchor: "end", days: 30 },
  { id: "learning-2", instrument: "learning", year: 1, anchor: "end", days: 30 },
];

/** What an answer is about: a meeting, an intervision round, or a set moment; as a URL segment. */
export const OCCASION_PATTERN = /^(?:(meeting|round)-([0-9a-f]{24})|moment-((?:culture|learning)-[1-9]))$/;

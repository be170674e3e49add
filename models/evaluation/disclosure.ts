// What of the answers may be shown (docs/decisions/053): the minimum of five, and no figure that
// lets one compute a smaller set of answers by subtraction. Pure.
import { MIN_ANSWERS } from "./evaluation.constants";

export interface Cell {
  key: string;
  /** How many people answered in this part (a group). */
  n: number;
  /** The part may be shown on its own (the group shares more with the organiser). */
  shareable: boolean;
}

export interface Disclosure {
  /** The total over every part may be shown. */
  total: boolean;
  /** The parts that may be shown on their own. */
  shown: Set<string>;
}

/** Decides a row of figures: a total over parts (groups) and the parts themselves.
 *  - A part is shown only if it may be shared and holds at least `min` answers.
 *  - The total is shown only from `min` answers and from at least two parts with answers (a total of
 *    one group is that group's figure, which it did not choose to share).
 *  - With the total shown, what is not shown must itself be at least `min` answers from at least two
 *    parts, or nothing: otherwise total minus the shown parts gives a small set (or one group's
 *    figure). The smallest shown parts are hidden as well until that holds. */
export function disclose(cells: readonly Cell[], min = MIN_ANSWERS): Disclosure {
  const answered = cells.filter((c) => c.n > 0);
  const totalN = answered.reduce((a, c) => a + c.n, 0);
  const total = totalN >= min && answered.length >= 2;
  const shown = answered.filter((c) => c.shareable && c.n >= min).sort((a, b) => a.n - b.n || a.key.localeCompare(b.key));
  if (total) {
    const hidden = () => answered.filter((c) => !shown.includes(c));
    const unsafe = () => {
      const h = hidden();
      const n = h.reduce((a, c) => a + c.n, 0);
      return h.length > 0 && (n < min || h.length < 2);
    };
    while (shown.length > 0 && unsafe()) shown.shift();
  }
  return { total, shown: new Set(shown.map((c) => c.key)) };
}

/** The mean of `xs` to one decimal, or null when there are fewer than `min` (never a small set's). */
export function guardedMean(xs: readonly number[], min = MIN_ANSWERS): number | null {
  if (xs.length < min) return null;
  return Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10;
}

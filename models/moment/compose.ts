import type { CompositionRule } from "./moment.constants";
import type { CareerPhase, SchoolLevel } from "../user/user.constants";

// Composing the breakouts of a network moment (issue 16 item 3, decision 068). Pure: the same
// participants, rule, size and seed give the same breakouts. Guarantees (compose.test.ts checks
// them by table and by property):
// - every participant is placed exactly once;
// - no breakout has more than `size` people, unless that would leave someone alone (then one has size + 1);
// - mixed: sizes within one of each other, and no two members of one home group together whenever
//   no group has more members than there are breakouts; otherwise the fewest such pairs possible,
//   each reported;
// - career_phase, school_level, theme: each breakout holds one phase, level or theme (plus people
//   who gave none), and a category's breakouts are within one of each other in size; people who
//   gave none fill the smallest breakouts first; someone alone in a category joins the smallest
//   other breakout (reported); within a category, home groups are mixed as well as they can be;
// - manual: the facilitator's assignment as given; anyone it misses is placed as a late arrival.

export interface Participant {
  userId: string;
  homeGroupId: string;
  careerPhase: "" | CareerPhase;
  schoolLevel: "" | SchoolLevel;
  /** The theme the participant chose (rule "theme"), or null. */
  theme: string | null;
}

export interface ComposedBreakout {
  /** The theme of a "theme" breakout; null otherwise. */
  theme: string | null;
  userIds: string[];
}

export type CompositionWarning =
  /** Two members of one home group share a breakout (mixed, when it could not be avoided). */
  | { kind: "same_group"; breakout: number; homeGroupId: string; userIds: [string, string] }
  /** Alone in their phase, level or theme: placed with others to not sit alone. */
  | { kind: "alone"; breakout: number; userId: string };

export interface Composition {
  breakouts: ComposedBreakout[];
  warnings: CompositionWarning[];
}

export interface ComposeOptions {
  seed?: number;
  /** The themes to choose from, in their order (rule "theme"): breakouts follow it. */
  themes?: readonly string[];
  /** Rule "manual": the facilitator's breakouts, kept as given. */
  given?: readonly ComposedBreakout[];
}

/** A small seeded PRNG (mulberry32): the same seed, the same draws. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: readonly T[], next: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** How many breakouts `n` people make at `size` each: no more than `size` in one, and nobody alone. */
export function breakoutCount(n: number, size: number): number {
  if (n <= 0) return 0;
  const k = Math.ceil(n / Math.max(1, size));
  return k > 1 && n < 2 * k ? Math.floor(n / 2) : k;
}

/** Groups `people` by a key, keys in first-seen order. */
function groupBy<T>(people: readonly T[], key: (p: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const p of people) {
    const k = key(p);
    const list = out.get(k);
    if (list) list.push(p);
    else out.set(k, [p]);
  }
  return out;
}

/** Deals `people` over `k` new breakouts, home groups kept together in the dealing order so that a
 *  group with at most k members lands in k different breakouts, and a larger one as evenly as can
 *  be (the fewest pairs). Sizes come out within one of each other. */
function deal(people: readonly Participant[], k: number, next: () => number): Participant[][] {
  const out: Participant[][] = Array.from({ length: k }, () => []);
  const groups = shuffle([...groupBy(people, (p) => p.homeGroupId).values()], next).map((g) => shuffle(g, next));
  // Largest groups first: a group larger than k wraps around once the others are dealt less unevenly.
  groups.sort((a, b) => b.length - a.length);
  let i = 0;
  for (const g of groups) for (const p of g) out[i++ % k].push(p);
  return out;
}

const keyOf = (rule: CompositionRule, p: Participant): string | null =>
  rule === "career_phase" ? p.careerPhase || null : rule === "school_level" ? p.schoolLevel || null : rule === "theme" ? p.theme : null;

/** The breakout for one more person: the smallest with room that keeps the rule, else the smallest
 *  that keeps it, else the smallest; among equals, one without a member of the same home group, then
 *  the first. */
function bestFor(breakouts: readonly Participant[][], themes: readonly (string | null)[], p: Participant, rule: CompositionRule): number {
  const key = keyOf(rule, p);
  const keeps = (i: number) => {
    const b = breakouts[i];
    if (rule === "mixed") return !b.some((m) => m.homeGroupId === p.homeGroupId);
    if (rule === "theme") return key === null || themes[i] === key || (themes[i] === null && b.every((m) => m.theme === null));
    if (rule === "career_phase" || rule === "school_level") return key === null || b.every((m) => [null, key].includes(keyOf(rule, m)));
    return true;
  };
  const score = (i: number) => {
    const b = breakouts[i];
    const sameGroup = b.filter((m) => m.homeGroupId === p.homeGroupId).length;
    return [keeps(i) ? 0 : 1, rule === "mixed" ? sameGroup : 0, b.length, sameGroup, i];
  };
  let best = -1;
  let bestScore: number[] = [];
  for (let i = 0; i < breakouts.length; i++) {
    const s = score(i);
    if (best < 0 || before(s, bestScore)) [best, bestScore] = [i, s];
  }
  return best;
}

/** Lexicographic order of two scores. */
const before = (a: number[], b: number[]) => {
  const i = a.findIndex((v, j) => v !== b[j]);
  return i >= 0 && a[i] < b[i];
};

function sameGroupWarnings(breakouts: readonly Participant[][]): CompositionWarning[] {
  const out: CompositionWarning[] = [];
  breakouts.forEach((b, i) => {
    for (const [homeGroupId, members] of groupBy(b, (m) => m.homeGroupId)) {
      for (let x = 0; x < members.length; x++)
        for (let y = x + 1; y < members.length; y++)
          out.push({ kind: "same_group", breakout: i, homeGroupId, userIds: [members[x].userId, members[y].userId] });
    }
  });
  return out;
}

/** By phase, level or theme: one category per breakout, people without one where there is room. */
function byCategory(people: readonly Participant[], rule: CompositionRule, size: number, next: () => number, order: readonly string[]) {
  const known = groupBy(
    people.filter((p) => keyOf(rule, p) !== null),
    (p) => keyOf(rule, p)!,
  );
  const keys = [...order.filter((k) => known.has(k)), ...[...known.keys()].filter((k) => !order.includes(k)).sort()];
  const breakouts: Participant[][] = [];
  const themes: (string | null)[] = [];
  for (const key of keys) {
    const members = known.get(key)!;
    for (const b of deal(members, breakoutCount(members.length, size) || 1, next)) {
      breakouts.push(b);
      themes.push(rule === "theme" ? key : null);
    }
  }
  // Without a category: the smallest breakouts with room first (a lone chooser gets company).
  let rest = shuffle(
    people.filter((p) => keyOf(rule, p) === null),
    next,
  );
  while (rest.length > 0) {
    const open = [...breakouts.keys()].filter((i) => breakouts[i].length < size);
    if (open.length === 0) break;
    const p = rest[0];
    rest = rest.slice(1);
    const smallest = Math.min(...open.map((i) => breakouts[i].length));
    const candidates = open.filter((i) => breakouts[i].length === smallest);
    const i = candidates.find((c) => !breakouts[c].some((m) => m.homeGroupId === p.homeGroupId)) ?? candidates[0];
    breakouts[i].push(p);
  }
  if (rest.length > 1 || (rest.length === 1 && breakouts.length === 0)) {
    for (const b of deal(rest, breakoutCount(rest.length, size), next)) {
      breakouts.push(b);
      themes.push(null);
    }
    rest = [];
  }
  // Someone still alone (their category's only one, or the one left over): the smallest other breakout.
  const alone = rest;
  for (let i = breakouts.findIndex((b) => b.length === 1); i >= 0 && breakouts.length > 1; i = breakouts.findIndex((b) => b.length === 1)) {
    alone.push(breakouts[i][0]);
    breakouts.splice(i, 1);
    themes.splice(i, 1);
  }
  for (const p of alone) breakouts[bestFor(breakouts, themes, p, "manual")].push(p);
  // Reported once every breakout has its final index.
  const warnings: CompositionWarning[] = alone
    .filter((p) => keyOf(rule, p) !== null)
    .map((p) => ({ kind: "alone", breakout: breakouts.findIndex((b) => b.includes(p)), userId: p.userId }));
  return { breakouts, themes, warnings };
}

/** The breakouts of `participants` by `rule`, about `size` each (see the guarantees above). */
export function compose(
  participants: readonly Participant[],
  rule: CompositionRule,
  size: number,
  options: ComposeOptions = {},
): Composition {
  const next = random(options.seed ?? 1);
  const byId = new Map(participants.map((p) => [p.userId, p]));
  if (rule === "manual" && options.given) {
    const seen = new Set<string>();
    const breakouts = options.given.map((b) =>
      b.userIds.filter((id) => byId.has(id) && !seen.has(id) && seen.add(id)).map((id) => byId.get(id)!),
    );
    const themes = options.given.map((b) => b.theme);
    for (const p of participants)
      if (!seen.has(p.userId)) {
        if (breakouts.length === 0) {
          breakouts.push([]);
          themes.push(null);
        }
        breakouts[bestFor(breakouts, themes, p, "manual")].push(p);
      }
    return { breakouts: breakouts.map((b, i) => ({ theme: themes[i], userIds: b.map((m) => m.userId) })), warnings: [] };
  }
  if (rule === "mixed" || rule === "manual") {
    // Manual without an assignment starts from the mixed proposal, for the facilitator to adjust.
    const breakouts = deal(participants, breakoutCount(participants.length, size), next);
    return {
      breakouts: breakouts.map((b) => ({ theme: null, userIds: b.map((m) => m.userId) })),
      warnings: rule === "mixed" ? sameGroupWarnings(breakouts) : [],
    };
  }
  const order = rule === "theme" ? (options.themes ?? []) : rule === "career_phase" ? ["starter", "experienced"] : [];
  const { breakouts, themes, warnings } = byCategory(participants, rule, size, next, order);
  return { breakouts: breakouts.map((b, i) => ({ theme: themes[i], userIds: b.map((m) => m.userId) })), warnings };
}

export interface LateBreakout {
  theme: string | null;
  members: Participant[];
}

/** Where a late arrival goes: the index of the smallest breakout that keeps the rule (the smallest is
 *  the one with most room; among equals one without a member of their home group), or -1 when there
 *  is no breakout at all. A late arrival never opens a breakout of their own (they would sit alone),
 *  so the smallest may go one over the size. */
export function placeLate(existing: readonly LateBreakout[], participant: Participant, rule: CompositionRule): number {
  if (existing.length === 0) return -1;
  return bestFor(
    existing.map((b) => b.members),
    existing.map((b) => b.theme),
    participant,
    rule,
  );
}

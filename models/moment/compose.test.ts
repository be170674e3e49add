// Composing breakouts (issue 16 items 3 and 7, decision 068): table and property tests.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CAREER_PHASES, SCHOOL_LEVELS } from "../user/user.constants";
import { breakoutCount, compose, placeLate, type Composition, type Participant } from "./compose";
import type { CompositionRule } from "./moment.constants";

let serial = 0;
const person = (homeGroupId: string, p: Partial<Participant> = {}): Participant => ({
  userId: `u${++serial}`,
  homeGroupId,
  careerPhase: "",
  schoolLevel: "",
  theme: null,
  ...p,
});
const many = (n: number, homeGroupId: string, p: Partial<Participant> = {}) => Array.from({ length: n }, () => person(homeGroupId, p));

const sizes = (c: Composition) => c.breakouts.map((b) => b.userIds.length);
const placedOnce = (people: readonly Participant[], c: Composition) => {
  const placed = c.breakouts.flatMap((b) => b.userIds);
  expect(placed.length).toBe(people.length);
  expect(new Set(placed)).toEqual(new Set(people.map((p) => p.userId)));
};
const withinOne = (xs: number[]) => xs.length === 0 || Math.max(...xs) - Math.min(...xs) <= 1;
const sameGroupPairs = (people: readonly Participant[], c: Composition) => {
  const home = new Map(people.map((p) => [p.userId, p.homeGroupId]));
  let pairs = 0;
  for (const b of c.breakouts)
    for (let i = 0; i < b.userIds.length; i++)
      for (let j = i + 1; j < b.userIds.length; j++) if (home.get(b.userIds[i]) === home.get(b.userIds[j])) pairs++;
  return pairs;
};
/** The fewest same-group pairs k breakouts allow: each group spread as evenly as can be. */
const fewestPairs = (people: readonly Participant[], k: number) => {
  const counts = new Map<string, number>();
  for (const p of people) counts.set(p.homeGroupId, (counts.get(p.homeGroupId) ?? 0) + 1);
  const pairs = (x: number) => (x * (x - 1)) / 2;
  return [...counts.values()].reduce((sum, c) => {
    const q = Math.floor(c / k);
    const r = c % k;
    return sum + r * pairs(q + 1) + (k - r) * pairs(q);
  }, 0);
};
const keyOf = (rule: CompositionRule, p: Participant) =>
  (rule === "career_phase" ? p.careerPhase : rule === "school_level" ? p.schoolLevel : p.theme) || null;

describe("breakoutCount: no more than the size in one, and nobody alone", () => {
  it.each([
    [0, 5, 0],
    [1, 5, 1],
    [5, 5, 1],
    [6, 5, 2],
    [11, 5, 3],
    [150, 5, 30],
    [7, 2, 3],
    [3, 2, 1],
    [4, 3, 2],
  ])("%i people at size %i make %i breakouts", (n, size, k) => {
    expect(breakoutCount(n, size)).toBe(k);
  });
});

describe("compose: table", () => {
  it("mixed: 150 participants from 15 groups into 30 breakouts of 5, no two of one group together", () => {
    const people = Array.from({ length: 15 }, (_, g) => many(10, `g${g}`)).flat();
    const c = compose(people, "mixed", 5, { seed: 42 });
    placedOnce(people, c);
    expect(sizes(c)).toEqual(Array(30).fill(5));
    expect(sameGroupPairs(people, c)).toBe(0);
    expect(c.warnings).toEqual([]);
  });

  it("mixed, infeasible: a group larger than the number of breakouts is spread evenly, each pair reported", () => {
    const people = [...many(6, "a"), ...many(2, "b")];
    const c = compose(people, "mixed", 4, { seed: 1 });
    placedOnce(people, c);
    expect(sizes(c)).toEqual([4, 4]);
    // Group a, 3 and 3: 3 pairs in each breakout; b apart.
    expect(sameGroupPairs(people, c)).toBe(6);
    expect(c.warnings).toHaveLength(6);
    expect(c.warnings.every((w) => w.kind === "same_group" && w.homeGroupId === "a")).toBe(true);
  });

  it("career phase: starters together and experienced together, those without a phase where there is room", () => {
    const people = [...many(5, "a", { careerPhase: "starter" }), ...many(5, "b", { careerPhase: "experienced" }), ...many(2, "c")];
    const c = compose(people, "career_phase", 3, { seed: 3 });
    placedOnce(people, c);
    expect(sizes(c)).toEqual([3, 3, 3, 3]);
    const phase = new Map(people.map((p) => [p.userId, p.careerPhase]));
    for (const b of c.breakouts) expect(new Set(b.userIds.map((id) => phase.get(id)).filter(Boolean)).size).toBe(1);
    // Starters first, then the experienced.
    expect(phase.get(c.breakouts[0].userIds[0])).toBe("starter");
    expect(c.warnings).toEqual([]);
  });

  it("school level: someone alone in their level joins the smallest other breakout, and it is reported", () => {
    const people = [...many(4, "a", { schoolLevel: "primary" }), person("b", { schoolLevel: "secondary" })];
    const c = compose(people, "school_level", 5, { seed: 1 });
    placedOnce(people, c);
    expect(sizes(c)).toEqual([5]);
    expect(c.warnings).toEqual([{ kind: "alone", breakout: 0, userId: people[4].userId }]);
  });

  it("theme: by the chosen theme in the block's order; the unchosen give a lone chooser company", () => {
    const people = [...many(4, "a", { theme: "Welzijn" }), person("b", { theme: "Taal" }), ...many(3, "c")];
    const c = compose(people, "theme", 4, { seed: 1, themes: ["Taal", "Welzijn"] });
    placedOnce(people, c);
    expect(c.breakouts.map((b) => [b.theme, b.userIds.length])).toEqual([
      ["Taal", 4],
      ["Welzijn", 4],
    ]);
    expect(c.warnings).toEqual([]);
  });

  it("theme: many choosers of one theme are split within one of each other", () => {
    const people = [...many(11, "a", { theme: "Taal" }), ...many(3, "b", { theme: "Welzijn" })];
    const c = compose(people, "theme", 4, { themes: ["Taal", "Welzijn"] });
    expect(c.breakouts.map((b) => [b.theme, b.userIds.length])).toEqual([
      ["Taal", 4],
      ["Taal", 4],
      ["Taal", 3],
      ["Welzijn", 3],
    ]);
  });

  it("manual: the facilitator's assignment as given; unknown and repeated ids dropped; anyone missing placed", () => {
    const [a, b, c, d, e] = many(5, "g");
    const given = [
      { theme: null, userIds: [a.userId, b.userId, "stranger"] },
      { theme: null, userIds: [c.userId, a.userId] },
    ];
    const out = compose([a, b, c, d, e], "manual", 3, { given });
    expect(out.breakouts[0].userIds.slice(0, 2)).toEqual([a.userId, b.userId]);
    expect(out.breakouts[1].userIds.slice(0, 1)).toEqual([c.userId]);
    placedOnce([a, b, c, d, e], out);
    expect(sizes(out).sort()).toEqual([2, 3]);
  });

  it("the same seed gives the same breakouts; another seed may differ (re-roll)", () => {
    const people = Array.from({ length: 6 }, (_, g) => many(4, `g${g}`)).flat();
    expect(compose(people, "mixed", 4, { seed: 7 })).toEqual(compose(people, "mixed", 4, { seed: 7 }));
    const rolls = new Set([1, 2, 3, 4, 5].map((seed) => JSON.stringify(compose(people, "mixed", 4, { seed }))));
    expect(rolls.size).toBeGreaterThan(1);
  });
});

describe("placeLate: the smallest breakout that keeps the rule", () => {
  const b = (theme: string | null, members: Participant[]) => ({ theme, members });

  it("mixed: a breakout without their home group, even a larger one", () => {
    const late = person("a");
    expect(placeLate([b(null, [person("a")]), b(null, many(3, "x"))], late, "mixed")).toBe(1);
    // None without their group: the one with fewest of them, then the smallest.
    expect(placeLate([b(null, many(2, "a")), b(null, [...many(1, "a"), ...many(3, "x")])], late, "mixed")).toBe(1);
  });

  it("theme, phase, level: the breakout of their choice; without one, the smallest", () => {
    const taal = b("Taal", many(4, "x", { theme: "Taal" }));
    const welzijn = b("Welzijn", many(2, "y", { theme: "Welzijn" }));
    expect(placeLate([welzijn, taal], person("a", { theme: "Taal" }), "theme")).toBe(1);
    expect(placeLate([taal, welzijn], person("a"), "theme")).toBe(1);
    const starters = b(null, many(4, "x", { careerPhase: "starter" }));
    const experienced = b(null, many(2, "y", { careerPhase: "experienced" }));
    expect(placeLate([experienced, starters], person("a", { careerPhase: "starter" }), "career_phase")).toBe(1);
    expect(placeLate([], person("a"), "mixed")).toBe(-1);
  });
});

// Properties --------------------------------------------------------------------------------------

const participantsArb = fc
  .array(
    fc.record({
      group: fc.integer({ min: 0, max: 14 }),
      careerPhase: fc.constantFrom("", ...CAREER_PHASES),
      schoolLevel: fc.constantFrom("", ...SCHOOL_LEVELS),
      theme: fc.constantFrom(null, "A", "B", "C"),
    }),
    { minLength: 1, maxLength: 160 },
  )
  .map((rows) =>
    rows.map(
      (r, i): Participant => ({
        userId: `p${i}`,
        homeGroupId: `g${r.group}`,
        careerPhase: r.careerPhase,
        schoolLevel: r.schoolLevel,
        theme: r.theme,
      }),
    ),
  );
const sizeArb = fc.integer({ min: 2, max: 12 });
const seedArb = fc.integer();

describe("compose: properties", () => {
  it("mixed: everyone once, sizes within one, nobody alone, no more than the size (or 3 to avoid someone alone), the fewest same-group pairs", () => {
    fc.assert(
      fc.property(participantsArb, sizeArb, seedArb, (people, size, seed) => {
        const c = compose(people, "mixed", size, { seed });
        placedOnce(people, c);
        const s = sizes(c);
        expect(withinOne(s)).toBe(true);
        expect(Math.max(...s)).toBeLessThanOrEqual(Math.max(size, 3));
        if (people.length > 1) expect(Math.min(...s)).toBeGreaterThanOrEqual(2);
        const pairs = sameGroupPairs(people, c);
        expect(pairs).toBe(fewestPairs(people, c.breakouts.length));
        expect(c.warnings).toHaveLength(pairs);
      }),
      { numRuns: 300 },
    );
  });

  for (const rule of ["career_phase", "school_level", "theme"] as const) {
    it(`${rule}: everyone once, one category per breakout (but those reported alone), a category's breakouts within one of each other, nobody alone`, () => {
      fc.assert(
        fc.property(participantsArb, sizeArb, seedArb, (people, size, seed) => {
          const c = compose(people, rule, size, { seed, themes: ["A", "B", "C"] });
          placedOnce(people, c);
          const byId = new Map(people.map((p) => [p.userId, p]));
          const alone = new Set(c.warnings.map((w) => (w.kind === "alone" ? w.userId : "")));
          const perCategory = new Map<string, number[]>();
          for (const b of c.breakouts) {
            if (people.length > 1) expect(b.userIds.length).toBeGreaterThanOrEqual(2);
            const cats = new Set(b.userIds.filter((id) => !alone.has(id)).map((id) => keyOf(rule, byId.get(id)!)));
            cats.delete(null);
            expect(cats.size).toBeLessThanOrEqual(1);
            if (rule === "theme" && cats.size === 1) expect(b.theme).toBe([...cats][0]);
            const cat = [...cats][0] ?? "";
            if (cat && ![...alone].some((id) => b.userIds.includes(id)))
              perCategory.set(cat, [...(perCategory.get(cat) ?? []), b.userIds.length]);
          }
          for (const s of perCategory.values()) expect(withinOne(s)).toBe(true);
          // Someone is reported alone only when nobody else shares their category.
          for (const id of alone) expect(people.filter((p) => keyOf(rule, p) === keyOf(rule, byId.get(id)!))).toHaveLength(1);
        }),
        { numRuns: 300 },
      );
    });
  }

  it("placeLate keeps the rule whenever some breakout keeps it, and takes the smallest such", () => {
    fc.assert(
      fc.property(
        participantsArb,
        sizeArb,
        seedArb,
        fc.constantFrom<CompositionRule>("mixed", "career_phase", "school_level", "theme"),
        (people, size, seed, rule) => {
          const [late, ...rest] = people;
          if (rest.length === 0) return;
          const byId = new Map(rest.map((p) => [p.userId, p]));
          const c = compose(rest, rule, size, { seed, themes: ["A", "B", "C"] });
          const existing = c.breakouts.map((b) => ({ theme: b.theme, members: b.userIds.map((id) => byId.get(id)!) }));
          const keeps = (i: number) => {
            const m = existing[i].members;
            if (rule === "mixed") return !m.some((x) => x.homeGroupId === late.homeGroupId);
            const key = keyOf(rule, late);
            if (key === null) return true;
            if (rule === "theme") return existing[i].theme === key || (existing[i].theme === null && m.every((x) => x.theme === null));
            return m.every((x) => [null, key].includes(keyOf(rule, x)));
          };
          const i = placeLate(existing, late, rule);
          const keepers = existing.map((_, j) => j).filter(keeps);
          if (keepers.length > 0) {
            expect(keeps(i)).toBe(true);
            expect(existing[i].members.length).toBe(Math.min(...keepers.map((j) => existing[j].members.length)));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

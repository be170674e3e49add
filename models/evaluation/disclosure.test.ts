import { describe, expect, it } from "vitest";
import { lineGeometry } from "./chart";
import { type Cell, disclose, guardedMean } from "./disclosure";
import { Instrument } from "./instrument.inputs";
import { INSTRUMENTS } from "./instruments.constants";

const cell = (key: string, n: number, shareable = false): Cell => ({ key, n, shareable });
const shown = (cells: Cell[]) => {
  const d = disclose(cells);
  return { total: d.total, shown: [...d.shown].sort() };
};

describe("the minimum of five (decision 053)", () => {
  it("a mean of four answers is nothing, of five a figure", () => {
    expect(guardedMean([5, 4, 3, 2])).toBeNull();
    expect(guardedMean([5, 4, 3, 2, 1])).toBe(3);
  });

  it.each([
    ["four answers across two groups: nothing", [cell("a", 2), cell("b", 2)], { total: false, shown: [] }],
    ["five across two groups: the total only", [cell("a", 3), cell("b", 2)], { total: true, shown: [] }],
    ["one group alone is never a total (it would be that group's figure)", [cell("a", 9)], { total: false, shown: [] }],
    ["one group alone that shares: its own figure", [cell("a", 9, true)], { total: false, shown: ["a"] }],
    ["a sharing group below five: no breakdown", [cell("a", 4, true), cell("b", 6, true)], { total: true, shown: [] }],
    [
      "all but one part shown would give the last by subtraction: the smallest shown is hidden too",
      [cell("a", 5, true), cell("b", 6, true), cell("c", 3)],
      { total: true, shown: ["b"] },
    ],
    [
      "the hidden rest must hold five answers from two groups: one non-sharing group of five stays hidden",
      [cell("a", 5, true), cell("b", 5)],
      { total: true, shown: [] },
    ],
    [
      "two non-sharing groups of five together may be the rest",
      [cell("a", 5, true), cell("b", 5), cell("c", 5)],
      { total: true, shown: ["a"] },
    ],
    ["every group sharing with five or more: all shown", [cell("a", 5, true), cell("b", 7, true)], { total: true, shown: ["a", "b"] }],
    [
      "groups without answers are no part of it",
      [cell("a", 5, true), cell("b", 6, true), cell("c", 0)],
      { total: true, shown: ["a", "b"] },
    ],
  ])("%s", (_, cells, expected) => {
    expect(shown(cells)).toEqual(expected);
  });

  it("never leaves a shown set whose complement is a small set or a single group (exhaustive over small cases)", () => {
    const ns = [0, 1, 2, 4, 5, 6];
    for (const a of ns)
      for (const b of ns)
        for (const c of ns)
          for (const mask of [0, 1, 2, 3, 4, 5, 6, 7]) {
            const cells = [cell("a", a, !!(mask & 1)), cell("b", b, !!(mask & 2)), cell("c", c, !!(mask & 4))];
            const d = disclose(cells);
            for (const k of d.shown) expect(cells.find((x) => x.key === k)!.n).toBeGreaterThanOrEqual(5);
            if (!d.total) continue;
            const rest = cells.filter((x) => x.n > 0 && !d.shown.has(x.key));
            const restN = rest.reduce((s, x) => s + x.n, 0);
            if (rest.length) {
              expect(restN, JSON.stringify(cells)).toBeGreaterThanOrEqual(5);
              expect(rest.length, JSON.stringify(cells)).toBeGreaterThanOrEqual(2);
            }
          }
  });
});

describe("the instruments as data (decision 052)", () => {
  it.each(Object.values(INSTRUMENTS))("$id parses against the schema, in Dutch and English", (q) => {
    expect(Instrument.parse(q)).toEqual(q);
  });

  it("carries the framework's indicators", () => {
    expect(INSTRUMENTS.culture.indicators.map((d) => d.label.nl)).toEqual([
      "Verbinding en identificatie",
      "Leerklimaat",
      "Gezamenlijke doelen en belangen",
      "Waardering en vertrouwen",
      "Sociale steun",
    ]);
    expect(INSTRUMENTS["reaction-round"].indicators.map((d) => d.id)).toEqual([
      "motivation",
      "satisfaction",
      "usability",
      "usefulness",
      "group_effectiveness",
      "task_cohesion",
      "safety",
    ]);
  });

  it("refuses a duplicate statement id", () => {
    const q = structuredClone(INSTRUMENTS["reaction-meeting"]);
    q.indicators[1].items[0].id = q.indicators[0].items[0].id;
    expect(Instrument.safeParse(q).success).toBe(false);
  });
});

describe("line chart geometry (decision 054)", () => {
  it("breaks the line at a missing value and keeps the dots", () => {
    const g = lineGeometry(4, [{ key: "x", values: [1, 5, null, 3] }]);
    expect(g.series[0].paths).toHaveLength(2);
    expect(g.series[0].dots.map((d) => d.value)).toEqual([1, 5, 3]);
    expect(g.ticks.map((t) => t.value)).toEqual([1, 2, 3, 4, 5]);
    expect(g.series[0].dots[1].y).toBeLessThan(g.series[0].dots[0].y);
  });
});

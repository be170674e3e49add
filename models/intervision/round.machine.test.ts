import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtInProtocols } from "./protocols/index";
import { ROUND_MODES, type RoundAction } from "./round.inputs";
import { initialState, reduce, stepsOf, type RoundState } from "./round.machine";
import { canSee, viewOf } from "./round.view";

// The machine under random actions by random members (fast-check): it never has two current steps
// (one index, in range, entered once per visit), a refused action changes nothing, and a reveal
// shows exactly what was written in that visit, to everyone at once.

const protocols = builtInProtocols();
const ids = (n: number) => Array.from({ length: n }, (_, i) => `u${i}`.padEnd(24, "0"));
const T0 = 1_800_000_000_000;

const actionArb = (pool: string[]): fc.Arbitrary<(s: RoundState) => RoundAction> => {
  const cid = fc.constantFrom("c-aaaaaaaa", "c-bbbbbbbb", "c-cccccccc", "c-dddddddd", "c-eeeeeeee", "c-ffffffff");
  const who = fc.constantFrom(...pool);
  const seenOf = (fresh: boolean) => (s: RoundState) => (fresh ? s.version : Math.max(0, s.version - 1));
  const move = (type: "next" | "back" | "skip" | "loop") =>
    fc.boolean().map((fresh) => (s: RoundState) => ({ type, seen: seenOf(fresh)(s) }));
  const fixed = (a: RoundAction) => fc.constant(() => a);
  return fc.oneof(
    { weight: 6, arbitrary: move("next") },
    move("back"),
    move("skip"),
    move("loop"),
    fixed({ type: "start" }),
    fixed({ type: "finish" }),
    fixed({ type: "pause" }),
    fixed({ type: "resume" }),
    fixed({ type: "extend", minutes: 2 }),
    { weight: 3, arbitrary: fixed({ type: "reveal" }) },
    fixed({ type: "done" }),
    fixed({ type: "end_turn" }),
    fixed({ type: "raise_hand" }),
    fixed({ type: "lower_hand" }),
    who.map((to) => () => ({ type: "give_word", to }) as RoundAction),
    who.map((to) => () => ({ type: "hand_chair", to }) as RoundAction),
    fc.constantFrom("brainstorming", "headstand", "nonsense").map((module) => () => ({ type: "choose", module }) as RoundAction),
    {
      weight: 12,
      arbitrary: fc
        .record({
          id: cid,
          kind: fc.constantFrom(
            undefined,
            undefined,
            undefined,
            "notes",
            "questions",
            "positions",
            "action_points",
            "problem_formulations",
          ),
        })
        .map(
          ({ id, kind }) =>
            () =>
              ({ type: "contribute", id, text: `text ${id}`, ...(kind ? { kind } : {}), due: "2027-01-01" }) as RoundAction,
        ),
    },
    cid.map((contribution) => () => ({ type: "rate", contribution, rating: "++" }) as RoundAction),
    cid.map((contribution) => () => ({ type: "take", contribution, taken: true }) as RoundAction),
    cid.map((contribution) => () => ({ type: "pick", contribution }) as RoundAction),
  );
};

const scenario = fc
  .record({ protocol: fc.integer({ min: 0, max: protocols.length - 1 }), members: fc.integer({ min: 3, max: 6 }) })
  .chain(({ protocol, members }) => {
    const pool = ids(members);
    return fc.record({
      protocol: fc.constant(protocols[protocol]),
      pool: fc.constant(pool),
      // Three ways to meet (decision 045): the same rules hold live, in the room and in writing.
      mode: fc.constantFrom(...ROUND_MODES),
      steps: fc.array(
        fc.record({
          actor: fc.oneof(fc.constant(pool[1]), fc.constantFrom(...pool, "outsider".padEnd(24, "0"))),
          action: actionArb(pool),
          dt: fc.integer({ min: 0, max: 90_000 }),
        }),
        {
          minLength: 30,
          maxLength: 120,
        },
      ),
    });
  });

describe("round machine (property)", () => {
  it("one current step, refusals change nothing, a reveal shows exactly what was written", () => {
    const reached = { contributions: 0, revealsWithContent: 0, moves: 0, walks: 0 };
    fc.assert(
      fc.property(scenario, fc.boolean(), ({ protocol, pool, mode, steps }, startFirst) => {
        let now = T0;
        const planned = initialState({ protocol, members: pool, roles: { inbrenger: pool[0], chair: pool[1] }, mode, days: 1, now });
        // Most walks start (a planned round refuses nearly everything); some stay planned.
        const started = startFirst ? reduce(planned, { type: "start" }, pool[1], now) : { state: planned };
        if (!("state" in started)) throw new Error("start refused");
        let s = started.state;
        reached.walks += steps.length;
        for (const { actor, action, dt } of steps) {
          now += dt;
          const before = structuredClone(s);
          const a = action(s);
          const r = reduce(s, a, actor, now);
          if ("refused" in r) {
            expect(s).toEqual(before); // nothing changed, not even in place
            continue;
          }
          const after = r.state;
          expect(s).toEqual(before);
          if (after !== s) expect(after.version).toBe(s.version + 1);
          // one current step: a single index, in range, and a new visit exactly when it moved
          const count = stepsOf(after).length;
          expect(Number.isInteger(after.step) && after.step >= 0 && after.step < count).toBe(true);
          if (after.step !== s.step || after.status !== s.status) expect(after.visit).toBeGreaterThanOrEqual(s.visit);
          if (a.type === "contribute" && after !== s) reached.contributions++;
          if (a.type === "next" || a.type === "loop" || a.type === "back") reached.moves++;
          if (a.type === "reveal") {
            const written = after.contributions
              .filter((c) => c.visit === after.visit)
              .map((c) => c.id)
              .sort();
            if (written.length > 0) reached.revealsWithContent++;
            for (const viewer of pool) {
              const seen = after.contributions
                .filter((c) => c.visit === after.visit && canSee(after, c, viewer))
                .map((c) => c.id)
                .sort();
              expect(seen).toEqual(written);
            }
          } else {
            // before a reveal, nobody sees another's hidden contribution, the chair included
            for (const viewer of pool)
              for (const c of after.contributions)
                if (c.hidden && !after.revealed.includes(c.visit) && c.authorId !== viewer) expect(canSee(after, c, viewer)).toBe(false);
          }
          // the projection never carries what canSee forbids
          const view = viewOf(
            after,
            { id: "r", groupId: "g", caseQuestion: "q", whatIDid: "secret", lookBack: null },
            pool[2],
            new Map(),
            now,
          );
          const visible = new Set(after.contributions.filter((c) => canSee(after, c, pool[2])).map((c) => c.id));
          expect(view.contributions.every((c) => visible.has(c.id))).toBe(true);
          s = after;
        }
      }),
      { numRuns: 100 },
    );
    // The random walks did reach what the properties are about.
    expect(reached.contributions).toBeGreaterThan(50);
    expect(reached.moves).toBeGreaterThan(50);
  });

  it("a silent writing step: before the reveal each sees only their own, after it everyone sees exactly what was written", () => {
    const tenStep = protocols.find((p) => p.id === "ten-step")!;
    let revealsWithContent = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 6 }).chain((n) =>
          fc.record({
            pool: fc.constant(ids(n)),
            writes: fc.array(fc.record({ who: fc.nat(n - 1), id: fc.stringMatching(/^[a-z]{8}$/), reveal: fc.nat(9) }), {
              minLength: 1,
              maxLength: 40,
            }),
          }),
        ),
        ({ pool, writes }) => {
          const chair = pool[1];
          let s = initialState({ protocol: tenStep, members: pool, roles: { inbrenger: pool[0], chair }, mode: "live", now: T0 });
          for (const a of [{ type: "start" }, { type: "next", seen: 2 }] as RoundAction[]) {
            const r = reduce(s, a, chair, T0);
            if (!("state" in r)) throw new Error(`refused ${JSON.stringify(r)}`);
            s = r.state;
          }
          expect(stepsOf(s)[s.step].visibility).toBe("hidden_until_reveal");
          for (const w of writes) {
            if (w.reveal === 0) {
              const r = reduce(s, { type: "reveal" }, chair, T0);
              if ("refused" in r) continue;
              s = r.state;
              const written = s.contributions.map((c) => c.id).sort();
              if (written.length) revealsWithContent++;
              for (const viewer of pool)
                expect(
                  s.contributions
                    .filter((c) => canSee(s, c, viewer))
                    .map((c) => c.id)
                    .sort(),
                ).toEqual(written);
              continue;
            }
            const r = reduce(s, { type: "contribute", id: `c-${w.id}`, text: w.id }, pool[w.who], T0 + 1000);
            if ("refused" in r) {
              expect(["no_right", "inbrenger_muted", "revealed", "not_found"]).toContain(r.refused);
              continue;
            }
            s = r.state;
            for (const viewer of pool) {
              const views = viewOf(s, { id: "r", groupId: "g", caseQuestion: "q", whatIDid: null, lookBack: null }, viewer, new Map(), T0);
              const expected = s.revealed.length ? s.contributions : s.contributions.filter((c) => c.authorId === viewer);
              expect(views.contributions.map((c) => c.id).sort()).toEqual(expected.map((c) => c.id).sort());
            }
          }
        },
      ),
      { numRuns: 100 },
    );
    expect(revealsWithContent).toBeGreaterThan(10);
  });

  it("the timer runs from stored timestamps: a hard end closes input at `now`, a pause stops the clock, an extension reopens it", () => {
    const pool = ids(4);
    const tenStep = protocols.find((p) => p.id === "ten-step")!;
    const ok = (r: ReturnType<typeof reduce>) => {
      if (!("state" in r)) throw new Error(`refused ${r.refused}`);
      return r.state;
    };
    let s = ok(
      reduce(
        initialState({ protocol: tenStep, members: pool, roles: { inbrenger: pool[0], chair: pool[1] }, mode: "live", now: T0 }),
        { type: "start" },
        pool[1],
        T0,
      ),
    );
    // step 0 ("describe", soft end): over time is only a warning, the chair's notes still go in
    expect(stepsOf(s)[0].timer.end).toBe("soft");
    const late = T0 + 60 * 60_000;
    s = ok(reduce(s, { type: "contribute", id: "c-soft0001", text: "notitie" }, pool[1], late));
    s = ok(reduce(s, { type: "next", seen: s.version }, pool[1], late));
    const step = stepsOf(s)[1];
    expect(step.timer.end).toBe("hard");
    const end = late + step.timer.minutes * 60_000;
    const write = (id: string, at: number) => reduce(s, { type: "contribute", id, text: id }, pool[2], at);
    ok(write("c-hard0001", end - 1));
    expect(write("c-hard0002", end)).toEqual({ refused: "time_up" });
    // paused for ten minutes before the end: those ten minutes do not count
    s = ok(reduce(s, { type: "pause" }, pool[1], end - 60_000));
    s = ok(reduce(s, { type: "resume" }, pool[1], end + 9 * 60_000));
    ok(write("c-hard0003", end + 9 * 60_000 + 59_000));
    expect(write("c-hard0004", end + 10 * 60_000)).toEqual({ refused: "time_up" });
    // the chair extends: open again
    s = ok(reduce(s, { type: "extend", minutes: 5 }, pool[1], end + 10 * 60_000));
    ok(write("c-hard0005", end + 14 * 60_000));
    expect(reduce(s, { type: "extend", minutes: 5 }, pool[3], end)).toEqual({ refused: "not_chair" });
  });

  it("two presses of next on the same screen advance one step", () => {
    const pool = ids(4);
    const start = reduce(
      initialState({ protocol: protocols[0], members: pool, roles: { inbrenger: pool[0], chair: pool[1] }, mode: "live", now: T0 }),
      { type: "start" },
      pool[1],
      T0,
    );
    if (!("state" in start)) throw new Error("start refused");
    const seen = start.state.version;
    const first = reduce(start.state, { type: "next", seen }, pool[1], T0);
    if (!("state" in first)) throw new Error("next refused");
    expect(first.state.step).toBe(1);
    expect(reduce(first.state, { type: "next", seen }, pool[1], T0)).toEqual({ refused: "stale" });
  });
});

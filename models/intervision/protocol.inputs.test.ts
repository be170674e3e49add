import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fieldError, isMessageKey } from "../i18n/i18n";
import { Protocol, type ProtocolInput } from "./protocol.inputs";
import { problemSolving } from "./protocols/problem-solving";
import { troika } from "./protocols/troika";
import { kollegialeBeratung } from "./protocols/kollegiale-beratung";

const clone = <T>(v: T): T => structuredClone(v) as T;
/** The codes of the issues the schema finds, with their paths. */
const codes = (p: unknown) => {
  const r = Protocol.safeParse(p);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}:${i.message}`);
};

describe("Protocol schema", () => {
  it("accepts a small valid protocol", () => {
    expect(codes(problemSolving)).toEqual([]);
  });

  const cases: [string, (p: ProtocolInput) => void, string][] = [
    [
      "duplicate phase ids",
      (p) => {
        p.phases[1].id = p.phases[0].id;
      },
      "phases.1.id:protocol_duplicate_phase",
    ],
    [
      "a loop to a later phase",
      (p) => {
        p.phases[3].loop = { ...p.phases[3].loop!, to: "react" };
        p.phases[1].loop = { ...p.phases[3].loop, to: "advise" };
      },
      "phases.1.loop.to:protocol_loop_target",
    ],
    [
      "a loop to a missing phase",
      (p) => {
        p.phases[3].loop = { ...p.phases[3].loop!, to: "nowhere" };
      },
      "phases.3.loop.to:protocol_loop_target",
    ],
    [
      "a member writing in an oral phase",
      (p) => {
        p.phases[1].writers = ["member"];
      },
      "phases.1.writers:protocol_oral_writers",
    ],
    [
      "the inbrenger speaking while listening",
      (p) => {
        p.phases[2].speakers = ["member", "inbrenger"];
      },
      "phases.2.inbrenger:protocol_inbrenger_muted",
    ],
    [
      "a speaking inbrenger not among the speakers",
      (p) => {
        p.phases[0].speakers = ["chair"];
      },
      "phases.0.inbrenger:protocol_inbrenger_not_speaker",
    ],
    [
      "a hidden oral phase",
      (p) => {
        p.phases[1].visibility = "hidden_until_reveal";
      },
      "phases.1.visibility:protocol_hidden_needs_written",
    ],
    [
      "no inbrenger role",
      (p) => {
        p.roles = p.roles.filter((r) => r.role !== "inbrenger");
      },
      "roles:protocol_needs_inbrenger",
    ],
    [
      "an optional inbrenger",
      (p) => {
        p.roles[0] = { role: "inbrenger", required: false };
      },
      "roles:protocol_needs_inbrenger",
    ],
    [
      "no chair",
      (p) => {
        p.roles = p.roles.filter((r) => r.role !== "chair");
      },
      "roles:protocol_needs_chair",
    ],
    [
      "a role used but not declared",
      (p) => {
        p.roles = p.roles.filter((r) => r.role !== "scribe");
      },
      "phases.0.writers:protocol_undeclared_role",
    ],
    [
      "an unknown role",
      (p) => {
        (p.phases[0].speakers as string[]).push("boss");
      },
      "phases.0.speakers.1:protocol_unknown_role",
    ],
    [
      "a zero-minute timer",
      (p) => {
        p.phases[0].timer.minutes = 0;
      },
      "phases.0.timer.minutes:protocol_timer_range",
    ],
    [
      "a three-hour timer",
      (p) => {
        p.phases[0].timer.minutes = 180;
      },
      "phases.0.timer.minutes:protocol_timer_range",
    ],
    [
      "a missing English text",
      (p) => {
        p.phases[0].name.en = "  ";
      },
      "phases.0.name.en:protocol_text_missing",
    ],
    [
      "a too long name",
      (p) => {
        p.name.nl = "x".repeat(81);
      },
      "name.nl:protocol_text_too_long",
    ],
    [
      "a bad phase id",
      (p) => {
        p.phases[0].id = "Vraag 1";
      },
      "phases.0.id:protocol_bad_id",
    ],
    [
      "31 phases",
      (p) => {
        p.phases = Array.from({ length: 31 }, (_, i) => ({ ...p.phases[0], id: `p${i}` }));
      },
      "phases:protocol_too_many_phases",
    ],
    [
      "no phases",
      (p) => {
        p.phases = [];
      },
      "phases:protocol_no_phases",
    ],
    [
      "a loop going round six times",
      (p) => {
        p.phases[3].loop!.max = 6;
      },
      "phases.3.loop.max:protocol_too_many_loops",
    ],
    [
      "an unknown field",
      (p) => {
        (p as Record<string, unknown>).script = "alert(1)";
      },
      ":invalid",
    ],
  ];
  it.each(cases)("refuses %s with a localised code", (_, change, expected) => {
    const p = clone(problemSolving) as ProtocolInput;
    change(p);
    const found = codes(p);
    expect(
      found.some((c) => c === expected || (expected.startsWith(":") && c.endsWith(expected))),
      found.join(", "),
    ).toBe(true);
  });

  it("refuses repeats past 10, a backwards range and a loop that leaves the repeated block", () => {
    const p = clone(troika) as ProtocolInput;
    p.repeat = { ...p.repeat!, times: 11 };
    expect(codes(p)).toContain("repeat.times:protocol_too_many_repeats");
    p.repeat = { ...p.repeat, times: 3, from: "valuable", to: "challenge" };
    expect(codes(p)).toContain("repeat:protocol_repeat_range");
    const q = clone(problemSolving) as ProtocolInput;
    q.repeat = { from: "advise", to: "react", times: 2, rotate: ["inbrenger"] };
    expect(codes(q)).toContain("phases.3.loop.to:protocol_loop_crosses_repeat");
  });

  it("checks a method choice: a later target, distinct modules, and each module's rules", () => {
    const p = clone(kollegialeBeratung) as ProtocolInput;
    const method = p.phases.findIndex((ph) => ph.choice);
    p.phases[method].choice!.appliesTo = "casting";
    expect(codes(p)).toContain(`phases.${method}.choice.appliesTo:protocol_choice_target`);
    const q = clone(kollegialeBeratung) as ProtocolInput;
    const mods = q.phases[method].choice!.modules;
    mods[1].id = mods[0].id;
    mods[2].writers = ["member"];
    expect(codes(q)).toEqual(
      expect.arrayContaining([
        `phases.${method}.choice.modules:protocol_duplicate_module`,
        `phases.${method}.choice.modules.2.writers:protocol_oral_writers`,
      ]),
    );
    q.phases[method].choice!.modules = mods.slice(0, 1);
    expect(codes(q)).toContain(`phases.${method}.choice.modules:protocol_too_few_modules`);
  });

  it("has a Dutch and an English text for every code the schema uses", () => {
    const source = readFileSync(new URL("./protocol.inputs.ts", import.meta.url), "utf8");
    const used = [...new Set([...source.matchAll(/"(protocol_[a-z_]+)"/g)].map((m) => m[1]))];
    expect(used.length).toBeGreaterThan(20);
    for (const code of used) {
      expect(isMessageKey(`error.${code}`), code).toBe(true);
      expect(fieldError("nl", code)).not.toBe(fieldError("nl", "invalid"));
      expect(fieldError("en", code)).not.toBe(fieldError("en", "invalid"));
    }
  });
});

describe("docs/PROTOCOLS.md", () => {
  it("its example is a valid protocol", () => {
    const doc = readFileSync(new URL("../../docs/PROTOCOLS.md", import.meta.url), "utf8");
    const block = /```ts\nexport const \w+ = ([\s\S]*?) satisfies ProtocolInput;\n```/.exec(doc)?.[1];
    expect(block).toBeDefined();
    const example: unknown = new Function(`return (${block});`)();
    expect(codes(example)).toEqual([]);
  });
});

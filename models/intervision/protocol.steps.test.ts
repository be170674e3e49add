import { describe, expect, it } from "vitest";
import { expandProtocol } from "./protocol.steps";
import { builtInProtocols } from "./protocols/index";

const byId = Object.fromEntries(builtInProtocols().map((p) => [p.id, p]));

describe("expandProtocol", () => {
  it("troika with 3 members: three rounds of four steps, each with a different client", () => {
    const steps = expandProtocol(byId.troika, 3);
    expect(steps).toHaveLength(12);
    expect(steps.map((s) => s.index)).toEqual([...Array(12).keys()]);
    const clients = [0, 1, 2].map((r) => {
      const round = steps.filter((s) => s.repetition === r);
      expect(round.map((s) => s.phaseId)).toEqual(["challenge", "clarify", "consult", "valuable"]);
      const seats = new Set(round.map((s) => s.seats.inbrenger));
      expect(seats.size).toBe(1);
      return [...seats][0];
    });
    expect(new Set(clients)).toEqual(new Set([0, 1, 2]));
  });

  it("wraps the rotation round when there are fewer members than repeats", () => {
    const steps = expandProtocol(byId.troika, 2);
    expect(steps.filter((s) => s.phaseId === "challenge").map((s) => s.seats.inbrenger)).toEqual([0, 1, 0]);
  });

  it("leaves a protocol without repeat as its phases, loops pointing at the step to go back to", () => {
    const steps = expandProtocol(byId["problem-solving"], 6);
    expect(steps.map((s) => s.phaseId)).toEqual(byId["problem-solving"].phases.map((p) => p.id));
    const react = steps.find((s) => s.phaseId === "react");
    expect(react?.loop?.to).toBe(steps.findIndex((s) => s.phaseId === "ask"));
    expect(steps.every((s) => s.repetition === 0 && Object.keys(s.seats).length === 0)).toBe(true);
  });

  it("applies a chosen method module to the phase it shapes, and marks the choice", () => {
    const kb = byId["kollegiale-beratung"];
    const plain = expandProtocol(kb, 5);
    const choice = plain.find((s) => s.choice);
    expect(choice?.choice?.modules).toContain("resonance");
    const target = plain[choice?.choice?.appliesTo ?? -1];
    expect(target.phaseId).toBe("consultation");
    expect(target.module).toBeUndefined();
    const chosen = expandProtocol(kb, 5, { method: "resonance" })[target.index];
    expect(chosen).toMatchObject({ module: "resonance", turns: "round_robin", inbrenger: "listening", timer: { minutes: 10 } });
    expect(chosen.name.en).toBe("Resonance round");
    // An unknown module leaves the default rules.
    expect(expandProtocol(kb, 5, { method: "nope" })[target.index].module).toBeUndefined();
  });

  it("refuses a member count outside 1..50", () => {
    for (const n of [0, -1, 1.5, 51]) expect(() => expandProtocol(byId.troika, n)).toThrow(RangeError);
  });
});

import { describe, expect, it } from "vitest";
import { type Phase, Protocol } from "../protocol.inputs";
import { BUILT_IN_PROTOCOL_DATA, builtInProtocols } from "./index";

// Every built-in protocol parses, and keeps the properties INTERVISION.md gives it.

const byId = Object.fromEntries(builtInProtocols().map((p) => [p.id, p]));
const phase = (protocolId: string, phaseId: string): Phase => {
  const found = byId[protocolId].phases.find((p) => p.id === phaseId);
  if (!found) throw new Error(`${protocolId}/${phaseId} missing`);
  return found;
};
const minutes = (id: string) => byId[id].phases.reduce((sum, p) => sum + p.timer.minutes, 0);

/** Every {nl, en} text inside a value, with its path. */
function texts(v: unknown, path = ""): [string, unknown][] {
  if (Array.isArray(v)) return v.flatMap((x, i) => texts(x, `${path}.${i}`));
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if ("nl" in o || "en" in o)
      return [
        [`${path}.nl`, o.nl],
        [`${path}.en`, o.en],
      ];
    return Object.entries(o).flatMap(([k, x]) => texts(x, `${path}.${k}`));
  }
  return [];
}

describe("built-in protocols", () => {
  it("are the nine of INTERVISION.md, each valid, with distinct ids", () => {
    expect(BUILT_IN_PROTOCOL_DATA.map((p) => p.id)).toEqual([
      "incident",
      "ten-step",
      "gossip",
      "balint",
      "reflecting-team",
      "problem-solving",
      "consultancy",
      "troika",
      "kollegiale-beratung",
    ]);
    for (const p of BUILT_IN_PROTOCOL_DATA) {
      const r = Protocol.safeParse(p);
      expect(r.error?.issues ?? [], p.id).toEqual([]);
    }
  });

  it("fill every text in Dutch and in English, and the two differ somewhere", () => {
    for (const p of BUILT_IN_PROTOCOL_DATA) {
      const all = texts(p);
      expect(all.length, p.id).toBeGreaterThan(4);
      for (const [path, t] of all) expect(typeof t === "string" && t.trim().length > 0, `${p.id}${path}`).toBe(true);
      expect(p.name.nl === p.name.en && p.summary.nl === p.summary.en, p.id).toBe(false);
    }
  });

  it("incident method: ten rounds after the look back, two silent written phases hidden until the reveal, the inbrenger muted in 5 and 7", () => {
    const p = byId.incident;
    expect(p.phases).toHaveLength(11);
    const silent = p.phases.filter((ph) => ph.visibility === "hidden_until_reveal");
    expect(silent.map((ph) => ph.id)).toEqual(["write-questions", "write-positions"]);
    for (const ph of silent) {
      expect(ph.input).toBe("written");
      expect(ph.speakers).not.toContain("inbrenger");
      expect(ph.artefacts.length).toBeGreaterThan(0);
    }
    expect(phase("incident", "write-questions").artefacts).toContain("questions");
    expect(phase("incident", "write-positions").artefacts).toContain("positions");
    expect(phase("incident", "sketch").speakers).toEqual(["inbrenger"]);
    expect(phase("incident", "analysis").inbrenger).toBe("listening");
    expect(phase("incident", "read-positions").inbrenger).toBe("listening");
    expect(p.phases.filter((ph) => ph.turns === "round_robin").map((ph) => ph.id)).toEqual(
      expect.arrayContaining(["information", "read-positions"]),
    );
    expect(minutes("incident")).toBeGreaterThanOrEqual(75);
    expect(minutes("incident")).toBeLessThanOrEqual(100);
  });

  it("ten-step method: written questions the inbrenger rates, problem formulations revealed together, about two hours", () => {
    expect(byId["ten-step"].phases).toHaveLength(10);
    expect(phase("ten-step", "write-questions")).toMatchObject({ input: "written", visibility: "hidden_until_reveal" });
    expect(phase("ten-step", "rate-questions")).toMatchObject({ speakers: ["inbrenger"], artefacts: ["ratings"] });
    expect(phase("ten-step", "formulate")).toMatchObject({ visibility: "hidden_until_reveal", artefacts: ["problem_formulations"] });
    expect(phase("ten-step", "advice").inbrenger).toBe("listening");
    expect(minutes("ten-step")).toBeGreaterThanOrEqual(100);
  });

  it("gossip method: the inbrenger turned away while only the members talk, in themed rounds", () => {
    const g = phase("gossip", "gossip");
    expect(g.inbrenger).toBe("turned_away");
    expect(g.speakers).not.toContain("inbrenger");
    expect(g.timer.minutes).toBe(15);
    expect(g.loop?.to).toBe("gossip");
    expect(byId.gossip.phases.filter((ph) => ph.inbrenger === "turned_away")).toHaveLength(1);
  });

  it("Balint: the presenter pushed back and listening during the group work, about 45 minutes", () => {
    expect(phase("balint", "group-work")).toMatchObject({ inbrenger: "listening" });
    expect(phase("balint", "tell").speakers).toEqual(["inbrenger"]);
    expect(minutes("balint")).toBeGreaterThanOrEqual(40);
    expect(minutes("balint")).toBeLessThanOrEqual(55);
  });

  it("reflecting team: the team silent in the interview, the inbrenger listening to the reflection, an optional second cycle", () => {
    expect(phase("reflecting-team", "interview").speakers).toEqual(["inbrenger", "chair"]);
    expect(phase("reflecting-team", "reflection")).toMatchObject({ speakers: ["member"], inbrenger: "listening" });
    expect(phase("reflecting-team", "response").loop).toMatchObject({ to: "interview", max: 1 });
  });

  it("problem-solving method: loops back to the questions when the inbrenger is not helped", () => {
    const react = phase("problem-solving", "react");
    expect(react.loop?.to).toBe("ask");
    expect(react.loop?.condition.nl).toMatch(/niet geholpen/);
    expect(phase("problem-solving", "advise").inbrenger).toBe("listening");
  });

  it("consultancy protocol: six steps in 50 minutes, the presenter silent during the discussion", () => {
    expect(byId.consultancy.phases).toHaveLength(6);
    expect(minutes("consultancy")).toBe(50);
    expect(phase("consultancy", "discussion").inbrenger).toBe("listening");
  });

  it("troika consulting: four steps repeated three times, the client rotating and turned away while the consultants talk", () => {
    expect(byId.troika.repeat).toEqual({ from: "challenge", to: "valuable", times: 3, rotate: ["inbrenger"] });
    expect(phase("troika", "consult").inbrenger).toBe("turned_away");
    expect(minutes("troika") * 3).toBeLessThanOrEqual(35);
  });

  it("Kollegiale Beratung: six phases, a method choice shaping the consultation, the narrator only listening", () => {
    expect(byId["kollegiale-beratung"].phases).toHaveLength(6);
    const method = phase("kollegiale-beratung", "method");
    expect(method.choice?.appliesTo).toBe("consultation");
    expect(method.choice?.modules.length).toBeGreaterThanOrEqual(3);
    for (const m of method.choice?.modules ?? []) expect(m.inbrenger, m.id).toBe("listening");
    expect(phase("kollegiale-beratung", "consultation")).toMatchObject({ inbrenger: "listening", timer: { minutes: 10 } });
  });

  it("in every oral phase only the chair or the scribe writes", () => {
    for (const p of builtInProtocols())
      for (const ph of p.phases)
        if (ph.input === "oral")
          expect(
            ph.writers.every((w) => w === "chair" || w === "scribe"),
            `${p.id}/${ph.id}`,
          ).toBe(true);
  });
});

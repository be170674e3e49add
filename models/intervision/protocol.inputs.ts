import { z } from "zod";

// An intervision protocol as data (docs/PROTOCOLS.md, docs/decisions/028-protocols-as-data.md):
// roles, phases with their rules, and the structure beyond a list (a repeated block with rotating
// roles, loops back to an earlier phase, a phase in which the group chooses a method module).
// Pure zod, safe in the browser. Every message is a code; fieldError() shows it as error.<code>.

export const PROTOCOL_LIMITS = {
  phases: 30,
  repeats: 10,
  loops: 5,
  modules: 8,
  name: 80,
  instruction: 1000,
  minutes: 120,
  id: 40,
} as const;

/** The roles of one run. `member`: everyone in the round who holds none of the others. */
export const ROLE_KINDS = ["inbrenger", "chair", "timekeeper", "scribe", "observer", "member"] as const;
export type RoleKind = (typeof ROLE_KINDS)[number];
/** What the inbrenger does in a phase: speaks, only listens, or is turned away (hidden from view, muted). */
export const INBRENGER_MODES = ["speaking", "listening", "turned_away"] as const;
export const TURN_ORDERS = ["free", "round_robin", "queue"] as const;
export const INPUT_MODES = ["oral", "written", "chat"] as const;
export const VISIBILITIES = ["live", "hidden_until_reveal"] as const;
export const TIMER_ENDS = ["soft", "hard"] as const;
/** What a phase may reveal of the inbrenger's preparation (decision 033): "what I did" (incident method). */
export const REVEALS = ["what_i_did"] as const;
export const ARTEFACT_KINDS = [
  "questions",
  "ratings",
  "problem_formulations",
  "positions",
  "advice_cards",
  "action_points",
  "notes",
  "insights",
] as const;
/** Who may enter input in an oral phase (notes): people talk there rather than type. */
export const ORAL_WRITERS: readonly RoleKind[] = ["chair", "scribe"];

const text = (max: number) =>
  z
    .string("protocol_text_missing")
    .trim()
    .min(1, "protocol_text_missing")
    .max(max, "protocol_text_too_long")
    .refine((s) => !s.includes("\u0000"), "invalid");
/** A text in both languages of the app. */
export const LocalText = (max: number) => z.strictObject({ nl: text(max), en: text(max) }, "protocol_text_missing");
export type LocalText = z.infer<ReturnType<typeof LocalText>>;

const id = z
  .string("invalid")
  .max(PROTOCOL_LIMITS.id, "too_long")
  .regex(/^[a-z][a-z0-9-]*$/, "protocol_bad_id");
const role = z.enum(ROLE_KINDS, "protocol_unknown_role");
const roleList = z
  .array(role)
  .max(ROLE_KINDS.length, "invalid")
  .refine((rs) => new Set(rs).size === rs.length, "protocol_duplicate_role");

export const PhaseTimer = z.strictObject(
  {
    minutes: z.number("invalid").int("invalid").min(1, "protocol_timer_range").max(PROTOCOL_LIMITS.minutes, "protocol_timer_range"),
    end: z.enum(TIMER_ENDS, "invalid"),
  },
  "invalid",
);

/** The rules of a phase a method module may replace (Kollegiale Beratung's consultation). */
const phaseRules = {
  /** Who may speak (oral) or contribute (written, chat); empty: a silent phase. */
  speakers: roleList,
  /** Who may enter input into the app; in an oral phase only the chair or the scribe (notes). */
  writers: roleList,
  inbrenger: z.enum(INBRENGER_MODES, "invalid"),
  turns: z.enum(TURN_ORDERS, "invalid"),
  input: z.enum(INPUT_MODES, "invalid"),
  visibility: z.enum(VISIBILITIES, "invalid"),
  artefacts: z
    .array(z.enum(ARTEFACT_KINDS, "invalid"))
    .max(ARTEFACT_KINDS.length, "invalid")
    .refine((a) => new Set(a).size === a.length, "invalid"),
};

export const MethodModule = z.strictObject(
  {
    id,
    name: LocalText(PROTOCOL_LIMITS.name),
    instruction: LocalText(PROTOCOL_LIMITS.instruction),
    ...phaseRules,
  },
  "invalid",
);

export const Phase = z.strictObject(
  {
    id,
    name: LocalText(PROTOCOL_LIMITS.name),
    instruction: LocalText(PROTOCOL_LIMITS.instruction),
    ...phaseRules,
    timer: PhaseTimer,
    /** This phase opens with the inbrenger's prepared part revealed to all, kept hidden till then (decision 033). */
    reveals: z.enum(REVEALS, "invalid").optional(),
    /** After this phase the chair decides whether `condition` holds; if so the round goes back to `to`
     *  (an earlier phase, or this one), at most `max` times. */
    loop: z
      .strictObject(
        {
          to: id,
          condition: LocalText(PROTOCOL_LIMITS.name * 2),
          max: z.number("invalid").int("invalid").min(1, "invalid").max(PROTOCOL_LIMITS.loops, "protocol_too_many_loops"),
        },
        "invalid",
      )
      .optional(),
    /** In this phase the group chooses one module; its rules then apply to the later phase `appliesTo`. */
    choice: z
      .strictObject(
        {
          appliesTo: id,
          modules: z.array(MethodModule).min(2, "protocol_too_few_modules").max(PROTOCOL_LIMITS.modules, "protocol_too_many_modules"),
        },
        "invalid",
      )
      .optional(),
  },
  "invalid",
);

type PhaseShape = Omit<z.infer<typeof MethodModule>, "id" | "name" | "instruction">;

/** Where a phase's (or a module's) rules break the grammar: [path inside it, code]. */
function ruleIssues(p: PhaseShape): [string, string][] {
  const out: [string, string][] = [];
  if (p.input === "oral" && p.writers.some((w) => !ORAL_WRITERS.includes(w))) out.push(["writers", "protocol_oral_writers"]);
  if (p.input !== "oral" && p.writers.some((w) => !p.speakers.includes(w))) out.push(["writers", "protocol_writer_not_speaker"]);
  if (p.inbrenger !== "speaking" && (p.speakers.includes("inbrenger") || p.writers.includes("inbrenger")))
    out.push(["inbrenger", "protocol_inbrenger_muted"]);
  if (p.inbrenger === "speaking" && !p.speakers.includes("inbrenger")) out.push(["inbrenger", "protocol_inbrenger_not_speaker"]);
  if (p.visibility === "hidden_until_reveal" && p.input !== "written") out.push(["visibility", "protocol_hidden_needs_written"]);
  return out;
}

export const Protocol = z
  .strictObject(
    {
      id,
      /** Bumped by whoever edits the definition; a running round keeps the version it started with. */
      version: z.number("invalid").int("invalid").min(1, "invalid").max(1_000_000, "invalid"),
      name: LocalText(PROTOCOL_LIMITS.name),
      summary: LocalText(PROTOCOL_LIMITS.instruction),
      /** The roles this protocol uses; `required: false` for optional ones (observer, timekeeper). */
      roles: z
        .array(z.strictObject({ role, required: z.boolean("invalid") }, "invalid"))
        .min(1, "protocol_needs_inbrenger")
        .max(ROLE_KINDS.length, "invalid"),
      phases: z.array(Phase).min(1, "protocol_no_phases").max(PROTOCOL_LIMITS.phases, "protocol_too_many_phases"),
      /** The block from `from` to `to` (inclusive) runs `times` times; each time the roles in `rotate`
       *  pass to the next member (troika: three rounds, each member the client once). */
      repeat: z
        .strictObject(
          {
            from: id,
            to: id,
            times: z.number("invalid").int("invalid").min(2, "invalid").max(PROTOCOL_LIMITS.repeats, "protocol_too_many_repeats"),
            rotate: roleList.min(1, "invalid"),
          },
          "invalid",
        )
        .optional(),
    },
    "invalid",
  )
  .superRefine((p, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    const roleKinds = p.roles.map((r) => r.role);
    if (new Set(roleKinds).size !== roleKinds.length) issue(["roles"], "protocol_duplicate_role");
    if (!p.roles.some((r) => r.role === "inbrenger" && r.required)) issue(["roles"], "protocol_needs_inbrenger");
    if (!p.roles.some((r) => r.role === "chair" && r.required)) issue(["roles"], "protocol_needs_chair");
    const index = new Map<string, number>();
    p.phases.forEach((ph, i) => {
      if (index.has(ph.id)) issue(["phases", i, "id"], "protocol_duplicate_phase");
      else index.set(ph.id, i);
    });
    const revealing = p.phases.flatMap((ph, i) => (ph.reveals ? [i] : []));
    for (const i of revealing.slice(1)) issue(["phases", i, "reveals"], "protocol_reveal_twice");
    const declared = (rs: readonly RoleKind[], path: (string | number)[]) => {
      for (const r of rs) if (!roleKinds.includes(r)) issue(path, "protocol_undeclared_role");
    };
    p.phases.forEach((ph, i) => {
      const at = ["phases", i];
      declared(ph.speakers, [...at, "speakers"]);
      declared(ph.writers, [...at, "writers"]);
      for (const [field, code] of ruleIssues(ph)) issue([...at, field], code);
      if (ph.loop) {
        const target = index.get(ph.loop.to);
        if (target === undefined || target > i) issue([...at, "loop", "to"], "protocol_loop_target");
      }
      if (ph.choice) {
        const target = index.get(ph.choice.appliesTo);
        if (target === undefined || target <= i) issue([...at, "choice", "appliesTo"], "protocol_choice_target");
        const ids = ph.choice.modules.map((m) => m.id);
        if (new Set(ids).size !== ids.length) issue([...at, "choice", "modules"], "protocol_duplicate_module");
        ph.choice.modules.forEach((m, j) => {
          const mAt = [...at, "choice", "modules", j];
          declared(m.speakers, [...mAt, "speakers"]);
          declared(m.writers, [...mAt, "writers"]);
          for (const [field, code] of ruleIssues({ ...m })) issue([...mAt, field], code);
        });
      }
    });
    if (p.repeat) {
      const from = index.get(p.repeat.from);
      const to = index.get(p.repeat.to);
      if (from === undefined || to === undefined || from > to) issue(["repeat"], "protocol_repeat_range");
      declared(p.repeat.rotate, ["repeat", "rotate"]);
      // A loop leaving the repeated block would tangle the two structures.
      p.phases.forEach((ph, i) => {
        if (!ph.loop || from === undefined || to === undefined) return;
        const target = index.get(ph.loop.to) ?? -1;
        const inside = (k: number) => k >= from && k <= to;
        if (inside(i) !== inside(target)) issue(["phases", i, "loop", "to"], "protocol_loop_crosses_repeat");
      });
    }
  });

export type Protocol = z.infer<typeof Protocol>;
export type ProtocolInput = z.input<typeof Protocol>;
export type Phase = z.infer<typeof Phase>;
export type MethodModule = z.infer<typeof MethodModule>;

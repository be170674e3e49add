import type { LocalText, MethodModule, Phase, Protocol, RoleKind } from "./protocol.inputs";

// A protocol unrolled into the concrete steps a round walks through (used by the round engine).
// Pure: the same protocol, member count and choices always give the same steps.

export const MAX_MEMBERS = 50;

/** One step of a round: a phase in one repetition, with its rules (a chosen module's applied). */
export type ProtocolStep = Omit<Phase, "loop" | "choice"> & {
  index: number;
  phaseId: string;
  /** Which pass through the repeated block (0 outside a repeat or in the first pass). */
  repetition: number;
  /** The seat (0 .. members-1, in the round's order of members) holding each rotating role in this step. */
  seats: Partial<Record<RoleKind, number>>;
  /** After this step the chair may go back to step `to` when `condition` holds, at most `max` times. */
  loop?: { to: number; condition: LocalText; max: number };
  /** This step is the group's choice among these modules (ids), which then shape step `appliesTo`. */
  choice?: { appliesTo: number; modules: string[] };
  /** The module whose rules this step follows, when one was chosen. */
  module?: string;
};

/** The steps of `protocol` for `members` people: the repeated block unrolled `times` times with its
 *  rotating roles passed to the next seat each time; loops and choices stay as marks (the chair and
 *  the group decide those while the round runs); `choices` (phase id -> module id) applies modules. */
export function expandProtocol(protocol: Protocol, members: number, choices: Readonly<Record<string, string>> = {}): ProtocolStep[] {
  if (!Number.isInteger(members) || members < 1 || members > MAX_MEMBERS) throw new RangeError(`members: 1..${MAX_MEMBERS}`);
  const ids = protocol.phases.map((p) => p.id);
  const from = protocol.repeat ? ids.indexOf(protocol.repeat.from) : 0;
  const to = protocol.repeat ? ids.indexOf(protocol.repeat.to) : -1;
  const times = protocol.repeat?.times ?? 1;
  const rotate = protocol.repeat?.rotate ?? [];
  // Which module each choice phase picked, keyed by the phase the module shapes.
  const applied = new Map<string, MethodModule>();
  for (const p of protocol.phases) {
    const chosen = p.choice?.modules.find((m) => m.id === choices[p.id]);
    if (p.choice && chosen) applied.set(p.choice.appliesTo, chosen);
  }
  const order: { phase: number; repetition: number }[] = [];
  protocol.phases.forEach((_, i) => {
    if (i === from && protocol.repeat) {
      for (let r = 0; r < times; r++) for (let k = from; k <= to; k++) order.push({ phase: k, repetition: r });
    } else if (!(protocol.repeat && i > from && i <= to)) order.push({ phase: i, repetition: 0 });
  });
  const stepOf = (phaseId: string, repetition: number) =>
    order.findIndex((o) => protocol.phases[o.phase].id === phaseId && o.repetition === repetition);
  return order.map(({ phase, repetition }, index) => {
    const { loop, choice, ...rules } = protocol.phases[phase];
    const module = applied.get(rules.id);
    const inRepeat = protocol.repeat !== undefined && phase >= from && phase <= to;
    const seats = Object.fromEntries(rotate.map((role, k) => [role, (k + (inRepeat ? repetition : 0)) % members]));
    const step: ProtocolStep = { ...rules, index, phaseId: rules.id, repetition, seats };
    if (module) {
      const { id, ...moduleRules } = module;
      Object.assign(step, moduleRules, { module: id });
    }
    if (loop) step.loop = { to: stepOf(loop.to, repetition), condition: loop.condition, max: loop.max };
    if (choice) step.choice = { appliesTo: stepOf(choice.appliesTo, repetition), modules: choice.modules.map((m) => m.id) };
    return step;
  });
}

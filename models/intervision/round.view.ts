import { stepLengthMs } from "./round.async";
import type { RoundContributionDTO, RoundViewDTO } from "./round.dto";
import {
  holderOf,
  isChair,
  kindsIn,
  remainingMs,
  roleIn,
  speakingOrder,
  stepsOf,
  timeIsUp,
  type Contribution,
  type RoundState,
} from "./round.machine";

// The per-viewer projection of a round's state (docs/decisions/032-what-the-server-hides.md). Pure:
// the service calls it for each viewer after every transition. Whatever is not in the DTO never
// leaves the server.

/** The incident method's phase in which the inbrenger tells what they did. */
export const WHAT_I_DID_PHASE = "what-i-did";

export interface RoundMeta {
  id: string;
  groupId: string;
  caseQuestion: string;
  whatIDid: string | null;
  lookBack: { inbrengerId: string; points: { text: string; due: string | null }[] } | null;
}

/** May `viewer` see `c` now? Live ones always; hidden ones only their author until the visit is revealed. */
export const canSee = (s: RoundState, c: Contribution, viewer: string) =>
  !c.hidden || c.authorId === viewer || s.revealed.includes(c.visit);

/** Has the round reached the phase where "what I did" is told (or ended)? */
export function whatIDidOpen(s: RoundState) {
  if (s.status === "finished") return true;
  if (s.status !== "running") return false;
  const at = stepsOf(s).findIndex((st) => st.reveals === "what_i_did" || st.phaseId === WHAT_I_DID_PHASE);
  return at >= 0 && s.step >= at;
}

/** What `viewer` (a round member, or another member of the group watching) gets to see at `now`. */
export function viewOf(s: RoundState, meta: RoundMeta, viewer: string, names: ReadonlyMap<string, string>, now: number): RoundViewDTO {
  return viewsOf(s, meta, [viewer], names, now)[0];
}

/**
 * Each viewer's view of one state (decision 046): what all of them see is computed once, then
 * each view adds what is the viewer's own (`you`, "what I did", their hidden contributions).
 */
export function viewsOf(
  s: RoundState,
  meta: RoundMeta,
  viewers: readonly string[],
  names: ReadonlyMap<string, string>,
  now: number,
): RoundViewDTO[] {
  const steps = stepsOf(s);
  const step = s.status === "running" ? steps[s.step] : undefined;
  const name = (id: string) => names.get(id) ?? "?";
  const inbrenger = holderOf(s, step, "inbrenger") ?? s.roles.inbrenger;
  const order = step?.turns === "round_robin" ? speakingOrder(s, step) : null;
  const writers = step ? s.members.filter((m) => step.writers.includes(roleIn(s, step, m))) : [];
  const inputClosed = !step || timeIsUp(s, step, now) || (step.visibility === "hidden_until_reveal" && s.revealed.includes(s.visit));
  const all: RoundContributionDTO[] = s.contributions.map((c) => ({
    id: c.id,
    authorId: c.authorId,
    authorName: name(c.authorId),
    kind: c.kind,
    text: c.text,
    step: c.step,
    hidden: c.hidden && !s.revealed.includes(c.visit),
    rating: c.rating ?? null,
    order: c.order ?? null,
    picked: !!c.picked,
    taken: !!c.taken,
    due: c.due ?? null,
  }));
  // Only while something is hidden do two viewers see different contributions.
  const hiding = all.some((c) => c.hidden);
  const shared = {
    id: meta.id,
    groupId: meta.groupId,
    version: s.version,
    status: s.status,
    mode: s.mode,
    serverNow: now,
    protocol: { id: s.protocol.id, version: s.protocol.version, name: s.protocol.name },
    caseQuestion: meta.caseQuestion,
    members: s.members.map((m) => ({
      userId: m,
      name: name(m),
      role: roleIn(s, step ?? steps[0], m),
      done: s.done.includes(m),
      hand: s.hands.includes(m),
    })),
    outline: steps.map((st) => ({ index: st.index, name: st.name, skipped: s.skipped.includes(st.index) })),
    step: step
      ? {
          index: step.index,
          count: steps.length,
          phaseId: step.phaseId,
          name: step.name,
          instruction: step.instruction,
          input: step.input,
          visibility: step.visibility,
          turns: step.turns,
          inbrenger: step.inbrenger,
          speakers: step.speakers,
          writers: step.writers,
          artefacts: step.artefacts,
          kinds: kindsIn(step),
          repetition: step.repetition,
          loop: step.loop ? { condition: step.loop.condition, used: s.loops[String(step.index)] ?? 0, max: step.loop.max } : null,
          choice: step.choice
            ? {
                modules: step.choice.modules.map((id) => ({
                  id,
                  name: s.protocol.phases.find((p) => p.id === step.phaseId)?.choice?.modules.find((m) => m.id === id)?.name ?? {
                    nl: id,
                    en: id,
                  },
                })),
                chosen: s.choices[step.phaseId] ?? null,
              }
            : null,
        }
      : null,
    timer: step
      ? { minutes: stepLengthMs(s, step) / 60_000, end: step.timer.end, ...s.timer, remainingMs: remainingMs(s, step, now) }
      : null,
    turn: order ? { order, current: order[s.turn] ?? null } : null,
    queue: step?.turns === "queue" ? { hands: s.hands, floor: s.floor } : null,
    stillWriting: step && step.input !== "oral" ? writers.filter((w) => !s.done.includes(w)) : [],
    revealed: s.revealed.includes(s.visit),
    hiddenCount: s.contributions.filter((c) => c.visit === s.visit && c.hidden).length,
    lookBack: meta.lookBack ? { ...meta.lookBack, inbrengerName: name(meta.lookBack.inbrengerId) } : null,
  };
  const whatIDidForAll = meta.whatIDid !== null && whatIDidOpen(s);
  return viewers.map((viewer) => {
    const seated = s.members.includes(viewer);
    const role = seated ? roleIn(s, step, viewer) : null;
    const canWrite =
      !inputClosed &&
      role !== null &&
      (step!.writers.includes(role) ||
        (role === "inbrenger" && step!.inbrenger === "speaking" && step!.artefacts.includes("action_points")));
    return {
      ...shared,
      whatIDid: whatIDidForAll || (meta.whatIDid !== null && (viewer === s.roles.inbrenger || viewer === inbrenger)) ? meta.whatIDid : null,
      you: { userId: viewer, role, isChair: seated && isChair(s, viewer), canWrite },
      contributions: hiding ? all.filter((_, i) => canSee(s, s.contributions[i], viewer)) : all,
    };
  });
}

import type { ProtocolStep } from "./protocol.steps";
import type { RoundMode } from "./round.inputs";

// The asynchronous way to meet (docs/decisions/045-three-ways-to-meet.md): the same protocol, each
// step open for a number of days instead of minutes, and no oral step (nobody is in the room to
// talk): an oral step becomes a written one whose writers are the roles that would have spoken, and
// turns are free (nobody waits days for a turn or for the word). Pure; the machine applies it to
// every step of an async round.

export const DAY_MS = 86_400_000;

/** A step as an async round walks it: oral input turns written (its speakers write), turns free. */
export function forMode(step: ProtocolStep, mode: RoundMode | undefined): ProtocolStep {
  if (mode !== "async") return step;
  if (step.input !== "oral") return { ...step, turns: "free" };
  return { ...step, input: "written", turns: "free", writers: [...new Set([...step.speakers, ...step.writers])] };
}

/** How long `step` is open: its minutes, or in an async round its days. */
export const stepLengthMs = (s: { mode?: RoundMode; days?: number }, step: Pick<ProtocolStep, "timer">) =>
  s.mode === "async" && s.days ? s.days * DAY_MS : step.timer.minutes * 60_000;

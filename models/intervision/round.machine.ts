import type { Protocol, RoleKind } from "./protocol.inputs";
import { expandProtocol, type ProtocolStep } from "./protocol.steps";
import { DAY_MS, forMode, stepLengthMs } from "./round.async";
import type { Rating, RoundAction, RoundMode } from "./round.inputs";

// The live round as a pure reducer (docs/decisions/031-round-state.md): (state, action, actor, now)
// gives the next state or a refusal code, nothing else. The service stores each accepted state as
// the round's next version (a unique insert), so every rule lives here once, testable without I/O.
// Time is never a transition: the timer is stored as timestamps, and what it closes is computed
// from `now` at each action.

export type ContributionKind =
  | "text"
  | "notes"
  | "questions"
  | "problem_formulations"
  | "positions"
  | "advice_cards"
  | "action_points"
  | "insights";

export interface Contribution {
  /** The client's id for it: a retry with the same id changes nothing. */
  id: string;
  authorId: string;
  kind: ContributionKind;
  text: string;
  /** The step it was written in, and which visit to a step (a loop visits a step again). */
  step: number;
  visit: number;
  /** Written in a hidden_until_reveal step: only its author sees it until that visit is revealed. */
  hidden: boolean;
  at: number;
  rating?: Rating;
  /** The inbrenger's order of answering (questions), 0 first. */
  order?: number;
  /** The problem formulation the inbrenger chose. */
  picked?: boolean;
  /** A position or advice card the inbrenger takes home. */
  taken?: boolean;
  /** An action point's date (YYYY-MM-DD). */
  due?: string;
}

export interface RoundTimer {
  startedAt: number;
  /** When the timer was paused (null: running). */
  pausedAt: number | null;
  /** Paused time already behind us. */
  pausedMs: number;
  extendedMs: number;
}

export type RoundStatus = "planned" | "running" | "finished";
export type AssignedRoles = { inbrenger: string; chair: string } & Partial<Record<"timekeeper" | "scribe" | "observer", string>>;

export interface RoundState {
  version: number;
  status: RoundStatus;
  mode: RoundMode;
  /** An async round: the days each step stays open (decision 045); absent in the other modes. */
  days?: number;
  protocol: Protocol;
  /** The round's members in seat order (the inbrenger first: rotating roles pass on from there). */
  members: string[];
  roles: AssignedRoles;
  /** Phase id -> chosen module id (Kollegiale Beratung). */
  choices: Record<string, string>;
  step: number;
  /** Counts every entry into a step: contributions, reveals and "done" belong to one visit. */
  visit: number;
  /** Step index -> how often the round went back from it. */
  loops: Record<string, number>;
  skipped: number[];
  timer: RoundTimer;
  /** Round robin: index into the step's speaking order (== its length: everyone had a turn). */
  turn: number;
  /** Queue: raised hands in order, and who has the word. */
  hands: string[];
  floor: string | null;
  /** Who signalled they are done writing in this visit. */
  done: string[];
  /** Visits whose hidden contributions were revealed. */
  revealed: number[];
  contributions: Contribution[];
  finishedAt: number | null;
  /** Set when the inbrenger's decision rewrote the finished round (round-record.service.ts). */
  record?: "anonymise" | "delete";
}

export type RefusalCode =
  | "not_member"
  | "not_chair"
  | "not_planned"
  | "not_running"
  | "stale"
  | "first_step"
  | "last_step"
  | "no_loop"
  | "loop_max"
  | "no_choice"
  | "choice_needed"
  | "unknown_module"
  | "paused"
  | "not_paused"
  | "no_right"
  | "inbrenger_muted"
  | "not_your_turn"
  | "time_up"
  | "revealed"
  | "not_hidden"
  | "bad_kind"
  | "due_needed"
  | "not_inbrenger"
  | "not_found"
  | "not_queue"
  | "not_round_robin"
  | "no_hand"
  | "bad_roles"
  | "full"
  | "not_async";

export type Reduced = { state: RoundState } | { refused: RefusalCode };

export const MAX_CONTRIBUTIONS = 600;
const PRECEDENCE: RoleKind[] = ["inbrenger", "chair", "scribe", "timekeeper", "observer"];

/** A fresh round, not started: `members` in seat order are reordered so the inbrenger sits first. */
export function initialState(opts: {
  protocol: Protocol;
  members: string[];
  roles: AssignedRoles;
  mode: RoundMode;
  days?: number;
  now: number;
}): RoundState {
  return {
    version: 1,
    status: "planned",
    mode: opts.mode,
    ...(opts.mode === "async" && opts.days ? { days: opts.days } : {}),
    protocol: opts.protocol,
    members: seatOrder(opts.members, opts.roles),
    roles: { ...opts.roles },
    choices: {},
    step: 0,
    visit: 0,
    loops: {},
    skipped: [],
    timer: { startedAt: opts.now, pausedAt: null, pausedMs: 0, extendedMs: 0 },
    turn: 0,
    hands: [],
    floor: null,
    done: [],
    revealed: [],
    contributions: [],
    finishedAt: null,
  };
}

/** Inbrenger first, then the chair, then the others as given: rotating roles pass from seat 0 on. */
function seatOrder(members: string[], roles: AssignedRoles) {
  const first = [roles.inbrenger, roles.chair].filter((m, i, a) => a.indexOf(m) === i);
  return [...first, ...members.filter((m) => !first.includes(m))];
}

/** The steps this round walks (its protocol unrolled, the chosen modules applied, oral steps
 *  written in an async round). */
export const stepsOf = (s: Pick<RoundState, "protocol" | "members" | "choices"> & { mode?: RoundMode }): ProtocolStep[] =>
  expandProtocol(s.protocol, s.members.length, s.choices).map((step) => forMode(step, s.mode));

/** Who holds `role` in `step`: the seat of a rotating role, else the assigned member. */
export function holderOf(s: RoundState, step: ProtocolStep | undefined, role: RoleKind): string | undefined {
  const seat = step?.seats[role];
  if (seat !== undefined) return s.members[seat];
  return role === "member" ? undefined : s.roles[role as keyof AssignedRoles];
}

/** The one role that decides what `userId` may say and write in `step` (the inbrenger's first). */
export function roleIn(s: RoundState, step: ProtocolStep | undefined, userId: string): RoleKind {
  for (const r of PRECEDENCE) if (holderOf(s, step, r) === userId) return r;
  return "member";
}

/** Does `userId` lead the round now (the chair of the current step)? */
export const isChair = (s: RoundState, userId: string) => holderOf(s, stepsOf(s)[s.step], "chair") === userId;

/** The speaking order of a round-robin step: the members whose role speaks there, in seat order. */
export const speakingOrder = (s: RoundState, step: ProtocolStep) => s.members.filter((m) => step.speakers.includes(roleIn(s, step, m)));

/** Milliseconds left on the current step's timer at `now` (negative: over time). */
export function remainingMs(s: RoundState, step: ProtocolStep, now: number): number {
  const t = s.timer;
  const paused = t.pausedMs + (t.pausedAt !== null ? now - t.pausedAt : 0);
  return stepLengthMs(s, step) + t.extendedMs - (now - t.startedAt - paused);
}

/** Is input closed by a hard end at `now`? */
export const timeIsUp = (s: RoundState, step: ProtocolStep, now: number) => step.timer.end === "hard" && remainingMs(s, step, now) <= 0;

/** Kinds a contribution may have in `step`: its artefacts (ratings are not written), notes in an
 *  oral step, and plain text where the step names nothing writable. */
export function kindsIn(step: ProtocolStep): ContributionKind[] {
  const kinds: ContributionKind[] = step.artefacts.flatMap((a) => (a === "ratings" ? [] : [a]));
  if (step.input === "oral" && !kinds.includes("notes")) kinds.push("notes");
  if (kinds.length === 0) kinds.push("text");
  return kinds;
}

const refuse = (code: RefusalCode): Reduced => ({ refused: code });

/** Applies one action by `actor` at `now`. A refusal changes nothing; an accepted action returns a
 *  new state whose version is one higher (or the same state, untouched, for a repeated command). */
export function reduce(s: RoundState, action: RoundAction, actor: string, now: number): Reduced {
  if (!s.members.includes(actor)) return refuse("not_member");
  const steps = stepsOf(s);
  const step = steps[s.step];
  const chair = isChair(s, actor);
  const next = (patch: Partial<RoundState>): Reduced => ({ state: { ...s, ...patch, version: s.version + 1 } });
  /** Entering step `to` (a new visit): the timer, turns, hands and "done" start afresh. */
  const enter = (to: number, patch: Partial<RoundState> = {}): Reduced =>
    next({
      step: to,
      visit: s.visit + 1,
      timer: { startedAt: now, pausedAt: null, pausedMs: 0, extendedMs: 0 },
      turn: 0,
      hands: [],
      floor: null,
      done: [],
      ...patch,
    });

  switch (action.type) {
    case "assign": {
      if (s.status !== "planned") return refuse("not_planned");
      if (!chair) return refuse("not_chair");
      const roles: AssignedRoles = { ...s.roles };
      for (const [role, who] of Object.entries(action.roles) as [keyof AssignedRoles, string | null | undefined][]) {
        if (who === undefined) continue;
        if (who === null) {
          if (role === "inbrenger" || role === "chair") return refuse("bad_roles");
          delete roles[role];
        } else if (!s.members.includes(who)) return refuse("bad_roles");
        else roles[role] = who;
      }
      const held = Object.values(roles);
      if (new Set(held).size !== held.length) return refuse("bad_roles");
      return next({ roles, members: seatOrder(s.members, roles) });
    }
    case "hand_chair": {
      if (s.status === "finished") return refuse("not_running");
      if (!chair) return refuse("not_chair");
      if (!s.members.includes(action.to) || action.to === s.roles.inbrenger) return refuse("bad_roles");
      const roles = { ...s.roles, chair: action.to };
      for (const r of ["timekeeper", "scribe", "observer"] as const) if (roles[r] === action.to) delete roles[r];
      return next({ roles });
    }
    case "start": {
      if (s.status !== "planned") return refuse("not_planned");
      if (!chair) return refuse("not_chair");
      return enter(0, { status: "running" });
    }
    case "finish": {
      if (s.status !== "running") return refuse("not_running");
      if (!chair) return refuse("not_chair");
      return next({ status: "finished", finishedAt: now, hands: [], floor: null });
    }
  }

  if (s.status !== "running" || !step) return refuse("not_running");

  switch (action.type) {
    case "next":
    case "skip":
    case "back":
    case "loop": {
      if (!chair) return refuse("not_chair");
      if (action.seen !== s.version) return refuse("stale");
      if (action.type === "back") return s.step === 0 ? refuse("first_step") : enter(s.step - 1);
      if (action.type === "loop") {
        if (!step.loop) return refuse("no_loop");
        const done = s.loops[String(s.step)] ?? 0;
        if (done >= step.loop.max) return refuse("loop_max");
        return enter(step.loop.to, { loops: { ...s.loops, [String(s.step)]: done + 1 } });
      }
      if (s.step >= steps.length - 1) return refuse("last_step");
      if (action.type === "next" && step.choice && !s.choices[step.phaseId]) return refuse("choice_needed");
      return enter(s.step + 1, action.type === "skip" ? { skipped: [...s.skipped.filter((k) => k !== s.step), s.step] } : {});
    }
    case "choose": {
      if (!chair) return refuse("not_chair");
      if (!step.choice) return refuse("no_choice");
      if (!step.choice.modules.includes(action.module)) return refuse("unknown_module");
      return next({ choices: { ...s.choices, [step.phaseId]: action.module } });
    }
    case "pause":
    case "resume":
    case "extend": {
      if (!chair && holderOf(s, step, "timekeeper") !== actor) return refuse("not_chair");
      const t = s.timer;
      if (action.type === "pause") return t.pausedAt !== null ? refuse("paused") : next({ timer: { ...t, pausedAt: now } });
      if (action.type === "resume")
        return t.pausedAt === null
          ? refuse("not_paused")
          : next({ timer: { ...t, pausedAt: null, pausedMs: t.pausedMs + (now - t.pausedAt) } });
      return next({ timer: { ...t, extendedMs: t.extendedMs + action.minutes * 60_000 } });
    }
    case "extend_days": {
      if (!chair && holderOf(s, step, "timekeeper") !== actor) return refuse("not_chair");
      if (s.mode !== "async") return refuse("not_async");
      return next({ timer: { ...s.timer, extendedMs: s.timer.extendedMs + action.days * DAY_MS } });
    }
    case "contribute":
      return contribute(s, step, action, actor, now, next);
    case "end_turn": {
      if (step.turns !== "round_robin") return refuse("not_round_robin");
      const order = speakingOrder(s, step);
      if (!chair && order[s.turn] !== actor) return refuse("not_your_turn");
      if (s.turn >= order.length) return refuse("not_your_turn");
      return next({ turn: s.turn + 1 });
    }
    case "raise_hand":
    case "lower_hand": {
      if (step.turns !== "queue") return refuse("not_queue");
      const role = roleIn(s, step, actor);
      if (action.type === "raise_hand") {
        if (role === "inbrenger" && step.inbrenger !== "speaking") return refuse("inbrenger_muted");
        if (!step.speakers.includes(role)) return refuse("no_right");
        return s.hands.includes(actor) || s.floor === actor ? { state: s } : next({ hands: [...s.hands, actor] });
      }
      return s.hands.includes(actor) ? next({ hands: s.hands.filter((h) => h !== actor) }) : { state: s };
    }
    case "give_word": {
      if (step.turns !== "queue") return refuse("not_queue");
      if (!chair) return refuse("not_chair");
      if (action.to === null) return next({ floor: null });
      if (!s.hands.includes(action.to)) return refuse("no_hand");
      return next({ floor: action.to, hands: s.hands.filter((h) => h !== action.to) });
    }
    case "done": {
      if (!step.writers.includes(roleIn(s, step, actor))) return refuse("no_right");
      return s.done.includes(actor) ? { state: s } : next({ done: [...s.done, actor] });
    }
    case "reveal": {
      if (!chair) return refuse("not_chair");
      if (step.visibility !== "hidden_until_reveal") return refuse("not_hidden");
      if (s.revealed.includes(s.visit)) return refuse("revealed");
      return next({ revealed: [...s.revealed, s.visit] });
    }
    case "rate":
    case "order":
    case "pick":
    case "take":
      return inbrengerMarks(s, step, action, actor, next);
  }
  return refuse("not_running");
}

function contribute(
  s: RoundState,
  step: ProtocolStep,
  action: Extract<RoundAction, { type: "contribute" }>,
  actor: string,
  now: number,
  next: (patch: Partial<RoundState>) => Reduced,
): Reduced {
  const existing = s.contributions.find((c) => c.id === action.id);
  if (existing) return existing.authorId === actor ? { state: s } : refuse("not_found");
  if (s.contributions.length >= MAX_CONTRIBUTIONS) return refuse("full");
  const role = roleIn(s, step, actor);
  const kind = action.kind ?? kindsIn(step)[0];
  // Action points are the inbrenger's own commitments: the inbrenger enters them (when speaking),
  // or the chair or scribe notes them in an oral step. Everything else follows the writers.
  const actionPoint = kind === "action_points" && step.artefacts.includes("action_points");
  if (role === "inbrenger" && step.inbrenger !== "speaking") return refuse("inbrenger_muted");
  if (!(step.writers.includes(role) || (actionPoint && role === "inbrenger"))) return refuse("no_right");
  if (!kindsIn(step).includes(kind)) return refuse("bad_kind");
  if (kind === "action_points" && !action.due) return refuse("due_needed");
  if (timeIsUp(s, step, now)) return refuse("time_up");
  const hidden = step.visibility === "hidden_until_reveal";
  if (hidden && s.revealed.includes(s.visit)) return refuse("revealed");
  let turn = s.turn;
  let floor = s.floor;
  if (step.input !== "oral" && step.turns === "round_robin") {
    if (speakingOrder(s, step)[s.turn] !== actor) return refuse("not_your_turn");
    turn++;
  }
  if (step.input !== "oral" && step.turns === "queue") {
    if (s.floor !== actor) return refuse("not_your_turn");
    floor = null;
  }
  const c: Contribution = { id: action.id, authorId: actor, kind, text: action.text, step: s.step, visit: s.visit, hidden, at: now };
  if (kind === "action_points") c.due = action.due;
  return next({ contributions: [...s.contributions, c], turn, floor });
}

/** The inbrenger's marks on what the group wrote: ratings, the order of answering, the chosen
 *  problem formulation, the positions and advice cards taken. Only on what everyone can see. */
function inbrengerMarks(
  s: RoundState,
  step: ProtocolStep,
  action: Extract<RoundAction, { type: "rate" | "order" | "pick" | "take" }>,
  actor: string,
  next: (patch: Partial<RoundState>) => Reduced,
): Reduced {
  if (roleIn(s, step, actor) !== "inbrenger" && holderOf(s, step, "inbrenger") !== actor) return refuse("not_inbrenger");
  if (step.inbrenger !== "speaking") return refuse("inbrenger_muted");
  const visible = (c: Contribution) => !c.hidden || s.revealed.includes(c.visit);
  const find = (id: string) => s.contributions.find((c) => c.id === id && visible(c));
  const update = (ids: Set<string>, fn: (c: Contribution) => Contribution) =>
    next({ contributions: s.contributions.map((c) => (ids.has(c.id) ? fn(c) : c)) });
  if (action.type === "order") {
    const targets = action.contributions.map(find);
    if (targets.some((c) => c?.kind !== "questions") || new Set(action.contributions).size !== action.contributions.length)
      return refuse("not_found");
    const rank = new Map(action.contributions.map((id, i) => [id, i]));
    return update(new Set(action.contributions), (c) => ({ ...c, order: rank.get(c.id) }));
  }
  const target = find(action.contribution);
  if (!target) return refuse("not_found");
  switch (action.type) {
    case "rate":
      if (target.kind !== "questions" && target.kind !== "problem_formulations") return refuse("bad_kind");
      return update(new Set([target.id]), (c) => ({ ...c, rating: action.rating }));
    case "pick": {
      if (target.kind !== "problem_formulations") return refuse("bad_kind");
      const all = new Set(s.contributions.filter((c) => c.kind === "problem_formulations").map((c) => c.id));
      return update(all, (c) => ({ ...c, picked: c.id === target.id }));
    }
    case "take":
      if (target.kind !== "positions" && target.kind !== "advice_cards") return refuse("bad_kind");
      return update(new Set([target.id]), (c) => ({ ...c, taken: action.taken }));
  }
}

/** The inbrenger's action points of a round (whoever noted them), in the order written. */
export const actionPointsIn = (s: RoundState) =>
  s.contributions.filter((c) => c.kind === "action_points").map((c) => ({ id: c.id, text: c.text, due: c.due ?? null }));

import { LIVE_LIMITS, type LiveAction, type LiveStatus, type PollKind } from "./live.inputs";
import type { BlockKind } from "./moment.constants";

// The live moment as a pure machine (docs/decisions/069-live-moment-state.md): reduce(state, action,
// programme, now) returns the next state or a refusal. Time is never a transition: the timer's end is
// stored and every page counts down to it, so a restart recomputes nothing.

export interface LivePoll {
  id: string;
  kind: PollKind;
  question: string;
  options: string[];
  open: boolean;
  hidden: boolean;
  at: number;
}

export interface LiveState {
  version: number;
  status: LiveStatus;
  block: number;
  blockStartedAt: number | null;
  timerEndsAt: number | null;
  breakouts: { blockId: string; openedAt: number } | null;
  broadcast: { id: string; text: string; at: number } | null;
  polls: LivePoll[];
}

export type LiveRefusal =
  | "stale"
  | "not_live"
  | "started"
  | "first_block"
  | "last_block"
  | "not_breakouts"
  | "breakouts_open"
  | "no_breakouts"
  | "no_poll"
  | "poll_closed"
  | "too_many_polls";

/** What the machine needs of the plan: each block's kind and minutes, in order. */
export type Programme = readonly { id: string; kind: BlockKind; minutes: number }[];

/** A moment before its start (version 0: nothing stored yet). */
export const initialLiveState = (): LiveState => ({
  version: 0,
  status: "not_started",
  block: 0,
  blockStartedAt: null,
  timerEndsAt: null,
  breakouts: null,
  broadcast: null,
  polls: [],
});

const MINUTE = 60_000;

export function reduceLive(s: LiveState, a: LiveAction, blocks: Programme, now: number): { state: LiveState } | { refused: LiveRefusal } {
  const next = (patch: Partial<LiveState>) => ({ state: { ...s, ...patch, version: s.version + 1 } });
  const atBlock = (i: number) => next({ block: i, blockStartedAt: now, timerEndsAt: now + blocks[i].minutes * MINUTE, breakouts: null });
  if (a.type === "start") {
    if (s.status !== "not_started") return { refused: "started" };
    if (!blocks.length) return { refused: "last_block" };
    return { state: { ...atBlock(0).state, status: "live" } };
  }
  if (s.status !== "live") return { refused: "not_live" };
  if ("seen" in a && a.seen !== s.version) return { refused: "stale" };
  switch (a.type) {
    case "next":
      if (s.block >= blocks.length - 1) return { refused: "last_block" };
      return atBlock(s.block + 1);
    case "previous":
      if (s.block <= 0) return { refused: "first_block" };
      return atBlock(s.block - 1);
    case "open_breakouts": {
      const block = blocks[s.block];
      if (block.kind !== "breakouts") return { refused: "not_breakouts" };
      if (s.breakouts) return { refused: "breakouts_open" };
      return next({ breakouts: { blockId: block.id, openedAt: now }, timerEndsAt: now + block.minutes * MINUTE });
    }
    case "bring_back":
      if (!s.breakouts) return { refused: "no_breakouts" };
      return next({ breakouts: null });
    case "end":
      return next({ status: "ended", breakouts: null, timerEndsAt: null });
    case "extend":
      // Time already up: the extra minutes count from now.
      return next({ timerEndsAt: Math.max(s.timerEndsAt ?? now, now) + a.minutes * MINUTE });
    case "broadcast":
      if (s.broadcast?.id === a.clientId) return { state: s }; // the same command again
      return next({ broadcast: { id: a.clientId, text: a.text, at: now } });
    case "poll_open": {
      if (s.polls.some((p) => p.id === a.clientId)) return { state: s };
      if (s.polls.length >= LIVE_LIMITS.polls) return { refused: "too_many_polls" };
      const poll: LivePoll = {
        id: a.clientId,
        kind: a.kind,
        question: a.question,
        options: a.options,
        open: true,
        hidden: a.hidden,
        at: now,
      };
      return next({ polls: [...s.polls, poll] });
    }
    case "poll_close":
    case "poll_reveal": {
      const poll = s.polls.find((p) => p.id === a.pollId);
      if (!poll) return { refused: "no_poll" };
      const changed = a.type === "poll_close" ? { open: false } : { hidden: false };
      if (Object.entries(changed).every(([k, v]) => poll[k as keyof LivePoll] === v)) return { state: s };
      return next({ polls: s.polls.map((p) => (p.id === a.pollId ? { ...p, ...changed } : p)) });
    }
  }
}

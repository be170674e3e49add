import type { BlockKind, MomentRole } from "./moment.constants";
import type { LiveStatus, PollKind } from "./live.inputs";

// What the moment's page receives (live.service.ts): safe to import in the browser. Times are epoch
// milliseconds with the server's clock beside them (serverNow), so each page computes its timers.

export interface LivePollDTO {
  id: string;
  kind: PollKind;
  question: string;
  options: string[];
  open: boolean;
  /** Created hidden and not yet revealed: participants see only how many answered. */
  hidden: boolean;
}

export interface LiveStateDTO {
  momentId: string;
  version: number;
  status: LiveStatus;
  /** The current block's index in the programme. */
  block: number;
  blockStartedAt: number | null;
  /** When the current block's (or the breakouts') time is up: a soft end, nothing closes then. */
  timerEndsAt: number | null;
  breakouts: { blockId: string; openedAt: number } | null;
  broadcast: { id: string; text: string; at: number } | null;
  polls: LivePollDTO[];
  serverNow: number;
}

export type PollResults =
  | { kind: "single"; counts: number[] }
  | { kind: "scale"; counts: number[]; mean: number | null }
  | { kind: "words"; words: { word: string; count: number }[] }
  /** An open question's answers, without names, newest first. */
  | { kind: "open"; answers: string[] };

/** A poll's aggregate as one viewer may see it (results null: hidden from this viewer still). */
export interface PollResultDTO {
  momentId: string;
  pollId: string;
  count: number;
  results: PollResults | null;
}

export interface MomentMessageDTO {
  id: string;
  momentId: string;
  userId: string;
  name: string;
  text: string;
  at: number;
}

export interface HandDTO {
  id: string;
  userId: string;
  name: string;
  at: number;
}

export interface HandsDTO {
  momentId: string;
  queue: HandDTO[];
}

export interface BreakoutMemberDTO {
  userId: string;
  name: string;
  /** The participant's home group's name (null: a facilitator, or a group no longer invited). */
  groupName: string | null;
}

export interface BreakoutViewDTO {
  id: string;
  momentId: string;
  blockId: string;
  index: number;
  theme: string | null;
  members: BreakoutMemberDTO[];
  /** The block's short protocol as phase guidance (name and minutes per phase), if it has one. */
  protocol: { id: string; name: { nl: string; en: string }; phases: { name: { nl: string; en: string }; minutes: number }[] } | null;
}

export interface MomentBlockDTO {
  id: string;
  kind: BlockKind;
  title: string;
  minutes: number;
  protocolId: string | null;
}

/** Everything a joiner (or a reconnecting page) needs: the whole moment as this viewer may see it now. */
export interface LiveViewDTO {
  moment: { id: string; title: string; startsAt: string; place: string; agenda: string; blocks: MomentBlockDTO[] };
  role: MomentRole;
  userId: string;
  state: LiveStateDTO;
  results: PollResultDTO[];
  /** The polls this viewer answered. */
  answered: string[];
  messages: MomentMessageDTO[];
  hands: HandsDTO;
  /** The viewer's own breakout while the breakouts are open (null in the plenary). */
  breakout: BreakoutViewDTO | null;
  /** Every breakout of the open block (the facilitator's overview; empty for participants). */
  breakouts: BreakoutViewDTO[];
}

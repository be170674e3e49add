import type { Participant } from "./compose";
import type { CompositionRule } from "./moment.constants";

// What the compose page (app/routes/moments.$momentId.compose.$blockId.tsx) and the moment's page
// (the theme choice) receive from models/moment/compose.service.ts (decision 068).

export interface ComposePersonDTO extends Participant {
  name: string;
  homeGroupName: string;
}

export interface ComposeBreakoutDTO {
  /** 1..n, the breakout's name ("Tafel 3") unless it has a theme. */
  index: number;
  theme: string | null;
  members: ComposePersonDTO[];
}

export type ComposeWarningDTO =
  | { kind: "same_group"; breakout: number; homeGroupName: string; names: [string, string] }
  | { kind: "alone"; breakout: number; name: string };

export interface ComposePageDTO {
  moment: { id: string; title: string };
  block: { id: string; title: string; rule: CompositionRule; size: number; themes: string[] };
  /** The seed of this proposal (re-roll asks for the next one). */
  seed: number;
  /** What is shown is the stored composition (else a proposal not yet saved). */
  stored: boolean;
  breakouts: ComposeBreakoutDTO[];
  warnings: ComposeWarningDTO[];
}

/** One participant moved by a store, a move or a late arrival: part C moves their sockets (null: no breakout). */
export interface SeatMoveDTO {
  userId: string;
  from: string | null;
  to: string | null;
}

export interface StoredCompositionDTO {
  breakouts: { id: string; index: number; theme: string | null }[];
  moved: SeatMoveDTO[];
}

/** A participant's theme choice for a "theme" block (app/components/moment/theme-choice.tsx). */
export interface ThemeChoiceDTO {
  momentId: string;
  blockId: string;
  themes: string[];
  chosen: string | null;
}

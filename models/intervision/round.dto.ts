import type { LocalText, RoleKind } from "./protocol.inputs";
import type { Rating, RoundMode } from "./round.inputs";

// What one viewer of a round receives (round.view.ts viewOf): safe to import in the browser. Never
// carries a hidden contribution of someone else before its reveal, nor the incident method's "what
// I did" before its phase (docs/decisions/032-what-the-server-hides.md).

export interface RoundContributionDTO {
  id: string;
  authorId: string;
  authorName: string;
  kind: string;
  text: string;
  step: number;
  /** Hidden from the others still (the viewer's own, before the reveal). */
  hidden: boolean;
  rating: Rating | null;
  order: number | null;
  picked: boolean;
  taken: boolean;
  due: string | null;
}

export interface RoundStepDTO {
  index: number;
  count: number;
  phaseId: string;
  name: LocalText;
  instruction: LocalText;
  input: "oral" | "written" | "chat";
  visibility: "live" | "hidden_until_reveal";
  turns: "free" | "round_robin" | "queue";
  inbrenger: "speaking" | "listening" | "turned_away";
  speakers: RoleKind[];
  writers: RoleKind[];
  artefacts: string[];
  /** Contribution kinds one can write here. */
  kinds: string[];
  repetition: number;
  loop: { condition: LocalText; used: number; max: number } | null;
  choice: { modules: { id: string; name: LocalText }[]; chosen: string | null } | null;
}

export interface RoundViewDTO {
  id: string;
  groupId: string;
  version: number;
  status: "planned" | "running" | "finished";
  mode: RoundMode;
  /** The server's clock when this view was made: clients correct their offset by it. */
  serverNow: number;
  protocol: { id: string; version: number; name: LocalText };
  caseQuestion: string;
  /** The incident method's "what I did": the inbrenger always, the others from its phase on. */
  whatIDid: string | null;
  members: { userId: string; name: string; role: RoleKind; done: boolean; hand: boolean }[];
  you: { userId: string; role: RoleKind | null; isChair: boolean; canWrite: boolean };
  outline: { index: number; name: LocalText; skipped: boolean }[];
  step: RoundStepDTO | null;
  timer: {
    minutes: number;
    end: "soft" | "hard";
    startedAt: number;
    pausedAt: number | null;
    pausedMs: number;
    extendedMs: number;
    remainingMs: number;
  } | null;
  /** Round robin: the speaking order and whose turn it is (null: everyone had a turn). */
  turn: { order: string[]; current: string | null } | null;
  queue: { hands: string[]; floor: string | null } | null;
  /** Writers of this step who have not signalled they are done. */
  stillWriting: string[];
  /** The current visit's hidden contributions were revealed. */
  revealed: boolean;
  /** How many hidden contributions this visit holds (their content stays on the server). */
  hiddenCount: number;
  contributions: RoundContributionDTO[];
  /** The previous round's action points of its inbrenger: "wat heb je ermee gedaan?". */
  lookBack: { inbrengerId: string; inbrengerName: string; points: { text: string; due: string | null }[] } | null;
}

export interface RoundSummaryDTO {
  id: string;
  protocolName: LocalText;
  status: "planned" | "running" | "finished";
  inbrengerName: string;
  caseQuestion: string;
  createdAt: string;
}

export interface ActionPointDTO {
  roundId: string;
  groupId: string;
  inbrengerId: string;
  id: string;
  text: string;
  due: string | null;
}

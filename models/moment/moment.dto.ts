import type { BlockKind, CompositionRule, MomentRole } from "./moment.constants";
import type { ShortProtocol } from "./moment.inputs";

// What the planning pages show of a network moment (decision 066); shared with the browser.

export interface MomentBlockDTO {
  id: string;
  kind: BlockKind;
  title: string;
  minutes: number;
  /** When the block starts (ISO), from the moment's start and the blocks before it. */
  startsAt: string;
  rule: CompositionRule | null;
  size: number | null;
  themes: string[];
  protocolId: ShortProtocol | null;
}

/** A moment in a list: what everyone invited sees beforehand. */
export interface MomentSummaryDTO {
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
  place: string;
  agenda: string;
  status: "planned" | "cancelled";
  /** What the reader is in it. */
  role: MomentRole;
  trajectoryName: string;
  groupCount: number;
  blocks: MomentBlockDTO[];
}

export interface MomentListsDTO {
  upcoming: MomentSummaryDTO[];
  past: MomentSummaryDTO[];
}

/** The organiser's page of a trajectory's moments: the list and what the plan form offers. */
export interface TrajectoryMomentsDTO extends MomentListsDTO {
  trajectory: { id: string; name: string };
  /** The trajectory's open groups, which a moment may invite. */
  groups: { id: string; name: string }[];
}

/** The plan of one moment as its facilitators edit it. */
export interface MomentPlanDTO extends MomentSummaryDTO {
  trajectoryId: string;
  /** The start as a wall-clock date and time in the reader's time zone (the form's fields). */
  local: { date: string; time: string };
  groupIds: string[];
  /** The trajectory's open groups (and any invited group since closed). */
  groups: { id: string; name: string }[];
  /** Those named (the trajectory's organisers facilitate anyway). */
  facilitators: { id: string; name: string }[];
  /** Whether the reader may name facilitators (an organiser of the trajectory). */
  canName: boolean;
  /** How many people take part: the invited groups' active leaders and coaches. */
  participantCount: number;
}

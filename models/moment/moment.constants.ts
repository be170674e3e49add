// Network moments (issue 16): the words both doors and the pages share.

/** A block of a moment's programme. */
export const BLOCK_KINDS = ["plenary", "breakouts", "break"] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

/** How the participants of a breakout block are spread over its breakouts (issue 16 item 3). */
export const COMPOSITION_RULES = ["mixed", "career_phase", "school_level", "theme", "manual"] as const;
export type CompositionRule = (typeof COMPOSITION_RULES)[number];

/** What a participant is in a moment: the facilitator runs it (an organiser of the trajectory or
 *  someone they named), a participant is an active leader or coach of one of its groups. */
export const MOMENT_ROLES = ["facilitator", "participant"] as const;
export type MomentRole = (typeof MOMENT_ROLES)[number];

export const MAX_MOMENT_BLOCKS = 20;
export const MAX_MOMENT_FACILITATORS = 10;
/** People per breakout the facilitator may ask for. */
export const BREAKOUT_SIZE = { min: 2, max: 12 } as const;
/** Breakouts in one block (150 people in groups of 5 is 30). */
export const MAX_BREAKOUTS = 60;
/** Hands raised in one moment in all (each raise is its own record): six or so per participant of a
 *  full moment; past it a raise is refused, so the queue is always read whole within this bound. */
export const MAX_MOMENT_HANDS = 1000;

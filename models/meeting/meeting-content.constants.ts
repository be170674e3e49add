// What a meeting holds besides its date (issue 14 item 2, docs/decisions/034): shared with the
// browser (forms, select options), no mongoose here.

/** A member's attendance at a meeting, set by the chair. */
export const ATTENDANCE = ["present", "excused", "absent"] as const;
export type AttendanceStatus = (typeof ATTENDANCE)[number];

/** What an agenda item may link to: a row of models/meeting/agenda-links.ts each. Intervision
 *  rounds and goals join here as they are built (a kind, a model, an action, a link). */
export const AGENDA_LINK_KINDS = ["case", "document", "thread", "round", "goal", "culture"] as const;
export type AgendaLinkKind = (typeof AGENDA_LINK_KINDS)[number];

export const AGENDA_TITLE_MAX = 200;
export const AGENDA_MAX_ITEMS = 30;
export const ASSIGNMENT_TITLE_MAX = 200;
export const ASSIGNMENT_TEXT_MAX = 4_000;
export const RESPONSE_TEXT_MAX = 4_000;
export const ASSIGNMENTS_MAX = 20;

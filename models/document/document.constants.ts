// Plain values shared by the models, the inputs and the browser (no mongoose here).
// "moment_notes" and "board": documents scoped to a network moment (a facilitator's notes, a
// breakout's board), whose _id and groupId are the moment's or breakout's id (decision 072).
export const DOC_KINDS = ["note", "case", "charter", "moment_notes", "board"] as const;
export type DocKind = (typeof DOC_KINDS)[number];

export const CASE_STATUSES = ["new", "discussed", "follow_up", "closed"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

// Update sizes (docs/decisions/011-update-limits.md).
/** Largest update one doc:update frame carries, and the size of each doc:update-part. */
export const UPDATE_FRAME_BYTES = 256 * 1024;
/** Largest update the server accepts at all: one frame, or reassembled from parts (offline work). */
export const MAX_UPDATE_BYTES = 4 * 1024 * 1024;
/** Most parts one upload may have (MAX_UPDATE_BYTES in parts of UPDATE_FRAME_BYTES). */
export const MAX_UPDATE_PARTS = MAX_UPDATE_BYTES / UPDATE_FRAME_BYTES;

// Plain values shared by the search model, its inputs and the browser (no mongoose here).

/** What search finds: a message, a document's current text, a case, an intervision round's record,
 *  a meeting's agenda and minutes, an action plan shared with the group. */
export const SEARCH_KINDS = ["message", "document", "case", "record", "meeting", "plan"] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** Longest query, most hits one answer carries. */
export const MAX_QUERY_CHARS = 200;
export const MAX_SEARCH_LIMIT = 50;
export const DEFAULT_SEARCH_LIMIT = 20;

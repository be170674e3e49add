// Shared with the browser (the inputs import it): no mongoose here.
export const GUEST_KINDS = ["supervisor", "team_member"] as const;
/** A bulk invitation's bounds (docs/decisions/029): lines of the pasted list, characters of the text. */
export const BULK_MAX_LINES = 200;
export const BULK_MAX_CHARS = 40_000;

// Shared with the browser (the inputs import it): no mongoose here.
// "coach": the former coach a continued group invites back (decision 056).
export const GUEST_KINDS = ["supervisor", "team_member", "coach"] as const;
/** The kinds the members page proposes (the former coach is invited from the end page). */
export const PROPOSED_GUEST_KINDS = ["supervisor", "team_member"] as const;
/** A bulk invitation's bounds (docs/decisions/029): lines of the pasted list, characters of the text. */
export const BULK_MAX_LINES = 200;
export const BULK_MAX_CHARS = 40_000;

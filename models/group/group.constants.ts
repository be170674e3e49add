// Shared with the browser (the inputs import it): no mongoose here.
export const GUEST_KINDS = ["supervisor", "team_member"] as const;

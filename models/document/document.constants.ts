// Plain values shared by the models, the inputs and the browser (no mongoose here).
export const DOC_KINDS = ["note", "case", "charter"] as const;
export type DocKind = (typeof DOC_KINDS)[number];

export const CASE_STATUSES = ["new", "discussed", "follow_up", "closed"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

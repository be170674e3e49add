// The action plan's bounds (decision 037), shared with the browser.
/** Two or three priority learning questions per leader per group: three slots at most. */
export const MAX_QUESTIONS = 3;
export const MIN_QUESTIONS = 2;
export const QUESTION_MAX = 500;
export const ACTION_MAX = 300;
export const EVIDENCE_MAX = 500;
export const URL_MAX = 500;
export const NOTE_MAX = 2000;
export const FEEDBACK_MAX = 2000;
export const COMMITMENT_MAX = 500;
/** Actions and pieces of evidence per learning question. */
export const ITEMS_MAX = 30;
export const RATINGS = [1, 2, 3, 4, 5] as const;

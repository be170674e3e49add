export const GOAL_TITLE_MAX = 200;
export const GOAL_CRITERION_MAX = 300;
export const GOAL_CRITERIA_MAX = 10;
export const GOAL_NOTE_MAX = 2000;
export const GOAL_LINKS_MAX = 30;
export const GOAL_LINK_KINDS = ["meeting", "document", "thread"] as const;
export type GoalLinkKind = (typeof GOAL_LINK_KINDS)[number];

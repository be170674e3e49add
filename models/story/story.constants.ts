// Practice stories and the most significant change (issue 15 item 3, decision 055). Plain values,
// shared with the browser.

/**
 * The moments a leader writes a story of a change in their practice, on the trajectory's rhythm
 * (models/meeting/rhythm.constants.ts: two school years from September): months after the
 * trajectory's start date, the middle and the end of each school year.
 */
export const STORY_MOMENTS = [
  { key: "y1_mid", month: 4 },
  { key: "y1_end", month: 9 },
  { key: "y2_mid", month: 16 },
  { key: "y2_end", month: 21 },
] as const;
export type StoryMoment = (typeof STORY_MOMENTS)[number]["key"];
export const STORY_MOMENT_KEYS = STORY_MOMENTS.map((m) => m.key) as [StoryMoment, ...StoryMoment[]];

export const STORY_CHANGE_MAX = 3000;
export const STORY_INTENTION_MAX = 1000;
export const STORY_WHY_MAX = 1500;

// What a profile may hold, as data (labels live in the catalogue under profile.phase.* and profile.level.*).

export const CAREER_PHASES = ["starter", "experienced"] as const;
export type CareerPhase = (typeof CAREER_PHASES)[number];

/** Levels of education in Flanders a school leader may lead. */
export const SCHOOL_LEVELS = ["primary", "secondary", "special", "adult", "arts", "higher"] as const;
export type SchoolLevel = (typeof SCHOOL_LEVELS)[number];

export const MAX_SCHOOL_CHARS = 120;
export const MAX_YEARS_AS_LEADER = 60;

export const COACH_NOTE_MAX = 4000;
/** Coaching talks a leader has per school year (the programme: twice a year). */
export const TALKS_PER_YEAR = 2;
/** A coaching talk's length when the coach plans one here. */
export const TALK_MINUTES = 60;

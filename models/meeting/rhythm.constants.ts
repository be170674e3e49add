// The programme's rhythm as data (issue 14 item 1, docs/decisions/030): two school years, each from
// 1 September to 30 June, with this many meetings per group (coaching talks: per leader).

export const MEETING_KINDS = ["contact_day", "network_moment", "coaching_talk"] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const RHYTHM = {
  schoolYears: 2,
  perYear: { contact_day: 9, network_moment: 2, coaching_talk: 2 },
  /** Local wall-clock hours in the programme's zone, [start, end]. */
  hours: { contact_day: [9, 16], network_moment: [13, 17], coaching_talk: [10, 11] },
  timeZone: "Europe/Brussels",
} as const satisfies {
  schoolYears: number;
  perYear: Record<MeetingKind, number>;
  hours: Record<MeetingKind, readonly [number, number]>;
  timeZone: string;
};

/** The school year runs from 1 September (month index 8) to 30 June (month index 5). */
export const SCHOOL_YEAR_START_MONTH = 8;
export const SCHOOL_YEAR_END_MONTH = 5;

export const MEETING_TITLE_MAX = 120;
export const MEETING_PLACE_MAX = 300;

// The end of the trajectory (issue 15 item 7, decision 056). Plain values, shared with the browser.
export const END_CHOICES = ["continue", "close"] as const;
export type EndChoice = (typeof END_CHOICES)[number];

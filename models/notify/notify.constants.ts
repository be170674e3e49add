// What a user chooses about e-mail notifications (docs/decisions/026-mail-notifications.md).
// Shared with the settings page: no mongoose here.

/** The kinds of notification a user chooses about, each on its own. */
// "plan": a peer asks for feedback on a check-in, a group goal awaits your agreement (decision 051).
export const MAIL_KINDS = ["mention", "reply", "meeting", "case", "plan"] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** When mail about a kind goes: within a minute or so, in the daily digest, or never. */
export const MAIL_CHOICES = ["immediately", "daily", "off"] as const;
export type MailChoice = (typeof MAIL_CHOICES)[number];

export type MailPrefs = Record<MailKind, MailChoice>;

export const DEFAULT_MAIL_PREFS: MailPrefs = {
  mention: "immediately",
  reply: "daily",
  meeting: "immediately",
  case: "immediately",
  plan: "immediately",
};

/** The daily digest goes at this hour of the recipient's own day. */
export const DIGEST_HOUR = 8;

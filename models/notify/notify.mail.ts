import { translate } from "../i18n/i18n";
import type { Locale } from "../i18n/locale";
import type { MailKind } from "./notify.constants";

// The notification mails' texts, from the one catalogue (models/i18n: mail.notify.*).

/** One line of a notification mail: what happened where, with at most a short excerpt. */
export type MailItem =
  | { kind: "mention" | "reply" | "new_thread"; author: string; group: string; thread: string; excerpt: string; url: string }
  /** A meeting added, moved or cancelled (models/meeting), or tomorrow's reminder; `when` in the recipient's zone. */
  | { kind: "meeting"; change: "added" | "moved" | "cancelled" | "reminder"; group: string; title: string; when: string; url: string }
  /** A case proposed for a round (models/prep): who proposed it where; never its question. */
  | { kind: "case_proposed"; author: string; group: string; url: string }
  /** A step of an async round opened (decision 045). */
  | { kind: "round"; group: string; url: string }
  /** A leader asks for feedback on a check-in; a group goal awaits the reader's agreement (decision 051). */
  | { kind: "feedback_asked"; author: string; group: string; url: string }
  | { kind: "goal_proposed"; title: string; group: string; url: string }
  /** Evaluation (decision 052): a reaction check or a moment's questionnaire not yet answered. */
  | { kind: "reaction"; group: string; url: string }
  /** Network moments (decision 066): planned, moved, cancelled, tomorrow, or the reader was named its facilitator. */
  | { kind: "moment"; change: "added" | "moved" | "cancelled" | "reminder" | "facilitator"; title: string; when: string; url: string };

export interface NotificationMailInput {
  mode: "immediate" | "digest";
  items: MailItem[];
  settingsUrl: string;
  /** One link per kind in the mail, each turning that kind off without signing in. */
  unsubscribe: { kind: MailKind; url: string }[];
}

/** Longest excerpt of a message a mail may carry. */
export const EXCERPT_CHARS = 140;

/** The start of a message as one line: whitespace collapsed, emphasis marks dropped, cut at a word. */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  const flat = text.replace(/[*`]/g, "").replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function itemText(l: Locale, item: MailItem): string {
  if (item.kind === "meeting") return translate(l, `mail.notify.meeting_${item.change}`, item);
  if (item.kind === "moment") return translate(l, `mail.notify.moment_${item.change}`, item);
  if (item.kind === "case_proposed") return translate(l, "mail.notify.case_proposed", item);
  if (item.kind === "reaction") return translate(l, "mail.notify.reaction", item);
  if (item.kind === "round") return translate(l, "mail.notify.round_step_opened", item);
  if (item.kind === "feedback_asked" || item.kind === "goal_proposed") return translate(l, `mail.notify.${item.kind}`, item);
  const head = translate(l, `mail.notify.${item.kind}`, item);
  const quote = item.excerpt ? `\n  “${item.excerpt}”` : "";
  return `${head}${quote}\n  ${item.url}`;
}

/** The subject and text of a batch of notifications (within a minute, or the daily digest). */
export function notificationMail(l: Locale, input: NotificationMailInput) {
  const n = input.items.length;
  const lines = [
    translate(l, `mail.notify.intro.${input.mode}`),
    "",
    ...input.items.map((item) => `- ${itemText(l, item)}`),
    "",
    "-- ",
    translate(l, "mail.notify.why", { url: input.settingsUrl }),
    ...input.unsubscribe.map((u) => translate(l, "mail.notify.unsubscribe", { kind: translate(l, `mail.kind.${u.kind}`), url: u.url })),
  ];
  return { subject: translate(l, `mail.notify.subject.${input.mode}`, { n }), text: `${lines.join("\n")}\n` };
}

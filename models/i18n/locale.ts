// The languages of the app, declared once: the UI, the server's refusals and the mails use them,
// the user's stored preference and the lk_lang cookie take one of them.

export const LOCALES = ["nl", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "nl";

export const isLocale = (v: unknown): v is Locale => LOCALES.includes(v as Locale);

/** A known locale, else the default (a cookie or stored value from outside). */
export const toLocale = (v: unknown): Locale => (isLocale(v) ? v : DEFAULT_LOCALE);

/** The language the header's switch offers from `l`: the next one. */
export const otherLocale = (l: Locale): Locale => LOCALES[(LOCALES.indexOf(l) + 1) % LOCALES.length];

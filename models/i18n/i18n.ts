import { en } from "./en";
import { nl } from "./nl";
import type { Locale } from "./locale";

// One i18n mechanism for every door (docs/decisions/018-i18n.md): a catalogue per language
// (nl.ts, en.ts) and translate(). Pure (constants and functions, no state): the pages (app/), the
// refusals (forms and sockets) and the mails (models/) all read it.

export type { Locale } from "./locale";

/** A text that depends on a number: one form per plural category of the language (`other` always). */
export type PluralForms = { readonly other: string } & { readonly [C in Intl.LDMLPluralRule]?: string };

export type MessageKey = keyof typeof nl;

/** A language's catalogue: every key of the Dutch one, plain where Dutch is plain, plural where it is plural. */
export type Catalogue = { readonly [K in MessageKey]: (typeof nl)[K] extends string ? string : PluralForms };

/** Values for a text's {placeholders}; `n` also chooses a plural form. */
export type Vars = Readonly<Record<string, string | number>>;

export const catalogues: Readonly<Record<Locale, Catalogue>> = { nl, en };

const pluralRules: Readonly<Record<Locale, Intl.PluralRules>> = { nl: new Intl.PluralRules("nl"), en: new Intl.PluralRules("en") };

const PLACEHOLDER = /\{(\w+)\}/g;

/** The names of a text's placeholders (for the catalogues' test). */
export const placeholdersOf = (text: string) => [...text.matchAll(PLACEHOLDER)].map((m) => m[1]);

/** A key's text in the language: its plural form for `vars.n` if it has forms, every {name} filled
 *  from `vars` (a name not given stays as it is, so a forgotten value shows). */
export function translate(locale: Locale, key: MessageKey, vars: Vars = {}): string {
  const message: string | PluralForms = catalogues[locale][key];
  const text =
    typeof message === "string"
      ? message
      : ((typeof vars.n === "number" ? message[pluralRules[locale].select(vars.n)] : undefined) ?? message.other);
  return text.replace(PLACEHOLDER, (whole, name: string) => String(vars[name] ?? whole));
}

/** True when the catalogue has the key (for codes that come from outside: zod, a service). */
export const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(nl, key);

/** A field's error code (zod's or a service's) as text: `error.<code>`, else the generic one. */
export function fieldError(locale: Locale, code: string | undefined): string | undefined {
  if (!code) return undefined;
  const key = `error.${code}`;
  return translate(locale, isMessageKey(key) ? key : "error.invalid");
}

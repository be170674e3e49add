import { useRouteLoaderData } from "@remix-run/react";
import { fieldError, translate, type MessageKey, type Vars } from "../../models/i18n/i18n";
import { DEFAULT_LOCALE, type Locale } from "../../models/i18n/locale";

export interface RootData {
  locale: Locale;
  /** The reader's IANA time zone (profile, else Europe/Brussels): every date is shown in it. */
  timeZone: string;
  /** When the root loader ran (ms): relative times render from it on the server and the first
   *  client render, so both write the same text; they follow the clock after hydration. */
  now: number;
  csrf: string;
  user: { id: string; name: string; email: string; isOrganiser: boolean } | null;
}

export const useRootData = () => useRouteLoaderData("root") as RootData;

/** t(key, vars) in the page's language (models/i18n), plus the locale and a field-error translator. */
export function useT() {
  const locale = useRootData()?.locale ?? DEFAULT_LOCALE;
  const t = (key: MessageKey, vars?: Vars) => translate(locale, key, vars);
  return Object.assign(t, { locale, fieldError: (code?: string) => fieldError(locale, code) });
}

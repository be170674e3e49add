import { useRouteLoaderData } from "@remix-run/react";
import { fieldError, translate, type MessageKey, type Vars } from "../../models/i18n/i18n";
import { DEFAULT_LOCALE, type Locale } from "../../models/i18n/locale";

export interface RootData {
  locale: Locale;
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

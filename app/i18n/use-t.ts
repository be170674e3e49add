import { useRouteLoaderData } from "@remix-run/react";
import { translate, fieldError, type Locale, type MessageKey } from "./messages";

export interface RootData {
  locale: Locale;
  csrf: string;
  user: { id: string; name: string; email: string; isOrganiser: boolean } | null;
}

export const useRootData = () => useRouteLoaderData("root") as RootData;

/** t(key, vars) in the page's language, plus the locale and a field-error translator. */
export function useT() {
  const locale = useRootData()?.locale ?? "nl";
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars);
  return Object.assign(t, { locale, fieldError: (code?: string) => fieldError(locale, code) });
}

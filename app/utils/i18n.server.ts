import { readCookie, LOCALE_COOKIE } from "./cookies.server";
import { toLocale, type Locale } from "../../models/i18n/locale";

/** The UI language: the lk_lang cookie, else Dutch. */
export function getLocale(request: Request): Locale {
  return toLocale(readCookie(request, LOCALE_COOKIE));
}

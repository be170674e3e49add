import { readCookie, LOCALE_COOKIE } from "./cookies.server";
import type { Locale } from "../i18n/messages";

/** The UI language: the lk_lang cookie, else Dutch. */
export function getLocale(request: Request): Locale {
  const v = readCookie(request, LOCALE_COOKIE);
  return v === "en" ? "en" : "nl";
}

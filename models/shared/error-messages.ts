import type { ErrorCode } from "./errors";
import { isMessageKey, translate, type MessageKey } from "../i18n/i18n";
import type { Locale } from "../i18n/locale";

/** Every refusal code has its text in the catalogues (a missing one does not compile). */
const refusalKey = (code: ErrorCode): MessageKey => `refusal.${code}`;

/** The localised message for a refusal code, for both doors (forms and sockets). */
export function errorMessage(locale: Locale, code: ErrorCode): string {
  const key = refusalKey(code);
  // A code from outside the type (an old client, a cast) gets the generic refusal.
  return translate(locale, isMessageKey(key) ? key : "refusal.invalid_input");
}

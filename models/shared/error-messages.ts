import type { ErrorCode } from "./errors";
import { isMessageKey, translate, type MessageKey } from "../i18n/i18n";
import type { Locale } from "../i18n/locale";

/** Every refusal code has its text in the catalogues (a missing one does not compile). */
const refusalKey = (code: ErrorCode): MessageKey => `refusal.${code}`;

/** The seconds a refusal asks to wait (rate_limited's retryAfter), if it says. */
export function retryAfterOf(meta: Readonly<Record<string, string | number>> | undefined): number | undefined {
  const s = meta?.retryAfter;
  return typeof s === "number" && Number.isFinite(s) && s > 0 ? Math.ceil(s) : undefined;
}

/** The localised message for a refusal code, for both doors (forms and sockets); with the refusal's
 *  `meta`, a rate_limited one says how long to wait ("Probeer het over 30 seconden opnieuw."). */
export function errorMessage(locale: Locale, code: ErrorCode, meta?: Readonly<Record<string, string | number>>): string {
  const wait = code === "rate_limited" ? retryAfterOf(meta) : undefined;
  if (wait !== undefined)
    return wait < 60
      ? translate(locale, "refusal.rate_limited.seconds", { n: wait })
      : translate(locale, "refusal.rate_limited.minutes", { n: Math.ceil(wait / 60) });
  // A refusal may say why (meta.reason), when the catalogue has words for that reason.
  const reasoned = typeof meta?.reason === "string" ? `refusal.${code}.${meta.reason}` : null;
  if (reasoned && isMessageKey(reasoned)) return translate(locale, reasoned);
  const key = refusalKey(code);
  // A code from outside the type (an old client, a cast) gets the generic refusal.
  return translate(locale, isMessageKey(key) ? key : "refusal.invalid_input");
}

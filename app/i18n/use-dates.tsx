import { useEffect, useState } from "react";
import { type DateKind, formatDate, formatRelative } from "../../models/i18n/dates";
import { DEFAULT_LOCALE } from "../../models/i18n/locale";
import { DEFAULT_TIME_ZONE } from "../../models/i18n/dates";
import { useRootData } from "./use-t";

/** The reader's date settings (their profile's language and time zone, from the root loader). */
export function useDateSettings() {
  const root = useRootData();
  return { locale: root?.locale ?? DEFAULT_LOCALE, timeZone: root?.timeZone ?? DEFAULT_TIME_ZONE };
}

/** formatDate in the reader's zone and language: date(iso, "moment" | "day" | "timestamp"). */
export function useFormatDate() {
  const s = useDateSettings();
  return (at: string | Date, kind: DateKind = "moment") => formatDate(at, kind, s);
}

/** A date as a <time>, in the reader's zone; the full timestamp as its tooltip. */
export function When({ iso, kind = "moment", children }: { iso: string; kind?: DateKind; children?: (text: string) => string }) {
  const s = useDateSettings();
  const text = formatDate(iso, kind, s);
  return (
    <time dateTime={iso} title={formatDate(iso, "timestamp", s)}>
      {children ? children(text) : text}
    </time>
  );
}

const TICK_MS = 30_000;

/** "5 min geleden": from the root loader's `now` on the server and in the first client render (the
 *  same text, no hydration mismatch), then from the browser's clock, kept fresh. */
export function Ago({ iso, children }: { iso: string; children?: (text: string) => string }) {
  const s = useDateSettings();
  const loaderNow = useRootData()?.now ?? Date.parse(iso);
  const [now, setNow] = useState(loaderNow);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);
  const text = formatRelative(iso, now, s);
  return (
    <time dateTime={iso} title={formatDate(iso, "timestamp", s)}>
      {children ? children(text) : text}
    </time>
  );
}

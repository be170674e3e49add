/** A moment in the users' time zone (fixed, so server and browser render the same text). */
export const formatWhen = (iso: string, locale: string) =>
  new Date(iso).toLocaleString(locale === "en" ? "en-GB" : "nl-NL", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Europe/Brussels",
  });

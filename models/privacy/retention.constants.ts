// Retention (decision 048): how long a closed group's content is kept. Shared by the service, the
// form's input schema and the organiser's page.

/** The organiser's choices: months after closing, or "manual" (kept until deleted by hand). */
export const RETENTION_CHOICES = ["6", "12", "24", "manual"] as const;
export type RetentionChoice = (typeof RETENTION_CHOICES)[number];

/** A trajectory that never chose keeps a closed group's content this many months. */
export const DEFAULT_RETENTION_MONTHS = 12;

export const retentionChoiceOf = (months: number | null | undefined): RetentionChoice =>
  months === null ? "manual" : (RETENTION_CHOICES.find((c) => c === String(months ?? DEFAULT_RETENTION_MONTHS)) ?? "12");

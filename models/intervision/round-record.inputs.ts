import { z } from "zod";
import { objectIdString } from "../shared/ids";

// The round's record (docs/decisions/044-round-record.md): the closing check and the inbrenger's
// decision, checked at the door and again in the service. Pure zod, safe in the browser.

export const RECORD_CHOICES = ["keep", "anonymise", "delete"] as const;
export type RecordChoice = (typeof RECORD_CHOICES)[number];
/** Averages of the closing check show only from this many answers on (nobody's answer can be read back). */
export const CHECK_MIN_FOR_AVERAGE = 5;
export const CHECK_LINE_MAX = 280;

const score = z.coerce.number("invalid").int("invalid").min(1, "round_check_score").max(5, "round_check_score");

export const RoundRecordRef = z.strictObject({ groupId: objectIdString, roundId: objectIdString });

export const ClosingCheckInput = z.strictObject({
  groupId: objectIdString,
  roundId: objectIdString,
  safety: score,
  usefulness: score,
  line: z
    .string("invalid")
    .trim()
    .max(CHECK_LINE_MAX, "too_long")
    .refine((s) => !s.includes("\u0000"), "invalid")
    .default(""),
});
export type ClosingCheckInput = z.input<typeof ClosingCheckInput>;

export const RecordDecisionInput = z.strictObject({
  groupId: objectIdString,
  roundId: objectIdString,
  choice: z.enum(RECORD_CHOICES, "invalid"),
});
export type RecordDecisionInput = z.input<typeof RecordDecisionInput>;

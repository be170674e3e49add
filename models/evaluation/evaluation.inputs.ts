import { z } from "zod";
import { objectIdString } from "../shared/ids";
import { LINE_MAX } from "./instrument.inputs";

// The evaluation's untrusted input (docs/decisions/052): checked at the door and again in the
// service. The scores are interpreted against the instrument (every statement, 1-5). Pure zod.

/** An occasion as a URL segment; one that names no occasion of the group is not_found in the service
 *  (after the group's gate, so an outsider learns nothing either way). */
export const occasionKey = z.string("invalid").max(80, "invalid");

export const OccasionRef = z.strictObject({ groupId: objectIdString, occasion: occasionKey });

/** A form's answers: `s:<itemId>` = "1".."5", `line` = the optional open line. */
export const SubmitCheckInput = z.strictObject({
  groupId: objectIdString,
  occasion: occasionKey,
  scores: z.record(
    z
      .string()
      .max(60, "invalid")
      .regex(/^[a-z][a-z0-9_]*$/, "invalid"),
    z.coerce.number("evaluation_score").int("evaluation_score").min(1, "evaluation_score").max(5, "evaluation_score"),
  ),
  line: z
    .string("invalid")
    .trim()
    .max(LINE_MAX, "too_long")
    .refine((s) => !s.includes("\u0000"), "invalid")
    .default(""),
});
export type SubmitCheckInput = z.input<typeof SubmitCheckInput>;

/** Turns a form's flat fields into SubmitCheckInput's shape (unknown keys are left to fail there). */
export function checkFromForm(fields: Record<string, string>) {
  const scores: Record<string, string> = {};
  const rest: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (k.startsWith("s:")) scores[k.slice(2)] = v;
    else rest[k] = v;
  }
  return { ...rest, scores };
}

export const GroupRef = z.strictObject({ groupId: objectIdString });
export const ShareConsentInput = z.strictObject({
  groupId: objectIdString,
  consent: z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")], "invalid"),
});
export const TrajectoryRef = z.strictObject({ trajectoryId: objectIdString });

/** The check's form as posted (flat fields) into SubmitCheckInput. */
export const CheckFormInput = z.preprocess((v) => checkFromForm(v as Record<string, string>), SubmitCheckInput);

import { z } from "zod";
import { objectIdString } from "../shared/ids";
import { ACTION_MAX, COMMITMENT_MAX, EVIDENCE_MAX, FEEDBACK_MAX, MAX_QUESTIONS, NOTE_MAX, QUESTION_MAX, URL_MAX } from "./plan.constants";

// The action plan's forms (app/routes/groups.$groupId.plan.tsx), validated at the door and again by
// the service; also the shapes goal and coach inputs share (a day, an https link, a yes/no).

/** A calendar day "YYYY-MM-DD" between 2000 and 2100. */
export const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "invalid_date")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s) && d.getUTCFullYear() >= 2000 && d.getUTCFullYear() <= 2100;
  }, "invalid_date");
/** A day, or nothing (an empty field). */
export const optionalDay = z
  .union([z.literal("").transform(() => null), day, z.null()])
  .optional()
  .transform((v) => v ?? null);
/** An https link (nothing else: no javascript:, no http, no spaces). */
export const httpsUrl = z
  .string()
  .trim()
  .max(URL_MAX, "too_long")
  .refine((s) => /^https:\/\/[^\s/$.?#][^\s]*$/i.test(s) && URL.canParse(s), "invalid_url");
/** A checkbox or toggle: a boolean (a test, a socket) or "true"/"false" (a form). */
export const yesNo = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);
/** A version number: a number or a digit string, 1 and up. */
export const versionNumber = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^\d{1,7}$/, "invalid"),
  ])
  .transform(Number)
  .pipe(z.number().int().min(1).max(1_000_000));
const text = (max: number) => z.string().trim().min(1, "required").max(max, "too_long");

/** A learning question's id: "<groupId>:<userId>:<slot>". */
export const questionId = z.string().regex(new RegExp(`^[0-9a-f]{24}:[0-9a-f]{24}:[1-${MAX_QUESTIONS}]$`), "invalid_id");
/** A BSA section's id (models/analysis), optional: its shape here; the service accepts only a scored
 *  section of the group's trajectory's questionnaire (plan_bsa_section). */
const bsaSectionId = z
  .union([
    z
      .string()
      .trim()
      .max(64, "too_long")
      .regex(/^[A-Za-z0-9_.-]*$/, "invalid"),
    z.null(),
  ])
  .optional()
  .transform((v) => v || null);

export const GroupPlanInput = z.object({ groupId: objectIdString });
export const AddQuestionInput = z.object({ groupId: objectIdString, text: text(QUESTION_MAX), bsaSectionId });
export const EditQuestionInput = z.object({ groupId: objectIdString, questionId, text: text(QUESTION_MAX), bsaSectionId });
export const QuestionTargetInput = z.object({ groupId: objectIdString, questionId });
export const ShareQuestionInput = z.object({ groupId: objectIdString, questionId, shared: yesNo });
export const AddActionInput = z.object({ groupId: objectIdString, questionId, text: text(ACTION_MAX), date: optionalDay });
export const ActionDoneInput = z.object({ groupId: objectIdString, questionId, actionId: objectIdString, done: yesNo });
export const AddEvidenceInput = z
  .object({
    groupId: objectIdString,
    questionId,
    text: z.string().trim().max(EVIDENCE_MAX, "too_long"),
    url: z
      .union([z.literal(""), httpsUrl])
      .optional()
      .default(""),
  })
  .refine((v) => v.text !== "" || v.url !== "", { message: "required", path: ["text"] });
export const CheckInInput = z.object({
  groupId: objectIdString,
  questionId,
  rating: z
    .union([
      z.number(),
      z
        .string()
        .trim()
        .regex(/^[1-5]$/, "plan_rating"),
    ])
    .transform(Number)
    .pipe(z.number().int().min(1, "plan_rating").max(5, "plan_rating")),
  note: z.string().trim().max(NOTE_MAX, "too_long").optional().default(""),
  askFeedback: yesNo.optional().default(false),
});
export const CheckInTargetInput = z.object({ groupId: objectIdString, checkInId: objectIdString });
export const FeedbackInput = z.object({ groupId: objectIdString, checkInId: objectIdString, text: text(FEEDBACK_MAX) });
export const CommitmentDoneInput = z.object({
  groupId: objectIdString,
  commitmentId: z
    .string()
    .max(200)
    .regex(/^[0-9a-f]{24}:[0-9a-f]{24}:[a-z]+:[A-Za-z0-9_-]{1,64}:\d{1,3}$/, "invalid_id"),
  done: yesNo,
});
/** What the intervision engine hands over for one leader: a round's action points. */
export const CommitmentItemsInput = z
  .array(
    z.object({
      text: text(COMMITMENT_MAX),
      due: z.union([z.date(), z.null()]).optional().default(null),
      source: z.object({ kind: z.literal("round"), id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "invalid_id") }),
    }),
  )
  .min(1)
  .max(20);
export type CommitmentItems = z.input<typeof CommitmentItemsInput>;

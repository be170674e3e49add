import { z } from "zod";
import { LocalText } from "../intervision/protocol.inputs";
import { objectIdString } from "../shared/ids";

// The baseline/end analysis questionnaire as data (issue 14 item 3, docs/decisions/036): sections of
// items, each a 1-5 scale (with a third-person wording for 360-degree raters), a choice or an open
// text, every text in Dutch and English. Pure zod, safe in the browser. Messages are codes
// (error.<code>); every count and length is bounded.

export const QUESTIONNAIRE_LIMITS = {
  sections: 12,
  itemsPerSection: 20,
  items: 80,
  options: 12,
  title: 160,
  prompt: 400,
  intro: 1000,
  anchor: 60,
  id: 40,
  /** An open answer's length. */
  answer: 2000,
  /** The JSON an organiser pastes into the editor. */
  json: 200_000,
} as const;

/** The version of this shape; a stored questionnaire names the one it was written in. */
export const QUESTIONNAIRE_SCHEMA = 1;
export const SCALE_POINTS = [1, 2, 3, 4, 5] as const;
export const ITEM_KINDS = ["scale", "choice", "text"] as const;

// The one bilingual text of the app's data (shared with the intervision protocols; its codes say
// "fill in this text in Dutch and English" / "too long").
export { LocalText };

const id = z
  .string("invalid")
  .max(QUESTIONNAIRE_LIMITS.id, "too_long")
  .regex(/^[a-z][a-z0-9-]*$/, "analysis_bad_id");

/** Five labelled anchors, for 1 to 5. */
const anchors = z.array(LocalText(QUESTIONNAIRE_LIMITS.anchor), "invalid").length(5, "analysis_five_anchors");

const ScaleItem = z.strictObject(
  {
    id,
    kind: z.literal("scale"),
    prompt: LocalText(QUESTIONNAIRE_LIMITS.prompt),
    /** The same statement about the leader, for the 360-degree raters. */
    rater: LocalText(QUESTIONNAIRE_LIMITS.prompt),
    anchors: anchors.optional(),
  },
  "invalid",
);
const ChoiceItem = z.strictObject(
  {
    id,
    kind: z.literal("choice"),
    prompt: LocalText(QUESTIONNAIRE_LIMITS.prompt),
    /** At most this many options may be chosen (1: a single choice). */
    max: z.number("invalid").int("invalid").min(1, "invalid").max(QUESTIONNAIRE_LIMITS.options, "invalid"),
    options: z
      .array(z.strictObject({ id, label: LocalText(QUESTIONNAIRE_LIMITS.prompt) }, "invalid"), "invalid")
      .min(2, "analysis_too_few_options")
      .max(QUESTIONNAIRE_LIMITS.options, "analysis_too_many_options"),
  },
  "invalid",
);
const TextItem = z.strictObject({ id, kind: z.literal("text"), prompt: LocalText(QUESTIONNAIRE_LIMITS.prompt) }, "invalid");

export const QuestionnaireItem = z.discriminatedUnion("kind", [ScaleItem, ChoiceItem, TextItem], "analysis_bad_kind");
export type QuestionnaireItem = z.infer<typeof QuestionnaireItem>;
export type ScaleItem = z.infer<typeof ScaleItem>;

export const QuestionnaireSection = z.strictObject(
  {
    id,
    title: LocalText(QUESTIONNAIRE_LIMITS.title),
    intro: LocalText(QUESTIONNAIRE_LIMITS.intro).optional(),
    items: z
      .array(QuestionnaireItem, "invalid")
      .min(1, "analysis_empty_section")
      .max(QUESTIONNAIRE_LIMITS.itemsPerSection, "analysis_too_many_items"),
  },
  "invalid",
);
export type QuestionnaireSection = z.infer<typeof QuestionnaireSection>;

export const Questionnaire = z
  .strictObject(
    {
      schema: z.literal(QUESTIONNAIRE_SCHEMA, "analysis_bad_schema"),
      title: LocalText(QUESTIONNAIRE_LIMITS.title),
      intro: LocalText(QUESTIONNAIRE_LIMITS.intro),
      /** The default anchors of every scale item. */
      anchors,
      sections: z
        .array(QuestionnaireSection, "invalid")
        .min(1, "analysis_no_sections")
        .max(QUESTIONNAIRE_LIMITS.sections, "analysis_too_many_sections"),
    },
    "invalid",
  )
  .superRefine((q, ctx) => {
    const items = q.sections.flatMap((s) => s.items);
    if (items.length > QUESTIONNAIRE_LIMITS.items) ctx.addIssue({ code: "custom", message: "analysis_too_many_items", path: ["sections"] });
    if (!items.some((i) => i.kind === "scale")) ctx.addIssue({ code: "custom", message: "analysis_no_scale", path: ["sections"] });
    const seen = new Set<string>();
    q.sections.forEach((s, si) => {
      if (seen.has(s.id)) ctx.addIssue({ code: "custom", message: "analysis_duplicate_id", path: ["sections", si, "id"] });
      seen.add(s.id);
      s.items.forEach((item, ii) => {
        if (seen.has(item.id))
          ctx.addIssue({ code: "custom", message: "analysis_duplicate_id", path: ["sections", si, "items", ii, "id"] });
        seen.add(item.id);
        if (item.kind === "choice") {
          const ids = item.options.map((o) => o.id);
          if (new Set(ids).size !== ids.length)
            ctx.addIssue({ code: "custom", message: "analysis_duplicate_id", path: ["sections", si, "items", ii, "options"] });
          if (item.max > ids.length) ctx.addIssue({ code: "custom", message: "invalid", path: ["sections", si, "items", ii, "max"] });
        }
      });
    });
  });
export type Questionnaire = z.infer<typeof Questionnaire>;

/** A questionnaire sent as JSON text from the organiser's editor. */
export const QuestionnaireJsonInput = z.object({
  trajectoryId: objectIdString,
  json: z.string().max(QUESTIONNAIRE_LIMITS.json, "too_long"),
});

/** Where the questionnaire text breaks the schema: the JSON path and the code, for the editor. */
export function questionnaireIssues(json: string): { questionnaire: Questionnaire | null; issues: { path: string; code: string }[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return { questionnaire: null, issues: [{ path: "", code: "analysis_bad_json" }] };
  }
  const r = Questionnaire.safeParse(raw);
  if (r.success) return { questionnaire: r.data, issues: [] };
  return {
    questionnaire: null,
    issues: r.error.issues.slice(0, 20).map((i) => ({ path: i.path.join("."), code: i.message })),
  };
}

export const ANALYSIS_KINDS = ["bsa", "esa"] as const;
export type AnalysisKind = (typeof ANALYSIS_KINDS)[number];

export const StartAnalysisInput = z.object({ trajectoryId: objectIdString, kind: z.enum(ANALYSIS_KINDS, "invalid") });
export const AnalysisTargetInput = z.object({ analysisId: objectIdString });
export const ShareAnalysisInput = z.object({
  analysisId: objectIdString,
  // A form sends "true"/"false"; the service parses the door's output again.
  shared: z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")], "invalid"),
});

/** Answers from a form: `a:<itemId>` = a value (a scale point, an option id, a text),
 *  `a:<itemId>:<optionId>` = "on" (a ticked option of a multiple choice), `seen:<itemId>` = "1" for every
 *  item the form showed (absent values of those are cleared). Interpreted against the questionnaire. */
export const SaveAnswersInput = z
  .record(
    z.string().max(QUESTIONNAIRE_LIMITS.id * 2 + 6, "invalid"),
    z.string().max(QUESTIONNAIRE_LIMITS.answer, "analysis_answer_too_long"),
  )
  .refine((r) => Object.keys(r).length <= QUESTIONNAIRE_LIMITS.items * (QUESTIONNAIRE_LIMITS.options + 2) + 4, "invalid");

export const FEEDBACK_MAX_RATERS = 10;
export const FEEDBACK_MIN_RATERS = 3;

export const InviteRatersInput = z.object({
  analysisId: objectIdString,
  /** E-mail addresses, one a line or separated by commas. */
  emails: z.string().max(4000, "too_long"),
  locale: z.enum(["nl", "en"], "invalid"),
});

/** A 360-degree token from a link: what randomToken() makes. */
export const feedbackToken = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, "token_invalid");

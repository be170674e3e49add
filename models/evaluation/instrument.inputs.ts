import { z } from "zod";
import { LocalText, QUESTIONNAIRE_LIMITS } from "../analysis/questionnaire.inputs";

// The evaluation instruments as data (issue 15, docs/decisions/052): a reaction check, the learning
// indicators and the learning-culture scan, each a short list of 1-5 statements grouped by the
// evaluation framework's indicator (its words in Dutch, carried into English), with at most one open
// line. Versioned like the analysis questionnaire (models/analysis/questionnaire.inputs.ts, whose
// bilingual text and limits it reuses); an answer names the instrument version it was given in.
// Pure zod, safe in the browser.

export const INSTRUMENT_SCHEMA = 1;
export const INSTRUMENT_IDS = ["reaction-meeting", "reaction-round", "learning", "culture"] as const;
export type InstrumentId = (typeof INSTRUMENT_IDS)[number];
/** The open line's length ("one line"). */
export const LINE_MAX = 280;

const key = z
  .string("invalid")
  .max(QUESTIONNAIRE_LIMITS.id, "too_long")
  .regex(/^[a-z][a-z0-9_]*$/, "analysis_bad_id");

/** One indicator of the framework (a dimension a chart shows), with its 1-5 statements. */
const Indicator = z.strictObject(
  {
    id: key,
    label: LocalText(QUESTIONNAIRE_LIMITS.title),
    items: z
      .array(z.strictObject({ id: key, prompt: LocalText(QUESTIONNAIRE_LIMITS.prompt) }, "invalid"), "invalid")
      .min(1, "analysis_empty_section")
      .max(6, "analysis_too_many_items"),
  },
  "invalid",
);
export type Indicator = z.infer<typeof Indicator>;

export const Instrument = z
  .strictObject(
    {
      schema: z.literal(INSTRUMENT_SCHEMA, "analysis_bad_schema"),
      id: z.enum(INSTRUMENT_IDS, "invalid"),
      version: z.number("invalid").int("invalid").min(1, "invalid"),
      /** The framework's level: reaction, learning, or the group's collective learning culture. */
      level: z.enum(["reaction", "learning", "culture"], "invalid"),
      title: LocalText(QUESTIONNAIRE_LIMITS.title),
      intro: LocalText(QUESTIONNAIRE_LIMITS.intro),
      /** Labels of 1 and 5. */
      scale: z.strictObject({ low: LocalText(QUESTIONNAIRE_LIMITS.anchor), high: LocalText(QUESTIONNAIRE_LIMITS.anchor) }, "invalid"),
      indicators: z.array(Indicator, "invalid").min(1, "analysis_no_sections").max(8, "analysis_too_many_sections"),
      /** The optional open line's prompt, if the instrument has one. */
      line: LocalText(QUESTIONNAIRE_LIMITS.prompt).nullable(),
    },
    "invalid",
  )
  .superRefine((q, ctx) => {
    const seen = new Set<string>();
    for (const id of q.indicators.flatMap((d) => [d.id, ...d.items.map((i) => i.id)])) {
      if (seen.has(id)) ctx.addIssue({ code: "custom", message: "analysis_duplicate_id", path: ["indicators"] });
      seen.add(id);
    }
  });
export type Instrument = z.infer<typeof Instrument>;

/** Every statement of an instrument with its indicator, in order. */
export const itemsOf = (q: Instrument) => q.indicators.flatMap((d) => d.items.map((i) => ({ ...i, indicator: d.id })));

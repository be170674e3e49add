import { z } from "zod";
import { objectIdString } from "../shared/ids";
import { clientId, text } from "../thread/thread.inputs";

// The harvest's untrusted input (issue 16 item 4, decision 074); shared with the browser.

export const HARVEST_TITLE_MAX = 200;
export const HARVEST_TEXT_MAX = 20_000;

/** What may be empty (an output with a title only); NUL refused as everywhere. */
const body = (max: number) =>
  z
    .string()
    .max(max * 4, "too_long")
    .transform((s) => s.replace(/\r\n/g, "\n").trim())
    .pipe(
      z
        .string()
        .max(max, "too_long")
        .refine((s) => !s.includes("\u0000"), "invalid"),
    );

const scope = { momentId: objectIdString, breakoutId: objectIdString };

/** A breakout publishes (or republishes: the newest counts) its output to the plenary. */
export const PublishOutputInput = z.object({ ...scope, clientId, title: text(HARVEST_TITLE_MAX), text: body(HARVEST_TEXT_MAX) });
/** A participant offers a published output to their own home group (one document per group). */
export const OfferOutputInput = z.object(scope);
/** An inbrenger brings an anonymised copy of one of their cases into a breakout they sit in. */
export const BringCaseInput = z.object({
  ...scope,
  caseId: objectIdString,
  clientId,
  title: text(HARVEST_TITLE_MAX),
  text: text(HARVEST_TEXT_MAX),
});
/** The inbrenger takes their copy back out of the breakout. */
export const WithdrawCaseInput = z.object({ ...scope, copyId: z.string().max(200, "invalid").min(1, "required") });

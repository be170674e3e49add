import { z } from "zod";
import { objectIdString } from "../shared/ids";
import { jsonField } from "../shared/json-field.inputs";
import { MAX_BREAKOUTS } from "./moment.constants";

// Composing breakouts (issue 16 item 3, decision 068): the compose page's forms and part C's calls,
// checked again by models/moment/compose.service.ts.

/** A block's id within its moment (stable, chosen when the plan is made). */
export const blockIdString = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "invalid");
/** A theme as the plan names it. */
const theme = z.string().trim().min(1, "required").max(200, "too_long");
/** Most people one moment can hold (a breakout block of MAX_BREAKOUTS breakouts of 12). */
export const MAX_COMPOSED = 720;

export const ComposeTargetInput = z.object({ momentId: objectIdString, blockId: blockIdString });
export const PreviewCompositionInput = ComposeTargetInput.extend({
  /** Re-roll: another seed, another proposal; none shows what is stored (or the first proposal). */
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .optional(),
});
export const AssignmentInput = z
  .array(z.object({ theme: theme.nullable(), userIds: z.array(objectIdString).max(MAX_COMPOSED) }))
  .min(1, "required")
  .max(MAX_BREAKOUTS, "too_many");
export const StoreCompositionInput = ComposeTargetInput.extend({ assignment: AssignmentInput });
/** The compose page posts its assignment as one JSON field, checked at the boundary. */
export const assignmentField = jsonField(AssignmentInput, 100_000);
export const MoveSeatInput = ComposeTargetInput.extend({ userId: objectIdString, breakoutId: objectIdString });
export const LateArrivalInput = ComposeTargetInput.extend({ userId: objectIdString });
export const ChooseThemeInput = ComposeTargetInput.extend({ theme });

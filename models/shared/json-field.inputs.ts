import { z } from "zod";

// Shared with the browser (route modules validate with it): no mongoose here.

/** A form field holding JSON, parsed and then checked by `schema` (bad JSON is "invalid"). */
export const jsonField = <S extends z.ZodType>(schema: S, max = 40_000) =>
  z
    .string()
    .max(max, "too_long")
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "invalid" });
        return z.NEVER;
      }
    })
    .pipe(schema);

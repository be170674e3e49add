import type { z } from "zod";
import { DomainError } from "./errors";

/** Validates a use case's input again inside the service (both doors): invalid_input with each field's localised code. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) {
    throw new DomainError(
      "invalid_input",
      r.error.issues.map((i) => ({ path: String(i.path[0] ?? "_"), code: i.message })),
    );
  }
  return r.data;
}

/** Error codes every door (form, socket) maps to a localised message. */
export type ErrorCode =
  | "not_found"
  | "forbidden"
  | "invalid_input"
  | "conflict"
  | "group_full"
  | "charter_required"
  | "rate_limited"
  | "invalid_credentials"
  | "token_invalid"
  | "unauthenticated"
  | "too_complex"
  /** Not the user's doing: the database or Redis could not be reached. */
  | "unavailable";

const BRAND = Symbol.for("leerkring.DomainError");

/** A refusal by the domain: carries a code, never a stack, to the client. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly issues?: { path: string; code: string }[],
    readonly meta?: Record<string, string | number>,
  ) {
    super(code);
    this.name = "DomainError";
  }
}

export const notFound = () => new DomainError("not_found");
export const forbidden = () => new DomainError("forbidden");

// On the prototype, not the instance: a refusal's own fields stay what they were.
Object.defineProperty(DomainError.prototype, BRAND, { value: true });

/** Is `e` a domain refusal? By brand, not instanceof: it holds for a DomainError of any copy of this module. */
export const isDomainError = (e: unknown): e is DomainError =>
  typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;

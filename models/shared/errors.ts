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
  | "too_complex";

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

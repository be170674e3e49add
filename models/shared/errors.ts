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
  | "unavailable"
  /** Not the user's doing: something failed that should not have (logged on the server). */
  | "internal";

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

/** Errors of the database or Redis clients that mean "could not reach it" (nothing was stored by this call). */
const UNREACHABLE =
  /^(Mongo(ose)?(ServerSelection|Network|NetworkTimeout|NotConnected|TopologyClosed|PoolCleared)Error|MaxRetriesPerRequestError)$/;

/** The refusal a door gives for `e`: a domain refusal as it is; an unreachable database or Redis as
 *  "unavailable"; anything else as "internal" (a bug: the door logs it). */
export function refusalOf(e: unknown): DomainError {
  if (isDomainError(e)) return e;
  const err = e as { name?: unknown; message?: unknown } | null;
  const unreachable = typeof err?.name === "string" && UNREACHABLE.test(err.name);
  const closed = err?.message === "Connection is closed."; // ioredis, after its retries gave up
  return new DomainError(unreachable || closed ? "unavailable" : "internal");
}

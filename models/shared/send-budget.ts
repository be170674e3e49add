import type { ServiceContext } from "./context";
import { DomainError } from "./errors";

/** Messages, new threads and comments per user per 10 s, all groups and both doors together. */
export const SEND_LIMIT = 30;

/** Spends one of the actor's sends (rate_limited, with retryAfter, when none is left). In the
 *  service, so a form and a socket draw on the same budget. */
export async function spendSendBudget(ctx: ServiceContext) {
  const r = await ctx.rateLimiter.hit(`send:${ctx.actor.id}`, SEND_LIMIT, 10);
  if (!r.allowed) throw new DomainError("rate_limited", undefined, { retryAfter: r.retryAfterSeconds });
}

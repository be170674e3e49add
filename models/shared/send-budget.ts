import type { ServiceContext } from "./context";
import { spend } from "./limits";

/** Spends one of the actor's sends (LIMITS.send; rate_limited, with retryAfter, when none is left).
 *  In the service, so a form and a socket draw on the same budget. */
export async function spendSendBudget(ctx: ServiceContext) {
  await spend(ctx.limits.send, ctx.actor.id);
}

// The repeating jobs every node declares (docs/decisions/023-scheduler.md): data only, each
// handler a use case of the node's services. server/index.ts runs them through the scheduler.
import type { JobSpec } from "./scheduler";
import type { Services } from "./services";

/** The background jobs of a node built on `services`. */
export function backgroundJobs(services: Services): JobSpec[] {
  return [
    { name: "sweep-sessions", repeat: { pattern: "17 * * * *" }, run: () => services.session.sweepExpiredSessions() },
    { name: "sweep-account-tokens", repeat: { pattern: "23 * * * *" }, run: () => services.invite.sweepExpiredTokens() },
  ];
}

// Every limit's numbers, in one place (docs/decisions/022-limits.md). Counted by
// rate-limiter-flexible in Redis for the whole cluster (models/shared/limits.ts).

/** A fixed window: at most `points` per `seconds`. */
export interface Window {
  readonly points: number;
  readonly seconds: number;
}

export const LIMITS = {
  /** Messages, new threads and comments per user, all groups and both doors together. */
  send: { points: 30, seconds: 10 },
  /** Co-editing batches (or their parts) per user, all documents together (an editor sends at most 5 per second). */
  docUpdates: { points: 150, seconds: 10 },
  login: {
    /** Failed logins from one address (any accounts); then the address waits for the window's end. */
    failuresPerAddress: { points: 30, seconds: 60 * 60 },
    /** Failed logins of one account from one address that need no wait. */
    freeFailures: 5,
    /** The wait after the last free failure; each further failure doubles it, up to `maxWaitSeconds`. */
    firstWaitSeconds: 1,
    maxWaitSeconds: 15 * 60,
    /** How long an account-and-address pair's failures are remembered (a success forgets them at once). */
    rememberSeconds: 24 * 60 * 60,
    /** Failed logins of one account from all networks together that need no wait; past them every
     *  attempt from a network not known to the account waits 1 s, 2 s, 4 s … up to `maxWaitSeconds`. */
    accountFailures: { points: 50, seconds: 60 * 60 },
    /** How long a network an account logged in from stays known to it (skips the account's wait). */
    knownNetworkSeconds: 30 * 24 * 60 * 60,
  },
  passwordReset: {
    /** Reset mails asked for one address (whether or not it has an account): the inbox is not flooded. */
    perAccount: { points: 5, seconds: 60 * 60 },
    /** Reset mails asked from one network address, for any e-mail addresses. */
    perAddress: { points: 20, seconds: 60 * 60 },
  },
  /** Invitations and guest proposals per inviter (each mails someone who did not ask for it). */
  invites: { points: 60, seconds: 60 * 60 },
  // 360-degree feedback (decision 036): opening or answering a rater's link, per network address.
  feedbackLink: { points: 30, seconds: 10 * 60 },
} as const satisfies Record<string, Window | object>;

/** The wait before the next login of an account from a network (or, with the account's `free`, from
 *  anywhere), after its `failures`-th failure: none for the free ones, then 1 s, 2 s, 4 s … up to the cap. */
export function loginWaitSeconds(failures: number, freeFailures: number = LIMITS.login.freeFailures): number {
  const { firstWaitSeconds, maxWaitSeconds } = LIMITS.login;
  if (failures < freeFailures) return 0;
  return Math.min(firstWaitSeconds * 2 ** Math.min(failures - freeFailures, 30), maxWaitSeconds);
}

// The node's limits (docs/decisions/022-limits.md): rate-limiter-flexible, counted in Redis for the
// whole cluster (one atomic script per count), each with an in-memory twin on this node that counts
// while Redis cannot be reached (the library's insuranceLimiter). Built once per node by
// createServices (server/services.ts); the numbers live in limits.constants.ts.
import { createHash } from "node:crypto";
import { isIPv4, isIPv6 } from "node:net";
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { DomainError, isDomainError } from "./errors";
import { LIMITS, loginWaitSeconds, type Window } from "./limits.constants";

export type Limiter = RateLimiterMemory | RateLimiterRedis;

/** Every limit of the node; in ServiceContext as `limits`. */
export interface Limits {
  send: Limiter;
  docUpdates: Limiter;
  login: AttemptLimits;
  /** Second-factor codes (TOTP or recovery), counted like passwords, per account by its id (decision 039). */
  secondFactor: AttemptLimits;
  passwordReset: { perAccount: Limiter; perAddress: Limiter };
  invites: Limiter;
  // 360-degree feedback (decision 036)
  feedbackLink: Limiter;
}

/** The limits of a secret that is guessed (a password, a second factor's code): decision 022's login limits. */
export interface AttemptLimits {
  byAddress: Limiter;
  failures: Limiter;
  wait: Limiter;
  accountFailures: Limiter;
  accountWait: Limiter;
  known: KnownNetworks;
}

/** The node's limits: on `redis` (shared by every node) or, without Redis (one node), in memory. */
export function createLimits(redis: Redis | null): Limits {
  const limiter = (name: string, { points, seconds }: Window, hot = false): Limiter => {
    const opts = { keyPrefix: `lk:limit:${name}`, points, duration: seconds };
    const memory = new RateLimiterMemory(opts);
    if (!redis) return memory;
    return new RateLimiterRedis({
      ...opts,
      storeClient: redis,
      // Redis down: count on this node at once (no waiting for the client's retries).
      rejectIfRedisNotReady: true,
      insuranceLimiter: memory,
      // On the hot paths a key over its budget is refused from this node's memory until its window
      // ends: a flood costs no round trips to Redis.
      ...(hot ? { inMemoryBlockOnConsumed: points + 1 } : {}),
    });
  };
  const { login, passwordReset } = LIMITS;
  const attempts = (name: string): AttemptLimits => ({
    byAddress: limiter(`${name}-address`, login.failuresPerAddress),
    failures: limiter(`${name}-failures`, { points: login.freeFailures, seconds: login.rememberSeconds }),
    // One point: the checked attempt after a wait takes it (at most for the longest wait); a failure
    // sets the next wait, a success deletes it.
    wait: limiter(`${name}-wait`, { points: 1, seconds: login.maxWaitSeconds }),
    accountFailures: limiter(`${name}-account`, login.accountFailures),
    accountWait: limiter(`${name}-account-wait`, { points: 1, seconds: login.maxWaitSeconds }),
    known: knownNetworks(redis, `lk:limit:${name}-known:`, login.knownNetworkSeconds),
  });
  return {
    send: limiter("send", LIMITS.send, true),
    docUpdates: limiter("doc", LIMITS.docUpdates, true),
    login: attempts("login"),
    secondFactor: attempts("mfa"),
    passwordReset: {
      perAccount: limiter("reset-account", passwordReset.perAccount),
      perAddress: limiter("reset-address", passwordReset.perAddress),
    },
    invites: limiter("invites", LIMITS.invites),
    // 360-degree feedback (decision 036)
    feedbackLink: limiter("feedback-link", LIMITS.feedbackLink),
  };
}

/** Keys remembered for a while: the networks each account logged in from. */
export interface KnownNetworks {
  has(key: string): Promise<boolean>;
  /** Remembers `key` for the next `seconds` (from now, also when it was known already). */
  add(key: string): Promise<void>;
}

/**
 * A key per member with its own expiry, in Redis for the cluster and in this node's memory (without
 * Redis, and while Redis is away: as the limiters' insurance). Not a rate-limiter-flexible limiter:
 * its memory store expires keys by setTimeout, which cannot wait 30 days (2^31 ms is 24.8 days).
 */
function knownNetworks(redis: Redis | null, prefix: string, seconds: number): KnownNetworks {
  const memory = new Map<string, number>(); // key -> when it is forgotten (ms); oldest first
  const ready = () => redis?.status === "ready";
  return {
    async has(key) {
      if (redis && ready()) {
        const found = await redis.exists(prefix + key).catch(() => null);
        if (found !== null) return found === 1;
      }
      return (memory.get(key) ?? 0) > Date.now();
    },
    async add(key) {
      const now = Date.now();
      memory.delete(key);
      memory.set(key, now + seconds * 1000);
      for (const [k, until] of memory) {
        if (until > now) break;
        memory.delete(k);
      }
      if (redis && ready()) await redis.set(prefix + key, "1", "EX", seconds).catch(() => undefined);
    },
  };
}

/** Whole seconds until a refused key may try again (at least 1). */
const secondsOf = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

const refused = (e: unknown) =>
  e instanceof RateLimiterRes ? new DomainError("rate_limited", undefined, { retryAfter: secondsOf(e) }) : e;

/** Spends one point of `key`, or refuses with rate_limited and `retryAfter` (seconds to wait). */
export async function spend(limiter: Limiter, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (e) {
    throw refused(e);
  }
}

/** Counts one more for `key` and returns the count, over the limit or not. */
async function countUp(limiter: Limiter, key: string): Promise<number> {
  try {
    return (await limiter.consume(key)).consumedPoints;
  } catch (e) {
    if (e instanceof RateLimiterRes) return e.consumedPoints;
    throw e;
  }
}

const UNKNOWN = "unknown";

/** The 8 groups of a valid IPv6 address (without zone id); a dotted IPv4 tail is the last two. */
function ipv6Groups(address: string): number[] {
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  const hex = tail
    ? `${address.slice(0, tail.index)}${((+tail[1] << 8) | +tail[2]).toString(16)}:${((+tail[3] << 8) | +tail[4]).toString(16)}`
    : address;
  const [head, rest] = hex.split("::");
  const groups = (part?: string) => (part ? part.split(":").map((g) => Number.parseInt(g, 16)) : []);
  const left = groups(head);
  const right = groups(rest);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/**
 * The network a client address belongs to, the key of every address-based limit: an IPv4 address as
 * is (also when written IPv4-mapped, ::ffff:a.b.c.d), an IPv6 address by its /64 prefix (one
 * household, phone or server gets a whole /64, so a fresh address in it is the same client); a zone
 * id is ignored, and anything that is no address is "unknown".
 */
export function addressKey(ip: string): string {
  const address = ip.trim().toLowerCase().split("%", 1)[0];
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return UNKNOWN;
  const g = ipv6Groups(address);
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return [g[6] >> 8, g[6] & 255, g[7] >> 8, g[7] & 255].join(".");
  return `${g
    .slice(0, 4)
    .map((x) => x.toString(16))
    .join(":")}::/64`;
}

/** A key that does not keep e-mail addresses readable in Redis. */
export const privateKey = (...parts: string[]) => createHash("sha256").update(parts.join("\0")).digest("base64url");

/**
 * A count of checked failures of `key` with a growing wait past `free` (express-brute's idea): the
 * count includes the attempt (taken before the check, so parallel attempts see each other) and the
 * attempt after a wait takes the wait's only point, so one attempt is checked per wait.
 */
function backoff(failures: Limiter, wait: Limiter, key: string, free: number) {
  let count = 0;
  let claimed = false;
  return {
    /** Counts the attempt; past `free` claims the wait unless `exempt` says so, or refuses with rate_limited. */
    async enter(exempt?: () => Promise<boolean>) {
      count = await countUp(failures, key);
      if (count > free && !(await exempt?.())) {
        await spend(wait, key);
        claimed = true;
      }
    },
    /** A checked failure: sets the wait before the next attempt. */
    async failed() {
      const seconds = loginWaitSeconds(count, free);
      if (seconds > 0) await wait.set(key, 1, seconds);
    },
    /** Not a failure (a success, a refusal, an outage): gives back the count and the claim. */
    undo: () => Promise.all([count > 0 ? failures.reward(key) : null, claimed ? wait.delete(key) : null]),
    /** Forgets every failure and wait of `key`. */
    forget: () => Promise.all([failures.delete(key), wait.delete(key)]),
  };
}

/**
 * Runs `check` (a password check) under the login limits. Only a checked attempt that failed
 * (invalid_credentials) counts:
 * - per network (addressKey): past its budget the network waits for the window's end;
 * - per account and network: after the free failures each next attempt waits 1 s, 2 s, 4 s …, one
 *   checked attempt per wait; a success forgets them;
 * - per account from all networks: past a generous budget every attempt waits likewise, except from
 *   a network the account logged in from in the last `knownNetworkSeconds`, so a stranger cannot
 *   lock the owner out at home, school or on their phone.
 */
export function limitLogin<T>(limits: Limits, email: string, ip: string, check: () => Promise<T>): Promise<T> {
  return limitAttempts(limits.login, email, ip, check);
}

/** Runs `check` (a guess at `account`'s secret: a password, a second factor's code) under `group`'s
 *  limits, as limitLogin describes; a failure is a refusal `invalid_credentials`. */
export async function limitAttempts<T>(group: AttemptLimits, accountKey: string, ip: string, check: () => Promise<T>): Promise<T> {
  const { byAddress, known } = group;
  const address = addressKey(ip);
  const pairKey = privateKey(accountKey, address);
  const pair = backoff(group.failures, group.wait, pairKey, LIMITS.login.freeFailures);
  const account = backoff(group.accountFailures, group.accountWait, privateKey(accountKey), LIMITS.login.accountFailures.points);
  await spend(byAddress, address);
  try {
    await pair.enter();
    await account.enter(() => known.has(pairKey));
    const result = await check();
    // The account's failures stay: the owner's success gives guessers elsewhere no fresh budget.
    await Promise.all([byAddress.reward(address), pair.forget(), account.undo(), address === UNKNOWN ? null : known.add(pairKey)]);
    return result;
  } catch (e) {
    if (isDomainError(e) && e.code === "invalid_credentials") await Promise.all([pair.failed(), account.failed()]);
    // Not a checked failure (a wait, an outage): it does not count.
    else await Promise.all([byAddress.reward(address), pair.undo(), account.undo()]).catch(() => undefined);
    throw e;
  }
}

/** Forgets every count kept under a user's id (erasure, decision 064): deleting a key that is not there is harmless. */
export async function forgetUserLimits(limits: Limits, userId: string) {
  const { send, docUpdates, invites, feedbackLink, secondFactor, login } = limits;
  const byUser = [
    send,
    docUpdates,
    invites,
    feedbackLink,
    secondFactor.accountFailures,
    secondFactor.accountWait,
    login.accountFailures,
    login.accountWait,
  ];
  await Promise.all(byUser.map((l) => l.delete(userId)));
}

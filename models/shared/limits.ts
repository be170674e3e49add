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
  login: { byAddress: Limiter; failures: Limiter; wait: Limiter };
  passwordReset: { perAccount: Limiter; perAddress: Limiter };
  invites: Limiter;
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
  return {
    send: limiter("send", LIMITS.send, true),
    docUpdates: limiter("doc", LIMITS.docUpdates, true),
    login: {
      byAddress: limiter("login-address", login.failuresPerAddress),
      failures: limiter("login-failures", { points: login.freeFailures, seconds: login.rememberSeconds }),
      // One point: the checked attempt after a wait takes it (at most for the longest wait); a failure
      // sets the next wait, a success deletes it.
      wait: limiter("login-wait", { points: 1, seconds: login.maxWaitSeconds }),
    },
    passwordReset: {
      perAccount: limiter("reset-account", passwordReset.perAccount),
      perAddress: limiter("reset-address", passwordReset.perAddress),
    },
    invites: limiter("invites", LIMITS.invites),
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
  if (!isIPv6(address)) return "unknown";
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
 * Runs `check` (a password check) under the login limits. Only a checked attempt that failed
 * (invalid_credentials) counts: per network (addressKey: then it waits for the window's end) and per
 * account and network (after the free failures each next attempt waits 1 s, 2 s, 4 s …; one checked
 * attempt per wait, also when many arrive at once). A success forgets the pair's failures. The
 * account's owner at another address is never slowed down by failures elsewhere.
 */
export async function limitLogin<T>(limits: Limits, email: string, ip: string, check: () => Promise<T>): Promise<T> {
  const { byAddress, failures, wait } = limits.login;
  const address = addressKey(ip);
  const pair = privateKey(email, address);
  await spend(byAddress, address);
  let count = 0;
  let claimed = false;
  try {
    count = await countUp(failures, pair); // this attempt included: parallel attempts see each other
    if (count > LIMITS.login.freeFailures) {
      await spend(wait, pair);
      claimed = true;
    }
    const result = await check();
    await Promise.all([byAddress.reward(address), failures.delete(pair), wait.delete(pair)]);
    return result;
  } catch (e) {
    if (isDomainError(e) && e.code === "invalid_credentials") {
      const seconds = loginWaitSeconds(count);
      if (seconds > 0) await wait.set(pair, 1, seconds);
    } else {
      // Not a checked failure (a wait, an outage): it does not count.
      await Promise.all([byAddress.reward(address), count > 0 ? failures.reward(pair) : null, claimed ? wait.delete(pair) : null]).catch(
        () => undefined,
      );
    }
    throw e;
  }
}

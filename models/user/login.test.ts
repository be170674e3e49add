// Logging in under the login limits (docs/decisions/022-limits.md), on the real Redis the test
// command starts: two nodes' limits on one Redis, as two app nodes have.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { buildUser, PASSWORD } from "../../test/factories";
import { testRedisUrl } from "../../test/socket";
import { addressKey, createLimits, type Limits, privateKey } from "../shared/limits";
import { LIMITS, loginWaitSeconds } from "../shared/limits.constants";
import { logIn } from "./user.service";

let redis: Redis;
let nodeA: { limits: Limits };
let nodeB: { limits: Limits };
beforeEach(async () => {
  redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 2 });
  await redis.ping();
  nodeA = { limits: createLimits(redis) };
  nodeB = { limits: createLimits(redis) };
});
afterEach(() => {
  redis.disconnect();
});

const hex = () => randomBytes(2).toString("hex");
/** A network (an IPv6 /64) of its own for each test (the counts live in Redis across tests and runs). */
const network = () => `2001:db8:${hex()}:${hex()}`;
/** A fresh address in `net`, or in a network of its own. */
const address = (net = network()) => `${net}:${hex()}::${hex()}`;
const WRONG = "not the password";
const { freeFailures } = LIMITS.login;

/** The attempt's outcome: "ok", or the refusal's code (and its wait). */
const attempt = (node: { limits: Limits }, email: string, password: string, from: string): Promise<{ code: string; retryAfter?: number }> =>
  logIn(node, { email, password }, from).then(
    () => ({ code: "ok" }),
    (e: { code: string; meta?: { retryAfter?: number } }) => ({ code: e.code, retryAfter: e.meta?.retryAfter }),
  );

describe("login limits", () => {
  it("waits nothing for the free failures, then 1 s, 2 s, 4 s … up to the cap", () => {
    const waits = Array.from({ length: 30 }, (_, i) => loginWaitSeconds(i + 1));
    expect(waits.slice(0, freeFailures - 1)).toEqual(Array(freeFailures - 1).fill(0));
    expect(waits.slice(freeFailures - 1, freeFailures + 4)).toEqual([1, 2, 4, 8, 16]);
    expect(Math.max(...waits)).toBe(LIMITS.login.maxWaitSeconds);
    expect(waits.at(-1)).toBe(LIMITS.login.maxWaitSeconds);
  });

  it("never counts a success: logins in a row and failures between successes are never slowed down", async () => {
    const user = await buildUser();
    const from = address();
    for (let i = 0; i < 2; i++) expect(await attempt(nodeA, user.email, PASSWORD, from)).toEqual({ code: "ok" });
    for (let round = 0; round < 2; round++) {
      for (let i = 1; i < freeFailures; i++) expect((await attempt(nodeA, user.email, WRONG, from)).code).toBe("invalid_credentials");
      expect(await attempt(nodeA, user.email, PASSWORD, from)).toEqual({ code: "ok" });
    }
  });

  it("after the free failures each next attempt waits longer, on every node, and says how long", async () => {
    const user = await buildUser();
    const from = address();
    const waitsSet = vi.spyOn(nodeA.limits.login.wait, "set");
    for (let i = 0; i < freeFailures; i++) expect((await attempt(nodeA, user.email, WRONG, from)).code).toBe("invalid_credentials");
    expect(waitsSet.mock.calls.map((c) => c[2])).toEqual([1]);

    // Another node refuses too, without checking the password (it would be right), and says how long.
    const refused = await attempt(nodeB, user.email, PASSWORD, from);
    expect(refused.code === "rate_limited" || refused.code === "ok").toBe(true);
    if (refused.code === "rate_limited") expect(refused.retryAfter).toBe(1);

    // Once the wait is over, the next failure waits twice as long.
    await vi.waitFor(async () => expect((await attempt(nodeA, user.email, WRONG, from)).code).toBe("invalid_credentials"), {
      timeout: 20_000,
      interval: 100,
    });
    const waits = waitsSet.mock.calls.map((c) => c[2]);
    // (The refused attempt above was the right password only if the wait had already passed: then it started over.)
    expect(waits).toEqual(refused.code === "ok" ? [1] : [1, 2]);
  });

  it("refuses even the right password during a wait, with the seconds left; a success afterwards forgets the failures", async () => {
    const user = await buildUser();
    const from = address();
    for (let i = 0; i < freeFailures; i++) await attempt(nodeA, user.email, WRONG, from);
    // As after many failures: a wait of a minute.
    await nodeA.limits.login.wait.set(privateKey(user.email, addressKey(from)), 1, 60);
    const refused = await attempt(nodeB, user.email, PASSWORD, from);
    expect(refused).toMatchObject({ code: "rate_limited" });
    expect(refused.retryAfter).toBeGreaterThanOrEqual(1);
    expect(refused.retryAfter).toBeLessThanOrEqual(60);
    // A refused attempt is not a failure: the wait stays a minute, it does not grow.
    expect((await nodeA.limits.login.failures.get(privateKey(user.email, addressKey(from))))?.consumedPoints).toBe(freeFailures);

    await nodeA.limits.login.wait.delete(privateKey(user.email, addressKey(from))); // the minute has passed
    expect(await attempt(nodeA, user.email, PASSWORD, from)).toEqual({ code: "ok" });
    for (let i = 0; i < freeFailures; i++) expect((await attempt(nodeB, user.email, WRONG, from)).code).toBe("invalid_credentials");
  });

  it("an IPv6 client is one /64: its fresh addresses share the account's free failures and waits", async () => {
    const user = await buildUser();
    const net = network();
    for (let i = 0; i < freeFailures; i++) expect((await attempt(nodeA, user.email, WRONG, address(net))).code).toBe("invalid_credentials");
    // Ten more guesses at once, each from a new address of the same /64: at most one is checked.
    const guesses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => attempt(i % 2 ? nodeA : nodeB, user.email, WRONG, address(net))),
    );
    expect(guesses.filter((g) => g.code === "invalid_credentials").length).toBeLessThanOrEqual(1);
    for (const g of guesses.filter((g) => g.code !== "invalid_credentials")) expect(g).toMatchObject({ code: "rate_limited" });
  });

  it("counts failures per network: a /64's addresses share one budget, and IPv4 written IPv4-mapped is IPv4", async () => {
    const net = network();
    const { points } = LIMITS.login.failuresPerAddress;
    // One more guess than the budget, at once, each for another account from another address of the /64.
    const guesses = await Promise.all(
      Array.from({ length: points + 1 }, (_, i) => attempt(i % 2 ? nodeA : nodeB, `nobody-${i}@school.test`, WRONG, address(net))),
    );
    expect(guesses.filter((g) => g.code === "invalid_credentials")).toHaveLength(points);
    expect(guesses.filter((g) => g.code === "rate_limited")).toHaveLength(1);

    const ipv4 = `198.18.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
    await attempt(nodeA, "nobody@school.test", WRONG, ipv4);
    await attempt(nodeB, "nobody@school.test", WRONG, `::ffff:${ipv4}`);
    expect((await nodeA.limits.login.byAddress.get(ipv4))?.consumedPoints).toBe(2);
  }, 60_000); // 32 argon2 verifications by design

  it("the owner at another address logs in while an attacker hammers the account from one address", async () => {
    const owner = await buildUser();
    const attacker = address();
    // Twenty guesses at once, on two nodes: only the free failures and one after them are checked.
    const guesses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => attempt(i % 2 ? nodeA : nodeB, owner.email, `guess ${i}`, attacker)),
    );
    const checked = guesses.filter((g) => g.code === "invalid_credentials").length;
    expect(checked).toBeGreaterThanOrEqual(freeFailures);
    expect(checked).toBeLessThanOrEqual(freeFailures + 1);
    expect(guesses.filter((g) => g.code === "rate_limited")).toHaveLength(20 - checked);
    for (const g of guesses.filter((g) => g.code === "rate_limited")) expect(g.retryAfter).toBeGreaterThanOrEqual(1);

    expect(await attempt(nodeA, owner.email, PASSWORD, address())).toEqual({ code: "ok" });
    expect(await attempt(nodeB, owner.email, PASSWORD, address())).toEqual({ code: "ok" });
  });
});

describe("login limits per account, from all networks", () => {
  const cap = LIMITS.login.accountFailures.points;

  it("many networks hammering one account meet its cap; the owner's known network still logs in, a new one waits and is told how long", async () => {
    const owner = await buildUser();
    const home = network();
    expect(await attempt(nodeA, owner.email, PASSWORD, address(home))).toEqual({ code: "ok" });

    // The cap's worth of guesses, each from a /64 of its own (each well within its own free failures): all checked.
    const guesses = await Promise.all(
      Array.from({ length: cap }, (_, i) => attempt(i % 2 ? nodeA : nodeB, owner.email, `guess ${i}`, address())),
    );
    expect(guesses.filter((g) => g.code === "invalid_credentials")).toHaveLength(cap);

    // Past the cap, twenty more from twenty new /64s at once: at most one is checked, the rest are told how long to wait.
    const more = await Promise.all(
      Array.from({ length: 20 }, (_, i) => attempt(i % 2 ? nodeA : nodeB, owner.email, `more ${i}`, address())),
    );
    expect(more.filter((g) => g.code === "invalid_credentials").length).toBeLessThanOrEqual(1);
    const waited = more.filter((g) => g.code !== "invalid_credentials");
    expect(waited.length).toBeGreaterThanOrEqual(19);
    for (const g of waited) {
      expect(g.code).toBe("rate_limited");
      expect(g.retryAfter).toBeGreaterThanOrEqual(1);
      expect(g.retryAfter).toBeLessThanOrEqual(LIMITS.login.maxWaitSeconds);
    }

    // As after many more guesses: the account's wait is a minute.
    await nodeA.limits.login.accountWait.set(privateKey(owner.email), 1, 60);
    // The owner at home (another address of the same /64), on either node, logs in without waiting.
    expect(await attempt(nodeB, owner.email, PASSWORD, address(home))).toEqual({ code: "ok" });
    expect(await attempt(nodeA, owner.email, PASSWORD, address(home))).toEqual({ code: "ok" });
    // From a network the account has not logged in from, even the right password waits, and says how long.
    const elsewhere = await attempt(nodeB, owner.email, PASSWORD, address());
    expect(elsewhere.code).toBe("rate_limited");
    expect(elsewhere.retryAfter).toBeGreaterThanOrEqual(1);
    expect(elsewhere.retryAfter).toBeLessThanOrEqual(60);
    // The owner's successes gave the guessers no fresh budget.
    expect((await nodeA.limits.login.accountFailures.get(privateKey(owner.email)))?.consumedPoints).toBeGreaterThanOrEqual(cap);
  }, 120_000); // some 70 argon2 verifications by design: slow on a loaded 2-core machine

  it("remembers a network for 30 days, in Redis for every node, in memory without Redis or while Redis is away", async () => {
    const key = privateKey("someone@school.test", network());
    await nodeA.limits.login.known.add(key);
    expect(await nodeB.limits.login.known.has(key)).toBe(true);
    expect(await nodeB.limits.login.known.has(privateKey("someone@school.test", network()))).toBe(false);
    const ttl = await redis.ttl(`lk:limit:login-known:${key}`);
    expect(ttl).toBeGreaterThan(LIMITS.login.knownNetworkSeconds - 60);
    expect(ttl).toBeLessThanOrEqual(LIMITS.login.knownNetworkSeconds);

    const gone = new Redis("redis://127.0.0.1:1", { lazyConnect: true, maxRetriesPerRequest: 1 });
    gone.on("error", () => undefined);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      for (const limits of [createLimits(null), createLimits(gone)]) {
        await limits.login.known.add(key);
        expect(await limits.login.known.has(key)).toBe(true);
        vi.setSystemTime(Date.now() + LIMITS.login.knownNetworkSeconds * 1000 - 1000);
        expect(await limits.login.known.has(key)).toBe(true);
        vi.setSystemTime(Date.now() + 2000);
        expect(await limits.login.known.has(key)).toBe(false);
      }
    } finally {
      vi.useRealTimers();
      gone.disconnect();
    }
  });
});

// Is this node up to date with what the other nodes published? Every removal reaches a node's
// sockets as a message on its Redis subscriber connection (the adapter's). The node publishes a
// tick to a channel of its own every interval and receives it on that same connection: Redis
// delivers to one subscriber in the order it processed the publishes, so a tick that came back
// proves that everything Redis had taken before it has been applied here. A node whose last tick
// that came back was sent longer ago than the bound is stale, until one comes back in time.
// See docs/decisions/020-revocation-without-redis.md.
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type { Freshness } from "../models/shared/freshness";

export const FRESHNESS_DEFAULTS = { intervalMs: 100, boundMs: 300, prefix: "lk:freshness" };

export interface FreshnessMonitor extends Freshness {
  /** When the last tick that came back was sent (performance.now(): a clock that never steps back):
   *  everything Redis took before then has been applied here. */
  confirmedAt(): number;
  /** Stops ticking and listening. */
  stop(): void;
}

/** Starts ticking through Redis; fresh from the start (a node without sockets has missed nothing
 *  its sockets need: they read their rooms from the database when they connect). */
export function startFreshness(opts: {
  /** A command connection. */
  pub: Redis;
  /** The adapter's subscriber connection: the one whose delay matters. */
  sub: Redis;
  intervalMs?: number;
  boundMs?: number;
  prefix?: string;
}): FreshnessMonitor {
  const { intervalMs, boundMs, prefix } = { ...FRESHNESS_DEFAULTS, ...opts };
  const { pub, sub } = opts;
  const channel = `${prefix}:${randomBytes(8).toString("hex")}`;
  const listeners = { stale: new Set<() => void>(), fresh: new Set<() => void>() };
  const emit = (which: Set<() => void>) => {
    for (const fn of [...which]) fn();
  };
  const on = (which: Set<() => void>, fn: () => void) => {
    which.add(fn);
    return () => void which.delete(fn);
  };

  let fresh = true;
  let confirmedAt = performance.now(); // when the last tick that came back was sent (monotonic)
  let staleTimer: NodeJS.Timeout | null = null;
  const armStale = () => {
    if (staleTimer) clearTimeout(staleTimer);
    staleTimer = setTimeout(
      () => {
        if (!fresh) return;
        if (performance.now() - confirmedAt < boundMs) return armStale();
        fresh = false;
        emit(listeners.stale);
      },
      Math.max(0, confirmedAt + boundMs - performance.now()),
    );
    staleTimer.unref();
  };

  const onMessage = (ch: string, message: string) => {
    if (ch !== channel) return;
    const sentAt = Number(message);
    if (!Number.isFinite(sentAt) || sentAt <= confirmedAt) return;
    confirmedAt = sentAt;
    armStale();
    if (!fresh && performance.now() - confirmedAt < boundMs) {
      fresh = true;
      emit(listeners.fresh);
    }
  };
  sub.on("message", onMessage);
  sub.subscribe(channel).catch(() => undefined); // not answered: no tick comes back, the node turns stale

  const ticker = setInterval(() => {
    pub.publish(channel, String(performance.now())).catch(() => undefined);
  }, intervalMs);
  ticker.unref();
  armStale();

  return {
    isFresh: () => fresh,
    confirmedAt: () => confirmedAt,
    onStale: (fn) => on(listeners.stale, fn),
    onFresh: (fn) => on(listeners.fresh, fn),
    stop() {
      clearInterval(ticker);
      if (staleTimer) clearTimeout(staleTimer);
      sub.off("message", onMessage);
      sub.unsubscribe(channel).catch(() => undefined);
      listeners.stale.clear();
      listeners.fresh.clear();
    },
  };
}

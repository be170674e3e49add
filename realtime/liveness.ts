// Node liveness over Redis: every app node keeps a short-lived key alive and watches everyone
// else's. A node that stops beating (killed, frozen, cut off) is noticed by the survivors, who then
// re-announce presence for their own groups: the dead node's sockets are already gone from
// fetchSockets, but nobody would otherwise say so. See docs/decisions/005-node-liveness.md.
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";

export const LIVENESS_DEFAULTS = { intervalMs: 1000, ttlMs: 2500, prefix: "lk:liveness" };

export interface LivenessOptions {
  /** A command connection (not a subscriber one). */
  redis: Redis;
  /** Called with the ids of nodes that were alive at an earlier check and are not any more. */
  onNodesGone: (nodeIds: string[]) => void;
  nodeId?: string;
  intervalMs?: number;
  ttlMs?: number;
  /** Key prefix; nodes with the same prefix watch each other. */
  prefix?: string;
}

export interface Liveness {
  nodeId: string;
  /** Stops beating and removes this node's key, so the others notice at their next check. */
  stop(): Promise<void>;
}

/** Worst case from a node's last beat to the survivors' onNodesGone (plus one Redis round trip). */
export function livenessBound(opts: { intervalMs?: number; ttlMs?: number } = {}) {
  const { intervalMs, ttlMs } = { ...LIVENESS_DEFAULTS, ...opts };
  return ttlMs + intervalMs;
}

/** Starts heartbeating this node and watching the others; one tick per interval, never overlapping. */
export function startLiveness(opts: LivenessOptions): Liveness {
  const { intervalMs, ttlMs, prefix } = { ...LIVENESS_DEFAULTS, ...opts };
  const { redis, onNodesGone } = opts;
  const nodeId = opts.nodeId ?? randomBytes(8).toString("hex");
  const setKey = `${prefix}:nodes`;
  const beatKey = (id: string) => `${prefix}:node:${id}`;

  let known = new Set<string>(); // others alive at the last check
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();

  async function tick() {
    const res = await redis.multi().set(beatKey(nodeId), "1", "PX", ttlMs).sadd(setKey, nodeId).smembers(setKey).exec();
    const members = ((res?.[2]?.[1] as string[] | undefined) ?? []).filter((m) => m !== nodeId);
    const beats = members.length ? await redis.mget(members.map(beatKey)) : [];
    const alive = new Set(members.filter((_, i) => beats[i] !== null));
    const expired = members.filter((m) => !alive.has(m));
    if (expired.length) await redis.srem(setKey, ...expired);
    // A node another survivor already removed from the set is gone for us too.
    const gone = [...known].filter((m) => !alive.has(m));
    known = alive;
    if (gone.length && !stopped) onNodesGone(gone);
  }

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      // A Redis outage skips beats; afterwards others may look gone for one check (a harmless
      // extra presence announcement), never the other way round.
      running = tick()
        .catch(() => undefined)
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  running = tick()
    .catch(() => undefined)
    .finally(schedule);

  return {
    nodeId,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      await redis
        .multi()
        .del(beatKey(nodeId))
        .srem(setKey, nodeId)
        .exec()
        .catch(() => undefined);
    },
  };
}

// A per-node memory of access decisions (or the policy inputs they come from), by group and key
// (decision 058, amending 014). Trusted only while the node is fresh (decision 020: it has heard
// every access change the other nodes published) and for at most `maxAgeMs`; dropped for a whole
// group when anything about its access changes (`invalidate`, on every node through
// publisher.accessChanged and the removal's "group:left"), and entirely when the node turns stale.
// A read that began before an invalidation never stores its answer after it (tickets).

import type { Freshness } from "../shared/freshness";

export interface AccessCache<V> {
  /** The value kept for (group, key), or undefined: none, too old, or the node is not fresh. */
  get(groupId: string, key: string): V | undefined;
  /** Take before the reads a value comes from; `put` with it stores only if the group's access did
   *  not change (and the node did not turn stale) in between. */
  ticket(groupId: string): number;
  put(groupId: string, key: string, ticket: number, value: V): void;
  /** Something about the group's access changed: forget what is kept of it (one key, or all). */
  invalidate(groupId: string, key?: string): void;
  /** Forget everything (the node turned stale). */
  clear(): void;
  /** How many values are kept (for tests and metrics). */
  size(): number;
}

export interface AccessCacheOptions {
  freshness: Freshness;
  /** Longest a value is trusted without an invalidation (a backstop: changes invalidate at once). */
  maxAgeMs?: number;
  /** Most values kept; the groups kept longest go first. */
  maxEntries?: number;
  now?: () => number;
}

export const ACCESS_CACHE_DEFAULTS = { maxAgeMs: 60_000, maxEntries: 20_000 };

/** A fresh cache for one node (NodeState.access holds the groups' one; features may make their own). */
export function createAccessCache<V>(opts: AccessCacheOptions): AccessCache<V> {
  const { freshness, now = Date.now } = opts;
  const maxAgeMs = opts.maxAgeMs ?? ACCESS_CACHE_DEFAULTS.maxAgeMs;
  const maxEntries = opts.maxEntries ?? ACCESS_CACHE_DEFAULTS.maxEntries;
  // Per group: a generation (raised by each invalidation) and its values with the time they were read.
  const groups = new Map<string, { gen: number; values: Map<string, { value: V; at: number }> }>();
  // Raised by clear(): tickets taken before it are void whatever the group's generation.
  let epoch = 0;
  let count = 0;
  const GEN_SPAN = 2 ** 20;

  const group = (groupId: string) => {
    const g = groups.get(groupId) ?? { gen: 0, values: new Map() };
    groups.set(groupId, g);
    return g;
  };
  const clear = () => {
    epoch++;
    groups.clear();
    count = 0;
  };
  freshness.onStale(clear);

  return {
    get(groupId, key) {
      if (!freshness.isFresh()) return undefined;
      const e = groups.get(groupId)?.values.get(key);
      return e && now() - e.at < maxAgeMs ? e.value : undefined;
    },
    ticket: (groupId) => epoch * GEN_SPAN + (groups.get(groupId)?.gen ?? 0),
    put(groupId, key, ticket, value) {
      if (!freshness.isFresh()) return;
      const g = group(groupId);
      if (ticket !== epoch * GEN_SPAN + g.gen) return;
      if (!g.values.has(key)) count++;
      g.values.set(key, { value, at: now() });
      while (count > maxEntries) {
        const [oldest, og] = groups.entries().next().value!;
        count -= og.values.size;
        groups.delete(oldest);
      }
    },
    invalidate(groupId, key) {
      const g = groups.get(groupId);
      if (!g) {
        // Nothing kept, but a read may be under way: its ticket must not match any more.
        groups.set(groupId, { gen: 1, values: new Map() });
        return;
      }
      g.gen = (g.gen + 1) % GEN_SPAN;
      if (key === undefined) {
        count -= g.values.size;
        g.values.clear();
      } else if (g.values.delete(key)) count--;
    },
    clear,
    size: () => count,
  };
}

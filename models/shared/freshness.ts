// Whether this node can vouch that it has heard every access change the other nodes published
// (removals reach a node's sockets through the Redis adapter). realtime/freshness.ts feeds it from
// a heartbeat on the node's own Redis subscription; anything the node keeps about access (its
// sockets' rooms, a cache of decisions) must not be trusted while it is stale. See
// docs/decisions/020-revocation-without-redis.md.

/** The node's freshness: one per node (NodeState.freshness), shared by everything that trusts what the node heard. */
export interface Freshness {
  /** True while this node has heard, within the bound, everything published to the others before then. */
  isFresh(): boolean;
  /** Runs `fn` each time the node turns stale; returns what unsubscribes. */
  onStale(fn: () => void): () => void;
  /** Runs `fn` each time the node turns fresh again; returns what unsubscribes. */
  onFresh(fn: () => void): () => void;
}

/** A single node (no Redis) hears everything it publishes itself: always fresh. */
export const ALWAYS_FRESH: Freshness = {
  isFresh: () => true,
  onStale: () => () => undefined,
  onFresh: () => () => undefined,
};

import type { Redis } from "ioredis";
import type { CollabLoaded } from "../document/document.service";
import { createDocPositions } from "./doc-positions";
import { createDocStore, type StoredUpdate } from "./doc-store";
import { createUpdateChecks } from "./update-check";
import { createUpdateParts } from "./update-parts";

// What one node holds in memory for co-editing (docs/decisions/007, 011, 014): all of it hints,
// caches, queues and bounded buffers that make the node faster or bound its work, never state
// another node could miss (the MongoDB log is the truth). Created once per node, as a part of
// NodeState (models/node.ts), and reached through ctx.node.collab.

/** "Last edited" of a document in a quiet period: the write due at its end (or null), and its timer. */
export interface QuietPeriod {
  due: { actorId: string; at: Date } | null;
  timer: ReturnType<typeof setTimeout>;
}

/** A reusable "write" decision of the policy for one connection and document (decision 014). */
export interface HeldDecision {
  loaded: CollabLoaded;
  at: number;
}

/** A checked batch waiting for its document's append on this node (collab.service.ts appendCoalesced). */
export interface WaitingBatch {
  actorId: string;
  clientId: string;
  update: Uint8Array;
  resolve: (stored: StoredUpdate & { entry?: Uint8Array }) => void;
  reject: (e: unknown) => void;
}

/** A fresh co-editing state for one node; nothing runs until it is used (workers start on the first
 *  check). With `redis` (shared by every node), log positions come from its counters (decision 060). */
export function createCollabNode(opts: { redis?: Redis | null } = {}) {
  const checks = createUpdateChecks();
  const store = createDocStore(checks, opts.redis ? createDocPositions(opts.redis) : null);
  const touching = new Map<string, QuietPeriod>();
  return {
    /** The document log with this node's hints, recent entries and cache of joined documents. */
    store,
    /** The worker threads that check incoming updates under a preemptive time limit. */
    checks,
    /** Batches above one frame, held here part by part until the last arrives. */
    parts: createUpdateParts(),
    /** Per document with an append in flight on this node: the batches that arrived meanwhile, stored
     *  together as one entry when it is done (decision 060). */
    appending: new Map<string, WaitingBatch[]>(),
    /** Documents this node is compacting now (one compaction per document and node at a time). */
    compacting: new Set<string>(),
    /** Documents in a quiet period after a "last edited" write (collab.service.ts touchDocument). */
    touching,
    /** Edit marks (document, editor, minute) this node stored: a cache, a miss costs a duplicate insert. */
    marked: new Set<string>(),
    /** Per connection (socket id), per document: its last "write" decision, reused for at most a second (decision 014). */
    decisions: new Map<string, Map<string, HeldDecision>>(),
    /** Forgets what this node remembers of the documents (tests that rewrite the database under it). */
    clear() {
      store.clear();
    },
    /** Terminates the workers and drops pending "last edited" writes (metadata the next edit or compaction repairs). */
    async close() {
      checks.close();
      for (const p of touching.values()) clearTimeout(p.timer);
      touching.clear();
    },
  };
}

/** One node's co-editing state (createCollabNode). */
export type CollabNode = ReturnType<typeof createCollabNode>;

// What one app node holds in memory: per-node turns, hints, caches and worker pools. Created once
// per node by createServices (server/services.ts) and reached by every service through
// ctx.node, whichever door the call came through. Module top levels hold no state: a second copy
// of a module would otherwise hold a second, unsynchronised copy of it.

import type { Redis } from "ioredis";
import { createCollabNode, type CollabNode } from "./collab/collab-node";
import { createGroupLogNode, type GroupLogNode } from "./delivery/delivery.service";
import { createThreadNode, settleAll, type ThreadNode } from "./thread/thread.service";
import { createNameCache, type NameCache } from "./user/user.service";
import { ALWAYS_FRESH, type Freshness } from "./shared/freshness";
import { consoleLog, type Log } from "./shared/log";
import { createRoundNode, type RoundNode } from "./intervision/round.service";
import { createAccessCache, type AccessCache } from "./group/access-cache";
import type { LoadedGroup } from "./group/group.service";
import type { ScopeAccess } from "./document/moment-docs";
// Attachments (issue 20, decision 083)
import { createFileNode, type FileNode } from "./attachment/attachment.service";
import type { StorageKind } from "./attachment/storage";
// Search (issue 20 item 3, decision 085)
import { createSearchNode, type SearchNode } from "./search/search-index";
import { flushPendingDocs } from "./search/indexing";

/** The node's in-memory state; each feature adds its part here. */
export interface NodeState {
  groupLog: GroupLogNode;
  threads: ThreadNode;
  /** Display names, a few seconds fresh (models/user). */
  names: NameCache;
  /** Co-editing: the document log's hints and cache, the update-check workers, uploads in parts, turns (models/collab). */
  collab: CollabNode;
  /** Live rounds: the newest state this node knows of each, and their turns (models/intervision). */
  rounds: RoundNode;
  /** The policy's inputs per group and actor, trusted while fresh (models/group/access-cache.ts, decision 058). */
  access: AccessCache<LoadedGroup>;
  /** Access to moment-scoped documents per scope and actor, trusted while fresh (models/document/moment-docs.ts, decision 072). */
  scopes: AccessCache<ScopeAccess>;
  /** Has this node heard every access change published by the others (realtime/freshness.ts)? */
  freshness: Freshness;
  /** The node's log (the server's pino logger; the console elsewhere). */
  log: Log;
  /** Attachments: the file storage and the upload limit (models/attachment, decision 083). */
  files: FileNode;
  /** Search: per-group indexes caught up from the SearchEntry collection at each query (models/search, decision 085). */
  search: SearchNode;
  /** Stops what the state runs (worker threads, timers). */
  close(): Promise<void>;
}

/** A fresh state for one node (one app server, or one test worker acting as a node); `freshness`
 *  from the node's realtime part when it shares rooms with other nodes (createRealtime's); `redis`
 *  (shared by every node) for what the nodes count together, such as document log positions. */
export function createNodeState(
  opts: { freshness?: Freshness; log?: Log; redis?: Redis | null; files?: { storage?: StorageKind; maxMb?: number } } = {},
): NodeState {
  const collab = createCollabNode({ redis: opts.redis });
  const threads = createThreadNode();
  const freshness = opts.freshness ?? ALWAYS_FRESH;
  const search = createSearchNode(); // search (decision 085)
  const state: NodeState = {
    freshness,
    access: createAccessCache<LoadedGroup>({ freshness }),
    scopes: createAccessCache<ScopeAccess>({ freshness }),
    log: opts.log ?? consoleLog,
    files: createFileNode(opts.files),
    groupLog: createGroupLogNode(),
    threads,
    names: createNameCache(),
    collab,
    rounds: createRoundNode(),
    // Search (issue 20 item 3, decision 085)
    search,
    async close() {
      await settleAll(threads);
      await flushPendingDocs(state); // search: the texts still owed (decision 085)
      await collab.close();
    },
  };
  return state;
}

import path from "node:path";
import { hostname } from "node:os";
import { setTimeout as delay } from "node:timers/promises";
import { config, status, up } from "migrate-mongo";
import type { Db, MongoClient } from "mongodb";

/** Where the migrations are: one file each, applied in the order of their names (docs/decisions/077). */
export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../migrations");
const CHANGELOG = "migrations_changelog";
const LOCK = "migrations_lock";

export interface MigrateOptions {
  dir?: string;
  log?: (message: string) => void;
  /** A lock older than this is a node that died while migrating: taken over (default 10 min). */
  staleMs?: number;
  /** How often a waiting node looks whether the lock is gone (default 500 ms). */
  pollMs?: number;
}

function configure(dir: string) {
  // migrate-mongo's own lock is off: it checks, then inserts (two nodes can both pass) and needs a
  // TTL index FerretDB lacks. The lock below is a unique insert instead.
  config.set({ migrationsDir: dir, changelogCollectionName: CHANGELOG, lockTtl: 0, migrationFileExtension: ".ts" });
}

/**
 * Applies the pending migrations once per cluster, before this node serves: the node that inserts
 * the lock document (a unique _id, atomic on FerretDB too, docs/DATABASE.md) runs them; another
 * node starting meanwhile waits until the lock is gone, then finds nothing pending. Returns the
 * file names this node applied. A failing migration leaves the lock released and throws: the
 * node does not start.
 */
export async function runMigrations(db: Db, client: MongoClient, options: MigrateOptions = {}): Promise<string[]> {
  const { dir = MIGRATIONS_DIR, log = () => undefined, staleMs = 10 * 60_000, pollMs = 500 } = options;
  configure(dir);
  const locks = db.collection<{ _id: string; node: string; at: Date }>(LOCK);
  let waited = false;
  for (;;) {
    const at = new Date();
    const got = await locks.insertOne({ _id: "migrate", node: `${hostname()}:${process.pid}`, at }).then(
      () => true,
      (e: { code?: number }) => {
        if (e.code === 11000) return false;
        throw e;
      },
    );
    if (got) {
      try {
        const applied = await up(db, client);
        for (const name of applied) log(`migration applied: ${name}`);
        return applied;
      } finally {
        await locks.deleteOne({ _id: "migrate", at });
      }
    }
    const held = await locks.findOne({ _id: "migrate" });
    if (held && Date.now() - held.at.getTime() > staleMs) {
      log(`migration lock of ${held.node} since ${held.at.toISOString()} is stale: taking it over`);
      await locks.deleteOne({ _id: "migrate", at: held.at });
      continue;
    }
    if (held && !waited) log(`migrations: waiting for ${held.node}`);
    waited = true;
    if (held) await delay(pollMs);
  }
}

/** Every migration with when it was applied ("PENDING" if not yet). */
export async function migrationStatus(db: Db, dir = MIGRATIONS_DIR) {
  configure(dir);
  return status(db);
}

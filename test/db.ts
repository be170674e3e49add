// One database per test worker, emptied between tests. Used by test/setup.ts; tests that need
// a second connection (another app node, say) can build the same URI with workerMongoUri().
import mongoose from "mongoose";
import { inject } from "vitest";

/**
 * The given URI with its database name replaced by `<name>_w<pool id>` (query string, hosts and
 * credentials kept). Multi-host URIs are fine; WHATWG URL would refuse them, so this is a regex.
 */
export function withDatabase(uri: string, suffix: string): string {
  const m = /^(mongodb(?:\+srv)?:\/\/[^/?#]+)(?:\/([^?#]*))?(\?[^#]*)?$/.exec(uri);
  if (!m) throw new Error(`not a MongoDB URI: ${uri}`);
  const [, base, path = "", query = ""] = m;
  const db = decodeURIComponent(path) || "leerkring";
  const name = `${db}${suffix}`;
  // A user authenticates against the database named in the path unless authSource says
  // otherwise; renaming the database must not move that.
  const hasCredentials = base.slice(base.indexOf("//") + 2).includes("@");
  let q = query;
  if (hasCredentials && !/[?&]authSource=/i.test(query)) {
    q = `${query ? `${query}&` : "?"}authSource=${encodeURIComponent(path ? db : "admin")}`;
  }
  return `${base}/${encodeURIComponent(name)}${q}`;
}

/**
 * This worker's database: `<db>_r<run>_w<pool id>`. The pool id alone (1..maxWorkers) would
 * collide between two vitest runs sharing the services (two people, or watch mode beside a run),
 * and one run's clearing would wipe the other's data mid-test.
 */
export function workerMongoUri(): string {
  const uri = inject("MONGODB_URI") || process.env.MONGODB_URI;
  if (!uri) throw new Error("MONGODB_URI not provided: is test/global-setup.ts configured as globalSetup?");
  return withDatabase(uri, `_r${inject("TEST_RUN_ID") ?? "0"}_w${process.env.VITEST_POOL_ID ?? "0"}`);
}

export async function connectTestDb() {
  if (mongoose.connection.readyState === 1) return;
  await mongoose.connect(workerMongoUri(), { serverSelectionTimeoutMS: 5000, autoIndex: true });
}

/** Waits until every registered model's indexes exist (memoized by mongoose: cheap after the first call). */
export async function ensureIndexes() {
  await Promise.all(Object.values(mongoose.models).map((m) => m.init()));
}

/** Empties every collection of this worker's database (models' and any other), keeping indexes. */
export async function clearTestDb() {
  const db = mongoose.connection.db;
  if (!db) throw new Error("mongoose is not connected");
  const collections = await db.listCollections({}, { nameOnly: true }).toArray();
  await Promise.all(collections.filter((c) => !c.name.startsWith("system.")).map((c) => db.collection(c.name).deleteMany({})));
}

export async function disconnectTestDb() {
  await mongoose.disconnect();
}

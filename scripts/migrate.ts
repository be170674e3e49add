// `npm run migrate`: applies the pending migrations (what every node also does at start, once per
// cluster; docs/decisions/077). `npm run migrate status`: each migration and when it was applied.
// Uses MONGODB_URI, else the dev services (scripts/services.sh start dev).
import mongoose from "mongoose";
import { database } from "./database";
import type { MongoClient } from "mongodb";
import { migrationStatus, runMigrations } from "../server/migrate";

const command = process.argv[2] ?? "up";
if (command !== "up" && command !== "status") {
  process.stderr.write("usage: npm run migrate [up|status]\n");
  process.exit(2);
}
await mongoose.connect(database(), { serverSelectionTimeoutMS: 5000 });
const db = mongoose.connection.db;
if (!db) throw new Error("not connected");
if (command === "status") {
  for (const { fileName, appliedAt } of await migrationStatus(db)) console.log(`${appliedAt.padEnd(24)} ${fileName}`);
} else {
  const applied = await runMigrations(db, mongoose.connection.getClient() as unknown as MongoClient, { log: (m) => console.log(m) });
  if (applied.length === 0) console.log("no pending migrations");
}
await mongoose.disconnect();

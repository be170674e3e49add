// The local FerretDB's backup (docs/DEPLOYMENT.md): SQLite's online backup of a database file while
// FerretDB serves it, then a restore: a fresh FerretDB on a folder holding only the backup answers
// with what was stored before the backup, and nothing written after it.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import mongoose from "mongoose";
import { afterEach, expect, it } from "vitest";
import { freePort } from "../test/node-process";
import { startDatabase } from "../test/database-process";
import type { ChildProcess } from "node:child_process";

let dir = "";
let restored: ChildProcess | null = null;
let conn: mongoose.Connection | null = null;
afterEach(async () => {
  await conn?.close(true).catch(() => undefined);
  restored?.kill("SIGKILL");
  if (dir) rmSync(dir, { recursive: true, force: true });
  [conn, restored, dir] = [null, null, ""];
});

it("sqlite3 .backup of a live FerretDB database restores into a fresh FerretDB", async () => {
  // scripts/test.sh exports it; a vitest run that started the services itself finds it in their env file.
  const envFile = path.resolve(".run/test/services.env");
  const sqliteDir =
    process.env.FERRETDB_SQLITE_DIR ||
    (existsSync(envFile) ? /^FERRETDB_SQLITE_DIR=(.+)$/m.exec(readFileSync(envFile, "utf8"))?.[1] : undefined);
  if (!sqliteDir) throw new Error("FERRETDB_SQLITE_DIR is unset: the test services (scripts/services.sh start test) run FerretDB-SQLite");
  const db = mongoose.connection;
  const probe = db.collection("backup_probe");
  await probe.insertMany([{ n: 1 }, { n: 2 }, { n: 3 }]);

  dir = mkdtempSync(path.join(os.tmpdir(), "lk-backup-"));
  const file = `${db.name}.sqlite`;
  // The documented command, against the file FerretDB has open.
  execFileSync("sqlite3", [path.join(sqliteDir, file), `.backup '${path.join(dir, file)}'`]);
  await probe.insertOne({ n: 4 }); // after the backup: not in it

  const port = await freePort();
  restored = startDatabase(dir, port);
  conn = mongoose.createConnection(`mongodb://127.0.0.1:${port}/${db.name}`, { serverSelectionTimeoutMS: 10_000 });
  await conn.asPromise();
  const docs = await conn
    .collection("backup_probe")
    .find({}, { projection: { _id: 0, n: 1 } })
    .sort({ n: 1 })
    .toArray();
  expect(docs).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
}, 60_000);

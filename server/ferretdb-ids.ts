import { consoleLog } from "../models/shared/log";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * FerretDB 1.24's SQLite backend pushes an exact `{_id: x}` filter down as
 * `WHERE _ferretdb_sjson->'$._id' = ?`, but indexes `_id` as `_ferretdb_sjson->"_id"`. SQLite
 * matches index expressions by their text, so every _id lookup scans its table: measured 3 ms at
 * 1,000 rows and 21 ms at 6,000 (linear), 1.1 ms with this index. Adds to every table of the
 * database the index that query can use (docs/decisions/012). SQLite lets a second process write
 * the file (WAL, busy timeout); FerretDB ignores indexes it did not create and drops them with
 * their table. An optimisation only: a failure is logged, never fatal.
 */
export async function indexFerretDbIds(sqliteDir: string, dbName: string, log: (m: string) => void = (m) => consoleLog.warn({}, m)) {
  const file = path.join(sqliteDir, `${dbName}.sqlite`);
  if (!existsSync(file)) return;
  // mode=rw: never create the file (a database dropped meanwhile must not come back as an empty
  // SQLite file, which FerretDB refuses to start with).
  const uri = `file:${file}?mode=rw`;
  try {
    const { stdout } = await run("sqlite3", [
      "-cmd",
      ".timeout 10000",
      uri,
      "SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 10) != '_ferretdb_'",
    ]);
    const tables = stdout.split("\n").filter((t) => /^[A-Za-z0-9_]+$/.test(t));
    if (tables.length === 0) return;
    const sql = tables.map((t) => `CREATE INDEX IF NOT EXISTS "${t}_lk_id" ON "${t}" (_ferretdb_sjson->'$._id');`).join("\n");
    await run("sqlite3", ["-cmd", ".timeout 10000", uri, sql]);
  } catch (e) {
    log(`FerretDB _id indexes not added (lookups by _id will scan): ${(e as Error).message}`);
  }
}

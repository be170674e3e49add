// The _id index FerretDB-SQLite lacks: added to every table of the database, used by the exact
// query FerretDB sends for an _id lookup, and invisible to FerretDB (documents and its own unique
// _id index behave as before).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import mongoose from "mongoose";
import { indexFerretDbIds } from "./ferretdb-ids";
import { User } from "../models/user/user.model";
import { buildUser } from "../test/factories";

/** Where scripts/services.sh keeps the test FerretDB's SQLite files ("" with another MongoDB). */
function sqliteDir() {
  const env = path.join(import.meta.dirname, "../.run/test/services.env");
  return existsSync(env) ? (/^FERRETDB_SQLITE_DIR=(.*)$/m.exec(readFileSync(env, "utf8"))?.[1] ?? "") : "";
}

describe("indexFerretDbIds", () => {
  it("on FerretDB-SQLite, _id lookups use the added index and still find, refuse duplicates; elsewhere it does nothing", async () => {
    const user = await buildUser();
    const dir = sqliteDir();
    if (!dir) {
      // Not our FerretDB (MONGODB_URI given): there is no file to index, and nothing fails.
      await expect(indexFerretDbIds(tmpdir(), "no-such-database", () => undefined)).resolves.toBeUndefined();
      return;
    }
    const file = path.join(dir, `${mongoose.connection.name}.sqlite`);
    const table = execFileSync("sqlite3", [file, "SELECT table_name FROM _ferretdb_collections WHERE name = 'users'"]).toString().trim();
    const plan = () =>
      execFileSync("sqlite3", [
        file,
        `EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM "${table}" WHERE _ferretdb_sjson->'$._id' = 'x'`,
      ]).toString();
    const warnings: string[] = [];
    await indexFerretDbIds(dir, mongoose.connection.name, (m) => warnings.push(m));
    expect(warnings).toEqual([]);
    expect(plan()).toContain(`USING INDEX ${table}_lk_id`);
    await indexFerretDbIds(dir, mongoose.connection.name, (m) => warnings.push(m)); // again: nothing to do
    expect(warnings).toEqual([]);
    expect((await User.findById(user._id).lean())?.email).toBe(user.email);
    await expect(User.collection.insertOne({ _id: user._id, email: "other@example.test" } as never)).rejects.toMatchObject({ code: 11000 });
  });
});

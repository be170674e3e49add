// The indexes FerretDB-on-PostgreSQL's pushed-down filters can use (decision 076): added beside
// FerretDB's own, used by the exact query FerretDB sends for a find, and invisible to FerretDB.
// Against the SQLite test services (the default) it checks only that a PostgreSQL it cannot reach
// is logged, never fatal; against `scripts/services.sh start test --pg` it checks the plans.
import { describe, expect, it } from "vitest";
import mongoose from "mongoose";
import pg from "pg";
import { indexFerretDbPostgres } from "./ferretdb-pg";
import { User } from "../models/user/user.model";
import { buildUser } from "../test/factories";

describe("indexFerretDbPostgres", () => {
  it("on FerretDB-PostgreSQL, finds by _id and by an indexed field use the added GIN indexes; elsewhere it logs and goes on", async () => {
    const user = await buildUser();
    const url = process.env.FERRETDB_POSTGRESQL_URL;
    const warnings: string[] = [];
    if (!url) {
      await expect(indexFerretDbPostgres("postgres://nobody@127.0.0.1:1/none", "leerkring", (m) => warnings.push(m))).resolves.toEqual([]);
      expect(warnings).toEqual([expect.stringContaining("not added")]);
      return;
    }
    const db = mongoose.connection.name;
    const created = await indexFerretDbPostgres(url, db, (m) => warnings.push(m));
    expect(warnings).toEqual([]);
    expect(created.length).toBeGreaterThan(0);
    await expect(indexFerretDbPostgres(url, db, (m) => warnings.push(m))).resolves.toEqual([]); // again: nothing to do
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ table: string }>(
        `SELECT _jsonb->>'table' AS table FROM "${db}"._ferretdb_database_metadata WHERE _jsonb->>'_id' = 'users'`,
      );
      const table = rows[0].table;
      // The table is tiny, so the planner would scan anyway: forbid scans to see what it can use.
      await client.query("SET enable_seqscan = off");
      const plan = async (field: string, value: string) =>
        (await client.query(`EXPLAIN SELECT _jsonb FROM "${db}"."${table}" WHERE _jsonb->$1 @> $2`, [field, JSON.stringify(value)])).rows
          .map((r) => r["QUERY PLAN"])
          .join("\n");
      expect(await plan("_id", String(user._id))).toMatch(new RegExp(`Bitmap Index Scan on ${table.slice(0, 40)}_lk_`));
      expect(await plan("email", user.email)).toMatch(/Bitmap Index Scan on .*_lk_/);
    } finally {
      await client.end();
    }
    expect((await User.findById(user._id).lean())?.email).toBe(user.email);
    expect((await User.findOne({ email: user.email }).lean())?._id).toEqual(user._id);
    await expect(User.collection.insertOne({ _id: user._id, email: "other@example.test" } as never)).rejects.toMatchObject({ code: 11000 });
  });
});

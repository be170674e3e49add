import { createHash } from "node:crypto";
import pg from "pg";
import { consoleLog } from "../models/shared/log";

/**
 * FerretDB 1.24 on PostgreSQL pushes an equality filter down as `_jsonb->'field' @> '"value"'`
 * (containment, so that a value also matches inside an array), but creates a collection's indexes,
 * `_id` included, as btree indexes on `(_jsonb->'field')`, which `@>` cannot use: every find, even
 * `{_id: x}`, scans its whole table (measured: 6 ms at 20,000 rows, linear; decision 076). Adds
 * beside each of FerretDB's indexes a GIN index (jsonb_path_ops, which serves `@>`) on each
 * top-level field of its key: `_id` and the fields the schemas index, i.e. what the queries filter
 * by (0.04 ms at 20,000 rows). Nested fields are skipped: FerretDB does not push them down.
 * FerretDB ignores indexes it did not create and drops them with their table. Run it after the
 * models' indexes exist and before the node serves: a connection that ran a statement often enough
 * without the index may keep its generic plan (a scan), so the cluster should also run with
 * `plan_cache_mode = force_custom_plan` (scripts/services.sh sets it; docs/DEPLOYMENT.md).
 * An optimisation only: a failure is logged, never fatal.
 */
export async function indexFerretDbPostgres(
  postgresUrl: string,
  dbName: string,
  log: (m: string) => void = (m) => consoleLog.warn({}, m),
): Promise<string[]> {
  const client = new pg.Client({ connectionString: postgresUrl });
  const created: string[] = [];
  try {
    await client.connect();
    const schema = quoteIdent(dbName);
    const exists = await client.query("SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = '_ferretdb_database_metadata'", [
      dbName,
    ]);
    if (exists.rowCount === 0) return created;
    const { rows } = await client.query<{ table: string; indexes: Array<{ key: Record<string, number> }> | null }>(
      `SELECT _jsonb->>'table' AS table, _jsonb->'indexes' AS indexes FROM ${schema}._ferretdb_database_metadata`,
    );
    const have = await client.query<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE schemaname = $1", [dbName]);
    const existing = new Set(have.rows.map((r) => r.indexname));
    for (const { table, indexes } of rows) {
      const fields = new Set((indexes ?? []).flatMap((i) => Object.keys(i.key)).filter((f) => !f.includes(".") && !f.startsWith("$")));
      for (const field of fields) {
        const name = `${table.slice(0, 40)}_lk_${createHash("sha1").update(field).digest("hex").slice(0, 8)}`;
        if (existing.has(name)) continue;
        // Two nodes starting at once may both create it: the loser's error is harmless.
        await client
          .query(
            `CREATE INDEX IF NOT EXISTS ${quoteIdent(name)} ON ${schema}.${quoteIdent(table)} USING gin ((_jsonb -> ${quoteLiteral(field)}) jsonb_path_ops)`,
          )
          .then(() => created.push(name))
          .catch((e: Error) => log(`FerretDB PostgreSQL index ${name} not added: ${e.message}`));
      }
    }
    const mode = await client.query<{ plan_cache_mode: string }>("SHOW plan_cache_mode");
    if (mode.rows[0]?.plan_cache_mode !== "force_custom_plan") {
      log("PostgreSQL plan_cache_mode is not force_custom_plan: FerretDB's cached statements may keep scanning (docs/DEPLOYMENT.md)");
    }
  } catch (e) {
    log(`FerretDB PostgreSQL indexes not added (finds will scan): ${(e as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
  return created;
}

const quoteIdent = (s: string) => `"${s.replaceAll('"', '""')}"`;
const quoteLiteral = (s: string) => `'${s.replaceAll("'", "''")}'`;

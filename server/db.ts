import mongoose from "mongoose";
import "../models/all-models";
import { indexFerretDbIds } from "./ferretdb-ids";
import { indexFerretDbPostgres } from "./ferretdb-pg";
import { consoleLog } from "../models/shared/log";

/** Connects mongoose, retrying until the database answers; mongoose reconnects by itself afterwards.
 *  `sqliteDir`: the data folder of the FerretDB-SQLite that scripts/services.sh started (it writes
 *  FERRETDB_SQLITE_DIR to its services.env), whose tables get the _id index FerretDB lacks.
 *  `postgresUrl`: the PostgreSQL under a FerretDB on PostgreSQL (FERRETDB_POSTGRESQL_URL), whose
 *  tables get the indexes FerretDB's pushed-down filters can use (decision 076). */
export async function connectMongo(
  uri: string,
  log: (message: string) => void = (m) => consoleLog.warn({}, m),
  sqliteDir = process.env.FERRETDB_SQLITE_DIR ?? "",
  postgresUrl = process.env.FERRETDB_POSTGRESQL_URL ?? "",
) {
  mongoose.set("strictQuery", true);
  for (let attempt = 1; ; attempt++) {
    try {
      // monitorCommands: every command's duration reaches server/metrics.ts.
      await mongoose.connect(uri, { serverSelectionTimeoutMS: 3000, autoIndex: true, monitorCommands: true });
      await Promise.all(Object.values(mongoose.models).map((m) => m.init()));
      if (sqliteDir) await indexFerretDbIds(sqliteDir, mongoose.connection.name, log);
      if (postgresUrl) await indexFerretDbPostgres(postgresUrl, mongoose.connection.name, log);
      return mongoose.connection;
    } catch (e) {
      if (attempt >= 20) throw e;
      log(`MongoDB not reachable (${(e as Error).message}); retrying in 1 s`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

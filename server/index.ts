import path from "node:path";
import url from "node:url";
import mongoose from "mongoose";
import type { ServerBuild } from "@remix-run/node";
import { loadEnv } from "./env";
import { connectMongo } from "./db";
import { runMigrations } from "./migrate";
import { createAppServer } from "./app";
import { startEmailFake } from "./email-fake";
import { backgroundJobs, RETIRED_JOBS } from "./jobs";
import { createScheduler } from "./scheduler";
import { createLogger } from "./log";
import { createMetrics, createMetricsServer, instrumentMongo } from "./metrics";

const env = (() => {
  try {
    return loadEnv();
  } catch (e) {
    // No logger yet: the environment says how to build it. One line on stderr, then out.
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
})();

const log = createLogger({ level: env.LOG_LEVEL, pretty: env.NODE_ENV === "development" });
const metrics = createMetrics();
const buildPath = path.resolve("build/index.js");
const importBuild = async () => (await import(`${url.pathToFileURL(buildPath).href}?t=${Date.now()}`)) as ServerBuild;

if (env.EMAIL_FAKE) startEmailFake(env.EMAIL_API_URL);
await connectMongo(env.MONGODB_URI, (m) => log.warn(m));
// Schema changes, once per cluster, before this node serves (docs/decisions/077).
if (!mongoose.connection.db) throw new Error("MongoDB connection has no database");
await runMigrations(mongoose.connection.db, mongoose.connection.getClient() as never, { log: (m) => log.info(m) });
instrumentMongo(metrics, mongoose.connection);
// In development each request loads the newest build (remix watch rebuilds it); in production once.
const build = env.NODE_ENV === "production" ? await importBuild() : importBuild;
const server = await createAppServer(env, build, mongoose.connection, { log, metrics });
// Repeating and background work, once per cluster (docs/decisions/023-scheduler.md); needs Redis.
const scheduler = env.REDIS_URL
  ? createScheduler(backgroundJobs(server.context.services, { secret: env.SESSION_SECRET }), {
      redisUrl: env.REDIS_URL,
      retired: RETIRED_JOBS,
      log,
      onJobDone: ({ name, ok, seconds }) => metrics.jobs.labels(name, ok ? "ok" : "failed").observe(seconds),
    })
  : null;
await scheduler?.start();

// /metrics on an internal port only (docs/decisions/042-logs-and-metrics.md): never through the proxy.
const metricsServer = env.METRICS_PORT !== undefined ? createMetricsServer(metrics) : null;
metricsServer?.listen(env.METRICS_PORT, env.METRICS_HOST);

server.httpServer.listen(env.PORT, env.HOST, () => {
  log.info(
    {
      port: env.PORT,
      metricsPort: env.METRICS_PORT ?? null,
      redis: Boolean(env.REDIS_URL),
      mail: env.EMAIL_FAKE ? "local outbox" : "API",
    },
    `Leerkring listening on ${env.APP_URL}`,
  );
});

// Graceful shutdown (docs/decisions/041-health-and-shutdown.md): /readyz fails, the proxy takes the
// node out, no new connection, the commands under way finish and are acknowledged, clients move to
// another node, the job under way finishes, then Redis and MongoDB close. A second signal, or the
// deadline, ends it at once.
let stopping = false;
async function shutdown(signal: string) {
  if (stopping) process.exit(1);
  stopping = true;
  log.info({ signal }, "shutting down: draining");
  const force = setTimeout(() => {
    log.error({ signal }, "shutdown deadline passed: exiting");
    process.exit(1);
  }, env.SHUTDOWN_TIMEOUT_MS).unref();
  await server.drain({ delayMs: env.DRAIN_DELAY_MS }).catch((err) => log.error({ err }, "drain failed"));
  await scheduler?.close().catch(() => undefined);
  await server.close().catch(() => undefined);
  metricsServer?.close();
  await mongoose.disconnect().catch(() => undefined);
  clearTimeout(force);
  log.info({ signal }, "shut down");
  log.flush();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

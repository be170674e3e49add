import path from "node:path";
import url from "node:url";
import mongoose from "mongoose";
import type { ServerBuild } from "@remix-run/node";
import { loadEnv } from "./env";
import { connectMongo } from "./db";
import { createAppServer } from "./app";
import { startEmailFake } from "./email-fake";
import { backgroundJobs, RETIRED_JOBS } from "./jobs";
import { createScheduler } from "./scheduler";

const env = (() => {
  try {
    return loadEnv();
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
})();

const buildPath = path.resolve("build/index.js");
const importBuild = async () => (await import(`${url.pathToFileURL(buildPath).href}?t=${Date.now()}`)) as ServerBuild;

if (env.EMAIL_FAKE) startEmailFake(env.EMAIL_API_URL);
await connectMongo(env.MONGODB_URI);
// In development each request loads the newest build (remix watch rebuilds it); in production once.
const build = env.NODE_ENV === "production" ? await importBuild() : importBuild;
const server = await createAppServer(env, build);
// Repeating and background work, once per cluster (docs/decisions/023-scheduler.md); needs Redis.
const scheduler = env.REDIS_URL
  ? createScheduler(backgroundJobs(server.context.services, { secret: env.SESSION_SECRET }), {
      redisUrl: env.REDIS_URL,
      retired: RETIRED_JOBS,
    })
  : null;
await scheduler?.start();

server.httpServer.listen(env.PORT, env.HOST, () => {
  console.log(
    `Leerkring listening on ${env.APP_URL} (port ${env.PORT}, redis ${env.REDIS_URL ? "on" : "off: no background jobs"}, email ${env.EMAIL_FAKE ? "local outbox at /dev/outbox" : "API"})`,
  );
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: shutting down`);
  const force = setTimeout(() => process.exit(1), 5000).unref();
  // The job running on this node finishes first; the next iteration goes to another node or waits for a restart.
  await scheduler?.close().catch(() => undefined);
  await server.close().catch(() => undefined);
  await mongoose.disconnect().catch(() => undefined);
  clearTimeout(force);
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

// Runs once per `vitest run`, in the main process: makes sure a MongoDB-compatible server and
// Redis are there and hands their URLs to the workers (inject("MONGODB_URI") / process.env).
//
// - MONGODB_URI already set (scripts/test.sh started the services): use it as it is.
// - else .run/test/services.env exists and both services answer: reuse them.
// - else start them with `scripts/services.sh start test`.
// Several vitest runs may share one checkout (two people, or watch mode beside a run): each run
// registers itself under .run/test/vitest-runs/, and the last one to finish stops the services if
// a vitest run started them. Services started by hand or by scripts/test.sh are left alone.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import net from "node:net";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { promisify } from "node:util";
import mongoose from "mongoose";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    MONGODB_URI: string;
    /** Empty when no Redis is available (single node, in-memory Socket.IO adapter). */
    REDIS_URL: string;
    /** Tells concurrent vitest runs' databases apart (test/db.ts names them <db>_r<run>_w<pool id>). */
    TEST_RUN_ID: string;
  }
}

const run = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));
const runDir = path.join(root, ".run/test");
const envFile = path.join(runDir, "services.env");
const lockDir = path.join(runDir, "vitest.lock");
const runsDir = path.join(runDir, "vitest-runs");
/** Present while the services running were started by a vitest run (not by hand or scripts/test.sh). */
const startedByVitest = path.join(runDir, "started-by-vitest");

function parseEnvFile(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out[m[1]] = m[2];
  }
  return out;
}

/** Drops the per-worker databases of this run, and those of runs that were killed. */
async function dropRunDatabases(uri: string, runId: string) {
  const conn = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 5000 });
  try {
    await conn.asPromise();
    const { databases } = await conn.db!.admin().listDatabases({ nameOnly: true });
    for (const { name } of databases) {
      const run = /_r(\d+)_w\d+$/.exec(name)?.[1];
      // biome-ignore lint/correctness/useHookAtTopLevel: mongoose's Connection.useDb (a database handle), not a React hook
      if (run && (run === runId || !alive(Number(run)))) await conn.useDb(name, { useCache: false }).dropDatabase();
    }
  } finally {
    await conn.close().catch(() => undefined);
  }
}

async function mongoAnswers(uri: string): Promise<boolean> {
  const conn = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 1500 });
  try {
    await conn.asPromise();
    await conn.db!.admin().ping();
    return true;
  } catch {
    return false;
  } finally {
    await conn.close().catch(() => undefined);
  }
}

function redisAnswers(url: string): Promise<boolean> {
  if (!url) return Promise.resolve(true); // none configured: nothing to check
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    let answer = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1500, () => done(false));
    socket.on("error", () => done(false));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      answer += chunk.toString();
      if (answer.includes("\r\n")) done(answer.startsWith("+PONG"));
    });
  });
}

async function services(cmd: "start" | "stop") {
  // Without the caller's MONGODB_URI/REDIS_URL, or services.sh would reuse them instead of starting.
  const env = { ...process.env };
  delete env.MONGODB_URI;
  delete env.REDIS_URL;
  const { stdout, stderr } = await run("bash", ["scripts/services.sh", cmd, "test"], { cwd: root, env });
  return stdout + stderr;
}

/** Serialises start/stop decisions between vitest runs sharing this checkout (mkdir is atomic). */
async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  mkdirSync(runDir, { recursive: true });
  for (let waited = 0; ; waited += 100) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const age = (() => {
        try {
          return Date.now() - statSync(lockDir).mtimeMs;
        } catch {
          return 0; // just released
        }
      })();
      if (age > 120_000)
        rmSync(lockDir, { recursive: true, force: true }); // left by a killed run
      else if (waited > 180_000) throw new Error(`${lockDir} held for 3 minutes`);
      else await delay(100);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** Starts the test services, or reuses running ones; returns their URLs. Call under withLock. */
async function ensureServices(): Promise<{ mongoUri: string; redisUrl: string }> {
  const existing = existsSync(envFile) ? parseEnvFile(envFile) : null;
  if (existing?.MONGODB_URI && (await mongoAnswers(existing.MONGODB_URI)) && (await redisAnswers(existing.REDIS_URL ?? ""))) {
    return { mongoUri: existing.MONGODB_URI, redisUrl: existing.REDIS_URL ?? "" };
  }
  try {
    await services("start");
  } catch (e) {
    const out = e as { stdout?: string; stderr?: string };
    throw new Error(`scripts/services.sh start test failed:\n${out.stdout ?? ""}${out.stderr ?? ""}`);
  }
  writeFileSync(startedByVitest, `${process.pid}\n`);
  const started = parseEnvFile(envFile);
  if (!started.MONGODB_URI) throw new Error(`${envFile} has no MONGODB_URI`);
  return { mongoUri: started.MONGODB_URI, redisUrl: started.REDIS_URL ?? "" };
}

export default async function setup(project: TestProject) {
  let mongoUri = process.env.MONGODB_URI ?? "";
  let redisUrl = process.env.REDIS_URL ?? "";
  let registered: string | null = null;

  if (!mongoUri) {
    ({ mongoUri, redisUrl } = await withLock(async () => {
      const urls = await ensureServices();
      mkdirSync(runsDir, { recursive: true });
      registered = path.join(runsDir, String(process.pid));
      writeFileSync(registered, "");
      return urls;
    }));
  }

  const runId = String(process.pid);
  // Leftovers of killed runs; not fatal (a server without listDatabases rights still runs tests).
  await dropRunDatabases(mongoUri, runId).catch(() => undefined);
  project.provide("MONGODB_URI", mongoUri);
  project.provide("REDIS_URL", redisUrl);
  project.provide("TEST_RUN_ID", runId);
  // Also for code under test that reads the environment (workers inherit it).
  process.env.MONGODB_URI = mongoUri;
  if (redisUrl) process.env.REDIS_URL = redisUrl;

  return async () => {
    await dropRunDatabases(mongoUri, runId).catch(() => undefined); // gone with the services anyway
    const mine = registered;
    if (!mine) return;
    await withLock(async () => {
      rmSync(mine, { force: true });
      const others = (existsSync(runsDir) ? readdirSync(runsDir) : []).filter((f) => {
        if (alive(Number(f))) return true;
        rmSync(path.join(runsDir, f), { force: true }); // a run that was killed
        return false;
      });
      if (others.length === 0 && existsSync(startedByVitest)) {
        await services("stop");
        rmSync(startedByVitest, { force: true });
      }
    });
  };
}

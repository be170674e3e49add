// Runs once per `vitest run`, in the main process: makes sure a MongoDB-compatible server and
// Redis are there and hands their URLs to the workers (inject("MONGODB_URI") / process.env).
//
// - MONGODB_URI already set (scripts/test.sh started the services): use it as it is.
// - else .run/test/services.env exists and both services answer: reuse them, leave them running.
// - else start them with `scripts/services.sh start test` and stop them again in teardown.
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
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
  }
}

const run = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));
const envFile = path.join(root, ".run/test/services.env");

function parseEnvFile(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out[m[1]] = m[2];
  }
  return out;
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

export default async function setup(project: TestProject) {
  let mongoUri = process.env.MONGODB_URI ?? "";
  let redisUrl = process.env.REDIS_URL ?? "";
  let startedHere = false;

  if (!mongoUri) {
    const existing = existsSync(envFile) ? parseEnvFile(envFile) : null;
    if (existing?.MONGODB_URI && (await mongoAnswers(existing.MONGODB_URI)) && (await redisAnswers(existing.REDIS_URL ?? ""))) {
      mongoUri = existing.MONGODB_URI;
      redisUrl = existing.REDIS_URL ?? "";
    } else {
      try {
        await services("start");
      } catch (e) {
        const out = e as { stdout?: string; stderr?: string };
        throw new Error(`scripts/services.sh start test failed:\n${out.stdout ?? ""}${out.stderr ?? ""}`);
      }
      startedHere = true;
      const started = parseEnvFile(envFile);
      mongoUri = started.MONGODB_URI ?? "";
      redisUrl = started.REDIS_URL ?? "";
      if (!mongoUri) throw new Error(`${envFile} has no MONGODB_URI`);
    }
  }

  project.provide("MONGODB_URI", mongoUri);
  project.provide("REDIS_URL", redisUrl);
  // Also for code under test that reads the environment (workers inherit it).
  process.env.MONGODB_URI = mongoUri;
  if (redisUrl) process.env.REDIS_URL = redisUrl;

  return async () => {
    if (startedHere) await services("stop");
  };
}

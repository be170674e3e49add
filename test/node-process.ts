// A real app node (server/index.ts: Express, Remix build, Socket.IO on the Redis adapter) in its
// own process, for tests that kill one with SIGKILL. Needs build/index.js (`npx remix build`;
// scripts/test.sh builds before vitest).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

export interface AppNode {
  url: string;
  port: number;
  pid: number;
  /** Output so far (stdout and stderr), for a failure message. */
  output(): string;
  /** kill -9: no shutdown handler runs, sockets and Redis connections just drop. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the exit (no-op once exited). */
  stop(): Promise<void>;
  /** Sends SIGTERM and resolves with the exit code once the node exited on its own (graceful shutdown). */
  terminate(): Promise<number | null>;
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once("exit", () => resolve()));

/** Starts `node --import tsx server/index.ts` in production mode; resolves once it listens. */
export async function startAppNode(opts: {
  mongoUri: string;
  redisUrl: string;
  timeoutMs?: number;
  /** Adds to or overrides the node's environment. */
  env?: Record<string, string>;
  /** Listen on this port (a node restarted where the proxy expects it); a free one otherwise. */
  port?: number;
}): Promise<AppNode> {
  if (!existsSync(path.join(root, "build/index.js"))) throw new Error("build/index.js is missing: run `npx remix build` first");
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL: url,
      MONGODB_URI: opts.mongoUri,
      REDIS_URL: opts.redisUrl,
      SESSION_SECRET: "kill-node-test-secret-0123456789abcdef",
      EMAIL_FAKE: "true",
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`node on port ${port} not listening after ${opts.timeoutMs ?? 30_000} ms:\n${out}`)),
      opts.timeoutMs ?? 30_000,
    );
    const onData = () => {
      if (out.includes("listening on")) {
        done();
        resolve();
      }
    };
    const onExit = (code: number | null) => fail(new Error(`node on port ${port} exited (${code}) before listening:\n${out}`));
    const done = () => {
      clearTimeout(timer);
      child.stdout!.off("data", onData);
      child.off("exit", onExit);
    };
    const fail = (e: Error) => {
      done();
      child.kill("SIGKILL");
      reject(e);
    };
    child.stdout!.on("data", onData);
    child.once("exit", onExit);
  });

  return {
    url,
    port,
    pid: child.pid!,
    output: () => out,
    async kill9() {
      child.kill("SIGKILL");
      await exited(child);
    },
    async terminate() {
      const code = new Promise<number | null>((resolve) =>
        child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once("exit", (c) => resolve(c)),
      );
      child.kill("SIGTERM");
      return code;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 8000);
      await exited(child);
      clearTimeout(timer);
    },
  };
}

/**
 * test/realtime-node.ts (createRealtime alone, no Remix) in its own process, for tests that kill a
 * node with SIGKILL. `onSpawn` gets the process at once, so a test's teardown can kill it even
 * when the start fails. Resolves with the node's URL once it listens.
 */
export function startRealtimeNodeProcess(
  env: { mongoUri: string; redisUrl: string },
  onSpawn: (child: ChildProcess) => void,
): Promise<string> {
  const proc = spawn(process.execPath, ["--import", "tsx", "test/realtime-node.ts"], {
    env: { ...process.env, MONGODB_URI: env.mongoUri, REDIS_URL: env.redisUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  onSpawn(proc);
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`child node did not start in 20 s: ${err}`)), 20_000);
    proc.stderr!.on("data", (d) => (err += d));
    proc.stdout!.on("data", (d) => {
      out += d;
      const m = /PORT (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    });
    proc.once("exit", (code) => reject(new Error(`child node exited (${code}): ${err}`)));
  });
}

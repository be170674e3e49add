// What the benchmarks share: the services (dev services or MONGODB_URI/REDIS_URL), their own
// `<db>_bench` database, server child processes and their CPU time, and small statistics.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { pathToFileURL } from "node:url";
import mongoose from "mongoose";
import { Redis } from "ioredis";
import type { Socket } from "socket.io-client";
import { connectMongo } from "../server/db";

export const log = (...a: unknown[]) => console.log("[bench]", ...a);
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The value after `--name` on the command line. */
export const arg = (argv: string[], name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};

/** MONGODB_URI/REDIS_URL when set, else the dev services (started if needed). */
export function serviceUrls() {
  if (process.env.MONGODB_URI) return { mongo: process.env.MONGODB_URI, redis: process.env.REDIS_URL ?? "" };
  execFileSync("bash", ["scripts/services.sh", "start", "dev"], { stdio: ["ignore", "ignore", "inherit"] });
  const env = Object.fromEntries(
    readFileSync(".run/dev/services.env", "utf8")
      .split("\n")
      .filter((l) => l.includes("="))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
  // The app nodes (which inherit this environment) and this process index FerretDB's _id (server/ferretdb-ids.ts).
  if (env.FERRETDB_SQLITE_DIR) process.env.FERRETDB_SQLITE_DIR = env.FERRETDB_SQLITE_DIR;
  return { mongo: env.MONGODB_URI, redis: env.REDIS_URL ?? "" };
}

/** The URI with its database renamed to `<db>_bench` (query string and credentials kept). */
export function benchDatabase(uri: string) {
  const m = /^(mongodb(?:\+srv)?:\/\/[^/?#]+)(?:\/([^?#]*))?(\?[^#]*)?$/.exec(uri);
  if (!m) throw new Error(`not a MongoDB URI: ${uri}`);
  return `${m[1]}/${m[2] || "leerkring"}_bench${m[3] ?? ""}`;
}

/**
 * The services, a build, and the bench's own database (`<db>_bench`) connected in this process,
 * emptied of a killed earlier run's leftovers. `describe` gives the start line (without the URI).
 */
export async function openBench(describe: string) {
  const urls = serviceUrls();
  if (!urls.redis) throw new Error("the bench needs Redis (REDIS_URL, or scripts/services.sh with redis-server installed)");
  if (!existsSync("build/index.js")) {
    log("building (npx remix build)");
    execFileSync("npx", ["remix", "build"], { stdio: ["ignore", "ignore", "inherit"] });
  }
  const mongoUri = benchDatabase(urls.mongo);
  log(`${describe}; database ${mongoUri.replace(/\/\/[^@]*@/, "//")}`);
  await connectMongo(mongoUri, () => undefined);
  await mongoose.connection.dropDatabase();
  await Promise.all(Object.values(mongoose.models).map((m) => m.init()));
  return { mongoUri, redisUrl: urls.redis, redis: new Redis(urls.redis) };
}

/** Stops the server processes and drops the bench's database. */
export async function closeBench(redis: Redis | undefined) {
  await stopChildren();
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await mongoose.disconnect();
  redis?.disconnect();
}

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** Every server process a bench started: stopped at the end, killed on a signal or a failure. */
export const children: ChildProcess[] = [];

/** A server process (`node --import tsx <preloads> script`); `onLine` sees each line of its stderr. */
export function startNode(
  script: string,
  env: Record<string, string>,
  opts: { preloads?: string[]; nodeArgs?: string[]; onLine?: (line: string) => void } = {},
) {
  const preload = ["--import", "tsx", ...(opts.preloads ?? []).flatMap((p) => ["--import", p])];
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), ...preload, script], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => {
    output += d;
    if (opts.onLine) for (const line of String(d).split("\n")) if (line) opts.onLine(line);
  });
  return { child, output: () => output };
}

/**
 * The real app as 2 nodes (server/index.ts, NODE_ENV=production) on the given services, the way every
 * bench runs it; `ready` resolves once both answer /healthz.
 */
export async function startAppNodes(
  mongoUri: string,
  redisUrl: string,
  opts: { preloads?: string[]; nodeArgs?: string[]; onLine?: (line: string) => void; env?: Record<string, string> } = {},
) {
  const nodes = { children: [] as ChildProcess[], urls: [] as string[], waits: [] as Promise<void>[] };
  for (let i = 0; i < 2; i++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const node = startNode(
      "server/index.ts",
      {
        NODE_ENV: "production",
        PORT: String(port),
        HOST: "127.0.0.1",
        APP_URL: url,
        MONGODB_URI: mongoUri,
        REDIS_URL: redisUrl,
        COOKIE_SECURE: "false",
        EMAIL_FAKE: "true",
        SESSION_SECRET: "bench-session-secret-0123456789abcdefgh",
        ...opts.env,
      },
      opts,
    );
    nodes.children.push(node.child);
    nodes.urls.push(url);
    nodes.waits.push(waitHttp(`${url}/healthz`, `app node ${i + 1}`, node.output));
  }
  return { children: nodes.children, urls: nodes.urls, ready: Promise.all(nodes.waits).then(() => undefined) };
}

/** Whether this module is the script node was started with (a bench imported by another runs nothing). */
export const isMain = (moduleUrl: string) => Boolean(process.argv[1]) && moduleUrl === pathToFileURL(process.argv[1]).href;

/** Waits up to 2 minutes: a loaded shared machine starts a node slowly. */
export async function waitHttp(url: string, what: string, output: () => string) {
  for (let i = 0; i < 1200; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      http
        .get(url, (res) => {
          res.resume();
          resolve(res.statusCode === 200 || res.statusCode === 404 || res.statusCode === 426);
        })
        .on("error", () => resolve(false));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`${what} did not answer at ${url}:\n${output()}`);
}

/** SIGTERM every child (SIGKILL after 5 s). */
export async function stopChildren() {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          const force = setTimeout(() => c.kill("SIGKILL"), 5000);
          c.once("exit", () => {
            clearTimeout(force);
            resolve();
          });
          c.kill("SIGTERM");
        }),
    ),
  );
}

/** Runs main, exits 0/1, and never leaves server processes behind (also on SIGINT/SIGTERM). */
export function runMain(main: () => Promise<void>) {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      for (const c of children) c.kill("SIGKILL");
      process.exit(130);
    });
  }
  main().then(
    () => process.exit(0),
    (e) => {
      console.error("[bench] failed:", e);
      for (const c of children) c.kill("SIGKILL");
      process.exit(1);
    },
  );
}

const CLK_TCK = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
/** utime + stime of a process, in microseconds. */
export function cpuMicros(pid: number) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(f[11]) + Number(f[12])) / CLK_TCK) * 1e6;
}
export const cpuOf = (pids: number[]) => pids.reduce((s, p) => s + cpuMicros(p), 0);

/** Redis's own CPU (INFO cpu), in microseconds. */
export async function redisCpuMicros(redis: Redis) {
  const info = await redis.info("cpu");
  const v = (k: string) => Number(new RegExp(`${k}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return (v("used_cpu_user") + v("used_cpu_sys")) * 1e6;
}

/** Sends `signal` to a child and resolves with the first stdout line matching `re` (a probe's answer). */
export function askChild(child: ChildProcess, signal: NodeJS.Signals, re: RegExp, timeoutMs = 10_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer matching ${re} from ${child.pid}`)), timeoutMs);
    const onData = (d: Buffer) => {
      const m = re.exec(String(d));
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off("data", onData);
      resolve(m);
    };
    child.stdout!.on("data", onData);
    child.kill(signal);
  });
}

/** Database commands the processes sent so far (bench/db-commands.ts preloaded), writes and reads. */
export async function dbCommandsOf(processes: ChildProcess[]) {
  let writes = 0;
  let reads = 0;
  const byCommand: Record<string, number> = {};
  for (const c of processes) {
    const m = await askChild(c, "SIGUSR2", /DBCMD (\{.*\})/);
    for (const [k, n] of Object.entries(JSON.parse(m[1]) as Record<string, number>)) {
      byCommand[k] = (byCommand[k] ?? 0) + n;
      const cmd = k.split(" ")[0];
      if (["insert", "update", "delete", "findAndModify"].includes(cmd)) writes += n;
      else if (["find", "count", "aggregate", "distinct", "getMore"].includes(cmd)) reads += n;
    }
  }
  return { writes, reads, byCommand };
}

/** fn over every item, at most `size` at a time. */
export async function inPool<T>(items: T[], size: number, fn: (item: T, index: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

/** The systems in repetition `rep`'s order: each one first, second, ... last in turn (interleaving). */
export const rotated = <T>(systems: readonly T[], rep: number) => systems.map((_, k) => systems[(k + rep) % systems.length]);

export const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;
export const median = (xs: number[]) => {
  const s = [...xs].filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/** The p-quantile (0..1) of an ascending array (nearest rank). */
export const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] : NaN;

// ---- the app beside its floor ---------------------------------------------------------------

export type SystemName = "app" | "stored" | "bare";
/** One system under test: 2 nodes, and the bench's sockets to them (by user index). */
export interface BenchSystem {
  name: SystemName;
  pids: number[];
  children: ChildProcess[];
  urls: string[];
  outputs: (() => string)[];
  sockets: Socket[];
}

/**
 * The real app (server/index.ts) beside the floor (bench/baseline-server.ts storing with STORE_URI)
 * and the bare server, 2 nodes each on the same Redis, started at once; resolves when all answer.
 * `appPreloads` go into the app's nodes only (the floor then copies what they count).
 */
export async function startSystems(
  mongoUri: string,
  redisUrl: string,
  opts: { appPreloads?: string[] } = {},
): Promise<Record<SystemName, BenchSystem>> {
  const make = (name: SystemName): BenchSystem => ({ name, pids: [], children: [], urls: [], outputs: [], sockets: [] });
  const systems = { app: make("app"), stored: make("stored"), bare: make("bare") };
  const waits: Promise<void>[] = [];
  const add = async (system: BenchSystem, script: string, env: Record<string, string>) => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const node = startNode(
      script,
      { ...env, ...(env.APP_URL ? { APP_URL: url } : {}), PORT: String(port), REDIS_URL: redisUrl },
      { preloads: ["./bench/memory-probe.ts", ...(system.name === "app" ? (opts.appPreloads ?? []) : [])] },
    );
    system.pids.push(node.child.pid!);
    system.outputs.push(node.output);
    system.children.push(node.child);
    system.urls.push(url);
    waits.push(waitHttp(script.includes("baseline") ? url : `${url}/healthz`, `${system.name} node`, node.output));
  };
  for (let i = 0; i < 2; i++) {
    await add(systems.app, "server/index.ts", {
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      APP_URL: "(this node's)",
      MONGODB_URI: mongoUri,
      COOKIE_SECURE: "false",
      EMAIL_FAKE: "true",
      SESSION_SECRET: "bench-session-secret-0123456789abcdefgh",
    });
    await add(systems.stored, "bench/baseline-server.ts", { ADAPTER_KEY: `bench-stored-${process.pid}`, STORE_URI: mongoUri });
    await add(systems.bare, "bench/baseline-server.ts", { ADAPTER_KEY: `bench-bare-${process.pid}` });
  }
  await Promise.all(waits);
  return systems;
}

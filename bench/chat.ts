// Chat fan-out benchmark (issue 3, item 7): the real app on 2 nodes (server/index.ts, Redis
// adapter, FerretDB) against a bare Socket.IO baseline on 2 nodes with the same adapter
// (bench/baseline-server.ts), the same clients and the same fixed send schedule, interleaved and
// repeated. A third system, "stored", is the bare baseline plus one MongoDB insert per message
// before its ack: the floor that storing before acknowledging puts under any such server.
// Primary figure: server CPU time per delivered message. See bench/README.md.
//
//   npm run bench:chat                 full run (1,000 clients, 5 repetitions), writes bench/results/
//   node --import tsx bench/chat.ts --smoke    tiny, for CI: no thresholds, results to the temp dir
// Options: --clients N, --reps N, --seconds S (measured seconds per run). Uses MONGODB_URI/REDIS_URL when set,
// else starts the dev services. Its own database (<db>_bench), dropped at the end.
import type { ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { Redis } from "ioredis";
import { io as connectClient, type Socket } from "socket.io-client";
import { socketParser } from "../realtime/wire";
import { User } from "../models/user/user.model";
import { Trajectory } from "../models/trajectory/trajectory.model";
import { Group } from "../models/group/group.model";
import { createMembership } from "../models/group/memberships";
import { CharterVersion } from "../models/charter/charter.model";
import { createSession } from "../models/session/session.service";
import { Thread } from "../models/thread/thread.model";
import {
  arg as argvArg,
  askChild,
  closeBench,
  cpuOf,
  freePort,
  inPool,
  isMain,
  log,
  median,
  openBench,
  percentile,
  rotated,
  redisCpuMicros,
  round,
  runMain,
  sleep,
  startAppNodes,
  startNode as startChild,
  waitHttp,
} from "./lib";
import { renderChart } from "./chart";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
const argv = process.argv.slice(2);
const arg = (name: string) => argvArg(argv, name);
const smoke = argv.includes("--smoke");
/** --trace (or BENCH_TRACE=1): app nodes load bench/trace.ts and print its lines; connect progress logged. */
const trace = argv.includes("--trace") || process.env.BENCH_TRACE === "1";

export const config = smoke
  ? { clients: 40, groupSize: 8, bigRoom: 10, reps: 1, warmupS: 1, seconds: 3, groupIntervalMs: 2000, bigRoomPerS: 2 }
  : { clients: 1000, groupSize: 8, bigRoom: 150, reps: 5, warmupS: 3, seconds: 25, groupIntervalMs: 5000, bigRoomPerS: 2 };
if (arg("clients")) config.clients = Number(arg("clients"));
if (arg("reps")) config.reps = Number(arg("reps"));
if (arg("seconds")) config.seconds = Number(arg("seconds"));

// ---- processes -----------------------------------------------------------------------------

function startNode(script: string, env: Record<string, string>) {
  return startChild(script, env, { nodeArgs: ["--expose-gc"], preloads: ["./bench/memory-probe.ts"] });
}

/** RSS and heap of a server process right after a full GC (bench/memory-probe.ts answers SIGUSR2). */
async function memoryAfterGc(child: ChildProcess): Promise<{ rss: number; heap: number }> {
  const m = await askChild(child, "SIGUSR2", /MEM (\d+) (\d+)/);
  return { rss: Number(m[1]), heap: Number(m[2]) };
}

// ---- data ------------------------------------------------------------------------------------

export interface Workload {
  users: { id: string; cookie: string }[];
  /** Each room: its group id, thread id and member client indexes. The last one is the big room. */
  rooms: { groupId: string; threadId: string; members: number[] }[];
}

/** The users (emails `<prefix>u<i>@bench.test`), their groups with a thread each, and the big room. */
export async function createWorkload(prefix = ""): Promise<Workload> {
  const organiser = await User.create({
    email: `${prefix}organiser@bench.test`,
    name: "Bench organiser",
    passwordHash: "-",
    status: "active",
    isOrganiser: true,
  });
  const trajectory = await Trajectory.create({ name: "Bench", organiserIds: [organiser._id] });
  const docs = await User.insertMany(
    Array.from({ length: config.clients }, (_, i) => ({
      email: `${prefix}u${i}@bench.test`,
      name: `Bench user ${i}`,
      passwordHash: "-",
      status: "active",
      locale: "nl",
      isOrganiser: false,
    })),
  );
  const users = docs.map((u) => ({ id: String(u._id), cookie: "" }));
  await inPool(users, 50, async (u) => {
    u.cookie = await createSession(u.id);
  });

  const memberLists: number[][] = [];
  for (let i = 0; i < config.clients; i += config.groupSize)
    memberLists.push(Array.from({ length: Math.min(config.groupSize, config.clients - i) }, (_, k) => i + k));
  // The big room: every n-th client, so its members sit in many small groups and on both nodes.
  const step = Math.floor(config.clients / config.bigRoom);
  memberLists.push(Array.from({ length: config.bigRoom }, (_, k) => k * step));

  const groups = await Group.insertMany(
    memberLists.map((_, i) => ({ trajectoryId: trajectory._id, name: `Bench group ${i}`, charterVersion: 1 })),
  );
  await CharterVersion.insertMany(groups.map((g) => ({ groupId: g._id, version: 1, text: "Bench charter.", createdBy: organiser._id })));
  const memberships = memberLists.flatMap((members, gi) => members.map((c) => ({ groupId: groups[gi]._id, userId: docs[c]._id })));
  await inPool(
    memberships,
    20,
    async (m) => void (await createMembership({ ...m, role: "leader", status: "active", acceptedCharterVersion: 1 })),
  );
  const rooms: Workload["rooms"] = memberLists.map((members, gi) => ({ groupId: String(groups[gi]._id), threadId: "", members }));
  // Threads straight through the model (startThread per group costs FerretDB a dozen writes each);
  // the messages of the run go through the whole service.
  const now = new Date();
  const threads = await Thread.insertMany(
    rooms.map((r) => ({
      groupId: r.groupId,
      title: "Bench",
      createdBy: docs[r.members[0]]._id,
      createdAt: now,
      lastSeq: 0,
      lastMessageAt: now,
      pinned: false,
    })),
  );
  threads.forEach((t, i) => {
    rooms[i].threadId = String(t._id);
  });
  return { users, rooms };
}

// ---- systems under test ----------------------------------------------------------------------

type SystemName = "app" | "baseline" | "stored";
export interface System {
  name: SystemName;
  pids: number[];
  children: ChildProcess[];
  urls: string[];
  sockets: Socket[];
  rssPerClientBytes: number;
  heapPerClientBytes: number;
}

/** The app's 2 nodes as a system under test (every client loop here takes one). */
export const appSystem = (nodes: { children: ChildProcess[]; urls: string[] }): System => ({
  name: "app",
  pids: nodes.children.map((c) => c.pid!),
  children: nodes.children,
  urls: nodes.urls,
  sockets: [],
  rssPerClientBytes: 0,
  heapPerClientBytes: 0,
});

async function startSystems(mongoUri: string, redisUrl: string): Promise<Record<SystemName, System>> {
  const nodes = await startAppNodes(mongoUri, redisUrl, {
    nodeArgs: ["--expose-gc"],
    preloads: ["./bench/memory-probe.ts", ...(trace ? ["./bench/trace.ts"] : [])],
    onLine: trace ? (line) => line.startsWith("TRACE") && log(line) : undefined,
  });
  const app = appSystem(nodes);
  const baseline: System = { name: "baseline", pids: [], children: [], urls: [], sockets: [], rssPerClientBytes: 0, heapPerClientBytes: 0 };
  const stored: System = { name: "stored", pids: [], children: [], urls: [], sockets: [], rssPerClientBytes: 0, heapPerClientBytes: 0 };
  const waits: Promise<void>[] = [nodes.ready];
  for (let i = 0; i < 2; i++) {
    for (const [system, env] of [
      [baseline, {}],
      [stored, { STORE_URI: mongoUri }],
    ] as const) {
      const bport = await freePort();
      const burl = `http://127.0.0.1:${bport}`;
      const b = startNode("bench/baseline-server.ts", {
        PORT: String(bport),
        REDIS_URL: redisUrl,
        ADAPTER_KEY: `bench-${system.name}-${process.pid}`,
        ...env,
      });
      system.pids.push(b.child.pid!);
      system.children.push(b.child);
      system.urls.push(burl);
      waits.push(waitHttp(burl, `${system.name} node ${i + 1}`, b.output));
    }
  }
  await Promise.all(waits);
  return { app, baseline, stored };
}

function connect(system: System, w: Workload, c: number): Promise<Socket> {
  const url = system.urls[c % system.urls.length]; // neighbours alternate nodes: rooms span both
  const groups = w.rooms.filter((r) => r.members.includes(c)).map((r) => r.groupId);
  const socket = connectClient(url, {
    transports: ["websocket"],
    parser: socketParser, // the app's wire format, for the baseline too: the same Socket.IO on both sides
    forceNew: true,
    reconnection: false,
    timeout: 20_000,
    ...(system.name === "app"
      ? { extraHeaders: { cookie: `lk_session=${w.users[c].cookie}` } }
      : { auth: { userId: w.users[c].id, groups } }),
  });
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      socket.off();
      socket.disconnect();
      reject(new Error(`${system.name} client ${c}: ${why}`));
    };
    // The engine's handshake has its own timeout; the namespace's (the app's auth) has none.
    const timer = setTimeout(() => fail("no namespace handshake within 30 s"), 30_000);
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.off("disconnect");
      resolve(socket);
    });
    socket.once("connect_error", (e) => {
      clearTimeout(timer);
      fail(e.message);
    });
    socket.once("disconnect", (reason) => {
      clearTimeout(timer);
      fail(`disconnected while connecting (${reason})`);
    });
  });
}

async function memoryOf(system: System) {
  const ms = await Promise.all(system.children.map(memoryAfterGc));
  return { rss: ms.reduce((s, m) => s + m.rss, 0), heap: ms.reduce((s, m) => s + m.heap, 0) };
}

/** Connections opening at once, as a crowd of real browsers would trickle in. */
const CONNECT_CONCURRENCY = 50;

export async function connectAll(system: System, w: Workload) {
  const before = await memoryOf(system);
  const sockets: Socket[] = new Array(w.users.length);
  let done = 0;
  const progress = trace ? setInterval(() => log(`${system.name}: ${done}/${w.users.length} connected`), 1000) : null;
  try {
    await inPool(w.users, CONNECT_CONCURRENCY, async (_u, c) => {
      sockets[c] = await connect(system, w, c);
      done++;
    });
  } finally {
    if (progress) clearInterval(progress);
  }
  system.sockets = sockets;
  await sleep(smoke ? 1000 : 3000); // joins and presence announcements settle
  const after = await memoryOf(system);
  system.rssPerClientBytes = (after.rss - before.rss) / w.users.length;
  system.heapPerClientBytes = (after.heap - before.heap) / w.users.length;
}

// ---- one run ---------------------------------------------------------------------------------

export interface RunResult {
  system: SystemName;
  rep: number;
  sent: number;
  acked: number;
  refused: number;
  /** Refusals by error code ("timeout" when no ack came within 15 s). */
  refusedBy: Record<string, number>;
  expected: number;
  delivered: number;
  lost: number;
  duplicated: number;
  misdelivered: number;
  seconds: number;
  deliveredPerS: number;
  cpuUsPerDelivery: number;
  redisCpuUsPerDelivery: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

interface Tracked {
  intended: number;
  room: number;
  measured: boolean;
  acked: boolean | null;
  refusal?: string;
  seen: Set<number>;
  dups: number;
}

/** BENCH_CPU_PROF=<dir>: start or stop the measured window's CPU profile (bench/memory-probe.ts). */
function toggleProfiles(system: System) {
  if (process.env.BENCH_CPU_PROF) for (const c of system.children) c.kill("SIGURG");
}

export async function runOnce(system: System, w: Workload, rep: number, redis: Redis): Promise<RunResult> {
  const tag = `r${rep}${system.name[0]}${Date.now().toString(36)}`;
  const tracked = new Map<string, Tracked>();
  const latencies: number[] = [];
  let misdelivered = 0;
  const memberOf = w.rooms.map((r) => new Set(r.members));

  const listeners = system.sockets.map((socket, c) => {
    const onEvent = (e: { data?: { message?: { text?: string } } }) => {
      const now = performance.now();
      const id = e.data?.message?.text?.slice(6); // "bench <id>"
      const t = id ? tracked.get(id) : undefined;
      if (!t) return; // an earlier run's straggler, or the thread's first message
      if (!memberOf[t.room].has(c)) return void misdelivered++;
      if (t.seen.has(c)) return void t.dups++;
      t.seen.add(c);
      if (t.measured) latencies.push(now - t.intended);
    };
    socket.on("group:event", onEvent);
    return () => socket.off("group:event", onEvent);
  });

  // The fixed schedule: every small group every groupIntervalMs (phases spread), the big room
  // bigRoomPerS times a second; senders rotate through the room's members.
  const totalMs = (config.warmupS + config.seconds) * 1000;
  const plan: { at: number; room: number; sender: number }[] = [];
  const small = w.rooms.length - 1;
  for (let r = 0; r < small; r++) {
    const offset = (r / small) * config.groupIntervalMs;
    for (let k = 0; offset + k * config.groupIntervalMs < totalMs; k++)
      plan.push({ at: offset + k * config.groupIntervalMs, room: r, sender: w.rooms[r].members[k % w.rooms[r].members.length] });
  }
  const bigEvery = 1000 / config.bigRoomPerS;
  for (let k = 0; k * bigEvery < totalMs; k++)
    plan.push({ at: k * bigEvery, room: small, sender: w.rooms[small].members[k % config.bigRoom] });
  plan.sort((a, b) => a.at - b.at);

  const start = performance.now() + 50;
  const measureFrom = start + config.warmupS * 1000;
  let cpu0 = 0;
  let redis0 = 0;
  let seq = 0;
  const acks: Promise<void>[] = [];
  for (let i = 0; i < plan.length; ) {
    const now = performance.now();
    if (cpu0 === 0 && now >= measureFrom) {
      toggleProfiles(system);
      cpu0 = cpuOf(system.pids);
      redis0 = await redisCpuMicros(redis);
    }
    if (start + plan[i].at > now) {
      await sleep(Math.min(start + plan[i].at, cpu0 === 0 ? measureFrom : Infinity) - now);
      continue;
    }
    // Everything due now goes out, however late the timer fired: latency counts from `intended`.
    const { at, room, sender } = plan[i++];
    const intended = start + at;
    const id = `${tag}x${seq++}`;
    const t: Tracked = { intended, room, measured: intended >= measureFrom, acked: null, seen: new Set(), dups: 0 };
    tracked.set(id, t);
    const { groupId, threadId } = w.rooms[room];
    acks.push(
      system.sockets[sender]
        .timeout(15_000)
        .emitWithAck("message:send", { groupId, threadId, clientId: id, text: `bench ${id}` })
        .then(
          (res: { ok: boolean; error?: { code: string } }) => {
            t.acked = res.ok;
            t.refusal = res.error?.code;
          },
          () => {
            t.acked = false;
            t.refusal = "timeout";
          },
        ),
    );
  }
  if (cpu0 === 0) {
    toggleProfiles(system);
    cpu0 = cpuOf(system.pids);
    redis0 = await redisCpuMicros(redis);
  }
  const sendEnd = performance.now();
  await Promise.all(acks);
  // Drain: until every acknowledged message reached its whole room, at most 5 s more.
  const measured = [...tracked.values()].filter((t) => t.measured);
  const complete = () => measured.every((t) => !t.acked || t.seen.size >= w.rooms[t.room].members.length);
  for (let waited = 0; !complete() && waited < 5000; waited += 50) await sleep(50);
  await sleep(200); // a duplicate would come right behind
  const cpu1 = cpuOf(system.pids);
  toggleProfiles(system);
  const redis1 = await redisCpuMicros(redis);
  for (const off of listeners) off();

  const acked = measured.filter((t) => t.acked);
  const expected = acked.reduce((s, t) => s + w.rooms[t.room].members.length, 0);
  const delivered = measured.reduce((s, t) => s + t.seen.size, 0);
  const lost = acked.reduce((s, t) => s + Math.max(0, w.rooms[t.room].members.length - t.seen.size), 0);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => percentile(latencies, p);
  const seconds = (sendEnd - measureFrom) / 1000;
  return {
    system: system.name,
    rep,
    sent: measured.length,
    acked: acked.length,
    refused: measured.length - acked.length,
    refusedBy: measured
      .filter((t) => !t.acked)
      .reduce<Record<string, number>>((m, t) => {
        const code = t.refusal ?? "?";
        m[code] = (m[code] ?? 0) + 1;
        return m;
      }, {}),
    expected,
    delivered,
    lost,
    duplicated: measured.reduce((s, t) => s + t.dups, 0),
    misdelivered,
    seconds: round(seconds),
    deliveredPerS: round(delivered / seconds),
    cpuUsPerDelivery: round((cpu1 - cpu0) / delivered),
    redisCpuUsPerDelivery: round((redis1 - redis0) / delivered),
    p50: round(pct(0.5)),
    p95: round(pct(0.95)),
    p99: round(pct(0.99)),
    max: round(latencies.at(-1) ?? NaN),
  };
}

// ---- main ------------------------------------------------------------------------------------

async function main() {
  const t0 = Date.now();
  const { mongoUri, redisUrl, redis } = await openBench(
    `${smoke ? "smoke" : "full"} run: ${config.clients} clients, groups of ${config.groupSize}, big room ${config.bigRoom}, ${config.reps} rep(s) x ${config.seconds} s`,
  );

  let systems: Record<SystemName, System> | null = null;
  try {
    const w = await createWorkload();
    log(`data: ${w.users.length} users with sessions, ${w.rooms.length} groups with a thread (${Math.round((Date.now() - t0) / 1000)} s)`);
    systems = await startSystems(mongoUri, redisUrl);
    for (const s of [systems.baseline, systems.stored, systems.app]) {
      await connectAll(s, w);
      log(
        `${s.name}: ${s.sockets.length} clients connected, per client ${round(s.rssPerClientBytes / 1024)} KiB RSS, ${round(s.heapPerClientBytes / 1024)} KiB heap (after GC) (${Math.round((Date.now() - t0) / 1000)} s)`,
      );
    }

    const runs: RunResult[] = [];
    for (let rep = 0; rep < config.reps; rep++) {
      const order = rotated<SystemName>(["baseline", "stored", "app"], rep);
      for (const name of order) {
        const r = await runOnce(systems[name], w, rep, redis);
        runs.push(r);
        log(
          `rep ${rep + 1} ${name.padEnd(8)} cpu ${r.cpuUsPerDelivery} us/delivery, p50/p95/p99 ${r.p50}/${r.p95}/${r.p99} ms, ` +
            `${r.deliveredPerS} deliveries/s, sent ${r.sent} (refused ${r.refused}${r.refused ? ` ${JSON.stringify(r.refusedBy)}` : ""}), lost ${r.lost}, dup ${r.duplicated}, misdelivered ${r.misdelivered}`,
        );
      }
    }

    const summary = (name: SystemName) => {
      const rs = runs.filter((r) => r.system === name);
      return {
        cpuUsPerDelivery: round(median(rs.map((r) => r.cpuUsPerDelivery))),
        redisCpuUsPerDelivery: round(median(rs.map((r) => r.redisCpuUsPerDelivery))),
        p50: round(median(rs.map((r) => r.p50))),
        p95: round(median(rs.map((r) => r.p95))),
        p99: round(median(rs.map((r) => r.p99))),
        deliveredPerS: round(median(rs.map((r) => r.deliveredPerS))),
        rssPerClientKiB: round(systems![name].rssPerClientBytes / 1024),
        heapPerClientKiB: round(systems![name].heapPerClientBytes / 1024),
        lost: rs.reduce((s, r) => s + r.lost, 0),
        duplicated: rs.reduce((s, r) => s + r.duplicated, 0),
        misdelivered: rs.reduce((s, r) => s + r.misdelivered, 0),
        refused: rs.reduce((s, r) => s + r.refused, 0),
        sent: rs.reduce((s, r) => s + r.sent, 0),
      };
    };
    const app = summary("app");
    const baseline = summary("baseline");
    const stored = summary("stored");
    // What one insert before the ack costs a server that does nothing else: the floor under the goals.
    const floor = { cpuPerDelivery: round(stored.cpuUsPerDelivery / baseline.cpuUsPerDelivery), p99: round(stored.p99 / baseline.p99) };
    const ratios = {
      cpuPerDelivery: round(app.cpuUsPerDelivery / baseline.cpuUsPerDelivery),
      p50: round(app.p50 / baseline.p50),
      p95: round(app.p95 / baseline.p95),
      p99: round(app.p99 / baseline.p99),
      deliveredPerS: round(app.deliveredPerS / baseline.deliveredPerS),
      rssPerClient: round(app.rssPerClientKiB / baseline.rssPerClientKiB),
      heapPerClient: round(app.heapPerClientKiB / baseline.heapPerClientKiB),
    };
    const goals = { cpuPerDeliveryAtMost: 1.3, p99AtMost: 1.5, lostAndDuplicated: 0 };
    const date = new Date().toISOString().slice(0, 10);
    const result = {
      date: new Date().toISOString(),
      mode: smoke ? "smoke" : "full",
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, memGiB: round(os.totalmem() / 2 ** 30, 1) },
      config,
      workload: {
        rooms: w.rooms.length,
        roomSizes: `${w.rooms.length - 1} groups of ${config.groupSize}, 1 room of ${config.bigRoom}`,
        messagesPerS: round((w.rooms.length - 1) / (config.groupIntervalMs / 1000) + config.bigRoomPerS),
        deliveriesPerS: round(
          ((w.rooms.length - 1) * config.groupSize) / (config.groupIntervalMs / 1000) + config.bigRoomPerS * config.bigRoom,
        ),
      },
      medians: { app, baseline, stored },
      ratios,
      floor,
      appVsStored: { cpuPerDelivery: round(app.cpuUsPerDelivery / stored.cpuUsPerDelivery), p99: round(app.p99 / stored.p99) },
      goals,
      meetsGoals: {
        cpuPerDelivery: ratios.cpuPerDelivery <= goals.cpuPerDeliveryAtMost,
        p99: ratios.p99 <= goals.p99AtMost,
        noLossNoDuplicates: app.lost + app.duplicated === 0,
      },
      runs,
      notes:
        "CPU = utime+stime of the two server processes (/proc/<pid>/stat) from the end of warm-up to the end of the drain, per unique delivery of a measured message; redisCpu from INFO cpu (the shared Redis); the database server's CPU is not counted. 'stored' = the bare baseline plus one raw insertOne per message before it acks and broadcasts. Latency from each message's intended send time to its arrival at each recipient, all clients in one process.",
    };
    const outDir = smoke ? os.tmpdir() : path.join(root, "bench", "results");
    mkdirSync(outDir, { recursive: true });
    const base = path.join(outDir, smoke ? `leerkring-bench-chat-smoke-${process.pid}` : `chat-${date}`);
    writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
    await renderChart(result, `${base}.png`);
    log(
      `app vs baseline (medians): cpu/delivery ${app.cpuUsPerDelivery} vs ${baseline.cpuUsPerDelivery} us (x${ratios.cpuPerDelivery}), p99 ${app.p99} vs ${baseline.p99} ms (x${ratios.p99}), ${app.deliveredPerS} vs ${baseline.deliveredPerS} deliveries/s, ${app.rssPerClientKiB} vs ${baseline.rssPerClientKiB} KiB/client, app lost ${app.lost} dup ${app.duplicated} refused ${app.refused}`,
    );
    log(
      `bare + one insert vs bare (medians): cpu/delivery ${stored.cpuUsPerDelivery} us (x${floor.cpuPerDelivery}), p99 ${stored.p99} ms (x${floor.p99})`,
    );
    log(`wrote ${base}.json and .png in ${Math.round((Date.now() - t0) / 1000)} s`);
  } finally {
    for (const s of systems ? Object.values(systems) : []) for (const sock of s.sockets) sock?.disconnect();
    await closeBench(redis);
  }
}

if (isMain(import.meta.url)) runMain(main);

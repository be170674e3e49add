// Soak (issue 19, goal 5): the chat and co-editing workloads of bench/chat.ts and bench/collab.ts
// (their client loops, imported, unchanged) together against the real app on 2 nodes (Redis
// adapter, FerretDB/MongoDB) for 10 minutes. Every ~15 s each node is asked (bench/memory-probe.ts,
// SIGUSR2, with BENCH_SOAK=1) for its heap used after a full GC, its active handles and resources
// by type and the listeners on its Socket.IO server and Redis clients. Reports heap growth after
// the warm-up and the counts over time. See bench/README.md ("Soak").
//
//   npm run bench:soak                  full run (10 minutes, first 2 excluded), writes bench/results/
//   node --import tsx bench/soak.ts --smoke    about 20 s of load, no thresholds, results to the temp dir
// Options: --minutes M, --warmup S (seconds excluded from the growth), --every S (sampling interval),
// --snapshots (each node writes a heap snapshot at the end of the warm-up and at the end of the load,
// to <tmp>/leerkring-soak-snapshots/, to compare in Chromium DevTools' Memory tab).
import type { ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Socket } from "socket.io-client";
import * as chat from "./chat";
import * as collab from "./collab";
import { renderSoakChart } from "./chart";
import { arg as argvArg, askChild, closeBench, log, median, openBench, round, runMain, sleep, startAppNodes } from "./lib";

const argv = process.argv.slice(2);
const arg = (name: string) => argvArg(argv, name);
const smoke = argv.includes("--smoke");
const snapshotDir = argv.includes("--snapshots") ? path.join(os.tmpdir(), "leerkring-soak-snapshots") : null;
const config = {
  minutes: Number(arg("minutes") ?? (smoke ? 20 / 60 : 10)),
  warmupS: Number(arg("warmup") ?? (smoke ? 5 : 120)),
  everyS: Number(arg("every") ?? (smoke ? 5 : 15)),
};
// The workloads' own settings, scaled so both fit on 2 shared cores at once; each run is one of
// their repetitions, run back to back until the time is up.
Object.assign(
  chat.config,
  smoke
    ? { clients: 40, bigRoom: 10, warmupS: 0, seconds: 4, groupIntervalMs: 2000 }
    : { clients: 120, bigRoom: 24, warmupS: 0, seconds: 20, groupIntervalMs: 5000 },
);
Object.assign(collab.config, { warmupS: 0, seconds: smoke ? 3 : 15, settleS: smoke ? 0.5 : 2 });
Object.assign(
  collab.config.scenarios,
  smoke
    ? { single: { editors: 4, docs: 1 }, multi: { editors: 10, docs: 2 } }
    : { single: { editors: 6, docs: 1 }, multi: { editors: 20, docs: 4 } },
);

interface Probe {
  resources: Record<string, number>;
  process: number;
  io: { server: number; namespaces: number; sockets: number; socketListeners: number; rooms: number };
  redis: { clients: number; listeners: number };
}
interface Sample {
  /** Seconds since the load started (negative: before the clients connected; after the end: clients gone). */
  t: number;
  /** idle: before the clients connected; load: the soak; drain: past its time, the last runs finishing; after: clients gone. */
  phase: "idle" | "load" | "drain" | "after";
  node: number;
  rssMiB: number;
  heapMiB: number;
  handles: number;
  listeners: number;
  probe: Probe;
}

async function sample(children: ChildProcess[], t: number, phase: Sample["phase"]): Promise<Sample[]> {
  return Promise.all(
    children.map(async (c, node) => {
      const m = await askChild(c, "SIGUSR2", /MEM (\d+) (\d+) (\{.*\})/);
      const probe = JSON.parse(m[3]) as Probe;
      return {
        t: round(t, 1),
        phase,
        node: node + 1,
        rssMiB: round(Number(m[1]) / 2 ** 20),
        heapMiB: round(Number(m[2]) / 2 ** 20),
        handles: Object.values(probe.resources).reduce((s, n) => s + n, 0),
        listeners: probe.process + probe.io.server + probe.io.namespaces + probe.io.socketListeners + probe.redis.listeners,
        probe,
      };
    }),
  );
}

/** Heap growth over the window after warm-up: the median of its last 3 samples against its first 3, and the least-squares slope. */
function growth(samples: Sample[]) {
  const first = median(samples.slice(0, 3).map((s) => s.heapMiB));
  const last = median(samples.slice(-3).map((s) => s.heapMiB));
  const n = samples.length;
  const mt = samples.reduce((s, x) => s + x.t, 0) / n;
  const mv = samples.reduce((s, x) => s + x.heapMiB, 0) / n;
  const slope = samples.reduce((s, x) => s + (x.t - mt) * (x.heapMiB - mv), 0) / (samples.reduce((s, x) => s + (x.t - mt) ** 2, 0) || 1);
  const heaps = samples.map((s) => s.heapMiB);
  return {
    firstMiB: first,
    lastMiB: last,
    minMiB: Math.min(...heaps),
    maxMiB: Math.max(...heaps),
    growthPct: round((100 * (last - first)) / first, 1),
    slopeMiBPerMin: round(slope * 60, 3),
  };
}

async function main() {
  const t0 = Date.now();
  const { mongoUri, redisUrl, redis } = await openBench(
    `soak${smoke ? " (smoke)" : ""}: ${config.minutes} min, chat ${chat.config.clients} clients and co-editing ${collab.config.scenarios.single.editors} + ${collab.config.scenarios.multi.editors} editors together on 2 nodes`,
  );
  collab.setBenchRedis(redis);
  let chatSystem: chat.System | null = null;
  let collabSystem: collab.System | null = null;
  try {
    const chatW = await chat.createWorkload("chat-");
    const collabW = await collab.createWorkload("collab-");
    const nodes = await startAppNodes(mongoUri, redisUrl, {
      nodeArgs: ["--expose-gc"],
      preloads: ["./bench/memory-probe.ts", "./bench/db-commands.ts"],
      env: { BENCH_SOAK: "1", ...(snapshotDir && { BENCH_HEAP_SNAPSHOTS: snapshotDir }) },
    });
    if (snapshotDir) mkdirSync(snapshotDir, { recursive: true });
    await nodes.ready;
    const snapshots: string[] = [];
    /** Each node's heap snapshot (--snapshots), one after the other. */
    const snapshot = async () => {
      if (!snapshotDir) return;
      for (const c of nodes.children) snapshots.push((await askChild(c, "SIGWINCH", /SNAPSHOT (\S+)/, 120_000))[1]);
      log(`heap snapshots: ${snapshots.slice(-2).join(", ")}`);
    };
    const samples: Sample[] = await sample(nodes.children, -1, "idle");
    chatSystem = chat.appSystem(nodes);
    collabSystem = { name: "app", children: nodes.children, urls: nodes.urls, connections: [] };
    await chat.connectAll(chatSystem, chatW);
    await collab.connectAll(collabSystem, collabW);
    log(`data and ${chatW.users.length} + ${collabW.users.length} connections ready (${Math.round((Date.now() - t0) / 1000)} s)`);

    const start = Date.now();
    const until = start + config.minutes * 60_000;
    const elapsed = () => (Date.now() - start) / 1000;
    const chatRuns: chat.RunResult[] = [];
    const collabRuns: collab.RunResult[] = [];
    const collabErrors: string[] = [];
    let chatReconnected = 0;
    const chatLoop = async () => {
      for (let rep = 0; Date.now() < until; rep++) {
        // As a tab does after a server cut (a stale node's room check, decision 020, cuts every socket
        // of its rooms on an overloaded machine): the cut clients connect again before the next run.
        const cut = await collab.reconnectCut(chatSystem!.sockets);
        chatReconnected += cut;
        const r = await chat.runOnce(chatSystem!, chatW, rep, redis);
        chatRuns.push(r);
        log(
          `${round(elapsed(), 0)} s chat: sent ${r.sent}, refused ${r.refused}, lost ${r.lost}, dup ${r.duplicated}, p99 ${r.p99} ms${cut ? ` (${cut} cut clients connected again first)` : ""}`,
        );
      }
    };
    const collabLoop = async () => {
      for (let rep = 0; Date.now() < until; rep++) {
        const scenario: collab.ScenarioName = rep % 2 ? "multi" : "single";
        try {
          const r = await collab.runOnce(collabSystem!, collabW, scenario, rep, redis);
          collabRuns.push(r);
          log(
            `${round(elapsed(), 0)} s co-editing ${scenario}: ${r.updates} updates, converged ${r.converged} in ${r.convergeMs} ms, p99 ${r.p99} ms`,
          );
        } catch (e) {
          collabErrors.push((e as Error).message);
          log(`${round(elapsed(), 0)} s co-editing ${scenario} failed: ${(e as Error).message}`);
        }
      }
    };
    let sampling = true;
    const sampler = async () => {
      for (let k = 0; sampling; k++) {
        const s = await sample(nodes.children, elapsed(), Date.now() < until ? "load" : "drain");
        samples.push(...s);
        log(
          `${round(elapsed(), 0)} s heap ${s.map((x) => x.heapMiB).join(" / ")} MiB, handles ${s.map((x) => x.handles).join(" / ")}, listeners ${s.map((x) => x.listeners).join(" / ")}, sockets ${s.map((x) => x.probe.io.sockets).join(" / ")}`,
        );
        const next = start + (k + 1) * config.everyS * 1000;
        while (sampling && Date.now() < next) await sleep(Math.min(250, next - Date.now()));
      }
    };
    const sampled = sampler();
    const snapshotted = sleep(config.warmupS * 1000).then(snapshot);
    await Promise.all([chatLoop(), collabLoop()]);
    sampling = false;
    await sampled;
    await snapshotted;
    await snapshot();
    samples.push(...(await sample(nodes.children, elapsed(), "drain")));
    // Every client gone: what stays is what the nodes keep by themselves.
    for (const s of chatSystem.sockets) s?.disconnect();
    for (const c of collabSystem.connections) (c as Socket)?.disconnect();
    await sleep(smoke ? 1000 : 5000);
    samples.push(...(await sample(nodes.children, elapsed(), "after")));

    const window = (node: number) => samples.filter((s) => s.node === node && s.phase === "load" && s.t >= config.warmupS);
    const perNode = [1, 2].map((node) => {
      const w = window(node);
      const at = (s: Sample | undefined) =>
        s && {
          t: s.t,
          heapMiB: s.heapMiB,
          handles: s.handles,
          listeners: s.listeners,
          sockets: s.probe.io.sockets,
          resources: s.probe.resources,
        };
      return {
        node,
        heap: w.length ? growth(w) : null,
        idle: at(samples.find((s) => s.node === node && s.phase === "idle")),
        windowStart: at(w[0]),
        windowEnd: at(w.at(-1)),
        maxHandles: Math.max(...w.map((s) => s.handles)),
        maxListeners: Math.max(...w.map((s) => s.listeners)),
        after: at(samples.find((s) => s.node === node && s.phase === "after")),
      };
    });
    const heapGrowthPct = perNode.map((n) => n.heap?.growthPct ?? Number.NaN);
    const result = {
      date: new Date().toISOString(),
      mode: smoke ? "smoke" : "full",
      machine: { cpus: os.cpus().length, node: process.version, loadavg: os.loadavg().map((l) => round(l, 1)) },
      config: { ...config, chat: chat.config, collab: collab.config },
      goal: smoke ? null : { heapGrowthPctAtMost: 5, meets: heapGrowthPct.every((g) => g <= 5) },
      perNode,
      chat: {
        runs: chatRuns.length,
        reconnected: chatReconnected,
        sent: chatRuns.reduce((s, r) => s + r.sent, 0),
        refused: chatRuns.reduce((s, r) => s + r.refused, 0),
        lost: chatRuns.reduce((s, r) => s + r.lost, 0),
        duplicated: chatRuns.reduce((s, r) => s + r.duplicated, 0),
        p99Median: round(median(chatRuns.map((r) => r.p99))),
      },
      collab: {
        runs: collabRuns.length,
        failed: collabErrors.length,
        errors: collabErrors,
        converged: collabRuns.filter((r) => r.converged).length,
        updates: collabRuns.reduce((s, r) => s + r.updates, 0),
        p99Median: round(median(collabRuns.map((r) => r.p99))),
      },
      snapshots,
      samples,
      notes:
        "Heap = heapUsed right after a forced full GC (node --expose-gc, bench/memory-probe.ts). Growth = median of the window's last 3 samples against its first 3 (window: load samples after warm-up). handles = entries of process.getActiveResourcesInfo(); listeners = process + Socket.IO server/engine/http server + namespaces and adapters + every socket + ioredis clients.",
    };
    const outDir = smoke ? os.tmpdir() : path.join("bench", "results");
    mkdirSync(outDir, { recursive: true });
    const base = path.join(outDir, smoke ? `leerkring-bench-soak-smoke-${process.pid}` : `soak-${result.date.slice(0, 10)}`);
    writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
    await renderSoakChart(
      {
        date: result.date,
        mode: result.mode,
        warmupS: config.warmupS,
        samples: samples.filter((s) => s.phase === "load" || s.phase === "drain"),
        heapGrowthPct,
      },
      `${base}.png`,
    );
    for (const n of perNode)
      log(
        `node ${n.node}: heap ${n.heap?.firstMiB} -> ${n.heap?.lastMiB} MiB after warm-up (${n.heap?.growthPct} %, ${n.heap?.slopeMiBPerMin} MiB/min); handles ${n.windowStart?.handles} -> ${n.windowEnd?.handles} (max ${n.maxHandles}, idle ${n.idle?.handles}, after ${n.after?.handles}); listeners ${n.windowStart?.listeners} -> ${n.windowEnd?.listeners} (max ${n.maxListeners}, idle ${n.idle?.listeners}, after ${n.after?.listeners})`,
      );
    log(`wrote ${base}.json and .png in ${Math.round((Date.now() - t0) / 1000)} s`);
  } finally {
    for (const s of chatSystem?.sockets ?? []) s?.disconnect();
    for (const c of collabSystem?.connections ?? []) (c as Socket)?.disconnect();
    await closeBench(redis);
  }
}

runMain(main);

// Live rounds benchmark (issue 13, item 9): the real app on 2 nodes (server/index.ts, Redis adapter,
// FerretDB) running 25 concurrent incident-method rounds of 6 real socket clients each (150
// participants), against the floor in the same run: bare Socket.IO on 2 nodes
// (bench/baseline-server.ts) that stores each state change with one unique insert and broadcasts
// a payload of the app's view size to the same 6 clients. A third system, `bare`, is that server
// without the insert. Per state change (a next step, a contribution in a live or a silent step, a
// reveal): server CPU, and the latency from the action's intended time to the last of the round's
// 6 participants receiving the new state. See bench/README.md.
//
//   npm run bench:rounds                          full run, writes bench/results/
//   node --import tsx bench/rounds.ts --smoke     tiny, for CI: no thresholds, results to the temp dir
// Options: --rounds N, --reps N, --seconds S, --interval MS (per round, between state changes).
// BENCH_CPU_PROF=<dir>: the nodes write a CPU profile of each measured window there.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import notepack from "notepack.io";
import { io as connectClient, type Socket } from "socket.io-client";
import { socketParser } from "../realtime/wire";
import { User } from "../models/user/user.model";
import { Trajectory } from "../models/trajectory/trajectory.model";
import { Group } from "../models/group/group.model";
import { createMembership } from "../models/group/memberships";
import { CharterVersion } from "../models/charter/charter.model";
import { createSession } from "../models/session/session.service";
import { builtInProtocols } from "../models/intervision/protocols/index";
import type { RoundAction } from "../models/intervision/round.inputs";
import { initialState, reduce, roleIn, stepsOf, type RoundState } from "../models/intervision/round.machine";
import { Round, RoundVersion, roundVersionId } from "../models/intervision/round.model";
import { viewOf } from "../models/intervision/round.view";
import { oid } from "../models/shared/oid";
import {
  arg as argvArg,
  closeBench,
  cpuOf,
  inPool,
  log,
  median,
  openBench,
  percentile,
  rotated,
  round,
  runMain,
  sleep,
  startSystems,
  type BenchSystem,
  type SystemName,
} from "./lib";
import { renderRoundsChart } from "./chart";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
const argv = process.argv.slice(2);
const arg = (name: string) => argvArg(argv, name);
const smoke = argv.includes("--smoke");

const config = smoke
  ? { rounds: 3, perRound: 6, reps: 1, warmupS: 1, seconds: 3, intervalMs: 500 }
  : { rounds: 25, perRound: 6, reps: 5, warmupS: 3, seconds: 20, intervalMs: 1000 };
if (arg("rounds")) config.rounds = Number(arg("rounds"));
if (arg("reps")) config.reps = Number(arg("reps"));
if (arg("seconds")) config.seconds = Number(arg("seconds"));
if (arg("interval")) config.intervalMs = Number(arg("interval"));
const PROTOCOL = "incident";

// ---- data ------------------------------------------------------------------------------------

interface Workload {
  users: { id: string; name: string; cookie: string }[];
  /** Per round slot: its group and its members' user indexes in seat order (inbrenger, chair, members). */
  groups: { groupId: string; members: number[] }[];
}

async function createWorkload(): Promise<Workload> {
  const organiser = await User.create({
    email: "organiser@bench.test",
    name: "Bench organiser",
    passwordHash: "-",
    status: "active",
    isOrganiser: true,
  });
  const trajectory = await Trajectory.create({ name: "Bench", organiserIds: [organiser._id] });
  const n = config.rounds * config.perRound;
  const docs = await User.insertMany(
    Array.from({ length: n }, (_, i) => ({
      email: `u${i}@bench.test`,
      name: `Bench user ${i}`,
      passwordHash: "-",
      status: "active",
      locale: "nl",
      isOrganiser: false,
    })),
  );
  const users = docs.map((u) => ({ id: String(u._id), name: u.name, cookie: "" }));
  await inPool(users, 50, async (u) => {
    u.cookie = await createSession(u.id);
  });
  const groups = await Group.insertMany(
    Array.from({ length: config.rounds }, (_, i) => ({ trajectoryId: trajectory._id, name: `Bench group ${i}`, charterVersion: 1 })),
  );
  await CharterVersion.insertMany(groups.map((g) => ({ groupId: g._id, version: 1, text: "Bench charter.", createdBy: organiser._id })));
  const memberLists = groups.map((_, gi) => Array.from({ length: config.perRound }, (_, k) => gi * config.perRound + k));
  await inPool(
    memberLists.flatMap((members, gi) => members.map((c) => ({ groupId: groups[gi]._id, userId: docs[c]._id }))),
    20,
    async (m) => void (await createMembership({ ...m, role: "leader", status: "active", acceptedCharterVersion: 1 })),
  );
  return { users, groups: groups.map((g, i) => ({ groupId: String(g._id), members: memberLists[i] })) };
}

// ---- the script: what each round's participants do, from the pure machine --------------------

interface Step {
  /** Seat of the actor (0 inbrenger, 1 chair, 2.. members). */
  seat: number;
  action: RoundAction;
  /** "next" (and "back"), "live" (a contribution in a live step), "silent" (in a hidden step), "reveal". */
  kind: "next" | "live" | "silent" | "reveal";
  /** MessagePack bytes of the views the app sends for the resulting state: the mean over the viewers. */
  viewBytes: number;
}

/**
 * The incident method from its first step, as its chair and members run it: in an oral step the
 * chair notes one line and moves on; in a silent step each member writes one line, the chair
 * reveals and moves on. Simulated here with the app's own machine and projection (the same
 * actions then go to the app), which also gives the floor its payload sizes.
 */
function scriptFor(userIds: string[], names: Map<string, string>): Step[] {
  const protocol = builtInProtocols().find((p) => p.id === PROTOCOL)!;
  const now = Date.now();
  let s: RoundState = initialState({ protocol, members: userIds, roles: { inbrenger: userIds[0], chair: userIds[1] }, mode: "live", now });
  const meta = {
    id: "r".repeat(24),
    groupId: "g".repeat(24),
    caseQuestion: "Hoe krijg ik het team mee?",
    whatIDid: "Uitgesteld.",
    lookBack: null,
  };
  const apply = (seat: number, action: RoundAction) => {
    const r = reduce(s, action, userIds[seat], now);
    if ("refused" in r) throw new Error(`script: ${JSON.stringify(action)} by seat ${seat} refused: ${r.refused}`);
    s = r.state;
  };
  apply(1, { type: "start" });
  const out: Step[] = [];
  let c = 0;
  const push = (seat: number, action: RoundAction, kind: Step["kind"]) => {
    apply(seat, action);
    const bytes = s.members.map((m) => notepack.encode(viewOf(s, meta, m, names, now)).length);
    out.push({ seat, action, kind, viewBytes: Math.round(bytes.reduce((a, b) => a + b, 0) / bytes.length) });
  };
  const line = (seat: number) => ({
    type: "contribute" as const,
    id: `bench${String(c++).padStart(6, "0")}`,
    text: `Regel ${c} van plaats ${seat}: een zin zoals een lid hem typt.`,
  });
  const steps = stepsOf(s);
  for (let i = 0; i < steps.length; i++) {
    const step = steps[s.step];
    if (step.visibility === "hidden_until_reveal") {
      for (let seat = 0; seat < userIds.length; seat++)
        if (step.writers.includes(roleIn(s, step, userIds[seat]))) push(seat, line(seat), "silent");
      push(1, { type: "reveal" }, "reveal");
    } else if (step.writers.includes("chair")) push(1, line(1), "live");
    if (i < steps.length - 1) push(1, { type: "next", seen: s.version }, "next");
  }
  return out;
}

// ---- systems under test ----------------------------------------------------------------------

type System = BenchSystem;

function connect(system: System, w: Workload, u: number): Promise<Socket> {
  const socket = connectClient(system.urls[u % system.urls.length], {
    // neighbours alternate nodes: every round spans both
    transports: ["websocket"],
    parser: socketParser,
    forceNew: true,
    reconnection: false,
    timeout: 20_000,
    ...(system.name === "app" ? { extraHeaders: { cookie: `lk_session=${w.users[u].cookie}` } } : { auth: { userId: w.users[u].id } }),
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${system.name} client ${u}: no handshake within 30 s`)), 30_000);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once("connect_error", (e) => {
      clearTimeout(timer);
      reject(new Error(`${system.name} client ${u}: ${e.message}`));
    });
  });
}

type Ack<T = { id: string; version: number }> = { ok: true; data: T } | { ok: false; error: { code: string; issues?: unknown } };
const ask = <T = { id: string; version: number }>(socket: Socket, event: string, payload: unknown) =>
  socket
    .timeout(15_000)
    .emitWithAck(event, payload)
    .then(
      (r: Ack<T>) => r,
      (): Ack<T> => ({ ok: false, error: { code: "timeout" } }),
    );

/**
 * Connects again the clients a node cut (the app's room check cuts every socket in a room when
 * its node could not vouch for them in time, decision 020: on this shared machine it happens right
 * after a node starts). Counted in the results (`reconnected`).
 */
async function reconnectCut(system: System, w: Workload) {
  const cut = system.sockets.flatMap((s, u) => (s.connected ? [] : [u]));
  await inPool(cut, 20, async (u) => {
    system.sockets[u] = await connect(system, w, u);
  });
  if (cut.length) log(`${system.name}: ${cut.length} clients cut by the server, connected again`);
  return cut.length;
}

/** Fresh rounds for one run: the app's inserted as createRound stores them, then joined and started by their chair. */
async function openRounds(system: System, w: Workload, rep: number): Promise<{ ids: string[]; versions: number[] }> {
  const protocol = builtInProtocols().find((p) => p.id === PROTOCOL)!;
  const ids: string[] = [];
  const versions: number[] = [];
  await inPool(w.groups, 10, async (g, r) => {
    let id = `${system.name}-${rep}-${r}`;
    if (system.name === "app") {
      const members = g.members.map((u) => w.users[u].id);
      const state = initialState({ protocol, members, roles: { inbrenger: members[0], chair: members[1] }, mode: "live", now: Date.now() });
      const rec = await Round.create({
        groupId: oid(g.groupId),
        protocolId: protocol.id,
        protocolVersion: protocol.version,
        protocol,
        inbrengerId: oid(members[0]),
        createdBy: oid(members[1]),
        memberIds: members.map(oid),
        mode: "live",
        caseQuestion: "Hoe krijg ik het team mee in de nieuwe rapportering?",
        whatIDid: "Ik heb het voorstel uitgesteld tot na de herfstvakantie.",
        lookBack: null,
      });
      id = String(rec._id);
      await RoundVersion.create({ _id: roundVersionId(id, 1), roundId: rec._id, version: 1, actorId: members[1], action: "create", state });
    }
    for (const u of g.members) {
      for (let attempt = 1; ; attempt++) {
        if (!system.sockets[u].connected) system.sockets[u] = await connect(system, w, u);
        const res = await ask(system.sockets[u], "round:join", { groupId: g.groupId, roundId: id });
        if (res.ok) break;
        if (attempt === 3 || system.sockets[u].connected) {
          log(`${system.name} round ${r}: round:join refused (${JSON.stringify(res.error)}), left out of this run`);
          return;
        }
      }
    }
    if (system.name === "app") {
      const res = await ask(system.sockets[g.members[1]], "round:act", { groupId: g.groupId, roundId: id, action: { type: "start" } });
      if (!res.ok) {
        log(`app round ${r}: start refused (${JSON.stringify(res.error)}), left out of this run`);
        return;
      }
      versions[r] = res.data.version;
    } else versions[r] = 0;
    ids[r] = id;
  });
  return { ids, versions };
}

// ---- one run ---------------------------------------------------------------------------------

interface RunResult {
  system: SystemName;
  rep: number;
  /** Clients the server had cut before this run, connected again. */
  reconnected: number;
  /** Clients the server cut during this run (their missed states count as lost). */
  cutDuring: number;
  /** Rounds that could not be opened for this run (a join or start that timed out). */
  roundsLeftOut: number;
  stateChanges: number;
  byKind: Record<Step["kind"], number>;
  refused: number;
  refusedBy: Record<string, number>;
  lost: number;
  duplicated: number;
  seconds: number;
  changesPerS: number;
  cpuUsPerChange: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** p99 per kind of state change. */
  p99ByKind: Record<Step["kind"], number>;
}

interface Tracked {
  intended: number;
  kind: Step["kind"];
  measured: boolean;
  key: string | null;
  refusal?: string;
}

/** BENCH_CPU_PROF=<dir>: start or stop the measured window's CPU profile (bench/memory-probe.ts). */
function toggleProfiles(system: System) {
  if (process.env.BENCH_CPU_PROF) for (const c of system.children) c.kill("SIGURG");
}

async function runOnce(system: System, w: Workload, script: Step[][], rep: number): Promise<RunResult> {
  const reconnected = await reconnectCut(system, w);
  const { ids, versions } = await openRounds(system, w, rep);
  await sleep(smoke ? 300 : 1000); // the start's views settle
  // Arrivals per state: "<round>:<version>" -> the times each participant received it.
  const arrivals = new Map<string, Map<number, number>>();
  let duplicated = 0;
  const listeners = system.sockets.map((socket, u) => {
    const on = (v: { id: string; version: number }) => {
      const now = performance.now();
      const key = `${v.id}:${v.version}`;
      const m = arrivals.get(key) ?? new Map<number, number>();
      arrivals.set(key, m);
      if (m.has(u)) duplicated++;
      else m.set(u, now);
    };
    socket.on("round:state", on);
    return () => socket.off("round:state", on);
  });

  const totalMs = (config.warmupS + config.seconds) * 1000;
  const start = performance.now() + 50;
  const measureFrom = start + config.warmupS * 1000;
  const tracked: Tracked[] = [];
  let skipped = 0;
  let cpu0 = 0;
  const measureTimer = setTimeout(
    () => {
      toggleProfiles(system);
      cpu0 = cpuOf(system.pids);
    },
    Math.max(0, measureFrom - performance.now()),
  );
  // Each round in turn: its next action at its scheduled time, or at once when the previous ack
  // came later (latency still counts from the schedule); phases spread over the interval.
  await Promise.all(
    w.groups.map(async (g, r) => {
      if (!ids[r]) return void skipped++; // could not be opened (a timeout on this loaded machine)
      const steps = script[r];
      const offset = (r / w.groups.length) * config.intervalMs;
      for (let k = 0; k < steps.length && offset + k * config.intervalMs < totalMs; k++) {
        const intended = start + offset + k * config.intervalMs;
        const wait = intended - performance.now();
        if (wait > 0) await sleep(wait);
        const step = steps[k];
        const t: Tracked = { intended, kind: step.kind, measured: intended >= measureFrom, key: null };
        tracked.push(t);
        const socket = system.sockets[g.members[step.seat]];
        const action = step.action.type === "next" ? { ...step.action, seen: versions[r] } : step.action;
        const res =
          system.name === "app"
            ? await ask(socket, "round:act", { groupId: g.groupId, roundId: ids[r], action })
            : await ask(socket, "round:act", { roundId: ids[r], version: versions[r] + 1, bytes: step.viewBytes });
        if (!res.ok) {
          t.refusal = res.error.code;
          if (t.refusal !== "timeout") throw new Error(`${system.name} ${JSON.stringify(action)} refused: ${JSON.stringify(res.error)}`);
          return;
        }
        versions[r] = res.data.version;
        t.key = `${ids[r]}:${res.data.version}`;
      }
    }),
  );
  clearTimeout(measureTimer);
  if (cpu0 === 0) cpu0 = cpuOf(system.pids);
  const sendEnd = performance.now();
  const measured = tracked.filter((t) => t.measured);
  const complete = () => measured.every((t) => !t.key || (arrivals.get(t.key)?.size ?? 0) >= config.perRound);
  for (let waited = 0; !complete() && waited < 5000; waited += 50) await sleep(50);
  await sleep(200); // a duplicate would come right behind
  const cpu1 = cpuOf(system.pids);
  toggleProfiles(system);
  const cutDuring = system.sockets.filter((s) => !s.connected).length;
  for (const off of listeners) off();

  const done = measured.filter((t) => t.key);
  const lat = (ts: Tracked[]) =>
    ts
      .map((t) => {
        const m = arrivals.get(t.key!);
        return m && m.size >= config.perRound ? Math.max(...m.values()) - t.intended : NaN;
      })
      .filter((x) => !Number.isNaN(x))
      .sort((a, b) => a - b);
  const all = lat(done);
  const kinds = ["next", "live", "silent", "reveal"] as const;
  const seconds = (sendEnd - measureFrom) / 1000;
  return {
    system: system.name,
    rep,
    reconnected,
    cutDuring,
    roundsLeftOut: skipped,
    stateChanges: done.length,
    byKind: Object.fromEntries(kinds.map((k) => [k, done.filter((t) => t.kind === k).length])) as RunResult["byKind"],
    refused: measured.length - done.length,
    refusedBy: measured
      .filter((t) => !t.key)
      .reduce<Record<string, number>>((m, t) => {
        m[t.refusal ?? "?"] = (m[t.refusal ?? "?"] ?? 0) + 1;
        return m;
      }, {}),
    lost: done.reduce((s, t) => s + Math.max(0, config.perRound - (arrivals.get(t.key!)?.size ?? 0)), 0),
    duplicated,
    seconds: round(seconds),
    changesPerS: round(done.length / seconds),
    cpuUsPerChange: round((cpu1 - cpu0) / done.length, 0),
    p50: round(percentile(all, 0.5)),
    p95: round(percentile(all, 0.95)),
    p99: round(percentile(all, 0.99)),
    max: round(all.at(-1) ?? NaN),
    p99ByKind: Object.fromEntries(
      kinds.map((k) => [k, round(percentile(lat(done.filter((t) => t.kind === k)), 0.99))]),
    ) as RunResult["p99ByKind"],
  };
}

// ---- main ------------------------------------------------------------------------------------

async function main() {
  const t0 = Date.now();
  const { mongoUri, redisUrl, redis } = await openBench(
    `${smoke ? "smoke" : "full"} run: ${config.rounds} rounds of ${config.perRound}, ${config.reps} rep(s) x ${config.seconds} s, a state change per round every ${config.intervalMs} ms`,
  );
  let systems: Record<SystemName, System> | null = null;
  try {
    const w = await createWorkload();
    const names = new Map(w.users.map((u) => [u.id, u.name]));
    const script = w.groups.map((g) =>
      scriptFor(
        g.members.map((u) => w.users[u].id),
        names,
      ),
    );
    log(
      `data: ${w.users.length} users with sessions in ${w.groups.length} groups; ${script[0].length} state changes per round, views ${script[0][0].viewBytes}-${script[0].at(-1)!.viewBytes} B (${Math.round((Date.now() - t0) / 1000)} s)`,
    );
    systems = await startSystems(mongoUri, redisUrl);
    for (const s of Object.values(systems)) {
      const sockets: Socket[] = new Array(w.users.length);
      await inPool(w.users, 50, async (_u, i) => {
        sockets[i] = await connect(s, w, i);
      });
      s.sockets = sockets;
      log(`${s.name}: ${sockets.length} clients connected (${Math.round((Date.now() - t0) / 1000)} s)`);
    }

    const runs: RunResult[] = [];
    for (let rep = 0; rep < config.reps; rep++) {
      for (const name of rotated<SystemName>(["bare", "stored", "app"], rep)) {
        const r = await runOnce(systems[name], w, script, rep);
        runs.push(r);
        log(
          `rep ${rep + 1} ${name.padEnd(6)} cpu ${r.cpuUsPerChange} us/change, p50/p95/p99 ${r.p50}/${r.p95}/${r.p99} ms, ${r.changesPerS} changes/s ${JSON.stringify(r.byKind)}, refused ${r.refused}, lost ${r.lost}, dup ${r.duplicated}, cut ${r.cutDuring}, rounds left out ${r.roundsLeftOut}`,
        );
      }
    }

    const summary = (name: SystemName) => {
      const rs = runs.filter((r) => r.system === name);
      return {
        cpuUsPerChange: round(median(rs.map((r) => r.cpuUsPerChange)), 0),
        p50: round(median(rs.map((r) => r.p50))),
        p95: round(median(rs.map((r) => r.p95))),
        p99: round(median(rs.map((r) => r.p99))),
        changesPerS: round(median(rs.map((r) => r.changesPerS))),
        stateChanges: rs.reduce((s, r) => s + r.stateChanges, 0),
        refused: rs.reduce((s, r) => s + r.refused, 0),
        lost: rs.reduce((s, r) => s + r.lost, 0),
        duplicated: rs.reduce((s, r) => s + r.duplicated, 0),
      };
    };
    const app = summary("app");
    const stored = summary("stored");
    const bare = summary("bare");
    const ratios = { cpuPerChange: round(app.cpuUsPerChange / stored.cpuUsPerChange), p99: round(app.p99 / stored.p99) };
    const floor = { cpuPerChange: round(stored.cpuUsPerChange / bare.cpuUsPerChange), p99: round(stored.p99 / bare.p99) };
    const goals = { cpuPerChangeAtMost: 1.3, p99AtMost: 1.3 };
    const viewBytes = script.flat().map((s) => s.viewBytes);
    const result = {
      date: new Date().toISOString(),
      mode: smoke ? "smoke" : "full",
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, memGiB: round(os.totalmem() / 2 ** 30, 1) },
      config,
      workload: {
        protocol: PROTOCOL,
        participants: w.users.length,
        rounds: w.groups.length,
        changesPerRound: script[0].length,
        changesPerS: round((w.groups.length * 1000) / config.intervalMs),
        viewBytes: { min: Math.min(...viewBytes), median: median(viewBytes), max: Math.max(...viewBytes) },
      },
      medians: { app, stored, bare },
      ratios,
      floor,
      goals,
      meetsGoals: { cpuPerChange: ratios.cpuPerChange <= goals.cpuPerChangeAtMost, p99: ratios.p99 <= goals.p99AtMost },
      runs,
      notes:
        "ratios = app / stored (the floor: bare Socket.IO + one unique insert of the state, then one broadcast of the app's mean view size to the round's room); floor = stored / bare. CPU = utime+stime of the two server processes from the end of warm-up to the end of the drain, per state change; the database server's and Redis's CPU are not counted. Latency from each action's scheduled time to the last of the round's participants receiving the new state (round:state), all clients in one process.",
    };
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"]).toString().trim();
    const outDir = smoke ? os.tmpdir() : path.join(root, "bench", "results");
    mkdirSync(outDir, { recursive: true });
    const base = path.join(
      outDir,
      smoke
        ? `leerkring-bench-rounds-smoke-${process.pid}`
        : `rounds-${result.date.slice(0, 10)}-${commit}${process.env.BENCH_CPU_PROF ? "-profiled" : ""}`,
    );
    writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
    await renderRoundsChart(result, `${base}.png`);
    log(
      `app vs floor (medians): cpu ${app.cpuUsPerChange} vs ${stored.cpuUsPerChange} us/change (x${ratios.cpuPerChange}), p99 ${app.p99} vs ${stored.p99} ms (x${ratios.p99}); floor vs bare x${floor.cpuPerChange} / x${floor.p99}; app refused ${app.refused} lost ${app.lost} dup ${app.duplicated}`,
    );
    log(`wrote ${base}.json and .png in ${Math.round((Date.now() - t0) / 1000)} s`);
  } catch (e) {
    for (const o of systems?.app.outputs ?? []) log(`app node output (end):\n${o().slice(-3000)}`);
    throw e;
  } finally {
    for (const s of systems ? Object.values(systems) : []) for (const sock of s.sockets) sock?.disconnect();
    await closeBench(redis);
  }
}

runMain(main);

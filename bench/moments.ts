// Network moments benchmark (issue 16, item 8): the real app on 2 nodes (server/index.ts, Redis
// adapter, FerretDB) running a live moment for 150 participants from 15 groups (real socket clients,
// neighbours on alternate nodes) and its facilitator, against the floor in the same run: bare
// Socket.IO on 2 nodes (bench/baseline-server.ts) that does the same MongoDB writes as the app (the
// number counted in the app's nodes, as that many unique inserts) and then the same room moves and
// emits. A third system, `bare`, is that server without the inserts. Three operations per
// repetition, each on a fresh moment: opening the breakouts (30 of 5: everyone moved and shown their
// room), broadcasts to all breakouts, and every participant answering a live poll. Per operation:
// server CPU of the two nodes, and the latency to the last participant. See bench/README.md.
//
//   npm run bench:moments                          full run, writes bench/results/
//   node --import tsx bench/moments.ts --smoke     tiny, for CI: no thresholds, results to the temp dir
// Options: --reps N, --broadcasts N, --answer-seconds S (the answers spread over S seconds).
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
import { Moment } from "../models/moment/moment.model";
import type { BreakoutViewDTO, LiveStateDTO, LiveViewDTO, PollResultDTO } from "../models/moment/live.dto";
import {
  arg as argvArg,
  closeBench,
  cpuOf,
  dbCommandsOf,
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
import { renderMomentsChart } from "./chart";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
const argv = process.argv.slice(2);
const arg = (name: string) => argvArg(argv, name);
const smoke = argv.includes("--smoke");

const config = smoke
  ? { groups: 3, perGroup: 4, breakoutSize: 4, reps: 1, broadcasts: 3, broadcastIntervalMs: 300, answerSeconds: 1 }
  : { groups: 15, perGroup: 10, breakoutSize: 5, reps: 5, broadcasts: 10, broadcastIntervalMs: 500, answerSeconds: 10 };
if (arg("reps")) config.reps = Number(arg("reps"));
if (arg("broadcasts")) config.broadcasts = Number(arg("broadcasts"));
if (arg("answer-seconds")) config.answerSeconds = Number(arg("answer-seconds"));
/** Everything a run waits for (all arrivals of an operation) gives up after this. */
const DRAIN_MS = 30_000;

// ---- data ------------------------------------------------------------------------------------

interface Workload {
  /** The participants by index, then the facilitator (the trajectory's organiser) last. */
  users: { id: string; cookie: string }[];
  participants: number;
  trajectoryId: string;
  organiserId: string;
  groupIds: string[];
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
  const n = config.groups * config.perGroup;
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
  const users = [...docs, organiser].map((u) => ({ id: String(u._id), cookie: "" }));
  await inPool(users, 50, async (u) => {
    u.cookie = await createSession(u.id);
  });
  const groups = await Group.insertMany(
    Array.from({ length: config.groups }, (_, i) => ({ trajectoryId: trajectory._id, name: `Bench group ${i}`, charterVersion: 1 })),
  );
  await CharterVersion.insertMany(groups.map((g) => ({ groupId: g._id, version: 1, text: "Bench charter.", createdBy: organiser._id })));
  await inPool(
    docs.map((u, i) => ({ groupId: groups[Math.floor(i / config.perGroup)]._id, userId: u._id })),
    20,
    async (m) => void (await createMembership({ ...m, role: "leader", status: "active", acceptedCharterVersion: 1 })),
  );
  return {
    users,
    participants: n,
    trajectoryId: String(trajectory._id),
    organiserId: String(organiser._id),
    groupIds: groups.map((g) => String(g._id)),
  };
}

/** A fresh moment for one run of the app: a plenary, the breakouts (size `breakoutSize`), a plenary. */
async function createMoment(w: Workload, label: string) {
  const moment = await Moment.create({
    trajectoryId: w.trajectoryId,
    title: `Bench moment ${label}`,
    startsAt: new Date(),
    groupIds: w.groupIds,
    blocks: [
      { _id: "p1", kind: "plenary", title: "Welkom", minutes: 10 },
      { _id: "b1", kind: "breakouts", title: "Tafels", minutes: 20, rule: "mixed", size: config.breakoutSize },
      { _id: "p2", kind: "plenary", title: "Oogst", minutes: 10 },
    ],
    createdBy: w.organiserId,
  });
  return String(moment._id);
}

// ---- systems under test ----------------------------------------------------------------------

type System = BenchSystem;

function connect(system: System, w: Workload, u: number): Promise<Socket> {
  const facilitator = u === w.participants;
  const socket = connectClient(system.urls[u % system.urls.length], {
    // neighbours alternate nodes: every breakout and the moment span both
    transports: ["websocket"],
    parser: socketParser,
    forceNew: true,
    reconnection: false,
    timeout: 20_000,
    ...(system.name === "app"
      ? { extraHeaders: { cookie: `lk_session=${w.users[u].cookie}` } }
      : { auth: { userId: w.users[u].id, facilitator } }),
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

type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; issues?: unknown } };
const ask = <T>(socket: Socket, event: string, payload: unknown) =>
  socket
    .timeout(DRAIN_MS)
    .emitWithAck(event, payload)
    .then(
      (r: Ack<T>) => r,
      (): Ack<T> => ({ ok: false, error: { code: "timeout" } }),
    );
async function must<T>(socket: Socket, event: string, payload: unknown, what: string): Promise<T> {
  const r = await ask<T>(socket, event, payload);
  if (!r.ok) throw new Error(`${what}: ${event} refused: ${JSON.stringify(r.error)}`);
  return r.data;
}

/** Connects again the clients a node cut (the app's room check, decision 020: on this shared machine
 *  it happens right after a node starts). Counted in the results (`reconnected`). */
async function reconnectCut(system: System, w: Workload) {
  const cut = system.sockets.flatMap((s, u) => (s.connected ? [] : [u]));
  await inPool(cut, 20, async (u) => {
    system.sockets[u] = await connect(system, w, u);
  });
  if (cut.length) log(`${system.name}: ${cut.length} clients cut by the server, connected again`);
  return cut.length;
}

/** BENCH_CPU_PROF=<dir>: start or stop the measured window's CPU profile (bench/memory-probe.ts). */
function toggleProfiles(system: System) {
  if (process.env.BENCH_CPU_PROF) for (const c of system.children) c.kill("SIGURG");
}

/** What the floor copies from the app (its warm-up run): writes per operation, bytes sent, the composition. */
interface Calibration {
  openWrites: number;
  broadcastWrites: number;
  answerWrites: number;
  /** Each breakout's members and the bytes of its view (moment:breakout). */
  rooms: { userIds: string[]; bytes: number }[];
  /** moment:breakouts to the facilitators, moment:state (breakouts open; with a broadcast), moment:poll. */
  facBytes: number;
  openStateBytes: number;
  broadcastStateBytes: number;
  pollBytes: number;
}

// ---- measuring one operation -----------------------------------------------------------------

interface Window {
  cpuUs: number;
  writes: number;
  reads: number;
  byCommand: Record<string, number>;
}

/** Server CPU (and, for the app, database commands) around `run`, which resolves once every arrival is in. */
async function measured(system: System, run: () => Promise<void>): Promise<Window> {
  const db0 = system.name === "app" ? await dbCommandsOf(system.children) : null;
  toggleProfiles(system);
  const cpu0 = cpuOf(system.pids);
  await run();
  await sleep(200); // a duplicate or a late emit would come right behind
  const cpu1 = cpuOf(system.pids);
  toggleProfiles(system);
  const db1 = db0 ? await dbCommandsOf(system.children) : null;
  const byCommand: Record<string, number> = {};
  for (const [k, v] of Object.entries(db1?.byCommand ?? {})) if (v - (db0!.byCommand[k] ?? 0)) byCommand[k] = v - (db0!.byCommand[k] ?? 0);
  return {
    cpuUs: cpu1 - cpu0,
    writes: db1 ? db1.writes - db0!.writes : NaN,
    reads: db1 ? db1.reads - db0!.reads : NaN,
    byCommand,
  };
}

/** Resolves when `done()` holds (checked every 20 ms), or after DRAIN_MS. */
async function until(done: () => boolean) {
  for (let waited = 0; !done() && waited < DRAIN_MS; waited += 20) await sleep(20);
}

/** Per participant, each keyed event's first arrival: key -> participant -> time. */
function arrivals<T>(system: System, w: Workload, event: string, keyOf: (data: T, u: number) => string | null) {
  const seen = new Map<string, Map<number, number>>();
  const offs = system.sockets.slice(0, w.participants).map((socket, u) => {
    const on = (data: T) => {
      const now = performance.now();
      const key = keyOf(data, u);
      if (key === null) return;
      const m = seen.get(key) ?? new Map<number, number>();
      seen.set(key, m);
      if (!m.has(u)) m.set(u, now);
    };
    socket.on(event, on);
    return () => socket.off(event, on);
  });
  return {
    seen,
    off: () => {
      for (const off of offs) off();
    },
  };
}
const lastOf = (m: Map<number, number> | undefined, n: number) => (m && m.size >= n ? Math.max(...m.values()) : NaN);

interface OpResult {
  /** Operations completed in the window (1 opening, the broadcasts, the answers). */
  ops: number;
  cpuUsPerOp: number;
  writesPerOp: number;
  readsPerOp: number;
  /** Latency to the last participant: p50/p99 over the operations (the opening: its one value). */
  p50: number;
  p99: number;
  max: number;
  /** Participant-arrivals that never came. */
  lost: number;
  byCommand: Record<string, number>;
}

function opResult(lat: number[], ops: number, win: Window, lost: number): OpResult {
  const sorted = lat.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return {
    ops,
    cpuUsPerOp: round(win.cpuUs / ops, 0),
    writesPerOp: round(win.writes / ops),
    readsPerOp: round(win.reads / ops),
    p50: round(percentile(sorted, 0.5)),
    p99: round(percentile(sorted, 0.99)),
    max: round(sorted.at(-1) ?? NaN),
    lost,
    byCommand: win.byCommand,
  };
}

// ---- one run ---------------------------------------------------------------------------------

interface RunResult {
  system: SystemName;
  rep: number;
  reconnected: number;
  open: OpResult & {
    /** From the facilitator's press to the median participant shown their room. */
    medianParticipantMs: number;
    /** To the last participant's moment:state saying the breakouts are open. */
    stateLastMs: number;
    /** Participants shown a room they are not in (must be 0). */
    wrongRoom: number;
    breakouts: number;
  };
  broadcast: OpResult;
  answer: OpResult & { refused: number };
  /** Sockets a node cut during the run (the room check, decision 020); their arrivals count as lost. */
  cutDuring: number;
}

async function runOnce(
  system: System,
  w: Workload,
  rep: number,
  calib: Calibration | null,
): Promise<{ run: RunResult; calib: Calibration | null }> {
  const n = w.participants;
  const fac = () => system.sockets[n];
  const reconnected = await reconnectCut(system, w);
  const app = system.name === "app";
  const momentId = app ? await createMoment(w, `${rep}`) : `${system.name}-${rep}`;
  let version = 0;
  // Everyone on the moment's page; a socket a node cut meanwhile (decision 020) connects again first.
  await inPool(system.sockets, 10, async (_s, u) => {
    for (let attempt = 1; ; attempt++) {
      if (!system.sockets[u].connected) system.sockets[u] = await connect(system, w, u);
      const r = await ask<LiveViewDTO | { momentId: string }>(system.sockets[u], "moment:join", { momentId });
      if (r.ok) {
        if (app && u === n && (r.data as LiveViewDTO).role !== "facilitator") throw new Error("the organiser is not the facilitator");
        return;
      }
      if (attempt === 3) throw new Error(`${system.name} user ${u}: moment:join refused: ${JSON.stringify(r.error)}`);
      log(`${system.name} user ${u}: moment:join refused (${r.error.code}), again`);
    }
  });
  const act = async (action: Record<string, unknown>) => {
    const s = await must<LiveStateDTO>(fac(), "moment:act", { momentId, action }, `app ${action.type}`);
    version = s.version;
    return s;
  };
  if (app) {
    await act({ type: "start" });
    await act({ type: "next", seen: version });
  }
  await sleep(smoke ? 200 : 500); // the start's states settle

  // 1. Opening the breakouts: everyone moved and shown their room.
  let wrongRoom = 0;
  const shown = arrivals(system, w, "moment:breakout", (v: BreakoutViewDTO, u) => {
    if (!v.members.some((m) => m.userId === w.users[u].id)) wrongRoom++;
    return "open";
  });
  const openState = arrivals(system, w, "moment:state", (s: { breakouts: unknown }) => (s.breakouts ? "open" : null));
  let facViews: BreakoutViewDTO[] = [];
  let facBytes = 0;
  const onFac = (d: { breakouts: BreakoutViewDTO[] }) => {
    facViews = d.breakouts;
    facBytes = notepack.encode(d).length;
  };
  fac().on("moment:breakouts", onFac);
  let openStateBytes = 0;
  const onOpenState = (s: LiveStateDTO) => {
    openStateBytes = notepack.encode(s).length;
  };
  system.sockets[0].once("moment:state", onOpenState);
  let t0 = 0;
  const breakoutIds = (calib?.rooms ?? []).map((_, i) => `${momentId}-b${i + 1}`);
  const openWin = await measured(system, async () => {
    t0 = performance.now();
    if (app) await act({ type: "open_breakouts", seen: version });
    else
      await must(
        fac(),
        "moment:open",
        {
          momentId,
          key: `${momentId}:open`,
          writes: system.name === "stored" ? calib!.openWrites : 0,
          breakouts: calib!.rooms.map((r, i) => ({ id: breakoutIds[i], userIds: r.userIds, bytes: r.bytes })),
          stateBytes: calib!.openStateBytes,
          facBytes: calib!.facBytes,
        },
        `${system.name} open`,
      );
    await until(() => (shown.seen.get("open")?.size ?? 0) >= n && (openState.seen.get("open")?.size ?? 0) >= n);
  });
  shown.off();
  openState.off();
  fac().off("moment:breakouts", onFac);
  const shownAt = [...(shown.seen.get("open")?.values() ?? [])].map((t) => t - t0).sort((a, b) => a - b);
  const open = {
    ...opResult([lastOf(shown.seen.get("open"), n) - t0], 1, openWin, n - shownAt.length),
    medianParticipantMs: round(median(shownAt)),
    stateLastMs: round(lastOf(openState.seen.get("open"), n) - t0),
    wrongRoom,
    breakouts: app ? facViews.length : breakoutIds.length,
  };

  // 2. Broadcasts to all breakouts, one after another at a fixed pace (latency from the scheduled time).
  const heard = arrivals(system, w, "moment:state", (s: { broadcast?: { id: string } | null; key?: string }) =>
    app ? (s.broadcast?.id ?? null) : (s.key ?? null),
  );
  let broadcastStateBytes = 0;
  const onBroadcastState = (s: LiveStateDTO) => {
    broadcastStateBytes = notepack.encode(s).length;
  };
  const keys: { key: string; intended: number }[] = [];
  const broadcastWin = await measured(system, async () => {
    const start = performance.now() + 20;
    for (let k = 0; k < config.broadcasts; k++) {
      const intended = start + k * config.broadcastIntervalMs;
      const wait = intended - performance.now();
      if (wait > 0) await sleep(wait);
      const key = `bc-${rep}-${k}-${system.name}`;
      keys.push({ key: app ? key : `${momentId}:${key}`, intended });
      if (app) {
        if (k === 0) system.sockets[0].once("moment:state", onBroadcastState);
        await act({ type: "broadcast", clientId: key, text: `Nog ${config.broadcasts - k} minuten: rond jullie tafel af.` });
      } else
        await must(
          fac(),
          "moment:broadcast",
          {
            momentId,
            key: `${momentId}:${key}`,
            writes: system.name === "stored" ? calib!.broadcastWrites : 0,
            stateBytes: calib!.broadcastStateBytes,
          },
          `${system.name} broadcast`,
        );
    }
    await until(() => keys.every((k) => (heard.seen.get(k.key)?.size ?? 0) >= n));
  });
  heard.off();
  const broadcast = opResult(
    keys.map((k) => lastOf(heard.seen.get(k.key), n) - k.intended),
    keys.length,
    broadcastWin,
    keys.reduce((s, k) => s + n - (heard.seen.get(k.key)?.size ?? 0), 0),
  );

  // Back to the plenary and a poll (not measured).
  const pollId = `poll-${rep}-${system.name}`;
  if (app) {
    await act({ type: "bring_back", seen: version });
    await act({ type: "next", seen: version });
    await act({ type: "poll_open", clientId: pollId, kind: "scale", question: "Hoe bruikbaar was dit voor je school?", options: [] });
  } else await must(fac(), "moment:back", { breakoutIds }, `${system.name} back`);
  await sleep(smoke ? 200 : 500);

  // 3. Every participant answers the poll once, spread evenly over answerSeconds: each answer's
  // result to everyone. The app's results carry the count: an answer is shown to a participant by
  // the first result counting at least as many answers as its own ack did. The floor's carry a key.
  const counts = system.sockets.slice(0, n).map(() => [] as { count: number; at: number }[]);
  const pollBytes: number[] = [];
  const floorSeen = new Map<string, number>();
  const onPoll = system.sockets.slice(0, n).map((socket, u) => {
    const on = (r: PollResultDTO & { key?: string }) => {
      counts[u].push({ count: app ? r.count : 0, at: performance.now() });
      if (u === 0) pollBytes.push(notepack.encode(r).length);
      if (!app && r.key) floorSeen.set(`${r.key}:${u}`, performance.now());
    };
    socket.on("moment:poll", on);
    return () => socket.off("moment:poll", on);
  });
  const answers: { intended: number; count: number; key: string; refused?: string }[] = [];
  const answerWin = await measured(system, async () => {
    const start = performance.now() + 20;
    const spacing = (config.answerSeconds * 1000) / n;
    await Promise.all(
      Array.from({ length: n }, async (_, u) => {
        const intended = start + u * spacing;
        const wait = intended - performance.now();
        if (wait > 0) await sleep(wait);
        const a: (typeof answers)[number] = { intended, count: 0, key: `${momentId}:a${u}` };
        answers.push(a);
        const r = app
          ? await ask<PollResultDTO>(system.sockets[u], "moment:answer", { momentId, pollId, answer: (u % 5) + 1 })
          : await ask(system.sockets[u], "moment:answer", {
              momentId,
              key: a.key,
              writes: system.name === "stored" ? calib!.answerWrites : 0,
              bytes: calib!.pollBytes,
            });
        // A socket its node cut meanwhile (decision 020) is never answered: counted, not fatal.
        if (!r.ok && r.error.code !== "timeout") throw new Error(`${system.name} answer ${u} refused: ${JSON.stringify(r.error)}`);
        if (!r.ok) a.refused = r.error.code;
        else if (app) a.count = (r.data as PollResultDTO).count;
      }),
    );
    const shownTo = (a: (typeof answers)[number], u: number) =>
      app ? counts[u].find((c) => c.count >= a.count)?.at : floorSeen.get(`${a.key}:${u}`);
    await until(() =>
      answers.every((a) => a.refused || counts.every((_, u) => !system.sockets[u].connected || shownTo(a, u) !== undefined)),
    );
  });
  for (const off of onPoll) off();
  const answered = answers.filter((a) => !a.refused);
  const answerLat = answered.map((a) => {
    const at = counts.map((c, u) => (app ? c.find((x) => x.count >= a.count)?.at : floorSeen.get(`${a.key}:${u}`)));
    return at.some((x) => x === undefined) ? NaN : Math.max(...(at as number[])) - a.intended;
  });
  const answer = {
    ...opResult(answerLat, answered.length, answerWin, answerLat.filter(Number.isNaN).length),
    refused: n - answered.length,
  };
  if (app) await act({ type: "end", seen: version });

  const cutDuring = system.sockets.filter((x) => !x.connected).length;
  const run: RunResult = { system: system.name, rep, reconnected, open, broadcast, answer, cutDuring };
  const made: Calibration | null = app
    ? {
        openWrites: openWin.writes,
        broadcastWrites: Math.round(broadcastWin.writes / config.broadcasts),
        answerWrites: Math.round(answerWin.writes / answered.length),
        rooms: facViews.map((v) => ({ userIds: v.members.map((m) => m.userId), bytes: notepack.encode(v).length })),
        facBytes,
        openStateBytes,
        broadcastStateBytes,
        pollBytes: Math.round(median(pollBytes)),
      }
    : null;
  return { run, calib: made };
}

// ---- main ------------------------------------------------------------------------------------

const OPS = ["open", "broadcast", "answer"] as const;

async function main() {
  const t0 = Date.now();
  const { mongoUri, redisUrl, redis } = await openBench(
    `${smoke ? "smoke" : "full"} run: ${config.groups} groups of ${config.perGroup} in breakouts of ${config.breakoutSize}, ${config.reps} rep(s): open, ${config.broadcasts} broadcasts, ${config.groups * config.perGroup} answers in ${config.answerSeconds} s`,
  );
  let systems: Record<SystemName, System> | null = null;
  try {
    const w = await createWorkload();
    log(`data: ${w.participants} participants with sessions in ${w.groupIds.length} groups (${Math.round((Date.now() - t0) / 1000)} s)`);
    // db-commands: the app's writes per operation, which the floor then does too.
    systems = await startSystems(mongoUri, redisUrl, { appPreloads: ["./bench/db-commands.ts"] });
    for (const s of Object.values(systems)) {
      const sockets: Socket[] = new Array(w.users.length);
      await inPool(w.users, 50, async (_u, i) => {
        sockets[i] = await connect(s, w, i);
      });
      s.sockets = sockets;
      log(`${s.name}: ${sockets.length} clients connected (${Math.round((Date.now() - t0) / 1000)} s)`);
    }

    // Warm-up: the app first, whose counts and sizes the floor then copies; not in the results.
    const warm = await runOnce(systems.app, w, -1, null);
    const calib = warm.calib!;
    log(
      `app writes per operation: open ${calib.openWrites}, broadcast ${calib.broadcastWrites}, answer ${calib.answerWrites}; ${calib.rooms.length} breakouts, views ${Math.min(...calib.rooms.map((r) => r.bytes))}-${Math.max(...calib.rooms.map((r) => r.bytes))} B`,
    );
    for (const name of ["stored", "bare"] as const) await runOnce(systems[name], w, -1, calib);

    const runs: RunResult[] = [];
    for (let rep = 0; rep < config.reps; rep++) {
      for (const name of rotated<SystemName>(["bare", "stored", "app"], rep)) {
        const { run: r } = await runOnce(systems[name], w, rep, calib);
        runs.push(r);
        log(
          `rep ${rep + 1} ${name.padEnd(6)} open ${r.open.cpuUsPerOp} us, last ${r.open.p99} ms (median ${r.open.medianParticipantMs}); broadcast ${r.broadcast.cpuUsPerOp} us, p99 ${r.broadcast.p99} ms; answer ${r.answer.cpuUsPerOp} us, p99 ${r.answer.p99} ms; writes ${r.open.writesPerOp}/${r.broadcast.writesPerOp}/${r.answer.writesPerOp}, reads ${r.open.readsPerOp}/${r.broadcast.readsPerOp}/${r.answer.readsPerOp}; lost ${r.open.lost}/${r.broadcast.lost}/${r.answer.lost}, wrong room ${r.open.wrongRoom}, answers refused ${r.answer.refused}, reconnected ${r.reconnected}, cut ${r.cutDuring}`,
        );
      }
    }

    const summary = (name: SystemName) => {
      const rs = runs.filter((r) => r.system === name);
      const of = (op: (typeof OPS)[number]) => ({
        cpuUsPerOp: round(median(rs.map((r) => r[op].cpuUsPerOp)), 0),
        p50: round(median(rs.map((r) => r[op].p50))),
        p99: round(median(rs.map((r) => r[op].p99))),
        writesPerOp: round(median(rs.map((r) => r[op].writesPerOp))),
        readsPerOp: round(median(rs.map((r) => r[op].readsPerOp))),
        lost: rs.reduce((s, r) => s + r[op].lost, 0),
      });
      return {
        open: { ...of("open"), wrongRoom: rs.reduce((s, r) => s + r.open.wrongRoom, 0) },
        broadcast: of("broadcast"),
        answer: of("answer"),
      };
    };
    const medians = { app: summary("app"), stored: summary("stored"), bare: summary("bare") };
    const ratio = (a: { cpuUsPerOp: number; p99: number }, b: { cpuUsPerOp: number; p99: number }) => ({
      cpu: round(a.cpuUsPerOp / b.cpuUsPerOp),
      p99: round(a.p99 / b.p99),
    });
    const ratios = Object.fromEntries(OPS.map((op) => [op, ratio(medians.app[op], medians.stored[op])])) as Record<
      (typeof OPS)[number],
      { cpu: number; p99: number }
    >;
    const floor = Object.fromEntries(OPS.map((op) => [op, ratio(medians.stored[op], medians.bare[op])]));
    const goals = { ratioAtMost: 1.3, openLastMsUnder: 1000 };
    const result = {
      date: new Date().toISOString(),
      mode: smoke ? "smoke" : "full",
      machine: {
        cpus: os.cpus().length,
        model: os.cpus()[0]?.model,
        node: process.version,
        memGiB: round(os.totalmem() / 2 ** 30, 1),
        loadAvg: os.loadavg().map((x) => round(x)),
      },
      config,
      workload: { participants: w.participants, groups: w.groupIds.length, breakouts: calib.rooms.length, calibration: calib },
      medians,
      ratios,
      floor,
      goals,
      meetsGoals: {
        ...Object.fromEntries(OPS.map((op) => [op, ratios[op].cpu <= goals.ratioAtMost && ratios[op].p99 <= goals.ratioAtMost])),
        openUnder1s: medians.app.open.p99 < goals.openLastMsUnder,
      },
      runs,
      notes:
        "ratios = app / stored (the floor: bare Socket.IO that first does as many unique inserts as the app wrote for the operation, counted in the app's nodes by bench/db-commands.ts in the warm-up, then the same room moves and emits with payloads of the app's sizes); floor = stored / bare (bare: the same without the inserts). CPU = utime+stime of the two server processes over the operation's window (to the last arrival + 200 ms), per operation; the database server's and Redis's CPU are not counted. Latency to the last participant: the opening from the facilitator's press to the last participant's moment:breakout (one value per run: p50 = p99 = it); broadcasts and answers from their scheduled time, p50/p99 over the run's operations. An app answer counts as shown to a participant at the first moment:poll whose count is at least its ack's count; a floor answer at its own emit. Each app run on a fresh moment (the opening composes its breakouts).",
    };
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"]).toString().trim();
    const outDir = smoke ? os.tmpdir() : path.join(root, "bench", "results");
    mkdirSync(outDir, { recursive: true });
    const base = path.join(
      outDir,
      smoke
        ? `leerkring-bench-moments-smoke-${process.pid}`
        : `moments-${result.date.slice(0, 10)}-${commit}${process.env.BENCH_CPU_PROF ? "-profiled" : ""}`,
    );
    writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
    await renderMomentsChart(result, `${base}.png`);
    for (const op of OPS)
      log(
        `${op.padEnd(9)} app vs floor (medians): cpu ${medians.app[op].cpuUsPerOp} vs ${medians.stored[op].cpuUsPerOp} us (x${ratios[op].cpu}), p99 ${medians.app[op].p99} vs ${medians.stored[op].p99} ms (x${ratios[op].p99})`,
      );
    log(
      `opening ${calib.rooms.length} breakouts for ${w.participants}: last participant shown their room after ${medians.app.open.p99} ms (median of runs)`,
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

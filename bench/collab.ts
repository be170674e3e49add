// Co-editing benchmark (issue 4, item 9): the real app on 2 nodes (server/index.ts, Redis adapter,
// FerretDB/MongoDB) against Hocuspocus on 2 nodes (@hocuspocus/server 4.x with its Redis and
// Database extensions, bench/hocuspocus-server.ts), the same headless Yjs editors typing the same
// schedule, interleaved and repeated. Primary figure: server CPU time per typed update. Also the
// time to open a document whose log holds 10,000 updates, before and after compaction, and the
// bytes stored per document. See bench/README.md.
//
//   npm run bench:collab                  full run (5 repetitions), writes bench/results/
//   node --import tsx bench/collab.ts --smoke    tiny, for CI: no thresholds, results to the temp dir
// Options: --reps N, --seconds S (measured seconds per run), --only single|multi, --no-open,
// --profile (app nodes write a --cpu-prof profile to <tmp>/leerkring-bench-profiles/). Uses MONGODB_URI/REDIS_URL when set, else the
// dev services. Its own database (<db>_bench), dropped at the start and the end.
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import mongoose, { Types } from "mongoose";
import type { Redis } from "ioredis";
import * as Y from "yjs";
import { io as connectClient, type Socket } from "socket.io-client";
import { socketParser } from "../realtime/wire";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { User } from "../models/user/user.model";
import { Trajectory } from "../models/trajectory/trajectory.model";
import { Group } from "../models/group/group.model";
import { createMembership } from "../models/group/memberships";
import { CharterVersion } from "../models/charter/charter.model";
import { createSession } from "../models/session/session.service";
import { CollabDocument, DocUpdate } from "../models/document/document.model";
import { CONTENT_FIELD, bytes } from "../models/collab/doc-store";
import { createNodeState } from "../models/node";
import { COMPACT_EVERY, compactDocument, storedBytes } from "../models/document/collab.service";
import { DocSync } from "../app/utils/doc-sync";
import {
  arg as argvArg,
  dbCommandsOf,
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
  startNode,
  waitHttp,
} from "./lib";
import { renderCollabChart } from "./chart";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
const argv = process.argv.slice(2);
const arg = (name: string) => argvArg(argv, name);
const smoke = argv.includes("--smoke");
const profile = argv.includes("--profile");
/** --only single|multi: one scenario; --no-open: without the long log (both for profiling). */
const scenarioNames = (arg("only") ? [arg("only")] : ["single", "multi"]) as ("single" | "multi")[];

export const config = smoke
  ? {
      scenarios: { single: { editors: 4, docs: 1 }, multi: { editors: 10, docs: 2 } },
      charsPerS: 5,
      reps: 1,
      warmupS: 0.5,
      seconds: 2,
      settleS: 0.5,
      openUpdates: 500,
    }
  : {
      scenarios: { single: { editors: 10, docs: 1 }, multi: { editors: 150, docs: 30 } },
      charsPerS: 5,
      reps: 5,
      warmupS: 3,
      seconds: 20,
      settleS: 3,
      openUpdates: 10_000,
    };
if (arg("reps")) config.reps = Number(arg("reps"));
if (arg("seconds")) config.seconds = Number(arg("seconds"));
export type ScenarioName = keyof typeof config.scenarios;
/** "stored": Hocuspocus that inserts each update into MongoDB before applying it (bench/hocuspocus-server.ts). */
type SystemName = "app" | "hocuspocus" | "stored";

/** The database server's process when the bench started it (dev services), for its CPU time. */
let dbPid = 0;
/** The bench's own Redis connection (openBench), for the position counters of the nodes it acts as. */
let benchRedis: Redis | null = null;

/** This process reads and writes documents as a node would (with its own memory of the log, and the
 *  position counters once Redis is known: openBench); it serves nobody. */
let bench = { node: createNodeState() };
/** The bench's Redis (openBench), before any run: this process then counts positions as the nodes do. */
export function setBenchRedis(redis: Redis) {
  benchRedis = redis;
  bench = { node: createNodeState({ redis }) };
}

// ---- data ------------------------------------------------------------------------------------

export interface Workload {
  users: { id: string; token: string }[];
  organiserId: Types.ObjectId;
  /** Per scenario: its documents' groups, each with the editors (user indexes) typing in it. */
  groups: Record<ScenarioName, { groupId: Types.ObjectId; editors: number[] }[]>;
}

/** The editors (emails `<prefix>u<i>@bench.test`) and each scenario's groups. */
export async function createWorkload(prefix = ""): Promise<Workload> {
  const organiser = await User.create({
    email: `${prefix}organiser@bench.test`,
    name: "Bench organiser",
    passwordHash: "-",
    status: "active",
    isOrganiser: true,
  });
  const trajectory = await Trajectory.create({ name: "Bench", organiserIds: [organiser._id] });
  const count = Math.max(...Object.values(config.scenarios).map((s) => s.editors));
  const docs = await User.insertMany(
    Array.from({ length: count }, (_, i) => ({
      email: `${prefix}u${i}@bench.test`,
      name: `Bench user ${i}`,
      passwordHash: "-",
      status: "active",
      locale: "nl",
      isOrganiser: false,
    })),
  );
  const users = docs.map((u) => ({ id: String(u._id), token: "" }));
  await inPool(users, 20, async (u) => {
    u.token = await createSession(u.id);
  });
  const groups = {} as Workload["groups"];
  for (const [name, s] of Object.entries(config.scenarios) as [ScenarioName, { editors: number; docs: number }][]) {
    const per = s.editors / s.docs;
    const made = await Group.insertMany(
      Array.from({ length: s.docs }, (_, d) => ({ trajectoryId: trajectory._id, name: `Bench ${name} ${d}`, charterVersion: 1 })),
    );
    await CharterVersion.insertMany(made.map((g) => ({ groupId: g._id, version: 1, text: "Bench charter.", createdBy: organiser._id })));
    groups[name] = made.map((g, d) => ({ groupId: g._id, editors: Array.from({ length: per }, (_, k) => d * per + k) }));
    const memberships = groups[name].flatMap((g) => g.editors.map((u) => ({ groupId: g.groupId, userId: docs[u]._id })));
    await inPool(
      memberships,
      20,
      async (m) => void (await createMembership({ ...m, role: "leader", status: "active", acceptedCharterVersion: 1 })),
    );
  }
  return { users, organiserId: organiser._id, groups };
}

// ---- systems under test ----------------------------------------------------------------------

export interface System {
  name: SystemName;
  children: ChildProcess[];
  urls: string[];
  /** One connection per user (app: a Socket.IO socket; Hocuspocus: a multiplexed WebSocket). */
  connections: (Socket | HocuspocusProviderWebsocket)[];
}

async function startSystems(mongoUri: string, redisUrl: string): Promise<Record<SystemName, System>> {
  const app: System = { name: "app", children: [], urls: [], connections: [] };
  const hocuspocus: System = { name: "hocuspocus", children: [], urls: [], connections: [] };
  const stored: System = { name: "stored", children: [], urls: [], connections: [] };
  const waits: Promise<void>[] = [];
  const profileDir = path.join(os.tmpdir(), "leerkring-bench-profiles");
  if (profile) mkdirSync(profileDir, { recursive: true });
  const nodes = await startAppNodes(mongoUri, redisUrl, {
    preloads: ["./bench/db-commands.ts"],
    nodeArgs: profile ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
  });
  app.children.push(...nodes.children);
  app.urls.push(...nodes.urls);
  waits.push(nodes.ready);
  for (let i = 0; i < 2; i++) {
    for (const [system, each] of [
      [hocuspocus, "0"],
      [stored, "1"],
    ] as const) {
      const hport = await freePort();
      const h = startNode(
        "bench/hocuspocus-server.ts",
        {
          PORT: String(hport),
          REDIS_URL: redisUrl,
          MONGODB_URI: mongoUri,
          HOCUSPOCUS_PREFIX: `${system.name}-bench-${process.pid}`,
          HOCUSPOCUS_STORE_EACH: each,
        },
        { preloads: ["./bench/db-commands.ts"] },
      );
      system.children.push(h.child);
      system.urls.push(`ws://127.0.0.1:${hport}`);
      waits.push(waitHttp(`http://127.0.0.1:${hport}`, `${system.name} node ${i + 1}`, h.output));
    }
  }
  await Promise.all(waits);
  return { app, hocuspocus, stored };
}

const pidsOf = (s: System) => s.children.map((c) => c.pid!);

/** Users alternate nodes, so every document's editors span both. */
export async function connectAll(system: System, w: Workload) {
  system.connections = new Array(w.users.length);
  await inPool(w.users, 20, async (u, i) => {
    const url = system.urls[i % 2];
    if (system.name !== "app") {
      const ws = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket });
      system.connections[i] = ws;
      return;
    }
    const socket = connectClient(url, {
      transports: ["websocket"],
      parser: socketParser,
      forceNew: true,
      // As the browser does: a socket a node cut (its room check, decision 020) connects again and its editors rejoin.
      reconnection: true,
      extraHeaders: { cookie: `lk_session=${u.token}` },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", (e) => reject(new Error(`app client ${i}: ${e.message}`)));
    });
    system.connections[i] = socket;
  });
}

/**
 * Connects again the app's sockets a node cut (its room check cuts every socket of a node that could
 * not vouch for its rooms in time, decision 020: on an overloaded machine it does), so a run starts
 * with every editor connected. Returns how many were cut.
 */
export async function reconnectCut(sockets: Socket[]) {
  const cut = sockets.filter((socket) => !socket.connected);
  await Promise.all(
    cut.map(
      (socket) =>
        new Promise<void>((resolve, reject) => {
          socket.once("connect", () => resolve());
          socket.once("connect_error", (e) => reject(new Error(`app client reconnect: ${e.message}`)));
          socket.connect();
        }),
    ),
  );
  return cut.length;
}

const dbCommands = (system: System) => dbCommandsOf(system.children);

// ---- editors ---------------------------------------------------------------------------------

/** One editor in one run: its Y.Doc (inside a DocSync or a HocuspocusProvider) and its paragraph. */
interface Editor {
  ydoc: Y.Doc;
  doc: number;
  /** Per keystroke: the editor's clock after it (a peer holds it once its state reaches this) and when it was meant to be typed. */
  clocks: number[];
  intended: number[];
  measured: boolean[];
  text: Y.XmlText | null;
  destroy: () => void;
  synced: () => Promise<void>;
  /** Batches acknowledged as stored (app only). */
  stored: number;
  /** The editor's Socket.IO connection (app only). */
  socket?: Socket;
}

function appEditor(system: System, user: number, groupId: string, docId: string, doc: number): Editor {
  let stored = 0;
  const sync = new DocSync({
    socket: system.connections[user] as never,
    groupId,
    docId,
    onStored: () => void stored++,
  });
  const e: Editor = {
    ydoc: sync.ydoc,
    doc,
    clocks: [],
    intended: [],
    measured: [],
    text: null,
    socket: system.connections[user] as Socket,
    destroy: () => sync.destroy(),
    synced: () =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`app editor ${user}: not joined (${sync.status})`)), 120_000);
        const check = () => {
          if (sync.status === "saved") {
            clearTimeout(timer);
            resolve();
          } else setTimeout(check, 10);
        };
        check();
      }),
    get stored() {
      return stored;
    },
  };
  return e;
}

function hocuspocusEditor(system: System, user: number, token: string, name: string, doc: number): Editor {
  const ydoc = new Y.Doc();
  const provider = new HocuspocusProvider({
    websocketProvider: system.connections[user] as HocuspocusProviderWebsocket,
    name,
    document: ydoc,
    token,
  });
  provider.attach();
  return {
    ydoc,
    doc,
    clocks: [],
    intended: [],
    measured: [],
    text: null,
    stored: 0,
    destroy: () => provider.destroy(),
    synced: () =>
      new Promise<void>((resolve, reject) => {
        if (provider.isSynced) return resolve();
        const timer = setTimeout(() => reject(new Error(`hocuspocus editor ${user}: not synced`)), 120_000);
        provider.on("synced", () => {
          clearTimeout(timer);
          resolve();
        });
        provider.on("authenticationFailed", ({ reason }: { reason: string }) => reject(new Error(`hocuspocus editor ${user}: ${reason}`)));
      }),
  };
}

/** One keystroke at the end of the editor's own paragraph (created on its first keystroke). */
function type(e: Editor, ch: string) {
  if (!e.text) {
    const p = new Y.XmlElement("paragraph");
    e.text = new Y.XmlText();
    p.insert(0, [e.text]);
    e.ydoc.getXmlFragment(CONTENT_FIELD).push([p]);
  }
  e.text.insert(e.text.length, ch);
  return Y.getState(e.ydoc.store, e.ydoc.clientID);
}

// ---- one run ---------------------------------------------------------------------------------

export interface RunResult {
  system: SystemName;
  scenario: ScenarioName;
  rep: number;
  editors: number;
  docs: number;
  /** Keystrokes typed in the measured window (each one Yjs update). */
  updates: number;
  /** App: doc:update batches sent in the measured window (resends included); Hocuspocus: none (it sends each update). */
  batches: number;
  /** App: batches acknowledged in the window (a rejoin supersedes a batch in flight: stored, its ack ignored). */
  acked: number;
  converged: boolean;
  convergeMs: number;
  cpuUsPerUpdate: number;
  redisCpuUsPerUpdate: number;
  dbWrites: number;
  dbReads: number;
  /** All writes (compaction included) per acknowledged batch (app). */
  dbWritesPerBatch: number | null;
  /** The log insert and "last edited" writes per batch, without compaction's (app). */
  batchPathWritesPerBatch: number | null;
  compactions: number;
  /** Database commands of the server nodes in the window, by command and collection. */
  dbCommands: Record<string, number>;
  /** The database server's CPU per update (FerretDB/mongod of the dev services; null when MONGODB_URI was given). */
  dbServerCpuUsPerUpdate: number | null;
  error?: string;
  /** The bench process's own CPU while typing, in % of one core: near 100 means the editors, not the servers, set the latency. */
  clientCpuPct: number;
  dbWritesPerUpdate: number;
  dbReadsPerUpdate: number;
  storedBytesPerDoc: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  seconds: number;
}

export async function runOnce(system: System, w: Workload, scenario: ScenarioName, rep: number, redis: Redis): Promise<RunResult> {
  const groups = w.groups[scenario];
  const reconnected = system.name === "app" ? await reconnectCut(system.connections as Socket[]) : 0;
  if (reconnected) log(`  ${reconnected} app sockets cut before this run were connected again`);
  // Fresh documents for every run, so every run starts from the same empty state.
  const docIds: string[] = [];
  for (const g of groups) {
    if (system.name === "app") {
      const d = await CollabDocument.create({
        groupId: g.groupId,
        kind: "note",
        title: `Bench ${scenario} ${rep}`,
        createdBy: w.organiserId,
        lastEditorId: null,
      });
      docIds.push(String(d._id));
    } else docIds.push(String(new Types.ObjectId()));
  }
  const editors: Editor[] = [];
  // Editors open their documents 10 at a time (not measured; 150 joins at once would queue for
  // longer than the client's ack timeout on FerretDB, and its retries would add to the queue).
  const seats = groups.flatMap((g, d) => g.editors.map((u) => ({ u, d, groupId: String(g.groupId) })));
  try {
    await inPool(seats, 10, async ({ u, d, groupId }) => {
      const e =
        system.name === "app" ? appEditor(system, u, groupId, docIds[d], d) : hocuspocusEditor(system, u, w.users[u].token, docIds[d], d);
      editors.push(e);
      await e.synced();
    });
  } catch (e) {
    for (const ed of editors) ed.destroy();
    throw e;
  }

  // Propagation: each peer, on every change, advances through the keystrokes it now holds.
  const latencies: number[] = [];
  const peersOf = editors.map((e) => editors.filter((o) => o !== e && o.doc === e.doc));
  const offs = editors.map((e, i) => {
    const next = new Map<Editor, number>(peersOf[i].map((o) => [o, 0]));
    const onUpdate = () => {
      const now = performance.now();
      for (const [o, k0] of next) {
        const have = Y.getState(e.ydoc.store, o.ydoc.clientID);
        let k = k0;
        while (k < o.clocks.length && o.clocks[k] <= have) {
          if (o.measured[k]) latencies.push(now - o.intended[k]);
          k++;
        }
        next.set(o, k);
      }
    };
    e.ydoc.on("update", onUpdate);
    return () => e.ydoc.off("update", onUpdate);
  });

  // The schedule: every editor types charsPerS characters a second, phases spread.
  const every = 1000 / config.charsPerS;
  const totalMs = (config.warmupS + config.seconds) * 1000;
  const plan: { at: number; editor: number }[] = [];
  editors.forEach((_, i) => {
    const offset = (i / editors.length) * every;
    for (let k = 0; offset + k * every < totalMs; k++) plan.push({ at: offset + k * every, editor: i });
  });
  plan.sort((a, b) => a.at - b.at);

  const pids = pidsOf(system);
  const start = performance.now() + 50;
  const measureFrom = start + config.warmupS * 1000;
  let cpu0 = 0;
  let redis0 = 0;
  let db0: Awaited<ReturnType<typeof dbCommands>> = { writes: 0, reads: 0, byCommand: {} };
  let stored0 = 0;
  let dbCpu0 = 0;
  let client0 = process.cpuUsage();
  let wall0 = 0;
  const storedNow = () => editors.reduce((s, e) => s + e.stored, 0);
  const beginMeasure = async () => {
    db0 = await dbCommands(system);
    cpu0 = cpuOf(pids);
    dbCpu0 = dbPid ? cpuOf([dbPid]) : 0;
    client0 = process.cpuUsage();
    wall0 = performance.now();
    redis0 = await redisCpuMicros(redis);
    stored0 = storedNow();
    counting = true;
  };
  // Batches sent (resends and a rejoin's catch-up batch included), counted on the wire.
  let sent = 0;
  let counting = false;
  const sockets = system.name === "app" ? [...new Set(editors.map((e) => e.socket!))] : [];
  const onOutgoing = (event: string) => void (counting && event === "doc:update" && sent++);
  for (const s of sockets) s.onAnyOutgoing(onOutgoing);
  let updates = 0;
  for (let i = 0; i < plan.length; ) {
    const now = performance.now();
    if (cpu0 === 0 && now >= measureFrom) await beginMeasure();
    if (start + plan[i].at > now) {
      await sleep(Math.min(start + plan[i].at, cpu0 === 0 ? measureFrom : Infinity) - now);
      continue;
    }
    // Everything due now is typed, however late the timer fired: latency counts from `intended`.
    const { at, editor } = plan[i++];
    const e = editors[editor];
    const intended = start + at;
    e.clocks.push(type(e, String.fromCharCode(97 + (e.clocks.length % 26))));
    e.intended.push(intended);
    e.measured.push(intended >= measureFrom);
    if (intended >= measureFrom) updates++;
  }
  if (cpu0 === 0) await beginMeasure();
  const typingEnd = performance.now();
  const clientCpu = process.cpuUsage(client0);
  const clientCpuPct = round((100 * (clientCpu.user + clientCpu.system)) / 1000 / (typingEnd - wall0), 1);

  // Convergence: every editor holds every keystroke of every peer (and the app's MongoDB agrees).
  const complete = () =>
    editors.every((e, i) => peersOf[i].every((o) => Y.getState(e.ydoc.store, o.ydoc.clientID) >= (o.clocks.at(-1) ?? 0)));
  let converged = false;
  for (const deadline = typingEnd + 120_000; performance.now() < deadline; await sleep(5)) {
    converged = complete();
    if (converged) break;
  }
  const convergeMs = performance.now() - typingEnd;
  if (converged && system.name === "app") {
    await Promise.all(editors.map((e) => e.synced()));
    for (let d = 0; d < docIds.length; d++) {
      const { ydoc } = await bench.node.collab.store.loadYDoc(docIds[d]);
      const sv = Buffer.from(Y.encodeStateVector(ydoc)).toString("hex");
      converged &&= editors.filter((e) => e.doc === d).every((e) => Buffer.from(Y.encodeStateVector(e.ydoc)).toString("hex") === sv);
      ydoc.destroy();
    }
  }
  const acked = storedNow() - stored0;
  // Settle: Hocuspocus stores a document 2 s after its last change (debounce); the app compacts
  // in the background. Both get the same quiet time inside the measurement.
  await sleep(config.settleS * 1000);
  const cpu1 = cpuOf(pids);
  const dbCpu1 = dbPid ? cpuOf([dbPid]) : 0;
  const redis1 = await redisCpuMicros(redis);
  const db1 = await dbCommands(system);
  counting = false;
  for (const s of sockets) s.offAnyOutgoing(onOutgoing);
  const batches = sent;
  for (const off of offs) off();
  for (const e of editors) e.destroy();

  let bytesPerDoc: number[];
  if (system.name === "app") bytesPerDoc = await Promise.all(docIds.map((id) => storedBytes(id)));
  else {
    // Stored by now (the settle outlasts the debounce), or when the last editor left: wait for it.
    const col = mongoose.connection.collection("hocuspocus_documents");
    let stored = await col.find({ _id: { $in: docIds } as never }).toArray();
    for (let i = 0; i < 100 && stored.length < docIds.length; i++, await sleep(50))
      stored = await col.find({ _id: { $in: docIds } as never }).toArray();
    bytesPerDoc = stored.map((d) => bytes(d.state).byteLength);
  }

  latencies.sort((a, b) => a - b);
  const dbWrites = db1.writes - db0.writes;
  const dbReads = db1.reads - db0.reads;
  const cmd = (k: string) => (db1.byCommand[k] ?? 0) - (db0.byCommand[k] ?? 0);
  // The batch's own path: its log entry and the (rare) "last edited" write; compaction's writes
  // (snapshot insert, deletes, its textPreview update) are in dbWrites only.
  const batchPathWrites = cmd("insert docupdates") + cmd("update collabdocuments") - cmd("insert docsnapshots");
  return {
    system: system.name,
    scenario,
    rep,
    editors: editors.length,
    docs: docIds.length,
    updates,
    batches,
    acked,
    converged,
    convergeMs: round(convergeMs),
    cpuUsPerUpdate: round((cpu1 - cpu0) / updates),
    redisCpuUsPerUpdate: round((redis1 - redis0) / updates),
    dbWrites,
    dbReads,
    dbWritesPerBatch: system.name === "app" ? round(dbWrites / batches, 3) : null,
    batchPathWritesPerBatch: system.name === "app" ? round(batchPathWrites / batches, 3) : null,
    compactions: cmd("insert docsnapshots"),
    dbCommands: Object.fromEntries(
      Object.keys(db1.byCommand)
        .map((k) => [k, cmd(k)])
        .filter(([, n]) => n),
    ),
    dbServerCpuUsPerUpdate: dbPid ? round((dbCpu1 - dbCpu0) / updates) : null,
    clientCpuPct,
    dbWritesPerUpdate: round(dbWrites / updates, 3),
    dbReadsPerUpdate: round(dbReads / updates, 3),
    storedBytesPerDoc: round(median(bytesPerDoc), 0),
    p50: round(percentile(latencies, 0.5)),
    p95: round(percentile(latencies, 0.95)),
    p99: round(percentile(latencies, 0.99)),
    max: round(latencies.at(-1) ?? NaN),
    seconds: round((typingEnd - measureFrom) / 1000),
  };
}

/** What a run that failed to start reports. */
const failedRun: RunResult = {
  system: "app",
  scenario: "single",
  rep: 0,
  editors: 0,
  docs: 0,
  updates: 0,
  batches: 0,
  acked: 0,
  converged: false,
  convergeMs: NaN,
  cpuUsPerUpdate: NaN,
  redisCpuUsPerUpdate: NaN,
  dbWrites: 0,
  dbReads: 0,
  dbWritesPerBatch: null,
  batchPathWritesPerBatch: null,
  compactions: 0,
  dbCommands: {},
  dbServerCpuUsPerUpdate: null,
  clientCpuPct: NaN,
  dbWritesPerUpdate: NaN,
  dbReadsPerUpdate: NaN,
  storedBytesPerDoc: NaN,
  p50: NaN,
  p95: NaN,
  p99: NaN,
  max: NaN,
  seconds: 0,
};

/** Waits (at most 3 minutes) until a system's nodes and the database server are quiet: a run's backlog must not spill into the next. */
async function drained(system: System) {
  const pids = [...pidsOf(system), ...(dbPid ? [dbPid] : [])];
  const t0 = performance.now();
  for (;;) {
    const c0 = cpuOf(pids);
    await sleep(1000);
    const msPerS = (cpuOf(pids) - c0) / 1000;
    if (msPerS < 150 || performance.now() - t0 > 180_000) {
      if (performance.now() - t0 > 5000)
        log(
          `  waited ${Math.round((performance.now() - t0) / 1000)} s for ${system.name} and the database to drain (${Math.round(msPerS)} ms/s)`,
        );
      return;
    }
  }
}

// ---- opening a long log ----------------------------------------------------------------------

/** A document that took `n` single-keystroke updates the way the app stores them: one append each
 *  (positions from the counter), compacted whenever its log reaches COMPACT_EVERY entries, as the
 *  app's check after every append does. */
async function buildLongLog(w: Workload, n: number) {
  const g = w.groups.single[0];
  const author = w.users[g.editors[0]];
  const doc = await CollabDocument.create({ groupId: g.groupId, kind: "note", title: "Long log", createdBy: w.organiserId });
  const ydoc = new Y.Doc();
  const updates: Uint8Array[] = [];
  ydoc.on("update", (u: Uint8Array) => updates.push(u));
  const e = { ydoc, text: null, clocks: [] } as unknown as Editor;
  // n updates: the paragraph, then n - 1 keystrokes.
  for (let i = 0; i < n - 1; i++) type(e, i % 60 === 59 ? " " : String.fromCharCode(97 + (i % 26)));
  const docId = String(doc._id);
  const { store } = bench.node.collab;
  for (const [i, update] of updates.entries()) {
    await store.appendUpdate({ docId, actorId: author.id, clientId: `long-${i}`, update });
    if (store.knownLogLength(docId) >= COMPACT_EVERY) await compactDocument(bench, docId, COMPACT_EVERY);
  }
  return {
    groupId: String(g.groupId),
    docId: String(doc._id),
    user: g.editors[0],
    state: Y.encodeStateAsUpdate(ydoc),
    entries: updates.length,
    logLeft: await DocUpdate.countDocuments({ docId: doc._id }),
  };
}

async function timed<T>(fn: () => Promise<T>) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** doc:join of a fresh client on an app node; each node answers its first join from MongoDB (cold cache). */
async function joinMs(system: System, user: number, groupId: string, docId: string) {
  const socket = system.connections[user] as Socket;
  return timed(async () => {
    const res = await socket.timeout(120_000).emitWithAck("doc:join", { groupId, docId, stateVector: new Uint8Array() });
    if (!res.ok) throw new Error(`doc:join failed: ${JSON.stringify(res.error)}`);
    await socket.timeout(10_000).emitWithAck("doc:leave", { groupId, docId });
  });
}

async function openTimes(systems: Record<SystemName, System>, w: Workload) {
  const t0 = performance.now();
  const long = await buildLongLog(w, config.openUpdates);
  const buildS = (performance.now() - t0) / 1000;
  // Cold: a node state that never saw the document (it starts from the slot the metadata names, as a node's join does).
  const loads = async () => {
    const ms: number[] = [];
    for (let i = 0; i < 3; i++) {
      const cold = { node: createNodeState({ redis: benchRedis }) };
      ms.push(
        await timed(async () => {
          const meta = await CollabDocument.findById(long.docId, { snapshotSlot: 1, snapshotSeq: 1 }).lean();
          cold.node.collab.store.noteSnapshot(long.docId, { slot: meta?.snapshotSlot ?? 0, seq: meta?.snapshotSeq ?? 0 });
          (await cold.node.collab.store.loadYDoc(long.docId)).ydoc.destroy();
        }),
      );
      await cold.node.close();
    }
    return round(median(ms));
  };
  const bytesBefore = await storedBytes(long.docId);
  const loadBefore = await loads();
  const joinBefore = await joinMs(systems.app, long.user, long.groupId, long.docId); // node 1 (user index parity), cold
  const compactMs = await timed(() => compactDocument(bench, long.docId));
  const bytesAfter = await storedBytes(long.docId);
  const loadAfter = await loads();
  const joinAfter = await joinMs(systems.app, long.user + 1, long.groupId, long.docId); // the other node, cold

  // The anchor: Hocuspocus opening the same content from its one stored state.
  const name = String(new Types.ObjectId());
  await mongoose.connection.collection("hocuspocus_documents").insertOne({ _id: name as never, state: Buffer.from(long.state) });
  const ed = hocuspocusEditor(systems.hocuspocus, long.user, w.users[long.user].token, name, 0);
  const hocuspocusOpen = await timed(() => ed.synced());
  ed.destroy();
  return {
    entries: long.entries,
    logLeftAfterBuild: long.logLeft,
    buildSeconds: round(buildS),
    before: { storedBytes: bytesBefore, loadYDocMs: loadBefore, docJoinColdMs: round(joinBefore) },
    compactMs: round(compactMs),
    after: { storedBytes: bytesAfter, loadYDocMs: loadAfter, docJoinColdMs: round(joinAfter) },
    hocuspocus: { storedBytes: long.state.byteLength, openMs: round(hocuspocusOpen) },
  };
}

// ---- main ------------------------------------------------------------------------------------

async function main() {
  const t0 = Date.now();
  const sc = config.scenarios;
  if (!process.env.MONGODB_URI && existsSync(".run/dev/mongo.pid")) dbPid = Number(readFileSync(".run/dev/mongo.pid", "utf8").trim()) || 0;
  const { mongoUri, redisUrl, redis } = await openBench(
    `${smoke ? "smoke" : "full"} run: ${sc.single.editors} editors in 1 document, ${sc.multi.editors} editors in ${sc.multi.docs} documents, ${config.charsPerS} chars/s each, ${config.reps} rep(s) x ${config.seconds} s`,
  );
  setBenchRedis(redis);

  let systems: Record<SystemName, System> | null = null;
  try {
    const w = await createWorkload();
    systems = await startSystems(mongoUri, redisUrl);
    for (const s of Object.values(systems)) await connectAll(s, w);
    const idle: Record<SystemName, number> = { app: 0, hocuspocus: 0, stored: 0 };
    await sleep(2000); // connects settle
    for (const s of Object.values(systems)) {
      const c0 = cpuOf(pidsOf(s));
      await sleep(smoke ? 1000 : 5000);
      idle[s.name] = round((cpuOf(pidsOf(s)) - c0) / (smoke ? 1 : 5) / 1000);
    }
    log(
      `idle CPU of the 2 nodes with every user connected: app ${idle.app} ms/s, hocuspocus ${idle.hocuspocus} ms/s, stored ${idle.stored} ms/s`,
    );
    log(`data and ${w.users.length} connections per system ready (${Math.round((Date.now() - t0) / 1000)} s)`);

    const runs: RunResult[] = [];
    for (let rep = 0; rep < config.reps; rep++) {
      for (const scenario of scenarioNames) {
        const order = rotated<SystemName>(["hocuspocus", "stored", "app"], rep);
        for (const name of order) {
          await drained(systems[name]);
          let r: RunResult;
          try {
            r = await runOnce(systems[name], w, scenario, rep, redis);
          } catch (e) {
            // A run that could not even start (editors not joined within 2 minutes) counts as not converged.
            log(`rep ${rep + 1} ${scenario} ${name} failed: ${(e as Error).message}`);
            r = { ...failedRun, system: name, scenario, rep, error: (e as Error).message };
          }
          runs.push(r);
          log(`  db commands: ${JSON.stringify(r.dbCommands)}`);
          log(
            `rep ${rep + 1} ${scenario.padEnd(6)} ${name.padEnd(10)} cpu ${r.cpuUsPerUpdate} us/update, p50/p99 ${r.p50}/${r.p99} ms, converged ${r.converged} in ${r.convergeMs} ms, ` +
              `db server ${r.dbServerCpuUsPerUpdate} us/update, bench client ${r.clientCpuPct} % CPU, ${r.updates} updates${r.system === "app" ? ` in ${r.batches} batches, ${r.dbWritesPerBatch} writes/batch (${r.batchPathWritesPerBatch} without ${r.compactions} compactions)` : ""}, ${r.dbWritesPerUpdate} writes/update, ${r.storedBytesPerDoc} B/doc`,
          );
        }
      }
    }
    if (!argv.includes("--no-open")) await drained(systems.app);
    const open = argv.includes("--no-open") ? null : await openTimes(systems, w);
    if (open)
      log(
        `open ${open.entries} entries: loadYDoc ${open.before.loadYDocMs} ms -> ${open.after.loadYDocMs} ms after compaction (${open.compactMs} ms), doc:join ${open.before.docJoinColdMs} -> ${open.after.docJoinColdMs} ms, bytes ${open.before.storedBytes} -> ${open.after.storedBytes}; Hocuspocus ${open.hocuspocus.openMs} ms, ${open.hocuspocus.storedBytes} B`,
      );

    const summary = (system: SystemName, scenario: ScenarioName) => {
      const rs = runs.filter((r) => r.system === system && r.scenario === scenario);
      const m = (k: keyof RunResult) => round(median(rs.map((r) => r[k] as number)), 3);
      return {
        cpuUsPerUpdate: m("cpuUsPerUpdate"),
        redisCpuUsPerUpdate: m("redisCpuUsPerUpdate"),
        p50: m("p50"),
        p95: m("p95"),
        p99: m("p99"),
        convergeMs: m("convergeMs"),
        convergedRuns: `${rs.filter((r) => r.converged).length}/${rs.length}`,
        updatesPerS: round(median(rs.map((r) => r.updates / r.seconds))),
        batchesPerUpdate: system === "app" ? round(median(rs.map((r) => r.batches / r.updates)), 3) : null,
        dbWritesPerBatch: system === "app" ? m("dbWritesPerBatch") : null,
        batchPathWritesPerBatch: system === "app" ? m("batchPathWritesPerBatch") : null,
        dbWritesPerUpdate: m("dbWritesPerUpdate"),
        dbReadsPerUpdate: m("dbReadsPerUpdate"),
        storedBytesPerDoc: m("storedBytesPerDoc"),
        dbServerCpuUsPerUpdate: rs[0]?.dbServerCpuUsPerUpdate === null ? null : m("dbServerCpuUsPerUpdate"),
        clientCpuPct: m("clientCpuPct"),
      };
    };
    const scenarios = Object.fromEntries(
      (["single", "multi"] as ScenarioName[]).map((scenario) => {
        const app = summary("app", scenario);
        const hocuspocus = summary("hocuspocus", scenario);
        const stored = summary("stored", scenario);
        return [
          scenario,
          {
            editors: config.scenarios[scenario].editors,
            docs: config.scenarios[scenario].docs,
            medians: { app, hocuspocus, stored },
            ratios: {
              cpuPerUpdate: round(app.cpuUsPerUpdate / hocuspocus.cpuUsPerUpdate),
              p50: round(app.p50 / hocuspocus.p50),
              p99: round(app.p99 / hocuspocus.p99),
              convergeMs: round(app.convergeMs / hocuspocus.convergeMs),
            },
            // Hocuspocus held to "stored before acknowledged", against plain Hocuspocus: the floor that contract sets.
            storedRatios: {
              cpuPerUpdate: round(stored.cpuUsPerUpdate / hocuspocus.cpuUsPerUpdate),
              p99: round(stored.p99 / hocuspocus.p99),
            },
            appVsStored: {
              cpuPerUpdate: round(app.cpuUsPerUpdate / stored.cpuUsPerUpdate),
              p99: round(app.p99 / stored.p99),
              convergeMs: round(app.convergeMs / stored.convergeMs),
              dbServerCpuPerUpdate:
                app.dbServerCpuUsPerUpdate === null || stored.dbServerCpuUsPerUpdate === null
                  ? null
                  : round(app.dbServerCpuUsPerUpdate / stored.dbServerCpuUsPerUpdate),
              redisCpuPerUpdate: round(app.redisCpuUsPerUpdate / stored.redisCpuUsPerUpdate),
            },
          },
        ];
      }),
    ) as Record<
      ScenarioName,
      {
        editors: number;
        docs: number;
        medians: Record<SystemName, ReturnType<typeof summary>>;
        ratios: { cpuPerUpdate: number; p50: number; p99: number; convergeMs: number };
        storedRatios: { cpuPerUpdate: number; p99: number };
        appVsStored: {
          cpuPerUpdate: number;
          p99: number;
          convergeMs: number;
          dbServerCpuPerUpdate: number | null;
          redisCpuPerUpdate: number;
        };
      }
    >;
    const goals = { cpuPerUpdateRatioAtMost: 1.0, p99RatioAtMost: 1.0, convergedEveryRun: true, dbWritesPerBatchAtMost: 1 };
    const meetsGoals = Object.fromEntries(
      (["single", "multi"] as ScenarioName[]).map((s) => [
        s,
        {
          cpuPerUpdate: scenarios[s].ratios.cpuPerUpdate <= goals.cpuPerUpdateRatioAtMost,
          p99: scenarios[s].ratios.p99 <= goals.p99RatioAtMost,
          convergedEveryRun: runs.filter((r) => r.scenario === s).every((r) => r.converged),
          dbWritesPerBatch: (scenarios[s].medians.app.batchPathWritesPerBatch ?? Infinity) <= goals.dbWritesPerBatchAtMost,
        },
      ]),
    );
    const date = new Date().toISOString().slice(0, 10);
    const result = {
      date: new Date().toISOString(),
      mode: smoke ? "smoke" : "full",
      machine: {
        cpus: os.cpus().length,
        model: os.cpus()[0]?.model,
        node: process.version,
        memGiB: round(os.totalmem() / 2 ** 30, 1),
        loadAvg: os.loadavg().map((l) => round(l)),
      },
      config,
      scenarios,
      goals,
      meetsGoals,
      open,
      idleCpuMsPerS: idle,
      runs,
      notes: [
        "Update = one keystroke, one Yjs transaction typed by a headless editor at the end of its own paragraph; editors alternate between the two nodes of each system.",
        "App editors: app/utils/doc-sync.ts DocSync over socket.io-client (batched by load as in the browser: sent at once while nothing is in flight, gathered while one is; stored before acknowledged and broadcast). Hocuspocus editors: @hocuspocus/provider, one WebSocket per user, sending each update at once.",
        "Hocuspocus persistence: its Database extension writes each document's whole Yjs state to the same MongoDB (collection hocuspocus_documents) on its default debounce (2 s after the last change, at most every 10 s), one node storing under the Redis extension's lock; an update is acknowledged before it is stored. The app stores every batch in its log before acknowledging or broadcasting it, checks the policy per batch and compacts every 200 entries. So the app does more durable work per update by design.",
        "Stored (bench/hocuspocus-server.ts, HOCUSPOCUS_STORE_EACH=1): the same Hocuspocus, which also inserts every incoming update into MongoDB (one raw insertOne) before applying, broadcasting and so acknowledging it: the issue's durability contract on Hocuspocus's design, without batching, per-update policy, positions or compaction.",
        "Authentication: Hocuspocus checks the app's session once per connection (onAuthenticate); the app checks the session at the handshake and the group policy on every join and batch. Neither sends awareness (carets) in the bench.",
        "CPU = utime+stime of the two server processes (/proc/<pid>/stat) from the end of warm-up to the end of the settle time after convergence, per typed update in the measured window; beside it (not in it) redisCpu from INFO cpu (the shared Redis) and dbServerCpu (the database server's process of the dev services).",
        "Latency from each keystroke's intended time to the moment each peer of its document holds it; convergence = from the end of typing until every editor holds every keystroke (app: and equals MongoDB's stored state).",
        'DB commands counted in the server processes by driver command monitoring (bench/db-commands.ts): writes = insert/update/delete/findAndModify; app dbWritesPerBatch = all writes / doc:update batches sent in the window (counted on the client sockets) (compactions included); batchPathWritesPerBatch = the log inserts and "last edited" updates only (the goal of at most 1 is judged on this one; compaction adds about 4 writes per 200 entries).',
        "Open: a document that took N single-keystroke updates through the app's append path (one append each, compacted whenever its log reaches COMPACT_EVERY entries, as the app does after every append); loadYDoc by a node state that never saw it (median of 3) and the first doc:join of an app node (cold cache), as built and after a further compactDocument; Hocuspocus opens the same content from its one stored state.",
      ],
    };
    // Only a full run of everything goes to bench/results/; smoke and partial runs to the temp dir.
    const partial = smoke || argv.includes("--only") || !open;
    const outDir = partial ? os.tmpdir() : path.join(root, "bench", "results");
    mkdirSync(outDir, { recursive: true });
    const base = path.join(outDir, partial ? `leerkring-bench-collab-${smoke ? "smoke" : "partial"}-${process.pid}` : `collab-${date}`);
    writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
    if (open) await renderCollabChart({ ...result, open }, `${base}.png`);
    for (const s of ["single", "multi"] as ScenarioName[]) {
      const { app, hocuspocus, stored } = scenarios[s].medians;
      log(
        `${s}: app vs hocuspocus (medians): cpu/update ${app.cpuUsPerUpdate} vs ${hocuspocus.cpuUsPerUpdate} us (x${scenarios[s].ratios.cpuPerUpdate}), p99 ${app.p99} vs ${hocuspocus.p99} ms (x${scenarios[s].ratios.p99}), converge ${app.convergeMs} vs ${hocuspocus.convergeMs} ms, converged ${app.convergedRuns} / ${hocuspocus.convergedRuns}, app writes/batch ${app.dbWritesPerBatch}`,
      );
      log(
        `${s}: hocuspocus storing each update first: cpu/update ${stored.cpuUsPerUpdate} us (x${scenarios[s].storedRatios.cpuPerUpdate} of hocuspocus; app x${scenarios[s].appVsStored.cpuPerUpdate} of it), p99 ${stored.p99} ms (app x${scenarios[s].appVsStored.p99}), converge ${stored.convergeMs} ms (app x${scenarios[s].appVsStored.convergeMs}), converged ${stored.convergedRuns}`,
      );
      log(
        `${s}: per update, database server CPU app ${app.dbServerCpuUsPerUpdate} / floor ${stored.dbServerCpuUsPerUpdate} / hocuspocus ${hocuspocus.dbServerCpuUsPerUpdate} us (app x${scenarios[s].appVsStored.dbServerCpuPerUpdate} of the floor); Redis CPU ${app.redisCpuUsPerUpdate} / ${stored.redisCpuUsPerUpdate} / ${hocuspocus.redisCpuUsPerUpdate} us; app reads ${app.dbReadsPerUpdate} and writes ${app.dbWritesPerUpdate} per update, ${app.batchPathWritesPerBatch} writes per batch on the batch path`,
      );
    }
    log(`wrote ${base}.json and .png in ${Math.round((Date.now() - t0) / 1000)} s`);
  } finally {
    for (const s of systems ? Object.values(systems) : [])
      for (const c of s.connections)
        (c as { disconnect?: () => void; destroy?: () => void })?.[c instanceof HocuspocusProviderWebsocket ? "destroy" : "disconnect"]?.();
    await closeBench(redis);
  }
}

if (isMain(import.meta.url)) runMain(main);

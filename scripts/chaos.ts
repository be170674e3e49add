// Chaos under load (issue 17, item 7; docs/decisions/075-chaos-under-load.md). Two real app nodes
// behind HAProxy, on a Redis and a database of this script's own, while members chat, co-edit and
// run intervision rounds through the proxy as the app's own clients do (an outbox that resends the
// same client id after a timeout or a reconnect; DocSync for documents; a round view rejoined after
// every reconnect). Meanwhile, on a timed schedule: kill -9 of a node (restarted on its port),
// Redis frozen with SIGSTOP (a member removed by the organiser while it is), and the database
// killed and started again. Afterwards the checker counts, against what the database holds:
// acknowledged writes found, lost and duplicated; documents converged; round versions consistent;
// and what a removed member's tabs received later than the revocation bound (decision 020).
//
//   node --import tsx scripts/chaos.ts [--minutes 3] [--clients 24] [--every 15] [--pause 4] [--out FILE]
//   node --import tsx scripts/chaos.ts --smoke     one of each fault, about 40 s (scripts/test.sh)
//   --sabotage: deletes one acknowledged message and one round version before the check, which
//   must then fail (shows the checker sees a loss; use with a short --settle).
//
// Prints the counts as JSON (and writes them to --out); exits 1 when anything acknowledged was lost
// or duplicated, a document diverged, a round's versions disagree, a write never settled, or a
// removed member received group content after the bound. Needs build/index.js (npx remix build),
// redis-server, haproxy and the database (scripts/install.sh). The schedule is timed (it is load);
// what is checked waits on states, never on the clock, except the bound itself, which is the promise.
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import mongoose, { Types } from "mongoose";
import * as Y from "yjs";
import { io as connectClient } from "socket.io-client";
import "../models/all-models";
import { connectMongo } from "../server/db";
import { SESSION_COOKIE } from "../realtime/io";
import { socketParser } from "../realtime/wire";
import type { RoundViewDTO } from "../models/intervision/round.dto";
import type { GroupEventDTO } from "../models/delivery/delivery.service";
import type { MessageDTO } from "../models/thread/thread.service";
import { startThread } from "../models/thread/thread.service";
import { createDocument } from "../models/document/document.service";
import { createRound } from "../models/intervision/round.service";
import { RoundVersion } from "../models/intervision/round.model";
import { ROUND_LIMITS } from "../models/intervision/round.inputs";
import type { RoundState } from "../models/intervision/round.machine";
import { Message } from "../models/thread/thread.model";
import { GroupEvent } from "../models/delivery/group-event.model";
import { AuditEvent } from "../models/audit/audit.model";
import { createSession } from "../models/session/session.service";
import { CONTENT_FIELD, plainText } from "../models/collab/doc-store";
import { createNodeState } from "../models/node";
import { DocSync, type SyncSocket } from "../app/utils/doc-sync";
import { buildGroup, ctxFor } from "../test/factories";
import { httpClient } from "../test/http-client";
import { freePort, startAppNode, type AppNode } from "../test/node-process";
import { startRedisProcess, type RedisProcess } from "../test/redis-process";
import { startDatabase } from "../test/database-process";
import { startHaproxy, type Haproxy } from "../test/haproxy";

const root = fileURLToPath(new URL("..", import.meta.url));
process.chdir(root);
const argv = process.argv.slice(2);
const smoke = argv.includes("--smoke");
const opt = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
};
const outFile = argv.includes("--out") ? argv[argv.indexOf("--out") + 1] : null;
const sabotage = argv.includes("--sabotage");

const config = {
  mode: smoke ? "smoke" : "full",
  clients: opt("clients", smoke ? 9 : 24),
  /** Seconds of load in a full run (the schedule repeats until then); the smoke runs its three faults once. */
  seconds: smoke ? 0 : opt("minutes", 3) * 60,
  /** Seconds between two faults, and of load before the first and after the last. */
  everyS: opt("every", smoke ? 4 : 15),
  /** How long Redis stays frozen. */
  pauseS: opt("pause", smoke ? 3 : 4),
  /** How long the checker waits for the clients to settle and the stores to be read complete (a bound, never a pause). */
  settleS: opt("settle", smoke ? 60 : 120),
};

/** Decision 020: a removal takes effect on every node within this long after it is stored. */
const REVOCATION_MS = 1000;
/** What a removed member may still receive after the bound: the removal itself, a node's drain
 *  notice and their own inbox (not group content). */
const NOT_CONTENT = new Set(["group:removed", "node:draining", "inbox:changed"]);

const log = (...a: unknown[]) => console.error(`[chaos ${new Date().toISOString().slice(11, 23)}]`, ...a);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const rand = () => new Types.ObjectId().toHexString().slice(-10);

/** Resolves once `check` holds, asking again after each `interval`; false when `timeoutMs` ran out. */
async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, interval = 100) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > end) return false;
    await sleep(interval);
  }
}

// ---- the cluster -------------------------------------------------------------------------------

const children: ChildProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

class Database {
  child: ChildProcess;
  constructor(
    readonly dir: string,
    readonly port: number,
  ) {
    this.child = startDatabase(dir, port);
    children.push(this.child);
  }
  get uri() {
    return `mongodb://127.0.0.1:${this.port}/chaos`;
  }
  /** Resolves once the port accepts connections. */
  async answering() {
    const ok = await until(
      () =>
        new Promise<boolean>((resolve) => {
          const s = net.connect(this.port, "127.0.0.1");
          s.once("connect", () => resolve(true)).once("error", () => resolve(false));
          s.once("close", () => s.destroy());
        }),
      30_000,
    );
    if (!ok) throw new Error("the database did not start in 30 s");
  }
  /** kill -9 and start again on the same data and port. */
  async restart() {
    const gone = new Promise<void>((r) => (this.child.exitCode !== null ? r() : this.child.once("exit", () => r())));
    this.child.kill("SIGKILL");
    await gone;
    this.child = startDatabase(this.dir, this.port);
    children.push(this.child);
    await this.answering();
  }
}

interface Cluster {
  db: Database;
  redis: RedisProcess;
  nodes: AppNode[];
  proxy: Haproxy;
  nodeEnv: { mongoUri: string; redisUrl: string; env: Record<string, string>; timeoutMs: number };
}

async function startCluster(): Promise<Cluster> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "lk-chaos-db-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const db = new Database(dir, await freePort());
  cleanups.push(() => void db.child.kill("SIGKILL"));
  const redis = await startRedisProcess();
  cleanups.push(() => redis.stop());
  await db.answering();
  await connectMongo(db.uri, (m) => log(m), "");
  cleanups.push(() => mongoose.disconnect());
  await Promise.all(Object.values(mongoose.models).map((m) => m.init()));
  // FerretDB: the nodes add the _id indexes it lacks (server/ferretdb-ids.ts); mongod ignores this.
  // A loaded 2-core machine can take far longer than the tests' 30 s to start a node.
  const nodeEnv = { mongoUri: db.uri, redisUrl: redis.url, env: { FERRETDB_SQLITE_DIR: dir }, timeoutMs: 120_000 };
  const cluster: Omit<Cluster, "proxy"> = { db, redis, nodeEnv, nodes: await Promise.all([startAppNode(nodeEnv), startAppNode(nodeEnv)]) };
  // Whatever nodes run at the end (a killed one is started again on its port).
  cleanups.push(() => Promise.all(cluster.nodes.map((n) => n.stop())).then(() => undefined));
  const proxy = await startHaproxy(cluster.nodes.map((n) => `127.0.0.1:${n.port}`));
  cleanups.push(() => proxy.stop());
  return { ...cluster, proxy, nodes: cluster.nodes };
}

// ---- clients, as the app's own -----------------------------------------------------------------

type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; retryAfter?: number } };

/** One browser tab of a member: a socket through the proxy that reconnects as live.client.ts does
 *  (Socket.IO's own retries, and after a refusal or a server cut a new try; waits capped at 2 s here). */
class Tab {
  readonly socket: SyncSocket;
  reconnects = 0;
  /** Every server event with when it arrived (for a removed member's check). */
  readonly events: { name: string; at: number; data: unknown }[] = [];
  closed = false;

  constructor(
    readonly name: string,
    url: string,
    cookie: string,
    record = false,
  ) {
    this.socket = connectClient(url, {
      transports: ["websocket"],
      parser: socketParser,
      extraHeaders: { cookie: `${SESSION_COOKIE}=${cookie}` },
      forceNew: true,
      reconnectionDelay: 200,
      reconnectionDelayMax: 2000,
      timeout: 5000,
    }) as SyncSocket;
    let wait = 200;
    const again = () => {
      setTimeout(() => !this.closed && !this.socket.active && this.socket.connect(), wait * (0.5 + Math.random()));
      wait = Math.min(wait * 2, 2000);
    };
    let connectedOnce = false;
    this.socket.on("connect", () => {
      if (connectedOnce) this.reconnects++;
      connectedOnce = true;
      wait = 200;
    });
    this.socket.on("connect_error", () => {
      if (!this.socket.active) again();
    });
    this.socket.on("disconnect", (reason) => {
      if (reason === "io server disconnect") again();
    });
    this.socket.on("node:draining", () => {
      this.socket.disconnect();
      this.socket.connect();
    });
    if (record) this.socket.onAny((name: string, data: unknown) => void this.events.push({ name, at: Date.now(), data }));
  }

  /** Resolves when connected (at once when it is). */
  connected() {
    if (this.socket.connected) return Promise.resolve();
    return new Promise<void>((resolve) => this.socket.once("connect", () => resolve()));
  }

  /**
   * Sends until the server answers: a timeout or a lost connection sends the same payload again
   * once connected (the payload's client id makes a resend store nothing twice); "unavailable" and
   * "rate_limited" wait as the server asks. Resolves with the ack, ok or refused for good.
   */
  async command<T>(event: string, payload: unknown, onResend: () => void): Promise<Ack<T>> {
    for (;;) {
      await this.connected();
      const socket = this.socket as unknown as import("socket.io-client").Socket;
      const ack = await Promise.race([
        socket
          .timeout(5000)
          .emitWithAck(event, payload)
          .then(
            (a: Ack<T>) => a,
            () => null,
          ),
        new Promise<null>((resolve) => socket.once("disconnect", () => resolve(null))),
      ]);
      if (ack && (ack.ok || (ack.error.code !== "unavailable" && ack.error.code !== "rate_limited"))) return ack;
      onResend();
      if (ack) await sleep(Math.max(500, (ack.error.retryAfter ?? 0) * 1000));
    }
  }

  close() {
    this.closed = true;
    this.socket.disconnect();
  }
}

const messageOf = (e: GroupEventDTO) => (e.data as { message: MessageDTO }).message;

class ChatMember {
  readonly acked = new Map<string, { seq: number; messageId: string; text: string }>();
  readonly refused: string[] = [];
  resends = 0;
  readonly seen = new Map<number, GroupEventDTO>();
  constructor(
    readonly tab: Tab,
    readonly groupId: string,
    readonly threadId: string,
  ) {
    tab.socket.on("group:event", (e: GroupEventDTO) => void this.seen.set(e.seq, e));
  }

  async run(stopped: () => boolean, index: number) {
    for (let k = 0; !stopped(); k++) {
      const clientId = `chaos-m${index}-${k}-${rand()}`;
      const text = `member ${index} message ${k} ${clientId}`;
      const ack = await this.tab.command<GroupEventDTO>(
        "message:send",
        { groupId: this.groupId, threadId: this.threadId, clientId, text },
        () => this.resends++,
      );
      if (ack.ok) this.acked.set(clientId, { seq: ack.data.seq, messageId: messageOf(ack.data).id, text });
      else this.refused.push(`${clientId}: ${ack.error.code}`);
      await sleep(700);
    }
  }

  /** The group's log from the last position seen without a gap, as the app does after a reconnect. */
  async catchUp() {
    let after = 0;
    while (this.seen.has(after + 1)) after++;
    for (;;) {
      const ack = await this.tab.command<GroupEventDTO[]>("group:sync", { groupId: this.groupId, afterSeq: after }, () => undefined);
      if (!ack.ok) throw new Error(`group:sync refused: ${ack.error.code}`);
      for (const e of ack.data) this.seen.set(e.seq, e);
      if (ack.data.length === 0) return;
      after = ack.data.at(-1)!.seq;
    }
  }

  messageIds() {
    return [...this.seen.values()]
      .sort((a, b) => a.seq - b.seq)
      .filter((e) => e.type === "message.sent" || e.type === "thread.created")
      .map((e) => messageOf(e).id);
  }
}

class Editor {
  readonly sync: DocSync;
  /** The batches the server acknowledged as stored. */
  readonly stored: Uint8Array[] = [];
  readonly typed: string[] = [];
  errors: string[] = [];
  constructor(
    readonly tab: Tab,
    readonly groupId: string,
    readonly docId: string,
    readonly index: number,
  ) {
    this.sync = new DocSync({
      socket: tab.socket,
      groupId,
      docId,
      onStored: (u) => void this.stored.push(u),
      onError: (code) => void this.errors.push(code),
    });
  }

  /** Types a token at the end every 250 ms, connected or not (offline edits wait in DocSync). */
  async run(stopped: () => boolean) {
    await this.sync.whenSaved(); // loaded: typing before the stored text arrived would land before it
    for (let k = 0; !stopped(); k++) {
      const token = `[e${this.index}.${k}]`;
      this.typed.push(token);
      const frag = this.sync.ydoc.getXmlFragment(CONTENT_FIELD);
      this.sync.ydoc.transact(() => {
        const p = new Y.XmlElement("paragraph");
        p.insert(0, [new Y.XmlText(token)]);
        frag.insert(frag.length, [p]);
      });
      await sleep(250);
    }
  }
}

class RoundMember {
  view: RoundViewDTO | null = null;
  readonly contributed = new Set<string>();
  readonly ackedActions: { version: number; type: string }[] = [];
  refusals = 0;
  resends = 0;
  constructor(
    readonly tab: Tab,
    readonly ref: { groupId: string; roundId: string },
  ) {
    tab.socket.on("round:state", (v: RoundViewDTO) => this.see(v));
    // The round page rejoins after every reconnect (the room is the socket's, gone with it).
    tab.socket.on("connect", () => void this.join());
  }

  private see(v: RoundViewDTO) {
    if (v.id === this.ref.roundId && (!this.view || v.version > this.view.version)) this.view = v;
  }

  async join() {
    const ack = await this.tab.command<RoundViewDTO>("round:join", this.ref, () => undefined);
    if (ack.ok) this.see(ack.data);
    return ack;
  }

  async act(action: Record<string, unknown>) {
    const ack = await this.tab.command<RoundViewDTO>("round:act", { ...this.ref, action }, () => this.resends++);
    if (ack.ok) this.see(ack.data);
    return ack;
  }

  /** A writer: one hidden question after another, each with its own id (a resend stores it once). */
  async contribute(stopped: () => boolean, index: number, cap: number) {
    for (let k = 0; !stopped() && k < cap; k++) {
      const id = `chaos-q${index}-${k}-${rand()}`;
      const ack = await this.act({ type: "contribute", id, text: `vraag ${index}.${k}` });
      if (ack.ok) this.contributed.add(id);
      else this.refusals++;
      await sleep(1500);
    }
  }

  /** The chair: pauses and resumes the timer in turn. A refusal (its view was behind) is no loss. */
  async chair(stopped: () => boolean) {
    while (!stopped()) {
      const type = this.view?.timer?.pausedAt ? "resume" : "pause";
      const ack = await this.act({ type });
      if (ack.ok) this.ackedActions.push({ version: ack.data.version, type });
      else this.refusals++;
      await sleep(2000);
    }
  }
}

// ---- the run -----------------------------------------------------------------------------------

type Fault = { kind: "kill"; node: number } | { kind: "redis"; removal: number } | { kind: "db" };

function schedule(): Fault[] {
  if (smoke) return [{ kind: "kill", node: 0 }, { kind: "redis", removal: 0 }, { kind: "db" }];
  const faults: Fault[] = [];
  const n = Math.max(3, Math.floor(config.seconds / config.everyS) - 1);
  let removals = 0;
  for (let i = 0; i < n; i++) {
    const k = i % 3;
    faults.push(
      k === 0 ? { kind: "kill", node: Math.floor(i / 3) % 2 } : k === 1 ? { kind: "redis", removal: removals++ } : { kind: "db" },
    );
  }
  return faults;
}

async function main() {
  const started = Date.now();
  const faults = schedule();
  const removalCount = faults.filter((f) => f.kind === "redis").length;
  const nChat = Math.max(1, Math.round(config.clients * 0.4));
  const nEditors = Math.max(2, Math.round(config.clients * 0.3));
  const nRound = Math.max(3, config.clients - nChat - nEditors);
  const nDocs = Math.ceil(nEditors / 3);
  const nRounds = Math.max(1, Math.min(Math.ceil(nRound / 6), Math.floor(nRound / 3)));
  log(
    `${config.mode}: ${nChat} chatting, ${nEditors} editing ${nDocs} document(s), ${nRound} in ${nRounds} round(s), ${removalCount} removed; faults: ${faults.map((f) => f.kind).join(", ")}`,
  );

  const cluster = await startCluster();
  log(`cluster up: nodes ${cluster.nodes.map((n) => n.port).join(", ")}, proxy ${cluster.proxy.url}`);

  // The group: every member a leader; the organiser removes members during the chaos.
  const { group, leaders, organiser } = await buildGroup({ leaders: nChat + nEditors + nRound + removalCount });
  const groupId = String(group._id);
  const chatUsers = leaders.slice(0, nChat);
  const editorUsers = leaders.slice(nChat, nChat + nEditors);
  const roundUsers = leaders.slice(nChat + nEditors, nChat + nEditors + nRound);
  const removedUsers = leaders.slice(nChat + nEditors + nRound);
  const first = await startThread(ctxFor(chatUsers[0]), { groupId, clientId: `chaos-thread-${rand()}`, title: "Chaos", text: "start" });
  const threadId = (first.data as { thread: { id: string } }).thread.id;
  const docs = await Promise.all(
    Array.from({ length: nDocs }, (_, i) => createDocument(ctxFor(editorUsers[0]), { groupId, title: `Chaos ${i}` })),
  );
  const roundSeats = Array.from({ length: nRounds }, (_, r) => roundUsers.filter((_, i) => i % nRounds === r));
  const rounds = await Promise.all(
    roundSeats.map(async (seats, r) => {
      const ids = seats.map((u) => String(u._id));
      // The removed members sit in the first round too: its state must stop reaching them.
      const memberIds = r === 0 ? [...ids, ...removedUsers.map((u) => String(u._id))] : ids;
      const { id } = await createRound(ctxFor(seats[1]), {
        groupId,
        protocol: "incident",
        inbrengerId: ids[0],
        caseQuestion: "Een ouder belt elke week boos op.",
        memberIds,
      });
      return id;
    }),
  );

  const tabs: Tab[] = [];
  const tabOf = async (u: { _id: unknown }, name: string, record = false) => {
    const t = new Tab(name, cluster.proxy.url, await createSession(String(u._id)), record);
    tabs.push(t);
    return t;
  };
  const chat = await Promise.all(chatUsers.map(async (u, i) => new ChatMember(await tabOf(u, `chat ${i}`), groupId, threadId)));
  const editors = await Promise.all(
    editorUsers.map(async (u, i) => new Editor(await tabOf(u, `editor ${i}`), groupId, docs[i % nDocs].id, i)),
  );
  const roundMembers = await Promise.all(
    roundSeats.map((seats, r) =>
      Promise.all(seats.map(async (u, i) => new RoundMember(await tabOf(u, `round ${r}.${i}`), { groupId, roundId: rounds[r] }))),
    ),
  );
  // A removed member: two tabs, each with the first document and the first round open.
  const removed = await Promise.all(
    removedUsers.map(async (u, i) => {
      const ts = [await tabOf(u, `removed ${i}a`, true), await tabOf(u, `removed ${i}b`, true)];
      const syncs = ts.map((t) => new DocSync({ socket: t.socket, groupId, docId: docs[0].id }));
      const views = ts.map((t) => new RoundMember(t, { groupId, roundId: rounds[0] }));
      return { user: u, tabs: ts, syncs, views, auditAt: 0, postMs: 0 };
    }),
  );
  await Promise.all(tabs.map((t) => t.connected()));

  // Each round to its writing step: start, then "next" until the step takes contributions.
  for (const members of roundMembers) {
    const chair = members[1];
    let ack = await chair.act({ type: "start" });
    for (let i = 0; ack.ok && ack.data.step?.phaseId !== "write-questions" && i < 10; i++)
      ack = await chair.act({ type: "next", seen: ack.data.version });
    if (!ack.ok || ack.data.step?.phaseId !== "write-questions")
      throw new Error(`round did not reach its writing step: ${JSON.stringify(ack)}`);
  }
  await Promise.all([...editors.map((e) => e.sync.whenSaved()), ...removed.flatMap((r) => r.syncs.map((s) => s.whenSaved()))]);
  log(`${tabs.length} tabs connected; load starts`);

  // ---- load and faults ----
  let stop = false;
  const stopped = () => stop;
  const capPerWriter = (members: RoundMember[]) => Math.floor((ROUND_LIMITS.contributions - 20) / Math.max(1, members.length - 2));
  const load = [
    ...chat.map((c, i) => c.run(stopped, i)),
    ...editors.map((e) => e.run(stopped)),
    ...roundMembers.flatMap((members, r) => [
      members[1].chair(stopped),
      ...members.slice(2).map((m, i) => m.contribute(stopped, r * 100 + i, capPerWriter(members))),
    ]),
  ];
  const faultLog: { kind: string; at: number; detail: string }[] = [];
  const at = () => Date.now() - started;

  await sleep(config.everyS * 1000);
  let lastKilled = 0;
  /** Killed nodes, for their logs' errors. */
  const retired: AppNode[] = [];
  for (const fault of faults) {
    if (fault.kind === "kill") {
      const node = cluster.nodes[fault.node];
      lastKilled = fault.node;
      await node.kill9();
      faultLog.push({ kind: "kill -9", at: at(), detail: `node ${fault.node} (port ${node.port})` });
      log(`kill -9 node ${fault.node}`);
      retired.push(node);
      cluster.nodes[fault.node] = await startAppNode({ ...cluster.nodeEnv, port: node.port });
      log(`node ${fault.node} restarted on port ${node.port}`);
    } else if (fault.kind === "redis") {
      const pausedAt = Date.now();
      cluster.redis.pause();
      log("Redis frozen (SIGSTOP)");
      const r = removed[fault.removal];
      // The organiser's browser, on the node that was not the last one killed (no proxy: with Redis
      // down both nodes report not ready, and the proxy takes them out of rotation).
      // Not awaited before the resume: a request that waits for Redis must not hold the pause open.
      const postStart = Date.now();
      const removal = removeMember(cluster.nodes[1 - lastKilled].url, organiser, groupId, String(r.user._id)).then(() => {
        r.postMs = Date.now() - postStart;
        log(`member ${fault.removal} removed (answered in ${r.postMs} ms)`);
      });
      await Promise.race([removal, sleep(config.pauseS * 1000)]);
      await sleep(Math.max(0, pausedAt + config.pauseS * 1000 - Date.now()));
      cluster.redis.resume();
      const resumedAt = Date.now();
      log("Redis resumed (SIGCONT)");
      await removal;
      // When it was stored: the audit entry is written right after the membership (an upper bound).
      const audit = await AuditEvent.findOne({ groupId: group._id, type: "member_removed", subjectId: r.user._id }).lean();
      if (!audit) throw new Error("the removal was answered but left no audit entry");
      r.auditAt = audit.at.getTime();
      faultLog.push({
        kind: "SIGSTOP redis",
        at: pausedAt - started,
        detail: `${resumedAt - pausedAt} ms; member ${fault.removal} removed ${r.auditAt < resumedAt ? "meanwhile" : "after it (the request waited for Redis)"}`,
      });
    } else {
      const t = Date.now();
      await cluster.db.restart();
      faultLog.push({ kind: "restart database", at: t - started, detail: `kill -9, answering again after ${Date.now() - t} ms` });
      log("database restarted");
    }
    const nextAt = smoke ? 0 : started + ((faultLog.length + 1) * config.seconds * 1000) / (faults.length + 1);
    await sleep(Math.max(config.everyS * 1000, nextAt - Date.now()));
  }
  stop = true;
  const loadMs = at();
  log("load stops; settling");

  // ---- settle: every write acknowledged or refused, every editor saved ----
  const settleMs = config.settleS * 1000;
  const settled = await Promise.race([
    Promise.all([...load, ...editors.map((e) => e.sync.whenSaved())]).then(() => true),
    sleep(settleMs).then(() => false),
  ]);
  if (!settled) log(`not everything settled within ${config.settleS} s`);
  if (sabotage) {
    const victim = chat.flatMap((c) => [...c.acked.values()])[0];
    await Message.deleteOne({ _id: new Types.ObjectId(victim.messageId) });
    await GroupEvent.deleteOne({ groupId: group._id, seq: victim.seq });
    await RoundVersion.deleteOne({ roundId: new Types.ObjectId(rounds[0]), version: 3 });
    log("sabotage: one acknowledged message and round version 3 deleted");
  }

  const result = {
    date: new Date().toISOString(),
    mode: config.mode,
    config: {
      ...config,
      chatting: nChat,
      editors: nEditors,
      documents: nDocs,
      roundMembers: nRound,
      rounds: nRounds,
      removed: removalCount,
    },
    faults: faultLog,
    loadSeconds: Math.round(loadMs / 1000),
    settled,
    reconnects: tabs.reduce((s, t) => s + t.reconnects, 0),
    nodeErrors: nodeErrors([...retired, ...cluster.nodes]),
    chat: await checkChat(chat, groupId, threadId, settleMs),
    documents: await checkDocuments(editors, docs, settleMs),
    rounds: await checkRounds(roundMembers, rounds),
    removed: removed.map((r) => {
      const bound = r.auditAt + REVOCATION_MS;
      const content = r.tabs.flatMap((t) => t.events).filter((e) => e.at > r.auditAt && !NOT_CONTENT.has(e.name));
      const late = content.filter((e) => e.at > bound);
      return {
        removalAnsweredMs: r.postMs,
        contentAfterRemoval: content.length,
        lastContentAfterRemovalMs: content.length ? Math.max(...content.map((e) => e.at)) - r.auditAt : null,
        deliveriesAfterBound: late.length,
        lateEvents: [...new Set(late.map((e) => e.name))],
      };
    }),
  };
  const failures = [
    !result.settled && "not every write settled",
    result.chat.lost && `${result.chat.lost} acknowledged message(s) lost`,
    result.chat.duplicated && `${result.chat.duplicated} message(s) stored twice`,
    result.chat.clientsAgreeing !== result.chat.clients && "chat clients disagree with the log",
    result.documents.lost && `${result.documents.lost} acknowledged document batch(es) lost`,
    result.documents.duplicated && `${result.documents.duplicated} typed token(s) duplicated`,
    result.documents.converged !== result.documents.documents &&
      `${result.documents.documents - result.documents.converged} document(s) diverged`,
    result.rounds.consistent !== result.rounds.rounds && `${result.rounds.rounds - result.rounds.consistent} round(s) inconsistent`,
    ...result.removed.map(
      (r, i) => r.deliveriesAfterBound && `removed member ${i} received ${r.deliveriesAfterBound} event(s) after the bound`,
    ),
  ].filter((f): f is string => typeof f === "string");
  const report = { ...result, ok: failures.length === 0, failures };
  const json = JSON.stringify(report, null, 2);
  console.log(json);
  if (outFile) writeFileSync(outFile, `${json}\n`);
  for (const t of tabs) t.close();
  for (const e of editors) e.sync.destroy();
  if (failures.length) {
    for (const [i, n] of cluster.nodes.entries()) log(`node ${i} output (tail):\n${n.output().slice(-3000)}`);
    throw new Error(failures.join("; "));
  }
}

/** The nodes' error log lines (pino level 50 and up), counted by message. */
function nodeErrors(nodes: AppNode[]) {
  const counts: Record<string, number> = {};
  for (const line of nodes.flatMap((n) => n.output().split("\n"))) {
    if (!line.startsWith("{")) continue;
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string };
      if ((entry.level ?? 0) >= 50) counts[entry.msg ?? "?"] = (counts[entry.msg ?? "?"] ?? 0) + 1;
    } catch {
      // not a log line
    }
  }
  return counts;
}

/** The organiser removes a member through the members page's form, as in the browser. */
async function removeMember(nodeUrl: string, organiser: { _id: unknown }, groupId: string, userId: string) {
  const c = httpClient(nodeUrl);
  c.jar.set(SESSION_COOKIE, await createSession(String(organiser._id)));
  const page = `/groups/${groupId}/members`;
  const res = await c.post(page, { _csrf: await c.csrf(page), intent: "remove", userId });
  if (res.status >= 400) throw new Error(`removal answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
}

async function checkChat(chat: ChatMember[], groupId: string, threadId: string, settleMs: number) {
  const acked = chat.flatMap((c) => [...c.acked.values()]);
  // A message document may follow its acknowledgement (decision 058: the log is the commit point,
  // and a node that heard of a dead one writes what it had acknowledged): wait until it is there.
  const stored = async () => Message.find({ threadId: new Types.ObjectId(threadId) }).lean();
  await until(async () => {
    const ids = new Set((await stored()).map((m) => String(m._id)));
    return acked.every((a) => ids.has(a.messageId));
  }, settleMs);
  const messages = await stored();
  const byId = new Map(messages.map((m) => [String(m._id), m]));
  const textCount = new Map<string, number>();
  for (const m of messages) textCount.set(m.text, (textCount.get(m.text) ?? 0) + 1);
  const events = await GroupEvent.countDocuments({ groupId: new Types.ObjectId(groupId), type: "message.sent" });
  for (const c of chat) await c.catchUp();
  const storedIds = [...messages].sort((a, b) => a.seq - b.seq).map((m) => String(m._id));
  return {
    acked: acked.length,
    found: acked.filter((a) => byId.get(a.messageId)?.text === a.text).length,
    lost: acked.filter((a) => !byId.has(a.messageId)).length,
    duplicated: [...textCount.values()].filter((n) => n > 1).length,
    stored: messages.length - 1, // the thread's first message is not the load's
    logEvents: events,
    refused: chat.reduce((s, c) => s + c.refused.length, 0),
    resends: chat.reduce((s, c) => s + c.resends, 0),
    clients: chat.length,
    clientsAgreeing: chat.filter((c) => JSON.stringify(c.messageIds()) === JSON.stringify(storedIds)).length,
  };
}

/** Does `big` hold everything `small` holds (per Yjs client, the clock at least as far)? */
function covers(big: Uint8Array, small: Uint8Array) {
  const b = Y.decodeStateVector(big);
  for (const [client, clock] of Y.decodeStateVector(small)) if ((b.get(client) ?? 0) < clock) return false;
  return true;
}

async function checkDocuments(editors: Editor[], docs: { id: string }[], settleMs: number) {
  const node = createNodeState();
  const load = async (docId: string) => {
    const { ydoc } = await node.collab.store.loadYDoc(docId);
    const sv = Y.encodeStateVector(ydoc);
    const text = plainText(ydoc);
    ydoc.destroy();
    return { sv, text };
  };
  const acked = editors.flatMap((e) => e.stored.map((u) => ({ docId: e.docId, sv: Y.encodeStateVectorFromUpdate(u) })));
  // A position a killed node was handed and never wrote is a hole the reader fills once it stayed
  // open (decision 061): read again until every acknowledged batch is there, or the bound runs out.
  const missing = async () => {
    const stored = new Map(await Promise.all(docs.map(async (d) => [d.id, (await load(d.id)).sv] as const)));
    return acked.filter((a) => !covers(stored.get(a.docId)!, a.sv));
  };
  await until(async () => (await missing()).length === 0, settleMs, 250);
  const lost = (await missing()).length;
  let converged = 0;
  let duplicated = 0;
  for (const d of docs) {
    const mine = editors.filter((e) => e.docId === d.id);
    // Every editor's copy equals the stored one once the last broadcasts arrived (a hole rejoins).
    const same = await until(
      async () => {
        const { text } = await load(d.id);
        return mine.every((e) => plainText(e.sync.ydoc) === text);
      },
      settleMs,
      250,
    );
    if (same) converged++;
    const { text } = await load(d.id);
    for (const token of mine.flatMap((e) => e.typed)) if (text.split(token).length > 2) duplicated++;
  }
  return {
    documents: docs.length,
    editors: editors.length,
    ackedBatches: acked.length,
    found: acked.length - lost,
    lost,
    tokensTyped: editors.reduce((s, e) => s + e.typed.length, 0),
    duplicated,
    converged,
    refusals: editors.flatMap((e) => e.errors).length,
  };
}

async function checkRounds(roundMembers: RoundMember[][], rounds: string[]) {
  const per = await Promise.all(
    rounds.map(async (roundId, r) => {
      const members = roundMembers[r];
      const versions = await RoundVersion.find({ roundId: new Types.ObjectId(roundId) })
        .sort({ version: 1 })
        .lean();
      const numbers = versions.map((v) => v.version);
      const contiguous = numbers.every((v, i) => v === numbers[0] + i) && new Set(numbers).size === numbers.length;
      const last = versions.at(-1);
      const state = last?.state as RoundState | undefined;
      const byVersion = new Map(versions.map((v) => [v.version, v]));
      const actions = members.flatMap((m) => m.ackedActions);
      const actionsFound = actions.filter((a) => byVersion.get(a.version)?.action === a.type).length;
      const acked = members.flatMap((m) => [...m.contributed]);
      const count = new Map<string, number>();
      for (const c of state?.contributions ?? []) count.set(c.id, (count.get(c.id) ?? 0) + 1);
      // Every member's screen, rejoined, shows the newest stored version.
      const views = await Promise.all(members.map((m) => m.join()));
      const agreeing = views.filter((v) => v.ok && v.data.version === last?.version).length;
      const result = {
        versions: numbers.length,
        contiguous,
        ackedActions: actions.length,
        actionsFound,
        contributionsAcked: acked.length,
        contributionsFound: acked.filter((id) => count.get(id) === 1).length,
        contributionsLost: acked.filter((id) => !count.has(id)).length,
        contributionsDuplicated: [...count.values()].filter((n) => n > 1).length,
        members: members.length,
        membersAgreeing: agreeing,
        refusals: members.reduce((s, m) => s + m.refusals, 0),
      };
      const consistent =
        contiguous &&
        result.actionsFound === result.ackedActions &&
        result.contributionsFound === result.contributionsAcked &&
        result.contributionsDuplicated === 0 &&
        agreeing === members.length;
      return { ...result, consistent };
    }),
  );
  const sum = (k: keyof (typeof per)[number]) => per.reduce((s, p) => s + Number(p[k]), 0);
  return {
    rounds: per.length,
    consistent: per.filter((p) => p.consistent).length,
    versions: sum("versions"),
    ackedActions: sum("ackedActions"),
    actionsFound: sum("actionsFound"),
    contributionsAcked: sum("contributionsAcked"),
    contributionsFound: sum("contributionsFound"),
    contributionsLost: sum("contributionsLost"),
    contributionsDuplicated: sum("contributionsDuplicated"),
    membersAgreeing: sum("membersAgreeing"),
    members: sum("members"),
    refusals: sum("refusals"),
  };
}

/** Undoes what was started, last first: proxy, nodes, connection, Redis, database, its folder. */
async function shutdown() {
  for (const c of cleanups.splice(0).reverse()) await Promise.resolve(c()).catch(() => undefined);
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void shutdown().finally(() => process.exit(130));
  });
}
// A run that hangs (a client that never gets its connection back) fails rather than holding CI.
const watchdogS = (smoke ? 60 : config.seconds + 120) + 4 * config.settleS;
setTimeout(() => {
  console.error(`[chaos] failed: no result after ${watchdogS} s`);
  void shutdown().finally(() => process.exit(1));
}, watchdogS * 1000).unref();
main().then(
  async () => {
    await shutdown();
    process.exit(0);
  },
  async (e) => {
    console.error("[chaos] failed:", e instanceof Error ? e.message : e);
    await shutdown();
    process.exit(1);
  },
);

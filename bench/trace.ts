// Diagnostic probe for the bench's app nodes (loaded with --import when BENCH_TRACE=1): once a
// second, prints what the connect phase waits on: Socket.IO middleware runs started/finished and
// their slowest time, namespace connects, adapter requests (fetchSockets) in flight and their
// timings, the MongoDB pool's checked-out connections and waiters, and event-loop lag.
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import mongoose from "mongoose";
import { Namespace } from "socket.io";
import { RedisAdapter } from "@socket.io/redis-adapter";

const s = {
  mwStart: 0,
  mwEnd: 0,
  mwMax: 0,
  mwSum: 0,
  connects: 0,
  fetchStart: 0,
  fetchEnd: 0,
  fetchFail: 0,
  fetchMax: 0,
  emits: 0,
  poolOut: 0,
  poolWait: 0,
  poolCreated: 0,
  poolFailed: 0,
};
let adapter: RedisAdapter | null = null;

const ns = Namespace.prototype as unknown as {
  run: (socket: unknown, fn: (err?: unknown) => void) => void;
  _doConnect: (...a: unknown[]) => unknown;
};
const run = ns.run;
ns.run = function (socket, fn) {
  const t = performance.now();
  s.mwStart++;
  return run.call(this, socket, (err?: unknown) => {
    const d = performance.now() - t;
    s.mwEnd++;
    s.mwSum += d;
    s.mwMax = Math.max(s.mwMax, d);
    fn(err);
  });
};
const doConnect = ns._doConnect;
ns._doConnect = function (...a) {
  s.connects++;
  return doConnect.apply(this, a);
};
const ra = RedisAdapter.prototype as unknown as { fetchSockets: (opts: unknown) => Promise<unknown[]> };
const fetchSockets = ra.fetchSockets;
ra.fetchSockets = async function (this: RedisAdapter, opts) {
  adapter = this;
  const t = performance.now();
  s.fetchStart++;
  try {
    return await fetchSockets.call(this, opts);
  } catch (e) {
    s.fetchFail++;
    throw e;
  } finally {
    s.fetchEnd++;
    s.fetchMax = Math.max(s.fetchMax, performance.now() - t);
  }
};

// Command monitoring: which commands are in flight, and for how long.
const inflight = new Map<number, { at: number; what: string }>();
const connect = mongoose.connect.bind(mongoose);
(mongoose as { connect: unknown }).connect = (uri: string, opts: object = {}) => connect(uri, { ...opts, monitorCommands: true });
mongoose.connection.once("connected", () => {
  const c = mongoose.connection.getClient();
  c.on("commandStarted", (e) => {
    const cmd = e.command as Record<string, unknown>;
    inflight.set(e.requestId, {
      at: performance.now(),
      what: `${e.commandName} ${String(cmd[e.commandName])} ${JSON.stringify(cmd.filter ?? cmd.updates ?? cmd.documents ?? "").slice(0, 120)}`,
    });
  });
  c.on("commandSucceeded", (e) => inflight.delete(e.requestId));
  c.on("commandFailed", (e) => inflight.delete(e.requestId));
  c.on("connectionCheckOutStarted", () => s.poolWait++);
  c.on("connectionCheckedOut", () => {
    s.poolWait--;
    s.poolOut++;
  });
  c.on("connectionCheckOutFailed", () => {
    s.poolWait--;
    s.poolFailed++;
  });
  c.on("connectionCheckedIn", () => s.poolOut--);
  c.on("connectionCreated", () => s.poolCreated++);
});

const lag = monitorEventLoopDelay({ resolution: 20 });
lag.enable();
setInterval(() => {
  const r = (v: number) => Math.round(v);
  const reqs = (adapter as unknown as { requests?: Map<unknown, unknown> } | null)?.requests?.size ?? 0;
  process.stderr.write(
    `TRACE ${process.pid} mw ${s.mwStart}/${s.mwEnd} (avg ${r(s.mwSum / Math.max(1, s.mwEnd))} max ${r(s.mwMax)} ms) connects ${s.connects} ` +
      `fetch ${s.fetchStart}/${s.fetchEnd} fail ${s.fetchFail} max ${r(s.fetchMax)} ms inflight-req ${reqs} ` +
      `pool out ${s.poolOut} wait ${s.poolWait} created ${s.poolCreated} failed ${s.poolFailed} lag p99 ${r(lag.percentile(99) / 1e6)} max ${r(lag.max / 1e6)} ms\n`,
  );
  const now = performance.now();
  const old = [...inflight.values()].filter((x) => now - x.at > 2000);
  if (old.length)
    process.stderr.write(
      `TRACE ${process.pid} ${inflight.size} commands in flight, ${old.length} over 2 s, oldest: ${old
        .slice(0, 3)
        .map((x) => `${Math.round(now - x.at)} ms ${x.what}`)
        .join(" | ")}\n`,
    );
  s.mwMax = 0;
  s.fetchMax = 0;
  lag.reset();
}, 1000).unref();

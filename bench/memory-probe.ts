import { Session } from "node:inspector/promises";
import type { EventEmitter } from "node:events";
import { writeFileSync } from "node:fs";
import { writeHeapSnapshot } from "node:v8";
import { Redis } from "ioredis";
import { Server } from "socket.io";

// Loaded into the bench's server processes (node --expose-gc --import ./bench/memory-probe.ts):
// on SIGUSR2 it collects garbage and prints "MEM <rss> <heapUsed> <json>", so the bench can measure
// the memory a connected client costs without touching the servers' code. The JSON counts the
// active handles and resources by type (process.getActiveResourcesInfo()) and, with BENCH_SOAK=1,
// the event listeners on the Socket.IO server and the Redis clients (bench/soak.ts).
const io = new Set<WeakRef<Server>>();
const redis = new Set<WeakRef<Redis>>();
if (process.env.BENCH_SOAK === "1") {
  // Each instance the server makes, seen as it attaches or connects; weakly, so a closed client is not kept.
  const attach = Server.prototype.attach;
  Server.prototype.attach = function (this: Server, ...a: Parameters<Server["attach"]>) {
    io.add(new WeakRef(this));
    return attach.apply(this, a);
  };
  const connect = Redis.prototype.connect;
  Redis.prototype.connect = function (this: Redis, ...a: Parameters<Redis["connect"]>) {
    redis.add(new WeakRef(this));
    return connect.apply(this, a);
  };
}

/** All listeners of an emitter, over all its events. */
const listeners = (e: EventEmitter | undefined) => (e ? e.eventNames().reduce((n, k) => n + e.listenerCount(k), 0) : 0);
const live = <T extends object>(refs: Set<WeakRef<T>>) => [...refs].map((r) => r.deref()).filter((x): x is T => x !== undefined);

function probe() {
  const resources: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) resources[r] = (resources[r] ?? 0) + 1;
  const servers = live(io);
  const namespaces = servers.flatMap((s) => [...s._nsps.values()]);
  const sockets = namespaces.flatMap((n) => [...n.sockets.values()]);
  const clients = live(redis);
  return {
    resources,
    process: listeners(process),
    ...(process.env.BENCH_SOAK === "1" && {
      io: {
        server: servers.reduce((n, s) => n + listeners(s as never) + listeners(s.engine as never) + listeners(s.httpServer), 0),
        namespaces: namespaces.reduce((n, ns) => n + listeners(ns as never) + listeners(ns.adapter as never), 0),
        sockets: sockets.length,
        socketListeners: sockets.reduce((n, s) => n + listeners(s as never), 0),
        rooms: namespaces.reduce((n, ns) => n + ns.adapter.rooms.size, 0),
      },
      redis: { clients: clients.length, listeners: clients.reduce((n, c) => n + listeners(c), 0) },
    }),
  };
}

process.on("SIGUSR2", () => {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  process.stdout.write(`MEM ${m.rss} ${m.heapUsed} ${JSON.stringify(probe())}\n`);
});

// BENCH_HEAP_SNAPSHOTS=<dir>: SIGWINCH (unused by a server without a terminal) writes a heap snapshot
// to <dir>/<pid>-<n>.heapsnapshot and prints "SNAPSHOT <file>" (bench/soak.ts --snapshots).
const snapDir = process.env.BENCH_HEAP_SNAPSHOTS;
if (snapDir) {
  let n = 0;
  process.on("SIGWINCH", () => {
    const file = writeHeapSnapshot(`${snapDir}/${process.pid}-${++n}.heapsnapshot`);
    process.stdout.write(`SNAPSHOT ${file}\n`);
  });
}

// BENCH_CPU_PROF=<dir>: SIGURG starts a V8 CPU profile, the next SIGURG writes it to
// <dir>/<pid>-<n>.cpuprofile, so a profile covers exactly the bench's measured window.
const profDir = process.env.BENCH_CPU_PROF;
if (profDir) {
  const session = new Session();
  session.connect();
  let on = false;
  let n = 0;
  process.on("SIGURG", async () => {
    if (!on) {
      on = true;
      await session.post("Profiler.enable");
      await session.post("Profiler.start");
      return;
    }
    on = false;
    const { profile } = await session.post("Profiler.stop");
    writeFileSync(`${profDir}/${process.pid}-${++n}.cpuprofile`, JSON.stringify(profile));
  });
}

import { Session } from "node:inspector/promises";
import { writeFileSync } from "node:fs";

// Loaded into the bench's server processes (node --expose-gc --import ./bench/memory-probe.ts):
// on SIGUSR2 it collects garbage and prints "MEM <rss> <heapUsed>", so the bench can measure the
// memory a connected client costs without touching the servers' code.
process.on("SIGUSR2", () => {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  process.stdout.write(`MEM ${m.rss} ${m.heapUsed}\n`);
});

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

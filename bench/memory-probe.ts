// Loaded into the bench's server processes (node --expose-gc --import ./bench/memory-probe.ts):
// on SIGUSR2 it collects garbage and prints "MEM <rss> <heapUsed>", so the bench can measure the
// memory a connected client costs without touching the servers' code.
process.on("SIGUSR2", () => {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  process.stdout.write(`MEM ${m.rss} ${m.heapUsed}\n`);
});

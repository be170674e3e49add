// The node's one home for repeating and background work (docs/decisions/023-scheduler.md): BullMQ
// on the project's Redis. Every node declares the same jobs; BullMQ keeps one job scheduler per
// name in Redis, so each iteration is one job, taken by one worker of the cluster, retried with
// backoff when it fails, and still due after every node restarted.
import { type Job, Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { consoleLog, type Log } from "../models/shared/log";

/** A repeating job, declared as data: its name, when it repeats, and the use case it runs. */
export interface JobSpec {
  name: string;
  /** Every `every` ms, or on a cron `pattern` (5 fields, or 6 with seconds) in `tz` (default UTC). */
  repeat: { every: number } | { pattern: string; tz?: string };
  /** The work; throws to be retried. `id` names the iteration, the same on every attempt. */
  run: (job: { id: string; attempt: number }) => Promise<unknown>;
}

export interface SchedulerOptions {
  redisUrl: string;
  /** The BullMQ queue; tests give each scheduler cluster its own. */
  queue?: string;
  /** Attempts per iteration (the first one included) before it counts as failed. */
  attempts?: number;
  /** First retry after this many ms, doubling each time. */
  backoffMs?: number;
  /** Job names no version declares any more (server/jobs.ts RETIRED_JOBS): their schedules are
   *  removed. Only these: a name this node does not know may be one a newer node just declared. */
  retired?: readonly string[];
  log?: Log;
  /** Called when a job of this node's worker ends (server/metrics.ts counts and times them). */
  onJobDone?: (job: { name: string; ok: boolean; seconds: number }) => void;
}

export interface Scheduler {
  /** Declares the jobs in Redis (idempotent on every node) and starts this node's worker. */
  start(): Promise<void>;
  /** Stops taking jobs, lets the one running finish, then disconnects. */
  close(): Promise<void>;
}

/** A scheduler for `jobs`; nothing connects or runs before start(). */
export function createScheduler(jobs: JobSpec[], opts: SchedulerOptions): Scheduler {
  const name = opts.queue ?? "leerkring-jobs";
  const specs = new Map(jobs.map((j) => [j.name, j]));
  const log = opts.log ?? consoleLog;
  let connection: Redis | null = null;
  let queue: Queue | null = null;
  let worker: Worker | null = null;

  const handle = async (job: Job) => {
    const spec = specs.get(job.name);
    // A job no longer declared (its last iteration was queued already), or one a newer version
    // declared, taken by an older node during a rolling deploy: skipped; the next iteration runs.
    if (!spec) return { skipped: true };
    return spec.run({ id: String(job.id), attempt: job.attemptsMade + 1 });
  };

  return {
    async start() {
      // BullMQ's workers block on Redis: their connection must retry forever (maxRetriesPerRequest null).
      connection = new Redis(opts.redisUrl, { maxRetriesPerRequest: null });
      connection.on("error", () => undefined); // ioredis reconnects; BullMQ reports through the worker
      queue = new Queue(name, { connection });
      queue.on("error", (e) => log.error({ err: e }, "jobs: queue error"));
      const template = {
        attempts: opts.attempts ?? 5,
        backoff: { type: "exponential" as const, delay: opts.backoffMs ?? 10_000 },
        removeOnComplete: 100,
        removeOnFail: 500,
      };
      for (const spec of jobs) await queue.upsertJobScheduler(spec.name, spec.repeat, { name: spec.name, opts: template });
      // A retired job would otherwise repeat forever. Unknown names stay: during a rolling deploy
      // an older node restarting must not remove what a newer one declared.
      for (const retired of opts.retired ?? []) if (!specs.has(retired)) await queue.removeJobScheduler(retired);
      worker = new Worker(name, handle, { connection, concurrency: 1 });
      const done = (job: Job | undefined, ok: boolean) =>
        job && opts.onJobDone?.({ name: job.name, ok, seconds: ((job.finishedOn ?? Date.now()) - (job.processedOn ?? Date.now())) / 1000 });
      worker.on("completed", (job) => done(job, true));
      worker.on("failed", (job, e) => {
        done(job, false);
        log.error({ job: job?.name, attempt: job?.attemptsMade, err: e.message }, "jobs: job failed");
      });
      worker.on("error", (e) => log.error({ err: e }, "jobs: worker error"));
    },
    async close() {
      await worker?.close();
      await queue?.close();
      connection?.disconnect();
    },
  };
}

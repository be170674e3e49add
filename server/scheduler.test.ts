// The scheduler against the real Redis: two nodes' schedulers run each iteration once between
// them, and a failed attempt is retried. Every wait is on a BullMQ event, never on the clock.
import { randomUUID } from "node:crypto";
import { Queue, QueueEvents } from "bullmq";
import { afterEach, describe, expect, it } from "vitest";
import { expectConsoleError } from "../test/setup";
import { testRedisUrl } from "../test/socket";
import { createScheduler, type JobSpec, type Scheduler } from "./scheduler";

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

/** A cluster's queue of its own, and its events (ready before any job can complete). */
async function cluster() {
  const queue = `test-jobs-${randomUUID()}`;
  const events = new QueueEvents(queue, { connection: { url: testRedisUrl() } });
  open.push(events);
  await events.waitUntilReady();
  return { queue, events };
}

function node(jobs: JobSpec[], queue: string): Scheduler {
  const s = createScheduler(jobs, { redisUrl: testRedisUrl(), queue, backoffMs: 10 });
  open.unshift(s); // closed before the events
  return s;
}

/** Resolves with the ids of the first `n` jobs completed on the queue. */
const completions = (events: QueueEvents, n: number) =>
  new Promise<string[]>((resolve) => {
    const ids: string[] = [];
    const onDone = ({ jobId }: { jobId: string }) => {
      ids.push(jobId);
      if (ids.length === n) {
        events.off("completed", onDone);
        resolve(ids);
      }
    };
    events.on("completed", onDone);
  });

describe("createScheduler", () => {
  it("runs each iteration of a repeating job once per cluster, with two nodes on one Redis", async () => {
    const { queue, events } = await cluster();
    const runs: { node: string; id: string }[] = [];
    const tick = (name: string): JobSpec[] => [
      { name: "tick", repeat: { every: 100 }, run: async ({ id }) => void runs.push({ node: name, id }) },
    ];
    const a = node(tick("a"), queue);
    const b = node(tick("b"), queue);
    const done = completions(events, 6);
    await Promise.all([a.start(), b.start()]);
    const completed = await done;
    await Promise.all([a.close(), b.close()]); // each lets its running job finish

    const ids = runs.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length); // no iteration ran twice
    expect(ids).toEqual(expect.arrayContaining(completed));
    expect(ids.every((id) => id.startsWith("repeat:tick:"))).toBe(true);
  });

  it("retries a failed attempt of the same iteration, and a restarted node carries on with the declared job", async () => {
    const { queue, events } = await cluster();
    expectConsoleError(/jobs: job failed.*"job":"flaky".*"attempt":1.*database unreachable/);
    const completed: string[] = [];
    let onCompleted = () => {};
    events.on("completed", ({ jobId }) => {
      completed.push(jobId);
      onCompleted();
    });
    const until = (done: () => boolean) =>
      new Promise<void>((resolve) => {
        onCompleted = () => done() && resolve();
        onCompleted();
      });

    const attempts: { id: string; attempt: number }[] = [];
    let failed: (id: string) => void = () => {};
    const failedId = new Promise<string>((resolve) => (failed = resolve));
    const jobs: JobSpec[] = [
      {
        name: "flaky",
        repeat: { every: 100 },
        run: async (job) => {
          attempts.push(job);
          if (attempts.length === 1) {
            failed(job.id);
            throw new Error("database unreachable");
          }
        },
      },
    ];
    const first = node(jobs, queue);
    await first.start();
    const id = await failedId;
    await until(() => completed.includes(id));
    await first.close();
    expect(attempts.filter((a) => a.id === id).map((a) => a.attempt)).toEqual([1, 2]);

    // The schedule lives in Redis: a new node (a restart) only starts a worker and the job goes on.
    const before = completed.length;
    await node(jobs, queue).start();
    await until(() => completed.length > before);
  });

  it("removes only retired jobs: a name it does not know may be a newer node's (rolling deploy)", async () => {
    const { queue } = await cluster();
    const noop = async () => undefined;
    const keep: JobSpec = { name: "keep", repeat: { pattern: "0 3 * * *", tz: "Europe/Brussels" }, run: noop };
    const newer = node(
      [keep, { name: "gone", repeat: { every: 60_000 }, run: noop }, { name: "newer", repeat: { every: 60_000 }, run: noop }],
      queue,
    );
    await newer.start();
    await newer.close();
    const q = new Queue(queue, { connection: { url: testRedisUrl() } });
    open.push(q);
    const schedules = async () => (await q.getJobSchedulers()).map((s) => s.key).sort();
    expect(await schedules()).toEqual(["gone", "keep", "newer"]);

    // An older node restarts: it knows only "keep", and "gone" was retired.
    const older = createScheduler([keep], { redisUrl: testRedisUrl(), queue, retired: ["gone"] });
    open.unshift(older);
    await older.start();
    expect(await schedules()).toEqual(["keep", "newer"]);
  });
});

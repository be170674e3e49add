// A node that dies is noticed: the surviving nodes re-announce presence within a bounded time.
// The dying node is a real child process killed with SIGKILL, so it says goodbye to nobody.
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { createSession } from "../models/session/session.service";
import { buildGroup } from "../test/factories";
import { workerMongoUri } from "../test/db";
import {
  closeClients,
  connectAs,
  startRealtimeServer,
  testRedisUrl,
  waitFor,
  waitForDisconnect,
  type RealtimeTestServer,
} from "../test/socket";
import { startRealtimeNodeProcess } from "../test/node-process";
import { livenessBound, startLiveness } from "./liveness";

let child: ChildProcess | null = null;
let survivor: RealtimeTestServer | null = null;
const redisClients: Redis[] = [];

afterEach(async () => {
  closeClients();
  child?.kill("SIGKILL");
  child = null;
  await survivor?.close();
  survivor = null;
  await Promise.all(redisClients.splice(0).map((r) => r.quit()));
});

const startChildNode = () =>
  startRealtimeNodeProcess({ mongoUri: workerMongoUri(), redisUrl: testRedisUrl() }, (proc) => {
    child = proc;
  });

const id = (doc: { _id: unknown }) => String(doc._id);

describe("node liveness", () => {
  it("a node killed with SIGKILL: its member drops out of presence on the other node within the bound", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const [ann, bob] = leaders;
    const g = id(group);
    const [childUrl, node] = await Promise.all([startChildNode(), startRealtimeServer({ redis: true })]);
    survivor = node;

    const bobSocket = await connectAs(node.url, await createSession(id(bob)));
    const bobSeesAnn = waitFor(bobSocket, "presence:state", (p) => p.groupId === g && p.userIds.includes(id(ann)), { timeout: 10_000 });
    const annSocket = await connectAs(childUrl, await createSession(id(ann)));
    await bobSeesAnn;

    const bound = livenessBound();
    const bobSeesAnnGone = waitFor(bobSocket, "presence:state", (p) => p.groupId === g && !p.userIds.includes(id(ann)), {
      timeout: bound + 5000,
    });
    const killedAt = Date.now();
    child!.kill("SIGKILL");
    await waitForDisconnect(annSocket, { timeout: 5000 });
    expect(await bobSeesAnnGone).toEqual({ groupId: g, userIds: [id(bob)] });
    // One Redis round trip and a fetchSockets on top of the liveness bound, on a loaded machine.
    expect(Date.now() - killedAt).toBeLessThan(bound + 1500);
  });

  it("reports a node that stops beating to the others, once, and never a node that still beats", async () => {
    const prefix = `lk:liveness-test:${randomBytes(4).toString("hex")}`;
    const url = testRedisUrl();
    const [ra, rb, rc] = [new Redis(url), new Redis(url), new Redis(url)];
    redisClients.push(ra, rb, rc);
    const opts = { intervalMs: 100, ttlMs: 300, prefix };
    const seenByA: string[][] = [];
    let resolveGone: (ids: string[]) => void = () => undefined;
    const gone = new Promise<string[]>((r) => (resolveGone = r));
    const a = startLiveness({
      ...opts,
      redis: ra,
      nodeId: "a",
      onNodesGone: (ids) => {
        seenByA.push(ids);
        resolveGone(ids);
      },
    });
    const b = startLiveness({ ...opts, redis: rb, nodeId: "b", onNodesGone: () => undefined });
    const c = startLiveness({ ...opts, redis: rc, nodeId: "c", onNodesGone: () => undefined });
    // Until every node has seen the others beat, a stop would not be news to them.
    await expect.poll(async () => (await ra.smembers(`${prefix}:nodes`)).sort(), { timeout: 2000 }).toEqual(["a", "b", "c"]);
    await new Promise<void>((r) => setTimeout(r, 2 * opts.intervalMs).unref()); // a's next checks see b and c

    await b.stop();
    expect(await gone).toEqual(["b"]);
    await expect.poll(() => ra.smembers(`${prefix}:nodes`).then((m) => m.sort()), { timeout: 2000 }).toEqual(["a", "c"]);
    await Promise.all([a.stop(), c.stop()]);
    expect(seenByA).toEqual([["b"]]);
    expect(await ra.exists(`${prefix}:nodes`, `${prefix}:node:a`, `${prefix}:node:c`)).toBe(0);
  });
});

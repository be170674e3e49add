// Sessions you can see (decision 040): signing out one device, or every other one, cuts exactly
// those sessions' sockets on every node, also while Redis does not answer (the stale node's room
// check reads the sessions as it reads memberships, decision 020).
import { afterEach, describe, expect, it } from "vitest";
import { createSession, endOtherSessions, hashToken } from "../models/session/session.service";
import { buildGroup } from "../test/factories";
import { startRedisProcess, type RedisProcess } from "../test/redis-process";
import {
  closeNodes,
  connectAs,
  roundTrip,
  startRealtimeServer,
  waitFor,
  waitForDisconnect,
  type ClientSocket,
  type RealtimeTestServer,
} from "../test/socket";

/** The promise of decision 020, for a signed-out session as for a removal. */
const REVOCATION_MS = 1000;
const LATE = { timeout: 15_000 };

let redis: RedisProcess | null = null;
let nodes: RealtimeTestServer[] = [];
afterEach(async () => {
  redis?.resume();
  await closeNodes(...nodes);
  await redis?.stop();
  [redis, nodes] = [null, []];
});

/** A socket of the session `cookie` on `node`, in the group's room (its presence came back). */
async function socketOf(node: RealtimeTestServer, cookie: string, userId: string, groupId: string): Promise<ClientSocket> {
  let joined: Promise<unknown> = Promise.resolve();
  const socket = await connectAs(node.url, cookie, {
    beforeConnect: (s) => {
      joined = waitFor(s, "presence:state", (p) => p.groupId === groupId && p.userIds.includes(userId), { timeout: 5000 });
    },
  });
  await joined;
  return socket;
}

describe("signing out a device", () => {
  it("cuts that session's sockets on the other node, and only those", async () => {
    nodes = await Promise.all([startRealtimeServer({ redis: true }), startRealtimeServer({ redis: true })]);
    const [a, b] = nodes;
    const { group, leaders } = await buildGroup({ leaders: 1 });
    const [ann] = leaders;
    const g = String(group._id);
    const laptop = await createSession(String(ann._id), "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Firefox/130.0");
    const phone = await createSession(String(ann._id), "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1");
    const laptopOnB = await socketOf(b, laptop, String(ann._id), g);
    const phoneOnB = await socketOf(b, phone, String(ann._id), g);
    const phoneOnA = await socketOf(a, phone, String(ann._id), g);

    // On node A, from the laptop: the list, then "sign out" the phone.
    const ctx = a.services.as({ id: String(ann._id), isOrganiser: false });
    const list = await a.services.session.listSessions(ctx, hashToken(laptop));
    expect(list.map((s) => [s.browser, s.os, s.current])).toEqual([
      ["Firefox", "macOS", true],
      ["Safari", "iOS", false],
    ]);
    const cut = Promise.all([waitForDisconnect(phoneOnB, LATE), waitForDisconnect(phoneOnA, LATE)]);
    await a.services.session.endSession(ctx, hashToken(laptop), list[1].id);
    await cut;
    await roundTrip(laptopOnB);
    expect(laptopOnB.connected).toBe(true);
    // The current session is not "another device": /logout signs it out.
    await expect(a.services.session.endSession(ctx, hashToken(laptop), list[0].id)).rejects.toMatchObject({ code: "not_found" });
    // The phone's cookie opens nothing any more.
    await expect(connectAs(b.url, phone)).rejects.toThrow("unauthenticated");
  });

  it("while Redis does not answer, a session signed out on node A loses its socket on node B within 1 s; the kept one stays", async () => {
    redis = await startRedisProcess();
    const start = () => startRealtimeServer({ redis: true, redisUrl: redis!.url, localLimits: true });
    nodes = await Promise.all([start(), start()]);
    const [a, b] = nodes;
    const { group, leaders } = await buildGroup({ leaders: 1 });
    const [ann] = leaders;
    const g = String(group._id);
    const kept = await createSession(String(ann._id));
    const stolen = await createSession(String(ann._id));
    const keptOnB = await socketOf(b, kept, String(ann._id), g);
    const stolenOnB = await socketOf(b, stolen, String(ann._id), g);

    const stale = new Promise<void>((resolve) => {
      const off = b.node.freshness.onStale(() => {
        off();
        resolve();
      });
    });
    redis.pause();
    await stale;

    const cut = waitForDisconnect(stolenOnB, LATE).then(() => Date.now());
    const beforeStore = Date.now();
    // A password change (or a removed factor) on node A ends every other session: the same path.
    expect(await endOtherSessions(String(ann._id), hashToken(kept), a.publisher)).toBe(1);
    expect((await cut) - beforeStore).toBeLessThan(REVOCATION_MS);
    expect(b.node.freshness.isFresh()).toBe(false);
    expect(keptOnB.connected).toBe(true);
  });
});

// Redis or the database unreachable. The limits count in the node's own memory while Redis is away
// (docs/decisions/022-limits.md), so chatting goes on; a failure that is not the user's gets its own
// code and a clear message on both doors, never "check the marked fields".
import { Redis } from "ioredis";
import { RateLimiterRedis } from "rate-limiter-flexible";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { action as threadAction } from "../app/routes/groups.$groupId.threads.$threadId";
import { errorMessage } from "../models/shared/error-messages";
import { createLimits } from "../models/shared/limits";
import { LIMITS } from "../models/shared/limits.constants";
import { Message } from "../models/thread/thread.model";
import { settleAll } from "../models/thread/thread.service";
import { bobsThreadOn } from "./factories";
import { routeTestContext } from "./route-context";
import { expectConsoleError } from "./setup";
import { connectAs, type RealtimeTestServer, startRealtimeServer } from "./socket";

let node: RealtimeTestServer;
let gone: Redis;
beforeEach(async () => {
  node = await startRealtimeServer();
  // A real Redis client whose server is not there (nothing listens on port 1): every command fails
  // once its retries are spent, as during an outage.
  gone = new Redis("redis://127.0.0.1:1", { maxRetriesPerRequest: 1, retryStrategy: () => 20, lazyConnect: true });
  gone.on("error", () => undefined);
});
afterEach(async () => {
  gone.disconnect();
  await node.close();
});

const SECRET = "unavailable-secret-0123456789abcdefghijkl";

describe("Redis unreachable", () => {
  it("the node's limits count in its memory: sends go through both doors, and the budget still holds", async () => {
    const { groupId, threadId, session } = await bobsThreadOn(node.services, "Planning");
    node.services.deps.limits = createLimits(gone);

    const socket = await connectAs(node.url, session);
    const send = (i: number) =>
      socket.timeout(20_000).emitWithAck("message:send", { groupId, threadId, clientId: `outage-${i}`, text: `bericht ${i}` });
    expect(await send(1)).toMatchObject({ ok: true });

    const { context, request } = routeTestContext(SECRET, node.services);
    const url = `http://leerkring.test/groups/${groupId}/threads/${threadId}`;
    const form = request(url, session, { intent: "send", clientId: "outage-form", text: "via het formulier", mentions: "" });
    const sent = await threadAction({ request: form, context, params: { groupId, threadId } }).catch((e: unknown) => e);
    expect((sent as Response).status).toBeLessThan(400);

    // The two above, then the rest of the budget (the thread's first message was counted before the outage); the next is refused.
    for (let i = 2; i < LIMITS.send.points; i++) expect(await send(i)).toMatchObject({ ok: true });
    expect(await send(LIMITS.send.points)).toMatchObject({ ok: false, error: { code: "rate_limited", retryAfter: expect.any(Number) } });
    // A reply's documents follow its acknowledgement, batched per group (decision 058).
    await settleAll(node.services.deps.node.threads);
    expect(await Message.countDocuments({ text: /^bericht |via / })).toBe(LIMITS.send.points);
  });

  it("a store failing without a fallback is refused as unavailable, with its own message, on both doors; nothing is stored", async () => {
    const { groupId, threadId, session } = await bobsThreadOn(node.services, "Planning");
    // A send budget in the unreachable Redis with no in-memory insurance: every count fails.
    node.services.deps.limits.send = new RateLimiterRedis({ storeClient: gone, points: 30, duration: 10 });
    const logged = expectConsoleError();

    const socket = await connectAs(node.url, session);
    const ack = await socket
      .timeout(20_000)
      .emitWithAck("message:send", { groupId, threadId, clientId: "unavailable-1", text: "via de socket" });
    expect(ack).toEqual({ ok: false, error: { code: "unavailable", message: errorMessage("nl", "unavailable") } });

    const { context, request } = routeTestContext(SECRET, node.services);
    const form = request(`http://leerkring.test/groups/${groupId}/threads/${threadId}`, session, {
      intent: "send",
      clientId: "unavailable-2",
      text: "via het formulier",
    });
    const refused = (await threadAction({ request: form, context, params: { groupId, threadId } })) as Response;
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ ok: false, message: errorMessage("nl", "unavailable") });

    expect(await Message.countDocuments({ text: /via / })).toBe(0);
    expect(logged.length).toBeGreaterThanOrEqual(2); // the server's log says what failed
  });
});

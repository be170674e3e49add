// A failure that is not the user's (Redis or the database unreachable) gets its own code and a
// clear message on both doors, never "check the marked fields".
import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { action as threadAction } from "../app/routes/groups.$groupId.threads.$threadId";
import { errorMessage } from "../models/shared/error-messages";
import { Message } from "../models/thread/thread.model";
import { redisRateLimiter } from "../server/rate-limit";
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

describe("Redis unreachable", () => {
  it("a send is refused as unavailable, with its own message, through the form and the socket; nothing is stored", async () => {
    const { groupId, threadId, session } = await bobsThreadOn(node.services, "Planning");
    // The node's send budget now lives in the unreachable Redis.
    node.services.deps.rateLimiter = redisRateLimiter(gone);
    const logged = expectConsoleError();

    const socket = await connectAs(node.url, session);
    const ack = await socket
      .timeout(20_000)
      .emitWithAck("message:send", { groupId, threadId, clientId: "unavailable-1", text: "via de socket" });
    expect(ack).toEqual({ ok: false, error: { code: "unavailable", message: errorMessage("nl", "unavailable") } });

    const { context, request } = routeTestContext("unavailable-secret-0123456789abcdefghijkl", node.services);
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

// One domain runtime per node (docs/decisions/017-one-runtime.md): the form door and the socket
// door of one node call the same services with the same per-node state. Here a message's edit
// through the thread page's form and its deletion through a socket both wait for the node's one
// turn of that message (FerretDB would otherwise let the edit's update overwrite the deletion).
import { Types } from "mongoose";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { action as threadAction } from "../app/routes/groups.$groupId.threads.$threadId";
import { GroupEvent } from "../models/delivery/group-event.model";
import { Message } from "../models/thread/thread.model";
import { LIMITS } from "../models/shared/limits.constants";
import { spendSendBudget } from "../models/shared/send-budget";
import { sendMessage } from "../models/thread/thread.service";
import { bobsThreadOn } from "./factories";
import { routeTestContext } from "./route-context";
import { connectAs, type RealtimeTestServer, startRealtimeServer } from "./socket";

let node: RealtimeTestServer;
beforeEach(async () => {
  node = await startRealtimeServer();
});
afterEach(async () => {
  await node.close();
});

const SECRET = "one-runtime-secret-0123456789abcdefghijklmn";

describe("one node, two doors", () => {
  it("a form edit and a socket delete of one message wait for the node's one turn of that message", async () => {
    const { ctx, groupId, threadId, session } = await bobsThreadOn(node.services, "Ouderraad");
    const sent = await sendMessage(ctx, { groupId, threadId, clientId: "one-runtime-send", text: "de woorden van Bob" });
    const messageId = (sent.data as { message: { id: string } }).message.id;

    // Something else of this node holds the message's turn until we let go.
    let release = () => {};
    const held = node.services.deps.node.threads.messageTurn(messageId, () => new Promise<void>((r) => (release = r)));

    const { context, request } = routeTestContext(SECRET, node.services);
    const url = `http://leerkring.test/groups/${groupId}/threads/${threadId}`;
    const form = request(url, session, { intent: "edit", messageId, clientId: "one-runtime-edit", text: "bewerkte woorden" });
    const editing = threadAction({ request: form, context, params: { groupId, threadId } }).catch((e: unknown) => e);
    const stored = (type: string) => GroupEvent.exists({ groupId: new Types.ObjectId(groupId), type });
    await vi.waitFor(async () => expect(await stored("message.edited")).toBeTruthy(), { timeout: 20_000 });

    const socket = await connectAs(node.url, session);
    const deleting = socket.timeout(20_000).emitWithAck("message:delete", { groupId, messageId, clientId: "one-runtime-delete" });
    await vi.waitFor(async () => expect(await stored("message.deleted")).toBeTruthy(), { timeout: 20_000 });

    // Both facts are in the log; neither door has touched the message yet: both wait for the turn.
    expect(await Message.findById(messageId).lean()).toMatchObject({ text: "de woorden van Bob", editedAt: null, deletedAt: null });

    release();
    await held;
    await editing;
    expect(await deleting).toMatchObject({ ok: true });
    expect(await Message.findById(messageId).lean()).toMatchObject({ text: "", deletedAt: expect.any(Date) });
    const log = JSON.stringify(await GroupEvent.find({ groupId: new Types.ObjectId(groupId) }).lean());
    expect(log).not.toContain("bewerkte woorden");
    expect(log).not.toContain("de woorden van Bob");
  });

  it("a form and a socket draw on one send budget, and both say how long to wait", async () => {
    const { ctx, groupId, threadId, session } = await bobsThreadOn(node.services, "Planning");
    // Spend what is left of the window's budget at once (no database work: nothing to wait for).
    for (let i = 1; i < LIMITS.send.points; i++) await spendSendBudget(ctx);

    const { context, request } = routeTestContext(SECRET, node.services);
    const url = `http://leerkring.test/groups/${groupId}/threads/${threadId}`;
    const form = request(url, session, { intent: "send", clientId: "budget-form-1", text: "via het formulier" });
    const refused = (await threadAction({ request: form, context, params: { groupId, threadId } })) as Response;
    expect(refused.status).toBe(429);
    const wait = Number(refused.headers.get("Retry-After"));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(LIMITS.send.seconds);
    expect(await refused.json()).toMatchObject({
      message: expect.stringMatching(/^Te veel pogingen\. Probeer het over \d+ seconden? opnieuw\.$/),
    });

    const socket = await connectAs(node.url, session);
    const ack = await socket
      .timeout(20_000)
      .emitWithAck("message:send", { groupId, threadId, clientId: "budget-socket-1", text: "via de socket" });
    expect(ack).toMatchObject({ ok: false, error: { code: "rate_limited", retryAfter: expect.any(Number) } });
    const { retryAfter, message } = (ack as { error: { retryAfter: number; message: string } }).error;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(LIMITS.send.seconds);
    expect(message).toMatch(/^Te veel pogingen\. Probeer het over \d+ seconden? opnieuw\.$/);
    expect(await Message.countDocuments({ threadId: new Types.ObjectId(threadId) })).toBe(1);
  });
});

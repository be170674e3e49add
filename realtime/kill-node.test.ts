// kill -9 of an app node while its clients keep sending: two real app processes on the shared
// Redis, three members sending 200 messages with retries (the same client id on every resend,
// reconnecting to the surviving node). Afterwards every acknowledged message is stored exactly
// once, and every client, catching up from its last seen position, shows the same ordered list.
import { afterEach, describe, expect, it, vi } from "vitest";
import { Types } from "mongoose";
import { io as connectClient, type Socket } from "socket.io-client";
import { socketParser } from "./wire";
import { createSession } from "../models/session/session.service";
import { GroupEvent } from "../models/delivery/group-event.model";
import { Message } from "../models/thread/thread.model";
import { startThread, type MessageDTO } from "../models/thread/thread.service";
import type { GroupEventDTO } from "../models/delivery/delivery.service";
import { buildGroup, ctxFor } from "../test/factories";
import { workerMongoUri } from "../test/db";
import { testRedisUrl } from "../test/socket";
import { startAppNode, type AppNode } from "../test/node-process";
import { SESSION_COOKIE } from "./io";

const TOTAL = 200;
const CLIENTS = 3;

let nodes: AppNode[] = [];
const sockets = new Set<Socket>();

afterEach(async () => {
  for (const s of sockets) s.disconnect();
  sockets.clear();
  await Promise.all(nodes.map((n) => n.stop()));
  nodes = [];
});

type Ack = { ok: true; data: GroupEventDTO } | { ok: false; error: { code: string; message: string } };

/** Connects with the session cookie; rejects on a refused or failed connection. */
function connect(url: string, cookie: string): Promise<Socket> {
  const socket = connectClient(url, {
    transports: ["websocket"],
    parser: socketParser,
    extraHeaders: { cookie: `${SESSION_COOKIE}=${cookie}` },
    forceNew: true,
    reconnection: false, // the client below decides where to reconnect
    timeout: 3000,
  });
  sockets.add(socket);
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (e) => {
      socket.close();
      sockets.delete(socket);
      reject(e);
    });
  });
}

const messageOf = (e: GroupEventDTO) => (e.data as { message: MessageDTO }).message;

/**
 * A client as the app's own would behave: one message at a time, each with its client-made id;
 * a timeout or a cut connection means "resend the same id", on whichever node answers.
 */
class Client {
  socket: Socket | null = null;
  /** Every group event seen live, by position (a duplicate delivery lands on the same key). */
  readonly seen = new Map<number, GroupEventDTO>();
  readonly acked: { clientId: string; seq: number; messageId: string }[] = [];
  resends = 0;
  reconnects = 0;

  constructor(
    readonly name: string,
    readonly cookie: string,
    /** Node URLs in order of preference; dead ones are skipped. */
    readonly urls: () => string[],
  ) {}

  async ensureConnected() {
    if (this.socket?.connected) return this.socket;
    if (this.socket) this.reconnects++;
    for (;;) {
      for (const url of this.urls()) {
        try {
          const socket = await connect(url, this.cookie);
          socket.on("group:event", (e: GroupEventDTO) => this.seen.set(e.seq, e));
          this.socket = socket;
          return socket;
        } catch {
          // that node is gone or not answering: try the next
        }
      }
    }
  }

  /** Sends until acknowledged; resends reuse the client id. */
  async send(payload: { groupId: string; threadId: string; clientId: string; text: string }) {
    for (let attempt = 0; attempt < 50; attempt++) {
      const socket = await this.ensureConnected();
      const ack = await Promise.race([
        socket
          .timeout(4000)
          .emitWithAck("message:send", payload)
          .then(
            (a: Ack) => a,
            () => null,
          ),
        new Promise<null>((resolve) => socket.once("disconnect", () => resolve(null))),
      ]);
      if (ack?.ok) {
        this.acked.push({ clientId: payload.clientId, seq: ack.data.seq, messageId: messageOf(ack.data).id });
        return;
      }
      if (ack && ack.error.code !== "rate_limited") throw new Error(`${this.name}: refused ${JSON.stringify(ack.error)}`);
      this.resends++;
      // Rate limited: the client backs off before trying again (the limit is 30 per 10 s).
      if (ack) await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`${this.name}: ${payload.clientId} never acknowledged`);
  }

  /** Catch-up from the database after the last position seen without a gap, as after any reconnect. */
  async catchUp(groupId: string) {
    const socket = await this.ensureConnected();
    let after = 0;
    while (this.seen.has(after + 1)) after++;
    for (;;) {
      const ack: { ok: true; data: GroupEventDTO[] } | { ok: false } = await socket
        .timeout(5000)
        .emitWithAck("group:sync", { groupId, afterSeq: after });
      if (!ack.ok) throw new Error(`${this.name}: sync refused`);
      for (const e of ack.data) this.seen.set(e.seq, e);
      if (ack.data.length === 0) break;
      after = ack.data.at(-1)!.seq;
    }
  }

  /** Message ids in the order of the group log. */
  orderedMessageIds() {
    return [...this.seen.values()]
      .sort((a, b) => a.seq - b.seq)
      .filter((e) => e.type === "message.sent" || e.type === "thread.created")
      .map((e) => messageOf(e).id);
  }
}

describe("kill -9 of a node under load", () => {
  // Takes 20 s at least (67 messages per member against the limit of 30 per 10 s), plus two node starts.
  it("every acknowledged message is stored once and every client ends with the same ordered list", async () => {
    const { group, leaders } = await buildGroup({ leaders: CLIENTS });
    const groupId = String(group._id);
    const first = await startThread(ctxFor(leaders[0]), {
      groupId,
      clientId: "kill-node-thread",
      title: "Under load",
      text: "start",
    });
    const threadId = (first.data as { thread: { id: string } }).thread.id;

    const env = { mongoUri: workerMongoUri(), redisUrl: testRedisUrl() };
    nodes = await Promise.all([startAppNode(env), startAppNode(env)]);
    const [nodeA, nodeB] = nodes;
    const dead = new Set<AppNode>();
    const alive = (preferred: AppNode) =>
      [preferred, ...nodes.filter((n) => n !== preferred)].filter((n) => !dead.has(n)).map((n) => n.url);

    // Two clients on node A (the one that dies), one on node B.
    const clients = await Promise.all(
      leaders.map(async (u, i) => new Client(`client ${i}`, await createSession(String(u._id)), () => alive(i < 2 ? nodeA : nodeB))),
    );
    await Promise.all(clients.map((c) => c.ensureConnected()));

    let acked = 0;
    let killed: Promise<void> | null = null;
    const perClient = Math.ceil(TOTAL / CLIENTS);
    await Promise.all(
      clients.map(async (c, i) => {
        for (let k = 0; k < perClient && i * perClient + k < TOTAL; k++) {
          await c.send({
            groupId,
            threadId,
            clientId: `c${i}-m${k}-${new Types.ObjectId().toHexString().slice(-8)}`,
            text: `client ${i} message ${k}`,
          });
          if (++acked === TOTAL / 2) {
            dead.add(nodeA);
            killed = nodeA.kill9();
          }
        }
      }),
    );
    await killed;
    expect(dead.has(nodeA)).toBe(true);

    // Every acknowledged message is in MongoDB exactly once.
    const allAcked = clients.flatMap((c) => c.acked);
    expect(allAcked).toHaveLength(TOTAL);
    expect(new Set(allAcked.map((a) => a.seq)).size).toBe(TOTAL);
    // The message documents of what node A acknowledged and had not written yet (they follow the
    // acknowledgement, decision 058) are written by node B once it hears node A is gone.
    const messages = () =>
      Message.find({ threadId: new Types.ObjectId(threadId) })
        .sort({ seq: 1 })
        .lean();
    await vi.waitFor(async () => expect(await messages()).toHaveLength(TOTAL + 1), { timeout: 15_000, interval: 100 });
    const stored = await messages();
    expect(stored).toHaveLength(TOTAL + 1);
    const storedIds = stored.map((m) => String(m._id));
    expect(new Set(storedIds).size).toBe(TOTAL + 1);
    for (const a of allAcked) expect(stored.find((m) => String(m._id) === a.messageId)?.seq).toBe(a.seq);
    expect(await GroupEvent.countDocuments({ groupId: group._id })).toBe(TOTAL + 1);
    expect(new Set(stored.map((m) => m.text)).size).toBe(TOTAL + 1);
    // The positions have no gap.
    expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: TOTAL + 1 }, (_, i) => i + 1));

    // Every client, caught up from its last seen position, shows the same ordered list: the log's.
    for (const c of clients) await c.catchUp(groupId);
    for (const c of clients) expect(c.orderedMessageIds(), c.name).toEqual(storedIds);
    // The clients of the dead node really did move (and usually resent something in flight).
    expect(clients[0].reconnects + clients[1].reconnects).toBeGreaterThanOrEqual(2);
  }, 180_000);
});

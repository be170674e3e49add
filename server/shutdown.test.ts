// Graceful shutdown (docs/decisions/041-health-and-shutdown.md): a real app node in its own process,
// three members writing through their sockets, SIGTERM in the middle. The node tells its clients to
// move ("node:draining"), answers every command it received (acknowledged and stored, or refused as
// "unavailable" and not stored: none is cut off unanswered), and exits 0. Every acknowledged message
// is read back from the database, exactly once.
import { afterEach, expect, it } from "vitest";
import { Types } from "mongoose";
import { io as connectClient, type Socket } from "socket.io-client";
import { socketParser } from "../realtime/wire";
import { SESSION_COOKIE } from "../realtime/io";
import { createSession } from "../models/session/session.service";
import { Message } from "../models/thread/thread.model";
import { startThread } from "../models/thread/thread.service";
import { buildGroup, ctxFor } from "../test/factories";
import { workerMongoUri } from "../test/db";
import { testRedisUrl } from "../test/socket";
import { startAppNode, type AppNode } from "../test/node-process";

let node: AppNode | null = null;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await node?.stop();
  node = null;
});

type Ack = { ok: true; data: { data: { message: { id: string } } } } | { ok: false; error: { code: string } };

function connect(url: string, cookie: string): Promise<Socket> {
  const socket = connectClient(url, {
    transports: ["websocket"],
    parser: socketParser,
    extraHeaders: { cookie: `${SESSION_COOKIE}=${cookie}` },
    forceNew: true,
    reconnection: false,
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

it("SIGTERM: clients are told to move, every command is answered, every acknowledged write is stored, exit 0", async () => {
  const { group, leaders } = await buildGroup({ leaders: 3 });
  const groupId = String(group._id);
  const first = await startThread(ctxFor(leaders[0]), { groupId, clientId: "shutdown-thread", title: "Shutdown", text: "start" });
  const threadId = (first.data as { thread: { id: string } }).thread.id;
  node = await startAppNode({ mongoUri: workerMongoUri(), redisUrl: testRedisUrl() });
  const running = node;

  const acked: string[] = [];
  const refused: string[] = [];
  let cut = 0;
  let terminated: Promise<number | null> | null = null;

  const writers = leaders.map(async (leader, i) => {
    const socket = await connect(running.url, await createSession(String(leader._id)));
    let draining = false;
    const told = new Promise<void>((resolve) => socket.once("node:draining", () => resolve()));
    void told.then(() => (draining = true));
    // At most 25 each (the limit allows 30 per member and 10 s); then, or at the first refusal,
    // the writer waits to be told to move.
    for (let k = 0; !draining && k < 25; k++) {
      const clientId = `w${i}-${k}-${new Types.ObjectId().toHexString().slice(-6)}`;
      const ack = await Promise.race([
        socket.emitWithAck("message:send", { groupId, threadId, clientId, text: `writer ${i} message ${k}` }) as Promise<Ack>,
        new Promise<null>((resolve) => socket.once("disconnect", () => resolve(null))),
      ]);
      if (ack === null) {
        cut++;
        break;
      }
      if (ack.ok) acked.push(ack.data.data.message.id);
      else {
        refused.push(`${clientId}:${ack.error.code}`);
        break;
      }
      // SIGTERM while every writer is mid-stream.
      if (acked.length === 15 && !terminated) terminated = running.terminate();
    }
    await told;
    socket.disconnect(); // as the app's client does: it reconnects, through the proxy, elsewhere
  });
  await Promise.all(writers);
  expect(await terminated, running.output()).toBe(0);

  expect(cut).toBe(0);
  expect(refused.every((r) => r.endsWith(":unavailable"))).toBe(true);
  const stored = await Message.find({ threadId: new Types.ObjectId(threadId) }).lean();
  const storedIds = stored.map((m) => String(m._id));
  expect(stored).toHaveLength(acked.length + 1); // refused commands wrote nothing
  for (const id of acked) expect(storedIds.filter((s) => s === id)).toHaveLength(1);
}, 60_000);

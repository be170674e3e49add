// The cluster as it runs (docs/decisions/043-proxy-and-production-files.md): two real app nodes
// behind HAProxy, four members connected through it. One node is killed with SIGKILL mid-session:
// its clients reconnect through HAProxy (Socket.IO's own reconnect, as the browser's), land on the
// survivor, and a message sent afterwards reaches every member. HAProxy's /readyz checks take the
// dead node out: every request afterwards is answered by the survivor.
import { afterEach, expect, it } from "vitest";
import { io as connectClient, type Socket } from "socket.io-client";
import { socketParser } from "./wire";
import { SESSION_COOKIE } from "./io";
import type { GroupEventDTO } from "../models/delivery/delivery.service";
import { createSession } from "../models/session/session.service";
import { startThread } from "../models/thread/thread.service";
import { buildGroup, ctxFor } from "../test/factories";
import { workerMongoUri } from "../test/db";
import { testRedisUrl } from "../test/socket";
import { startAppNode, type AppNode } from "../test/node-process";
import { startHaproxy, type Haproxy } from "../test/haproxy";

let nodes: AppNode[] = [];
let proxy: Haproxy | null = null;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await proxy?.stop();
  await Promise.all(nodes.map((n) => n.stop()));
  [nodes, proxy] = [[], null];
});

const once = (socket: Socket, event: string) => new Promise<void>((resolve) => socket.once(event, () => resolve()));

it("a node killed mid-session: its clients reconnect through HAProxy to the other and keep receiving", async () => {
  const { group, leaders } = await buildGroup({ leaders: 4 });
  const groupId = String(group._id);
  const first = await startThread(ctxFor(leaders[0]), { groupId, clientId: "failover-thread", title: "Failover", text: "start" });
  const threadId = (first.data as { thread: { id: string } }).thread.id;

  const env = { mongoUri: workerMongoUri(), redisUrl: testRedisUrl() };
  nodes = await Promise.all([startAppNode(env), startAppNode(env)]);
  proxy = await startHaproxy(nodes.map((n) => `127.0.0.1:${n.port}`));

  // Four members through the proxy; least connections puts two on each node.
  const clients: Socket[] = [];
  for (const leader of leaders) {
    const socket = connectClient(proxy.url, {
      transports: ["websocket"],
      parser: socketParser,
      extraHeaders: { cookie: `${SESSION_COOKIE}=${await createSession(String(leader._id))}` },
      forceNew: true,
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
    });
    sockets.push(socket);
    await once(socket, "connect");
    clients.push(socket);
  }

  // Which clients the dead node held: exactly those that lose their connection.
  const lost = new Set<Socket>();
  const back = clients.map(
    (s) =>
      new Promise<void>((resolve) =>
        s.once("disconnect", () => {
          lost.add(s);
          s.once("connect", () => resolve());
        }),
      ),
  );
  const [dead, survivor] = nodes;
  await dead.kill9();
  // Some client was on the dead node (two of four, with leastconn), and every one of them is back.
  await Promise.race([
    Promise.any(back),
    new Promise((_, reject) => setTimeout(() => reject(new Error("nobody lost a connection")), 20_000)),
  ]);
  expect(lost.size).toBeGreaterThan(0);
  await Promise.all(clients.filter((c) => lost.has(c)).map((c) => (c.connected ? Promise.resolve() : once(c, "connect"))));
  expect(clients.every((c) => c.connected)).toBe(true);

  // A message sent through a moved client reaches every member, whichever node they are on now.
  const sender = clients.find((c) => lost.has(c))!;
  const arrivals = clients.map(
    (c) =>
      new Promise<GroupEventDTO>((resolve) => {
        const on = (e: GroupEventDTO) => {
          if (e.type === "message.sent") {
            c.off("group:event", on);
            resolve(e);
          }
        };
        c.on("group:event", on);
      }),
  );
  const ack = await sender
    .timeout(10_000)
    .emitWithAck("message:send", { groupId, threadId, clientId: "failover-after-kill-1", text: "still here" });
  expect(ack.ok).toBe(true);
  const seen = await Promise.all(arrivals);
  expect(new Set(seen.map((e) => e.seq)).size).toBe(1);

  // The dead node is out of rotation: every request through the proxy is answered (by the survivor).
  for (let i = 0; i < 6; i++) expect((await fetch(`${proxy.url}/readyz`)).status).toBe(200);
  expect(survivor.output()).not.toContain("uncaught");
}, 90_000);

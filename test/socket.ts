// Socket test helpers: a real Socket.IO server on port 0 (optionally on the shared Redis, as one
// node of several) and real socket.io-client connections that authenticate with a session cookie.
// Synchronise on events and ack round trips, never on time: waitFor() for what must arrive,
// record() + roundTrip() for what must not.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { io as connectClient, type Socket } from "socket.io-client";
import { inject } from "vitest";
import { createRealtime, SESSION_COOKIE } from "../realtime/io";
import { socketParser } from "../realtime/wire";
import type { ClientToServerEvents, IO, ServerToClientEvents } from "../realtime/events";
import type { GroupEventDTO } from "../models/delivery/delivery.service";
import { createSession } from "../models/session/session.service";
import type { OutgoingMail, Publisher } from "../models/shared/context";
import { createNodeState, type NodeState } from "../models/node";
import { createServices, type Services } from "../server/services";

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface RealtimeTestServer {
  url: string;
  port: number;
  io: IO;
  publisher: Publisher;
  /** The node's one runtime: what its socket door uses, and what a route test on this node should use too. */
  services: Services;
  /** The node's own state (its services built it): what this node holds in memory. */
  node: NodeState;
  close(): Promise<void>;
}

/** The Redis the global setup started (or was given); throws rather than silently running single-node. */
export function testRedisUrl(): string {
  const url = inject("REDIS_URL") || process.env.REDIS_URL;
  if (!url) throw new Error("no REDIS_URL: test/global-setup.ts provides one when Redis runs");
  return url;
}

/**
 * createRealtime on a fresh HTTP server listening on 127.0.0.1, port 0. With `redis`, the node
 * uses the Redis adapter on the shared REDIS_URL (or `redisUrl`), so several of these form one
 * cluster. `localLimits`: the rate limits in memory even then (a test that pauses Redis).
 */
export async function startRealtimeServer(
  opts: { redis?: boolean; redisUrl?: string; localLimits?: boolean; mails?: OutgoingMail[] } = {},
): Promise<RealtimeTestServer> {
  let redis: { pub: Redis; sub: Redis } | null = null;
  if (opts.redis) {
    const url = opts.redisUrl ?? testRedisUrl();
    redis = { pub: new Redis(url, { maxRetriesPerRequest: 2 }), sub: new Redis(url, { maxRetriesPerRequest: 2 }) };
    await Promise.all([redis.pub.ping(), redis.sub.ping()]);
  }
  const httpServer = http.createServer((_req, res) => res.writeHead(404).end());
  const mails = opts.mails ?? [];
  const realtime = createRealtime(httpServer, { redis });
  const services = createServices(
    {
      appUrl: "http://leerkring.test",
      sendMail: async (mail: OutgoingMail) => void mails.push(mail),
      redis: redis && !opts.localLimits ? redis.pub : null,
      publisher: realtime.publisher,
    },
    createNodeState({ freshness: realtime.freshness, redis: redis?.pub ?? null }),
  );
  realtime.serve(services.deps);
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  let closed: Promise<void> | null = null;
  return {
    url,
    port,
    io: realtime.io,
    publisher: realtime.publisher,
    services,
    node: services.deps.node,
    close: () =>
      (closed ??= (async () => {
        for (const [client, clientUrl] of clients) if (clientUrl === url) client.disconnect();
        await realtime.close(); // also closes httpServer
        await services.close();
        if (redis) await Promise.all([redis.pub.quit(), redis.sub.quit()]);
      })()),
  };
}

// Open clients and the server URL each talks to.
const clients = new Map<ClientSocket, string>();

export interface ConnectOptions {
  /** Sent as the Origin header (a browser always sends one). */
  origin?: string;
  /** Socket.IO's handshake auth, as the browser tab sends it: { here: groupId | null } (the page it shows). */
  auth?: Record<string, unknown>;
  /** Extra cookies after the session cookie, e.g. { lk_lang: "en" }. */
  cookies?: Record<string, string>;
  timeout?: number;
  /**
   * Called with the socket before it connects: attach waitFor()/record() here for events the
   * server may send right after the handshake (several frames can arrive in one read, so a
   * listener attached after "connect" resolves could miss them).
   */
  beforeConnect?: (socket: ClientSocket) => void;
}

function openClient(url: string, cookieValue: string | null, opts: ConnectOptions): ClientSocket {
  const cookies = { ...(cookieValue === null ? {} : { [SESSION_COOKIE]: cookieValue }), ...opts.cookies };
  const cookie = Object.entries(cookies)
    .map(([k, v]) => `${k}=${v}`)
    .join("; ");
  const extraHeaders: Record<string, string> = {};
  if (cookie) extraHeaders.cookie = cookie;
  if (opts.origin) extraHeaders.origin = opts.origin;
  const socket: ClientSocket = connectClient(url, {
    transports: ["websocket"],
    parser: socketParser,
    extraHeaders,
    forceNew: true, // one engine per client: two "tabs" are two connections
    ...(opts.auth ? { auth: opts.auth } : {}),
    reconnection: false, // a refused or cut connection stays cut, so tests see it
    timeout: opts.timeout ?? 5000,
  });
  clients.set(socket, url);
  socket.on("disconnect", () => clients.delete(socket));
  opts.beforeConnect?.(socket);
  return socket;
}

/**
 * A connected client authenticated by `cookieValue` (the raw value createSession returned; null
 * sends no session cookie). Resolves on "connect", rejects with the server's reason on "connect_error".
 */
export function connectAs(url: string, cookieValue: string | null, opts: ConnectOptions = {}): Promise<ClientSocket> {
  const socket = openClient(url, cookieValue, opts);
  return new Promise((resolve, reject) => {
    socket.once("connect", () => {
      socket.off("connect_error");
      resolve(socket);
    });
    socket.once("connect_error", (err) => {
      socket.close();
      clients.delete(socket);
      reject(err);
    });
  });
}

/** The connect_error of a connection the server must refuse; rejects if it connects instead. */
export function expectRefused(url: string, cookieValue: string | null, opts: ConnectOptions = {}): Promise<Error> {
  return connectAs(url, cookieValue, opts).then(
    (socket) => {
      socket.disconnect();
      throw new Error("expected the connection to be refused, but it connected");
    },
    (err: Error) => err,
  );
}

/** Disconnects every client these helpers opened and that is still open (for afterEach). */
export function closeClients() {
  for (const client of clients.keys()) client.disconnect();
  clients.clear();
}

type EventArg<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

/**
 * The first `event` on `socket` whose payload satisfies `predicate`, counted from the call; fails
 * after `timeout` ms (a bound on how late it may come, never a pause).
 */
export function waitFor<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
  predicate: (data: EventArg<E>) => boolean = () => true,
  { timeout = 2000 }: { timeout?: number } = {},
): Promise<EventArg<E>> {
  const stack = new Error(`no "${event}" matching the predicate within ${timeout} ms`);
  return new Promise((resolve, reject) => {
    const listener = (data: EventArg<E>) => {
      if (!predicate(data)) return;
      done();
      resolve(data);
    };
    const timer = setTimeout(() => {
      done();
      reject(stack);
    }, timeout);
    const done = () => {
      clearTimeout(timer);
      socket.off(event, listener as never);
    };
    socket.on(event, listener as never);
  });
}

/** When `p` resolved (Date.now()): to measure a latency from a moment that comes later in the test. */
export const settledAt = (p: Promise<unknown>) => p.then(() => Date.now());

/** Resolves with the reason once `socket` is disconnected; fails after `timeout` ms. */
export function waitForDisconnect(socket: ClientSocket, { timeout = 2000 }: { timeout?: number } = {}): Promise<string> {
  if (socket.disconnected && !socket.active) return Promise.resolve("already disconnected");
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`socket still connected after ${timeout} ms`)), timeout);
    socket.once("disconnect", (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

/**
 * Starts recording every `event` on `socket`. For negative assertions: record before the action,
 * wait for a positive sync point (a peer received it, then roundTrip(socket)), then expect the
 * recording to be empty.
 */
export function record<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E) {
  const events: EventArg<E>[] = [];
  const listener = (data: EventArg<E>) => void events.push(data);
  socket.on(event, listener as never);
  return { events, stop: () => void socket.off(event, listener as never) };
}

/** Records every server event on `socket` as [event, payload], for "received nothing at all". */
export function recordAll(socket: ClientSocket) {
  const events: [string, unknown][] = [];
  const listener = (event: string, data: unknown) => void events.push([event, data]);
  socket.onAny(listener);
  return { events, stop: () => void socket.offAny(listener) };
}

/**
 * One request/ack round trip that touches no data (an invalid presence:list). Packets on one
 * connection arrive in order, so when it resolves every event the server emitted to this socket
 * before reading the request has been delivered.
 */
export async function roundTrip(socket: ClientSocket, { timeout = 2000 }: { timeout?: number } = {}) {
  const res = await socket.timeout(timeout).emitWithAck("presence:list", { groupId: "round-trip" });
  if (res.ok || res.error.code !== "invalid_input") throw new Error(`unexpected round-trip ack ${JSON.stringify(res)}`);
}

/** Two nodes sharing the test Redis, as the multi-node tests start them before each test. */
export const startTwoNodes = () => Promise.all([startRealtimeServer({ redis: true }), startRealtimeServer({ redis: true })]);

/** Cuts every test client, then closes the nodes one after the other: a node that closes stops
 *  answering the other's presence requests. */
export async function closeNodes(...nodes: (RealtimeTestServer | undefined)[]) {
  closeClients();
  for (const node of nodes) await node?.close();
}

/** `user` connected to `node`; resolves once the socket is in the room of every group in `groupIds`
 *  (its own presence arrived there). */
export async function online(node: { url: string }, user: { _id: unknown }, groupIds: string[] = []): Promise<ClientSocket> {
  const userId = String(user._id);
  let joined: Promise<unknown> = Promise.resolve();
  const socket = await connectAs(node.url, await createSession(userId), {
    beforeConnect: (s) => {
      joined = Promise.all(
        groupIds.map((g) => waitFor(s, "presence:state", (p) => p.groupId === g && p.userIds.includes(userId), { timeout: 5000 })),
      );
    },
  });
  await joined;
  return socket;
}

export type TestAck<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: string; message: string; issues?: unknown; retryAfter?: number } };

/** Emits any command (also a malformed one) and resolves with its ack. */
export const ask = <T = GroupEventDTO>(socket: ClientSocket, event: string, payload: unknown, timeout = 10_000) =>
  (socket as unknown as { timeout(ms: number): { emitWithAck(ev: string, p: unknown): Promise<TestAck<T>> } })
    .timeout(timeout)
    .emitWithAck(event, payload);

/** The ack's data; throws with the refusal when the command was refused. */
export async function okData<T = GroupEventDTO>(p: Promise<TestAck<T>>): Promise<T> {
  const ack = await p;
  if (!ack.ok) throw new Error(`refused: ${JSON.stringify(ack.error)}`);
  return ack.data;
}

import type { Server as HttpServer, IncomingMessage } from "node:http";
import { Server } from "socket.io";
import { createAdapter } from "@socket.io/redis-adapter";
import type { Redis } from "ioredis";
import { parse as parseCookie } from "cookie";
import { getSession, liveSessionIds } from "../models/session/session.service";
import { socketParser } from "./wire";
import { listVisibleGroupIds } from "../models/group/group.service";
import { refusalOf } from "../models/shared/errors";
import { errorMessage, retryAfterOf } from "../models/shared/error-messages";
import { isLocale, toLocale, type Locale } from "../models/i18n/locale";
import type { Actor, Deps } from "../models/shared/context";
import { clientEvents, groupIdOfRoom, rooms, type Ack, type AppSocket, type ClientEventName, type IO } from "./events";
import { createPublisher } from "./publisher";
import { broadcastPresence } from "./presence";
import { livenessBound, startLiveness } from "./liveness";
import { handlePresenceHere, handlePresenceList } from "./handlers/presence.handlers";
import { HandshakeAuthInput } from "../models/group/group.inputs";
import { FRESHNESS_DEFAULTS, startFreshness } from "./freshness";
import { startRoomCheck } from "./room-check";
import { ALWAYS_FRESH } from "../models/shared/freshness";
import { threadHandlers } from "./handlers/thread.handlers";
import { repairReplies } from "../models/thread/thread.service";
import { docHandlers } from "./handlers/doc.handlers";
import { commentHandlers } from "./handlers/comment.handlers";
import { roundHandlers } from "./handlers/round.handlers";
// The live moment (issue 16)
import { momentHandlers } from "./handlers/moment.handlers";
// Search (issue 20 item 3, decision 086)
import { searchHandlers } from "./handlers/search.handlers";
import { socketConnection, type HandlerContext } from "./handler-context";
import { consoleLog, type Log } from "../models/shared/log";

export const SESSION_COOKIE = "lk_session";
/** Largest Socket.IO frame: room for a document update (the service refuses one above 256 KiB
 *  with an error to its sender); a bigger frame cuts the connection. */
export const MAX_FRAME_BYTES = 600 * 1024;
export const LOCALE_COOKIE = "lk_lang";

export interface RealtimeDeps {
  /** Two ioredis connections (publish, subscribe) for the adapter; none = one node, in memory. */
  redis?: { pub: Redis; sub: Redis } | null;
  /** Where failures are logged (server/log.ts); ids only, never content. */
  log?: Log;
  /** Per-event ack latency and connected sockets (server/metrics.ts). */
  metrics?: RealtimeMetrics;
}

/** What the socket door reports (server/metrics.ts builds it with prom-client). */
export interface RealtimeMetrics {
  socketCommands: { labels(event: string, outcome: string): { observe(seconds: number): void } };
  socketConnections: { inc(): void };
}

/** Is the browser page that opens this connection one of ours? Browsers always send Origin. */
export function isSameOrigin(req: IncomingMessage) {
  const origin = req.headers.origin;
  if (!origin) return true; // not a browser: it cannot carry a victim's cookie
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

const handlers: { [K in ClientEventName]: (ctx: HandlerContext, input: never) => Promise<unknown> } = {
  "presence:list": handlePresenceList,
  "presence:here": handlePresenceHere,
  ...threadHandlers,
  ...docHandlers,
  ...commentHandlers,
  ...roundHandlers,
  // The live moment (issue 16)
  ...momentHandlers,
  // Search (issue 20 item 3, decision 086)
  ...searchHandlers,
};

function refusal(log: Log, locale: Locale, e: unknown, where: { event: string; userId: string }): Ack<never> {
  const r = refusalOf(e);
  if (r !== e) log.error({ err: e, ...where }, "socket handler failed");
  const retryAfter = retryAfterOf(r.meta);
  return {
    ok: false,
    error: {
      code: r.code,
      message: errorMessage(locale, r.code, r.meta),
      ...(r.issues ? { issues: r.issues } : {}),
      ...(retryAfter ? { retryAfter } : {}),
    },
  };
}

/** Socket.IO on the app's HTTP server: cookie auth at the handshake, server-computed rooms, one
 *  validated handler per client event. See docs/decisions/003-socket-session.md. */
export function createRealtime(httpServer: HttpServer, deps: RealtimeDeps) {
  const log = deps.log ?? consoleLog;
  const metrics = deps.metrics;
  // Graceful shutdown (docs/decisions/041-health-and-shutdown.md): once draining, no new socket and
  // no new command (answered "unavailable", the client resends elsewhere with the same id); the
  // commands under way finish and are acknowledged before the node tells its clients to move.
  let draining = false;
  const inflight = new Set<Promise<unknown>>();
  const io: IO = new Server(httpServer, {
    serveClient: false,
    parser: socketParser,
    maxHttpBufferSize: MAX_FRAME_BYTES,
    allowRequest: (req, cb) => cb(null, !draining && isSameOrigin(req)),
    adapter: deps.redis ? createAdapter(deps.redis.pub, deps.redis.sub) : undefined,
  });

  // Presence announcements under way, so close() can let them finish while the adapter still
  // listens (afterwards their Redis requests would go unanswered and their publishes fail).
  let closing = false;
  const announcing = new Set<Promise<void>>();
  const announcePresence = (groupId: string) => {
    if (closing) return; // sockets cut by our own shutdown: this node's adapter closes with them
    const p: Promise<void> = broadcastPresence(io, groupId).finally(() => announcing.delete(p));
    announcing.add(p);
  };

  // A gone node was last heard of within the liveness bound: its unwritten replies are younger than this.
  const REPAIR_SINCE_MS = livenessBound() + 10_000;
  // The node's services, once serve() has them: what the publisher and the liveness below reach.
  let served: Deps | null = null;
  const publisher = createPublisher(io, announcePresence, !!deps.redis, (groupId) => {
    served?.node.access.invalidate(groupId);
    served?.node.scopes.invalidate(groupId); // a moment's or breakout's id (decision 072)
  });

  // Another node died: its sockets already dropped out of fetchSockets, so tell every group this
  // node holds sockets of who is online now (docs/decisions/005-node-liveness.md); and write the
  // documents of replies it stored and had not materialised yet (decision 058).
  const liveness = deps.redis
    ? startLiveness({
        redis: deps.redis.pub,
        onNodesGone: () => {
          for (const room of io.of("/").adapter.rooms.keys()) {
            const groupId = groupIdOfRoom(room);
            if (groupId) announcePresence(groupId);
            if (groupId && served)
              repairReplies(served, groupId, new Date(Date.now() - REPAIR_SINCE_MS)).catch((err) =>
                log.error({ err, groupId }, "replies of a gone node not repaired"),
              );
          }
        },
      })
    : null;

  // Has this node heard every removal the others published? The node's state carries this
  // (createNodeState({ freshness })); while it is stale the room check below reads MongoDB instead.
  const freshness = deps.redis ? startFreshness(deps.redis) : null;
  let roomCheck: ReturnType<typeof startRoomCheck> | null = null;

  /** Starts serving sockets with the node's services (built by the caller around this publisher,
   *  their node state with this realtime's `freshness`). */
  const serve = (services: Deps) => {
    if (services.node.freshness !== (freshness ?? ALWAYS_FRESH))
      throw new Error("the node's state must carry this realtime's freshness: createNodeState({ freshness: realtime.freshness })");
    served = services;
    if (freshness) roomCheck = startRoomCheck({ io, freshness, staleAfterMs: FRESHNESS_DEFAULTS.boundMs, onLeft: announcePresence, log });

    // The groups whose rooms a socket starts in, read at the handshake: a database that cannot be
    // reached refuses the connection ("unavailable", the client tries again) rather than leaving
    // the socket silently in no room.
    const startRooms = new WeakMap<object, string[]>();
    io.use(async (socket, next) => {
      try {
        const cookies = parseCookie(socket.handshake.headers.cookie ?? "");
        const session = await getSession(cookies[SESSION_COOKIE]);
        if (!session) return next(new Error("unauthenticated"));
        const { user, sessionId } = session;
        const auth = HandshakeAuthInput.safeParse(socket.handshake.auth ?? {});
        if (!auth.success) return next(new Error("invalid_input"));
        const lang = cookies[LOCALE_COOKIE];
        socket.data = {
          userId: String(user._id),
          isOrganiser: user.isOrganiser,
          name: user.name || user.email,
          locale: isLocale(lang) ? lang : toLocale(user.locale),
          sessionId,
          ...(auth.data.here !== undefined ? { here: auth.data.here } : {}),
        };
        startRooms.set(socket, await listVisibleGroupIds({ id: socket.data.userId, isOrganiser: socket.data.isOrganiser }));
        next();
      } catch (e) {
        log.error({ err: e }, "socket handshake failed");
        // "unavailable" makes the tab try again later; a bug ("internal") does not.
        next(new Error(refusalOf(e).code));
      }
    });

    // Another node changed access to a group, or removed a member: this node forgets what it kept
    // of the group's access (decision 058). In order with that node's other publishes.
    const forget = (m: { groupId?: unknown }) => {
      if (typeof m?.groupId !== "string") return;
      services.node.access.invalidate(m.groupId);
      services.node.scopes.invalidate(m.groupId); // a moment's or breakout's id (decision 072)
    };
    io.on("access:changed", forget);
    io.on("group:left", forget);

    // Another node stored a document update (publisher.docStored): this node's store notes it.
    io.on("doc:stored", (m) => {
      const update = m?.update instanceof Uint8Array ? m.update : null;
      if (typeof m?.docId === "string" && Number.isSafeInteger(m.seq) && m.seq > 0 && update)
        services.node.collab.store.rememberStored(m.docId, m.seq, update);
    });

    // Another node rewrote a document (erasure, decision 064): this node's copy is of the old log.
    io.on("doc:rewritten", (m) => {
      if (typeof m?.docId === "string") services.node.collab.store.forget(m.docId);
    });

    // Metric children bound once per event: the hot path observes without building labels.
    const timers = metrics
      ? Object.fromEntries(
          (Object.keys(clientEvents) as ClientEventName[]).map((n) => [
            n,
            { ok: metrics.socketCommands.labels(n, "ok"), error: metrics.socketCommands.labels(n, "error") },
          ]),
        )
      : null;
    const observe = (name: ClientEventName, ok: boolean, started: bigint) =>
      timers?.[name][ok ? "ok" : "error"].observe(Number(process.hrtime.bigint() - started) / 1e9);

    // One listener for every command, shared by all of the node's sockets (socket.onAny calls it
    // with the socket as `this`), and the handler's context built per command: a socket holds no
    // closure per event and no context of its own (decision 059).
    async function onCommand(this: AppSocket, name: string, ...args: unknown[]) {
      return runCommand(this, name, args);
    }
    async function runCommand(socket: AppSocket, name: string, args: unknown[]) {
      if (!Object.hasOwn(clientEvents, name)) return; // not a command: nobody listens (as before)
      const event = name as ClientEventName;
      // The ack is always the last argument: emit(name, ack) has no payload, and must still be answered.
      const ack = args.at(-1);
      if (typeof ack !== "function") return; // every command needs an ack; without one there is nobody to answer
      const started = process.hrtime.bigint();
      if (draining) {
        observe(event, false, started);
        return ack({ ok: false, error: { code: "unavailable", message: errorMessage(socket.data.locale, "unavailable") } });
      }
      const payload = args.length > 1 ? args[0] : undefined;
      const parsed = clientEvents[event].input.safeParse(payload);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({ path: i.path.join("."), code: i.message }));
        observe(event, false, started);
        return ack({ ok: false, error: { code: "invalid_input", message: errorMessage(socket.data.locale, "invalid_input"), issues } });
      }
      const { userId } = socket.data;
      const actor: Actor = { id: userId, isOrganiser: socket.data.isOrganiser, name: socket.data.name };
      const ctx: HandlerContext = { actor, io, socket, service: { ...services, actor, connection: socketConnection(socket) } };
      const run = handlers[event](ctx, parsed.data as never).then(
        (data) => {
          observe(event, true, started);
          ack({ ok: true, data });
        },
        (e) => {
          observe(event, false, started);
          ack(refusal(log, socket.data.locale, e, { event, userId }));
        },
      );
      inflight.add(run);
      await run;
      inflight.delete(run);
    }

    // Shared too: the groups a leaving socket was in hear who is online now.
    function onDisconnecting(this: AppSocket) {
      const groups = [...this.rooms].map(groupIdOfRoom).filter((g): g is string => !!g);
      this.once("disconnect", () => {
        groups.forEach(announcePresence);
        if (io.of("/").sockets.size === 0) allGone?.();
      });
    }

    io.on("connection", async (socket) => {
      const { userId } = socket.data;
      metrics?.socketConnections.inc();
      const actor: Actor = { id: userId, isOrganiser: socket.data.isOrganiser };
      socket.onAny(onCommand);

      socket.on("disconnecting", onDisconnecting);

      socket.join([rooms.user(userId), rooms.session(socket.data.sessionId)]);
      const groupIds = startRooms.get(socket) ?? [];
      socket.join(groupIds.map(rooms.group));
      // A removal that committed after the handshake's read called leaveGroup before this socket
      // was in the room, so it missed it. Read again now that it is: anything removed later than
      // this read calls leaveGroup later too, and finds the socket. If that read fails, the socket
      // keeps no group room and is cut (the client connects again).
      let confirmed: Set<string>;
      try {
        // Likewise a sign-out of this session (another device's "sign out", a password change)
        // that came between the handshake and the join of the session's room.
        const [visible, live] = await Promise.all([listVisibleGroupIds(actor), liveSessionIds([socket.data.sessionId])]);
        if (!live.size) {
          socket.disconnect(true);
          return;
        }
        confirmed = new Set(visible);
      } catch (e) {
        log.error({ err: e, userId }, "socket rooms could not be confirmed");
        for (const g of groupIds) socket.leave(rooms.group(g));
        socket.disconnect(true);
        return;
      }
      for (const g of groupIds) if (!confirmed.has(g)) socket.leave(rooms.group(g));
      if (socket.disconnected) return;
      groupIds.filter((g) => confirmed.has(g)).forEach(announcePresence);
    });
  };

  let allGone: (() => void) | null = null;
  const connected = () => io.of("/").sockets.size;

  return {
    io,
    publisher,
    serve,
    /** Connected sockets on this node (for the metrics' gauge, read when scraped). */
    connected,
    /**
     * Graceful shutdown, socket side: refuses new sockets and commands, lets the commands under way
     * finish (each is acknowledged), then tells this node's clients to reconnect elsewhere
     * ("node:draining") and waits until they left, at most `graceMs`; close() cuts the rest.
     */
    async drain(graceMs = 5000) {
      draining = true;
      while (inflight.size) await Promise.allSettled([...inflight]);
      if (connected() === 0) return;
      const gone = new Promise<void>((resolve) => {
        allGone = resolve;
      });
      io.local.emit("node:draining");
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([gone, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
      while (inflight.size) await Promise.allSettled([...inflight]);
    },
    /** Whether this node heard every removal the others published (always, on a single node). */
    freshness: freshness ?? ALWAYS_FRESH,
    /** Stops announcing, lets announcements under way finish, closes Socket.IO and the HTTP server, then leaves the liveness set. */
    close: async () => {
      closing = true;
      await roomCheck?.stop();
      freshness?.stop();
      await Promise.allSettled([...announcing]);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      // Leave the liveness set only once the adapter stopped listening (a PING on the subscriber
      // connection returns after its UNSUBSCRIBE): the others then re-announce presence at once,
      // and their fetchSockets no longer waits for this node.
      await deps.redis?.sub.ping().catch(() => undefined);
      await liveness?.stop();
    },
  };
}

import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "../../realtime/events";
import { socketParser } from "../../realtime/wire";

/** The tab's socket, typed by the event maps the server implements (realtime/events.ts). */
export type AppClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

// One Socket.IO connection per browser tab, shared by every page of the app.
let socket: AppClientSocket | null = null;
// The group whose page the tab shows (null: a page outside groups): presence counts only there.
let here: string | null = null;

/** Sets up listeners on a socket and returns what takes them off again. */
type SocketSetup = (socket: AppClientSocket) => () => void;
const watchers = new Set<{ setup: SocketSetup; teardown: (() => void) | null }>();

/** The tab's connection as a page shows it: the first connect, up, lost and trying again at once
 *  (reconnecting), or gone (offline: the browser says so, or an attempt to reconnect failed). */
export type ConnectionState = "connecting" | "connected" | "reconnecting" | "offline";
let connection: ConnectionState = "connecting";
const connectionListeners = new Set<() => void>();
let stopConnectionWatch: (() => void) | null = null;

function setConnection(next: ConnectionState) {
  if (connection === next) return;
  connection = next;
  for (const l of connectionListeners) l();
}

/** The tab's connection state (the one source every page's indicator reads). */
export const getConnectionState = (): ConnectionState => connection;

/** Calls `listener` on every change of the connection state; returns what stops it. */
export function subscribeConnection(listener: () => void): () => void {
  connectionListeners.add(listener);
  return () => void connectionListeners.delete(listener);
}

/** Follows the socket and the browser's network: when the browser says it is offline, the socket
 *  is closed at once (a half-dead websocket is only noticed after the ping timeout, and edits sent
 *  into it would wait for acks that never come); when it is back, the socket connects again. */
function watchConnection(s: AppClientSocket) {
  const offline = () => {
    setConnection("offline");
    if (s.connected || s.active) s.disconnect();
  };
  const online = () => {
    if (s.connected) return setConnection("connected");
    setConnection("reconnecting");
    s.connect();
  };
  const stop = listen(s, {
    connect: () => setConnection("connected"),
    disconnect: () => setConnection(navigator.onLine && s.active ? "reconnecting" : "offline"),
    connect_error: () => setConnection("offline"),
  });
  window.addEventListener("offline", offline);
  window.addEventListener("online", online);
  setConnection(s.connected ? "connected" : navigator.onLine ? "connecting" : "offline");
  if (!navigator.onLine) s.disconnect();
  return () => {
    stop();
    window.removeEventListener("offline", offline);
    window.removeEventListener("online", online);
  };
}

/** The tab's socket (created on first use, in the browser only). The cookie authenticates it. */
export function getSocket(): AppClientSocket {
  if (!socket) {
    // The handshake says where the tab is, on every (re)connect, so a new node knows it at once.
    const created: AppClientSocket = io({
      transports: ["websocket"],
      withCredentials: true,
      parser: socketParser,
      auth: (cb) => cb({ here }),
    });
    socket = created;
    retryWhenRefused(created);
    stopConnectionWatch = watchConnection(created);
    for (const w of watchers) w.teardown = w.setup(created);
  }
  return socket;
}

/** Socket.IO retries a lost connection by itself, but not one the server refused or cut. The
 *  server does that when it cannot reach its database ("unavailable" at the handshake, or a socket
 *  whose rooms it could not confirm): try again, waiting longer each time (up to 30 s). A refusal
 *  for being signed out ends it. */
function retryWhenRefused(s: AppClientSocket) {
  let wait = 1000;
  let connectedAt = 0;
  const again = () => {
    // Only a connection that held for a while starts the waits over (a server that cuts every
    // socket right after connecting must not be asked once a second); jitter keeps tabs apart.
    if (connectedAt && Date.now() - connectedAt > 10_000) wait = 1000;
    connectedAt = 0;
    setTimeout(
      () => {
        if (socket === s && !s.active) s.connect();
      },
      wait * (0.5 + Math.random()),
    );
    wait = Math.min(wait * 2, 30_000);
  };
  s.on("connect", () => {
    connectedAt = Date.now();
  });
  s.on("connect_error", (err) => {
    if (!s.active && err.message === "unavailable") again();
  });
  s.on("disconnect", (reason) => {
    if (reason === "io server disconnect") again();
  });
  // The node shuts down (decision 041): reconnect at once; the proxy sends the new connection to
  // another node, and what was unanswered is resent there as after any reconnect.
  s.on("node:draining", () => {
    s.disconnect();
    s.connect();
  });
}

/** Drops the tab's socket (after logout, or when the server cut it). */
export function resetSocket() {
  for (const w of watchers) {
    w.teardown?.();
    w.teardown = null;
  }
  stopConnectionWatch?.();
  stopConnectionWatch = null;
  socket?.disconnect();
  socket = null;
  setConnection("connecting");
}

/** The tab's socket if a page already opened one. */
export function peekSocket(): AppClientSocket | null {
  return socket;
}

/** The tab now shows a page of `groupId` (null: a page outside groups, such as the inbox). Being
 *  online in a group is being on one of its pages: the server counts this tab there only. */
export function setHere(groupId: string | null) {
  if (here === groupId) return;
  here = groupId;
  // Sent now, or buffered until the socket connects (a handshake already under way may have said
  // the page before): the last word is the page the tab shows.
  socket?.emit("presence:here", { groupId }, () => undefined);
}

/** Runs `setup` on the tab's socket once one exists (now, or when a page opens it) without opening
 *  one; the returned function takes the listeners off again. */
export function watchSocket(setup: SocketSetup): () => void {
  const w = { setup, teardown: socket ? setup(socket) : null };
  watchers.add(w);
  return () => {
    w.teardown?.();
    watchers.delete(w);
  };
}

type ReservedEvents = {
  connect: () => void;
  disconnect: (reason: Socket.DisconnectReason) => void;
  connect_error: (err: Error) => void;
};
/** Listeners by event name: the server's facts (typed by ServerToClientEvents) and the connection's own. */
export type SocketListeners = Partial<ServerToClientEvents & ReservedEvents>;

/** Adds the listeners to the socket; the returned function takes them off again. */
export function listen(s: AppClientSocket, listeners: SocketListeners): () => void {
  // Each pair is typed by SocketListeners; Socket.IO's on() cannot take a union of events at once.
  const pairs = Object.entries(listeners) as [keyof ServerToClientEvents, ServerToClientEvents[keyof ServerToClientEvents]][];
  for (const [event, fn] of pairs) s.on(event, fn);
  return () => {
    for (const [event, fn] of pairs) s.off(event, fn);
  };
}

import { io, type Socket } from "socket.io-client";
import { socketParser } from "../../realtime/wire";

// One Socket.IO connection per browser tab, shared by every page of the app.
let socket: Socket | null = null;

/** The tab's socket (created on first use, in the browser only). The cookie authenticates it. */
export function getSocket(): Socket {
  socket ??= io({ transports: ["websocket"], withCredentials: true, parser: socketParser });
  return socket;
}

/** Drops the tab's socket (after logout, or when the server cut it). */
export function resetSocket() {
  socket?.disconnect();
  socket = null;
}

/** The tab's socket if a page already opened one (the navigation does not open one itself:
 *  being online is being on a page of the group). */
export function peekSocket(): Socket | null {
  return socket;
}

import type { Actor, Connection, ServiceContext } from "../models/shared/context";
import { rooms, type AppSocket, type IO } from "./events";

/** What every socket handler gets: built once per connection by io.ts, imported by the handlers
 *  (its own file, so that io.ts, which imports the handlers, is not imported back by them). */
export interface HandlerContext {
  actor: Actor;
  /** The same service context the form door builds (plus the connection): services see no other difference between doors. */
  service: ServiceContext;
  io: IO;
  socket: AppSocket;
}

/** The socket as the services see it (ServiceContext.connection): its id, the documents it has open, its end. */
export function socketConnection(socket: AppSocket): Connection {
  return {
    id: socket.id,
    hasDocOpen: (groupId, docId) => socket.rooms.has(rooms.doc(groupId, docId)),
    onClose: (fn) => void socket.once("disconnect", fn),
  };
}

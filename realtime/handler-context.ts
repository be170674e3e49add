import type { Actor, ServiceContext } from "../models/shared/context";
import type { AppSocket, IO } from "./events";

/** What every socket handler gets: built once per connection by io.ts, imported by the handlers
 *  (its own file, so that io.ts, which imports the handlers, is not imported back by them). */
export interface HandlerContext {
  actor: Actor;
  /** The same service context the form door builds: services see no difference between doors. */
  service: ServiceContext;
  io: IO;
  socket: AppSocket;
  /** Tells the other nodes about a document update this node stored (nothing on a single node). */
  announceStored: (docId: string, seq: number, update: Uint8Array) => void;
}

import type { Types } from "mongoose";
import type { NodeState } from "../node";

/** What a service knows about who acts. */
export interface Actor {
  id: string;
  isOrganiser: boolean;
}

/** Process-wide side channel for live updates; implemented by realtime/publisher.ts. */
export interface Publisher {
  /** Emit a server fact to every socket of one user, on every node. */
  toUser(userId: string, event: string, data: unknown): void;
  /** Emit a server fact to every socket in a group's room, on every node. */
  toGroup(groupId: string, event: string, data: unknown): void;
  /** Emit a server fact to every socket that has a document open, on every node (the charter
   *  draft's readers need not be in the group's room). */
  toDoc(groupId: string, docId: string, event: string, data: unknown): void;
  /** Move every socket of a user into (or out of) a group's room, on every node. */
  joinGroup(userId: string, groupId: string): void;
  leaveGroup(userId: string, groupId: string): void;
  /** Disconnect every socket of a user, on every node (logout, password change, removal). */
  disconnectUser(userId: string): void;
}

/** A publisher for processes without sockets (seed script, CLI). */
export const silentPublisher: Publisher = {
  toUser() {},
  toGroup() {},
  toDoc() {},
  joinGroup() {},
  leaveGroup() {},
  disconnectUser() {},
};

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/** Counts attempts per key in a window; Redis-backed when Redis is configured (shared by every
 *  node), in memory otherwise. Implementations: server/rate-limit.ts. */
export interface RateLimiter {
  hit(key: string, limit: number, windowSeconds: number): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}

/** Process-wide dependencies every service may use; built once in server/. */
export interface Deps {
  rateLimiter: RateLimiter;
  publisher: Publisher;
  sendMail: (mail: OutgoingMail) => Promise<void>;
  /** Absolute base URL for links in emails. */
  appUrl: string;
  /** This node's in-memory state (models/node.ts), one per node for both doors. */
  node: NodeState;
}

export interface ServiceContext extends Deps {
  actor: Actor;
}

/** What reaches only the node's state: enough for reads and upkeep that no actor asks for (tests, benchmarks, background work). */
export type NodeContext = Pick<Deps, "node">;

export type Id = string | Types.ObjectId;

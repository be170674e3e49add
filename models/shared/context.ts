import type { Types } from "mongoose";
import type { NodeState } from "../node";
import type { Limits } from "./limits";

/** What a service knows about who acts. */
export interface Actor {
  id: string;
  isOrganiser: boolean;
  /** The display name as read when the socket connected (the socket door only): a reply's author
   *  name without a read (decision 058). */
  name?: string;
}

/** Process-wide side channel for live updates; implemented by realtime/publisher.ts. */
export interface Publisher {
  /** Emit a server fact to every socket of one user, on every node. */
  toUser(userId: string, event: string, data: unknown): void;
  /** Emit a server fact to every socket in a group's room, on every node. */
  toGroup(groupId: string, event: string, data: unknown): void;
  /** Emit a server fact to every socket that has a document open, on every node (the charter
   *  draft's readers need not be in the group's room); but not to the connection `except` (the
   *  sender of what the fact reports, which has it already). */
  toDoc(groupId: string, docId: string, event: string, data: unknown, except?: string): void;
  /** Emit a round's state to one viewer's sockets in the round (a seated member's own view), or with
   *  `userId` null to the group's other members watching it (decision 032), on every node. */
  toRound(groupId: string, roundId: string, userId: string | null, event: string, data: unknown): void;
  /** Tell the other nodes that this node stored a document update at `seq` (they note the log's
   *  end and keep the entry for their next check); nothing on a single node. */
  docStored(docId: string, seq: number, update: Uint8Array): void;
  /** A document's log was rewritten (erasure, decision 064): every node forgets its copy, open editors reload. */
  docRewritten(groupId: string, docId: string): void;
  /** Move every socket of a user into (or out of) a group's room, on every node. */
  joinGroup(userId: string, groupId: string): void;
  leaveGroup(userId: string, groupId: string): void;
  /** Tell the other nodes that access to a group changed: they forget what they kept of it
   *  (models/group/access-cache.ts, decision 058). Nothing on a single node. */
  accessChanged(groupId: string): void;
  // ---- network moments, part D (boards): decision 072 ----
  /** A participant left a breakout (their seat moved): their sockets close its board and leave its
   *  room on every node at once, and every node forgets what it kept of their access to it. */
  leaveBoard(userId: string, breakoutId: string): void;
  // ---- end network moments, part D ----
  /** Disconnect every socket of a user, on every node (logout, password change, removal). */
  disconnectUser(userId: string): void;
  /** Disconnect the sockets opened with one session (its stored id), on every node (sessions you can see, decision 040). */
  disconnectSession(sessionId: string): void;
  // Network moments, the live moment (issue 16; decision 070) -------------------------------------
  /** Emit to a moment's sockets on every node: everyone in it, its facilitators, or everyone but them. */
  toMoment(momentId: string, audience: "all" | "facilitators" | "participants", event: string, data: unknown): void;
  /** Emit to the sockets in one breakout's room, on every node. */
  toBreakout(breakoutId: string, event: string, data: unknown): void;
  /** Move every socket of a user into a breakout's room, on every node at once. */
  joinBreakout(userId: string, breakoutId: string): void;
  /** Every socket leaves a breakout's room (everyone back in the plenary), on every node. */
  leaveBreakout(breakoutId: string): void;
  /** Take every socket of a user out of a moment's rooms on every node at once (decision 079): the
   *  moment's, its facilitators', the given breakouts' and the documents' of both (the notes, the
   *  boards), or with facilitatorsOnly only the facilitators' room. */
  leaveMoment(userId: string, momentId: string, what: { facilitatorsOnly: true } | { breakoutIds: string[] }): void;
}

/** A publisher for processes without sockets (seed script, CLI). */
export const silentPublisher: Publisher = {
  toUser() {},
  toGroup() {},
  toDoc() {},
  toRound() {},
  docStored() {},
  docRewritten() {},
  joinGroup() {},
  leaveGroup() {},
  accessChanged() {},
  leaveBoard() {},
  disconnectUser() {},
  disconnectSession() {},
  // Network moments, the live moment (issue 16)
  toMoment() {},
  toBreakout() {},
  joinBreakout() {},
  leaveBreakout() {},
  leaveMoment() {},
};

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** Extra headers (List-Unsubscribe); the e-mail API passes them on. */
  headers?: Record<string, string>;
}

/** Process-wide dependencies every service may use; built once in server/. */
export interface Deps {
  /** The node's limits (models/shared/limits.ts), built once per node by createServices. */
  limits: Limits;
  publisher: Publisher;
  sendMail: (mail: OutgoingMail) => Promise<void>;
  /** Absolute base URL for links in emails. */
  appUrl: string;
  /** This node's in-memory state (models/node.ts), one per node for both doors. */
  node: NodeState;
}

/** The live connection a call came through (the socket door); a form request has none. */
export interface Connection {
  /** Unique across nodes (the socket's id): a publish can leave this connection out. */
  id: string;
  /** Has this connection the document open: joined it, and not taken out since (a removal takes
   *  a member's connections out of the group's documents on every node at once). */
  hasDocOpen(groupId: string, docId: string): boolean;
  /** Runs `fn` once the connection has closed (per-connection memory on the node is freed). */
  onClose(fn: () => void): void;
}

export interface ServiceContext extends Deps {
  actor: Actor;
  /** Set by the socket door: what a service may keep per connection (decision 014) or leave out of a publish. */
  connection?: Connection;
}

/** What reaches only the node's state: enough for reads and upkeep that no actor asks for (tests, benchmarks, background work). */
export type NodeContext = Pick<Deps, "node">;

export type Id = string | Types.ObjectId;

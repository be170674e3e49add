import { loadDocumentFor } from "../../models/document/document.service";
import { applyDocUpdate, loadDocState } from "../../models/document/collab.service";
import { DomainError } from "../../models/shared/errors";
import type { HandlerContext } from "../handler-context";
import { rooms } from "../events";
import type { PartInput } from "../../models/collab/update-parts";

// Co-editing over the group's socket (docs/decisions/007-collab-sync.md). Parse happened in io.ts;
// the service decides and stores; these handlers only move sockets between rooms and broadcast.

const UPDATE_LIMIT = 150; // batches (or parts) per user per 10 s, all documents together (an editor sends at most 5 per second)

async function limitUpdates(ctx: HandlerContext) {
  const r = await ctx.service.rateLimiter.hit(`doc:${ctx.actor.id}`, UPDATE_LIMIT, 10);
  if (!r.allowed) throw new DomainError("rate_limited", undefined, { retryAfter: r.retryAfterSeconds });
}

/** How long a socket's write decision for a document is reused (decision 014). */
export const WRITE_DECISION_REUSE_MS = 1000;

/**
 * The policy's "write" decision for this socket's batches to a document: made fresh, then reused
 * for at most WRITE_DECISION_REUSE_MS, and only while the socket is in the document's room (the
 * policy put it there; a removal takes it out on every node at once, so a removed member's next
 * batch is decided afresh and refused). An editor sends a few batches a second: this saves most
 * of their policy reads (decision 014).
 */
async function writeDecision(ctx: HandlerContext, groupId: string, docId: string) {
  const room = rooms.doc(groupId, docId);
  const { decisions } = ctx.service.node.collab;
  let mine = decisions.get(ctx.socket);
  if (!mine) {
    mine = new Map();
    decisions.set(ctx.socket, mine);
  }
  const held = mine.get(room);
  if (held && Date.now() - held.at < WRITE_DECISION_REUSE_MS && ctx.socket.rooms.has(room)) return held.loaded;
  mine.delete(room);
  const loaded = await loadDocumentFor(ctx.service, groupId, docId, "write");
  if (ctx.socket.rooms.has(room)) mine.set(room, { loaded, at: Date.now() });
  return loaded;
}

async function storeAndBroadcast(
  ctx: HandlerContext,
  input: { groupId: string; docId: string; clientId: string; update: Uint8Array; seen?: number },
) {
  const stored = await applyDocUpdate(ctx.service, input, await writeDecision(ctx, input.groupId, input.docId));
  if (stored.created) ctx.announceStored(input.docId, stored.seq, input.update);
  // Also after a resend (position 0: stored before, no new position): the first attempt may have
  // stored and died before broadcasting (Yjs ignores what a peer already has; clients skip
  // position 0 in their position tracking). Everyone in the room but the sender, on every node.
  ctx.socket.to(rooms.doc(input.groupId, input.docId)).emit("doc:updated", { docId: input.docId, update: input.update, seq: stored.seq });
  return { seq: stored.seq };
}

export const docHandlers = {
  "doc:join": async (ctx: HandlerContext, input: { groupId: string; docId: string; stateVector: Uint8Array }) => {
    const state = await loadDocState(ctx.service, input);
    const room = rooms.doc(input.groupId, input.docId);
    await ctx.socket.join(room);
    // A removal that committed after the check above called leaveGroup before this socket was in
    // the room: check again now that it is (anything later finds the socket in the room).
    try {
      await loadDocumentFor(ctx.service, input.groupId, input.docId, "read");
    } catch (e) {
      await ctx.socket.leave(room);
      throw e;
    }
    return state;
  },
  "doc:leave": async (ctx: HandlerContext, input: { groupId: string; docId: string }) => {
    const room = rooms.doc(input.groupId, input.docId);
    if (!ctx.socket.rooms.has(room)) throw new DomainError("not_found");
    await ctx.socket.leave(room);
    return null;
  },
  "doc:update": async (
    ctx: HandlerContext,
    input: { groupId: string; docId: string; clientId: string; update: Uint8Array; seen?: number },
  ) => {
    await limitUpdates(ctx);
    return storeAndBroadcast(ctx, input);
  },
  /** Parts of a batch above one frame (docs/decisions/011-update-limits.md); the last stores the whole. */
  "doc:update-part": async (ctx: HandlerContext, input: PartInput) => {
    await limitUpdates(ctx);
    // The policy on every part: an outsider is refused like a missing group and holds nothing here.
    await writeDecision(ctx, input.groupId, input.docId);
    const received = ctx.service.node.collab.parts.receive(ctx.socket, ctx.actor.id, input);
    if ("next" in received) return received;
    return storeAndBroadcast(ctx, { groupId: input.groupId, docId: input.docId, clientId: input.clientId, update: received.update });
  },
  /** Volatile and never stored; only from a socket the policy put in the document's room. */
  "doc:awareness": async (ctx: HandlerContext, input: { groupId: string; docId: string; update: Uint8Array }) => {
    const room = rooms.doc(input.groupId, input.docId);
    if (!ctx.socket.rooms.has(room)) throw new DomainError("not_found");
    ctx.socket.volatile.to(room).emit("doc:awareness", { docId: input.docId, update: input.update });
    return null;
  },
};

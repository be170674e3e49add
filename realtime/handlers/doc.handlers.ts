import { applyDocUpdate, loadDocState, loadDocumentFor } from "../../models/document/document.service";
import { DomainError } from "../../models/shared/errors";
import type { HandlerContext } from "../io";
import { rooms } from "../events";

// Co-editing over the group's socket (docs/decisions/007-collab-sync.md). Parse happened in io.ts;
// the service decides and stores; these handlers only move sockets between rooms and broadcast.

const UPDATE_LIMIT = 150; // batches per user per 10 s, all documents together (an editor sends at most 5 per second)

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
  "doc:update": async (ctx: HandlerContext, input: { groupId: string; docId: string; clientId: string; update: Uint8Array }) => {
    const r = await ctx.service.rateLimiter.hit(`doc:${ctx.actor.id}`, UPDATE_LIMIT, 10);
    if (!r.allowed) throw new DomainError("rate_limited", undefined, { retryAfter: r.retryAfterSeconds });
    const stored = await applyDocUpdate(ctx.service, input);
    // Also after a resend: the first attempt may have stored and died before broadcasting (Yjs
    // ignores what a peer already has). Everyone in the room but the sender, on every node.
    ctx.socket.to(rooms.doc(input.groupId, input.docId)).emit("doc:updated", { docId: input.docId, update: input.update, seq: stored.seq });
    return { seq: stored.seq };
  },
  /** Volatile and never stored; only from a socket the policy put in the document's room. */
  "doc:awareness": async (ctx: HandlerContext, input: { groupId: string; docId: string; update: Uint8Array }) => {
    const room = rooms.doc(input.groupId, input.docId);
    if (!ctx.socket.rooms.has(room)) throw new DomainError("not_found");
    ctx.socket.volatile.to(room).emit("doc:awareness", { docId: input.docId, update: input.update });
    return null;
  },
};

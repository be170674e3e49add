import { loadCollabDocFor } from "../../models/document/document.service";
import { applyDocUpdate, applyDocUpdatePart, loadDocState } from "../../models/document/collab.service";
import { DomainError } from "../../models/shared/errors";
import { spend } from "../../models/shared/limits";
import type { HandlerContext } from "../handler-context";
import { rooms } from "../events";
import type { PartInput } from "../../models/collab/update-parts";

// Co-editing over the group's socket (docs/decisions/007-collab-sync.md). Parse happened in io.ts;
// the service decides, stores and publishes (the socket is its context's connection: decision 014);
// these handlers move sockets between rooms, relay awareness and apply the per-user update budget.

// The editor's budget of batches (or parts), LIMITS.docUpdates. Here and not in the service: only
// this door sends batches, and the service's other callers (a restore, the charter's text: one
// stored update per form request) are no editor's typing and must not spend an editor's budget.
const limitUpdates = (ctx: HandlerContext) => spend(ctx.service.limits.docUpdates, ctx.actor.id);

export const docHandlers = {
  "doc:join": async (ctx: HandlerContext, input: { groupId: string; docId: string; stateVector: Uint8Array }) => {
    const state = await loadDocState(ctx.service, input);
    const room = rooms.doc(input.groupId, input.docId);
    await ctx.socket.join(room);
    // A removal that committed after the check above called leaveGroup before this socket was in
    // the room: check again now that it is (anything later finds the socket in the room).
    try {
      await loadCollabDocFor(ctx.service, input.groupId, input.docId, "read");
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
    const { seq } = await applyDocUpdate(ctx.service, input);
    return { seq };
  },
  /** Parts of a batch above one frame (docs/decisions/011-update-limits.md); the last stores the whole. */
  "doc:update-part": async (ctx: HandlerContext, input: PartInput) => {
    await limitUpdates(ctx);
    return applyDocUpdatePart(ctx.service, input);
  },
  /** Volatile and never stored; only from a socket the policy put in the document's room. */
  "doc:awareness": async (ctx: HandlerContext, input: { groupId: string; docId: string; update: Uint8Array }) => {
    const room = rooms.doc(input.groupId, input.docId);
    if (!ctx.socket.rooms.has(room)) throw new DomainError("not_found");
    ctx.socket.volatile.to(room).emit("doc:awareness", { docId: input.docId, update: input.update });
    return null;
  },
};

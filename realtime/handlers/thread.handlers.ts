import {
  deleteMessage,
  editMessage,
  getThread,
  markRead,
  pinThread,
  sendMessage,
  startThread,
  subscribeThread,
  syncGroup,
} from "../../models/thread/thread.service";
import { DomainError } from "../../models/shared/errors";
import type { HandlerContext } from "../handler-context";
import { rooms } from "../events";

// Parse happened in io.ts; each handler is one service call, the same the forms use.

export const threadHandlers = {
  // The send budget is spent in the services (models/shared/send-budget.ts), for both doors.
  "thread:start": (ctx: HandlerContext, input: Parameters<typeof startThread>[1]) => startThread(ctx.service, input),
  "message:send": (ctx: HandlerContext, input: Parameters<typeof sendMessage>[1]) => sendMessage(ctx.service, input),
  "message:edit": (ctx: HandlerContext, input: Parameters<typeof editMessage>[1]) => editMessage(ctx.service, input),
  "message:delete": (ctx: HandlerContext, input: Parameters<typeof deleteMessage>[1]) => deleteMessage(ctx.service, input),
  "thread:pin": (ctx: HandlerContext, input: Parameters<typeof pinThread>[1]) => pinThread(ctx.service, input),
  "thread:subscribe": (ctx: HandlerContext, input: Parameters<typeof subscribeThread>[1]) => subscribeThread(ctx.service, input),
  "thread:read": (ctx: HandlerContext, input: Parameters<typeof markRead>[1]) => markRead(ctx.service, input),
  "thread:history": (ctx: HandlerContext, input: { groupId: string; threadId: string; beforeSeq?: number; limit: number }) =>
    getThread(ctx.service, input),
  "group:sync": (ctx: HandlerContext, input: Parameters<typeof syncGroup>[1]) => syncGroup(ctx.service, input),
  /** Never stored; only into a room the policy put this socket in. */
  "thread:typing": async (ctx: HandlerContext, input: { groupId: string; threadId: string }) => {
    if (!ctx.socket.rooms.has(rooms.group(input.groupId))) throw new DomainError("not_found");
    // Not volatile: a typist sends this at most every 2.5 s, and Socket.IO drops a volatile packet
    // for any socket still writing the previous one (a new message, say), hiding the indicator.
    ctx.socket
      .to(rooms.group(input.groupId))
      .emit("thread:typing", { groupId: input.groupId, threadId: input.threadId, userId: ctx.actor.id });
    return null;
  },
};

import { loadGroupFor } from "../../models/group/group.service";
import { actOnRound, getRoundView, getScreenView } from "../../models/intervision/round.service";
import type { RoundActInput } from "../../models/intervision/round.inputs";
import type { HandlerContext } from "../handler-context";
import { rooms } from "../events";

// Live rounds over the group's socket (docs/decisions/031-round-state.md). Parse happened in io.ts;
// the service decides, stores and publishes each viewer's own view to their round room; these
// handlers only move the socket into that room.

export const roundHandlers = {
  /** The whole round as this member may see it; the socket then gets every later state. */
  "round:join": async (ctx: HandlerContext, input: { groupId: string; roundId: string }) => {
    const view = await getRoundView(ctx.service, input);
    return joinRoundRoom(ctx, input, view, view.you.role !== null ? ctx.actor.id : null);
  },
  /** The room's shared screen (decision 045): the watchers' view and room, whoever opens it. */
  "round:screen": async (ctx: HandlerContext, input: { groupId: string; roundId: string }) =>
    joinRoundRoom(ctx, input, await getScreenView(ctx.service, input), null),
  /** One action; the ack carries the actor's view after it, the others get theirs as round:state. */
  "round:act": (ctx: HandlerContext, input: RoundActInput) => actOnRound(ctx.service, input),
};

/** Moves the socket into the round room of `userId` (null: the watchers') and answers `view`. */
async function joinRoundRoom<V>(ctx: HandlerContext, input: { groupId: string; roundId: string }, view: V, userId: string | null) {
  const room = rooms.round(input.groupId, input.roundId, userId);
  await ctx.socket.join(room);
  // A removal that committed after the read above called leaveGroup before this socket was in
  // the room: check again now that it is (anything later finds the socket in the room).
  try {
    await loadGroupFor(ctx.actor, input.groupId, "group.content");
  } catch (e) {
    await ctx.socket.leave(room);
    throw e;
  }
  return view;
}

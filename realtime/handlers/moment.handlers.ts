import { actOnMoment, answerPoll, getLiveView, handOnMoment, sendMomentMessage } from "../../models/moment/live.service";
import type { LiveActInput, MomentChatInput, MomentHandInput, PollAnswerInput } from "../../models/moment/live.inputs";
import { getMomentAccess } from "../../models/moment/moment.access";
import { DomainError } from "../../models/shared/errors";
import type { HandlerContext } from "../handler-context";
import { rooms } from "../events";

// The live moment over the socket (docs/decisions/069-071). Parse happened in io.ts; the service
// decides, stores and publishes. Only moment:join moves this socket into rooms, and only those the
// gate allows: the moment's, its facilitators' (facilitators), and the breakout the viewer is seated
// in while it is open. Moving between breakouts is the service's (publisher.joinBreakout).

export const momentHandlers = {
  "moment:join": async (ctx: HandlerContext, input: { momentId: string }) => {
    const view = await getLiveView(ctx.service, input, async ({ role }) => {
      await ctx.socket.join([rooms.moment(input.momentId), ...(role === "facilitator" ? [rooms.momentFacilitators(input.momentId)] : [])]);
    });
    if (view.breakout) await ctx.socket.join(rooms.breakout(view.breakout.id));
    // A removal that committed after the gate's read took the user's sockets out before this one was
    // in the rooms (decision 079): read the gate again now that it is (anything later finds it there).
    const now = await getMomentAccess(ctx.actor, input.momentId);
    if (now?.role !== view.role) {
      const joined = [
        rooms.moment(input.momentId),
        rooms.momentFacilitators(input.momentId),
        ...(view.breakout ? [rooms.breakout(view.breakout.id)] : []),
      ];
      for (const room of joined) await ctx.socket.leave(room);
      throw new DomainError(now ? "conflict" : "not_found");
    }
    return view;
  },
  "moment:act": (ctx: HandlerContext, input: LiveActInput) => actOnMoment(ctx.service, input),
  "moment:answer": (ctx: HandlerContext, input: PollAnswerInput) => answerPoll(ctx.service, input),
  "moment:chat": (ctx: HandlerContext, input: MomentChatInput) => sendMomentMessage(ctx.service, input),
  "moment:hand": (ctx: HandlerContext, input: MomentHandInput) => handOnMoment(ctx.service, input),
};

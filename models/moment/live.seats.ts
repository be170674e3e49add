import { Group } from "../group/group.model";
import { activeMembers } from "../group/memberships";
import { builtInProtocols } from "../intervision/protocols/index";
import type { ServiceContext } from "../shared/context";
import { oid } from "../shared/oid";
import { Trajectory } from "../trajectory/trajectory.model";
import { displayNames } from "../user/user.service";
import type { SeatMoveDTO } from "./compose.dto";
import type { BreakoutViewDTO } from "./live.dto";
import { initialLiveState, type LiveState } from "./live.machine";
import { MomentLiveVersion } from "./live.model";
import { Breakout, BreakoutSeat, type MomentRecord } from "./moment.model";

// Where the live moment and the composition meet (issue 16): the moment's live state, its breakouts
// as the live page shows them, and what follows a seat change. Composing (compose.service.ts) and
// running the moment (live.service.ts) both come here, so neither imports the other's publishing.

/** The moment's newest stored state (none stored: not started). */
export async function newestState(momentId: string): Promise<LiveState> {
  const v = await MomentLiveVersion.findOne({ momentId: oid(momentId) }, { state: 1 })
    .sort({ version: -1 })
    .lean();
  return (v?.state as LiveState | undefined) ?? initialLiveState();
}

/** The moment's participants (active leaders and coaches of the invited groups, facilitators left
 *  out), each with their home group, in the groups' order. */
async function participantsOf(moment: MomentRecord): Promise<{ userId: string; groupId: string }[]> {
  const [members, trajectory] = await Promise.all([
    Promise.all(moment.groupIds.map((g) => activeMembers(g))),
    Trajectory.findById(moment.trajectoryId, { organiserIds: 1 }).lean(),
  ]);
  const facilitators = new Set([...moment.facilitatorIds, ...(trajectory?.organiserIds ?? [])].map(String));
  const seen = new Set<string>();
  const out: { userId: string; groupId: string }[] = [];
  moment.groupIds.forEach((g, i) => {
    for (const m of members[i].filter((x) => x.role === "leader" || x.role === "coach")) {
      if (facilitators.has(m.userId) || seen.has(m.userId)) continue;
      seen.add(m.userId);
      out.push({ userId: m.userId, groupId: String(g) });
    }
  });
  return out;
}

/** Every breakout of a block with its members (names, home groups) and the block's protocol as guidance. */
export async function breakoutViews(ctx: ServiceContext, moment: MomentRecord, blockId: string): Promise<BreakoutViewDTO[]> {
  const [breakouts, seats, people, groups] = await Promise.all([
    Breakout.find({ momentId: moment._id, blockId }).sort({ index: 1 }).lean(),
    BreakoutSeat.find({ momentId: moment._id, blockId }, { userId: 1, breakoutId: 1 }).lean(),
    participantsOf(moment),
    Group.find({ _id: { $in: moment.groupIds } }, { name: 1 }).lean(),
  ]);
  const names = await displayNames(
    ctx,
    seats.map((s) => s.userId),
  );
  const groupName = new Map(groups.map((g) => [String(g._id), g.name as string]));
  const home = new Map(people.map((p) => [p.userId, groupName.get(p.groupId) ?? null]));
  const block = moment.blocks.find((b) => b._id === blockId);
  const protocol = block?.protocolId ? builtInProtocols().find((p) => p.id === block.protocolId) : undefined;
  return breakouts.map((b) => ({
    id: String(b._id),
    momentId: String(moment._id),
    blockId,
    index: b.index,
    theme: b.theme ?? null,
    members: seats
      .filter((s) => String(s.breakoutId) === String(b._id))
      .map((s) => ({ userId: String(s.userId), name: names.get(String(s.userId)) ?? "?", groupName: home.get(String(s.userId)) ?? null }))
      .sort((x, y) => x.name.localeCompare(y.name)),
    protocol: protocol
      ? {
          id: protocol.id,
          name: protocol.name,
          phases: protocol.phases.map((p) => ({ name: p.name, minutes: p.timer?.minutes ?? 0 })),
        }
      : null,
  }));
}

/**
 * After seats of a block changed (stored, moved, a late arrival): whoever left a breakout loses its
 * board on every node at once (publisher.leaveBoard, which also takes them out of its room); while
 * the block's breakouts are open, the moved join their new breakout's room, the breakouts that
 * changed hear their new members and the facilitators the whole picture.
 */
export async function seatsMoved(ctx: ServiceContext, moment: MomentRecord, blockId: string, moved: readonly SeatMoveDTO[]) {
  if (moved.length === 0) return;
  const momentId = String(moment._id);
  for (const m of moved) if (m.from) ctx.publisher.leaveBoard(m.userId, m.from);
  if ((await newestState(momentId)).breakouts?.blockId !== blockId) return;
  for (const m of moved) if (m.to) ctx.publisher.joinBreakout(m.userId, m.to);
  const views = await breakoutViews(ctx, moment, blockId);
  const touched = new Set(moved.flatMap((m) => [m.from, m.to]));
  // After the joins (the adapter keeps one node's requests in order): each moved one hears their room.
  for (const v of views) if (touched.has(v.id)) ctx.publisher.toBreakout(v.id, "moment:breakout", v);
  ctx.publisher.toMoment(momentId, "facilitators", "moment:breakouts", { momentId, breakouts: views });
}

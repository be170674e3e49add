// A network moment for tests of its documents: two invited groups, a named facilitator, two
// breakouts of one block with a participant seated in each, and an outsider.
import { Group } from "../models/group/group.model";
import { Breakout, BreakoutSeat, Moment, seatId } from "../models/moment/moment.model";
import type { UserDoc } from "../models/user/user.model";
import { addMembership, buildGroup, buildUser } from "./factories";

/** Seats `user` in `breakoutId` of block "b1" (or moves their seat there). */
export async function seat(momentId: string, user: { _id: unknown }, breakoutId: string) {
  const _id = seatId(momentId, "b1", user._id);
  await BreakoutSeat.deleteOne({ _id });
  await BreakoutSeat.create({ _id, momentId, blockId: "b1", userId: user._id, breakoutId });
}

export async function momentDocsScene() {
  const a = await buildGroup({ leaders: 2, coaches: 1 });
  const other = await Group.create({ trajectoryId: a.trajectory._id, name: "Groep B", charterVersion: 1 });
  const bea: UserDoc = await buildUser();
  await addMembership(other, bea, { role: "leader", status: "active" });
  const facilitator: UserDoc = await buildUser();
  const outsider = await buildGroup({ leaders: 1 });
  const m = await Moment.create({
    trajectoryId: a.trajectory._id,
    title: "Netwerkmoment voorjaar",
    startsAt: new Date(),
    groupIds: [a.group._id, other._id],
    facilitatorIds: [facilitator._id],
    blocks: [{ _id: "b1", kind: "breakouts", title: "Tafels", minutes: 30, rule: "mixed", size: 3 }],
    createdBy: a.organiser._id,
  });
  const [b1, b2] = await Breakout.create([
    { momentId: m._id, blockId: "b1", index: 1 },
    { momentId: m._id, blockId: "b1", index: 2 },
  ]);
  const moment = String(m._id);
  const [one, two] = [String(b1._id), String(b2._id)];
  const seated = a.leaders[0];
  await seat(moment, seated, one);
  await seat(moment, bea, two);
  /** seated: in breakout one; bea: in breakout two; unseated: a participant seated nowhere. */
  return { ...a, other, bea, facilitator, outsider: outsider.leaders[0], seated, unseated: a.leaders[1], moment, one, two };
}

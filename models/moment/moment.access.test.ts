// The gate of network moments (issue 16 item 5).
import { describe, expect, it } from "vitest";
import { addMembership, buildGroup, buildUser } from "../../test/factories";
import { Group } from "../group/group.model";
import { Breakout, BreakoutSeat, Moment, seatId } from "./moment.model";
import { loadBreakoutFor, loadMomentFor } from "./moment.access";

const as = (u: { _id: unknown; isOrganiser?: boolean }) => ({ id: String(u._id), isOrganiser: !!u.isOrganiser });

async function scene() {
  const a = await buildGroup({ leaders: 2, coaches: 1 });
  const other = await Group.create({ trajectoryId: a.trajectory._id, name: "Groep B", charterVersion: 1 });
  const [bea, bob] = [await buildUser(), await buildUser()];
  await addMembership(other, bea, { role: "leader", status: "active" });
  await addMembership(other, bob, { role: "guest", status: "active" });
  const named = await buildUser();
  const outsider = await buildGroup({ leaders: 1 });
  const moment = await Moment.create({
    trajectoryId: a.trajectory._id,
    title: "Netwerkmoment voorjaar",
    startsAt: new Date(),
    groupIds: [a.group._id, other._id],
    facilitatorIds: [named._id],
    blocks: [{ _id: "b1", kind: "breakouts", title: "Tafels", minutes: 30, rule: "mixed", size: 3 }],
    createdBy: a.organiser._id,
  });
  const [one, two] = await Breakout.create([
    { momentId: moment._id, blockId: "b1", index: 1 },
    { momentId: moment._id, blockId: "b1", index: 2 },
  ]);
  await BreakoutSeat.create({
    _id: seatId(moment._id, "b1", a.leaders[0]._id),
    momentId: moment._id,
    blockId: "b1",
    userId: a.leaders[0]._id,
    breakoutId: one._id,
  });
  await BreakoutSeat.create({
    _id: seatId(moment._id, "b1", bea._id),
    momentId: moment._id,
    blockId: "b1",
    userId: bea._id,
    breakoutId: two._id,
  });
  return { ...a, other, bea, bob, named, outsider, moment: String(moment._id), one: String(one._id), two: String(two._id) };
}

describe("who is in a network moment", () => {
  it("facilitators (organisers and those named) and the invited groups' leaders and coaches; nobody else learns it exists", async () => {
    const s = await scene();
    expect((await loadMomentFor(as(s.organiser), s.moment, "facilitate")).role).toBe("facilitator");
    expect((await loadMomentFor(as(s.named), s.moment, "facilitate")).role).toBe("facilitator");
    const leader = await loadMomentFor(as(s.leaders[0]), s.moment, "view");
    expect(leader).toMatchObject({ role: "participant", homeGroupId: String(s.group._id) });
    expect((await loadMomentFor(as(s.coaches[0]), s.moment, "view")).role).toBe("participant");
    expect((await loadMomentFor(as(s.bea), s.moment, "view")).homeGroupId).toBe(String(s.other._id));
    await expect(loadMomentFor(as(s.leaders[0]), s.moment, "facilitate")).rejects.toMatchObject({ code: "forbidden" });
    for (const stranger of [s.bob, s.outsider.leaders[0], s.outsider.organiser]) {
      await expect(loadMomentFor(as(stranger), s.moment, "view")).rejects.toMatchObject({ code: "not_found" });
    }
    await expect(loadMomentFor(as(s.organiser), "0".repeat(24), "view")).rejects.toMatchObject({ code: "not_found" });
  });

  it("a breakout is seen by those seated in it and the facilitators, not by the rest of the moment", async () => {
    const s = await scene();
    expect(String((await loadBreakoutFor(as(s.leaders[0]), s.one)).breakout._id)).toBe(s.one);
    expect(String((await loadBreakoutFor(as(s.named), s.two)).breakout._id)).toBe(s.two);
    await expect(loadBreakoutFor(as(s.leaders[0]), s.two)).rejects.toMatchObject({ code: "not_found" });
    await expect(loadBreakoutFor(as(s.leaders[1]), s.one)).rejects.toMatchObject({ code: "not_found" });
    await expect(loadBreakoutFor(as(s.outsider.leaders[0]), s.one)).rejects.toMatchObject({ code: "not_found" });
    await expect(loadBreakoutFor(as(s.bea), "nonsense")).rejects.toMatchObject({ code: "not_found" });
  });
});

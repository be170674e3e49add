// A network moment for the live tests (issue 16): two groups of one trajectory, a third group's
// leader outside it, a facilitator named by the organiser who is also a leader in group A, and an
// organiser of another trajectory. Programme: a plenary, a breakout block (pairs, troika), a plenary.
import { Group } from "../models/group/group.model";
import { Moment } from "../models/moment/moment.model";
import { addMembership, buildGroup, buildUser } from "./factories";

export async function momentScene() {
  const a = await buildGroup({ leaders: 3, coaches: 1 });
  const b = await Group.create({ trajectoryId: a.trajectory._id, name: "Groep B", charterVersion: 1 });
  const bLeaders = [await buildUser({ name: "Bea" }), await buildUser({ name: "Bram" }), await buildUser({ name: "Bo" })];
  for (const u of bLeaders) await addMembership(b, u, { role: "leader", status: "active" });
  // A facilitator who is also a member of group A (issue 16 item 5).
  const facilitator = a.leaders[2];
  const outsider = await buildGroup({ leaders: 1 });
  const moment = await Moment.create({
    trajectoryId: a.trajectory._id,
    title: "Netwerkmoment voorjaar",
    startsAt: new Date(),
    place: "Gent",
    agenda: "Welkom, tafels, oogst",
    groupIds: [a.group._id, b._id],
    facilitatorIds: [facilitator._id],
    blocks: [
      { _id: "p1", kind: "plenary", title: "Welkom", minutes: 10 },
      { _id: "b1", kind: "breakouts", title: "Tafels", minutes: 20, rule: "mixed", size: 2, protocolId: "troika" },
      { _id: "p2", kind: "plenary", title: "Terugblik", minutes: 10 },
    ],
    createdBy: a.organiser._id,
  });
  return {
    momentId: String(moment._id),
    organiser: a.organiser,
    facilitator,
    /** The participants: group A's two other leaders and its coach, group B's three leaders. */
    aPeople: [a.leaders[0], a.leaders[1], a.coaches[0]],
    bPeople: bLeaders,
    groupA: a.group,
    groupB: b,
    outsider: outsider.leaders[0],
    otherOrganiser: outsider.organiser,
  };
}

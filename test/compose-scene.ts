// A network moment to compose (issue 16 item 3, decision 068): three invited groups of two leaders
// and a coach each (nine participants), the trajectory's organiser and a named facilitator who is
// also a leader of group A, an outsider group elsewhere, and blocks for each rule.
import { Group } from "../models/group/group.model";
import { Moment } from "../models/moment/moment.model";
import { addMembership, buildGroup, buildUser } from "./factories";

export async function composeScene() {
  const a = await buildGroup({ leaders: 2, coaches: 1, name: "Groep A" });
  const more = async (name: string) => {
    const group = await Group.create({ trajectoryId: a.trajectory._id, name, charterVersion: 1 });
    const people = [await buildUser(), await buildUser(), await buildUser()];
    for (const [i, u] of people.entries()) await addMembership(group, u, { role: i < 2 ? "leader" : "coach", status: "active" });
    return { group, people };
  };
  const b = await more("Groep B");
  const c = await more("Groep C");
  const named = await buildUser({ name: "Fien Facilitator" });
  await addMembership(a.group, named, { role: "leader", status: "active" });
  const outsider = await buildGroup({ leaders: 1 });
  const moment = await Moment.create({
    trajectoryId: a.trajectory._id,
    title: "Netwerkmoment najaar",
    startsAt: new Date(),
    groupIds: [a.group._id, b.group._id, c.group._id],
    facilitatorIds: [named._id],
    blocks: [
      { _id: "opening", kind: "plenary", title: "Opening", minutes: 20 },
      { _id: "tables", kind: "breakouts", title: "Tafels", minutes: 30, rule: "mixed", size: 3 },
      { _id: "themes", kind: "breakouts", title: "Thematafels", minutes: 30, rule: "theme", size: 3, themes: ["Taal", "Welzijn"] },
    ],
    createdBy: a.organiser._id,
  });
  const participants = [...a.leaders, ...a.coaches, ...b.people, ...c.people];
  return {
    organiser: a.organiser,
    named,
    groups: [a.group, b.group, c.group],
    participants,
    homeOf: new Map([
      ...[...a.leaders, ...a.coaches].map((u) => [String(u._id), String(a.group._id)] as const),
      ...b.people.map((u) => [String(u._id), String(b.group._id)] as const),
      ...c.people.map((u) => [String(u._id), String(c.group._id)] as const),
    ]),
    outsider,
    momentId: String(moment._id),
  };
}

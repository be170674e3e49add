// Demo data: one trajectory, two groups of six leaders with one coach each, one organiser.
// Idempotent: does nothing when the trajectory already exists. Password for every demo login below.
import mongoose from "mongoose";
import { connectMongo } from "../server/db";
import { User } from "../models/user/user.model";
import { Trajectory } from "../models/trajectory/trajectory.model";
import { Group, LeaderSeat } from "../models/group/group.model";
import { createMembership } from "../models/group/memberships";
import { CharterVersion } from "../models/charter/charter.model";
import { hashPassword } from "../models/user/user.service";

export const DEMO_PASSWORD = "leerkring-demo";
export const DEMO_TRAJECTORY = "Leersprongen 2026-2028";

const CHARTER = `1. Wat in de groep gedeeld wordt, blijft in de groep.
2. We brengen echte casussen en spreken vanuit onze eigen praktijk.
3. We luisteren eerst, vragen door en oordelen niet.
4. Een gast komt alleen binnen als iedereen instemt, en is zichtbaar als gast.
5. De procescoach bewaakt deze afspraken; iedereen mag ze ter sprake brengen.`;

const people = {
  organiser: { name: "Ilse Vermeulen", email: "organisator@leerkring.test" },
  groups: [
    {
      name: "Leergroep Gent",
      coach: { name: "Koen De Smet", email: "coach.gent@leerkring.test" },
      leaders: ["An Peeters", "Bart Janssens", "Charlotte Maes", "Dirk Willems", "Els Claes", "Frank Goossens"],
      slug: "gent",
    },
    {
      name: "Leergroep Antwerpen",
      coach: { name: "Sofie Wouters", email: "coach.antwerpen@leerkring.test" },
      leaders: ["Greet Mertens", "Hans Jacobs", "Inge Dubois", "Jan Lambrechts", "Karen Hermans", "Luc Aerts"],
      slug: "antwerpen",
    },
  ],
};

const emailOf = (name: string) => {
  const local = name
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/\s+/g, ".");
  return `${local}@leerkring.test`;
};

export async function seed(log = console.log) {
  if (await Trajectory.findOne({ name: DEMO_TRAJECTORY })) {
    log("Demo data already present.");
    return;
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const mk = (p: { name: string; email: string }, isOrganiser = false) =>
    User.create({ ...p, passwordHash, isOrganiser, status: "active", locale: "nl" });
  const organiser = await mk(people.organiser, true);
  const trajectory = await Trajectory.create({ name: DEMO_TRAJECTORY, organiserIds: [organiser._id] });
  const logins: string[] = [`organisator: ${people.organiser.email}`];
  for (const g of people.groups) {
    const group = await Group.create({ trajectoryId: trajectory._id, name: g.name, charterVersion: 1 });
    await CharterVersion.create({ groupId: group._id, version: 1, text: CHARTER, createdBy: organiser._id });
    const coach = await mk(g.coach);
    await createMembership({ groupId: group._id, userId: coach._id, role: "coach", status: "active", acceptedCharterVersion: 1 });
    logins.push(`procescoach ${g.name}: ${g.coach.email}`);
    for (const [i, name] of g.leaders.entries()) {
      const u = await mk({ name, email: emailOf(name) });
      await LeaderSeat.create({ _id: `${group._id}:${i + 1}`, groupId: group._id, userId: u._id });
      await createMembership({ groupId: group._id, userId: u._id, role: "leader", status: "active", acceptedCharterVersion: 1 });
      logins.push(`schoolleider ${g.name}: ${u.email}`);
    }
  }
  log(`Demo data created. Every demo login uses the password "${DEMO_PASSWORD}":`);
  for (const l of logins) log(`  ${l}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const uri = process.env.MONGODB_URI;
  if (!uri) {
    console.error("MONGODB_URI is required (scripts/services.sh start prints it).");
    process.exit(1);
  }
  await connectMongo(uri);
  await seed();
  await mongoose.disconnect();
}

// The gate's reads for a moment of a whole trajectory (issue 16 item 8: bench/moments.ts, 15 groups):
// every socket event of a participant passes the gate, so it must not read a membership per invited
// group. Counted with the driver's command monitoring on this file's own connection (as
// test/page-queries.test.ts does), never with a timer.
import mongoose from "mongoose";
import type { CommandStartedEvent } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMembership, buildGroup, buildUser } from "../../test/factories";
import { workerMongoUri } from "../../test/db";
import { Group } from "../group/group.model";
import { Moment } from "./moment.model";
import { loadMomentFor } from "./moment.access";

beforeAll(async () => {
  // Command monitoring needs a client made with it: this file's connection, to the same database.
  await mongoose.disconnect();
  await mongoose.connect(workerMongoUri(), { serverSelectionTimeoutMS: 5000, autoIndex: true, monitorCommands: true });
});
afterAll(async () => {
  await mongoose.disconnect();
});

/** The collections the driver reads while `fn` runs, with how often. */
async function readsDuring(fn: () => Promise<unknown>) {
  const reads: Record<string, number> = {};
  const on = (e: CommandStartedEvent) => {
    if (e.commandName === "find") reads[String(e.command.find)] = (reads[String(e.command.find)] ?? 0) + 1;
  };
  const client = mongoose.connection.getClient();
  client.on("commandStarted", on);
  try {
    await fn();
  } finally {
    client.off("commandStarted", on);
  }
  return reads;
}

const as = (u: { _id: unknown; isOrganiser?: boolean }) => ({ id: String(u._id), isOrganiser: !!u.isOrganiser });

describe("the moment gate with 15 invited groups", () => {
  it("reads a participant's own memberships, not one per invited group, and decides as before", async () => {
    const a = await buildGroup({ leaders: 1, coaches: 1 });
    const others = await Group.insertMany(
      Array.from({ length: 14 }, (_, i) => ({ trajectoryId: a.trajectory._id, name: `Groep ${i + 2}`, charterVersion: 1 })),
    );
    // Someone in two invited groups: a guest in the first, a leader in the ninth (their home).
    const both = await buildUser();
    await addMembership(others[0], both, { role: "guest", status: "active" });
    await addMembership(others[8], both, { role: "leader", status: "active" });
    const removed = await buildUser();
    await addMembership(others[3], removed, { role: "leader", status: "removed" });
    const outsider = await buildGroup({ leaders: 1 });
    const moment = await Moment.create({
      trajectoryId: a.trajectory._id,
      title: "Netwerkmoment",
      startsAt: new Date(),
      groupIds: [a.group._id, ...others.map((g) => g._id)],
      blocks: [{ _id: "p1", kind: "plenary", title: "Welkom", minutes: 10 }],
      createdBy: a.organiser._id,
    });
    const id = String(moment._id);

    let loaded: Awaited<ReturnType<typeof loadMomentFor>> | undefined;
    const reads = await readsDuring(async () => {
      loaded = await loadMomentFor(as(a.leaders[0]), id, "view");
    });
    expect(loaded).toMatchObject({ role: "participant", homeGroupId: String(a.group._id) });
    // The moment, the user's membership slots (one batch) and their one membership: not 15.
    expect((reads.memberships ?? 0) + (reads.membershiprefs ?? 0)).toBeLessThanOrEqual(5);

    expect(await loadMomentFor(as(both), id, "view")).toMatchObject({ role: "participant", homeGroupId: String(others[8]._id) });
    expect(await loadMomentFor(as(a.coaches[0]), id, "view")).toMatchObject({ role: "participant" });
    expect(await loadMomentFor(as(a.organiser), id, "facilitate")).toMatchObject({ role: "facilitator", homeGroupId: null });
    await expect(loadMomentFor(as(removed), id, "view")).rejects.toMatchObject({ code: "not_found" });
    await expect(loadMomentFor(as(outsider.leaders[0]), id, "view")).rejects.toMatchObject({ code: "not_found" });
    await expect(loadMomentFor(as(a.leaders[0]), id, "facilitate")).rejects.toMatchObject({ code: "forbidden" });
  });
});

// Memberships are read by exact _id only (FerretDB's SQLite backend scans for anything else): a
// user's groups through numbered slots. What must hold: every membership is found, also when many
// are created for one user at once, and a removed one is still listed with its status.
import { describe, expect, it } from "vitest";
import { Types } from "mongoose";
import { MembershipRef } from "./group.model";
import { createMembership, findMembership, membershipId, membershipsOfUser } from "./memberships";

const newId = () => new Types.ObjectId().toHexString();

describe("memberships by _id", () => {
  it("finds a membership by group and user, and nothing for another pair", async () => {
    const [g, u] = [newId(), newId()];
    await createMembership({ groupId: g, userId: u, role: "leader", status: "active" });
    const m = await findMembership(g, u).lean();
    expect(m).toMatchObject({ _id: membershipId(g, u), role: "leader", status: "active" });
    expect(String(m!.groupId)).toBe(g);
    expect(await findMembership(g, newId()).lean()).toBeNull();
    expect(await findMembership(newId(), u).lean()).toBeNull();
  });

  it("lists every group of a user, also when 9 are added at once, with no slot twice", async () => {
    const u = newId();
    const groups = Array.from({ length: 9 }, newId);
    await Promise.all(groups.map((g) => createMembership({ groupId: g, userId: u, role: "leader", status: "active" })));
    const listed = await membershipsOfUser(u);
    expect(listed.map((m) => String(m.groupId)).sort()).toEqual([...groups].sort());
    const slots = await MembershipRef.find({ _id: { $regex: `^${u}:` } }).lean();
    expect(slots.map((s) => s._id).sort()).toEqual(groups.map((_, i) => `${u}:${i + 1}`).sort());
    expect(await membershipsOfUser(newId())).toEqual([]);
  });

  it("creating the same membership twice is refused by its _id and files the group once", async () => {
    const [g, u] = [newId(), newId()];
    const both = await Promise.allSettled([
      createMembership({ groupId: g, userId: u, role: "leader", status: "active" }),
      createMembership({ groupId: g, userId: u, role: "coach", status: "active" }),
    ]);
    expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(both.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: 11000 } });
    expect(await membershipsOfUser(u)).toHaveLength(1);
  });
});

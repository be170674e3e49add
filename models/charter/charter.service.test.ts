import { describe, expect, it } from "vitest";
import { acceptCharter, getCharter, proposeCharter } from "./charter.service";
import { CharterVersion } from "./charter.model";
import { Group, Membership } from "../group/group.model";
import { getGroupOverview, listVisibleGroupIds, loadGroupFor } from "../group/group.service";
import { AuditEvent } from "../audit/audit.model";
import { addMembership, buildGroup, buildUser, ctxFor, DEFAULT_CHARTER } from "../../test/factories";

const V2 = "Version two: we keep cases inside the group and phones away.";

describe("getCharter", () => {
  it("shows the current text and what the member accepted, also before acceptance", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    await proposeCharter(ctxFor(leaders[0]), { groupId: String(group._id), text: V2 });
    expect(await getCharter(ctxFor(leaders[1]), String(group._id))).toMatchObject({
      groupId: String(group._id),
      groupName: group.name,
      version: 2,
      text: V2,
      acceptedVersion: 1,
    });
  });

  it("is not for the organiser, who sees no group content", async () => {
    const { group, organiser } = await buildGroup({ leaders: 1 });
    await expect(getCharter(ctxFor(organiser), String(group._id))).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("acceptCharter", () => {
  it("accepts exactly the current version and opens the group", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const groupId = String(group._id);
    await proposeCharter(ctxFor(leaders[0]), { groupId, text: V2 });
    const ctx = ctxFor(leaders[1]);
    await expect(getGroupOverview(ctx, groupId)).rejects.toMatchObject({ code: "charter_required" });

    await acceptCharter(ctx, { groupId, version: 2 });

    expect((await Membership.findOne({ userId: leaders[1]._id }).lean())?.acceptedCharterVersion).toBe(2);
    expect((await getGroupOverview(ctx, groupId)).id).toBe(groupId);
    expect(ctx.publisher.calls).toEqual([
      { method: "joinGroup", userId: String(leaders[1]._id), groupId },
      { method: "toGroup", groupId, event: "group:changed", data: { groupId } },
    ]);
    expect(await listVisibleGroupIds(String(leaders[1]._id))).toEqual([groupId]);
    const audit = await AuditEvent.find({ groupId: group._id, type: "charter_accepted" }).lean();
    expect(audit.map((a) => [String(a.actorId), a.data])).toEqual([[String(leaders[1]._id), { version: 2 }]]);
  });

  it("refuses a stale (or future) version with a conflict, and changes nothing", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const groupId = String(group._id);
    await proposeCharter(ctxFor(leaders[0]), { groupId, text: V2 });
    const ctx = ctxFor(leaders[1]);
    for (const version of [1, 3]) {
      await expect(acceptCharter(ctx, { groupId, version })).rejects.toMatchObject({
        code: "conflict",
        issues: [{ path: "version", code: "charter_changed" }],
      });
    }
    expect((await Membership.findOne({ userId: leaders[1]._id }).lean())?.acceptedCharterVersion).toBe(1);
    expect(ctx.publisher.calls).toEqual([]);
  });

  it("accepting again is a no-op: no second audit entry, nothing published", async () => {
    const { group, leaders } = await buildGroup({ leaders: 1 });
    const ctx = ctxFor(leaders[0]);
    await acceptCharter(ctx, { groupId: String(group._id), version: 1 });
    expect(ctx.publisher.calls).toEqual([]);
    expect(await AuditEvent.countDocuments({ type: "charter_accepted" })).toBe(0);
  });

  it("a new member (accepted nothing yet) accepts the current version", async () => {
    const { group } = await buildGroup({ leaders: 1 });
    const newcomer = await buildUser();
    await addMembership(group, newcomer, { role: "leader", status: "active", acceptedCharterVersion: 0 });
    const ctx = ctxFor(newcomer);
    await expect(loadGroupFor(ctx.actor, String(group._id), "group.content")).rejects.toMatchObject({ code: "charter_required" });
    await acceptCharter(ctx, { groupId: String(group._id), version: 1 });
    await expect(loadGroupFor(ctx.actor, String(group._id), "group.content")).resolves.toBeTruthy();
  });
});

describe("proposeCharter", () => {
  it("stores a new version, counts the author as accepting it, and asks everyone else again", async () => {
    const { group, leaders, coaches } = await buildGroup({ leaders: 3, coaches: 1 });
    const groupId = String(group._id);
    const guest = await buildUser();
    await addMembership(group, guest, { role: "guest", status: "active" });
    const pending = await buildUser();
    await addMembership(group, pending, { role: "guest", status: "pending" });
    const author = coaches[0];
    const ctx = ctxFor(author);

    await expect(proposeCharter(ctx, { groupId, text: V2 })).resolves.toEqual({ version: 2 });

    expect((await Group.findById(group._id).lean())?.charterVersion).toBe(2);
    const versions = await CharterVersion.find({ groupId: group._id }).sort({ version: 1 }).lean();
    expect(versions.map((v) => [v.version, v.text, String(v.createdBy)])).toEqual([
      [1, DEFAULT_CHARTER, expect.any(String)],
      [2, V2, String(author._id)],
    ]);
    // The author keeps access; every other active member must accept again.
    await expect(loadGroupFor(ctx.actor, groupId, "group.content")).resolves.toBeTruthy();
    const others = [...leaders, guest];
    for (const u of others) {
      await expect(loadGroupFor(ctxFor(u).actor, groupId, "group.content")).rejects.toMatchObject({ code: "charter_required" });
    }
    // Their sockets leave the room at once and they are told; the pending guest is not involved.
    const otherIds = others.map((u) => String(u._id)).sort();
    expect(ctx.publisher.of("leaveGroup").map((c) => c.userId).sort()).toEqual(otherIds);
    expect(ctx.publisher.of("leaveGroup").every((c) => c.groupId === groupId)).toBe(true);
    expect(ctx.publisher.of("toUser").map((c) => [c.userId, c.event, c.data]).sort()).toEqual(
      otherIds.map((id) => [id, "charter:versioned", { groupId, version: 2 }]),
    );
    expect(ctx.publisher.calls.some((c) => "userId" in c && c.userId === String(author._id))).toBe(false);
    const audit = await AuditEvent.find({ groupId: group._id }).lean();
    expect(audit.map((a) => [a.type, String(a.actorId), a.data])).toEqual([["charter_versioned", String(author._id), { version: 2 }]]);
  });

  it("concurrent proposals on the same version: exactly one wins, the others get a conflict", async () => {
    const { group, leaders } = await buildGroup({ leaders: 4 });
    const groupId = String(group._id);
    const results = await Promise.allSettled(
      leaders.map((l, i) => proposeCharter(ctxFor(l), { groupId, text: `Proposal number ${i}, all of it.` })),
    );

    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toEqual([{ status: "fulfilled", value: { version: 2 } }]);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === "rejected")) {
      expect(r.reason).toMatchObject({ name: "DomainError", code: "conflict" });
    }
    expect((await Group.findById(group._id).lean())?.charterVersion).toBe(2);
    const v2 = await CharterVersion.find({ groupId: group._id, version: 2 }).lean();
    expect(v2).toHaveLength(1);
    // Only the winner counts as having accepted version 2.
    const accepted = await Membership.find({ groupId: group._id, acceptedCharterVersion: 2 }).lean();
    expect(accepted.map((m) => String(m.userId))).toEqual([String(v2[0].createdBy)]);
    expect(await AuditEvent.countDocuments({ type: "charter_versioned" })).toBe(1);
  });

  it("a proposal on a version the author has not accepted yet needs that acceptance first", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const groupId = String(group._id);
    await proposeCharter(ctxFor(leaders[0]), { groupId, text: V2 });
    await expect(proposeCharter(ctxFor(leaders[1]), { groupId, text: "Version three, not read two." })).rejects.toMatchObject({
      code: "charter_required",
    });
  });

  it("guests and the organiser do not propose", async () => {
    const { group, organiser } = await buildGroup({ leaders: 1 });
    const guest = await buildUser();
    await addMembership(group, guest, { role: "guest", status: "active" });
    for (const u of [guest, organiser]) {
      await expect(proposeCharter(ctxFor(u), { groupId: String(group._id), text: V2 })).rejects.toMatchObject({ code: "forbidden" });
    }
    expect(await CharterVersion.countDocuments()).toBe(1);
  });
});

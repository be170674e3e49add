import { describe, expect, it } from "vitest";
import { AuditEvent } from "../audit/audit.model";
import { Group, LeaderSeat, Membership, MAX_LEADERS } from "../group/group.model";
import { getGroupShell, inviteMember, loadGroupFor } from "../group/group.service";
import { spend } from "../shared/limits";
import { LIMITS } from "../shared/limits.constants";
import { User } from "../user/user.model";
import { Trajectory } from "./trajectory.model";
import { getTrajectoryOverview } from "./trajectory.service";
import {
  confirmBulkInvite,
  createGroup,
  createTrajectory,
  moveLeader,
  previewBulkInvite,
  setCoach,
  setGroupStatus,
} from "./programme.service";
import { addMembership, buildGroup, buildOrganiser, buildTrajectory, buildUser, ctxFor } from "../../test/factories";

const auditOf = async (groupId: unknown) =>
  (await AuditEvent.find({ groupId }).sort({ at: 1, _id: 1 }).lean()).map((e) => ({
    type: e.type,
    subject: e.subjectId && String(e.subjectId),
    data: e.data,
  }));
const statusOf = async (groupId: unknown, userId: unknown) => (await Membership.findOne({ groupId, userId }).lean())?.status;

describe("createTrajectory", () => {
  it("an organiser creates a trajectory with a start date, organises it and it is audited", async () => {
    const organiser = await buildOrganiser();
    const ctx = ctxFor(organiser);
    const { id } = await createTrajectory(ctx, { name: "Leren leiden 2027", startDate: new Date("2027-09-01T00:00:00Z") });
    const overview = await getTrajectoryOverview(ctx.actor, id);
    expect(overview).toMatchObject({ name: "Leren leiden 2027", startDate: "2027-09-01", groups: [] });
    const audit = await AuditEvent.find({ trajectoryId: (await Trajectory.findById(id))!._id }).lean();
    expect(audit.map((a) => [a.type, String(a.actorId), a.groupId])).toEqual([["trajectory_created", String(organiser._id), null]]);
  });

  it("refuses a user who is no organiser, creating nothing", async () => {
    const user = await buildUser();
    await expect(createTrajectory(ctxFor(user), { name: "Mine", startDate: new Date() })).rejects.toMatchObject({ code: "forbidden" });
    expect(await Trajectory.countDocuments({ name: "Mine" })).toBe(0);
  });
});

describe("createGroup", () => {
  it("the trajectory's organiser creates an empty, open group; audited in the group", async () => {
    const { trajectory, organiser } = await buildTrajectory();
    const ctx = ctxFor(organiser);
    const { id } = await createGroup(ctx, { trajectoryId: String(trajectory._id), name: "Leergroep Noord" });
    const overview = await getTrajectoryOverview(ctx.actor, String(trajectory._id));
    expect(overview.groups).toMatchObject([
      { id, name: "Leergroep Noord", leaderCount: 0, complete: false, overfull: false, closed: false },
    ]);
    expect(await auditOf((await Group.findById(id))!._id)).toMatchObject([{ type: "group_created", data: { name: "Leergroep Noord" } }]);
  });

  it("another organiser, a leader and a missing trajectory all get not_found; nothing is created", async () => {
    const { trajectory } = await buildTrajectory();
    const { leaders } = await buildGroup({ leaders: 1 });
    for (const who of [await buildOrganiser(), leaders[0]]) {
      await expect(createGroup(ctxFor(who), { trajectoryId: String(trajectory._id), name: "Sneaky" })).rejects.toMatchObject({
        code: "not_found",
      });
    }
    await expect(createGroup(ctxFor(await buildOrganiser()), { trajectoryId: "0".repeat(24), name: "Sneaky" })).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await Group.countDocuments({ name: "Sneaky" })).toBe(0);
  });
});

describe("setCoach", () => {
  it("invites a coach, then replaces them: one coach remains, both steps audited", async () => {
    const { group, organiser } = await buildGroup({ leaders: 1, coaches: 0 });
    const ctx = ctxFor(organiser);
    const groupId = String(group._id);
    const first = await setCoach(ctx, { groupId, email: "coach1@school.test" });
    const second = await setCoach(ctx, { groupId, email: "coach2@school.test" });
    const coaches = await Membership.find({ groupId: group._id, role: "coach", status: { $ne: "removed" } }).lean();
    expect(coaches.map((c) => String(c.userId))).toEqual([second.userId]);
    expect(await statusOf(group._id, first.userId)).toBe("removed");
    expect((await auditOf(group._id)).map((a) => [a.type, a.subject])).toEqual([
      ["member_invited", first.userId],
      ["member_invited", second.userId],
      ["coach_replaced", first.userId],
    ]);
  });

  it("a coach of the group may not replace themselves (the organiser's right), a stranger learns nothing", async () => {
    const { group, coaches } = await buildGroup({ leaders: 1, coaches: 1 });
    const groupId = String(group._id);
    await expect(setCoach(ctxFor(coaches[0]), { groupId, email: "x@school.test" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(setCoach(ctxFor(await buildOrganiser()), { groupId, email: "x@school.test" })).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await User.countDocuments({ email: "x@school.test" })).toBe(0);
  });
});

describe("bulk invitations", () => {
  it("previews each line with its error and changes nothing", async () => {
    const { group, organiser, leaders } = await buildGroup({ leaders: 7 });
    const ctx = ctxFor(organiser);
    const text = [
      "name,email",
      "An de Vries <an@school.test>",
      "",
      "Bo Jansen;bo@school.test",
      `"Dekker, Cas",cas@school.test`,
      "not-an-address",
      "AN@school.test",
      leaders[0].email,
      "dirk@school.test",
    ].join("\n");
    const preview = await previewBulkInvite(ctx, { groupId: String(group._id), text });
    expect(preview.lines).toEqual([
      { line: 2, name: "An de Vries", email: "an@school.test", error: null },
      { line: 4, name: "Bo Jansen", email: "bo@school.test", error: null },
      { line: 5, name: "Dekker, Cas", email: "cas@school.test", error: null },
      { line: 6, name: "", email: "not-an-address", error: "invalid_email" },
      { line: 7, name: "", email: "an@school.test", error: "duplicate" },
      { line: 8, name: "", email: leaders[0].email, error: "already_member" },
      { line: 9, name: "", email: "dirk@school.test", error: "group_full" },
    ]);
    expect(preview).toMatchObject({ valid: 3, leaders: 7 });
    expect(await User.countDocuments({ email: { $in: ["an@school.test", "bo@school.test"] } })).toBe(0);
    expect(ctx.mails).toEqual([]);
  });

  it("confirming invites the valid lines through inviteMember (names kept for new accounts, audited, mailed)", async () => {
    const { group, organiser } = await buildGroup({ leaders: 1 });
    const ctx = ctxFor(organiser);
    const result = await confirmBulkInvite(ctx, { groupId: String(group._id), text: "An <an@school.test>\nbo@school.test\nbad" });
    expect(result).toEqual({ sent: 2, failed: [], notSent: 0, retryAfter: null });
    expect((await User.findOne({ email: "an@school.test" }).lean())?.name).toBe("An");
    expect(ctx.mails.map((m) => m.to).sort()).toEqual(["an@school.test", "bo@school.test"]);
    expect((await auditOf(group._id)).filter((a) => a.type === "member_invited")).toHaveLength(2);
  });

  it("stops when the invitation budget runs out, saying how many went and how long to wait", async () => {
    const { group, organiser } = await buildGroup({ leaders: 1 });
    const ctx = ctxFor(organiser);
    for (let i = 0; i < LIMITS.invites.points - 1; i++) await spend(ctx.limits.invites, ctx.actor.id);
    const result = await confirmBulkInvite(ctx, { groupId: String(group._id), text: "a@school.test\nb@school.test\nc@school.test" });
    expect(result).toMatchObject({ sent: 1, notSent: 2, failed: [] });
    expect(result.retryAfter).toBeGreaterThanOrEqual(1);
    expect(result.retryAfter).toBeLessThanOrEqual(LIMITS.invites.seconds);
    expect(await User.countDocuments({ email: { $in: ["b@school.test", "c@school.test"] } })).toBe(0);
  });

  it("a leader of the group may not preview or invite in bulk", async () => {
    const { group, leaders } = await buildGroup({ leaders: 1 });
    const input = { groupId: String(group._id), text: "a@school.test" };
    await expect(previewBulkInvite(ctxFor(leaders[0]), input)).rejects.toMatchObject({ code: "forbidden" });
    await expect(confirmBulkInvite(ctxFor(leaders[0]), input)).rejects.toMatchObject({ code: "forbidden" });
  });

  it("an 11th leader is refused with group_full, also one by one", async () => {
    const { group, organiser } = await buildGroup({ leaders: MAX_LEADERS });
    const ctx = ctxFor(organiser);
    await expect(inviteMember(ctx, { groupId: String(group._id), email: "eleven@school.test", role: "leader" })).rejects.toMatchObject({
      code: "group_full",
    });
  });
});

describe("moveLeader", () => {
  it("moves a leader to another group of the trajectory: seat and membership move, audit in both, content stays", async () => {
    const { group: from, organiser, leaders } = await buildGroup({ leaders: 2 });
    const ctx = ctxFor(organiser);
    const to = await Group.create({ trajectoryId: from.trajectoryId, name: "Zuid" });
    const userId = String(leaders[0]._id);
    await moveLeader(ctx, { groupId: String(from._id), userId, toGroupId: String(to._id) });
    expect(await statusOf(from._id, leaders[0]._id)).toBe("removed");
    expect(await statusOf(to._id, leaders[0]._id)).toBe("active");
    expect(await LeaderSeat.countDocuments({ groupId: from._id, userId: leaders[0]._id })).toBe(0);
    expect(await LeaderSeat.countDocuments({ groupId: to._id, userId: leaders[0]._id })).toBe(1);
    expect((await auditOf(from._id)).at(-1)).toMatchObject({ type: "member_moved_out", subject: userId, data: { group: "Zuid" } });
    expect(await auditOf(to._id)).toMatchObject([{ type: "member_moved_in", subject: userId, data: { group: from.name } }]);
    await expect(loadGroupFor({ id: userId, isOrganiser: false }, String(from._id), "group.content")).rejects.toMatchObject({
      code: "not_found",
    });
    expect(ctx.publisher.calls).toContainEqual({ method: "leaveGroup", userId, groupId: String(from._id) });
    expect(ctx.publisher.calls).toContainEqual({ method: "joinGroup", userId, groupId: String(to._id) });
  });

  it("refuses a full target group, another trajectory's group and a non-leader, changing nothing", async () => {
    const { group: from, organiser, leaders, coaches } = await buildGroup({ leaders: 1, coaches: 1 });
    const ctx = ctxFor(organiser);
    const full = await buildGroup({ leaders: MAX_LEADERS, organiser });
    await Group.updateOne({ _id: full.group._id }, { $set: { trajectoryId: from.trajectoryId } });
    const other = await buildGroup({ leaders: 1, organiser });
    const userId = String(leaders[0]._id);
    await expect(moveLeader(ctx, { groupId: String(from._id), userId, toGroupId: String(full.group._id) })).rejects.toMatchObject({
      code: "group_full",
    });
    await expect(moveLeader(ctx, { groupId: String(from._id), userId, toGroupId: String(other.group._id) })).rejects.toMatchObject({
      code: "invalid_input",
    });
    const sibling = await Group.create({ trajectoryId: from.trajectoryId, name: "Zuid" });
    await expect(
      moveLeader(ctx, { groupId: String(from._id), userId: String(coaches[0]._id), toGroupId: String(sibling._id) }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(await statusOf(from._id, leaders[0]._id)).toBe("active");
    expect(await Membership.countDocuments({ groupId: { $in: [sibling._id, other.group._id] }, userId: leaders[0]._id })).toBe(0);
  });
});

describe("setGroupStatus", () => {
  it("closing makes the group read-only for members, shows it closed in the overview, and is audited; reopening undoes it", async () => {
    const { group, organiser, leaders, coaches } = await buildGroup({ leaders: 1, coaches: 1 });
    const ctx = ctxFor(organiser);
    const groupId = String(group._id);
    const leader = { id: String(leaders[0]._id), isOrganiser: false };
    await setGroupStatus(ctx, { groupId, status: "closed" });
    await expect(loadGroupFor(leader, groupId, "thread.read")).resolves.toBeTruthy();
    await expect(loadGroupFor(leader, groupId, "thread.post")).rejects.toMatchObject({ code: "forbidden" });
    await expect(inviteMember(ctx, { groupId, email: "late@school.test", role: "leader" })).rejects.toMatchObject({ code: "forbidden" });
    expect((await getTrajectoryOverview(ctx.actor, String(group.trajectoryId))).groups[0].closed).toBe(true);
    expect((await getGroupShell(leader, groupId))?.group.closed).toBe(true);
    await expect(setGroupStatus(ctxFor(coaches[0]), { groupId, status: "open" })).rejects.toMatchObject({ code: "forbidden" });
    await setGroupStatus(ctx, { groupId, status: "open" });
    await expect(loadGroupFor(leader, groupId, "thread.post")).resolves.toBeTruthy();
    expect((await auditOf(group._id)).map((a) => a.type).slice(-2)).toEqual(["group_closed", "group_reopened"]);
  });

  it("a stranger learns nothing", async () => {
    const { group } = await buildGroup({ leaders: 1 });
    await expect(setGroupStatus(ctxFor(await buildOrganiser()), { groupId: String(group._id), status: "closed" })).rejects.toMatchObject({
      code: "not_found",
    });
    expect((await Group.findById(group._id).lean())?.status).toBe("open");
  });
});

describe("overview sizes", () => {
  it("flags fewer than 5 and more than 10 active leaders", async () => {
    const { group, organiser } = await buildGroup({ leaders: 10 });
    const extra = await buildUser();
    await addMembership(group, extra, { role: "leader", status: "active" });
    const overview = await getTrajectoryOverview(ctxFor(organiser).actor, String(group.trajectoryId));
    expect(overview.groups[0]).toMatchObject({ leaderCount: 11, complete: true, overfull: true });
  });
});

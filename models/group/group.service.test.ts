import { describe, expect, it } from "vitest";
import { Group, LeaderSeat, Membership, MAX_LEADERS } from "./group.model";
import {
  getGroupShell,
  changeRole,
  consentToGuest,
  getGroupOverview,
  inviteMember,
  listMyGroups,
  listVisibleGroupIds,
  loadGroupFor,
  proposeGuest,
  removeAccount,
  removeMember,
} from "./group.service";
import { acceptCharter, getCharter, proposeCharter } from "../charter/charter.service";
import { AuditEvent } from "../audit/audit.model";
import { listAuditEntries } from "../audit/audit.service";
import { User } from "../user/user.model";
import { Session } from "../session/session.model";
import { createSession } from "../session/session.service";
import { addMembership, buildGroup, buildOrganiser, buildUser, ctxFor, TEST_APP_URL } from "../../test/factories";
import type { GroupDoc } from "./group.model";
import type { DomainError } from "../shared/errors";
import { spend } from "../shared/limits";
import { LIMITS } from "../shared/limits.constants";

const leaderCount = async (group: GroupDoc) =>
  Membership.countDocuments({ groupId: group._id, role: "leader", status: { $in: ["active", "invited"] } });
const seats = (group: GroupDoc) => LeaderSeat.countDocuments({ groupId: group._id });
const auditTypes = async (group: GroupDoc) =>
  (await AuditEvent.find({ groupId: group._id }).sort({ at: 1, _id: 1 }).lean()).map((e) => e.type);
const statusOf = async (group: GroupDoc, userId: unknown) => (await Membership.findOne({ groupId: group._id, userId }).lean())?.status;

describe("inviteMember", () => {
  it("refuses an inviter's invitations and guest proposals past the budget, saying how long to wait; nothing is created or mailed", async () => {
    const { group, organiser } = await buildGroup({ leaders: 1 });
    const ctx = ctxFor(organiser);
    const groupId = String(group._id);
    await inviteMember(ctx, { groupId, email: "first@school.test", role: "coach" });
    await proposeGuest(ctx, { groupId, email: "guest@school.test", guestKind: "supervisor" });
    // The rest of the hour's budget goes at once (each invitation is otherwise a few database writes).
    for (let i = 2; i < LIMITS.invites.points; i++) await spend(ctx.limits.invites, ctx.actor.id);

    const refusal = { code: "rate_limited", meta: { retryAfter: expect.any(Number) } };
    await expect(inviteMember(ctx, { groupId, email: "one-too-many@school.test", role: "coach" })).rejects.toMatchObject(refusal);
    await expect(proposeGuest(ctx, { groupId, email: "guest-too-many@school.test", guestKind: "team_member" })).rejects.toMatchObject(
      refusal,
    );
    const retryAfter = await inviteMember(ctx, { groupId, email: "x@school.test", role: "coach" }).catch(
      (e: DomainError) => e.meta?.retryAfter,
    );
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(LIMITS.invites.seconds);

    expect(await User.countDocuments({ email: { $in: ["one-too-many@school.test", "guest-too-many@school.test", "x@school.test"] } })).toBe(
      0,
    );
    expect(ctx.mails.map((m) => m.to)).toEqual(["first@school.test"]);
  });

  it("seats up to 10 leaders, then refuses the 11th with group_full (coaches do not count)", async () => {
    const { group, organiser } = await buildGroup();
    const ctx = ctxFor(organiser);
    for (let i = 1; i <= MAX_LEADERS; i++) {
      await inviteMember(ctx, { groupId: String(group._id), email: `leader${i}@school.test`, role: "leader" });
    }
    await expect(inviteMember(ctx, { groupId: String(group._id), email: "leader11@school.test", role: "leader" })).rejects.toMatchObject({
      code: "group_full",
      meta: { max: MAX_LEADERS },
    });

    expect(await leaderCount(group)).toBe(MAX_LEADERS);
    expect(await seats(group)).toBe(MAX_LEADERS);
    const eleventh = await User.findOne({ email: "leader11@school.test" }).lean();
    expect(await Membership.countDocuments({ userId: eleventh?._id })).toBe(0);

    await inviteMember(ctx, { groupId: String(group._id), email: "coach@school.test", role: "coach" });
    expect(await seats(group)).toBe(MAX_LEADERS);
  });

  it("invites a new address as an invited account with a one-time link, and an active user as active", async () => {
    const { group, organiser } = await buildGroup({ leaders: 1 });
    const known = await buildUser({ locale: "en" });
    const ctx = ctxFor(organiser);

    await inviteMember(ctx, { groupId: String(group._id), email: "new@school.test", role: "leader" });
    await inviteMember(ctx, { groupId: String(group._id), email: known.email, role: "coach" });

    const fresh = await User.findOne({ email: "new@school.test" }).lean();
    expect(fresh).toMatchObject({ status: "invited", passwordHash: "" });
    expect(await statusOf(group, fresh!._id)).toBe("invited");
    expect(await statusOf(group, known._id)).toBe("active");
    expect(ctx.mails.map((m) => m.to)).toEqual(["new@school.test", known.email]);
    expect(ctx.mails[0].text).toMatch(new RegExp(`${TEST_APP_URL}/invite/[A-Za-z0-9_-]{20,}`));
    expect(ctx.mails[1].subject).toBe(`You were added to ${group.name}`);
    expect(ctx.publisher.of("toGroup")).toEqual([
      { method: "toGroup", groupId: String(group._id), event: "group:changed", data: { groupId: String(group._id) } },
      { method: "toGroup", groupId: String(group._id), event: "group:changed", data: { groupId: String(group._id) } },
    ]);
    expect(await auditTypes(group)).toEqual(["member_invited", "member_invited"]);
    const entries = await listAuditEntries(group._id);
    expect(entries.map((e) => [e.type, e.subjectName, e.data])).toEqual([
      ["member_invited", known.name, { role: "coach" }],
      ["member_invited", "new@school.test", { role: "leader" }],
    ]);
  });

  it("never seats more than 10 leaders under concurrent invites (8 seated, 3 at once)", async () => {
    const { group, organiser } = await buildGroup({ leaders: 8 });
    const ctx = ctxFor(organiser);
    const results = await Promise.allSettled(
      [1, 2, 3].map((i) => inviteMember(ctx, { groupId: String(group._id), email: `race${i}@school.test`, role: "leader" })),
    );

    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused).toHaveLength(1);
    expect(refused[0].reason).toMatchObject({ code: "group_full" });
    expect(await leaderCount(group)).toBe(MAX_LEADERS);
    expect(await seats(group)).toBe(MAX_LEADERS);
  });

  it("refuses an address that is already a member, and frees no seat doing so", async () => {
    const { group, organiser, leaders } = await buildGroup({ leaders: 2 });
    const ctx = ctxFor(organiser);
    await expect(inviteMember(ctx, { groupId: String(group._id), email: leaders[0].email, role: "leader" })).rejects.toMatchObject({
      code: "conflict",
      issues: [{ path: "email", code: "already_member" }],
    });
    expect(await seats(group)).toBe(2);
  });

  it("the same address invited twice at once ends as one membership and one seat", async () => {
    const { group, organiser } = await buildGroup({ leaders: 1 });
    const ctx = ctxFor(organiser);
    const results = await Promise.allSettled(
      [1, 2].map(() => inviteMember(ctx, { groupId: String(group._id), email: "twice@school.test", role: "leader" })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused?.reason).toMatchObject({ code: "conflict" });
    const user = await User.findOne({ email: "twice@school.test" }).lean();
    expect(await Membership.countDocuments({ groupId: group._id, userId: user!._id })).toBe(1);
    expect(await seats(group)).toBe(2);
  });

  it("re-invites a removed member into the same membership", async () => {
    const { group, organiser, leaders } = await buildGroup({ leaders: 3 });
    const ctx = ctxFor(organiser);
    await removeMember(ctx, { groupId: String(group._id), userId: String(leaders[0]._id) });
    expect(await seats(group)).toBe(2);
    await inviteMember(ctx, { groupId: String(group._id), email: leaders[0].email, role: "coach" });
    const m = await Membership.findOne({ groupId: group._id, userId: leaders[0]._id }).lean();
    expect(m).toMatchObject({ role: "coach", status: "active", acceptedCharterVersion: 0 });
    expect(await seats(group)).toBe(2);
  });
});

describe("a member without relation to the group", () => {
  it("gets not_found from every group and charter service, and nothing is written or published", async () => {
    const { group, leaders, coaches } = await buildGroup({ leaders: 2, coaches: 1 });
    const other = await buildGroup({ leaders: 1 });
    const pending = await buildUser();
    await addMembership(group, pending, { role: "guest", status: "pending" });
    const removed = await buildUser();
    await addMembership(group, removed, { role: "leader", status: "removed", acceptedCharterVersion: 1 });
    const invited = await buildUser({ status: "invited" });
    await addMembership(group, invited, { role: "leader", status: "invited" });

    const actors = {
      outsider: await buildUser(),
      "organiser of another trajectory": other.organiser,
      "leader of another group": other.leaders[0],
      "pending guest": pending,
      "removed leader": removed,
      "invited leader": invited,
    };
    const groupId = String(group._id);
    const target = String(leaders[1]._id);
    const services = {
      getGroupOverview: (c: ReturnType<typeof ctxFor>) => getGroupOverview(c, groupId),
      inviteMember: (c: ReturnType<typeof ctxFor>) => inviteMember(c, { groupId, email: "x@school.test", role: "leader" }),
      proposeGuest: (c: ReturnType<typeof ctxFor>) => proposeGuest(c, { groupId, email: "y@school.test", guestKind: "supervisor" }),
      consentToGuest: (c: ReturnType<typeof ctxFor>) => consentToGuest(c, { groupId, userId: String(pending._id) }),
      removeMember: (c: ReturnType<typeof ctxFor>) => removeMember(c, { groupId, userId: target }),
      changeRole: (c: ReturnType<typeof ctxFor>) => changeRole(c, { groupId, userId: String(coaches[0]._id), role: "leader" }),
      getCharter: (c: ReturnType<typeof ctxFor>) => getCharter(c, groupId),
      acceptCharter: (c: ReturnType<typeof ctxFor>) => acceptCharter(c, { groupId, version: 1 }),
      proposeCharter: (c: ReturnType<typeof ctxFor>) => proposeCharter(c, { groupId, text: "A charter nobody here may write." }),
      "loadGroupFor(group.content)": (c: ReturnType<typeof ctxFor>) => loadGroupFor(c.actor, groupId, "group.content"),
      "removeAccount(a member)": (c: ReturnType<typeof ctxFor>) => removeAccount(c, target),
    };

    const before = { audit: await AuditEvent.countDocuments(), memberships: await Membership.find().sort({ _id: 1 }).lean() };
    for (const [who, user] of Object.entries(actors)) {
      for (const [name, call] of Object.entries(services)) {
        const ctx = ctxFor(user);
        await expect(call(ctx), `${who} / ${name}`).rejects.toMatchObject({ name: "DomainError", code: "not_found" });
        expect(ctx.publisher.calls, `${who} / ${name}`).toEqual([]);
        expect(ctx.mails, `${who} / ${name}`).toEqual([]);
      }
    }
    expect(await AuditEvent.countDocuments()).toBe(before.audit);
    expect(await Membership.find().sort({ _id: 1 }).lean()).toEqual(before.memberships);
    expect((await Group.findById(group._id).lean())?.charterVersion).toBe(1);
  });

  it("a group id that does not exist, or is not an id, is not_found too", async () => {
    const { organiser } = await buildGroup();
    const ctx = ctxFor(organiser);
    for (const groupId of ["0123456789abcdef01234567", "nope", "", '{"$ne":null}']) {
      await expect(getGroupOverview(ctx, groupId)).rejects.toMatchObject({ code: "not_found" });
    }
  });
});

describe("guests", () => {
  it("a guest is admitted only after every active leader consented", async () => {
    const { group, leaders, coaches } = await buildGroup({ leaders: 3, coaches: 1 });
    const guest = await buildUser();
    const groupId = String(group._id);
    const coachCtx = ctxFor(coaches[0]);
    await proposeGuest(coachCtx, { groupId, email: guest.email, guestKind: "supervisor" });
    expect(await statusOf(group, guest._id)).toBe("pending");
    await expect(getGroupOverview(ctxFor(guest), groupId)).rejects.toMatchObject({ code: "not_found" });
    // Coaches propose, leaders consent.
    await expect(consentToGuest(coachCtx, { groupId, userId: String(guest._id) })).rejects.toMatchObject({ code: "forbidden" });

    const ctxs = leaders.map((l) => ctxFor(l));
    await consentToGuest(ctxs[0], { groupId, userId: String(guest._id) });
    await consentToGuest(ctxs[0], { groupId, userId: String(guest._id) }); // twice counts once
    await consentToGuest(ctxs[1], { groupId, userId: String(guest._id) });
    expect(await statusOf(group, guest._id)).toBe("pending");
    expect(ctxs.flatMap((c) => c.mails)).toEqual([]);

    await consentToGuest(ctxs[2], { groupId, userId: String(guest._id) });
    expect(await statusOf(group, guest._id)).toBe("active");
    expect(ctxs[2].mails).toEqual([expect.objectContaining({ to: guest.email, subject: `Je bent toegevoegd aan ${group.name}` })]);
    expect(await auditTypes(group)).toEqual(["guest_proposed", "guest_consented", "guest_consented", "guest_consented", "guest_admitted"]);

    // Admitted, the guest is a member who must still accept the charter.
    await expect(getGroupOverview(ctxFor(guest), groupId)).rejects.toMatchObject({ code: "charter_required" });
    await acceptCharter(ctxFor(guest), { groupId, version: 1 });
    const overview = await getGroupOverview(ctxFor(guest), groupId);
    expect(overview.members.find((m) => m.userId === String(guest._id))).toMatchObject({ role: "guest", guestKind: "supervisor" });
  });

  it("a removed leader's consent is not awaited", async () => {
    const { group, organiser, leaders } = await buildGroup({ leaders: 3 });
    const groupId = String(group._id);
    const orgCtx = ctxFor(organiser);
    await proposeGuest(orgCtx, { groupId, email: "guest@school.test", guestKind: "team_member" });
    const guest = await User.findOne({ email: "guest@school.test" }).lean();
    await consentToGuest(ctxFor(leaders[0]), { groupId, userId: String(guest!._id) });
    await consentToGuest(ctxFor(leaders[1]), { groupId, userId: String(guest!._id) });
    expect(await statusOf(group, guest!._id)).toBe("pending");

    await removeMember(orgCtx, { groupId, userId: String(leaders[2]._id) });
    // A new address: admitted as invited, with a link to set up the account.
    expect(await statusOf(group, guest!._id)).toBe("invited");
    expect(orgCtx.mails.map((m) => m.to)).toEqual(["guest@school.test"]);
    expect(orgCtx.mails[0].text).toContain(`${TEST_APP_URL}/invite/`);
    expect(await auditTypes(group)).toEqual(["guest_proposed", "guest_consented", "guest_consented", "member_removed", "guest_admitted"]);
  });

  it("every leader consenting at once admits the guest exactly once", async () => {
    const { group, organiser, leaders } = await buildGroup({ leaders: 8 });
    const groupId = String(group._id);
    const guest = await buildUser();
    await proposeGuest(ctxFor(organiser), { groupId, email: guest.email, guestKind: "supervisor" });
    const shared = ctxFor(organiser);
    await Promise.all(leaders.map((l) => consentToGuest(ctxFor(l, shared), { groupId, userId: String(guest._id) })));
    expect(await statusOf(group, guest._id)).toBe("active");
    expect(shared.mails.map((m) => m.to)).toEqual([guest.email]);
    const types = await auditTypes(group);
    expect(types.filter((t) => t === "guest_consented")).toHaveLength(8);
    expect(types.filter((t) => t === "guest_admitted")).toHaveLength(1);
  });

  it("shows who consented so far, and a new proposal after removal starts from no consents", async () => {
    const { group, organiser, leaders } = await buildGroup({ leaders: 2 });
    const groupId = String(group._id);
    const guest = await buildUser();
    const orgCtx = ctxFor(organiser);
    await proposeGuest(orgCtx, { groupId, email: guest.email, guestKind: "team_member" });
    await consentToGuest(ctxFor(leaders[0]), { groupId, userId: String(guest._id) });
    const pendingOf = async () => (await getGroupOverview(ctxFor(leaders[1]), groupId)).members.find((m) => m.userId === String(guest._id));
    expect(await pendingOf()).toMatchObject({ status: "pending", consentedBy: [String(leaders[0]._id)] });

    await removeMember(orgCtx, { groupId, userId: String(guest._id) });
    await proposeGuest(orgCtx, { groupId, email: guest.email, guestKind: "team_member" });
    expect(await pendingOf()).toMatchObject({ status: "pending", consentedBy: [] });
    await consentToGuest(ctxFor(leaders[1]), { groupId, userId: String(guest._id) });
    expect(await statusOf(group, guest._id)).toBe("pending");
  });

  it("consent to someone who is not a pending guest is not_found", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    await expect(consentToGuest(ctxFor(leaders[0]), { groupId: String(group._id), userId: String(leaders[1]._id) })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("pending guests are shown to leaders and the organiser, not to other guests", async () => {
    const { group, organiser, leaders } = await buildGroup({ leaders: 1 });
    const guest = await buildUser();
    await addMembership(group, guest, { role: "guest", status: "active" });
    const pending = await buildUser();
    await addMembership(group, pending, { role: "guest", status: "pending" });
    const ids = async (u: Parameters<typeof ctxFor>[0]) =>
      (await getGroupOverview(ctxFor(u), String(group._id))).members.map((m) => m.userId);
    expect(await ids(leaders[0])).toContain(String(pending._id));
    expect(await ids(organiser)).toContain(String(pending._id));
    expect(await ids(guest)).not.toContain(String(pending._id));
  });
});

describe("removeMember", () => {
  it("moves the member's sockets out of the room, tells them, frees the seat and writes the audit log", async () => {
    const { group, organiser, leaders } = await buildGroup({ leaders: 5 });
    const groupId = String(group._id);
    const userId = String(leaders[0]._id);
    const ctx = ctxFor(organiser);

    await removeMember(ctx, { groupId, userId });

    expect(ctx.publisher.calls).toEqual([
      { method: "leaveGroup", userId, groupId },
      { method: "toUser", userId, event: "group:removed", data: { groupId } },
      { method: "toGroup", groupId, event: "group:changed", data: { groupId } },
    ]);
    expect(await statusOf(group, leaders[0]._id)).toBe("removed");
    expect(await seats(group)).toBe(4);
    const [entry] = await listAuditEntries(group._id);
    expect(entry).toMatchObject({
      type: "member_removed",
      actorName: organiser.name,
      subjectName: leaders[0].name,
      data: { role: "leader" },
    });
    // From now on the group does not exist for them.
    await expect(getGroupOverview(ctxFor(leaders[0]), groupId)).rejects.toMatchObject({ code: "not_found" });
    expect(await listVisibleGroupIds({ id: userId, isOrganiser: false })).toEqual([]);
    // And a second removal finds nothing.
    await expect(removeMember(ctx, { groupId, userId })).rejects.toMatchObject({ code: "not_found" });
    expect(await seats(group)).toBe(4);
  });

  it("only the organiser removes members", async () => {
    const { group, leaders, coaches } = await buildGroup({ leaders: 2, coaches: 1 });
    for (const actor of [leaders[0], coaches[0]]) {
      await expect(removeMember(ctxFor(actor), { groupId: String(group._id), userId: String(leaders[1]._id) })).rejects.toMatchObject({
        code: "forbidden",
      });
    }
    expect(await statusOf(group, leaders[1]._id)).toBe("active");
  });
});

describe("changeRole", () => {
  it("keeps the leader limit: a coach cannot become the 11th leader", async () => {
    const { group, organiser, leaders, coaches } = await buildGroup({ leaders: 10, coaches: 1 });
    const groupId = String(group._id);
    const ctx = ctxFor(organiser);
    await expect(changeRole(ctx, { groupId, userId: String(coaches[0]._id), role: "leader" })).rejects.toMatchObject({
      code: "group_full",
    });
    expect((await Membership.findOne({ userId: coaches[0]._id }).lean())?.role).toBe("coach");
    expect(await seats(group)).toBe(10);

    await changeRole(ctx, { groupId, userId: String(leaders[0]._id), role: "coach" });
    expect(await seats(group)).toBe(9);
    await changeRole(ctx, { groupId, userId: String(coaches[0]._id), role: "leader" });
    expect(await seats(group)).toBe(10);
    expect(await leaderCount(group)).toBe(10);
    expect((await listAuditEntries(group._id)).map((e) => e.data)).toEqual([
      { from: "coach", to: "leader" },
      { from: "leader", to: "coach" },
    ]);
  });

  it("two coaches promoted at once into the last seat: one wins", async () => {
    const { group, organiser, coaches } = await buildGroup({ leaders: 9, coaches: 2 });
    const ctx = ctxFor(organiser);
    const results = await Promise.allSettled(
      coaches.map((c) => changeRole(ctx, { groupId: String(group._id), userId: String(c._id), role: "leader" })),
    );
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await leaderCount(group)).toBe(10);
    expect(await seats(group)).toBe(10);
  });

  it("the same role again changes nothing; a guest's role is not changed here", async () => {
    const { group, organiser, leaders } = await buildGroup({ leaders: 2 });
    const guest = await buildUser();
    await addMembership(group, guest, { role: "guest", status: "active" });
    const ctx = ctxFor(organiser);
    await changeRole(ctx, { groupId: String(group._id), userId: String(leaders[0]._id), role: "leader" });
    expect(await seats(group)).toBe(2);
    await expect(changeRole(ctx, { groupId: String(group._id), userId: String(guest._id), role: "leader" })).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await auditTypes(group)).toEqual([]);
  });
});

describe("listMyGroups and listVisibleGroupIds", () => {
  it("say what each member still has to do", async () => {
    const { group, organiser, leaders } = await buildGroup({ leaders: 2, name: "Alfa" });
    await proposeCharter(ctxFor(leaders[0]), { groupId: String(group._id), text: "Version two of what we agree on." });
    const pendingGuest = await buildUser();
    await addMembership(group, pendingGuest, { role: "guest", status: "pending" });

    const mine = async (u: Parameters<typeof ctxFor>[0]) => listMyGroups(ctxFor(u).actor);
    expect(await mine(leaders[0])).toEqual([expect.objectContaining({ id: String(group._id), role: "leader", state: "ok" })]);
    expect(await mine(leaders[1])).toEqual([expect.objectContaining({ role: "leader", state: "charter_required" })]);
    expect(await mine(pendingGuest)).toEqual([expect.objectContaining({ role: "guest", state: "pending_consent" })]);
    expect(await mine(organiser)).toEqual([expect.objectContaining({ role: "organiser", state: "ok", name: "Alfa" })]);

    expect(await listVisibleGroupIds({ id: String(leaders[0]._id), isOrganiser: false })).toEqual([String(group._id)]);
    expect(await listVisibleGroupIds({ id: String(leaders[1]._id), isOrganiser: false })).toEqual([]);
    expect(await listVisibleGroupIds({ id: String(pendingGuest._id), isOrganiser: false })).toEqual([]);
  });
});

describe("removeAccount", () => {
  it("removes every membership and session of an account in the organiser's trajectories", async () => {
    const organiser = await buildOrganiser();
    const a = await buildGroup({ leaders: 2, organiser });
    const b = await buildGroup({ leaders: 0, organiser });
    const user = a.leaders[0];
    await addMembership(b.group, user, { role: "coach", status: "active" });
    await createSession(String(user._id));
    const ctx = ctxFor(organiser);

    await removeAccount(ctx, String(user._id));

    expect(await User.findById(user._id).lean()).toMatchObject({ status: "removed", passwordHash: "" });
    expect(await Session.countDocuments({ userId: user._id })).toBe(0);
    expect(await Membership.countDocuments({ userId: user._id, status: { $ne: "removed" } })).toBe(0);
    expect(ctx.publisher.of("disconnectUser")).toEqual([{ method: "disconnectUser", userId: String(user._id) }]);
    expect(await seats(a.group)).toBe(1);
  });

  it("is not_found for an account that is also in another organiser's trajectory", async () => {
    const a = await buildGroup({ leaders: 1 });
    const b = await buildGroup({ leaders: 0 });
    await addMembership(b.group, a.leaders[0], { role: "coach", status: "active" });
    await expect(removeAccount(ctxFor(a.organiser), String(a.leaders[0]._id))).rejects.toMatchObject({ code: "not_found" });
    expect((await User.findById(a.leaders[0]._id).lean())?.status).toBe("active");
  });
});

describe("getGroupShell's tabs", () => {
  it("follow what the reader may do: the organiser manages members, a leader only consents to guests, a coach proposes them", async () => {
    const { group, organiser, leaders, coaches } = await buildGroup({ leaders: 1, coaches: 1 });
    const groupId = String(group._id);
    const tabsOf = async (u: { _id: unknown; isOrganiser: boolean }) =>
      (await getGroupShell({ id: String(u._id), isOrganiser: u.isOrganiser }, groupId))?.tabs;

    expect(await tabsOf(organiser)).toMatchObject({ members: true, guests: false, threads: false, docs: false });
    // The leader may consent to a proposed guest and nothing else there: not "Manage members".
    expect(await tabsOf(leaders[0])).toMatchObject({ members: false, guests: true, threads: true });
    expect(await tabsOf(coaches[0])).toMatchObject({ members: true, guests: false });
  });
});

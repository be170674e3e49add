import { describe, expect, it } from "vitest";
import {
  acceptInvite,
  changePassword,
  getProfile,
  updateProfile,
  findOrInviteUser,
  isTokenUsable,
  requestPasswordReset,
  resetPassword,
  verifyLogin,
} from "./user.service";
import { LoginInput, ProfileInput } from "./user.inputs";
import { User } from "./user.model";
import { AccountToken } from "../invite/invite.model";
import { Session } from "../session/session.model";
import { createSession, getSessionUser } from "../session/session.service";
import { Membership } from "../group/group.model";
import { inviteMember } from "../group/group.service";
import { AuditEvent } from "../audit/audit.model";
import { DomainError } from "../shared/errors";
import { LIMITS } from "../shared/limits.constants";
import { buildGroup, buildUser, ctxFor, PASSWORD, tokenFromMail } from "../../test/factories";

const NEW_PASSWORD = "a brand new passphrase";

/** An organiser invites a new address into a group; returns what the invitee needs. */
async function invited(email = "invitee@school.test") {
  const { group, organiser } = await buildGroup({ leaders: 1 });
  const ctx = ctxFor(organiser);
  await inviteMember(ctx, { groupId: String(group._id), email, role: "leader" });
  return { group, ctx, email, token: tokenFromMail(ctx.mails, email, "invite") };
}

describe("acceptInvite", () => {
  it("sets up the account and activates its memberships, once", async () => {
    const { group, ctx, email, token } = await invited();
    expect(await isTokenUsable(token, "invite")).toBe(true);

    const userId = await acceptInvite(ctx, { token, name: "Ann Example", password: NEW_PASSWORD });

    expect(await User.findById(userId).lean()).toMatchObject({ name: "Ann Example", status: "active", email });
    expect((await Membership.findOne({ userId }).lean())?.status).toBe("active");
    expect(await AuditEvent.countDocuments({ type: "member_joined", subjectId: userId })).toBe(1);
    expect(ctx.publisher.of("toGroup").at(-1)).toEqual({
      method: "toGroup",
      groupId: String(group._id),
      event: "group:changed",
      data: { groupId: String(group._id) },
    });
    expect(String((await verifyLogin(email, NEW_PASSWORD))._id)).toBe(userId);

    expect(await isTokenUsable(token, "invite")).toBe(false);
    await expect(acceptInvite(ctx, { token, name: "Mallory", password: "another passphrase" })).rejects.toMatchObject({
      code: "token_invalid",
    });
    expect((await User.findById(userId).lean())?.name).toBe("Ann Example");
  });

  it("the same link submitted twice at once sets up the account once", async () => {
    const { ctx, token } = await invited();
    const results = await Promise.allSettled([
      acceptInvite(ctx, { token, name: "First Tab", password: NEW_PASSWORD }),
      acceptInvite(ctx, { token, name: "Second Tab", password: NEW_PASSWORD }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(results.find((r): r is PromiseRejectedResult => r.status === "rejected")?.reason).toMatchObject({ code: "token_invalid" });
    expect(await AuditEvent.countDocuments({ type: "member_joined" })).toBe(1);
  });

  it("refuses an expired link", async () => {
    const { ctx, email, token } = await invited();
    await AccountToken.updateMany({}, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await isTokenUsable(token, "invite")).toBe(false);
    await expect(acceptInvite(ctx, { token, name: "Late Ann", password: NEW_PASSWORD })).rejects.toMatchObject({
      code: "token_invalid",
    });
    expect(await User.findOne({ email }).lean()).toMatchObject({ status: "invited", passwordHash: "" });
  });

  it("refuses a reset link, an unknown token and a removed account", async () => {
    const user = await buildUser();
    const ctx = ctxFor(user);
    await requestPasswordReset(ctx, user.email, "192.0.2.1");
    const resetToken = tokenFromMail(ctx.mails, user.email, "reset");
    for (const token of [resetToken, "x".repeat(43)]) {
      await expect(acceptInvite(ctx, { token, name: "Someone", password: NEW_PASSWORD })).rejects.toMatchObject({
        code: "token_invalid",
      });
    }

    const { ctx: ctx2, email, token } = await invited("gone@school.test");
    await User.updateOne({ email }, { $set: { status: "removed" } });
    await expect(acceptInvite(ctx2, { token, name: "Gone", password: NEW_PASSWORD })).rejects.toMatchObject({ code: "token_invalid" });
    expect((await User.findOne({ email }).lean())?.status).toBe("removed");
  });
});

describe("password reset", () => {
  it("sets the new password and ends every session of that user, on every node", async () => {
    const user = await buildUser();
    const bystander = await buildUser();
    const cookies = [await createSession(String(user._id)), await createSession(String(user._id))];
    const otherCookie = await createSession(String(bystander._id));
    const ctx = ctxFor(user);

    await requestPasswordReset(ctx, user.email, "192.0.2.1");
    expect(ctx.mails).toHaveLength(1);
    const token = tokenFromMail(ctx.mails, user.email, "reset");
    await resetPassword(ctx, { token, password: NEW_PASSWORD });

    expect(await Session.countDocuments({ userId: user._id })).toBe(0);
    for (const c of cookies) expect(await getSessionUser(c)).toBeNull();
    expect(String((await getSessionUser(otherCookie))?._id)).toBe(String(bystander._id));
    expect(ctx.publisher.calls).toEqual([{ method: "disconnectUser", userId: String(user._id) }]);
    await expect(verifyLogin(user.email, PASSWORD)).rejects.toMatchObject({ code: "invalid_credentials" });
    expect(String((await verifyLogin(user.email, NEW_PASSWORD))._id)).toBe(String(user._id));

    await expect(resetPassword(ctx, { token, password: "yet another passphrase" })).rejects.toMatchObject({ code: "token_invalid" });
  });

  it("an expired reset link changes nothing", async () => {
    const user = await buildUser();
    const ctx = ctxFor(user);
    await requestPasswordReset(ctx, user.email, "192.0.2.1");
    await AccountToken.updateMany({}, { $set: { expiresAt: new Date(Date.now() - 1) } });
    await expect(
      resetPassword(ctx, { token: tokenFromMail(ctx.mails, user.email, "reset"), password: NEW_PASSWORD }),
    ).rejects.toMatchObject({ code: "token_invalid" });
    expect(String((await verifyLogin(user.email, PASSWORD))._id)).toBe(String(user._id));
    expect(ctx.publisher.calls).toEqual([]);
  });

  it("says nothing about unknown or not yet active addresses", async () => {
    const invitedUser = await buildUser({ status: "invited" });
    const ctx = ctxFor(invitedUser);
    await expect(requestPasswordReset(ctx, "nobody@school.test", "192.0.2.1")).resolves.toBeUndefined();
    await expect(requestPasswordReset(ctx, invitedUser.email, "192.0.2.1")).resolves.toBeUndefined();
    expect(ctx.mails).toEqual([]);
    expect(await AccountToken.countDocuments()).toBe(0);
  });

  it("counts an IPv6 client's mails per /64 network: a fresh address in it does not start a new budget", async () => {
    const ctx = ctxFor(await buildUser());
    const { points } = LIMITS.passwordReset.perAddress;
    for (let i = 0; i < points; i++) await requestPasswordReset(ctx, `nobody-${i}@school.test`, `2001:db8:7:7::${i + 1}`);
    const refused = await requestPasswordReset(ctx, "one-more@school.test", "2001:db8:7:7:ffff::1").catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "rate_limited", meta: { retryAfter: expect.any(Number) } });
    // Another /64 has its own budget.
    await expect(requestPasswordReset(ctx, "one-more@school.test", "2001:db8:7:8::1")).resolves.toBeUndefined();
  });
});

describe("verifyLogin", () => {
  it("returns the active user for the right password", async () => {
    const user = await buildUser();
    expect(String((await verifyLogin(user.email, PASSWORD))._id)).toBe(String(user._id));
  });

  it("gives the same error for an unknown address, a wrong password, an invited and a removed account", async () => {
    const user = await buildUser();
    const invitedUser = await buildUser({ status: "invited" });
    const removed = await buildUser({ status: "removed" });
    const attempts: [string, string][] = [
      ["nobody@school.test", PASSWORD],
      [user.email, "wrong horse battery"],
      [user.email, ""],
      [invitedUser.email, ""],
      [invitedUser.email, PASSWORD],
      [removed.email, PASSWORD],
    ];
    const errors: unknown[] = [];
    for (const [email, password] of attempts) errors.push(await verifyLogin(email, password).catch((e: unknown) => e));
    for (const e of errors) {
      expect(e).toBeInstanceOf(DomainError);
      expect({ ...(e as DomainError), message: (e as DomainError).message }).toEqual({
        name: "DomainError",
        code: "invalid_credentials",
        issues: undefined,
        meta: undefined,
        message: "invalid_credentials",
      });
    }
  });

  it("an operator object as email is refused by LoginInput before any query", () => {
    for (const email of [{ $ne: null }, { $gt: "" }, { $regex: ".*" }, ["a@b.test"]]) {
      const r = LoginInput.safeParse({ email, password: PASSWORD });
      expect(r.success).toBe(false);
      expect(r.error?.issues.map((i) => i.path.join("."))).toEqual(["email"]);
    }
    expect(LoginInput.safeParse({ email: "a@b.test", password: { $ne: null } }).success).toBe(false);
  });
});

describe("changePassword", () => {
  it("checks the current password, then ends every session", async () => {
    const user = await buildUser();
    await createSession(String(user._id));
    const ctx = ctxFor(user);
    await expect(changePassword(ctx, { currentPassword: "not it at all", password: NEW_PASSWORD })).rejects.toMatchObject({
      code: "invalid_credentials",
    });
    expect(await Session.countDocuments({ userId: user._id })).toBe(1);
    expect(ctx.publisher.calls).toEqual([]);

    await changePassword(ctx, { currentPassword: PASSWORD, password: NEW_PASSWORD });
    expect(await Session.countDocuments({ userId: user._id })).toBe(0);
    expect(ctx.publisher.calls).toEqual([{ method: "disconnectUser", userId: String(user._id) }]);
    expect(String((await verifyLogin(user.email, NEW_PASSWORD))._id)).toBe(String(user._id));
  });
});

describe("findOrInviteUser", () => {
  it("returns the existing account, or one invited account even when asked twice at once", async () => {
    const user = await buildUser();
    expect(String((await findOrInviteUser(user.email))._id)).toBe(String(user._id));
    const [a, b] = await Promise.all([findOrInviteUser("fresh@school.test"), findOrInviteUser("fresh@school.test")]);
    expect(String(a._id)).toBe(String(b._id));
    expect(await User.countDocuments({ email: "fresh@school.test" })).toBe(1);
    expect(a.status).toBe("invited");
  });
});

describe("profile", () => {
  const form = {
    name: "  Ann Peeters ",
    school: "GO! Atheneum Gent",
    careerPhase: "experienced",
    yearsAsLeader: "12",
    schoolLevel: "secondary",
    locale: "en",
    timeZone: "America/New_York",
  };

  it("stores what the form says and gives it back; a new user has Brussels and no profile yet", async () => {
    const user = await buildUser({ name: "Ann" });
    const ctx = ctxFor(user);
    expect(await getProfile(ctx)).toMatchObject({
      name: "Ann",
      school: "",
      careerPhase: "",
      yearsAsLeader: null,
      timeZone: "Europe/Brussels",
    });

    const saved = await updateProfile(ctx, ProfileInput.parse(form));

    expect(saved).toEqual({
      name: "Ann Peeters",
      school: "GO! Atheneum Gent",
      careerPhase: "experienced",
      yearsAsLeader: 12,
      schoolLevel: "secondary",
      locale: "en",
      timeZone: "America/New_York",
    });
    expect(await getProfile(ctx)).toEqual(saved);
  });

  it("refuses a field out of its set, and changes nothing", async () => {
    const user = await buildUser({ name: "Ann" });
    const bad = ProfileInput.safeParse({ ...form, timeZone: "Mars/Olympus", schoolLevel: "kleuter", yearsAsLeader: "-3", careerPhase: 7 });
    expect(bad.success).toBe(false);
    const codes = Object.fromEntries((bad.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));
    expect(codes).toEqual({
      timeZone: "invalid_time_zone",
      schoolLevel: "invalid",
      yearsAsLeader: "invalid_number",
      careerPhase: "invalid",
    });
    expect(await getProfile(ctxFor(user))).toMatchObject({ name: "Ann", timeZone: "Europe/Brussels" });
  });

  it("drops a starter's years", () => {
    expect(ProfileInput.parse({ ...form, careerPhase: "starter" }).yearsAsLeader).toBeNull();
  });
});

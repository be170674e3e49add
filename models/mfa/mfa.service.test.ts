import { TOTP, Secret } from "otpauth";
import { describe, expect, it } from "vitest";
import { buildGroup, buildUser, ctxFor } from "../../test/factories";
import { AuditEvent } from "../audit/audit.model";
import { createSession, getSessionUser, hashToken } from "../session/session.service";
import { SecondFactor } from "./mfa.model";
import {
  beginEnrolment,
  confirmEnrolment,
  finishPendingSignIn,
  getSecondFactorStatus,
  nextStepAfterPassword,
  openSecret,
  removeSecondFactor,
  resetMemberSecondFactor,
  startPendingSignIn,
  verifySecondFactor,
} from "./mfa.service";

const SECRET = "mfa-test-session-secret-0123456789abcdefghij";
const IP = "192.0.2.10";

/** The code an authenticator app shows now (or `steps` periods away), computed from the shown secret. */
const codeFor = (secretText: string, steps = 0) =>
  TOTP.generate({ secret: Secret.fromBase32(secretText.replace(/\s/g, "")), timestamp: Date.now() + steps * 30_000 });

async function enrolled(overrides: Parameters<typeof buildUser>[0] = {}) {
  const user = await buildUser(overrides);
  const ctx = ctxFor(user);
  const { secret } = await beginEnrolment(SECRET, String(user._id));
  const codes = await confirmEnrolment(ctx, SECRET, { userId: String(user._id), code: codeFor(secret, -1) }, IP);
  return { user, ctx, secret, codes };
}

describe("TOTP enrolment", () => {
  it("shows a QR code and the secret as text; stores the secret only sealed; a code from it confirms and gives ten recovery codes once", async () => {
    const user = await buildUser();
    const e = await beginEnrolment(SECRET, String(user._id));
    expect(e.qr).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(e.qr.split(",")[1], "base64").toString()).toContain("<svg");
    expect(e.uri).toMatch(/^otpauth:\/\/totp\/Leerkring:/);
    const stored = (await SecondFactor.findById(String(user._id)).lean())!;
    expect(stored.secret).not.toContain(e.secret.replace(/\s/g, ""));
    expect(openSecret(SECRET, String(user._id), stored.secret)).toBe(e.secret.replace(/\s/g, ""));
    // Sealed to this user: the same row under another account does not open.
    const id = String(user._id);
    const otherId = id.slice(0, -1) + (id.endsWith("0") ? "1" : "0");
    expect(() => openSecret(SECRET, otherId, stored.secret)).toThrow();
    // Showing it again (a reload) gives the same secret.
    expect((await beginEnrolment(SECRET, String(user._id))).secret).toBe(e.secret);

    const ctx = ctxFor(user);
    await expect(confirmEnrolment(ctx, SECRET, { userId: String(user._id), code: "000000" }, IP)).rejects.toMatchObject({
      code: "invalid_credentials",
    });
    const codes = await confirmEnrolment(ctx, SECRET, { userId: String(user._id), code: codeFor(e.secret) }, IP);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(await getSecondFactorStatus(ctx)).toEqual({ enrolled: true, passkeys: 0, required: false, recoveryCodesLeft: 10 });
    await expect(beginEnrolment(SECRET, String(user._id))).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("signing in with the second factor", () => {
  it("a TOTP code works once; a wrong code is refused; after the free failures the next attempt must wait", async () => {
    const { user, ctx, secret } = await enrolled();
    const userId = String(user._id);
    expect(await nextStepAfterPassword(userId)).toBe("verify");
    const code = codeFor(secret);
    expect(await verifySecondFactor(ctx, SECRET, { userId, code }, IP)).toEqual({ usedRecoveryCode: false });
    await expect(verifySecondFactor(ctx, SECRET, { userId, code }, IP)).rejects.toMatchObject({ code: "invalid_credentials" });
    for (let i = 0; i < 5; i++)
      await expect(verifySecondFactor(ctx, SECRET, { userId, code: "000000" }, "198.51.100.7")).rejects.toMatchObject({
        code: "invalid_credentials",
      });
    await verifySecondFactor(ctx, SECRET, { userId, code: "000000" }, "198.51.100.7").catch(() => undefined);
    await expect(verifySecondFactor(ctx, SECRET, { userId, code: codeFor(secret, 1) }, "198.51.100.7")).rejects.toMatchObject({
      code: "rate_limited",
    });
  });

  it("a recovery code works once, also when two tries race", async () => {
    const { user, ctx, codes } = await enrolled();
    const userId = String(user._id);
    const results = await Promise.allSettled([
      verifySecondFactor(ctx, SECRET, { userId, code: codes[3] }, IP),
      verifySecondFactor(ctx, SECRET, { userId, code: codes[3].toUpperCase() }, "203.0.113.9"),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    await expect(verifySecondFactor(ctx, SECRET, { userId, code: codes[3] }, IP)).rejects.toMatchObject({ code: "invalid_credentials" });
    expect((await getSecondFactorStatus(ctx)).recoveryCodesLeft).toBe(9);
  });

  it("is required for organisers and coaches, who enrol after the password; offered to leaders", async () => {
    const { organiser, coaches, leaders } = await buildGroup({ leaders: 1, coaches: 1 });
    expect(await nextStepAfterPassword(String(organiser._id))).toBe("enrol");
    expect(await nextStepAfterPassword(String(coaches[0]._id))).toBe("enrol");
    expect(await nextStepAfterPassword(String(leaders[0]._id))).toBe("none");
  });

  it("a pending sign-in is used up once", async () => {
    const user = await buildUser();
    const token = await startPendingSignIn(String(user._id), "verify");
    const results = await Promise.allSettled([finishPendingSignIn(token), finishPendingSignIn(token)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });
});

describe("losing the device", () => {
  it("removing one's own factor needs a code and ends every other session; coaches cannot remove theirs", async () => {
    const { user, ctx, secret } = await enrolled();
    const here = await createSession(String(user._id));
    const there = await createSession(String(user._id));
    await removeSecondFactor(ctx, SECRET, { code: codeFor(secret), currentSessionId: hashToken(here) }, IP);
    expect(await getSessionUser(here)).not.toBeNull();
    expect(await getSessionUser(there)).toBeNull();
    expect(ctx.publisher.calls).toContainEqual({ method: "disconnectSession", sessionId: hashToken(there) });
    expect(await nextStepAfterPassword(String(user._id))).toBe("none");

    const { coaches } = await buildGroup({ leaders: 1, coaches: 1 });
    await expect(removeSecondFactor(ctxFor(coaches[0]), SECRET, { code: "123456", currentSessionId: "x" }, IP)).rejects.toMatchObject({
      code: "forbidden",
      meta: { reason: "mfa_required" },
    });
  });

  it("the trajectory's organiser resets a member's factor: audited, every session ended; anyone else gets not_found", async () => {
    const { group, organiser, coaches, leaders } = await buildGroup({ leaders: 1, coaches: 1 });
    const coach = coaches[0];
    const s = await beginEnrolment(SECRET, String(coach._id));
    await confirmEnrolment(ctxFor(coach), SECRET, { userId: String(coach._id), code: codeFor(s.secret) }, IP);
    const session = await createSession(String(coach._id));
    const input = { groupId: String(group._id), userId: String(coach._id) };

    const other = await buildGroup({ leaders: 1 });
    for (const who of [other.organiser, leaders[0], coach])
      await expect(resetMemberSecondFactor(ctxFor(who), input)).rejects.toMatchObject({ code: "not_found" });
    await expect(resetMemberSecondFactor(ctxFor(organiser), { ...input, userId: String(other.leaders[0]._id) })).rejects.toMatchObject({
      code: "not_found",
    });

    await resetMemberSecondFactor(ctxFor(organiser), input);
    expect(await getSessionUser(session)).toBeNull();
    expect(await nextStepAfterPassword(String(coach._id))).toBe("enrol");
    const audit = await AuditEvent.findOne({ groupId: group._id, type: "second_factor_reset" }).lean();
    expect(String(audit?.actorId)).toBe(String(organiser._id));
    expect(String(audit?.subjectId)).toBe(String(coach._id));
  });
});

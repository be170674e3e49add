// Passkeys (decision 062) against the real database, with real WebAuthn answers from a software
// authenticator (test/webauthn-authenticator.ts): enrolment, the second step, passwordless sign-in,
// a replayed challenge, a foreign origin, the counter, removal and an organiser's reset.
import { describe, expect, it } from "vitest";
import { buildGroup, buildUser, ctxFor, PASSWORD, TEST_APP_URL } from "../../test/factories";
import { createAuthenticator } from "../../test/webauthn-authenticator";
import { AuditEvent } from "../audit/audit.model";
import { createSession, getSessionUser, hashToken } from "../session/session.service";
import { logIn } from "../user/user.service";
import { FactorUse, Passkey, PasskeyChallenge } from "./mfa.model";
import { getSecondFactorStatus, nextStepAfterPassword, resetMemberSecondFactor, verifySecondFactor } from "./mfa.service";
import { AuthenticationResponseInput, RegistrationResponseInput } from "./mfa.inputs";
import {
  addPasskey,
  listPasskeys,
  passkeyRegistrationOptions,
  passkeySignInOptions,
  removePasskey,
  verifyPasskeySignIn,
} from "./passkey.service";

const IP = "192.0.2.20";
const refusedPasskey = { code: "invalid_credentials", meta: { reason: "passkey" } };

async function withPasskey(overrides: Parameters<typeof buildUser>[0] = {}) {
  const user = await buildUser(overrides);
  const ctx = ctxFor(user);
  const device = createAuthenticator({ origin: TEST_APP_URL });
  const options = await passkeyRegistrationOptions(ctx, { name: "Laptop" });
  const { passkey, response } = device.create(options);
  const added = await addPasskey(ctx, { response: RegistrationResponseInput.parse(response) });
  return { user, ctx, userId: String(user._id), device, passkey, registration: response, added };
}

const answer = (r: unknown) => AuthenticationResponseInput.parse(r);

describe("passkey enrolment", () => {
  it("registers a discoverable passkey for the configured RP ID; the first factor brings ten recovery codes", async () => {
    const user = await buildUser();
    const ctx = ctxFor(user);
    const options = await passkeyRegistrationOptions(ctx, { name: "Laptop" });
    expect(options.rp).toEqual({ name: "Leerkring", id: "leerkring.test" });
    expect(options.authenticatorSelection).toMatchObject({ residentKey: "required" });
    expect(await PasskeyChallenge.findById(options.challenge).lean()).toMatchObject({ purpose: "register", name: "Laptop" });

    const device = createAuthenticator({ origin: TEST_APP_URL });
    const { response } = device.create(options);
    const { passkey, codes } = await addPasskey(ctx, { response: RegistrationResponseInput.parse(response) });
    expect(passkey).toMatchObject({ id: response.id, name: "Laptop", lastUsedAt: null });
    expect(codes).toHaveLength(10);
    expect(await listPasskeys(ctx)).toEqual([passkey]);
    expect(await getSecondFactorStatus(ctx)).toEqual({ enrolled: false, passkeys: 1, required: false, recoveryCodesLeft: 10 });
    // The password alone no longer signs in: the second step follows.
    expect(await nextStepAfterPassword(String(user._id))).toBe("verify");
    // The challenge is gone; a recovery code works as the second step.
    expect(await PasskeyChallenge.findById(options.challenge).lean()).toBeNull();
    await expect(verifySecondFactor(ctx, "s", { userId: String(user._id), code: codes![0] }, IP)).resolves.toEqual({
      usedRecoveryCode: true,
    });

    // A second passkey brings no new codes.
    const second = createAuthenticator({ origin: TEST_APP_URL }).create(await passkeyRegistrationOptions(ctx, { name: "Telefoon" }));
    expect((await addPasskey(ctx, { response: RegistrationResponseInput.parse(second.response) })).codes).toBeNull();
    expect((await listPasskeys(ctx)).map((p) => p.name)).toEqual(["Laptop", "Telefoon"]);
  });

  it("refuses a replayed registration, a foreign origin, and another account's challenge", async () => {
    const user = await buildUser();
    const ctx = ctxFor(user);
    const device = createAuthenticator({ origin: TEST_APP_URL });
    const options = await passkeyRegistrationOptions(ctx, { name: "Laptop" });
    const { response } = device.create(options);
    await addPasskey(ctx, { response: RegistrationResponseInput.parse(response) });
    // The same answer again: its challenge was used.
    await expect(addPasskey(ctx, { response: RegistrationResponseInput.parse(response) })).rejects.toMatchObject(refusedPasskey);

    // A phishing site's page relays our challenge: the browser reports its own origin.
    const phished = createAuthenticator({ origin: "https://leerkring.example" }).create(
      await passkeyRegistrationOptions(ctx, { name: "X" }),
    );
    await expect(addPasskey(ctx, { response: RegistrationResponseInput.parse(phished.response) })).rejects.toMatchObject(refusedPasskey);

    // Another account's challenge answered in this one's name.
    const other = await buildUser();
    const stolen = device.create(await passkeyRegistrationOptions(ctxFor(other), { name: "X" }));
    await expect(addPasskey(ctx, { response: RegistrationResponseInput.parse(stolen.response) })).rejects.toMatchObject(refusedPasskey);
    expect(await Passkey.countDocuments({ userId: String(user._id) })).toBe(1);
  });

  it("an expired challenge is refused", async () => {
    const user = await buildUser();
    const ctx = ctxFor(user);
    const options = await passkeyRegistrationOptions(ctx, { name: "Laptop" });
    await PasskeyChallenge.updateOne({ _id: options.challenge }, { $set: { expiresAt: new Date(Date.now() - 1) } });
    const { response } = createAuthenticator({ origin: TEST_APP_URL }).create(options);
    await expect(addPasskey(ctx, { response: RegistrationResponseInput.parse(response) })).rejects.toMatchObject(refusedPasskey);
  });
});

describe("signing in with a passkey", () => {
  it("passwordless: a discoverable passkey with user verification signs its account in; the counter is stored", async () => {
    const { userId, device, passkey, ctx: deps } = await withPasskey();
    const options = await passkeySignInOptions(deps, null);
    expect(options.allowCredentials).toEqual([]);
    expect(options.userVerification).toBe("required");
    const assertion = device.get(passkey, options);
    await expect(verifyPasskeySignIn(deps, { response: answer(assertion), userId: null }, IP)).resolves.toEqual({ userId });
    const stored = (await Passkey.findById(passkey.id.toString("base64url")).lean())!;
    expect(stored.counter).toBe(1);
    expect(stored.lastUsedAt).toBeInstanceOf(Date);
  });

  it("a replayed answer is refused: its challenge is spent, also by two at once", async () => {
    const { device, passkey, ctx: deps } = await withPasskey();
    const assertion = answer(device.get(passkey, await passkeySignInOptions(deps, null)));
    const results = await Promise.allSettled([
      verifyPasskeySignIn(deps, { response: assertion, userId: null }, IP),
      verifyPasskeySignIn(deps, { response: assertion, userId: null }, IP),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    await expect(verifyPasskeySignIn(deps, { response: assertion, userId: null }, IP)).rejects.toMatchObject(refusedPasskey);
  });

  it("a foreign origin, a wrong RP ID, a counter that did not go up, or no user verification (passwordless) is refused", async () => {
    const { userId, device, passkey, ctx: deps } = await withPasskey();
    const phishing = createAuthenticator({ origin: "https://leerkring.example" });
    const refusedWith = async (make: (options: { challenge: string }) => unknown) => {
      const options = await passkeySignInOptions(deps, null);
      await expect(verifyPasskeySignIn(deps, { response: answer(make(options)), userId: null }, IP)).rejects.toMatchObject(refusedPasskey);
    };
    await refusedWith((o) => phishing.get(passkey, { ...o, rpId: "leerkring.test" }));
    await refusedWith((o) => device.get(passkey, { ...o, rpId: "leerkring.example" }));
    await refusedWith((o) => device.get(passkey, o, { userVerified: false }));
    // Signed in once (counter 1), then an answer that reports 1 again: a cloned key.
    await expect(
      verifyPasskeySignIn(deps, { response: answer(device.get(passkey, await passkeySignInOptions(deps, null))), userId: null }, IP),
    ).resolves.toEqual({ userId });
    await refusedWith((o) => device.get(passkey, o, { counter: 1 }));
  });

  it("the second step: the pending user's passkey only; another account's passkey is refused", async () => {
    const ann = await withPasskey();
    const bob = await withPasskey();
    const options = await passkeySignInOptions(ann.ctx, ann.userId);
    expect(options.allowCredentials?.map((c) => c.id)).toEqual([ann.added.passkey.id]);
    expect(options.userVerification).toBe("preferred");
    // Bob's passkey answering Ann's second step.
    await expect(
      verifyPasskeySignIn(ann.ctx, { response: answer(bob.device.get(bob.passkey, options)), userId: ann.userId }, IP),
    ).rejects.toMatchObject(refusedPasskey);
    // A "verify" challenge is not a passwordless one, nor another user's.
    const next = await passkeySignInOptions(ann.ctx, ann.userId);
    await expect(
      verifyPasskeySignIn(ann.ctx, { response: answer(ann.device.get(ann.passkey, next)), userId: null }, IP),
    ).rejects.toMatchObject(refusedPasskey);
    const third = await passkeySignInOptions(ann.ctx, ann.userId);
    await expect(
      verifyPasskeySignIn(
        ann.ctx,
        { response: answer(ann.device.get(ann.passkey, third, { userVerified: false })), userId: ann.userId },
        IP,
      ),
    ).resolves.toEqual({ userId: ann.userId });
    // No passkey: nothing to ask for.
    const carl = await buildUser();
    await expect(passkeySignInOptions(ann.ctx, String(carl._id))).rejects.toMatchObject(refusedPasskey);
  });

  it("is counted like the password: failed passkey attempts make the same account's password wait", async () => {
    const { user, device, passkey, ctx: deps } = await withPasskey();
    const phishing = createAuthenticator({ origin: "https://leerkring.example" });
    for (let i = 0; i < 5; i++) {
      const options = await passkeySignInOptions(deps, null);
      await expect(
        verifyPasskeySignIn(deps, { response: answer(phishing.get(passkey, { ...options, rpId: "leerkring.test" })), userId: null }, IP),
      ).rejects.toMatchObject(refusedPasskey);
    }
    // The sixth guess, whether by passkey or password, waits.
    await expect(logIn(deps, { email: user.email, password: "wrong password" }, IP)).rejects.toMatchObject({ code: "rate_limited" });
    const options = await passkeySignInOptions(deps, null);
    await expect(verifyPasskeySignIn(deps, { response: answer(device.get(passkey, options)), userId: null }, IP)).rejects.toMatchObject({
      code: "rate_limited",
    });
  });
});

describe("removing a passkey and losing a device", () => {
  it("needs the password, ends every other session with its sockets, and takes the recovery codes with the last factor", async () => {
    const { user, ctx, userId, added } = await withPasskey();
    const here = await createSession(userId);
    const there = await createSession(userId);
    const input = { passkeyId: added.passkey.id, currentSessionId: hashToken(here) };
    await expect(removePasskey(ctx, { ...input, currentPassword: "wrong password" }, IP)).rejects.toMatchObject({
      code: "invalid_credentials",
    });
    expect(await Passkey.countDocuments({ userId })).toBe(1);
    // Someone else's passkey is not found.
    const other = await buildUser();
    await expect(removePasskey(ctxFor(other), { ...input, currentPassword: PASSWORD }, IP)).rejects.toMatchObject({ code: "not_found" });

    await removePasskey(ctx, { ...input, currentPassword: PASSWORD }, IP);
    expect(await listPasskeys(ctx)).toEqual([]);
    expect(await getSessionUser(here)).not.toBeNull();
    expect(await getSessionUser(there)).toBeNull();
    expect(ctx.publisher.calls).toContainEqual({ method: "disconnectSession", sessionId: hashToken(there) });
    expect(await getSecondFactorStatus(ctx)).toMatchObject({ passkeys: 0, recoveryCodesLeft: 0 });
    expect(await nextStepAfterPassword(String(user._id))).toBe("none");
  });

  it("an organiser or coach keeps a last factor; with two, one may go", async () => {
    const { coaches } = await buildGroup({ leaders: 1, coaches: 1 });
    const coach = coaches[0];
    const ctx = ctxFor(coach);
    const device = createAuthenticator({ origin: TEST_APP_URL });
    const ids: string[] = [];
    for (const name of ["Laptop", "Telefoon"]) {
      const { response } = device.create(await passkeyRegistrationOptions(ctx, { name }));
      ids.push((await addPasskey(ctx, { response: RegistrationResponseInput.parse(response) })).passkey.id);
    }
    const session = hashToken(await createSession(String(coach._id)));
    await removePasskey(ctx, { passkeyId: ids[0], currentPassword: PASSWORD, currentSessionId: session }, IP);
    await expect(removePasskey(ctx, { passkeyId: ids[1], currentPassword: PASSWORD, currentSessionId: session }, IP)).rejects.toMatchObject(
      {
        code: "forbidden",
        meta: { reason: "mfa_required" },
      },
    );
    expect(await nextStepAfterPassword(String(coach._id))).toBe("verify");
  });

  it("an organiser's reset removes the member's passkeys too, ends their sessions, and the audit log records it", async () => {
    const { group, organiser, leaders } = await buildGroup({ leaders: 1 });
    const leader = leaders[0];
    const ctx = ctxFor(leader);
    const { response } = createAuthenticator({ origin: TEST_APP_URL }).create(await passkeyRegistrationOptions(ctx, { name: "Laptop" }));
    await addPasskey(ctx, { response: RegistrationResponseInput.parse(response) });
    const session = await createSession(String(leader._id));
    await resetMemberSecondFactor(ctxFor(organiser), { groupId: String(group._id), userId: String(leader._id) });
    expect(await Passkey.countDocuments({ userId: String(leader._id) })).toBe(0);
    expect(await getSecondFactorStatus(ctx)).toMatchObject({ passkeys: 0, recoveryCodesLeft: 0 });
    expect(await getSessionUser(session)).toBeNull();
    expect(await AuditEvent.findOne({ groupId: group._id, type: "second_factor_reset", subjectId: leader._id }).lean()).toMatchObject({
      actorId: organiser._id,
    });
    // The enrolment's challenge was used up as a unique insert.
    expect(await FactorUse.countDocuments({ _id: /^webauthn:/, userId: String(leader._id) })).toBe(1);
  });
});

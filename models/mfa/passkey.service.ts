// Passkeys (WebAuthn, @simplewebauthn/server; decision 062): a second factor beside the TOTP app, and a
// passwordless sign-in with a discoverable credential. The relying party is the configured public URL
// (APP_URL): its host is the RP ID, its origin the only origin accepted. Challenges are kept on the
// server for five minutes and answered once (a unique insert); the signature counter is checked; a
// guess is counted like a password (decision 022's limits).
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import { decodeClientDataJSON, isoBase64URL, isoUint8Array } from "@simplewebauthn/server/helpers";
import type { z } from "zod";
import { MAX_PASSKEYS, Passkey, PasskeyChallenge } from "./mfa.model";
import { claimUse, dropRecoveryCodesWithoutFactor, factorsOf, issueRecoveryCodes, assertFactorNotRequired, ISSUER } from "./mfa.service";
import { User } from "../user/user.model";
import { verifyLogin } from "../user/user.service";
import { endOtherSessions } from "../session/session.service";
import { isDuplicateKey } from "../shared/duplicate-key";
import { DomainError } from "../shared/errors";
import { limitAttempts, limitLogin } from "../shared/limits";
import type { Deps, ServiceContext } from "../shared/context";
import type { AuthenticationResponseInput, RegistrationResponseInput } from "./mfa.inputs";
import type { PasskeyDTO } from "./mfa.dto";

export const CHALLENGE_MINUTES = 5;

/** The relying party: the public URL's host name (the RP ID) and origin. */
export function relyingParty(appUrl: string) {
  const url = new URL(appUrl);
  return { rpID: url.hostname, origin: url.origin };
}

const refused = () => new DomainError("invalid_credentials", undefined, { reason: "passkey" });

/** The WebAuthn user handle of an account: its id's bytes (no name or address in it). */
const userHandle = (userId: string) => isoUint8Array.fromUTF8String(userId);

async function storeChallenge(challenge: string, purpose: "register" | "verify" | "signin", userId: string | null, name = "") {
  await PasskeyChallenge.create({ _id: challenge, purpose, userId, name, expiresAt: new Date(Date.now() + CHALLENGE_MINUTES * 60_000) });
}

/** The challenge a browser's answer carries, used up: its stored record (purpose, whose, still valid),
 *  claimed by a unique insert so that a second answer to it (a replay, a race) is refused. */
async function takeChallenge(clientDataJSON: string, purpose: "register" | "verify" | "signin", userId: string | null) {
  let challenge: string;
  try {
    challenge = decodeClientDataJSON(clientDataJSON).challenge;
  } catch {
    throw refused();
  }
  if (typeof challenge !== "string" || !/^[A-Za-z0-9_-]{16,200}$/.test(challenge)) throw refused();
  const stored = await PasskeyChallenge.findById(challenge).lean();
  if (!stored || stored.purpose !== purpose || stored.expiresAt.getTime() < Date.now()) throw refused();
  if (userId !== null && stored.userId !== userId) throw refused();
  if (!(await claimUse(`webauthn:${challenge}`, stored.userId ?? "-"))) throw refused();
  await PasskeyChallenge.deleteOne({ _id: challenge });
  return stored;
}

// --- Enrolment (Settings) -----------------------------------------------------------------------

/** The options for navigator.credentials.create(): a discoverable passkey for the actor, named `name`
 *  (kept with the challenge until the answer comes). The actor's passkeys are excluded (one per device). */
export async function passkeyRegistrationOptions(ctx: ServiceContext, input: { name: string }) {
  const user = await User.findById(ctx.actor.id, { email: 1, name: 1 }).lean();
  if (!user) throw new DomainError("not_found");
  const existing = await Passkey.find({ userId: ctx.actor.id }, { _id: 1, transports: 1 }).limit(MAX_PASSKEYS).lean();
  if (existing.length >= MAX_PASSKEYS) throw new DomainError("conflict", undefined, { reason: "passkey_limit" });
  const { rpID } = relyingParty(ctx.appUrl);
  const options = await generateRegistrationOptions({
    rpName: ISSUER,
    rpID,
    userName: user.email,
    userDisplayName: user.name || user.email,
    userID: userHandle(ctx.actor.id),
    attestationType: "none",
    excludeCredentials: existing.map((p) => ({ id: p._id, transports: p.transports })),
    // A passkey (found by the browser without an e-mail address), unlocked on the device when it can.
    authenticatorSelection: { residentKey: "required", userVerification: "preferred" },
    timeout: CHALLENGE_MINUTES * 60_000,
  });
  await storeChallenge(options.challenge, "register", ctx.actor.id, input.name);
  return options;
}

/** Stores the actor's new passkey from the browser's answer. The first factor of an account brings
 *  ten recovery codes (shown once; null when the account has them already). */
export async function addPasskey(
  ctx: ServiceContext,
  input: { response: z.output<typeof RegistrationResponseInput> },
): Promise<{ passkey: PasskeyDTO; codes: string[] | null }> {
  const userId = ctx.actor.id;
  const challenge = await takeChallenge(input.response.response.clientDataJSON, "register", userId);
  const { rpID, origin } = relyingParty(ctx.appUrl);
  const verification = await verifyRegistrationResponse({
    response: input.response,
    expectedChallenge: challenge._id,
    expectedOrigin: origin,
    expectedRPID: rpID,
    requireUserVerification: false,
  }).catch(() => null);
  if (!verification?.verified) throw refused();
  const { credential, credentialBackedUp } = verification.registrationInfo;
  const before = await factorsOf(userId);
  try {
    await Passkey.create({
      _id: credential.id,
      userId,
      name: challenge.name,
      publicKey: isoBase64URL.fromBuffer(credential.publicKey),
      counter: credential.counter,
      transports: credential.transports ?? [],
      backedUp: credentialBackedUp,
    });
  } catch (e) {
    if (isDuplicateKey(e)) throw new DomainError("conflict", undefined, { reason: "passkey_exists" });
    throw e;
  }
  const codes = before.totp || before.passkeys > 0 ? null : await issueRecoveryCodes(userId);
  const stored = await Passkey.findById(credential.id).lean();
  if (!stored) throw new DomainError("not_found");
  return { passkey: toPasskeyDTO(stored), codes };
}

const toPasskeyDTO = (p: { _id: string; name: string; createdAt: Date; lastUsedAt?: Date | null; backedUp: boolean }): PasskeyDTO => ({
  id: p._id,
  name: p.name,
  createdAt: p.createdAt.toISOString(),
  lastUsedAt: p.lastUsedAt ? p.lastUsedAt.toISOString() : null,
  backedUp: p.backedUp,
});

/** The actor's passkeys, oldest first. */
export async function listPasskeys(ctx: ServiceContext): Promise<PasskeyDTO[]> {
  const rows = await Passkey.find({ userId: ctx.actor.id }).limit(MAX_PASSKEYS).lean();
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).map(toPasskeyDTO);
}

/** Removes one of the actor's passkeys after the account's password (under the login limits), and
 *  ends every other session of theirs with its sockets, on every node (as removing the TOTP app does).
 *  not_found for a passkey that is not the actor's; forbidden (mfa_required) for an organiser's or
 *  coach's last factor. */
export async function removePasskey(
  ctx: ServiceContext,
  input: { passkeyId: string; currentPassword: string; currentSessionId: string },
  address: string,
) {
  const passkey = await Passkey.findById(input.passkeyId, { userId: 1 }).lean();
  if (!passkey || passkey.userId !== ctx.actor.id) throw new DomainError("not_found");
  const factors = await factorsOf(ctx.actor.id);
  if (!factors.totp && factors.passkeys <= 1) await assertFactorNotRequired(ctx);
  const user = await User.findById(ctx.actor.id, { email: 1 }).lean();
  if (!user) throw new DomainError("not_found");
  await limitLogin(ctx.limits, user.email, address, () => verifyLogin(user.email, input.currentPassword));
  await Passkey.deleteOne({ _id: input.passkeyId, userId: ctx.actor.id });
  await dropRecoveryCodesWithoutFactor(ctx.actor.id);
  await endOtherSessions(ctx.actor.id, input.currentSessionId, ctx.publisher);
}

// --- Signing in ---------------------------------------------------------------------------------

/** The options for navigator.credentials.get(): for the second step of `userId`'s pending sign-in
 *  (their passkeys), or, with null, for a passwordless sign-in (any passkey of this site, unlocked on
 *  the device: user verification required, so the passkey alone is two factors). */
export async function passkeySignInOptions(deps: Pick<Deps, "appUrl">, userId: string | null) {
  const { rpID } = relyingParty(deps.appUrl);
  const allow = userId ? await Passkey.find({ userId }, { _id: 1, transports: 1 }).limit(MAX_PASSKEYS).lean() : [];
  if (userId && allow.length === 0) throw refused();
  const options = await generateAuthenticationOptions({
    rpID,
    allowCredentials: allow.map((p) => ({ id: p._id, transports: p.transports })),
    userVerification: userId ? "preferred" : "required",
    timeout: CHALLENGE_MINUTES * 60_000,
  });
  await storeChallenge(options.challenge, userId ? "verify" : "signin", userId);
  return options;
}

/** Checks a passkey's answer: for the second step of `userId`'s pending sign-in, or (userId null) a
 *  passwordless sign-in. Returns the account it signs in. Refused (invalid_credentials, reason
 *  "passkey") for an unknown or another account's passkey, a used, expired or foreign challenge, a
 *  wrong origin or RP ID, a bad signature, a counter that did not go up, or (passwordless) no user
 *  verification. Counted like a password: the second step under the code limits by account, a
 *  passwordless attempt under the login limits by the passkey's account's e-mail address. */
export async function verifyPasskeySignIn(
  deps: Pick<Deps, "limits" | "appUrl">,
  input: { response: z.output<typeof AuthenticationResponseInput>; userId: string | null },
  address: string,
): Promise<{ userId: string }> {
  const { response } = input;
  const passkey = await Passkey.findById(response.id).lean();
  const owner = passkey ? await User.findById(passkey.userId, { email: 1, status: 1 }).lean() : null;
  const check = async () => {
    // The challenge first: whatever follows, this answer's challenge is spent.
    const challenge = await takeChallenge(response.response.clientDataJSON, input.userId ? "verify" : "signin", input.userId);
    if (!passkey || !owner || owner.status !== "active") throw refused();
    if (input.userId && passkey.userId !== input.userId) throw refused();
    // A discoverable passkey names its account: it must be the one the passkey was made for.
    if (!input.userId && response.response.userHandle !== isoBase64URL.fromBuffer(userHandle(passkey.userId))) throw refused();
    const { rpID, origin } = relyingParty(deps.appUrl);
    const verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge._id,
      expectedOrigin: origin,
      expectedRPID: rpID,
      credential: {
        id: passkey._id,
        publicKey: isoBase64URL.toBuffer(passkey.publicKey),
        counter: passkey.counter,
        transports: passkey.transports as never,
      },
      requireUserVerification: !input.userId,
    }).catch(() => null);
    if (!verification?.verified) throw refused();
    await Passkey.updateOne(
      { _id: passkey._id },
      { $set: { counter: verification.authenticationInfo.newCounter, lastUsedAt: new Date() } },
    );
    return { userId: passkey.userId };
  };
  if (input.userId) return limitAttempts(deps.limits.secondFactor, input.userId, address, check);
  return limitLogin(deps.limits, owner?.email ?? `passkey:${response.id}`, address, check);
}

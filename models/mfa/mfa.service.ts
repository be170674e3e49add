// Two-factor sign-in (decision 039): TOTP (otpauth) with ten single-use recovery codes, required for
// organisers, coaches and named facilitators of a network moment (decision 066), offered to
// everyone. The password is checked first (user.logIn); a sign-in
// with a factor to check, or one to enrol first, goes on as a pending sign-in (its own cookie, ten
// minutes) until the code is right. Codes are limited like passwords (limitAttempts, decision 022).
import { createCipheriv, createDecipheriv, createHmac, randomBytes, randomInt } from "node:crypto";
import argon2 from "argon2";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import { FactorUse, MAX_PASSKEYS, Passkey, PasskeyChallenge, PendingSignIn, RecoveryCode, SecondFactor } from "./mfa.model";
import { User } from "../user/user.model";
import { membershipsOfUser, findMembership } from "../group/memberships";
import { loadGroupFor } from "../group/group.service";
import { recordAudit } from "../audit/audit.service";
import { facilitatesPlannedMoment } from "../moment/moment.service";
import { destroyUserSessions, endOtherSessions, hashToken, randomToken } from "../session/session.service";
import { isDuplicateKey } from "../shared/duplicate-key";
import { DomainError } from "../shared/errors";
import { limitAttempts } from "../shared/limits";
import type { Deps, Id, ServiceContext } from "../shared/context";
import type { Enrolment, SecondFactorStatus } from "./mfa.dto";

export const ISSUER = "Leerkring";
export const RECOVERY_CODE_COUNT = 10;
export const PENDING_MINUTES = 10;
const PERIOD = 30;

// --- The secret at rest -------------------------------------------------------------------------

/** A key of its own for the TOTP secrets, derived from the session secret like the unsubscribe
 *  links' (models/notify/notify.service.ts): the session secret itself signs CSRF tokens. */
const secretKey = (sessionSecret: string) => createHmac("sha256", sessionSecret).update("leerkring/totp-secret/v1").digest();

/** AES-256-GCM: "v1.<iv>.<tag>.<ciphertext>", each base64url; the user's id is authenticated with it,
 *  so a secret copied to another account's row does not decrypt. */
export function sealSecret(sessionSecret: string, userId: string, base32: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", secretKey(sessionSecret), iv).setAAD(Buffer.from(userId));
  const ct = Buffer.concat([cipher.update(base32, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), ct].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

export function openSecret(sessionSecret: string, userId: string, sealed: string): string {
  const [v, iv, tag, ct] = sealed.split(".");
  if (v !== "v1" || !iv || !tag || !ct) throw new Error("unknown sealed secret format");
  const decipher = createDecipheriv("aes-256-gcm", secretKey(sessionSecret), Buffer.from(iv, "base64url"))
    .setAAD(Buffer.from(userId))
    .setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
}

const totpOf = (base32: string, label = "") =>
  new TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: 6, period: PERIOD, secret: Secret.fromBase32(base32) });

// --- Recovery codes -----------------------------------------------------------------------------

const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"; // no 0/o, 1/l/i
const newRecoveryCode = () => {
  const c = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  return `${c.slice(0, 5)}-${c.slice(5)}`;
};
/** argon2id at OWASP's smaller setting: the codes are random (~50 bits), and a sign-in checks up to ten. */
const RECOVERY_HASH = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Replaces the user's recovery codes with ten new ones; returns them in the clear (shown once).
 *  The set is named by its time ("<userId>:<generation>:<i>"); only the newest set counts, so of two
 *  concurrent renewals one set stays valid. */
export async function issueRecoveryCodes(userId: string): Promise<string[]> {
  const generation = Date.now();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const hashes = await Promise.all(codes.map((c) => argon2.hash(c, RECOVERY_HASH)));
  await RecoveryCode.deleteMany({ userId });
  await RecoveryCode.insertMany(hashes.map((hash, i) => ({ _id: `${userId}:${generation}:${i}`, userId, hash })));
  return codes;
}

/** Which factors the user has: a confirmed TOTP app, and how many passkeys (decision 062). */
export async function factorsOf(userId: string): Promise<{ totp: boolean; passkeys: number }> {
  const [factor, passkeys] = await Promise.all([
    SecondFactor.findById(userId, { confirmedAt: 1 }).lean(),
    Passkey.find({ userId }, { _id: 1 }).limit(MAX_PASSKEYS).lean(),
  ]);
  return { totp: !!factor?.confirmedAt, passkeys: passkeys.length };
}

const hasAnyFactor = async (userId: string) => {
  const { totp, passkeys } = await factorsOf(userId);
  return totp || passkeys > 0;
};

/** The user's recovery codes of the current (newest) set that were not used; none without a factor. */
async function unusedRecoveryCodes(userId: string) {
  if (!(await hasAnyFactor(userId))) return [];
  const all = await RecoveryCode.find({ userId }).lean();
  const generationOf = (id: string) => Number(id.split(":")[1]);
  const newest = Math.max(0, ...all.map((c) => generationOf(c._id)));
  const codes = all.filter((c) => generationOf(c._id) === newest);
  const used = await Promise.all(codes.map((c) => FactorUse.findById(`recovery:${c._id}`, { _id: 1 }).lean()));
  return codes.filter((_, i) => !used[i]);
}

/** Takes a use (a unique insert): false when it was taken already, by this or a concurrent attempt. */
export async function claimUse(id: string, userId: string) {
  try {
    await FactorUse.create({ _id: id, userId });
    return true;
  } catch (e) {
    if (isDuplicateKey(e)) return false;
    throw e;
  }
}

export const wrongCode = () => new DomainError("invalid_credentials", undefined, { reason: "code" });

/** Checks a TOTP code against `base32` (the time step before and after count too) and uses it up. */
async function spendTotpCode(userId: string, base32: string, code: string, now = Date.now()) {
  const delta = totpOf(base32).validate({ token: code, window: 1, timestamp: now });
  if (delta === null) throw wrongCode();
  const step = TOTP.counter({ period: PERIOD, timestamp: now }) + delta;
  // A code seen once is never taken again (someone watching over the shoulder, a replayed form).
  if (!(await claimUse(`totp:${userId}:${step}`, userId))) throw wrongCode();
}

async function spendRecoveryCode(userId: string, code: string) {
  const normal = code.toLowerCase().replace(/[^a-z0-9]/g, "");
  if (normal.length !== 10) throw wrongCode();
  const candidates = await unusedRecoveryCodes(userId);
  const matches = await Promise.all(
    candidates.map((c) => argon2.verify(c.hash, `${normal.slice(0, 5)}-${normal.slice(5)}`).catch(() => false)),
  );
  const hit = candidates.find((_, i) => matches[i]);
  if (!hit || !(await claimUse(`recovery:${hit._id}`, userId))) throw wrongCode();
}

/** A code typed at sign-in: six digits are a TOTP code, anything else a recovery code. */
const isTotpShaped = (code: string) => /^\d{6}$/.test(code.replace(/\s/g, ""));

// --- What a user has and needs ------------------------------------------------------------------

/** Must this user sign in with a second factor? Organisers, the coaches of an active membership,
 *  and the named facilitators of a planned network moment (decision 066). */
export async function isSecondFactorRequired(user: { _id: Id; isOrganiser: boolean }): Promise<boolean> {
  if (user.isOrganiser) return true;
  if ((await membershipsOfUser(user._id)).some((m) => m.role === "coach" && m.status === "active")) return true;
  return facilitatesPlannedMoment(String(user._id));
}

/** What the settings page shows of the actor's second factor. */
export async function getSecondFactorStatus(ctx: ServiceContext): Promise<SecondFactorStatus> {
  const [factors, required, left] = await Promise.all([
    factorsOf(ctx.actor.id),
    isSecondFactorRequired({ _id: ctx.actor.id, isOrganiser: ctx.actor.isOrganiser }),
    unusedRecoveryCodes(ctx.actor.id),
  ]);
  return { enrolled: factors.totp, passkeys: factors.passkeys, required, recoveryCodesLeft: left.length };
}

/** After the right password: "none" (sign in), "verify" (ask for a code) or "enrol" (a user who
 *  needs a factor and has none sets one up first). */
export async function nextStepAfterPassword(userId: string): Promise<"none" | "verify" | "enrol"> {
  const [any, user] = await Promise.all([hasAnyFactor(userId), User.findById(userId, { isOrganiser: 1 }).lean()]);
  // A TOTP app or a passkey (decision 062): the second step offers what the user has.
  if (any) return "verify";
  return user && (await isSecondFactorRequired(user)) ? "enrol" : "none";
}

// --- Enrolment ----------------------------------------------------------------------------------

/** The enrolment under way (begun, not confirmed), or null: a read, for the settings page. */
export async function getEnrolment(sessionSecret: string, userId: string): Promise<Enrolment | null> {
  const factor = await SecondFactor.findById(userId).lean();
  if (!factor || factor.confirmedAt) return null;
  return enrolmentOf(sessionSecret, userId, factor.secret);
}

async function enrolmentOf(sessionSecret: string, userId: string, sealed: string): Promise<Enrolment> {
  const user = await User.findById(userId, { email: 1 }).lean();
  const base32 = openSecret(sessionSecret, userId, sealed);
  const uri = totpOf(base32, user?.email ?? "").toString();
  const svg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { secret: base32.replace(/(.{4})/g, "$1 ").trim(), uri, qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}` };
}

/** Starts (or shows again) the enrolment of a TOTP factor: a new secret, kept unconfirmed until a code
 *  from it is given (confirmEnrolment). conflict "already_enrolled" when the user has one. */
export async function beginEnrolment(sessionSecret: string, userId: string): Promise<Enrolment> {
  const user = await User.findById(userId, { email: 1 }).lean();
  if (!user) throw new DomainError("not_found");
  let factor = await SecondFactor.findById(userId).lean();
  if (factor?.confirmedAt) throw new DomainError("conflict", undefined, { reason: "already_enrolled" });
  if (!factor) {
    const sealed = sealSecret(sessionSecret, userId, new Secret({ size: 20 }).base32);
    try {
      await SecondFactor.create({ _id: userId, secret: sealed });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e; // another tab began at the same moment: show its secret
    }
    factor = await SecondFactor.findById(userId).lean();
    if (!factor || factor.confirmedAt) throw new DomainError("conflict", undefined, { reason: "already_enrolled" });
  }
  return enrolmentOf(sessionSecret, userId, factor.secret);
}

/** Confirms the enrolment with a code from the new secret, under the code limits; returns the ten
 *  recovery codes in the clear, the only time they are shown. */
export async function confirmEnrolment(
  deps: Pick<Deps, "limits">,
  sessionSecret: string,
  input: { userId: string; code: string },
  address: string,
): Promise<string[]> {
  const { userId } = input;
  return limitAttempts(deps.limits.secondFactor, userId, address, async () => {
    const factor = await SecondFactor.findById(userId).lean();
    if (!factor) throw new DomainError("not_found");
    if (factor.confirmedAt) throw new DomainError("conflict", undefined, { reason: "already_enrolled" });
    await spendTotpCode(userId, openSecret(sessionSecret, userId, factor.secret), input.code.replace(/\s/g, ""));
    const hadPasskey = (await factorsOf(userId)).passkeys > 0;
    await SecondFactor.updateOne({ _id: userId }, { $set: { confirmedAt: new Date() } });
    // The codes come with the first factor; a passkey's owner has them already (decision 062).
    return hadPasskey ? [] : issueRecoveryCodes(userId);
  });
}

/** Checks a sign-in's second factor (a TOTP code or an unused recovery code), under the code limits.
 *  invalid_credentials (reason "code") for a wrong or used code. */
export async function verifySecondFactor(
  deps: Pick<Deps, "limits">,
  sessionSecret: string,
  input: { userId: string; code: string },
  address: string,
): Promise<{ usedRecoveryCode: boolean }> {
  const { userId, code } = input;
  return limitAttempts(deps.limits.secondFactor, userId, address, async () => {
    const factor = await SecondFactor.findById(userId).lean();
    if (isTotpShaped(code)) {
      if (!factor?.confirmedAt) throw wrongCode();
      await spendTotpCode(userId, openSecret(sessionSecret, userId, factor.secret), code.replace(/\s/g, ""));
      return { usedRecoveryCode: false };
    }
    await spendRecoveryCode(userId, code);
    return { usedRecoveryCode: true };
  });
}

/** A fresh set of recovery codes (the old ones stop working), after a valid code; shown once. */
export async function renewRecoveryCodes(ctx: ServiceContext, sessionSecret: string, input: { code: string }, address: string) {
  await verifySecondFactor(ctx, sessionSecret, { userId: ctx.actor.id, code: input.code }, address);
  return issueRecoveryCodes(ctx.actor.id);
}

/** Every factor of the user goes: the TOTP app, the passkeys, the recovery codes (an organiser's reset). */
async function deleteFactors(userId: string) {
  await SecondFactor.deleteOne({ _id: userId });
  await Passkey.deleteMany({ userId });
  await RecoveryCode.deleteMany({ userId });
}

/** The recovery codes go with the last factor. */
export async function dropRecoveryCodesWithoutFactor(userId: string) {
  if (!(await hasAnyFactor(userId))) await RecoveryCode.deleteMany({ userId });
}

/** Removes the actor's own second factor after a valid code, and ends every other session of theirs
 *  (and their sockets, on every node). forbidden (reason "mfa_required") for organisers and coaches. */
export async function removeSecondFactor(
  ctx: ServiceContext,
  sessionSecret: string,
  input: { code: string; currentSessionId: string },
  address: string,
) {
  // A passkey left is a second factor still (decision 062).
  if ((await factorsOf(ctx.actor.id)).passkeys === 0) await assertFactorNotRequired(ctx);
  await verifySecondFactor(ctx, sessionSecret, { userId: ctx.actor.id, code: input.code }, address);
  await SecondFactor.deleteOne({ _id: ctx.actor.id });
  await dropRecoveryCodesWithoutFactor(ctx.actor.id);
  await endOtherSessions(ctx.actor.id, input.currentSessionId, ctx.publisher);
}

/** forbidden (reason "mfa_required") for organisers and coaches, who may not remove their last factor. */
export async function assertFactorNotRequired(ctx: ServiceContext) {
  if (await isSecondFactorRequired({ _id: ctx.actor.id, isOrganiser: ctx.actor.isOrganiser }))
    throw new DomainError("forbidden", undefined, { reason: "mfa_required" });
}

/** An organiser of the group's trajectory resets a member's second factor (a lost phone without its
 *  recovery codes): the TOTP app, every passkey and the codes go, every session of the member ends, and the group's audit
 *  log records it. The member enrols again at the next sign-in (or in settings). not_found for anyone
 *  else, and for a user who is not a member of that group. */
export async function resetMemberSecondFactor(ctx: ServiceContext, input: { groupId: string; userId: string }) {
  const { group, access } = await loadGroupFor(ctx.actor, input.groupId, "group.view");
  if (!access.isTrajectoryOrganiser) throw new DomainError("not_found");
  const m = await findMembership(group._id, input.userId).lean();
  if (!m || m.status === "removed") throw new DomainError("not_found");
  await deleteFactors(input.userId);
  await destroyUserSessions(input.userId, ctx.publisher);
  await recordAudit(group._id, "second_factor_reset", ctx.actor.id, input.userId);
}

// --- The sign-in halfway ------------------------------------------------------------------------

/** Notes a sign-in whose password was right and whose second factor (or enrolment) is still to come;
 *  returns the value for the lk_pending cookie. */
export async function startPendingSignIn(userId: string, purpose: "verify" | "enrol", userAgent = ""): Promise<string> {
  const token = randomToken();
  await PendingSignIn.create({
    _id: hashToken(token),
    userId,
    purpose,
    userAgent: userAgent.slice(0, 300),
    expiresAt: new Date(Date.now() + PENDING_MINUTES * 60_000),
  });
  return token;
}

/** The pending sign-in behind a cookie value, or null (unknown, expired, or user no longer active). */
export async function getPendingSignIn(
  token: unknown,
): Promise<{ userId: string; purpose: "verify" | "enrol"; isOrganiser: boolean } | null> {
  if (typeof token !== "string" || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const p = await PendingSignIn.findById(hashToken(token)).lean();
  if (!p || p.expiresAt.getTime() < Date.now()) return null;
  const user = await User.findById(p.userId, { status: 1, isOrganiser: 1 }).lean();
  if (user?.status !== "active") return null;
  return { userId: p.userId, purpose: p.purpose as "verify" | "enrol", isOrganiser: user.isOrganiser };
}

/** Uses up a pending sign-in (the delete is the claim: of two concurrent finishes one wins);
 *  token_invalid when it was used or expired. Returns the user's id. */
export async function finishPendingSignIn(token: string): Promise<string> {
  const p = await getPendingSignIn(token);
  if (!p) throw new DomainError("token_invalid");
  const { deletedCount } = await PendingSignIn.deleteOne({ _id: hashToken(token) });
  if (deletedCount !== 1) throw new DomainError("token_invalid");
  return p.userId;
}

/** Removes pending sign-ins that expired before `now` (the scheduler's sweep). Returns how many. */
export async function sweepExpiredPendingSignIns(now = new Date()): Promise<number> {
  const { deletedCount } = await PendingSignIn.deleteMany({ expiresAt: { $lt: now } });
  // And the passkey challenges no one answered (decision 062).
  const challenges = await PasskeyChallenge.deleteMany({ expiresAt: { $lt: now } });
  return deletedCount + challenges.deletedCount;
}

import argon2 from "argon2";
import { User, toProfileDTO, type UserDoc, type ProfileDTO } from "./user.model";
import type { ProfileInput } from "./user.inputs";
import { AccountToken } from "../invite/invite.model";
import { Membership } from "../group/group.model";
import { accessChanged, membershipsOfUser } from "../group/memberships";
import { randomToken, hashToken, destroyUserSessions, endOtherSessions } from "../session/session.service";
import { recordAudit } from "../audit/audit.service";
import { mailTemplates } from "../email/email.templates";
import { DomainError } from "../shared/errors";
import { addressKey, limitLogin, privateKey, spend } from "../shared/limits";
import type { Deps, Id, ServiceContext } from "../shared/context";
import { DEFAULT_LOCALE, toLocale, type Locale } from "../i18n/locale";
import { oid } from "../shared/oid";

export const INVITE_TTL_MS = 7 * 86_400_000;
export const RESET_TTL_MS = 3_600_000;

/** argon2id with the library's defaults (64 MiB, t=3). */
export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

/** A hash for a password nobody knows, so login spends the same time for unknown accounts. Made
 *  once, on the first login that needs it: a constant (any copy of it serves), not node state. */
let decoyHash: Promise<string> | null = null;

/** Checks credentials; the same error for an unknown account and a wrong password. */
export async function verifyLogin(email: string, password: string): Promise<UserDoc> {
  const user = await User.findOne({ email, status: "active" });
  let hash = user?.passwordHash;
  if (!hash) {
    decoyHash ??= hashPassword(randomToken());
    hash = await decoyHash;
  }
  const ok = await argon2.verify(hash, password).catch(() => false);
  if (!user || !ok) throw new DomainError("invalid_credentials");
  return user;
}

/** Logs in from a network address: checks the password under the login limits (models/shared/limits.ts
 *  limitLogin: only failures count, per network, per account in that network, and per account
 *  from networks it has not logged in from lately; a success forgets the account's failures there). rate_limited carries the seconds to wait (retryAfter). */
export function logIn(deps: Pick<Deps, "limits">, input: { email: string; password: string }, address: string): Promise<UserDoc> {
  return limitLogin(deps.limits, input.email, address, () => verifyLogin(input.email, input.password));
}

/** Finds a user by email or creates an invited account for it. */
export async function findOrInviteUser(email: string, locale: Locale = DEFAULT_LOCALE) {
  const existing = await User.findOne({ email });
  if (existing) return existing;
  try {
    return await User.create({ email, status: "invited", locale });
  } catch (e) {
    // A concurrent invite of the same address won the unique index.
    const again = await User.findOne({ email });
    if (again) return again;
    throw e;
  }
}

async function issueToken(userId: string, purpose: "invite" | "reset", ttl: number) {
  const token = randomToken();
  await AccountToken.create({ _id: hashToken(token), purpose, userId: oid(userId), expiresAt: new Date(Date.now() + ttl) });
  return token;
}

/** Mails an invitation link to an invited account, or a "you were added" note to an active one. */
export async function notifyAddedUser(deps: Deps, user: UserDoc, inviterName: string, group: { id: string; name: string }) {
  const locale = toLocale(user.locale);
  if (user.status === "invited") {
    const token = await issueToken(String(user._id), "invite", INVITE_TTL_MS);
    const mail = mailTemplates.invite(locale, { url: `${deps.appUrl}/invite/${token}`, inviter: inviterName });
    await deps.sendMail({ to: user.email, ...mail });
  } else {
    const mail = mailTemplates.addedToGroup(locale, { url: `${deps.appUrl}/groups/${group.id}`, group: group.name });
    await deps.sendMail({ to: user.email, ...mail });
  }
}

/** Uses up a valid, unexpired token (deletes it); returns its user id or throws token_invalid. */
async function consumeToken(token: string, purpose: "invite" | "reset"): Promise<string> {
  const found = await AccountToken.findOne({ _id: hashToken(token), purpose, usedAt: null, expiresAt: { $gt: new Date() } }).lean();
  if (!found) throw new DomainError("token_invalid");
  // The delete is the claim: of two concurrent uses exactly one deletes the document. (A conditional
  // update would not do: FerretDB 1.24 reads, then rewrites, and reports both as modified.)
  const { deletedCount } = await AccountToken.deleteOne({ _id: found._id, usedAt: null });
  if (deletedCount !== 1) throw new DomainError("token_invalid");
  return String(found.userId);
}

/** Whether a link still works (for showing the form, without using it up). */
export async function isTokenUsable(token: string, purpose: "invite" | "reset") {
  const t = await AccountToken.findOne({ _id: hashToken(token), purpose, usedAt: null, expiresAt: { $gt: new Date() } }).lean();
  return !!t;
}

/** Sets up an invited account: name and password; activates its invited memberships. Returns the user id. */
export async function acceptInvite(deps: Deps, input: { token: string; name: string; password: string }) {
  const passwordHash = await hashPassword(input.password);
  const userId = await consumeToken(input.token, "invite");
  const user = await User.findOneAndUpdate(
    { _id: oid(userId), status: { $in: ["invited", "active"] } },
    { $set: { name: input.name, passwordHash, status: "active" } },
    { new: true },
  );
  if (!user) throw new DomainError("token_invalid");
  await activateInvitedMemberships(deps, user._id);
  return userId;
}

/** Turns the user's invitations into memberships (an accepted invitation, a first sign-in with a school
 *  account: decision 063), each with its audit entry and a fact to the group. */
export async function activateInvitedMemberships(deps: Pick<Deps, "publisher" | "node">, userId: Id) {
  const invited = (await membershipsOfUser(userId)).filter((m) => m.status === "invited");
  for (const m of invited) {
    await Membership.updateOne({ _id: m._id, status: "invited" }, { $set: { status: "active" } });
    await recordAudit(m.groupId, "member_joined", userId, userId, { role: m.role });
    accessChanged(deps, m.groupId);
    deps.publisher.toGroup(String(m.groupId), "group:changed", { groupId: String(m.groupId) });
  }
}

/** Mails a reset link when the account exists and is active; says nothing about whether it does. At most
 *  LIMITS.passwordReset per address asked for and per network (addressKey; rate_limited with retryAfter),
 *  counted whether or not the account exists. */
export async function requestPasswordReset(deps: Deps, email: string, address: string) {
  await spend(deps.limits.passwordReset.perAddress, addressKey(address));
  await spend(deps.limits.passwordReset.perAccount, privateKey(email));
  const user = await User.findOne({ email, status: "active" });
  if (!user) return;
  const token = await issueToken(String(user._id), "reset", RESET_TTL_MS);
  await deps.sendMail({ to: user.email, ...mailTemplates.reset(toLocale(user.locale), { url: `${deps.appUrl}/reset/${token}` }) });
}

/** Sets a new password from a reset link and ends every session of that user. */
export async function resetPassword(deps: Deps, input: { token: string; password: string }) {
  const passwordHash = await hashPassword(input.password);
  const userId = await consumeToken(input.token, "reset");
  await User.updateOne({ _id: oid(userId), status: "active" }, { $set: { passwordHash } });
  await destroyUserSessions(userId, deps.publisher);
  return userId;
}

/** Changes the actor's password after checking the current one; ends all their sessions but
 *  `keepSessionId` (the browser it was changed in, decision 040) and their sockets on every node. */
export async function changePassword(ctx: ServiceContext, input: { currentPassword: string; password: string }, keepSessionId?: string) {
  const user = await User.findById(ctx.actor.id);
  if (!user) throw new DomainError("not_found");
  const ok = await argon2.verify(user.passwordHash, input.currentPassword).catch(() => false);
  if (!ok) throw new DomainError("invalid_credentials");
  user.passwordHash = await hashPassword(input.password);
  await user.save();
  if (keepSessionId) await endOtherSessions(ctx.actor.id, keepSessionId, ctx.publisher);
  else await destroyUserSessions(ctx.actor.id, ctx.publisher);
}

/** The actor's profile, for the settings page. */
export async function getProfile(ctx: ServiceContext): Promise<ProfileDTO> {
  const user = await User.findById(ctx.actor.id);
  if (!user) throw new DomainError("not_found");
  return toProfileDTO(user);
}

/** Stores the actor's profile (parsed by ProfileInput); the new name shows everywhere within the name
 *  cache's few seconds on other nodes, at once on this one. Not audited: the audit log is a group's,
 *  and a profile belongs to no group (decision 024). */
export async function updateProfile(ctx: ServiceContext, input: ProfileInput): Promise<ProfileDTO> {
  const { name, school, careerPhase, yearsAsLeader, schoolLevel, locale, timeZone } = input;
  const user = await User.findOneAndUpdate(
    { _id: oid(ctx.actor.id), status: "active" },
    { $set: { name, school, careerPhase, yearsAsLeader, schoolLevel, locale, timeZone } },
    { new: true },
  );
  if (!user) throw new DomainError("not_found");
  ctx.node.names.delete(ctx.actor.id);
  return toProfileDTO(user);
}

/** Stores the actor's language. */
export async function setLocale(ctx: ServiceContext, locale: Locale) {
  await User.updateOne({ _id: oid(ctx.actor.id) }, { $set: { locale } });
}

/** Display names, a few seconds fresh: every message carries its author's, and a read per message
 *  is a tenth of a message's database work. Read by _id, one per distinct user (an `$in` would scan
 *  every user on FerretDB). */
const NAME_TTL_MS = 10_000;
/** The node's display-name cache (ctx.node.names). */
export const createNameCache = () => new Map<string, { name: string; until: number }>();
export type NameCache = ReturnType<typeof createNameCache>;
export async function displayNames(ctx: { node: { names: NameCache } }, ids: unknown[]) {
  const nameCache = ctx.node.names;
  const now = Date.now();
  const wanted = [...new Set(ids.filter(Boolean).map(String))];
  const missing = wanted.filter((id) => (nameCache.get(id)?.until ?? 0) <= now);
  const users = await Promise.all(missing.map((id) => User.findById(id, { name: 1, email: 1 }).lean()));
  for (const u of users) if (u) nameCache.set(String(u._id), { name: u.name || u.email, until: now + NAME_TTL_MS });
  if (nameCache.size > 10_000) for (const [id, e] of nameCache) if (e.until <= now) nameCache.delete(id);
  return new Map(
    wanted.flatMap((id) => {
      const e = nameCache.get(id);
      return e ? [[id, e.name] as const] : [];
    }),
  );
}

// Sign in with the school's own account (decision 063): OpenID Connect (openid-client 6), configured
// per trajectory by its organiser. The authorization code flow with PKCE, state and nonce; the library
// validates the ID token (signature, issuer, audience, expiry, nonce). A verified e-mail address of an
// allowed domain is matched to an account that the trajectory already has (an organiser, or an active
// or invited member of one of its groups): nothing is ever created here, and a stranger with a valid
// account at the provider is refused. The sign-in then goes on like one after the password (the
// second factor for organisers and coaches, decision 039).
import * as oidc from "openid-client";
import { OidcAttempt, OidcConfig, OidcLink } from "./oidc.model";
import type { SchoolSignInConfigInput } from "./oidc.inputs";
import { openSecret, sealSecret } from "../mfa/mfa.service";
import { Trajectory } from "../trajectory/trajectory.model";
import { Group } from "../group/group.model";
import { membershipsOfUser } from "../group/memberships";
import { User } from "../user/user.model";
import { activateInvitedMemberships } from "../user/user.service";
import { recordAudit, recordTrajectoryAudit } from "../audit/audit.service";
import { AuditEvent } from "../audit/audit.model";
import { hashToken, randomToken } from "../session/session.service";
import { isDuplicateKey } from "../shared/duplicate-key";
import { DomainError } from "../shared/errors";
import { isObjectId } from "../shared/ids";
import { oid } from "../shared/oid";
import type { Deps, Id, ServiceContext } from "../shared/context";

/** Minutes a browser has to come back from the provider. */
export const ATTEMPT_MINUTES = 10;
/** Where the provider sends the browser back (register it at the provider: APP_URL + this). */
export const CALLBACK_PATH = "/login/school/callback";
/** Seconds the provider has to answer each request. */
const PROVIDER_TIMEOUT = 10;

/** The sealed secret's additional data: a sealed secret copied to another trajectory's row (or a TOTP
 *  secret, whose additional data is a user's id) does not open. */
const secretAad = (trajectoryId: Id) => `oidc-client:${String(trajectoryId)}`;

export interface SchoolSignInConfigDTO {
  issuer: string;
  clientId: string;
  domains: string[];
  /** Whether a secret is stored; the secret itself is never shown back. */
  hasSecret: boolean;
  updatedAt: string;
  callbackUrl: string;
  /** The configuration's audit entries, newest first. */
  history: { type: string; actorName: string; at: string }[];
}

/** The trajectory, if the actor organises it; not_found otherwise (a non-organiser learns nothing). */
async function organisedTrajectory(ctx: ServiceContext, trajectoryId: string) {
  if (!isObjectId(trajectoryId)) throw new DomainError("not_found");
  const t = await Trajectory.findOne({ _id: oid(trajectoryId), organiserIds: oid(ctx.actor.id) }, { _id: 1 }).lean();
  if (!t) throw new DomainError("not_found");
  return t._id;
}

const CONFIG_AUDIT = ["school_sign_in_configured", "school_sign_in_removed"] as const;

/** The trajectory's provider as its organiser sees it (without the secret), or null when none is set. */
export async function getSchoolSignIn(
  ctx: ServiceContext,
  trajectoryId: string,
): Promise<{
  config: Omit<SchoolSignInConfigDTO, "callbackUrl" | "history"> | null;
  callbackUrl: string;
  history: SchoolSignInConfigDTO["history"];
}> {
  const id = await organisedTrajectory(ctx, trajectoryId);
  const c = await OidcConfig.findById(id).lean();
  const events = await AuditEvent.find({ trajectoryId: id, groupId: null, type: { $in: [...CONFIG_AUDIT] } })
    .sort({ at: -1 })
    .limit(20)
    .lean();
  const actors = await User.find({ _id: { $in: [...new Set(events.map((e) => String(e.actorId)))] } }, { name: 1, email: 1 }).lean();
  const nameOf = new Map(actors.map((u) => [String(u._id), u.name || u.email]));
  return {
    config: c
      ? { issuer: c.issuer, clientId: c.clientId, domains: c.domains, hasSecret: !!c.sealedSecret, updatedAt: c.updatedAt.toISOString() }
      : null,
    callbackUrl: ctx.appUrl + CALLBACK_PATH,
    history: events.map((e) => ({ type: e.type, actorName: nameOf.get(String(e.actorId)) ?? "?", at: e.at.toISOString() })),
  };
}

const execute = (issuer: URL) => (issuer.protocol === "http:" ? [oidc.allowInsecureRequests] : []);

/** The provider's metadata (discovery), for this client. A provider that cannot be reached or answers
 *  nonsense is the school's, not the user's: `unreachable` says what to throw. */
async function discover(issuer: string, clientId: string, secret: string, unreachable: () => DomainError) {
  const url = new URL(issuer);
  try {
    return await oidc.discovery(url, clientId, { client_secret: secret }, undefined, { execute: execute(url), timeout: PROVIDER_TIMEOUT });
  } catch {
    throw unreachable();
  }
}

/** Stores the trajectory's provider (its organiser only). The provider must answer discovery for the
 *  issuer as typed. An empty secret keeps the stored one; the first configuration needs one. */
export async function saveSchoolSignIn(ctx: ServiceContext, sessionSecret: string, trajectoryId: string, input: SchoolSignInConfigInput) {
  const id = await organisedTrajectory(ctx, trajectoryId);
  const existing = await OidcConfig.findById(id).lean();
  const secret = input.clientSecret || (existing ? openSecret(sessionSecret, secretAad(id), existing.sealedSecret) : "");
  if (!secret) throw new DomainError("invalid_input", [{ path: "clientSecret", code: "required" }]);
  await discover(
    input.issuer,
    input.clientId,
    secret,
    () => new DomainError("invalid_input", [{ path: "issuer", code: "oidc_discovery_failed" }]),
  );
  await OidcConfig.updateOne(
    { _id: id },
    {
      $set: {
        issuer: input.issuer,
        clientId: input.clientId,
        sealedSecret: sealSecret(sessionSecret, secretAad(id), secret),
        domains: input.domains,
        updatedBy: oid(ctx.actor.id),
      },
    },
    { upsert: true },
  );
  // Which fields changed, never their secret value.
  await recordTrajectoryAudit(id, "school_sign_in_configured", ctx.actor.id, {
    issuer: input.issuer,
    domains: input.domains.join(", "),
    secretChanged: input.clientSecret ? 1 : 0,
  });
}

/** Removes the trajectory's provider (its organiser only); links made through it stay, unused. */
export async function removeSchoolSignIn(ctx: ServiceContext, trajectoryId: string) {
  const id = await organisedTrajectory(ctx, trajectoryId);
  const { deletedCount } = await OidcConfig.deleteOne({ _id: id });
  if (deletedCount) await recordTrajectoryAudit(id, "school_sign_in_removed", ctx.actor.id);
}

const domainOf = (email: string) => email.slice(email.lastIndexOf("@") + 1).toLowerCase();
/** No trajectory signs in with a school account for the address's domain: said at the field. */
const notConfigured = () => new DomainError("invalid_input", [{ path: "email", code: "school_sign_in_none" }]);
const providerDown = () => new DomainError("unavailable", undefined, { reason: "school_provider" });
const attemptInvalid = () => new DomainError("token_invalid", undefined, { reason: "school_sign_in" });
/** The one refusal for every account the trajectory does not know (nothing is created). */
const noAccount = () => new DomainError("forbidden", undefined, { reason: "school_no_account" });

/** The trajectories that have `userId` (an organiser, or an active or invited member of a group). */
async function trajectoriesOf(userId: Id): Promise<Set<string>> {
  const [organised, memberships] = await Promise.all([
    Trajectory.find({ organiserIds: oid(userId) }, { _id: 1 }).lean(),
    membershipsOfUser(userId),
  ]);
  const groupIds = memberships.filter((m) => m.status === "active" || m.status === "invited").map((m) => m.groupId);
  const groups = groupIds.length ? await Group.find({ _id: { $in: groupIds } }, { trajectoryId: 1 }).lean() : [];
  return new Set([...organised.map((t) => String(t._id)), ...groups.map((g) => String(g.trajectoryId))]);
}

/** The first step: the provider for the address's domain, and a sign-in sent there. Returns the
 *  provider's URL and the token for the browser's cookie (only its hash is stored). Several trajectories
 *  may name the same domain: the one the address's account belongs to, else the oldest. */
export async function beginSchoolSignIn(deps: Pick<Deps, "appUrl">, sessionSecret: string, input: { email: string; next: string }) {
  const configs = await OidcConfig.find({ domains: domainOf(input.email) })
    .sort({ createdAt: 1 })
    .lean();
  if (!configs.length) throw notConfigured();
  let config = configs[0];
  if (configs.length > 1) {
    const user = await User.findOne({ email: input.email }, { _id: 1 }).lean();
    const mine = user ? await trajectoriesOf(user._id) : new Set<string>();
    config = configs.find((c) => mine.has(String(c._id))) ?? config;
  }
  const secret = openSecret(sessionSecret, secretAad(config._id), config.sealedSecret);
  const provider = await discover(config.issuer, config.clientId, secret, providerDown);
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const token = randomToken();
  await OidcAttempt.create({
    _id: hashToken(token),
    trajectoryId: config._id,
    codeVerifier,
    state,
    nonce,
    next: input.next,
    expiresAt: new Date(Date.now() + ATTEMPT_MINUTES * 60_000),
  });
  const url = oidc.buildAuthorizationUrl(provider, {
    redirect_uri: deps.appUrl + CALLBACK_PATH,
    scope: "openid email profile",
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
    // The provider's account chooser shows the address already typed (Microsoft and Google read it).
    login_hint: input.email,
  });
  return { url: url.href, token };
}

/** Uses up the browser's sign-in halfway (a delete is the claim: one answer, one use). */
async function claimAttempt(token: string) {
  const found = await OidcAttempt.findOne({ _id: hashToken(token), expiresAt: { $gt: new Date() } }).lean();
  if (!found) throw attemptInvalid();
  const { deletedCount } = await OidcAttempt.deleteOne({ _id: found._id });
  if (deletedCount !== 1) throw attemptInvalid();
  return found;
}

/** The second step, with the provider's answer (`callbackUrl`: the URL the browser came back on). The
 *  ID token is checked by the library against the stored state, nonce and PKCE verifier; its verified
 *  e-mail address must be of an allowed domain and belong to an account of the trajectory. Returns the
 *  user's id and where to go next; the caller starts the session (or the second factor). */
export async function finishSchoolSignIn(
  deps: Pick<Deps, "appUrl" | "publisher" | "node">,
  sessionSecret: string,
  input: { token: string; search: string },
): Promise<{ userId: string; next: string }> {
  const attempt = await claimAttempt(input.token);
  const config = await OidcConfig.findById(attempt.trajectoryId).lean();
  if (!config) throw attemptInvalid(); // turned off meanwhile
  const secret = openSecret(sessionSecret, secretAad(config._id), config.sealedSecret);
  const provider = await discover(config.issuer, config.clientId, secret, providerDown);
  // The URL as registered at the provider (APP_URL), not as this request arrived behind a proxy.
  const current = new URL(deps.appUrl + CALLBACK_PATH + input.search);
  let claims: oidc.IDToken | undefined;
  try {
    const tokens = await oidc.authorizationCodeGrant(provider, current, {
      pkceCodeVerifier: attempt.codeVerifier,
      expectedState: attempt.state,
      expectedNonce: attempt.nonce,
      idTokenExpected: true,
    });
    claims = tokens.claims();
  } catch (e) {
    // A wrong state or nonce, an error answer, a bad token: this sign-in is over. The provider's own
    // words never reach the page (they may echo what was sent).
    if (e instanceof TypeError && /fetch|network|timeout/i.test(e.message)) throw providerDown();
    throw attemptInvalid();
  }
  if (!claims) throw attemptInvalid();
  const email = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : "";
  // Entra ID sends no email_verified: its optional claim xms_edov says the domain's owner verified it.
  const verified = claims.email_verified === true || claims.xms_edov === true;
  if (!email || !verified || !config.domains.includes(domainOf(email))) throw noAccount();
  const user = await User.findOne({ email, status: { $in: ["active", "invited"] } }).lean();
  if (!user || !(await trajectoriesOf(user._id)).has(String(config._id))) throw noAccount();
  await linkAccount(deps, config, claims.sub, user, claims.name);
  return { userId: String(user._id), next: attempt.next };
}

/** The provider account's link to the user: made at its first sign-in (audited in each of the user's
 *  groups of the trajectory; an invited account becomes active). A provider account linked to another
 *  user, or a user whose account at this provider is another one (an address given to someone new),
 *  is refused. */
async function linkAccount(
  deps: Pick<Deps, "publisher" | "node">,
  config: { _id: Id; issuer: string },
  sub: string,
  user: { _id: Id; status: string; name: string },
  name: unknown,
) {
  const id = `${config.issuer} ${sub}`;
  const existing = await OidcLink.findById(id).lean();
  if (existing) {
    if (String(existing.userId) !== String(user._id)) throw noAccount();
    return;
  }
  const other = await OidcLink.findOne({ userId: oid(user._id), issuer: config.issuer }, { _id: 1 }).lean();
  if (other) throw noAccount();
  try {
    await OidcLink.create({ _id: id, issuer: config.issuer, userId: oid(user._id), trajectoryId: oid(config._id) });
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    // A concurrent first sign-in of the same provider account: fine if it linked the same user.
    const won = await OidcLink.findById(id).lean();
    if (String(won?.userId) !== String(user._id)) throw noAccount();
    return;
  }
  if (user.status === "invited") {
    // The name the school knows, until they change it in settings (an invitation asks for one too).
    const given = typeof name === "string" ? name.trim().slice(0, 80) : "";
    await User.updateOne(
      { _id: user._id, status: "invited" },
      { $set: { status: "active", ...(given && !user.name ? { name: given } : {}) } },
    );
  }
  await activateInvitedMemberships(deps, user._id);
  const active = (await membershipsOfUser(user._id)).filter((m) => m.status === "active");
  const ofThis = active.length
    ? await Group.find({ _id: { $in: active.map((m) => m.groupId) }, trajectoryId: config._id }, { _id: 1 }).lean()
    : [];
  const host = new URL(config.issuer).host;
  for (const g of ofThis) await recordAudit(g._id, "school_account_linked", user._id, user._id, { provider: host });
  await recordTrajectoryAudit(config._id, "school_account_linked", user._id, { provider: host });
}

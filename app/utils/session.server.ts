import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import type { Actor, ServiceContext } from "../../models/shared/context";
import { DomainError } from "../../models/shared/errors";
import type { UserDoc } from "../../models/user/user.model";
import { PENDING_COOKIE, readCookie, SESSION_COOKIE, setCookie } from "./cookies.server";

/** The signed-in user, or null. */
export async function getUser(request: Request, context: AppLoadContext): Promise<UserDoc | null> {
  const user = await context.services.session.getSessionUser(readCookie(request, SESSION_COOKIE));
  if (user && context.logFields) context.logFields.userId = String(user._id);
  return user;
}

/** The signed-in user, or a redirect to the login page that comes back here afterwards. */
export async function requireUser(request: Request, context: AppLoadContext): Promise<UserDoc> {
  const user = await getUser(request, context);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

export const actorOf = (user: UserDoc): Actor => ({ id: String(user._id), isOrganiser: user.isOrganiser });

/** The service context for the signed-in user. */
export async function requireServiceContext(request: Request, context: AppLoadContext): Promise<{ ctx: ServiceContext; user: UserDoc }> {
  const user = await requireUser(request, context);
  return { ctx: context.services.as(actorOf(user)), user };
}

/** The stored id of this browser's session (what the sessions list calls "this device"). */
export const currentSessionId = (request: Request, context: AppLoadContext) =>
  context.services.session.hashToken(readCookie(request, SESSION_COOKIE) ?? "");

/** Starts a fresh session (a new id, so a planted cookie never survives login) and returns Set-Cookie.
 *  The browser's User-Agent names the device in the sessions list (decision 040). */
export async function startSession(userId: string, context: AppLoadContext, request?: Request) {
  const { session } = context.services;
  const id = await session.createSession(userId, request?.headers.get("User-Agent") ?? "");
  return setCookie(SESSION_COOKIE, id, context.cookieSecure, session.SESSION_DAYS * 86_400);
}

export const clearSessionCookie = (context: AppLoadContext) => setCookie(SESSION_COOKIE, "", context.cookieSecure, 0);

/** After the right password (a login, an accepted invitation): a session at once, or, for a user with
 *  a second factor (or one who needs one and has none), a pending sign-in and the page that asks for
 *  the code or sets the factor up (decision 039). */
export async function signInAfterPassword(userId: string, context: AppLoadContext, request: Request, next: string) {
  const step = await context.services.mfa.nextStepAfterPassword(userId);
  if (step === "none") return redirect(next, { headers: { "Set-Cookie": await startSession(userId, context, request) } });
  const token = await context.services.mfa.startPendingSignIn(userId, step, request.headers.get("User-Agent") ?? "");
  const cookie = setCookie(PENDING_COOKIE, token, context.cookieSecure, context.services.mfa.PENDING_MINUTES * 60);
  const page = step === "verify" ? "/login/verify" : "/login/enrol";
  return redirect(next === "/" ? page : `${page}?next=${encodeURIComponent(next)}`, { headers: { "Set-Cookie": cookie } });
}

/** The pending sign-in of this browser (for `purpose`), or null (none, expired, used). */
export async function getPendingSignIn(request: Request, context: AppLoadContext, purpose: "verify" | "enrol") {
  const token = readCookie(request, PENDING_COOKIE) ?? "";
  const pending = await context.services.mfa.getPendingSignIn(token);
  return pending?.purpose === purpose ? { ...pending, token } : null;
}

/** The pending sign-in of this browser (for `purpose`); a form without one is told to start again (token_invalid). */
export async function requirePendingSignIn(request: Request, context: AppLoadContext, purpose: "verify" | "enrol") {
  const pending = await getPendingSignIn(request, context, purpose);
  if (!pending) throw new DomainError("token_invalid", undefined, { reason: "sign_in" });
  return pending;
}

/** Finishes a pending sign-in (used up once) and starts the session: the Set-Cookie headers. */
export async function finishSignIn(token: string, context: AppLoadContext, request: Request): Promise<Headers> {
  const userId = await context.services.mfa.finishPendingSignIn(token);
  const headers = new Headers();
  headers.append("Set-Cookie", await startSession(userId, context, request));
  headers.append("Set-Cookie", setCookie(PENDING_COOKIE, "", context.cookieSecure, 0));
  return headers;
}

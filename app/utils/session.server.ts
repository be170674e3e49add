import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import type { Actor, ServiceContext } from "../../models/shared/context";
import type { UserDoc } from "../../models/user/user.model";
import { readCookie, SESSION_COOKIE, setCookie } from "./cookies.server";

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

/** Starts a fresh session (a new id, so a planted cookie never survives login) and returns Set-Cookie. */
export async function startSession(userId: string, context: AppLoadContext) {
  const { session } = context.services;
  const id = await session.createSession(userId);
  return setCookie(SESSION_COOKIE, id, context.cookieSecure, session.SESSION_DAYS * 86_400);
}

export const clearSessionCookie = (context: AppLoadContext) => setCookie(SESSION_COOKIE, "", context.cookieSecure, 0);

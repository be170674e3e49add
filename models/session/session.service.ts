import { createHash, randomBytes } from "node:crypto";
import { Session } from "./session.model";
import { User, type UserDoc } from "../user/user.model";
import type { Publisher } from "../shared/context";

export const SESSION_DAYS = 14;

const hash = (v: string) => createHash("sha256").update(v).digest("base64url");

/** A fresh random token (base64url), for session ids, invite and reset links. */
export const randomToken = (bytes = 32) => randomBytes(bytes).toString("base64url");
export const hashToken = hash;

/** Creates a new session for a user; returns the raw cookie value (never stored). */
export async function createSession(userId: string): Promise<string> {
  const id = randomToken();
  await Session.create({
    _id: hash(id),
    userId,
    expiresAt: new Date(Date.now() + SESSION_DAYS * 86_400_000),
  });
  return id;
}

/** The active user behind a cookie value, or null (unknown, expired, or user not active). */
export async function getSessionUser(cookieValue: string | undefined | null): Promise<UserDoc | null> {
  if (typeof cookieValue !== "string" || !/^[A-Za-z0-9_-]{20,100}$/.test(cookieValue)) return null;
  const session = await Session.findById(hash(cookieValue)).lean();
  if (!session) return null;
  if (session.expiresAt.getTime() < Date.now()) {
    await Session.deleteOne({ _id: session._id });
    return null;
  }
  const user = await User.findById(session.userId);
  if (user?.status !== "active") return null;
  return user;
}

/** Removes every session that expired before `now` (the background sweep; a cookie that comes back finds nothing). Returns how many. */
export async function sweepExpiredSessions(now = new Date()): Promise<number> {
  const { deletedCount } = await Session.deleteMany({ expiresAt: { $lt: now } });
  return deletedCount;
}

/** Ends every session of a user everywhere, including open sockets on every node. */
export async function destroyUserSessions(userId: string, publisher: Publisher) {
  await Session.deleteMany({ userId });
  publisher.disconnectUser(userId);
}

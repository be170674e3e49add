import { createHash, randomBytes } from "node:crypto";
import { Session } from "./session.model";
import { User, type UserDoc } from "../user/user.model";
import type { Publisher, ServiceContext } from "../shared/context";
import { DomainError } from "../shared/errors";
import { describeDevice } from "./device";
import type { SessionDTO } from "./session.dto";

export const SESSION_DAYS = 14;

const hash = (v: string) => createHash("sha256").update(v).digest("base64url");

/** A fresh random token (base64url), for session ids, invite and reset links. */
export const randomToken = (bytes = 32) => randomBytes(bytes).toString("base64url");
export const hashToken = hash;

/** "Last active" is written at most this often per session, never once per request (decision 040). */
export const LAST_SEEN_EVERY_MS = 60_000;

/** Creates a new session for a user (on the device `userAgent` names); returns the raw cookie value (never stored). */
export async function createSession(userId: string, userAgent = ""): Promise<string> {
  const id = randomToken();
  await Session.create({
    _id: hash(id),
    userId,
    userAgent: userAgent.slice(0, 300),
    expiresAt: new Date(Date.now() + SESSION_DAYS * 86_400_000),
  });
  return id;
}

/** The session behind a cookie value with its active user (sessionId: the stored hash), or null
 *  (unknown, expired, or user not active). Notes the session's use at most once a minute. */
export async function getSession(cookieValue: string | undefined | null): Promise<{ user: UserDoc; sessionId: string } | null> {
  if (typeof cookieValue !== "string" || !/^[A-Za-z0-9_-]{20,100}$/.test(cookieValue)) return null;
  const session = await Session.findById(hash(cookieValue)).lean();
  if (!session) return null;
  const now = Date.now();
  if (session.expiresAt.getTime() < now) {
    await Session.deleteOne({ _id: session._id });
    return null;
  }
  const user = await User.findById(session.userId);
  if (user?.status !== "active") return null;
  if (now - (session.lastSeenAt?.getTime() ?? 0) >= LAST_SEEN_EVERY_MS)
    await Session.updateOne({ _id: session._id }, { $set: { lastSeenAt: new Date(now) } });
  return { user, sessionId: session._id };
}

/** The active user behind a cookie value, or null (unknown, expired, or user not active). */
export async function getSessionUser(cookieValue: string | undefined | null): Promise<UserDoc | null> {
  return (await getSession(cookieValue))?.user ?? null;
}

/** A session's name in pages and forms: derived from the stored hash, so it opens nothing. */
const publicId = (sessionId: string) => createHash("sha256").update(`leerkring/session/${sessionId}`).digest("base64url").slice(0, 22);

/** The actor's signed-in devices, the current one (`currentSessionId`) first, then the most recently active. */
export async function listSessions(ctx: ServiceContext, currentSessionId: string): Promise<SessionDTO[]> {
  const now = Date.now();
  const sessions = await Session.find({ userId: ctx.actor.id }).lean();
  return sessions
    .filter((s) => s.expiresAt.getTime() >= now)
    .map((s) => ({
      id: publicId(s._id),
      ...describeDevice(s.userAgent ?? ""),
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: (s.lastSeenAt ?? s.createdAt).toISOString(),
      current: s._id === currentSessionId,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt));
}

/** Ends sessions of `userId` by their stored ids and cuts their sockets on every node. */
async function endSessions(userId: string, ids: string[], publisher: Publisher) {
  for (const id of ids) {
    await Session.deleteOne({ _id: id, userId });
    publisher.disconnectSession(id);
  }
}

/** Signs out one of the actor's devices (`id` from listSessions); not_found for anything else, also
 *  the current session (signing out here is /logout). */
export async function endSession(ctx: ServiceContext, currentSessionId: string, id: string) {
  const sessions = await Session.find({ userId: ctx.actor.id }, { _id: 1 }).lean();
  const target = sessions.find((s) => publicId(s._id) === id && s._id !== currentSessionId);
  if (!target) throw new DomainError("not_found");
  await endSessions(ctx.actor.id, [target._id], ctx.publisher);
}

/** Ends every session of `userId` but `keepSessionId`, and their sockets on every node (also while
 *  Redis is away: realtime/room-check.ts checks the sessions of a stale node's sockets). Returns how many. */
export async function endOtherSessions(userId: string, keepSessionId: string, publisher: Publisher): Promise<number> {
  const sessions = await Session.find({ userId }, { _id: 1 }).lean();
  const others = sessions.map((s) => s._id).filter((id) => id !== keepSessionId);
  await endSessions(userId, others, publisher);
  return others.length;
}

/** Which of `sessionIds` still exist and have not expired (one read by _id each: the room check's question). */
export async function liveSessionIds(sessionIds: Iterable<string>): Promise<Set<string>> {
  const now = Date.now();
  const ids = [...new Set(sessionIds)];
  const found = await Promise.all(ids.map((id) => Session.findById(id, { expiresAt: 1 }).lean()));
  return new Set(found.flatMap((s) => (s && s.expiresAt.getTime() >= now ? [s._id] : [])));
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

import { describe, expect, it } from "vitest";
import {
  createSession,
  destroyUserSessions,
  getSessionUser,
  hashToken,
  LAST_SEEN_EVERY_MS,
  randomToken,
  SESSION_DAYS,
  sweepExpiredSessions,
} from "./session.service";
import { Session } from "./session.model";
import { User } from "../user/user.model";
import { buildUser, ctxFor, PASSWORD, RecordingPublisher } from "../../test/factories";
import { describeDevice } from "./device";
import { changePassword } from "../user/user.service";

describe("createSession / getSessionUser", () => {
  it("stores only the hash of the cookie value and finds the user behind it", async () => {
    const user = await buildUser();
    const before = Date.now();
    const cookie = await createSession(String(user._id));

    expect(cookie).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await Session.findById(cookie).lean()).toBeNull();
    const stored = await Session.findById(hashToken(cookie)).lean();
    expect(String(stored?.userId)).toBe(String(user._id));
    const days = (stored!.expiresAt.getTime() - before) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(SESSION_DAYS - 0.01);
    expect(days).toBeLessThanOrEqual(SESSION_DAYS + 0.01);

    expect(String((await getSessionUser(cookie))?._id)).toBe(String(user._id));
  });

  it("every session gets a fresh value", async () => {
    const user = await buildUser();
    const cookies = await Promise.all([1, 2, 3].map(() => createSession(String(user._id))));
    expect(new Set(cookies).size).toBe(3);
    expect(await Session.countDocuments({ userId: user._id })).toBe(3);
  });

  it.each([
    ["undefined", undefined],
    ["null", null],
    ["empty", ""],
    ["too short", "abc"],
    ["too long", "a".repeat(101)],
    ["not url-safe", `${"a".repeat(30)}/+=`],
    ["an operator as JSON", '{"$ne":null}'],
    ["well-formed but unknown", randomToken()],
  ])("no user for a cookie value that is %s", async (_, value) => {
    await buildUser();
    await createSession(String((await User.findOne().lean())!._id));
    expect(await getSessionUser(value as string | undefined | null)).toBeNull();
  });

  it("a non-string cookie value (an object from a parser) finds nothing", async () => {
    expect(await getSessionUser({ $ne: null } as unknown as string)).toBeNull();
  });

  it("an expired session finds nothing and is deleted", async () => {
    const user = await buildUser();
    const cookie = await createSession(String(user._id));
    await Session.updateOne({ _id: hashToken(cookie) }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await getSessionUser(cookie)).toBeNull();
    expect(await Session.countDocuments()).toBe(0);
  });

  it("a session of a removed (or not yet active) account finds nothing", async () => {
    const user = await buildUser();
    const cookie = await createSession(String(user._id));
    for (const status of ["removed", "invited"]) {
      await User.updateOne({ _id: user._id }, { $set: { status } });
      expect(await getSessionUser(cookie)).toBeNull();
    }
  });
});

describe("destroyUserSessions", () => {
  it("deletes every session of one user and disconnects their sockets, leaving others alone", async () => {
    const user = await buildUser();
    const other = await buildUser();
    const mine = [await createSession(String(user._id)), await createSession(String(user._id))];
    const theirs = await createSession(String(other._id));
    const publisher = new RecordingPublisher();

    await destroyUserSessions(String(user._id), publisher);

    for (const c of mine) expect(await getSessionUser(c)).toBeNull();
    expect(await Session.countDocuments({ userId: user._id })).toBe(0);
    expect(String((await getSessionUser(theirs))?._id)).toBe(String(other._id));
    expect(publisher.calls).toEqual([{ method: "disconnectUser", userId: String(user._id) }]);
  });
});

describe("sweepExpiredSessions", () => {
  it("removes the sessions that expired, whether or not their cookie comes back, and keeps the others", async () => {
    const user = await buildUser();
    const live = await createSession(String(user._id));
    const now = new Date();
    await Session.create([
      { _id: hashToken(randomToken()), userId: user._id, expiresAt: new Date(now.getTime() - 1) },
      { _id: hashToken(randomToken()), userId: user._id, expiresAt: new Date(now.getTime() - 30 * 86_400_000) },
    ]);

    expect(await sweepExpiredSessions(now)).toBe(2);
    expect((await Session.find({ userId: user._id }).lean()).map((s) => s._id)).toEqual([hashToken(live)]);
    expect(await sweepExpiredSessions(now)).toBe(0);
  });
});

// Sessions you can see (decision 040) ----------------------------------------------------------------

describe("sessions you can see", () => {
  it.each([
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0",
      "Edge",
      "Windows",
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      "Safari",
      "iOS",
    ],
    [
      "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36",
      "Chrome",
      "Android",
    ],
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:130.0) Gecko/20100101 Firefox/130.0", "Firefox", "macOS"],
    ["curl/8.5.0", "", ""],
  ])("names the browser and system of %s", (ua, browser, os) => {
    expect(describeDevice(ua)).toEqual({ browser, os });
  });

  it("notes the last use at most once a minute, not on every request", async () => {
    const user = await buildUser();
    const cookie = await createSession(String(user._id));
    const id = hashToken(cookie);
    const minuteAgo = new Date(Date.now() - LAST_SEEN_EVERY_MS - 1000);
    await Session.updateOne({ _id: id }, { $set: { lastSeenAt: minuteAgo } });
    await getSessionUser(cookie);
    const seen = (await Session.findById(id).lean())!.lastSeenAt!;
    expect(seen.getTime()).toBeGreaterThan(minuteAgo.getTime());
    // Requests within the minute write nothing (a write would move lastSeenAt to its own moment).
    for (let i = 0; i < 5; i++) await getSessionUser(cookie);
    expect((await Session.findById(id).lean())!.lastSeenAt!.getTime()).toBe(seen.getTime());
  });

  it("a password change ends every other session and keeps the one it was made in", async () => {
    const user = await buildUser();
    const here = await createSession(String(user._id));
    const there = await createSession(String(user._id));
    const ctx = ctxFor(user);
    await changePassword(ctx, { currentPassword: PASSWORD, password: "a new password of enough length" }, hashToken(here));
    expect(await getSessionUser(here)).not.toBeNull();
    expect(await getSessionUser(there)).toBeNull();
    expect(ctx.publisher.calls).toEqual([{ method: "disconnectSession", sessionId: hashToken(there) }]);
  });
});

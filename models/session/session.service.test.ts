import { describe, expect, it } from "vitest";
import {
  createSession,
  destroyUserSessions,
  getSessionUser,
  hashToken,
  randomToken,
  SESSION_DAYS,
  sweepExpiredSessions,
} from "./session.service";
import { Session } from "./session.model";
import { User } from "../user/user.model";
import { buildUser, RecordingPublisher } from "../../test/factories";

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

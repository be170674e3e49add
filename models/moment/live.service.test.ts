// The live moment's service (issue 16 items 2, 3, 6; decisions 069-071): transitions, races, polls,
// chat, hands and the breakouts, against the real database.
import { describe, expect, it } from "vitest";
import { addMembership, buildUser, ctxFor, type TestContext } from "../../test/factories";
import { momentScene } from "../../test/moment-scene";
import { BreakoutSeat, seatId } from "./moment.model";
import { moveSeat, previewComposition, storeComposition } from "./compose.service";
import { MomentHand, MomentHandEnd, MomentLiveVersion } from "./live.model";
import { MAX_MOMENT_HANDS } from "./moment.constants";
import { Types } from "mongoose";
import { actOnMoment, answerPoll, getLiveView, handOnMoment, sendMomentMessage } from "./live.service";
import { normaliseWord } from "./live.inputs";

const refusedWith = (reason: string) => ({ meta: { reason: `moment_live_${reason}` } });

async function started() {
  const s = await momentScene();
  const fac = ctxFor(s.facilitator);
  const shared = { publisher: fac.publisher, mails: fac.mails };
  const people = [...s.aPeople, ...s.bPeople].map((u) => ctxFor(u, shared));
  await actOnMoment(fac, { momentId: s.momentId, action: { type: "start" } });
  return { ...s, fac, people, org: ctxFor(s.organiser, shared) };
}

const version = async (ctx: TestContext, momentId: string) => (await getLiveView(ctx, { momentId })).state.version;

describe("the live state", () => {
  it("starts, moves block by block and ends; every transition is one stored version and the view is the same after a cold read", async () => {
    const s = await momentScene();
    const fac = ctxFor(s.facilitator);
    const before = await getLiveView(fac, { momentId: s.momentId });
    expect(before.state).toMatchObject({ status: "not_started", version: 0, block: 0 });
    const live = await actOnMoment(fac, { momentId: s.momentId, action: { type: "start" } });
    expect(live).toMatchObject({ status: "live", version: 1, block: 0 });
    expect(live.timerEndsAt! - live.blockStartedAt!).toBe(10 * 60_000);
    await expect(actOnMoment(fac, { momentId: s.momentId, action: { type: "start" } })).rejects.toMatchObject(refusedWith("started"));
    await expect(actOnMoment(fac, { momentId: s.momentId, action: { type: "previous", seen: 1 } })).rejects.toMatchObject(
      refusedWith("first_block"),
    );
    expect(await actOnMoment(fac, { momentId: s.momentId, action: { type: "next", seen: 1 } })).toMatchObject({ block: 1, version: 2 });
    const extended = await actOnMoment(fac, { momentId: s.momentId, action: { type: "extend", minutes: 5 } });
    expect(extended.timerEndsAt! - extended.blockStartedAt!).toBe(25 * 60_000);
    const ended = await actOnMoment(fac, { momentId: s.momentId, action: { type: "end", seen: 3 } });
    expect(ended).toMatchObject({ status: "ended", version: 4 });
    await expect(actOnMoment(fac, { momentId: s.momentId, action: { type: "next", seen: 4 } })).rejects.toMatchObject(
      refusedWith("not_live"),
    );
    expect(await MomentLiveVersion.countDocuments({ momentId: s.momentId })).toBe(4);
    // Cold: another node's view, read from MongoDB only.
    const participant = ctxFor(s.bPeople[0]);
    expect((await getLiveView(participant, { momentId: s.momentId })).state).toMatchObject({ status: "ended", block: 1, version: 4 });
  });

  it("two facilitators pressing next on the same version: one wins, the other is told it moved on", async () => {
    const s = await started();
    const results = await Promise.allSettled(
      [s.fac, s.org, s.fac, s.org].map((c) => actOnMoment(c, { momentId: s.momentId, action: { type: "next", seen: 1 } })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected"))
      expect((r as PromiseRejectedResult).reason).toMatchObject(refusedWith("stale"));
    expect(await version(s.fac, s.momentId)).toBe(2);
    expect((await getLiveView(s.fac, { momentId: s.momentId })).state.block).toBe(1);
  });

  it("only facilitators act; a participant is forbidden, an outsider and another trajectory's organiser learn nothing", async () => {
    const s = await started();
    await expect(actOnMoment(s.people[0], { momentId: s.momentId, action: { type: "next", seen: 1 } })).rejects.toMatchObject({
      code: "forbidden",
    });
    for (const u of [s.outsider, s.otherOrganiser]) {
      await expect(actOnMoment(ctxFor(u), { momentId: s.momentId, action: { type: "next", seen: 1 } })).rejects.toMatchObject({
        code: "not_found",
      });
      await expect(getLiveView(ctxFor(u), { momentId: s.momentId })).rejects.toMatchObject({ code: "not_found" });
    }
    expect(await version(s.fac, s.momentId)).toBe(1);
  });
});

describe("breakouts", () => {
  it("opening seats every participant once (groups apart, facilitators not seated), moves their sockets, shows each their room; bring back empties the rooms", async () => {
    const s = await started();
    await expect(actOnMoment(s.fac, { momentId: s.momentId, action: { type: "open_breakouts", seen: 1 } })).rejects.toMatchObject(
      refusedWith("not_breakouts"),
    );
    await actOnMoment(s.fac, { momentId: s.momentId, action: { type: "next", seen: 1 } });
    s.fac.publisher.clear();
    // Two facilitators at once: one opens, and the composition is stored once.
    const opened = await Promise.allSettled(
      [s.fac, s.org].map((c) => actOnMoment(c, { momentId: s.momentId, action: { type: "open_breakouts", seen: 2 } })),
    );
    expect(opened.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const seats = await BreakoutSeat.find({ momentId: s.momentId, blockId: "b1" }).lean();
    expect(seats.map((x) => String(x.userId)).sort()).toEqual(s.people.map((c) => c.actor.id).sort());
    const byRoom = new Map<string, string[]>();
    for (const x of seats) byRoom.set(String(x.breakoutId), [...(byRoom.get(String(x.breakoutId)) ?? []), String(x.userId)]);
    expect(byRoom.size).toBe(3);
    const aIds = new Set(s.aPeople.map((u) => String(u._id)));
    for (const members of byRoom.values()) expect(members.filter((m) => aIds.has(m))).toHaveLength(1); // mixed

    const joins = s.fac.publisher.of("joinBreakout");
    expect(joins.map((j) => j.userId).sort()).toEqual(s.people.map((c) => c.actor.id).sort());
    const shown = s.fac.publisher.of("toBreakout");
    expect(shown).toHaveLength(3);
    // Each room's view is published after its members were moved into it.
    const calls = s.fac.publisher.calls;
    for (const v of shown) {
      const at = calls.indexOf(v);
      for (const j of joins.filter((j) => j.breakoutId === v.breakoutId)) expect(calls.indexOf(j)).toBeLessThan(at);
    }

    const mine = await getLiveView(s.people[0], { momentId: s.momentId });
    expect(mine.breakout?.members.map((m) => m.userId)).toContain(s.people[0].actor.id);
    expect(mine.breakout?.members.every((m) => m.groupName)).toBe(true);
    expect(mine.breakout?.protocol?.id).toBe("troika");
    expect(mine.breakouts).toEqual([]);
    expect((await getLiveView(s.fac, { momentId: s.momentId })).breakouts).toHaveLength(3);

    await actOnMoment(s.fac, { momentId: s.momentId, action: { type: "broadcast", clientId: "bc-00000001", text: "Nog vijf minuten" } });
    const v = await version(s.fac, s.momentId);
    s.fac.publisher.clear();
    await actOnMoment(s.fac, { momentId: s.momentId, action: { type: "bring_back", seen: v } });
    expect(
      s.fac.publisher
        .of("leaveBreakout")
        .map((l) => l.breakoutId)
        .sort(),
    ).toEqual([...byRoom.keys()].sort());
    const back = await getLiveView(s.people[0], { momentId: s.momentId });
    expect(back.breakout).toBeNull();
    expect(back.state.broadcast?.text).toBe("Nog vijf minuten");
  });
});

describe("breakouts and the composition (wiring)", () => {
  const open = async (s: Awaited<ReturnType<typeof started>>) => {
    await actOnMoment(s.fac, { momentId: s.momentId, action: { type: "next", seen: 1 } });
    return actOnMoment(s.fac, { momentId: s.momentId, action: { type: "open_breakouts", seen: 2 } });
  };
  const seatOf = async (momentId: string, userId: string) =>
    String((await BreakoutSeat.findById(seatId(momentId, "b1", userId)).lean())?.breakoutId);

  it("opening uses the composition stored on the compose page, and whoever it moves out of a breakout loses its board", async () => {
    const s = await started();
    const target = { momentId: s.momentId, blockId: "b1" };
    const page = await previewComposition(s.fac, target);
    // By hand: everyone in the first breakout but one participant, who sits alone in the second.
    const everyone = page.breakouts.flatMap((b) => b.members.map((m) => m.userId));
    const [alone, ...rest] = everyone;
    const stored = await storeComposition(s.fac, {
      ...target,
      assignment: [
        { theme: null, userIds: rest },
        { theme: null, userIds: [alone] },
      ],
    });
    expect(s.fac.publisher.of("joinBreakout")).toEqual([]); // not open yet: nobody moves rooms
    s.fac.publisher.clear();
    await open(s);
    for (const id of rest) expect(await seatOf(s.momentId, id)).toBe(stored.breakouts[0].id);
    expect(await seatOf(s.momentId, alone)).toBe(stored.breakouts[1].id);
    expect(
      s.fac.publisher
        .of("joinBreakout")
        .map((j) => j.userId)
        .sort(),
    ).toEqual([...everyone].sort());
    expect(s.fac.publisher.of("leaveBoard")).toEqual([]);

    // While open, the facilitator moves one: they leave the old board and room and join the new one.
    s.fac.publisher.clear();
    await moveSeat(s.fac, { ...target, userId: rest[0], breakoutId: stored.breakouts[1].id });
    expect(s.fac.publisher.of("leaveBoard")).toMatchObject([{ userId: rest[0], breakoutId: stored.breakouts[0].id }]);
    expect(s.fac.publisher.of("joinBreakout")).toMatchObject([{ userId: rest[0], breakoutId: stored.breakouts[1].id }]);
    const shown = s.fac.publisher.of("toBreakout").map((b) => b.breakoutId);
    expect(shown.sort()).toEqual([stored.breakouts[0].id, stored.breakouts[1].id].sort());
    const moved = s.people.find((p) => p.actor.id === rest[0])!;
    expect((await getLiveView(moved, { momentId: s.momentId })).breakout?.id).toBe(stored.breakouts[1].id);
  });

  it("a participant who joins after the breakouts opened is seated by the block's rule and moved into their room", async () => {
    const s = await started();
    await open(s);
    const late = await buildUser({ name: "Laat" });
    await addMembership(s.groupB, late, { role: "leader", status: "active" });
    s.fac.publisher.clear();
    const ctx = ctxFor(late, { publisher: s.fac.publisher, mails: s.fac.mails });
    const view = await getLiveView(ctx, { momentId: s.momentId });
    expect(view.breakout?.members.map((m) => m.userId)).toContain(String(late._id));
    expect(await seatOf(s.momentId, String(late._id))).toBe(view.breakout?.id);
    expect(s.fac.publisher.of("joinBreakout")).toMatchObject([{ userId: String(late._id), breakoutId: view.breakout?.id }]);
    expect(s.fac.publisher.of("toBreakout").map((b) => b.breakoutId)).toEqual([view.breakout?.id]);
    // Again: the seat stands, nothing moves.
    s.fac.publisher.clear();
    expect((await getLiveView(ctx, { momentId: s.momentId })).breakout?.id).toBe(view.breakout?.id);
    expect(s.fac.publisher.of("joinBreakout")).toEqual([]);
  });
});

describe("polls", () => {
  it("each participant answers once; results come as aggregates; a hidden poll shows participants only the count until revealed", async () => {
    const s = await started();
    await actOnMoment(s.fac, {
      momentId: s.momentId,
      action: { type: "poll_open", clientId: "poll-0001", kind: "single", question: "Welke?", options: ["A", "B"], hidden: true },
    });
    const [p0, p1] = s.people;
    const seen = await answerPoll(p0, { momentId: s.momentId, pollId: "poll-0001", answer: 1 });
    expect(seen).toMatchObject({ count: 1, results: null });
    await expect(answerPoll(p0, { momentId: s.momentId, pollId: "poll-0001", answer: 0 })).rejects.toMatchObject(refusedWith("answered"));
    // Two presses at once: one answer.
    const twice = await Promise.allSettled([0, 1].map((n) => answerPoll(p1, { momentId: s.momentId, pollId: "poll-0001", answer: n })));
    expect(twice.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    await expect(answerPoll(p1, { momentId: s.momentId, pollId: "poll-0001", answer: 7 })).rejects.toMatchObject({ code: "invalid_input" });
    const facView = await getLiveView(s.fac, { momentId: s.momentId });
    expect(facView.results[0]).toMatchObject({ count: 2, results: { kind: "single" } });
    const pView = await getLiveView(p0, { momentId: s.momentId });
    expect(pView.results[0]).toMatchObject({ count: 2, results: null });
    expect(pView.answered).toEqual(["poll-0001"]);
    // What went to whom: participants the count, facilitators the aggregate.
    const polls = s.fac.publisher.of("toMoment").filter((c) => c.event === "moment:poll");
    expect(polls.filter((c) => c.audience === "participants").every((c) => (c.data as { results: unknown }).results === null)).toBe(true);
    expect(polls.filter((c) => c.audience === "all")).toEqual([]);
    await actOnMoment(s.fac, { momentId: s.momentId, action: { type: "poll_reveal", pollId: "poll-0001" } });
    expect((await getLiveView(p0, { momentId: s.momentId })).results[0].results).not.toBeNull();
    await actOnMoment(s.fac, { momentId: s.momentId, action: { type: "poll_close", pollId: "poll-0001" } });
    await expect(answerPoll(s.people[2], { momentId: s.momentId, pollId: "poll-0001", answer: 0 })).rejects.toMatchObject(
      refusedWith("poll_closed"),
    );
  });

  it("a scale, a word cloud (words normalised and counted) and an open question (answers without names)", async () => {
    const s = await started();
    const open = (clientId: string, kind: "scale" | "words" | "open") =>
      actOnMoment(s.fac, { momentId: s.momentId, action: { type: "poll_open", clientId, kind, question: "Hoe?", options: [] } });
    await open("poll-scale", "scale");
    await open("poll-words", "words");
    await open("poll-open1", "open");
    await answerPoll(s.people[0], { momentId: s.momentId, pollId: "poll-scale", answer: 4 });
    const scale = await answerPoll(s.people[1], { momentId: s.momentId, pollId: "poll-scale", answer: 5 });
    expect(scale.results).toEqual({ kind: "scale", counts: [0, 0, 0, 1, 1], mean: 4.5 });
    await expect(answerPoll(s.people[2], { momentId: s.momentId, pollId: "poll-scale", answer: 0 })).rejects.toMatchObject({
      code: "invalid_input",
    });
    await answerPoll(s.people[0], { momentId: s.momentId, pollId: "poll-words", answer: ["Vertrouwen!", "  tijd "] });
    const words = await answerPoll(s.people[1], { momentId: s.momentId, pollId: "poll-words", answer: ["vertrouwen"] });
    expect(words.results).toEqual({
      kind: "words",
      words: [
        { word: "vertrouwen", count: 2 },
        { word: "tijd", count: 1 },
      ],
    });
    const text = await answerPoll(s.people[3], { momentId: s.momentId, pollId: "poll-open1", answer: "Meer tijd voor elkaar" });
    expect(text.results).toEqual({ kind: "open", answers: ["Meer tijd voor elkaar"] });
    expect(JSON.stringify(text)).not.toContain(s.people[3].actor.id);
    expect(normaliseWord("  Samen   Leren. ")).toBe("samen leren");
  });
});

describe("chat and hands", () => {
  it("a message reaches the moment once (a retry stores nothing twice); hands queue, lower, are taken and cleared", async () => {
    const s = await started();
    const [p0, p1] = s.people;
    const m = await sendMomentMessage(p0, { momentId: s.momentId, clientId: "chat-00001", text: "Hallo allemaal" });
    await sendMomentMessage(p0, { momentId: s.momentId, clientId: "chat-00001", text: "Hallo allemaal" });
    expect((await getLiveView(p1, { momentId: s.momentId })).messages).toEqual([m]);
    await expect(sendMomentMessage(ctxFor(s.outsider), { momentId: s.momentId, clientId: "chat-00002", text: "x" })).rejects.toMatchObject({
      code: "not_found",
    });

    await Promise.all([handOnMoment(p0, { momentId: s.momentId, op: "raise" }), handOnMoment(p0, { momentId: s.momentId, op: "raise" })]);
    const q = await handOnMoment(p1, { momentId: s.momentId, op: "raise" });
    expect(q.queue.map((h) => h.userId)).toEqual([p0.actor.id, p1.actor.id]);
    await expect(handOnMoment(p1, { momentId: s.momentId, op: "take", handId: q.queue[0].id })).rejects.toMatchObject({
      code: "forbidden",
    });
    const taken = await handOnMoment(s.fac, { momentId: s.momentId, op: "take", handId: q.queue[0].id });
    expect(taken.queue.map((h) => h.userId)).toEqual([p1.actor.id]);
    const again = await handOnMoment(p0, { momentId: s.momentId, op: "raise" });
    expect(again.queue.map((h) => h.userId)).toEqual([p1.actor.id, p0.actor.id]);
    expect((await handOnMoment(p0, { momentId: s.momentId, op: "lower" })).queue.map((h) => h.userId)).toEqual([p1.actor.id]);
    expect((await handOnMoment(s.fac, { momentId: s.momentId, op: "clear" })).queue).toEqual([]);
  });

  it("a moment keeps at most MAX_MOMENT_HANDS raised hands in all: past it a raise is refused and nothing is stored", async () => {
    const s = await started();
    const [p0] = s.people;
    const momentId = new Types.ObjectId(s.momentId);
    const userId = new Types.ObjectId(p0.actor.id);
    await MomentHand.insertMany(
      Array.from({ length: MAX_MOMENT_HANDS }, (_, i) => ({ _id: `${s.momentId}:${p0.actor.id}:${i + 1}`, momentId, userId })),
    );
    await MomentHandEnd.insertMany(
      Array.from({ length: MAX_MOMENT_HANDS }, (_, i) => ({
        _id: `${s.momentId}:${p0.actor.id}:${i + 1}`,
        momentId,
        by: userId,
        how: "lowered",
      })),
    );
    await expect(handOnMoment(p0, { momentId: s.momentId, op: "raise" })).rejects.toMatchObject({ code: "rate_limited" });
    expect(await MomentHand.countDocuments({ momentId })).toBe(MAX_MOMENT_HANDS);
  });
});

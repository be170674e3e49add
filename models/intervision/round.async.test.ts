import { describe, expect, it } from "vitest";
import { buildGroup, ctxFor, nodeCtx } from "../../test/factories";
import { createNodeState } from "../node";
import { Notification } from "../thread/thread.model";
import { DAY_MS } from "./round.async";
import type { RoundAction } from "./round.inputs";
import { RoundVersion } from "./round.model";
import { actOnRound, advanceAsyncRounds, createRound, getRoundView } from "./round.service";

// Asynchronous rounds (issue 13 item 5, decision 045) against the real database: each step is open
// for days, oral steps are written, a step whose days are up is advanced by the scheduler's job
// once however many nodes run it, the chair can still move on early, and each member hears of each
// step opened exactly once. The clock is injected: the job runs "three days later".

async function asyncRound(days?: number) {
  const g = await buildGroup({ leaders: 4 });
  const groupId = String(g.group._id);
  const [inbrenger, chair, ...others] = g.leaders.map((u) => ctxFor(u));
  const { id: roundId } = await createRound(chair, {
    groupId,
    protocol: "incident",
    inbrengerId: inbrenger.actor.id,
    caseQuestion: "Hoe ga ik om met een ouder die elke week boos belt?",
    memberIds: g.leaders.map((u) => String(u._id)),
    mode: "async",
    ...(days ? { days } : {}),
  });
  const ref = { groupId, roundId };
  const act = (ctx: typeof chair, action: RoundAction) => actOnRound(ctx, { ...ref, action });
  const notified = async () => (await Notification.find({ roundId, kind: "round" }, { _id: 1 }).lean()).map((n) => String(n._id)).sort();
  return { ...g, groupId, roundId, ref, inbrenger, chair, others, act, notified };
}

/** Two nodes (each its own memory of rounds) running the job at the same moment. */
const twoNodes = () => [
  { ...nodeCtx(), node: createNodeState() },
  { ...nodeCtx(), node: createNodeState() },
];
const deps = (ctx: ReturnType<typeof ctxFor>) => ({ ...ctx, actor: undefined });

describe("async rounds", () => {
  it("each step is open for the chosen days (default 2), and an oral step is written by its speakers", async () => {
    const r = await asyncRound();
    const started = await r.act(r.chair, { type: "start" });
    expect(started.mode).toBe("async");
    expect(started.step).toMatchObject({ phaseId: "look-back", input: "written" });
    expect(started.timer?.minutes).toBe(2 * 24 * 60);
    expect(started.timer!.remainingMs).toBeGreaterThan(DAY_MS);
    // A member writes in what is an oral step live (only the chair or scribe would take notes there).
    const mine = await r.act(r.others[0], { type: "contribute", id: "async-look-back-1", text: "Ik heb het gesprek gevoerd." });
    expect(mine.contributions.map((c) => c.text)).toEqual(["Ik heb het gesprek gevoerd."]);

    const five = await asyncRound(5);
    expect((await five.act(five.chair, { type: "start" })).timer?.minutes).toBe(5 * 24 * 60);
    await expect(asyncRound(15)).rejects.toMatchObject({ code: "invalid_input", issues: [{ path: "days", code: "round_days_range" }] });
  });

  it("the job advances a step whose days are up once, with two nodes running it; not before", async () => {
    const r = await asyncRound(2);
    await r.act(r.chair, { type: "start" });
    const [a, b] = twoNodes().map((n) => ({ ...deps(r.chair), node: n.node }));
    const now = Date.now();
    expect(await advanceAsyncRounds(a, now + DAY_MS)).toBe(0); // one day in: still open
    const before = await RoundVersion.countDocuments({ roundId: r.roundId });
    const counts = await Promise.all([advanceAsyncRounds(a, now + 3 * DAY_MS), advanceAsyncRounds(b, now + 3 * DAY_MS)]);
    expect(counts[0] + counts[1]).toBe(1);
    expect(await RoundVersion.countDocuments({ roundId: r.roundId })).toBe(before + 1);
    const view = await getRoundView({ ...r.chair, node: createNodeState() }, r.ref);
    expect(view.step?.index).toBe(1);
    const stored = await RoundVersion.findOne({ roundId: r.roundId, version: view.version }).lean();
    expect(stored).toMatchObject({ actorId: "scheduler", action: "next" });
    // The new step's clock started when it was advanced: running the job again at once moves nothing.
    expect(await advanceAsyncRounds(a, now + 3 * DAY_MS)).toBe(0);
  });

  it("the chair can still move on early, or give a step a day more; a live round is never advanced by the job", async () => {
    const r = await asyncRound();
    await r.act(r.chair, { type: "start" });
    const longer = await r.act(r.chair, { type: "extend_days", days: 1 });
    expect(longer.timer?.extendedMs).toBe(DAY_MS);
    const [a] = twoNodes().map((n) => ({ ...deps(r.chair), node: n.node }));
    expect(await advanceAsyncRounds(a, Date.now() + 2.5 * DAY_MS)).toBe(0); // two days and a day more
    await expect(r.act(r.others[0], { type: "extend_days", days: 1 })).rejects.toMatchObject({ meta: { reason: "round_not_chair" } });
    await r.act(r.chair, { type: "next", seen: longer.version });
    await r.act(r.chair, { type: "back", seen: longer.version + 1 });
    expect((await r.act(r.chair, { type: "next", seen: longer.version + 2 })).step?.index).toBe(1);

    const g = await buildGroup({ leaders: 2 });
    const [inb, ch] = g.leaders.map((u) => ctxFor(u));
    const { id } = await createRound(ch, {
      groupId: String(g.group._id),
      protocol: "incident",
      inbrengerId: inb.actor.id,
      caseQuestion: "Live?",
    });
    await actOnRound(ch, { groupId: String(g.group._id), roundId: id, action: { type: "start" } });
    await expect(
      actOnRound(ch, { groupId: String(g.group._id), roundId: id, action: { type: "extend_days", days: 1 } }),
    ).rejects.toMatchObject({
      code: "conflict",
      meta: { reason: "round_not_async" },
    });
    await advanceAsyncRounds(deps(ch), Date.now() + 30 * DAY_MS);
    expect((await getRoundView(ch, { groupId: String(g.group._id), roundId: id })).version).toBe(2);
  });

  it("each member is notified once per step opened, by the chair's transition, the job and its repair together", async () => {
    const r = await asyncRound();
    expect(await r.notified()).toEqual([]); // planned: nothing opened yet
    await r.act(r.chair, { type: "start" });
    const members = r.leaders.map((u) => String(u._id));
    expect((await r.notified()).length).toBe(members.length);
    const [a, b] = twoNodes().map((n) => ({ ...deps(r.chair), node: n.node }));
    await Promise.all([advanceAsyncRounds(a, Date.now() + 3 * DAY_MS), advanceAsyncRounds(b, Date.now() + 3 * DAY_MS)]);
    await advanceAsyncRounds(a); // the repair pass finds nothing to add
    const ids = await r.notified();
    expect(ids.length).toBe(2 * members.length);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of members) expect(ids.filter((id) => id.startsWith(`${m}:`))).toHaveLength(2);
  });
});

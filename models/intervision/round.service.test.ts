import mongoose from "mongoose";
import { describe, expect, it } from "vitest";
import { createNodeState } from "../node";
import { removeMember } from "../group/group.service";
import { buildGroup, buildUser, ctxFor, type TestContext } from "../../test/factories";
import type { RoundAction } from "./round.inputs";
import { RoundVersion } from "./round.model";
import { actionPointsOf, actOnRound, createRound, getRoundView, listRounds } from "./round.service";

// The round service against the real database: transitions are unique inserts, so two nodes that
// both saw version v and press "next" advance one step; state comes back from MongoDB on a node
// that never saw it; what is hidden stays on the server; outsiders and removed members get not_found.

async function incidentRound(n = 4) {
  const g = await buildGroup({ leaders: n, coaches: 1 });
  const groupId = String(g.group._id);
  const [inbrenger, chair, ...others] = g.leaders.map((u) => ctxFor(u));
  const { id: roundId } = await createRound(chair, {
    groupId,
    protocol: "incident",
    inbrengerId: inbrenger.actor.id,
    caseQuestion: "Hoe ga ik om met een ouder die elke week boos belt?",
    whatIDid: "Ik heb de ouder uitgenodigd voor een gesprek met de zorgcoördinator.",
    memberIds: g.leaders.map((u) => String(u._id)),
  });
  const act = (ctx: TestContext, action: RoundAction) => actOnRound(ctx, { groupId, roundId, action });
  return { ...g, groupId, roundId, ref: { groupId, roundId }, inbrenger, chair, others, act, nodeB: createNodeState() };
}

describe("round service", () => {
  it("creates a planned round; the chair starts it; each transition is one stored version", async () => {
    const r = await incidentRound();
    const first = await getRoundView(r.chair, r.ref);
    expect(first).toMatchObject({ status: "planned", version: 1, you: { isChair: true } });
    const started = await r.act(r.chair, { type: "start" });
    expect(started).toMatchObject({ status: "running", version: 2, step: { index: 0, phaseId: "look-back" } });
    expect(await RoundVersion.countDocuments({ roundId: r.roundId })).toBe(2);
    // a member who is not the chair cannot move the round on
    await expect(r.act(r.others[0], { type: "next", seen: 2 })).rejects.toMatchObject({
      code: "forbidden",
      meta: { reason: "round_not_chair" },
    });
  });

  it("two nodes that saw the same version both press next: one step, the other is told it is stale", async () => {
    const r = await incidentRound();
    await r.act(r.chair, { type: "start" });
    const nodeB = { ...r.chair, node: createNodeState() };
    await getRoundView(nodeB, r.ref); // node B knows version 2 too
    const results = await Promise.allSettled([r.act(r.chair, { type: "next", seen: 2 }), r.act(nodeB, { type: "next", seen: 2 })]);
    expect(results.filter((x) => x.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((x) => x.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "conflict", meta: { reason: "round_stale" } });
    const view = await getRoundView({ ...r.chair, node: createNodeState() }, r.ref);
    expect(view).toMatchObject({ version: 3, step: { index: 1 } });
  });

  it("a node that knows the round commits a transition with one insert, no read (decision 046)", async () => {
    const r = await incidentRound();
    await r.act(r.chair, { type: "start" });
    await r.act(r.chair, { type: "next", seen: 2 });
    const ops: string[] = [];
    mongoose.set("debug", (collection: string, method: string) => void ops.push(`${collection}.${method}`));
    try {
      await r.act(r.chair, { type: "contribute", id: "n-000000001", text: "De ouder belt op maandag." });
    } finally {
      mongoose.set("debug", false);
    }
    expect(ops.filter((o) => o.startsWith("round"))).toEqual(["roundversions.insertOne"]);
  });

  it("a node whose state is behind decides again after reading on: accepted where it would have refused", async () => {
    const r = await incidentRound();
    await r.act(r.chair, { type: "start" });
    const nodeB = (ctx: TestContext) => ({ ...ctx, node: r.nodeB });
    await getRoundView(nodeB(r.others[0]), r.ref); // node B knows version 2: an oral step, members may not write
    for (let v = 2; v < 5; v++) await r.act(r.chair, { type: "next", seen: v }); // node A: on to silent writing
    const view = await r.act(nodeB(r.others[0]), { type: "contribute", id: "q-000000009", text: "Sinds wanneer belt de ouder?" });
    expect(view).toMatchObject({ version: 6, step: { phaseId: "write-questions" } });
    // and a real refusal is still refused after the read
    await expect(r.act(nodeB(r.inbrenger), { type: "contribute", id: "q-000000010", text: "ik" })).rejects.toMatchObject({
      meta: { reason: "round_inbrenger_muted" },
    });
  });

  it("hidden until the reveal, for the chair too; 'what I did' only from its phase on; the inbrenger sees it always", async () => {
    const r = await incidentRound();
    await r.act(r.chair, { type: "start" });
    for (let v = 2; v < 5; v++) await r.act(r.chair, { type: "next", seen: v });
    expect((await getRoundView(r.chair, r.ref)).step?.phaseId).toBe("write-questions");
    await r.act(r.others[0], { type: "contribute", id: "q-000000001", text: "Wanneer belde de ouder voor het eerst?" });
    await r.act(r.others[1], { type: "contribute", id: "q-000000002", text: "Wat zei de leerkracht?" });
    await expect(r.act(r.inbrenger, { type: "contribute", id: "q-000000003", text: "ik" })).rejects.toMatchObject({
      meta: { reason: "round_inbrenger_muted" },
    });
    const chairView = await getRoundView(r.chair, r.ref);
    expect(chairView.contributions).toEqual([]);
    expect(chairView.hiddenCount).toBe(2);
    expect(chairView.whatIDid).toBeNull();
    expect((await getRoundView(r.inbrenger, r.ref)).whatIDid).toMatch(/zorgco/);
    expect((await getRoundView(r.others[0], r.ref)).contributions.map((c) => c.id)).toEqual(["q-000000001"]);
    await r.act(r.chair, { type: "reveal" });
    for (const who of [r.chair, r.inbrenger, ...r.others])
      expect((await getRoundView(who, r.ref)).contributions.map((c) => c.id).sort()).toEqual(["q-000000001", "q-000000002"]);
  });

  it("outsiders and missing rounds: not_found; a removed member is out at once", async () => {
    const r = await incidentRound();
    const outsider = ctxFor(await buildUser());
    await expect(getRoundView(outsider, r.ref)).rejects.toMatchObject({ code: "not_found" });
    await expect(r.act(outsider, { type: "start" })).rejects.toMatchObject({ code: "not_found" });
    const other = await buildGroup({ leaders: 1 });
    await expect(getRoundView(r.chair, { groupId: String(other.group._id), roundId: r.roundId })).rejects.toMatchObject({
      code: "not_found",
    });
    await removeMember(ctxFor(r.organiser), { groupId: r.groupId, userId: r.others[0].actor.id });
    await expect(getRoundView(r.others[0], r.ref)).rejects.toMatchObject({ code: "not_found" });
    await expect(r.act(r.others[0], { type: "raise_hand" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("action points of the inbrenger; the group's next round opens with them as a look back", async () => {
    const r = await incidentRound();
    await r.act(r.chair, { type: "start" });
    const steps = (await getRoundView(r.chair, r.ref)).outline.length;
    for (let v = 2; v < steps + 1; v++) await r.act(r.chair, { type: "skip", seen: v });
    const closing = await getRoundView(r.chair, r.ref);
    expect(closing.step?.phaseId).toBe("evaluation");
    await r.act(r.chair, { type: "back", seen: closing.version });
    await r.act(r.inbrenger, {
      type: "contribute",
      id: "ap-0000001",
      kind: "action_points",
      text: "Gesprek plannen met de ouder",
      due: "2027-02-01",
    });
    await expect(
      r.act(r.inbrenger, { type: "contribute", id: "ap-0000002", kind: "action_points", text: "Zonder datum" }),
    ).rejects.toMatchObject({
      meta: { reason: "round_due_needed" },
    });
    await r.act(r.chair, { type: "finish" });
    expect(await actionPointsOf(r.roundId)).toEqual([
      expect.objectContaining({
        roundId: r.roundId,
        inbrengerId: r.inbrenger.actor.id,
        text: "Gesprek plannen met de ouder",
        due: "2027-02-01",
      }),
    ]);
    const { id: nextId } = await createRound(r.chair, {
      groupId: r.groupId,
      protocol: "balint",
      inbrengerId: r.others[0].actor.id,
      caseQuestion: "Een nieuwe casus",
    });
    const next = await getRoundView(r.others[1], { groupId: r.groupId, roundId: nextId });
    expect(next.lookBack).toMatchObject({
      inbrengerId: r.inbrenger.actor.id,
      points: [{ text: "Gesprek plannen met de ouder", due: "2027-02-01" }],
    });
    expect((await listRounds(r.chair, { groupId: r.groupId })).map((x) => x.status)).toEqual(["planned", "finished"]);
  });
});

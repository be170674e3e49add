import { describe, expect, it } from "vitest";
import { buildGroup, buildUser, ctxFor, TEST_APP_URL, testNode } from "../../test/factories";
import type { OutgoingMail } from "../shared/context";
import { Group, Membership } from "../group/group.model";
import { protocolDraft, saveProtocol } from "../intervision/protocol.service";
import { Meeting } from "../meeting/meeting.model";
import { mailImmediate, setMailPrefs } from "../notify/notify.service";
import { Notification } from "../thread/thread.model";
import { Round } from "../intervision/round.model";
import { getRoundView } from "../intervision/round.service";
import { CaseProposal, CaseVote } from "./prep.model";
import {
  hiddenPartForRound,
  listPreparation,
  pickCase,
  proposeCase,
  roundStartFor,
  startPickedRound,
  updateProposal,
  voteCase,
  withdrawProposal,
} from "./prep.service";

const SECRET_PART = "Ik heb de ouder diezelfde avond nog gebeld en excuses aangeboden.";
const question = "Hoe kan ik een boze ouder aan de schoolpoort rustig te woord staan?";

async function scene() {
  const g = await buildGroup({ leaders: 3, coaches: 1 });
  const groupId = String(g.group._id);
  const [an, bo, cas] = g.leaders.map((l) => ctxFor(l));
  const coach = ctxFor(g.coaches[0]);
  return { ...g, groupId, an, bo, cas, coach };
}

const pickForm = (groupId: string, proposalId: string, when = "now") => ({
  groupId,
  proposalId,
  current: "on",
  concrete: "on",
  firstPerson: "on",
  when,
});

describe("proposing a case", () => {
  it("keeps 'what I did' for its author alone: no other member's view holds it, the engine can fetch it", async () => {
    const { groupId, an, bo, coach } = await scene();
    const { id } = await proposeCase(an, {
      groupId,
      protocolId: "incident",
      question,
      context: "Vorige week, 8.30 uur.",
      whatIDid: SECRET_PART,
    });
    const mine = await listPreparation(an, { groupId });
    expect(mine.open[0]).toMatchObject({ id, question, mine: true, hasRevealPhase: true, whatIDid: SECRET_PART });
    for (const other of [bo, coach]) {
      const view = await listPreparation(other, { groupId });
      expect(view.open[0]).toMatchObject({ id, question, mine: false, whatIDid: null });
      expect(JSON.stringify(view)).not.toContain("excuses");
    }
    // Not in the proposal document either: only the engine's door reads it.
    expect(JSON.stringify(await CaseProposal.findById(id).lean())).not.toContain("excuses");
    expect(await hiddenPartForRound(groupId, id)).toBe(SECRET_PART);
    expect(await hiddenPartForRound(String((await buildGroup()).group._id), id)).toBeNull();
  });

  it("does not keep a hidden part for a protocol that reveals none; its author changes and withdraws it", async () => {
    const { groupId, an, bo } = await scene();
    const { id } = await proposeCase(an, { groupId, protocolId: "balint", question, whatIDid: SECRET_PART });
    expect(await hiddenPartForRound(groupId, id)).toBeNull();
    await expect(updateProposal(bo, { groupId, proposalId: id, question: "Anders?" })).rejects.toMatchObject({ code: "not_found" });
    await updateProposal(an, { groupId, proposalId: id, question: "Hoe kan ik het gesprek goed beginnen?", context: "Nu met context" });
    expect((await listPreparation(bo, { groupId })).open[0]).toMatchObject({
      question: "Hoe kan ik het gesprek goed beginnen?",
      context: "Nu met context",
    });
    await expect(withdrawProposal(bo, { groupId, proposalId: id })).rejects.toMatchObject({ code: "not_found" });
    await withdrawProposal(an, { groupId, proposalId: id });
    expect((await listPreparation(bo, { groupId })).open).toEqual([]);
  });

  it("refuses an empty question or an unknown protocol with per-field codes; outsiders and guests-to-be learn nothing", async () => {
    const { groupId, an } = await scene();
    await expect(proposeCase(an, { groupId, protocolId: "incident", question: "  " })).rejects.toMatchObject({
      code: "invalid_input",
      issues: [{ path: "question", code: "required" }],
    });
    await expect(proposeCase(an, { groupId, protocolId: "nope", question })).rejects.toMatchObject({
      code: "invalid_input",
      issues: [{ path: "protocolId", code: "prep_unknown_protocol" }],
    });
    const outsider = ctxFor(await buildUser());
    await expect(proposeCase(outsider, { groupId, protocolId: "incident", question })).rejects.toMatchObject({ code: "not_found" });
    await expect(listPreparation(outsider, { groupId })).rejects.toMatchObject({ code: "not_found" });
    expect(await CaseProposal.countDocuments({ groupId })).toBe(0);
  });

  it("notifies the other members, mailed per each one's choice for case proposals", async () => {
    const { groupId, an, bo, cas, leaders, coaches } = await scene();
    await setMailPrefs(cas, { mention: "immediately", reply: "daily", meeting: "immediately", case: "off", plan: "off" });
    await proposeCase(an, { groupId, protocolId: "incident", question, whatIDid: SECRET_PART });
    const notified = await Notification.find({ groupId, kind: "case_proposed" }).lean();
    expect(notified.map((n) => String(n.userId)).sort()).toEqual([leaders[1], leaders[2], coaches[0]].map((u) => String(u._id)).sort());
    const mails: OutgoingMail[] = [];
    await mailImmediate(
      { sendMail: async (m) => void mails.push(m), appUrl: TEST_APP_URL, node: testNode(), secret: "s".repeat(32) },
      new Date(Date.now() + 1000),
    );
    expect(mails.map((m) => m.to).sort()).toEqual([leaders[1].email, coaches[0].email].sort());
    const group = await Group.findById(groupId).lean();
    expect(mails[0].text).toContain(`stelde een casus voor in ${group?.name}`);
    expect(mails[0].text).toContain(`${TEST_APP_URL}/groups/${groupId}/prepare`);
    // The mail names who proposed it, never the question or the hidden part.
    for (const m of mails) expect(m.text).not.toMatch(/schoolpoort|excuses/);
    void bo;
  });
});

describe("a show of hands", () => {
  it("one vote per member: ten at once by the same member count once; a change moves it; lowering removes it", async () => {
    const { groupId, an, bo, cas } = await scene();
    const p1 = (await proposeCase(an, { groupId, protocolId: "incident", question })).id;
    const p2 = (await proposeCase(bo, { groupId, protocolId: "balint", question: "Hoe kan ik …?" })).id;
    await Promise.all(Array.from({ length: 10 }, () => voteCase(cas, { groupId, proposalId: p1 })));
    const hands = async () => Object.fromEntries((await listPreparation(an, { groupId })).open.map((p) => [p.id, p.voters.length]));
    expect(await hands()).toEqual({ [p1]: 1, [p2]: 0 });
    // Votes for both proposals at once: the member's hand is up for exactly one of them.
    await Promise.all(Array.from({ length: 6 }, (_, i) => voteCase(cas, { groupId, proposalId: i % 2 ? p1 : p2 })));
    const after = await hands();
    expect(after[p1] + after[p2]).toBe(1);
    await voteCase(cas, { groupId, proposalId: p2 });
    await voteCase(bo, { groupId, proposalId: p2 });
    expect(await hands()).toEqual({ [p1]: 0, [p2]: 2 });
    expect((await listPreparation(cas, { groupId })).myVote).toBe(p2);
    await voteCase(cas, { groupId, proposalId: "" });
    expect(await hands()).toEqual({ [p1]: 0, [p2]: 1 });
    // A member who left no longer raises a hand.
    await Membership.updateOne({ _id: `${groupId}:${bo.actor.id}` }, { status: "removed" });
    expect(await hands()).toEqual({ [p1]: 0, [p2]: 0 });
    // Every change was an insert of the member's next numbered vote.
    const ns = (await CaseVote.find({ groupId, userId: cas.actor.id }).lean()).map((v) => v.n).sort((a, b) => a - b);
    expect(ns).toEqual(ns.map((_, i) => i + 1));
    // A vote for another group's proposal is not_found.
    const other = await scene();
    const foreign = (await proposeCase(other.an, { groupId: other.groupId, protocolId: "incident", question })).id;
    await expect(voteCase(cas, { groupId, proposalId: foreign })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("picking and planning", () => {
  it("the coach or the chair confirms the checklist and picks; a leader who is not the chair may not", async () => {
    const { groupId, an, bo, cas, coach, leaders } = await scene();
    const p1 = (await proposeCase(an, { groupId, protocolId: "incident", question, whatIDid: SECRET_PART })).id;
    await expect(pickCase(bo, pickForm(groupId, p1))).rejects.toMatchObject({ code: "forbidden" });
    const { current: _, ...unconfirmed } = pickForm(groupId, p1);
    await expect(pickCase(coach, unconfirmed)).rejects.toMatchObject({
      code: "invalid_input",
      issues: [{ path: "current", code: "prep_criterion_unconfirmed" }],
    });
    const start = await pickCase(coach, pickForm(groupId, p1));
    expect(start).toEqual({ groupId, protocol: "incident", inbrengerId: an.actor.id, caseQuestion: question, proposalId: p1 });
    await expect(pickCase(coach, pickForm(groupId, p1))).rejects.toMatchObject({ code: "conflict" });
    await expect(voteCase(cas, { groupId, proposalId: p1 })).rejects.toMatchObject({ code: "conflict" });
    await expect(updateProposal(an, { groupId, proposalId: p1, question: "Anders" })).rejects.toMatchObject({ code: "conflict" });

    // The chair (a leader named by the coach) picks the next one, for a meeting.
    await Group.updateOne({ _id: groupId }, { chairId: leaders[1]._id });
    const meeting = await Meeting.create({
      groupId,
      kind: "contact_day",
      startsAt: new Date(Date.now() + 7 * 86_400_000),
      endsAt: new Date(Date.now() + 7 * 86_400_000 + 3_600_000),
    });
    const p2 = (await proposeCase(cas, { groupId, protocolId: "balint", question: "Hoe kan ik …?" })).id;
    const planned = await pickCase(bo, pickForm(groupId, p2, String(meeting._id)));
    expect(planned).toMatchObject({ protocol: "balint", inbrengerId: cas.actor.id, meetingId: String(meeting._id) });
    const view = await listPreparation(an, { groupId });
    expect(view.open).toEqual([]);
    expect(view.picked.map((p) => [p.id, p.startNow, p.meeting?.id ?? null])).toEqual([
      [p2, false, String(meeting._id)],
      [p1, true, null],
    ]);
    expect(JSON.stringify(view.picked)).toContain(SECRET_PART); // an's own view
    expect(JSON.stringify(await listPreparation(bo, { groupId }))).not.toContain("excuses");
  });

  it("a picked case starts its round once, with 'what I did' hidden by the round until its phase", async () => {
    const { groupId, an, bo, coach } = await scene();
    const id = (await proposeCase(an, { groupId, protocolId: "incident", question, whatIDid: SECRET_PART })).id;
    await expect(startPickedRound(coach, { groupId, proposalId: id })).rejects.toMatchObject({ code: "not_found" });
    await pickCase(coach, pickForm(groupId, id));
    await expect(startPickedRound(bo, { groupId, proposalId: id })).rejects.toMatchObject({ code: "forbidden" });
    // Three starts at once (a double click, two tabs) make one round, with the proposal's id.
    const started = await Promise.all([1, 2, 3].map(() => startPickedRound(coach, { groupId, proposalId: id })));
    expect(started.map((r) => r.id)).toEqual([id, id, id]);
    expect(await Round.countDocuments({ groupId })).toBe(1);
    const round = { groupId, roundId: id };
    expect(await getRoundView(an, round)).toMatchObject({ caseQuestion: question, whatIDid: SECRET_PART });
    for (const other of [bo, coach]) expect(JSON.stringify(await getRoundView(other, round))).not.toContain("excuses");
    expect((await listPreparation(bo, { groupId })).picked[0].roundId).toBe(id);
  });

  it("two picks at once: one lands; a past or foreign meeting is refused", async () => {
    const { groupId, an, coach, leaders } = await scene();
    await Group.updateOne({ _id: groupId }, { chairId: leaders[1]._id });
    const id = (await proposeCase(an, { groupId, protocolId: "incident", question })).id;
    const past = await Meeting.create({
      groupId,
      kind: "contact_day",
      startsAt: new Date(Date.now() - 7_200_000),
      endsAt: new Date(Date.now() - 3_600_000),
    });
    await expect(pickCase(coach, pickForm(groupId, id, String(past._id)))).rejects.toMatchObject({
      code: "invalid_input",
      issues: [{ path: "when", code: "prep_when_missing" }],
    });
    const results = await Promise.allSettled([coach, ctxFor(leaders[1]), coach].map((c) => pickCase(c, pickForm(groupId, id))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("a group copy starts with the snapshot at the version the pick fixed, whatever is saved after", async () => {
    const { groupId, an, coach } = await scene();
    const start = await protocolDraft(coach, { groupId, from: "incident" });
    const v1 = await saveProtocol(coach, { groupId, protocolId: null, baseVersion: 0, basedOn: start.basedOn, draft: start.draft });
    if (!v1.ok) throw new Error("save");
    const id = (await proposeCase(an, { groupId, protocolId: v1.protocol.id, question, whatIDid: SECRET_PART })).id;
    expect((await listPreparation(an, { groupId })).open[0].hasRevealPhase).toBe(true);
    const picked = await pickCase(coach, pickForm(groupId, id));
    expect(picked.protocol).toEqual(v1.protocol);
    await saveProtocol(coach, {
      groupId,
      protocolId: v1.protocol.id,
      baseVersion: 1,
      basedOn: start.basedOn,
      draft: { ...v1.protocol, phases: v1.protocol.phases.slice(1) },
    });
    expect((await roundStartFor(an, { groupId, proposalId: id })).protocol).toEqual(v1.protocol);
    await expect(roundStartFor(ctxFor(await buildUser()), { groupId, proposalId: id })).rejects.toMatchObject({ code: "not_found" });
  });
});

import { describe, expect, it } from "vitest";
import { buildGroup, buildUser, ctxFor, type TestContext } from "../../test/factories";
import { plainText } from "../collab/doc-store";
import { CollabDocument, DocSnapshot, DocUpdate, DocVersion } from "../document/document.model";
import { exportDocument } from "../document/document.service";
import { proposeGoal } from "../goal/goal.service";
import { addAgendaItem, getMeetingPage } from "../meeting/meeting-content.service";
import { Meeting } from "../meeting/meeting.model";
import { createNodeState } from "../node";
import { Commitment } from "../plan/plan.model";
import type { RoundAction } from "./round.inputs";
import { Round, RoundVersion } from "./round.model";
import { actOnRound, createRound, getRoundView } from "./round.service";
import { decideRecord, getRoundRecord, NOBODY, openRoundNotes, roundFinished, submitClosingCheck } from "./round-record.service";

// The round's record against the real database (decision 044): action points into the inbrenger's
// commitments once, the notes and summary as documents of the group made once, the closing check
// once per participant, and the inbrenger's decision that leaves the deleted text nowhere.

const CASE = "Hoe spreek ik een leerkracht aan die steeds te laat in de klas is?";
const WHAT_I_DID = "Ik heb het in de teamvergadering algemeen benoemd.";
const QUESTION = "Sinds wanneer speelt het te laat komen?";

async function finishedRound(leaders = 5) {
  const g = await buildGroup({ leaders, coaches: 1 });
  const groupId = String(g.group._id);
  const [inbrenger, chair, ...others] = g.leaders.map((u) => ctxFor(u));
  const { id: roundId } = await createRound(chair, {
    groupId,
    protocol: "incident",
    inbrengerId: inbrenger.actor.id,
    caseQuestion: CASE,
    whatIDid: WHAT_I_DID,
    memberIds: g.leaders.map((u) => String(u._id)),
  });
  const ref = { groupId, roundId };
  const act = (ctx: TestContext, action: RoundAction) => actOnRound(ctx, { ...ref, action });
  await act(chair, { type: "start" });
  for (let v = 2; v < 5; v++) await act(chair, { type: "next", seen: v });
  await act(others[0], { type: "contribute", id: "q-000000001", text: QUESTION });
  await act(chair, { type: "reveal" });
  const steps = (await getRoundView(chair, ref)).outline.length;
  let view = await getRoundView(chair, ref);
  while (view.step && view.step.index < steps - 1) view = await act(chair, { type: "skip", seen: view.version });
  await act(chair, { type: "back", seen: view.version });
  await act(inbrenger, {
    type: "contribute",
    id: "ap-0000001",
    kind: "action_points",
    text: "Gesprek plannen met de leerkracht",
    due: "2027-02-01",
  });
  await act(inbrenger, {
    type: "contribute",
    id: "ap-0000002",
    kind: "action_points",
    text: "Afspraken op papier zetten",
    due: "2027-02-15",
  });
  return { ...g, groupId, roundId, ref, inbrenger, chair, others, act };
}

const allVersionsText = async (roundId: string) => JSON.stringify(await RoundVersion.find({ roundId }).lean());

describe("the round's record", () => {
  it("finishing hands the action points to the inbrenger's commitments once, with their dates", async () => {
    const r = await finishedRound(3);
    expect(await Commitment.countDocuments({ userId: r.inbrenger.actor.id })).toBe(0);
    await r.act(r.chair, { type: "finish" });
    await roundFinished(r.chair, r.groupId, r.roundId); // again, as after a failure: nothing doubles
    const list = await Commitment.find({ userId: r.inbrenger.actor.id }).sort({ _id: 1 }).lean();
    expect(list.map((c) => [c.text, c.due?.toISOString().slice(0, 10), c.sourceKind, c.sourceId])).toEqual([
      ["Gesprek plannen met de leerkracht", "2027-02-01", "round", r.roundId],
      ["Afspraken op papier zetten", "2027-02-15", "round", r.roundId],
    ]);
  });

  it("compiles a summary document the group can open and export; the notes are one document for two first openers", async () => {
    const r = await finishedRound(3);
    const before = await getRoundRecord(r.others[0], r.ref);
    expect(before).toMatchObject({ status: "running", summaryDocId: null, notesDocId: null, canOpenNotes: true });
    const [a, b] = await Promise.all([openRoundNotes(r.chair, r.ref), openRoundNotes(r.others[0], r.ref)]);
    expect(a.docId).toBe(b.docId);
    expect(await CollabDocument.countDocuments({ groupId: r.groupId })).toBe(1);
    await r.act(r.chair, { type: "finish" });
    const record = await getRoundRecord(r.others[0], r.ref);
    expect(record).toMatchObject({ status: "finished", notesDocId: a.docId, isInbrenger: false, isParticipant: true });
    expect(record.summaryDocId).toBeTruthy();
    const { body } = await exportDocument(r.others[0], { groupId: r.groupId, docId: record.summaryDocId!, format: "md", lang: "nl" });
    for (const text of [CASE, "Incidentmethode", QUESTION, "Gesprek plannen met de leerkracht (2027-02-01)", "## Actiepunten"])
      expect(body).toContain(text);
    expect(body).not.toContain(WHAT_I_DID);
    // outsiders learn nothing
    const outsider = ctxFor(await buildUser());
    await expect(getRoundRecord(outsider, r.ref)).rejects.toMatchObject({ code: "not_found" });
    await expect(openRoundNotes(outsider, r.ref)).rejects.toMatchObject({ code: "not_found" });
  });

  it("a closing check once per participant; the group sees how many answered, averages only from five", async () => {
    const r = await finishedRound(5);
    await expect(submitClosingCheck(r.chair, { ...r.ref, safety: 4, usefulness: 5 })).rejects.toMatchObject({
      code: "conflict",
      issues: [{ code: "round_check_not_finished" }],
    });
    await r.act(r.chair, { type: "finish" });
    await expect(submitClosingCheck(r.chair, { ...r.ref, safety: 6, usefulness: 5 })).rejects.toMatchObject({
      code: "invalid_input",
      issues: [{ path: "safety", code: "round_check_score" }],
    });
    const coach = ctxFor(r.coaches[0]);
    await expect(submitClosingCheck(coach, { ...r.ref, safety: 4, usefulness: 4 })).rejects.toMatchObject({ code: "forbidden" });
    const everyone = [r.inbrenger, r.chair, ...r.others];
    const twice = await Promise.allSettled([
      submitClosingCheck(r.chair, { ...r.ref, safety: 4, usefulness: 5, line: "Veilig" }),
      submitClosingCheck(r.chair, { ...r.ref, safety: 1, usefulness: 1 }),
    ]);
    expect(twice.filter((x) => x.status === "fulfilled")).toHaveLength(1);
    expect((await getRoundRecord(coach, r.ref)).checks).toEqual({ count: 1, mine: false, safety: null, usefulness: null });
    for (const who of everyone.filter((w) => w !== r.chair).slice(0, 3))
      await submitClosingCheck(who, { ...r.ref, safety: 4, usefulness: 3 });
    expect((await getRoundRecord(r.chair, r.ref)).checks).toMatchObject({ count: 4, mine: true, safety: null });
    await submitClosingCheck(everyone[4], { ...r.ref, safety: 5, usefulness: 4 });
    const { checks } = await getRoundRecord(coach, r.ref);
    expect(checks.count).toBe(5);
    expect(checks.safety).not.toBeNull();
    expect(JSON.stringify(checks)).not.toContain("Veilig");
  });

  it("delete: only the inbrenger, once; the case content survives in no stored version nor document", async () => {
    const r = await finishedRound(3);
    const notes = await openRoundNotes(r.chair, r.ref);
    await r.act(r.chair, { type: "finish" });
    const { summaryDocId } = await getRoundRecord(r.chair, r.ref);
    const warm = await getRoundView(r.others[0], r.ref); // this node now holds the round in memory
    expect(warm.contributions.length).toBeGreaterThan(0);
    await expect(decideRecord(r.chair, { ...r.ref, choice: "delete" })).rejects.toMatchObject({ code: "forbidden" });
    await decideRecord(r.inbrenger, { ...r.ref, choice: "delete" });
    await expect(decideRecord(r.inbrenger, { ...r.ref, choice: "keep" })).rejects.toMatchObject({
      code: "conflict",
      issues: [{ code: "round_record_decided" }],
    });
    const stored = await allVersionsText(r.roundId);
    for (const text of [QUESTION, "Gesprek plannen", CASE, WHAT_I_DID]) expect(stored).not.toContain(text);
    const round = JSON.stringify(await Round.findById(r.roundId).lean());
    for (const text of [CASE, WHAT_I_DID]) expect(round).not.toContain(text);
    for (const docId of [notes.docId, summaryDocId!]) {
      expect(await CollabDocument.exists({ _id: docId })).toBeNull();
      expect(await DocUpdate.countDocuments({ docId })).toBe(0);
      expect(await DocSnapshot.countDocuments({ docId })).toBe(0);
      expect(await DocVersion.countDocuments({ docId })).toBe(0);
    }
    // the node that held it in memory, and a cold one, show the round without its content
    for (const ctx of [r.others[0], { ...r.others[0], node: createNodeState() }]) {
      const v = await getRoundView(ctx, r.ref);
      expect(v).toMatchObject({ status: "finished", contributions: [], whatIDid: null });
      expect(JSON.stringify(v)).not.toContain(CASE);
    }
    expect(await getRoundRecord(r.others[0], r.ref)).toMatchObject({
      decision: "delete",
      summaryDocId: null,
      notesDocId: null,
      canOpenNotes: false,
    });
    await expect(openRoundNotes(r.chair, r.ref)).rejects.toMatchObject({ code: "conflict" });
  });

  it("anonymise: the inbrenger's id, the case question and 'what I did' are gone; the others' contributions stay", async () => {
    const r = await finishedRound(3);
    await r.act(r.chair, { type: "finish" });
    await decideRecord(r.inbrenger, { ...r.ref, choice: "anonymise" });
    const stored = await allVersionsText(r.roundId);
    for (const text of [r.inbrenger.actor.id, CASE, WHAT_I_DID]) expect(stored).not.toContain(text);
    expect(stored).toContain(QUESTION);
    expect(JSON.stringify(await Round.findById(r.roundId).lean())).not.toContain(r.inbrenger.actor.id);
    const view = await getRoundView(r.chair, r.ref);
    expect(view.members.some((m) => m.userId === r.inbrenger.actor.id)).toBe(false);
    expect(view.members.find((m) => m.userId === NOBODY)).toBeTruthy();
    const { summaryDocId } = await getRoundRecord(r.chair, r.ref);
    const { ydoc } = await r.chair.node.collab.store.loadYDoc(summaryDocId!);
    const text = plainText(ydoc);
    expect(text).toContain(QUESTION);
    expect(text).not.toContain(CASE);
    // the inbrenger's own commitments stay theirs
    expect(await Commitment.countDocuments({ userId: r.inbrenger.actor.id })).toBe(2);
  });

  it("a meeting's agenda links a round and a group goal", async () => {
    const r = await finishedRound(3);
    const meeting = await Meeting.create({
      groupId: r.group._id,
      trajectoryId: r.trajectory._id,
      kind: "contact_day",
      startsAt: new Date("2027-01-12T08:00:00Z"),
      endsAt: new Date("2027-01-12T15:00:00Z"),
      place: "Gent",
    });
    const ids = { groupId: r.groupId, meetingId: String(meeting._id) };
    const goal = await proposeGoal(r.chair, {
      groupId: r.groupId,
      title: "Elke leerling gezien",
      criteria: ["Elke leerling heeft een mentor"],
    });
    await addAgendaItem(r.chair, { ...ids, title: "Terugblik", link: `round:${r.roundId}` });
    await addAgendaItem(r.chair, { ...ids, title: "Doel", link: `goal:${goal.id}` });
    const page = await getMeetingPage(r.inbrenger, ids);
    expect(page.agenda.map((i) => [i.link?.kind, i.link?.title, i.link?.href])).toEqual([
      ["round", CASE, `/groups/${r.groupId}/rounds/${r.roundId}`],
      ["goal", "Elke leerling gezien", `/groups/${r.groupId}/goals`],
    ]);
    const other = await buildGroup({ leaders: 1 });
    await expect(addAgendaItem(r.chair, { ...ids, title: "X", link: `round:${other.group._id}` })).rejects.toMatchObject({
      code: "invalid_input",
    });
  });
});

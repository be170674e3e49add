// The end of the trajectory (issue 15 item 7, decision 056): report, approval, continue or close.
import { describe, expect, it } from "vitest";
import { buildGroup, buildUser, ctxFor } from "../../test/factories";
import { applyDocUpdate } from "../document/collab.service";
import { createDocument } from "../document/document.service";
import { Group } from "../group/group.model";
import { decide } from "../group/group.policy";
import { consentToGuest, getGroupAccess, listMyGroups, setChair } from "../group/group.service";
import { proposeGoal } from "../goal/goal.service";
import { startThread } from "../thread/thread.service";
import { addAgendaItem } from "../meeting/meeting-content.service";
import { Meeting } from "../meeting/meeting.model";
import { EndVote } from "./continuation.model";
import {
  approveReport,
  compileReport,
  fixReport,
  getEndPage,
  inviteCoachBack,
  outcomeOf,
  setOrganiserView,
  takeChair,
  voteEnd,
} from "./continuation.service";

async function scene(leaders = 3) {
  const built = await buildGroup({ leaders, coaches: 1, name: "Leerkring Gent" });
  const groupId = String(built.group._id);
  return { ...built, groupId, coach: built.coaches[0] };
}

/** The coach compiles, a leader fixes version 1, everyone approves it. */
async function approvedReport(s: Awaited<ReturnType<typeof scene>>) {
  await compileReport(ctxFor(s.coach), { groupId: s.groupId });
  const { version } = await fixReport(ctxFor(s.leaders[0]), { groupId: s.groupId });
  for (const who of [...s.leaders.slice(1), s.coach]) await approveReport(ctxFor(who), { groupId: s.groupId, version });
  return version;
}

describe("the voting rule", () => {
  it("more than half of the active leaders settles; all voted and a tie continues; otherwise it waits", () => {
    expect(outcomeOf(5, 3, 0)).toBe("continue");
    expect(outcomeOf(5, 0, 3)).toBe("close");
    expect(outcomeOf(5, 2, 2)).toBeNull();
    expect(outcomeOf(4, 2, 2)).toBe("continue");
    expect(outcomeOf(4, 1, 2)).toBeNull();
    expect(outcomeOf(0, 0, 0)).toBeNull();
  });
});

describe("the end report", () => {
  it("is compiled from the group's goals and stories, edited, fixed and approved by every leader and the coach before the organiser sees it", async () => {
    const s = await scene();
    const [ann, ben, cas] = s.leaders;
    await proposeGoal(ctxFor(ann), { groupId: s.groupId, title: "Elke school een feedbackcultuur", criteria: "Twee klasbezoeken per lid" });
    await expect(compileReport(ctxFor(ann), { groupId: s.groupId })).rejects.toMatchObject({ code: "forbidden" }); // not the chair
    const { docId } = await compileReport(ctxFor(s.coach), { groupId: s.groupId });
    expect((await compileReport(ctxFor(s.coach), { groupId: s.groupId })).docId).toBe(docId); // once
    const page = await getEndPage(ctxFor(ben), { groupId: s.groupId });
    expect(page.report).toMatchObject({ docId, canFix: true, version: null });

    const { version } = await fixReport(ctxFor(ann), { groupId: s.groupId });
    let mine = await getEndPage(ctxFor(ann), { groupId: s.groupId });
    expect(mine.report.version).toMatchObject({ version: 1, iApproved: true, approved: false });
    expect(mine.report.version!.html).toContain("Elke school een feedbackcultuur");
    expect(mine.report.version!.waiting).toHaveLength(3);
    // The organiser sees nothing of it before everyone approved.
    expect((await getEndPage(ctxFor(s.organiser), { groupId: s.groupId })).report.version).toBeNull();
    await expect(voteEnd(ctxFor(ann), { groupId: s.groupId, choice: "continue" })).rejects.toMatchObject({
      issues: [{ code: "end_report_not_approved" }],
    });
    // A newer version in between: approving the old one is a conflict.
    await fixReport(ctxFor(ben), { groupId: s.groupId });
    await expect(approveReport(ctxFor(cas), { groupId: s.groupId, version })).rejects.toMatchObject({
      code: "conflict",
      meta: { reason: "report_changed" },
    });
    for (const who of [ann, cas, s.coach]) await approveReport(ctxFor(who), { groupId: s.groupId, version: 2 });
    mine = await getEndPage(ctxFor(ann), { groupId: s.groupId });
    expect(mine.report.version).toMatchObject({ approved: true });
    expect(mine.choice.canVote).toBe(true);
    expect((await getEndPage(ctxFor(s.organiser), { groupId: s.groupId })).report.version).toMatchObject({ version: 2, approved: true });
  });
});

describe("continuing", () => {
  it("a majority continues: the coach's access ends, the organiser sees nothing, a member takes the chair and the chair's rights pass", async () => {
    const s = await scene(3);
    const [ann, ben, cas] = s.leaders;
    const thread = await startThread(ctxFor(ann), { groupId: s.groupId, clientId: "end-keep", title: "Verder", text: "Wat houden we?" });
    await approvedReport(s);
    await voteEnd(ctxFor(ann), { groupId: s.groupId, choice: "continue" });
    await expect(voteEnd(ctxFor(ann), { groupId: s.groupId, choice: "close" })).rejects.toMatchObject({ meta: { reason: "end_voted" } });
    expect((await Group.findById(s.groupId).lean())!.phase).toBe("trajectory");
    await voteEnd(ctxFor(ben), { groupId: s.groupId, choice: "continue" });
    await expect(voteEnd(ctxFor(cas), { groupId: s.groupId, choice: "close" })).rejects.toMatchObject({
      meta: { reason: "end_already_chosen" },
    });

    const group = (await Group.findById(s.groupId).lean())!;
    expect(group).toMatchObject({ phase: "continued", status: "open", organiserView: false });
    // The coach and the organiser learn nothing; the group's content is all still there.
    await expect(getEndPage(ctxFor(s.coach), { groupId: s.groupId })).rejects.toMatchObject({ code: "not_found" });
    await expect(getEndPage(ctxFor(s.organiser), { groupId: s.groupId })).rejects.toMatchObject({ code: "not_found" });
    expect((await listMyGroups(ctxFor(s.organiser).actor)).map((g) => g.id)).not.toContain(s.groupId);
    expect(thread.seq).toBeGreaterThan(0);

    const page = await getEndPage(ctxFor(cas), { groupId: s.groupId });
    expect(page.choice.outcome).toMatchObject({ choice: "continue" });
    const order = page.continued!.schedule.map((x) => x.userId);
    expect(order.sort()).toEqual([ann, ben, cas].map((u) => String(u._id)).sort());
    const first = s.leaders.find((u) => String(u._id) === page.continued!.nextId)!;
    const second = s.leaders.find((u) => String(u._id) === page.continued!.schedule[1].userId)!;
    await expect(takeChair(ctxFor(second), { groupId: s.groupId })).rejects.toMatchObject({ issues: [{ code: "chair_not_your_turn" }] });
    await takeChair(ctxFor(first), { groupId: s.groupId });
    let access = (await getGroupAccess(ctxFor(first).actor, s.groupId))!.access;
    expect(decide(access, "prep.pick")).toBe("allow"); // the chair picks the case and chairs the round
    expect(decide(access, "guest.propose")).toBe("allow");
    await takeChair(ctxFor(second), { groupId: s.groupId });
    access = (await getGroupAccess(ctxFor(first).actor, s.groupId))!.access;
    expect(decide(access, "prep.pick")).toBe("forbidden");
    expect((await Group.findById(s.groupId).lean())!.chairId?.toString()).toBe(String(second._id));
  });

  it("the organiser sees the group again only while every leader consents", async () => {
    const s = await scene(2);
    const [ann, ben] = s.leaders;
    await approvedReport(s);
    await voteEnd(ctxFor(ann), { groupId: s.groupId, choice: "continue" });
    await voteEnd(ctxFor(ben), { groupId: s.groupId, choice: "close" }); // a tie once all voted: continue
    await setOrganiserView(ctxFor(ann), { groupId: s.groupId, share: "true" });
    await expect(getEndPage(ctxFor(s.organiser), { groupId: s.groupId })).rejects.toMatchObject({ code: "not_found" });
    await setOrganiserView(ctxFor(ben), { groupId: s.groupId, share: "true" });
    expect((await getEndPage(ctxFor(s.organiser), { groupId: s.groupId })).phase).toBe("continued");
    await setOrganiserView(ctxFor(ben), { groupId: s.groupId, share: "false" });
    await expect(getEndPage(ctxFor(s.organiser), { groupId: s.groupId })).rejects.toMatchObject({ code: "not_found" });
  });

  it("the chair invites the former coach back as a guest; every leader's consent admits them", async () => {
    const s = await scene(2);
    const [ann, ben] = s.leaders;
    await approvedReport(s);
    await voteEnd(ctxFor(ann), { groupId: s.groupId, choice: "continue" });
    await voteEnd(ctxFor(ben), { groupId: s.groupId, choice: "continue" });
    const page = await getEndPage(ctxFor(ann), { groupId: s.groupId });
    expect(page.continued!.formerCoaches.map((c) => c.userId)).toEqual([String(s.coach._id)]);
    const coachId = String(s.coach._id);
    await expect(inviteCoachBack(ctxFor(ann), { groupId: s.groupId, userId: coachId })).rejects.toMatchObject({ code: "forbidden" });
    const first = s.leaders.find((u) => String(u._id) === page.continued!.nextId)!;
    await takeChair(ctxFor(first), { groupId: s.groupId });
    await inviteCoachBack(ctxFor(first), { groupId: s.groupId, userId: coachId });
    await consentToGuest(ctxFor(ann), { groupId: s.groupId, userId: coachId });
    await expect(getEndPage(ctxFor(s.coach), { groupId: s.groupId })).rejects.toMatchObject({ code: "not_found" });
    await consentToGuest(ctxFor(ben), { groupId: s.groupId, userId: coachId });
    const access = (await getGroupAccess(ctxFor(s.coach).actor, s.groupId))!.access;
    expect(access.membership).toMatchObject({ role: "guest", status: "active" });
    expect(decide(access, "doc.write")).toBe("forbidden");
  });
});

describe("closing", () => {
  it("a majority closes: the group is archived and every write is refused with its reason, on every door's service", async () => {
    const s = await scene(3);
    const [ann, ben, cas] = s.leaders;
    const doc = await createDocument(ctxFor(ann), { groupId: s.groupId, title: "Notities" });
    await approvedReport(s);
    await voteEnd(ctxFor(ann), { groupId: s.groupId, choice: "close" });
    await voteEnd(ctxFor(ben), { groupId: s.groupId, choice: "close" });
    expect((await Group.findById(s.groupId).lean())!.status).toBe("closed");
    expect(await EndVote.countDocuments({ groupId: s.groupId })).toBe(2);
    const closed = { code: "forbidden", meta: { reason: "group_closed" } };
    await expect(
      startThread(ctxFor(cas), { groupId: s.groupId, clientId: "closed-1", title: "Nog iets", text: "Hallo" }),
    ).rejects.toMatchObject(closed);
    await expect(createDocument(ctxFor(cas), { groupId: s.groupId, title: "Nieuw" })).rejects.toMatchObject(closed);
    await expect(setChair(ctxFor(s.coach), { groupId: s.groupId, userId: String(cas._id) })).rejects.toMatchObject(closed);
    await expect(
      applyDocUpdate(ctxFor(ann), { groupId: s.groupId, docId: doc.id, clientId: "closed-u", update: new Uint8Array([0, 0]) }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(compileReport(ctxFor(s.coach), { groupId: s.groupId })).rejects.toMatchObject(closed);
    // The meeting page checks a closed group itself: the same reason.
    const meeting = await Meeting.create({
      groupId: s.group._id,
      kind: "contact_day",
      startsAt: new Date(Date.now() + 86_400_000),
      endsAt: new Date(Date.now() + 90_000_000),
    });
    await expect(
      addAgendaItem(ctxFor(s.coach), { groupId: s.groupId, meetingId: String(meeting._id), title: "Terugblik" }),
    ).rejects.toMatchObject(closed);
    // Reading stays: the report, the outcome.
    expect((await getEndPage(ctxFor(cas), { groupId: s.groupId })).choice.outcome).toMatchObject({ choice: "close" });
  });

  it("outsiders learn nothing of the end page", async () => {
    const s = await scene(1);
    await expect(getEndPage(ctxFor(await buildUser()), { groupId: s.groupId })).rejects.toMatchObject({ code: "not_found" });
    await expect(voteEnd(ctxFor(await buildUser()), { groupId: s.groupId, choice: "close" })).rejects.toMatchObject({ code: "not_found" });
    await expect(voteEnd(ctxFor(s.leaders[0]), { groupId: s.groupId, choice: "maybe" })).rejects.toMatchObject({
      code: "invalid_input",
      issues: [{ path: "choice", code: "end_unknown_choice" }],
    });
  });
});

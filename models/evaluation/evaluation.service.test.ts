import { describe, expect, it } from "vitest";
import { addMembership, buildGroup, buildUser, ctxFor, TEST_APP_URL, testNode } from "../../test/factories";
import type { OutgoingMail } from "../shared/context";
import { Group } from "../group/group.model";
import { actOnRound, createRound } from "../intervision/round.service";
import { Meeting } from "../meeting/meeting.model";
import { mailImmediate, setMailPrefs } from "../notify/notify.service";
import { Notification } from "../thread/thread.model";
import { Trajectory } from "../trajectory/trajectory.model";
import { EvaluationResponse } from "./evaluation.model";
import {
  getCheck,
  groupEvaluation,
  organiserEvaluation,
  organiserEvaluationCsv,
  queueEvaluationReminders,
  setShareConsent,
  evaluationReportBlocks,
  submitCheck,
} from "./evaluation.service";
import { itemsOf } from "./instrument.inputs";
import { INSTRUMENTS } from "./instruments.constants";

const DAY = 86_400_000;
const ENDED = new Date("2027-01-12T15:00:00Z");
const DURING = new Date(ENDED.getTime() + 2 * DAY);
const AFTER = new Date(ENDED.getTime() + 20 * DAY);

const scores = (v: number) => Object.fromEntries(itemsOf(INSTRUMENTS["reaction-meeting"]).map((i) => [i.id, v]));

async function groupWithMeeting(leaders: number, opts: Parameters<typeof buildGroup>[0] = {}) {
  const built = await buildGroup({ leaders, coaches: 1, ...opts });
  const meeting = await Meeting.create({
    groupId: built.group._id,
    trajectoryId: built.trajectory._id,
    kind: "contact_day",
    startsAt: new Date(ENDED.getTime() - 7 * 3_600_000),
    endsAt: ENDED,
  });
  return { ...built, groupId: String(built.group._id), occasion: `meeting-${meeting._id}`, meeting };
}

/** The first `n` leaders answer the meeting's check (each 1..5 in turn). */
async function answer(g: Awaited<ReturnType<typeof groupWithMeeting>>, n: number) {
  for (const [i, u] of g.leaders.slice(0, n).entries())
    await submitCheck(ctxFor(u), { groupId: g.groupId, occasion: g.occasion, scores: scores((i % 5) + 1), line: "Sterk" }, DURING);
}

describe("the reaction check (item 1)", () => {
  it("is answered once per person and occasion, even twice at once", async () => {
    const g = await groupWithMeeting(5);
    const ann = ctxFor(g.leaders[0]);
    const input = { groupId: g.groupId, occasion: g.occasion, scores: scores(4), line: "" };
    const results = await Promise.allSettled([submitCheck(ann, input, DURING), submitCheck(ann, input, DURING)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "conflict" } });
    expect(await EvaluationResponse.countDocuments({ groupId: g.group._id })).toBe(1);
    expect(await getCheck(ann, { groupId: g.groupId, occasion: g.occasion }, DURING)).toMatchObject({
      state: "answered",
      answered: 1,
      asked: 5,
    });
  });

  it("asks every statement, only while open, only the group's leaders; outsiders learn nothing", async () => {
    const g = await groupWithMeeting(5);
    const ann = ctxFor(g.leaders[0]);
    const base = { groupId: g.groupId, occasion: g.occasion, line: "" };
    const partial = scores(3);
    delete partial.safety_1;
    delete partial.motivation_1;
    await expect(submitCheck(ann, { ...base, scores: partial }, DURING)).rejects.toMatchObject({
      code: "invalid_input",
      issues: [{ path: "s:motivation_1", code: "evaluation_score" }],
    });
    await expect(submitCheck(ann, { ...base, scores: { ...scores(3), motivation_1: 6 } }, DURING)).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(submitCheck(ann, { ...base, scores: scores(3) }, AFTER)).rejects.toMatchObject({
      code: "conflict",
      issues: [{ code: "evaluation_closed" }],
    });
    await expect(submitCheck(ann, { ...base, scores: scores(3) }, new Date(ENDED.getTime() - 3_600_000))).rejects.toMatchObject({
      code: "conflict",
      issues: [{ code: "evaluation_not_yet" }],
    });
    await expect(submitCheck(ctxFor(g.coaches[0]), { ...base, scores: scores(3) }, DURING)).rejects.toMatchObject({
      code: "forbidden",
    });
    const guest = await buildUser();
    await addMembership(g.group, guest, { role: "guest", status: "active" });
    await expect(getCheck(ctxFor(guest), { groupId: g.groupId, occasion: g.occasion }, DURING)).rejects.toMatchObject({
      code: "forbidden",
    });
    const outsider = ctxFor(await buildUser());
    await expect(getCheck(outsider, { groupId: g.groupId, occasion: g.occasion }, DURING)).rejects.toMatchObject({ code: "not_found" });
    await expect(getCheck(ctxFor(g.organiser), { groupId: g.groupId, occasion: g.occasion }, DURING)).rejects.toMatchObject({
      code: "forbidden",
    });
    // Another group's meeting is no occasion of this group.
    const other = await groupWithMeeting(1);
    await expect(getCheck(ann, { groupId: g.groupId, occasion: other.occasion }, DURING)).rejects.toMatchObject({ code: "not_found" });
    expect(await EvaluationResponse.countDocuments({})).toBe(0);
  });
});

describe("the round's reaction check (item 1)", () => {
  it("asks the round's participants, with felt safety", async () => {
    const g = await groupWithMeeting(3);
    const [a, b, c] = g.leaders.map((u) => ctxFor(u));
    const { id: roundId } = await createRound(a, {
      groupId: g.groupId,
      protocol: "balint",
      inbrengerId: b.actor.id,
      caseQuestion: "Hoe houd ik het overzicht?",
      memberIds: [a.actor.id, b.actor.id],
    });
    const occasion = `round-${roundId}`;
    expect(await getCheck(a, { groupId: g.groupId, occasion })).toMatchObject({ state: "not_yet" });
    await actOnRound(a, { groupId: g.groupId, roundId, action: { type: "start" } });
    await actOnRound(a, { groupId: g.groupId, roundId, action: { type: "finish" } });
    const check = await getCheck(b, { groupId: g.groupId, occasion });
    expect(check).toMatchObject({ state: "open", asked: 2, instrument: { id: "reaction-round" } });
    const all = Object.fromEntries(itemsOf(INSTRUMENTS["reaction-round"]).map((i) => [i.id, 4]));
    await expect(submitCheck(b, { groupId: g.groupId, occasion, scores: scores(4), line: "" })).rejects.toMatchObject({
      issues: [{ path: "s:safety_1" }],
    });
    await submitCheck(b, { groupId: g.groupId, occasion, scores: all, line: "" });
    await expect(submitCheck(c, { groupId: g.groupId, occasion, scores: all, line: "" })).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("the group's own figures (decision 053)", () => {
  it("a group of five leaders where one did not answer sees counts but no figures; five answers show them, once closed", async () => {
    const g = await groupWithMeeting(6);
    const ann = ctxFor(g.leaders[0]);
    await answer(g, 4);
    let view = await groupEvaluation(ann, { groupId: g.groupId }, AFTER);
    let [p] = view.reaction.meetings.points;
    expect(p).toMatchObject({ status: "closed", answered: 4, asked: 6 });
    expect(Object.values(p.means).every((m) => m === null)).toBe(true);
    expect(view.reaction.meetings.chart.series.every((s) => s.dots.length === 0)).toBe(true);

    await submitCheck(ctxFor(g.leaders[4]), { groupId: g.groupId, occasion: g.occasion, scores: scores(5), line: "" }, DURING);
    // While the check is open nothing shows, so no figure changes as the answers come in.
    [p] = (await groupEvaluation(ann, { groupId: g.groupId }, DURING)).reaction.meetings.points;
    expect(p.status).toBe("open");
    expect(Object.values(p.means).every((m) => m === null)).toBe(true);
    view = await groupEvaluation(ann, { groupId: g.groupId }, AFTER);
    [p] = view.reaction.meetings.points;
    // 1, 2, 3, 4 and 5: a mean of 3.
    expect(p.means).toMatchObject({ motivation: 3, satisfaction: 3, task_cohesion: 3 });
    expect(JSON.stringify(view)).not.toContain("Sterk");
  });

  it("the end report's section shows an occasion's figures from five answers on, never the lines written", async () => {
    const g = await groupWithMeeting(6);
    await answer(g, 4);
    const text = async () => JSON.stringify(await evaluationReportBlocks(g.groupId, "nl", AFTER));
    expect(await text()).toContain("Nog geen cijfers");
    await submitCheck(ctxFor(g.leaders[4]), { groupId: g.groupId, occasion: g.occasion, scores: scores(5), line: "" }, DURING);
    const five = await text();
    expect(five).toContain("Korte check na de bijeenkomst (1 afgesloten meting)");
    expect(five).toContain("3,0");
    expect(five).not.toContain("Sterk");
  });
});

describe("the organiser's view (item 6, decision 053)", () => {
  async function trajectoryOf(sizes: number[]) {
    const first = await groupWithMeeting(sizes[0]);
    const rest = [];
    for (const n of sizes.slice(1)) {
      const g = await groupWithMeeting(n, { organiser: first.organiser });
      await Group.updateOne({ _id: g.group._id }, { $set: { trajectoryId: first.trajectory._id } });
      rest.push(g);
    }
    const org = ctxFor(first.organiser);
    const view = (now = AFTER) => organiserEvaluation(org, { trajectoryId: String(first.trajectory._id) }, now);
    return { groups: [first, ...rest], org, view };
  }
  const quarterDone = new Date("2027-04-20T00:00:00Z");

  it("four answers show nothing, five show the total, and never a group's own without its consent", async () => {
    const { groups, view } = await trajectoryOf([5, 5]);
    await answer(groups[0], 2);
    await answer(groups[1], 2);
    expect((await view(quarterDone)).rows).toEqual([]);
    await answer({ ...groups[1], leaders: groups[1].leaders.slice(2) }, 1);
    let rows = (await view(quarterDone)).rows;
    expect(rows.length).toBe(6);
    expect(rows.every((r) => r.group === null && r.n === 5 && r.period === "2027-Q1")).toBe(true);
    // Before the quarter's answering ended: nothing.
    expect((await view(new Date("2027-03-30T00:00:00Z"))).rows).toEqual([]);
    // Group 0 has 2 answers, group 1 has 3: neither shows, whatever they share.
    for (const g of groups) for (const u of g.leaders) await setShareConsent(ctxFor(u), { groupId: g.groupId, consent: true });
    rows = (await view(quarterDone)).rows;
    expect(rows.every((r) => r.group === null)).toBe(true);
  });

  it("no figure by subtraction: a sharing group is hidden when the rest would be one group or fewer than five", async () => {
    const { groups, view } = await trajectoryOf([5, 5, 5]);
    const [a, b, c] = groups;
    await answer(a, 5);
    await answer(b, 5);
    for (const u of a.leaders) await setShareConsent(ctxFor(u), { groupId: a.groupId, consent: "true" });
    // A shares, B does not: total − A would be B's own figure.
    let d = await view(quarterDone);
    expect(d.sharing).toEqual([a.group.name]);
    expect(d.rows.filter((r) => r.group !== null)).toEqual([]);
    // C answers 3: the rest (B + C) is 8 answers from two groups: A may show.
    await answer(c, 3);
    d = await view(quarterDone);
    expect(new Set(d.rows.filter((r) => r.group !== null).map((r) => r.group))).toEqual(new Set([a.group.name]));
    expect(d.rows.find((r) => r.group === null)?.n).toBe(13);
    // One leader of A withdraws: A no longer shares.
    await setShareConsent(ctxFor(a.leaders[0]), { groupId: a.groupId, consent: false });
    d = await view(quarterDone);
    expect(d.sharing).toEqual([]);
    expect(d.rows.filter((r) => r.group !== null)).toEqual([]);
    const csv = await organiserEvaluationCsv(ctxFor(a.organiser), { trajectoryId: String(a.trajectory._id) }, quarterDone);
    expect(csv.split("\r\n")[0]).toBe("period,instrument,indicator,group,n,mean");
    expect(csv).not.toContain("Sterk");
    for (const u of [...a.leaders, ...b.leaders]) expect(csv).not.toContain(u.name);
  });

  it("is the trajectory's organiser's only", async () => {
    const { groups } = await trajectoryOf([5]);
    const id = String(groups[0].trajectory._id);
    for (const who of [groups[0].leaders[0], groups[0].coaches[0], (await buildGroup()).organiser])
      await expect(organiserEvaluation(ctxFor(who), { trajectoryId: id })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("the reminder (item 1)", () => {
  it("is written once per person who has not answered, even when two runs meet, and mailed per the member's choice", async () => {
    const g = await groupWithMeeting(3);
    await answer(g, 1);
    const at = new Date(ENDED.getTime() + DAY);
    expect(await queueEvaluationReminders(new Date(ENDED.getTime() + 3_600_000))).toBe(0);
    await Promise.all([queueEvaluationReminders(at), queueEvaluationReminders(at)]);
    await queueEvaluationReminders(new Date(at.getTime() + 3_600_000));
    const ns = await Notification.find({ groupId: g.group._id, change: "reaction" }).lean();
    expect(ns.map((n) => String(n.userId)).sort()).toEqual(
      g.leaders
        .slice(1)
        .map((u) => String(u._id))
        .sort(),
    );
    expect(ns.every((n) => n.occasion === g.occasion)).toBe(true);

    await setMailPrefs(ctxFor(g.leaders[2]), {
      mention: "immediately",
      reply: "daily",
      meeting: "off",
      case: "immediately",
      plan: "immediately",
    });
    const mails: OutgoingMail[] = [];
    await mailImmediate({ sendMail: async (m) => void mails.push(m), appUrl: TEST_APP_URL, node: testNode(), secret: "s".repeat(32) }, at);
    expect(mails.map((m) => m.to)).toEqual([g.leaders[1].email]);
    expect(mails[0].text).toContain(`${TEST_APP_URL}/groups/${g.groupId}/evaluation/${g.occasion}`);
  });

  it("reminds of an open moment's questionnaire", async () => {
    const g = await groupWithMeeting(2);
    await Trajectory.updateOne({ _id: g.trajectory._id }, { $set: { startDate: new Date("2026-09-01T12:00:00Z") } });
    // culture-1 opens 45 days after 1 September; its reminder a week later.
    const now = new Date("2026-10-24T10:00:00Z");
    await queueEvaluationReminders(now);
    const ns = await Notification.find({ groupId: g.group._id, occasion: "moment-culture-1" }).lean();
    expect(ns).toHaveLength(2);
    const check = await getCheck(ctxFor(g.leaders[0]), { groupId: g.groupId, occasion: "moment-culture-1" }, now);
    expect(check).toMatchObject({ state: "open", instrument: { id: "culture" } });
  });
});

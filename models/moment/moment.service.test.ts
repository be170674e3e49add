// Planning a network moment (issue 16 item 1, decision 066): who may plan, edit, name and see; what
// the invited hear; the audit log; the reminders; the second factor of a named facilitator.
import { describe, expect, it } from "vitest";
import { addMembership, buildGroup, buildOrganiser, buildUser, ctxFor } from "../../test/factories";
import { AuditEvent } from "../audit/audit.model";
import { Group } from "../group/group.model";
import { isSecondFactorRequired } from "../mfa/mfa.service";
import { mailImmediate } from "../notify/notify.service";
import { Notification } from "../thread/thread.model";
import { Breakout, BreakoutSeat, Moment, seatId } from "./moment.model";
import { queueMomentReminders } from "./moment.reminders";
import {
  cancelMoment,
  createMoment,
  getMomentPlan,
  listMyMoments,
  listTrajectoryMoments,
  nameFacilitator,
  removeFacilitator,
  updateMoment,
} from "./moment.service";
import { momentCalendar } from "./moment.calendar";
import { oid } from "../shared/oid";

const NOW = new Date("2027-03-01T08:00:00Z");

/** A trajectory with two groups (A: 2 leaders and a coach; B: 1 leader and a guest), an outsider
 *  group in another trajectory, and someone with an account who is in none of them. */
async function scene() {
  const a = await buildGroup({ leaders: 2, coaches: 1, name: "Leergroep Gent" });
  const b = await Group.create({ trajectoryId: a.trajectory._id, name: "Leergroep Brugge", charterVersion: 1 });
  const [bea, guest] = [await buildUser(), await buildUser()];
  await addMembership(b, bea, { role: "leader", status: "active" });
  await addMembership(b, guest, { role: "guest", status: "active" });
  const other = await buildGroup({ leaders: 1 });
  const trainer = await buildUser({ email: "trainer@example.test" });
  return { ...a, b, bea, guest, other, trainer };
}

const plan = (groupIds: unknown[], fields: Record<string, unknown> = {}) => ({
  title: "Netwerkmoment voorjaar",
  date: "2027-03-18",
  time: "13:00",
  place: "Gent, De Krook",
  agenda: "We openen samen, praten aan tafels en oogsten.",
  groupIds: groupIds.map(String),
  blocks: [
    { kind: "plenary", title: "Welkom", minutes: 30 },
    { kind: "breakouts", title: "Tafelgesprekken", minutes: 45, rule: "mixed", size: 4, protocolId: "troika" },
    { kind: "break", title: "Pauze", minutes: 15 },
    { kind: "breakouts", title: "Thema's", minutes: 45, rule: "theme", size: 5, themes: ["Lerarentekort", "Welzijn"] },
    { kind: "plenary", title: "Oogst", minutes: 30 },
  ],
  ...fields,
});

const notified = async (momentId: string) => (await Notification.find({ momentId }).lean()).map((n) => `${n.userId}:${n.change}`).sort();

describe("planning a network moment", () => {
  it("an organiser plans one for the trajectory's groups: the blocks with their times, the audit log, the invited told", async () => {
    const s = await scene();
    const org = ctxFor(s.organiser);
    const { id } = await createMoment(org, { trajectoryId: String(s.trajectory._id), ...plan([s.group._id, s.b._id]) }, NOW);
    const m = (await Moment.findById(id).lean())!;
    // 13:00 in Brussels is 12:00 UTC in March.
    expect(m.startsAt.toISOString()).toBe("2027-03-18T12:00:00.000Z");
    expect(m.blocks.map((x) => [x.kind, x.minutes, x.rule, x.size, x.themes ?? [], x.protocolId])).toEqual([
      ["plenary", 30, null, null, [], null],
      ["breakouts", 45, "mixed", 4, [], "troika"],
      ["break", 15, null, null, [], null],
      ["breakouts", 45, "theme", 5, ["Lerarentekort", "Welzijn"], null],
      ["plenary", 30, null, null, [], null],
    ]);
    expect(new Set(m.blocks.map((x) => x._id)).size).toBe(5);
    // The invited: both groups' active leaders and coaches (not the guest, not the organiser).
    const invited = [...s.leaders, ...s.coaches, s.bea].map((u) => `${u._id}:added`).sort();
    expect(await notified(id)).toEqual(invited);
    expect(await AuditEvent.countDocuments({ trajectoryId: s.trajectory._id, type: "moment_planned" })).toBe(1);

    const page = await listTrajectoryMoments(org, { trajectoryId: String(s.trajectory._id) }, NOW);
    expect(page.upcoming.map((x) => x.id)).toEqual([id]);
    expect(page.upcoming[0].endsAt).toBe("2027-03-18T14:45:00.000Z");
    expect(page.upcoming[0].blocks.map((x) => x.startsAt.slice(11, 16))).toEqual(["12:00", "12:30", "13:15", "13:30", "14:15"]);
    expect(page.groups.map((g) => g.name)).toEqual(["Leergroep Brugge", "Leergroep Gent"]);
  });

  it("refuses what does not fit, changing nothing: a group of another trajectory, a start in the past, blocks out of bounds", async () => {
    const s = await scene();
    const org = ctxFor(s.organiser);
    const trajectoryId = String(s.trajectory._id);
    const refused = async (input: unknown) => {
      const e = await createMoment(org, { trajectoryId, ...(input as object) }, NOW).catch((x) => x);
      expect(e.code).toBe("invalid_input");
      return e.issues.map((i: { path: string; code: string }) => `${i.path}:${i.code}`);
    };
    expect(await refused(plan([s.other.group._id]))).toEqual(["groupIds:moment_groups"]);
    expect(await refused(plan([s.group._id], { date: "2027-02-01" }))).toEqual(["date:moment_in_past"]);
    expect(await refused(plan([s.group._id], { blocks: [{ kind: "plenary", title: "Te kort", minutes: 3 }] }))).toEqual([
      "blocks:moment_minutes",
    ]);
    expect(
      await refused(plan([s.group._id], { blocks: [{ kind: "breakouts", title: "Tafels", minutes: 30, rule: "mixed", size: 40 }] })),
    ).toEqual(["blocks:moment_size"]);
    expect(
      await refused(
        plan([s.group._id], { blocks: [{ kind: "breakouts", title: "Tafels", minutes: 30, rule: "theme", size: 4, themes: ["Eén"] }] }),
      ),
    ).toEqual(["blocks:moment_themes"]);
    expect(
      await refused(
        plan([s.group._id], {
          blocks: [{ kind: "breakouts", title: "Tafels", minutes: 30, rule: "mixed", size: 4, protocolId: "incident" }],
        }),
      ),
    ).toEqual(["blocks:invalid"]);
    expect(await refused(plan([s.group._id], { blocks: [] }))).toEqual(["blocks:moment_blocks"]);
    expect(await Moment.countDocuments({})).toBe(0);
  });

  it("who may plan, edit and see: outsiders and another trajectory's organiser not_found, a participant forbidden", async () => {
    const s = await scene();
    const org = ctxFor(s.organiser);
    const { id } = await createMoment(org, { trajectoryId: String(s.trajectory._id), ...plan([s.group._id]) }, NOW);
    const otherOrganiser = ctxFor(s.other.organiser);
    const outsider = ctxFor(s.other.leaders[0]);
    const leader = ctxFor(s.leaders[0]);
    const bea = ctxFor(s.bea); // a leader of a group of the trajectory that is not invited
    const code = (p: Promise<unknown>) => p.then(() => "ok").catch((e) => e.code);
    const edit = { momentId: id, ...plan([s.group._id], { title: "Gekaapt" }) };
    for (const who of [otherOrganiser, outsider, bea]) {
      expect(await code(createMoment(who, { trajectoryId: String(s.trajectory._id), ...plan([s.group._id]) }, NOW))).toBe("not_found");
      expect(await code(listTrajectoryMoments(who, { trajectoryId: String(s.trajectory._id) }, NOW))).toBe("not_found");
      expect(await code(updateMoment(who, edit, NOW))).toBe("not_found");
      expect(await code(getMomentPlan(who, { momentId: id }))).toBe("not_found");
      expect(await code(cancelMoment(who, { momentId: id }))).toBe("not_found");
      expect(await code(nameFacilitator(who, { momentId: id, email: "trainer@example.test" }))).toBe("not_found");
      expect(await code(momentCalendar(who, { momentId: id }))).toBe("not_found");
      expect((await listMyMoments(who, NOW)).upcoming).toEqual([]);
    }
    expect(await code(createMoment(leader, { trajectoryId: String(s.trajectory._id), ...plan([s.group._id]) }, NOW))).toBe("not_found");
    expect(await code(updateMoment(leader, edit, NOW))).toBe("forbidden");
    expect(await code(getMomentPlan(leader, { momentId: id }))).toBe("forbidden");
    expect(await code(cancelMoment(leader, { momentId: id }))).toBe("forbidden");
    expect(await code(nameFacilitator(leader, { momentId: id, email: "trainer@example.test" }))).toBe("forbidden");
    expect((await Moment.findById(id).lean())!.title).toBe("Netwerkmoment voorjaar");
    // The participant sees it among their moments, with its agenda, and gets its calendar file.
    const mine = await listMyMoments(leader, NOW);
    expect(mine.upcoming.map((x) => [x.id, x.role, x.agenda])).toEqual([
      [id, "participant", "We openen samen, praten aan tafels en oogsten."],
    ]);
    const ics = await momentCalendar(leader, { momentId: id });
    expect(ics).toContain("SUMMARY:Netwerkmoment voorjaar");
    expect(ics).toContain(`/moments/${id}`);
    expect(ics).not.toContain("tafels en oogsten");
  });

  it("a facilitator edits the plan: blocks keep their ids, a moved start tells those invited, a new group hears of it", async () => {
    const s = await scene();
    const org = ctxFor(s.organiser);
    const { id } = await createMoment(org, { trajectoryId: String(s.trajectory._id), ...plan([s.group._id]) }, NOW);
    const before = (await Moment.findById(id).lean())!;
    await Notification.deleteMany({});
    const kept = before.blocks.map((b) => ({
      id: b._id,
      kind: b.kind,
      title: b.title,
      minutes: b.minutes,
      rule: b.rule,
      size: b.size,
      themes: b.themes ?? [],
      protocolId: b.protocolId,
    }));
    // Reordered: the break first, the last plenary removed, a new plenary added.
    const blocks = [kept[2], kept[0], kept[1], kept[3], { kind: "plenary", title: "Afsluiting", minutes: 20 }];
    await updateMoment(org, { momentId: id, ...plan([s.group._id, s.b._id], { time: "14:00", blocks }) }, NOW);
    const after = (await Moment.findById(id).lean())!;
    expect(after.blocks.slice(0, 4).map((b) => b._id)).toEqual([
      before.blocks[2]._id,
      before.blocks[0]._id,
      before.blocks[1]._id,
      before.blocks[3]._id,
    ]);
    expect(after.blocks[4]._id).not.toBe(before.blocks[4]._id);
    expect(after.startsAt.toISOString()).toBe("2027-03-18T13:00:00.000Z");
    expect(await notified(id)).toEqual([...[...s.leaders, ...s.coaches].map((u) => `${u._id}:moved`), `${s.bea._id}:added`].sort());
    expect(await AuditEvent.countDocuments({ trajectoryId: s.trajectory._id, type: "moment_changed" })).toBe(1);

    // A block whose breakouts were composed stays.
    await Breakout.create({ momentId: after._id, blockId: after.blocks[2]._id, index: 1 });
    const without = after.blocks
      .filter((_, i) => i !== 2)
      .map((b) => ({
        id: b._id,
        kind: b.kind,
        title: b.title,
        minutes: b.minutes,
        rule: b.rule,
        size: b.size,
        themes: b.themes ?? [],
        protocolId: b.protocolId,
      }));
    const e = await updateMoment(org, { momentId: id, ...plan([s.group._id], { blocks: without }) }, NOW).catch((x) => x);
    expect([e.code, e.meta?.reason]).toEqual(["conflict", "moment_block_composed"]);
  });

  it("an organiser names a facilitator (who then needs a second factor and may edit, not name); cancelling tells the invited", async () => {
    const s = await scene();
    const org = ctxFor(s.organiser);
    const { id } = await createMoment(org, { trajectoryId: String(s.trajectory._id), ...plan([s.group._id]) }, NOW);
    expect(await isSecondFactorRequired(s.trainer)).toBe(false);
    const bad = await nameFacilitator(org, { momentId: id, email: "nobody@example.test" }).catch((x) => x);
    expect(bad.issues).toEqual([{ path: "email", code: "moment_no_account" }]);
    await nameFacilitator(org, { momentId: id, email: "Trainer@Example.test" });
    expect(await isSecondFactorRequired(s.trainer)).toBe(true);
    expect((await Notification.findOne({ userId: s.trainer._id, momentId: id }).lean())?.change).toBe("facilitator");
    const trainer = ctxFor(s.trainer);
    const planDto = await getMomentPlan(trainer, { momentId: id });
    expect([planDto.canName, planDto.facilitators.map((f) => f.id), planDto.participantCount]).toEqual([false, [String(s.trainer._id)], 3]);
    expect(planDto.local).toEqual({ date: "2027-03-18", time: "13:00" });
    expect((await listMyMoments(trainer, NOW)).upcoming.map((x) => x.role)).toEqual(["facilitator"]);
    await updateMoment(trainer, { momentId: id, ...plan([s.group._id], { title: "Netwerkmoment lente" }) }, NOW);
    const named = await nameFacilitator(trainer, { momentId: id, email: "trainer@example.test" }).catch((x) => x);
    expect(named.code).toBe("forbidden");

    await Notification.deleteMany({});
    await cancelMoment(trainer, { momentId: id });
    expect(await notified(id)).toEqual([...s.leaders, ...s.coaches].map((u) => `${u._id}:cancelled`).sort());
    // To the participants it is gone; the facilitators still see it, marked.
    expect((await listMyMoments(ctxFor(s.leaders[0]), NOW)).upcoming).toEqual([]);
    expect((await listMyMoments(org, NOW)).upcoming.map((x) => x.status)).toEqual(["cancelled"]);
    // A cancelled moment no longer asks its named facilitator for a second factor.
    expect(await isSecondFactorRequired(s.trainer)).toBe(false);
    await removeFacilitator(org, { momentId: id, userId: String(s.trainer._id) }).catch(() => undefined);
    expect(
      await AuditEvent.countDocuments({ trajectoryId: s.trajectory._id, type: { $in: ["moment_facilitator_named", "moment_cancelled"] } }),
    ).toBe(2);
  });

  it("the mail tells each of the invited; a reminder the day before goes once to participants and facilitators", async () => {
    const s = await scene();
    const org = ctxFor(s.organiser);
    const { id } = await createMoment(org, { trajectoryId: String(s.trajectory._id), ...plan([s.group._id]) }, NOW);
    const mailer = { ...org, secret: "moment-mail-secret-0123456789abcdefghij" };
    await mailImmediate(mailer, new Date(Date.now() + 1000));
    const mail = org.mails.find((x) => x.to === s.leaders[0].email);
    expect(mail?.text).toContain("Netwerkmoment voorjaar");
    expect(mail?.text).toContain(`/moments/${id}`);

    const dayBefore = new Date("2027-03-17T13:00:00Z");
    const [x, y] = await Promise.all([queueMomentReminders(dayBefore), queueMomentReminders(dayBefore)]);
    const reminded = (await Notification.find({ momentId: id, change: "reminder" }).lean()).map((n) => String(n.userId)).sort();
    expect(reminded).toEqual([...s.leaders, ...s.coaches, s.organiser].map((u) => String(u._id)).sort());
    expect(x + y).toBeGreaterThanOrEqual(reminded.length);
    expect(await queueMomentReminders(dayBefore)).toBe(0);
    expect(await queueMomentReminders(new Date("2027-03-15T13:00:00Z"))).toBe(0);
  });

  it("whoever a change takes out of the moment leaves its rooms and documents at once; every node forgets the documents' access", async () => {
    const s = await scene();
    const org = ctxFor(s.organiser);
    const { id } = await createMoment(org, { trajectoryId: String(s.trajectory._id), ...plan([s.group._id, s.b._id]) }, NOW);
    const blockId = (await Moment.findById(id).lean())!.blocks[1]._id;
    const breakout = await Breakout.create({ momentId: oid(id), blockId, index: 1 });
    await BreakoutSeat.create({
      _id: seatId(id, blockId, s.bea._id),
      momentId: oid(id),
      blockId,
      userId: s.bea._id,
      breakoutId: breakout._id,
    });
    const p = org.publisher;
    // What this node keeps of someone's access to the notes and the board, forgotten after each change.
    const cache = org.node.scopes;
    const scopes = [id, String(breakout._id)];
    const keep = () => {
      for (const scope of scopes) cache.put(scope, String(s.bea._id), cache.ticket(scope), { kind: "board", canWrite: true });
    };
    const forgotten = () => scopes.every((scope) => cache.get(scope, String(s.bea._id)) === undefined);
    keep();
    await nameFacilitator(org, { momentId: id, email: "trainer@example.test" });
    expect(forgotten()).toBe(true);
    keep();

    // Group B taken out: Bea leaves the moment, its breakout's room and the documents; group A stays.
    p.clear();
    const blocks = (await Moment.findById(id).lean())!.blocks.map((b) => ({ ...b, id: b._id, themes: b.themes ?? [] }));
    await updateMoment(org, { momentId: id, ...plan([s.group._id], { blocks }) }, NOW);
    // (Those still in it are read again too: out of the facilitators' room, keeping their own board.)
    expect(p.of("leaveMoment").filter((c) => "breakoutIds" in c.what)).toEqual([
      { method: "leaveMoment", userId: String(s.bea._id), momentId: id, what: { breakoutIds: [String(breakout._id)] } },
    ]);
    expect(forgotten()).toBe(true);
    keep();

    // The named facilitator taken off: out of the moment (they are in no invited group).
    p.clear();
    await removeFacilitator(org, { momentId: id, userId: String(s.trainer._id) });
    expect(p.of("leaveMoment").flatMap((c) => ("breakoutIds" in c.what ? [[c.userId, c.what]] : []))).toEqual([
      [String(s.trainer._id), { breakoutIds: [String(breakout._id)] }],
    ]);
    expect(p.of("leaveBoard")).toEqual([]);
    expect(forgotten()).toBe(true);
    keep();

    // A leader of group A named and taken off again: a participant now, out of the facilitators' room and every board.
    await nameFacilitator(org, { momentId: id, email: s.leaders[0].email });
    p.clear();
    await removeFacilitator(org, { momentId: id, userId: String(s.leaders[0]._id) });
    expect(p.of("leaveMoment").filter((c) => "breakoutIds" in c.what)).toEqual([]);
    expect(p.of("leaveBoard").map((c) => [c.userId, c.breakoutId])).toEqual([[String(s.leaders[0]._id), String(breakout._id)]]);

    // Cancelled: every participant leaves; the organiser (a facilitator) stays.
    p.clear();
    await cancelMoment(org, { momentId: id });
    expect(
      p
        .of("leaveMoment")
        .map((c) => c.userId)
        .sort(),
    ).toEqual([...s.leaders, ...s.coaches].map((u) => String(u._id)).sort());
    expect(forgotten()).toBe(true);
  });

  it("lists stay bounded: an organiser of two trajectories sees each one's moments on its own page", async () => {
    const organiser = await buildOrganiser();
    const one = await buildGroup({ leaders: 1, organiser });
    const two = await buildGroup({ leaders: 1, organiser });
    const org = ctxFor(organiser);
    await createMoment(org, { trajectoryId: String(one.trajectory._id), ...plan([one.group._id], { title: "Eén" }) }, NOW);
    await createMoment(org, { trajectoryId: String(two.trajectory._id), ...plan([two.group._id], { title: "Twee" }) }, NOW);
    const titles = async (t: { _id: unknown }) =>
      (await listTrajectoryMoments(org, { trajectoryId: String(t._id) }, NOW)).upcoming.map((m) => m.title);
    expect([await titles(one.trajectory), await titles(two.trajectory)]).toEqual([["Eén"], ["Twee"]]);
    expect((await listMyMoments(org, NOW)).upcoming.map((m) => m.title).sort()).toEqual(["Eén", "Twee"]);
    expect((await listMyMoments(org, new Date("2027-06-01T00:00:00Z"))).past.map((m) => m.title).sort()).toEqual(["Eén", "Twee"]);
  });
});

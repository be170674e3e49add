// The demo seed (scripts/seed.ts) against this worker's database: the first demo login finds a
// lived-in group (threads with replies, a mention in the inbox, unread threads, a case whose notes
// were co-edited, with comments and versions, the charter and its draft), dated over the last
// weeks; wiping and seeding again gives the same counts.
// Demo files (issue 20 round two, files2)
import { getDocumentPage } from "../models/document/document.service";
import mongoose from "mongoose";
import { describe, expect, it } from "vitest";
import { FIRST_LOGIN, seed, wipe } from "../scripts/seed";
import { User } from "../models/user/user.model";
import { Message } from "../models/thread/thread.model";
import { ctxFor, nodeCtx } from "./factories";
import { listMyGroups } from "../models/group/group.service";
import { getInbox, listThreads, getThread } from "../models/thread/thread.service";
import { listCases } from "../models/document/document.service";
import { documentText } from "../models/document/collab.service";
import { listComments } from "../models/comment/comment.service";
import { listVersions } from "../models/document/version.service";
import { getCharter, getCharterDraft } from "../models/charter/charter.service";
import { getPlan } from "../models/plan/plan.service"; // action plans, goals
import { listGoals } from "../models/goal/goal.service";
// Meetings (issue 14 item 2)
import { getMeetingPage, getNextMeeting } from "../models/meeting/meeting-content.service";
import { Meeting } from "../models/meeting/meeting.model";
import { Analysis } from "../models/analysis/analysis.model";
import { getAnalysis, listMyAnalyses } from "../models/analysis/analysis.service";
// Intervision rounds (issue 13 item 6, decision 044)
import { getRoundView, listRounds } from "../models/intervision/round.service";
import { getRoundRecord } from "../models/intervision/round-record.service";
// Practice stories and the end of the trajectory (decisions 055, 056)
import { getEndPage } from "../models/continuation/continuation.service";
import { getStoriesPage, sharedStories } from "../models/story/story.service";
import { listMyMoments } from "../models/moment/moment.service"; // network moments (decision 066)

async function counts() {
  const db = mongoose.connection.db!;
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((n) => !n.startsWith("system."));
  const out: Record<string, number> = {};
  for (const n of names.sort()) out[n] = await db.collection(n).countDocuments({});
  // "Who edited when" is kept per editor and clock minute (markEditor): a seed whose edits of one
  // document straddle a minute's end keeps one more. What must not change is who edited which document.
  const marks = await db
    .collection("doceditmarks")
    .find({}, { projection: { docId: 1, actorId: 1 } })
    .toArray();
  out.doceditmarks = new Set(marks.map((m) => `${m.docId}:${m.actorId}`)).size;
  // The search change log keeps one document per write (decision 085): how a seed's writes fall
  // into batches, and how often a document's text is read after its edits pause, varies with timing.
  // What must not change is which entries were logged.
  const changes = await db
    .collection("searchchanges")
    .find({}, { projection: { ids: 1, all: 1 } })
    .toArray();
  out.searchchanges = new Set(
    changes.flatMap((c) => {
      const group = String(c._id).split(":")[0];
      return c.all ? [`${group}:*`] : (c.ids as string[]).map((id) => `${group}:${id}`);
    }),
  ).size;
  return out;
}

describe("the demo seed", () => {
  it("gives the first demo login a lived-in group, and seeds again to the same counts", { timeout: 480_000 }, async () => {
    const before = Date.now();
    await seed(() => undefined);

    const an = await User.findOne({ email: FIRST_LOGIN }).lean();
    expect(an?.name).toBe("An Peeters");
    const ctx = ctxFor(an!);
    const groups = await listMyGroups(ctx.actor);
    expect(groups.map((g) => g.name)).toEqual(["Leergroep Gent"]);
    const groupId = groups[0].id;

    // Threads with replies between members, some unread for An.
    const threads = await listThreads(ctx, groupId);
    expect(threads.length).toBeGreaterThanOrEqual(4);
    expect(threads.filter((t) => t.unread > 0).length).toBeGreaterThanOrEqual(2);
    for (const t of threads) {
      const { messages } = await getThread(ctx, { groupId, threadId: t.id });
      expect(messages.length).toBeGreaterThanOrEqual(3);
      expect(new Set(messages.map((m) => m.authorId)).size).toBeGreaterThanOrEqual(2);
    }

    // A mention of An, written in the text as the UI shows names, waits in her inbox.
    const inbox = await getInbox(ctx.actor, [groupId]);
    expect(inbox.groups[0].unread).toBeGreaterThan(0);
    const mention = inbox.notifications.find((n) => n.kind === "mention");
    expect(mention).toBeDefined();
    const mentioned = await Message.find({ threadId: mention!.threadId, mentions: an!._id }).lean();
    expect(mentioned.some((m) => m.text.includes("@An Peeters"))).toBe(true);

    // A case whose notes several members wrote, with comments (and replies) and versions.
    const [c] = await listCases(ctx, { groupId });
    expect(c).toBeDefined();
    const text = await documentText(nodeCtx(), c.docId);
    expect(text).toContain("De situatie");
    expect(text).toContain("Wat ik meeneem");
    const { comments } = await listComments(ctx, { groupId, docId: c.docId });
    expect(comments.length).toBeGreaterThanOrEqual(1);
    expect(comments.some((k) => k.entries.some((e) => e.kind === "reply"))).toBe(true);
    expect(comments.every((k) => !k.removed && k.quote.length > 0)).toBe(true);
    const versions = await listVersions(ctx, { groupId, docId: c.docId });
    expect(versions.filter((v) => !v.auto).length).toBeGreaterThanOrEqual(2);
    expect(new Set(versions.flatMap((v) => v.editors.map((e) => e.userId))).size).toBeGreaterThanOrEqual(2);

    // The charter, accepted, and a draft of the next version someone added to.
    const charter = await getCharter(ctx, groupId);
    expect(charter.text).toContain("blijft in de groep");
    const draft = await getCharterDraft(ctx, groupId);
    expect(await documentText(nodeCtx(), draft!.docId)).toContain("9. Wie een casus inbrengt");

    // Action plans, group goals, coaching notes (decisions 037, 038): An's plan with dated check-ins and peers' feedback,
    // a shared question of a peer, her coach's note, one goal fixed and one waiting.
    const plan = await getPlan(ctx, { groupId });
    expect(plan.mine?.questions).toHaveLength(2);
    const checkIns = plan.mine!.questions.flatMap((q) => q.checkIns);
    expect(checkIns.some((k) => k.feedback.length >= 2)).toBe(true);
    expect(Math.min(...checkIns.map((k) => Date.parse(k.createdAt)))).toBeLessThan(before - 14 * 86_400_000);
    expect(plan.others.length).toBeGreaterThanOrEqual(1);
    expect(plan.coachNotes.length).toBeGreaterThanOrEqual(1);
    expect((await listGoals(ctx, { groupId })).goals.map((g) => g.fixed)).toEqual([true, false]);

    // Meetings (issue 14 item 2): the last contact day held, with agenda, minutes, attendance and answered
    // assignments; the next one, chaired by An, with an agenda linked to the group's case.
    const contactDays = await Meeting.find({ groupId, kind: "contact_day" }).sort({ startsAt: 1 }).lean();
    const nextDay = contactDays.find((m) => m.startsAt.getTime() > before)!;
    const upcoming = await getMeetingPage(ctx, { groupId, meetingId: String(nextDay._id) });
    expect(upcoming.chair?.name).toBe("An Peeters");
    expect(upcoming.agenda.some((i) => i.link?.kind === "case")).toBe(true);
    expect((await getNextMeeting(ctx, { groupId }))?.meeting).not.toBeNull();
    const pastDays = contactDays.filter((m) => m.startsAt.getTime() < before);
    const held = await getMeetingPage(ctx, { groupId, meetingId: String(pastDays.at(-1)!._id) });
    expect(held.members.filter((m) => m.attendance === "present")).toHaveLength(5);
    expect(held.assignments[0].responses.length).toBeGreaterThanOrEqual(2);
    // Demo files (issue 20 round two, files2): a PDF on the case, a whiteboard photo (with its thumbnail) on the day held.
    expect(held.files).toEqual([
      expect.objectContaining({ name: "Whiteboard brainstorm.jpg", kind: "image", thumbUrl: expect.any(String) }),
    ]);
    const casePage = await getDocumentPage(ctx, { groupId, docId: c.docId });
    expect(casePage.files).toEqual([expect.objectContaining({ name: "Beleidsplan zorg 2026-2028.pdf", kind: "pdf" })]);
    expect(await documentText(nodeCtx(), held.minutesDocId!)).toContain("Prioritaire leervragen");

    // The trajectory is in its second school year (decision 050): every contact day of the first
    // year was held, with attendance, and most with minutes; the goal has progress notes on them.
    expect(pastDays.length).toBeGreaterThanOrEqual(9);
    const firstYear = await Promise.all(pastDays.slice(0, 9).map((m) => getMeetingPage(ctx, { groupId, meetingId: String(m._id) })));
    expect(firstYear.every((p) => p.members.some((m) => m.attendance === "present"))).toBe(true);
    expect(firstYear.filter((p) => p.minutesDocId).length).toBeGreaterThanOrEqual(6);
    expect(firstYear.some((p) => p.members.some((m) => m.attendance === "excused"))).toBe(true);
    expect(Date.now() - pastDays[0].startsAt.getTime()).toBeGreaterThan(300 * 86_400_000);
    const goals = (await listGoals(ctx, { groupId })).goals;
    expect(goals[0].progress.length).toBeGreaterThanOrEqual(5);
    // Check-ins spread over the year, the self-rating rising.
    const feedbackQuestion = plan.mine!.questions[0].checkIns.map((k) => [Date.parse(k.createdAt), k.rating]);
    expect(feedbackQuestion.length).toBeGreaterThanOrEqual(5);
    const byDate = [...feedbackQuestion].sort((x, y) => x[0] - y[0]);
    expect(byDate[0][1]).toBeLessThan(byDate.at(-1)![1]);
    expect(byDate.at(-1)![0] - byDate[0][0]).toBeGreaterThan(300 * 86_400_000);

    // baseline/end analysis (decision 036): An's BSA submitted weeks ago, four raters' means, a half-filled ESA.
    const mine = await listMyAnalyses(ctx);
    expect(mine.trajectories[0].bsa?.status).toBe("submitted");
    expect(mine.trajectories[0].esa?.status).toBe("draft");
    const bsa = await getAnalysis(ctx, { analysisId: mine.trajectories[0].bsa!.id });
    expect(bsa.feedback).toMatchObject({ invited: 4, answered: 4, visible: true });
    expect(bsa.comparison?.series).toEqual(["bsa", "feedback"]);
    expect(bsa.comparison?.sections.flatMap((x) => x.items).find((i) => i.id === "organisation-partners")?.feedback).toBeNull();
    expect((await Analysis.findById(bsa.id).lean())!.submittedAt!.getTime()).toBeLessThan(before - 300 * 86_400_000);
    // Every leader filled in the BSA (decision 050).
    expect(await Analysis.countDocuments({ kind: "bsa", submittedAt: { $ne: null } })).toBe(12);
    const esa = await getAnalysis(ctx, { analysisId: mine.trajectories[0].esa!.id });
    expect([esa.answeredScale, esa.totalScale]).toEqual([10, 20]);

    // Intervision rounds (decision 044): two finished (incident, consultancy) with their summaries,
    // closing checks and An's action points in her plan; one in silent writing now.
    const rounds = await listRounds(ctx, { groupId });
    expect(rounds.map((r) => [r.protocolName.nl, r.status])).toEqual([
      ["Incidentmethode", "running"],
      ["Consultancyprotocol", "finished"],
      ["Incidentmethode", "finished"],
    ]);
    expect(plan.mine?.commitments.map((c) => [c.text, c.sourceKind])).toEqual([
      ["Gesprek onder vier ogen met de leerkracht van het vijfde leerjaar", "round"],
      ["Afspraak over de start om 8u25 op papier en samen evalueren", "round"],
    ]);
    const record = await getRoundRecord(ctx, { groupId, roundId: rounds[2].id });
    expect(record).toMatchObject({ status: "finished", isInbrenger: true, decision: null, checks: { count: 6, mine: true } });
    expect(record.checks.safety).not.toBeNull();
    const summary = await documentText(nodeCtx(), record.summaryDocId!);
    for (const text of ["Casusvraag", "Heb je haar al eens alleen gesproken", "neemt de inbrenger mee", "Actiepunten"])
      expect(summary).toContain(text);
    expect(await documentText(nodeCtx(), record.notesDocId!)).toContain("Loyaliteit aan een oud-mentor");
    const consultancy = await getRoundRecord(ctx, { groupId, roundId: rounds[1].id });
    expect(consultancy.checks).toMatchObject({ count: 3, safety: null });
    expect(await documentText(nodeCtx(), consultancy.summaryDocId!)).toContain("gekozen");
    const live = await getRoundView(ctx, { groupId, roundId: rounds[0].id });
    expect(live).toMatchObject({ status: "running", step: { phaseId: "write-questions" }, hiddenCount: 2, contributions: [] });
    expect(live.stillWriting.length).toBeGreaterThan(0);

    // Dated over the last weeks, not all "now".
    const dates = (await Message.find({}, { createdAt: 1 }).lean()).map((m) => m.createdAt.getTime());
    expect(Math.max(...dates)).toBeLessThan(before);
    expect(Math.max(...dates) - Math.min(...dates)).toBeGreaterThan(14 * 86_400_000);

    // Search (issue 20 item 3, decision 085): a few obvious Dutch words find the group's content,
    // the round's notes as its record.
    {
      const { search } = await import("../models/search/search.service");
      for (const q of ["vergadering", "lerarentekort", "casus"]) expect((await search(ctx, { q, groupId })).total, q).toBeGreaterThan(0);
      expect((await search(ctx, { q: "loyaliteit", groupId, kinds: ["record"] })).total).toBeGreaterThan(0);
    }

    // Practice stories and a group that continued on its own (decisions 055, 056): Leergroep Brugge
    // runs itself (no coach, a chair), its organiser does not see it; its consented stories are shared.
    const marleen = await User.findOne({ email: "marleen.verhoeven@leerkring.test" }).lean();
    const [brugge] = await listMyGroups(ctxFor(marleen!).actor);
    const end = await getEndPage(ctxFor(marleen!), { groupId: brugge.id });
    expect(end).toMatchObject({ phase: "continued", choice: { outcome: { choice: "continue" } }, report: { version: { approved: true } } });
    expect(end.continued?.chairId).toBeTruthy();
    expect(end.continued?.formerCoaches).toHaveLength(1);
    const organiser = await User.findOne({ isOrganiser: true }).lean();
    expect((await listMyGroups(ctxFor(organiser!).actor)).map((g) => g.name)).not.toContain("Leergroep Brugge");
    const stories = await getStoriesPage(ctxFor(marleen!), { groupId: brugge.id, moment: "y1_mid" });
    expect(stories.selection).toMatchObject({ consent: true });
    expect(stories.stories[0].change).toContain("personeelsvergadering");
    expect(await sharedStories(brugge.id)).toHaveLength(3);

    // Network moments (decision 066): An finds the planned one ahead with its programme, and the past one.
    const moments = await listMyMoments(ctx);
    expect(moments.upcoming.map((m) => [m.title, m.blocks.map((b) => b.kind).join(",")])).toEqual([
      ["Netwerkmoment Leersprongen: wat werkt in onze scholen", "plenary,breakouts,break,breakouts,plenary"],
    ]);
    expect(Date.parse(moments.upcoming[0].startsAt) - Date.now()).toBeLessThan(35 * 86_400_000);
    expect(moments.past.map((m) => m.title)).toEqual(["Netwerkmoment najaar"]);
    // Network moments: the harvest (decision 074): a past moment whose three published outputs everyone
    // in it sees; table 1's arrived in Gent as a document with its origin; one anonymised case copy.
    {
      const { Moment } = await import("../models/moment/moment.model");
      const { getHarvestPage } = await import("../models/moment/harvest.service");
      const { listDocuments } = await import("../models/document/document.service");
      const past = await Moment.findOne({ title: "Netwerkmoment najaar" }).lean();
      expect(past!.startsAt.getTime()).toBeLessThan(before - 100 * 86_400_000);
      const harvest = await getHarvestPage(ctx, { momentId: String(past!._id) });
      const tables = harvest.blocks[0].breakouts;
      expect(tables.filter((b) => b.output).map((b) => b.output!.title)).toEqual([
        "Klasbezoeken zonder lijstje",
        "Zelf feedback vragen als directeur",
        "Starters begeleiden zonder ze te verliezen",
      ]);
      expect(tables[0]).toMatchObject({ seated: true, offeredDocId: expect.any(String) });
      const offered = (await listDocuments(ctx, { groupId })).find((d) => d.id === tables[0].offeredDocId);
      expect(offered?.origin).toMatchObject({ momentTitle: "Netwerkmoment najaar", breakoutIndex: 1 });
      const copies = harvest.blocks[0].breakouts.flatMap((b) => b.caseCopies ?? []);
      expect(copies).toEqual([]); // An sits at table 1; the copy is at table 3
      const organiser = await User.findOne({ isOrganiser: true }).lean();
      const facilitated = await getHarvestPage(ctxFor(organiser!), { momentId: String(past!._id) });
      expect(facilitated.blocks[0].breakouts[2].caseCopies?.map((c) => c.title)).toEqual(["Een starter die na drie maanden wil stoppen"]);
    }

    // Search (issue 20, decision 087): obvious Dutch words find something in An's group: a thread on the
    // ouderraad, a case on lerarentekort and interimmers, the care policy, nascholing in the minutes.
    {
      const { listDocuments } = await import("../models/document/document.service");
      const ouderraad = (await listThreads(ctx, groupId)).find((t) => t.title === "Ouderraad: nieuwe voorzitter");
      const { messages } = await getThread(ctx, { groupId, threadId: ouderraad!.id });
      expect(messages.filter((m) => /ouderraad/i.test(m.text)).length).toBeGreaterThanOrEqual(3);
      const tekort = (await listCases(ctx, { groupId })).find((k) => k.title === "Lerarentekort en interimmers");
      expect(await documentText(nodeCtx(), tekort!.docId)).toContain("interimmers");
      const zorg = (await listDocuments(ctx, { groupId })).find((d) => d.title === "Beleidsplan zorg 2026-2028");
      expect(await documentText(nodeCtx(), zorg!.id)).toContain("zorgcontinuüm");
      const minutes = await Promise.all(
        pastDays.map(async (m) => {
          const page = await getMeetingPage(ctx, { groupId, meetingId: String(m._id) });
          return page.minutesDocId ? documentText(nodeCtx(), page.minutesDocId) : "";
        }),
      );
      expect(minutes.some((t) => t.includes("wisselden we uit over nascholing"))).toBe(true);
    }

    const first = await counts();
    expect(first.threads).toBeGreaterThanOrEqual(7);
    await wipe();
    await seed(() => undefined);
    expect(await counts()).toEqual(first);
  });
});

// The harvest of a network moment (issue 16 items 4 and 5, decision 074).
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { addMembership, buildGroup, buildUser, ctxFor, nodeCtx } from "../../test/factories";
import { Group } from "../group/group.model";
import { CollabDocument } from "../document/document.model";
import { createCase, getDocument, insertDocument } from "../document/document.service";
import { documentText } from "../document/collab.service";
import { blocksToContent } from "../collab/blocks";
import { oid } from "../shared/oid";
import { Breakout, BreakoutSeat, Moment, seatId } from "./moment.model";
import { HarvestOffer, HarvestOutput, MomentCaseCopy } from "./harvest.model";
import { collectUserData } from "../privacy/export.service";
import { eraseDueAccounts, requestErasure } from "../privacy/erasure.service";
import { PASSWORD } from "../../test/factories";
import {
  bringCase,
  getCaseDraft,
  getHarvestPage,
  getOutputDraft,
  listCaseCopies,
  offerOutput,
  publishOutput,
  withdrawCase,
} from "./harvest.service";

const cid = () => `c-${randomBytes(8).toString("hex")}`;

/** Groups A and B meet; one leader of each sits at table 1, another of each at table 2. A facilitator
 *  is named from outside; a coach of A facilitates too (a facilitator who is a member of one group). */
async function scene() {
  const a = await buildGroup({ leaders: 3, coaches: 1, name: "Leergroep Gent" });
  const b = await Group.create({ trajectoryId: a.trajectory._id, name: "Leergroep Antwerpen", charterVersion: 1 });
  const bLeaders = [await buildUser({ name: "Greet Mertens" }), await buildUser({ name: "Hans Jacobs" })];
  for (const u of bLeaders) await addMembership(b, u, { role: "leader", status: "active" });
  const named = await buildUser();
  const outsider = await buildGroup({ leaders: 1 });
  const moment = await Moment.create({
    trajectoryId: a.trajectory._id,
    title: "Netwerkmoment najaar",
    startsAt: new Date("2026-10-08T11:00:00Z"),
    groupIds: [a.group._id, b._id],
    facilitatorIds: [named._id, a.coaches[0]._id],
    blocks: [
      { _id: "p1", kind: "plenary", title: "Opening", minutes: 20 },
      { _id: "b1", kind: "breakouts", title: "Gemengde tafels", minutes: 45, rule: "mixed", size: 2 },
    ],
    createdBy: a.organiser._id,
  });
  const [one, two] = await Breakout.create([
    { momentId: moment._id, blockId: "b1", index: 1 },
    { momentId: moment._id, blockId: "b1", index: 2, theme: "Lerarentekort" },
  ]);
  const seat = (u: { _id: unknown }, breakout: { _id: unknown }) =>
    BreakoutSeat.create({
      _id: seatId(moment._id, "b1", u._id),
      momentId: moment._id,
      blockId: "b1",
      userId: u._id,
      breakoutId: breakout._id,
    });
  await seat(a.leaders[0], one);
  await seat(bLeaders[0], one);
  await seat(a.leaders[1], two);
  await seat(bLeaders[1], two);
  return {
    ...a,
    b,
    bLeaders,
    named,
    outsider,
    momentId: String(moment._id),
    one: String(one._id),
    two: String(two._id),
  };
}

/** Table 1's board: a co-edited document whose _id and groupId are the breakout's id. */
async function board(breakoutId: string, by: { _id: unknown }, lines: string[]) {
  await insertDocument(
    ctxFor({ _id: oid(String(by._id)), isOrganiser: false }),
    breakoutId,
    "note",
    "Bord",
    blocksToContent(lines.map((p) => ({ p }))),
    oid(breakoutId),
  );
}

describe("publishing a breakout's output", () => {
  it("its participants or a facilitator publish, by default the board's text; the newest counts; a resend stores it once", async () => {
    const s = await scene();
    const an = ctxFor(s.leaders[0]);
    const input = { momentId: s.momentId, breakoutId: s.one };
    expect(await getOutputDraft(an, input)).toEqual({ title: null, text: "" });
    await board(s.one, s.leaders[0], ["Drie vragen voor een startende leerkracht", "Wie neemt de mentorrol op?"]);
    expect(await getOutputDraft(an, input)).toEqual({
      title: null,
      text: "Drie vragen voor een startende leerkracht\nWie neemt de mentorrol op?",
    });

    const clientId = cid();
    const first = await publishOutput(an, { ...input, clientId, title: "Tafel 1", text: "Versie een" });
    expect(await publishOutput(an, { ...input, clientId, title: "Tafel 1", text: "Versie een" })).toEqual(first);
    await publishOutput(ctxFor(s.bLeaders[0]), { ...input, clientId: cid(), title: "Tafel 1: mentoring", text: "Versie twee" });
    const page = await getHarvestPage(ctxFor(s.leaders[1]), { momentId: s.momentId });
    const [t1, t2] = page.blocks[0].breakouts;
    expect(t1.output).toMatchObject({ title: "Tafel 1: mentoring", text: "Versie twee" });
    expect(t2.output).toBeNull();
    expect(await getOutputDraft(an, input)).toMatchObject({ title: "Tafel 1: mentoring" });

    // A facilitator may publish any table's output.
    await publishOutput(ctxFor(s.named), { momentId: s.momentId, breakoutId: s.two, clientId: cid(), title: "Tafel 2", text: "" });
  });

  it("until published a breakout's content stays with its participants and the facilitators", async () => {
    const s = await scene();
    await board(s.one, s.leaders[0], ["Alleen voor tafel 1"]);
    const input = { momentId: s.momentId, breakoutId: s.one };
    // Another table's participant (of either group), someone outside the moment, another trajectory's organiser.
    for (const who of [s.leaders[1], s.bLeaders[1], s.leaders[2], s.outsider.leaders[0], s.outsider.organiser]) {
      await expect(getOutputDraft(ctxFor(who), input), String(who.name)).rejects.toMatchObject({ code: "not_found" });
      await expect(publishOutput(ctxFor(who), { ...input, clientId: cid(), title: "x", text: "y" })).rejects.toMatchObject({
        code: "not_found",
      });
    }
    expect((await getOutputDraft(ctxFor(s.named), input)).text).toBe("Alleen voor tafel 1");
    expect((await getOutputDraft(ctxFor(s.coaches[0]), input)).text).toBe("Alleen voor tafel 1");
    // A breakout of another moment named with this moment: not found.
    const other = await Moment.create({
      trajectoryId: s.trajectory._id,
      title: "Ander",
      startsAt: new Date(),
      groupIds: [s.group._id],
      createdBy: s.organiser._id,
    });
    await expect(getOutputDraft(ctxFor(s.named), { momentId: String(other._id), breakoutId: s.one })).rejects.toMatchObject({
      code: "not_found",
    });
    for (const who of [s.outsider.leaders[0], s.outsider.organiser])
      await expect(getHarvestPage(ctxFor(who), { momentId: s.momentId })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("offering an output to one's home group", () => {
  it("arrives as one document of the home group with its origin, offered once whoever offers it and however often", async () => {
    const s = await scene();
    const input = { momentId: s.momentId, breakoutId: s.one };
    await publishOutput(ctxFor(s.leaders[0]), {
      ...input,
      clientId: cid(),
      title: "Mentoring van starters",
      text: "Wat we leerden\n- een vaste mentor\n- wekelijks tien minuten",
    });
    // Greet (B, at table 1) and Hans (B, at table 2: any published output may be offered) at once, then again.
    const offers = await Promise.all([
      offerOutput(ctxFor(s.bLeaders[0]), input),
      offerOutput(ctxFor(s.bLeaders[1]), input),
      offerOutput(ctxFor(s.bLeaders[0]), input),
    ]);
    expect(new Set(offers.map((o) => o.docId)).size).toBe(1);
    expect(offers.every((o) => o.groupId === String(s.b._id))).toBe(true);
    expect(await CollabDocument.countDocuments({ groupId: s.b._id })).toBe(1);
    const { docId, groupId } = offers[0];
    const { document } = await getDocument(ctxFor(s.bLeaders[1]), { groupId, docId });
    expect(document).toMatchObject({
      title: "Mentoring van starters",
      kind: "note",
      origin: { momentTitle: "Netwerkmoment najaar", momentStartsAt: "2026-10-08T11:00:00.000Z", breakoutIndex: 1, breakoutTheme: null },
    });
    expect(await documentText(nodeCtx(), docId)).toBe("Mentoring van starters\nWat we leerden\neen vaste mentor\nwekelijks tien minuten");
    const page = await getHarvestPage(ctxFor(s.bLeaders[1]), { momentId: s.momentId });
    expect(page.home).toEqual({ id: String(s.b._id), name: "Leergroep Antwerpen" });
    expect(page.blocks[0].breakouts[0].offeredDocId).toBe(docId);
    // Group A has not taken it: its own offer makes its own document.
    expect((await getHarvestPage(ctxFor(s.leaders[0]), { momentId: s.momentId })).blocks[0].breakouts[0].offeredDocId).toBeNull();
    const own = await offerOutput(ctxFor(s.leaders[2]), input);
    expect(own.groupId).toBe(String(s.group._id));
    expect(own.docId).not.toBe(docId);
  });

  it("the offered document is the home group's only: other groups' participants and the facilitators get not_found", async () => {
    const s = await scene();
    const input = { momentId: s.momentId, breakoutId: s.one };
    await publishOutput(ctxFor(s.leaders[0]), { ...input, clientId: cid(), title: "Uitkomst", text: "tekst" });
    const { groupId, docId } = await offerOutput(ctxFor(s.bLeaders[0]), input);
    // Table 1's participant from A, the named facilitator, the coach of A who facilitates, an outsider.
    for (const who of [s.leaders[0], s.named, s.coaches[0], s.outsider.leaders[0]])
      await expect(getDocument(ctxFor(who), { groupId, docId })).rejects.toMatchObject({ code: "not_found" });
    // And the page tells nobody else that B took it.
    for (const who of [s.leaders[0], s.named])
      expect((await getHarvestPage(ctxFor(who), { momentId: s.momentId })).blocks[0].breakouts[0].offeredDocId).toBeNull();
  });

  it("only a published output, only by someone with a home group in the moment, never to another group", async () => {
    const s = await scene();
    const input = { momentId: s.momentId, breakoutId: s.two };
    await board(s.two, s.leaders[1], ["Nog niet gepubliceerd"]);
    for (const who of [s.leaders[1], s.bLeaders[0], s.named])
      await expect(offerOutput(ctxFor(who), input)).rejects.toMatchObject({ code: "not_found" });
    await publishOutput(ctxFor(s.leaders[1]), { ...input, clientId: cid(), title: "Lerarentekort", text: "" });
    await expect(offerOutput(ctxFor(s.named), input)).rejects.toMatchObject({ code: "forbidden" });
    await expect(offerOutput(ctxFor(s.outsider.leaders[0]), input)).rejects.toMatchObject({ code: "not_found" });
    // The coach of A facilitates and is a member: the offer goes to A, their own group.
    expect((await offerOutput(ctxFor(s.coaches[0]), input)).groupId).toBe(String(s.group._id));
    expect(await CollabDocument.countDocuments({ groupId: s.outsider.group._id })).toBe(0);
  });
});

describe("a case enters the moment only as its inbrenger's anonymised copy", () => {
  it("the inbrenger brings an edited copy into their own breakout; it carries nothing of the case or the group", async () => {
    const s = await scene();
    const an = ctxFor(s.leaders[0]);
    const groupId = String(s.group._id);
    const own = await createCase(an, { groupId, title: "Conflict in de vakgroep" });
    const input = { momentId: s.momentId, breakoutId: s.one };
    expect(await getCaseDraft(an, { ...input, caseId: own.id })).toMatchObject({ caseId: own.id, title: "Conflict in de vakgroep" });

    // Still naming the group, or a member by full name: refused, to be edited first.
    await expect(
      bringCase(an, { ...input, caseId: own.id, clientId: cid(), title: "Casus", text: "Besproken in leergroep gent op de contactdag." }),
    ).rejects.toMatchObject({ code: "invalid_input", issues: [{ path: "text", code: "moment.harvest.identifying" }] });
    await expect(
      bringCase(an, { ...input, caseId: own.id, clientId: cid(), title: `Casus van ${s.leaders[1].name}`, text: "Twee collega's." }),
    ).rejects.toMatchObject({ code: "invalid_input", issues: [{ path: "title" }] });
    expect(await MomentCaseCopy.countDocuments({})).toBe(0);

    const clientId = cid();
    const copy = await bringCase(an, {
      ...input,
      caseId: own.id,
      clientId,
      title: "Twee collega's",
      text: "Twee leerkrachten spreken niet meer.",
    });
    expect(
      await bringCase(an, { ...input, caseId: own.id, clientId, title: "Twee collega's", text: "Twee leerkrachten spreken niet meer." }),
    ).toEqual(copy);
    const stored = await MomentCaseCopy.findById(copy.id).lean();
    const text = JSON.stringify(stored);
    expect(text).not.toContain(own.id);
    expect(text).not.toContain(own.docId);
    expect(text).not.toContain(groupId);
    expect(Object.keys(stored!).sort()).toEqual(["__v", "_id", "at", "breakoutId", "broughtBy", "momentId", "text", "title"]);

    // Seen at table 1 (its participants, the facilitators), not at table 2.
    expect(await listCaseCopies(ctxFor(s.bLeaders[0]), { breakoutId: s.one })).toEqual([{ ...copy, mine: false }]);
    expect((await getHarvestPage(ctxFor(s.named), { momentId: s.momentId })).blocks[0].breakouts[0].caseCopies).toHaveLength(1);
    await expect(listCaseCopies(ctxFor(s.bLeaders[1]), { breakoutId: s.one })).rejects.toMatchObject({ code: "not_found" });
    expect((await getHarvestPage(ctxFor(s.bLeaders[1]), { momentId: s.momentId })).blocks[0].breakouts[0].caseCopies).toBeNull();

    // Only the inbrenger takes it back.
    await expect(withdrawCase(ctxFor(s.bLeaders[0]), { ...input, copyId: copy.id })).rejects.toMatchObject({ code: "not_found" });
    await withdrawCase(an, { ...input, copyId: copy.id });
    expect(await MomentCaseCopy.countDocuments({})).toBe(0);
  });

  it("nobody else's case, and only into a breakout one sits in", async () => {
    const s = await scene();
    const groupId = String(s.group._id);
    const bart = ctxFor(s.leaders[1]);
    const bartsCase = await createCase(bart, { groupId, title: "Bart's casus" });
    // Brought by Bart as the inbrenger but written down by An: still Bart's, not An's.
    const recorded = await createCase(ctxFor(s.leaders[0]), {
      groupId,
      title: "Opgeschreven door An",
      bringerId: String(s.leaders[1]._id),
    });
    const one = { momentId: s.momentId, breakoutId: s.one };
    const an = ctxFor(s.leaders[0]);
    for (const caseId of [bartsCase.id, recorded.id, String(s.group._id)]) {
      await expect(getCaseDraft(an, { ...one, caseId })).rejects.toMatchObject({ code: "not_found" });
      await expect(bringCase(an, { ...one, caseId, clientId: cid(), title: "x", text: "y" })).rejects.toMatchObject({ code: "not_found" });
    }
    // Bart sits at table 2, not 1; a facilitator sits nowhere.
    await expect(bringCase(bart, { ...one, caseId: bartsCase.id, clientId: cid(), title: "x", text: "y" })).rejects.toMatchObject({
      code: "not_found",
    });
    const coach = ctxFor(s.coaches[0]);
    const coachCase = await createCase(coach, { groupId, title: "Van de coach" });
    await expect(bringCase(coach, { ...one, caseId: coachCase.id, clientId: cid(), title: "x", text: "y" })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await MomentCaseCopy.countDocuments({})).toBe(0);
    // Bart's own, at his own table: fine; An's page lists only her own cases.
    await bringCase(bart, { momentId: s.momentId, breakoutId: s.two, caseId: bartsCase.id, clientId: cid(), title: "x", text: "y" });
    expect((await getHarvestPage(bart, { momentId: s.momentId })).myCases.map((c) => c.title).sort()).toEqual([
      "Bart's casus",
      "Opgeschreven door An",
    ]);
    expect((await getHarvestPage(an, { momentId: s.momentId })).myCases).toEqual([]);
  });
});

describe("one's own harvest records in the export and the erasure (decisions 049, 064)", () => {
  it("the export holds one's case copies, outputs and offers; erasure deletes the copies and keeps the rest without the person", async () => {
    const s = await scene();
    const an = ctxFor(s.leaders[0]);
    const input = { momentId: s.momentId, breakoutId: s.one };
    const own = await createCase(an, { groupId: String(s.group._id), title: "Mijn casus" });
    await bringCase(an, { ...input, caseId: own.id, clientId: cid(), title: "Een kopie", text: "Geanonimiseerd." });
    await publishOutput(an, { ...input, clientId: cid(), title: "Tafel 1", text: "Uitkomst" });
    await offerOutput(an, input);
    const data = await collectUserData(an.actor.id);
    expect(data).toMatchObject({
      momentCaseCopies: [{ title: "Een kopie", text: "Geanonimiseerd." }],
      momentOutputs: [{ title: "Tafel 1", text: "Uitkomst" }],
      momentOffers: [{ groupId: String(s.group._id) }],
    });

    await requestErasure(an, "secret", { password: PASSWORD, code: "" }, "127.0.0.1");
    expect(await eraseDueAccounts(an, new Date(Date.now() + 8 * 86_400_000))).toEqual({ erased: 1 });
    expect(await MomentCaseCopy.countDocuments({})).toBe(0);
    const [output] = await HarvestOutput.find({}).lean();
    expect(output.title).toBe("Tafel 1");
    expect(String(output.publishedBy)).not.toBe(an.actor.id);
    expect(String((await HarvestOffer.findOne({}).lean())!.offeredBy)).not.toBe(an.actor.id);
  });
});

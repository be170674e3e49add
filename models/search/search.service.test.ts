// Search within what one may see (decisions 085, 086), against the real database: each kind of
// content, who finds what (outsiders, another group, the organiser, a guest, before the charter, a
// removed member), removal, erasure, and freshness across nodes.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it, vi } from "vitest";
import { editor } from "../collab/test-ydoc";
import { applyDocUpdate, compactDocument } from "../document/collab.service";
import { createCase, createDocument } from "../document/document.service";
import { Membership } from "../group/group.model";
import { removeMember } from "../group/group.service";
import { addAgendaItem, openMinutes } from "../meeting/meeting-content.service";
import { Meeting } from "../meeting/meeting.model";
import { createNodeState } from "../node";
import { addQuestion, shareQuestion } from "../plan/plan.service";
import { eraseDueAccounts, requestErasure, setGroupErasure } from "../privacy/erasure.service";
import { deleteGroupContent } from "../privacy/retention.service";
import { createLimits } from "../shared/limits";
import { deleteMessage, editMessage, sendMessage, settled, startThread } from "../thread/thread.service";
import { addMembership, buildGroup, buildUser, ctxFor, PASSWORD, type TestContext } from "../../test/factories";
import type { UserDoc } from "../user/user.model";
import { SearchInput } from "./search.inputs";
import { search, updateEntryText } from "./search.service";
import { User } from "../user/user.model";

const cid = () => `c-${randomBytes(6).toString("hex")}`;
const redis = new Redis(inject("REDIS_URL") || process.env.REDIS_URL || "");
afterAll(() => redis.quit());

const refusedWith = (p: Promise<unknown>, code: string) => expect(p).rejects.toMatchObject({ name: "DomainError", code });

async function post(ctx: TestContext, groupId: string, title: string, text: string) {
  const event = await startThread(ctx, { groupId, clientId: cid(), title, text });
  const d = event.data as { thread: { id: string }; message: { id: string } };
  await settled(ctx, groupId);
  return { threadId: d.thread.id, messageId: d.message.id, hitId: `message:${d.message.id}` };
}

const ids = async (ctx: TestContext, q: string, groupId?: string) => (await search(ctx, { q, groupId })).hits.map((h) => h.id);

async function scene() {
  const g = await buildGroup({ leaders: 2, coaches: 1, name: "Leergroep Noord" });
  const groupId = String(g.group._id);
  const [ann, bob] = g.leaders;
  const ctx = (u: UserDoc) => ctxFor(u);
  const msg = await post(ctx(ann), groupId, "Ouderraad", "De ouderraad wil meer inspraak in het schoolplan.");
  return { ...g, groupId, ann, bob, coach: g.coaches[0], ctx, msg };
}

describe("search: each kind of content", () => {
  it("finds a document's current text once the edits pause, and at compaction; a case as a case", async () => {
    const s = await scene();
    const doc = await createDocument(s.ctx(s.ann), { groupId: s.groupId, title: "Beleidsplan 2027" });
    expect(await ids(s.ctx(s.bob), "beleidsplan", s.groupId)).toContain(`doc:${doc.id}`);
    const ed = editor();
    ed.paragraph("Het lerarentekort vraagt om een flexibele schil van invallers.");
    await applyDocUpdate(s.ctx(s.ann), { groupId: s.groupId, docId: doc.id, clientId: cid(), update: ed.takeBatch()! });
    // Read once the edits pause (a state to wait for, not a sleep).
    await vi.waitFor(async () => expect(await ids(s.ctx(s.bob), "invallers", s.groupId)).toEqual([`doc:${doc.id}`]), { timeout: 15_000 });
    ed.paragraph("Nascholing voor het hele team.");
    await applyDocUpdate(s.ctx(s.ann), { groupId: s.groupId, docId: doc.id, clientId: cid(), update: ed.takeBatch()! });
    await compactDocument(s.ctx(s.ann), doc.id);
    const hit = (await search(s.ctx(s.bob), { q: "nascholing", groupId: s.groupId })).hits[0];
    expect(hit).toMatchObject({
      id: `doc:${doc.id}`,
      kind: "document",
      url: `/groups/${s.groupId}/docs/${doc.id}`,
      groupName: "Leergroep Noord",
    });

    const c = await createCase(s.ctx(s.ann), { groupId: s.groupId, title: "Conflict met een leerkracht" });
    const found = (await search(s.ctx(s.bob), { q: "conflict", groupId: s.groupId, kinds: ["case"] })).hits;
    expect(found.map((h) => [h.id, h.kind])).toEqual([[`doc:${c.docId}`, "case"]]);
  });

  it("a node that stops writes the document texts it still owed search (the seed, a graceful shutdown)", async () => {
    const s = await scene();
    const onB = { ...s.ctx(s.ann), node: createNodeState() };
    const doc = await createDocument(onB, { groupId: s.groupId, title: "Notities" });
    const ed = editor();
    ed.paragraph("Klassenbezoeken in het voorjaar.");
    await applyDocUpdate(onB, { groupId: s.groupId, docId: doc.id, clientId: cid(), update: ed.takeBatch()! });
    expect(onB.node.search.pendingDocs.has(doc.id)).toBe(true);
    await onB.node.close();
    expect(await ids(s.ctx(s.bob), "klassenbezoeken", s.groupId)).toEqual([`doc:${doc.id}`]);
  });

  it("finds a meeting by its agenda and its minutes, linked to the meeting's page", async () => {
    const s = await scene();
    const meeting = await Meeting.create({
      groupId: s.group._id,
      trajectoryId: s.trajectory._id,
      kind: "contact_day",
      title: "Contactdag voorjaar",
      startsAt: new Date("2027-03-12T08:00:00Z"),
      endsAt: new Date("2027-03-12T15:00:00Z"),
    });
    const meetingId = String(meeting._id);
    await addAgendaItem(s.ctx(s.coach), { groupId: s.groupId, meetingId, title: "Zorgbeleid en de intern begeleider" });
    const { docId } = await openMinutes(s.ctx(s.coach), { groupId: s.groupId, meetingId });
    const hits = (await search(s.ctx(s.ann), { q: "zorgbeleid", groupId: s.groupId })).hits;
    expect(hits.map((h) => [h.kind, h.url])).toEqual([["meeting", `/groups/${s.groupId}/meetings/${meetingId}`]]);
    const minutes = (await search(s.ctx(s.ann), { q: "verslag", groupId: s.groupId, kinds: ["meeting"] })).hits;
    expect(minutes.map((h) => h.id)).toContain(`doc:${docId}`);
  });

  it("finds a learning question only once shared, and then only for who sees it shared (the owner, the coach, the other leaders)", async () => {
    const s = await scene();
    const guest = await buildUser();
    await addMembership(s.group, guest, { role: "guest", status: "active" });
    const { id } = await addQuestion(s.ctx(s.ann), { groupId: s.groupId, text: "Hoe verdeel ik mijn tijd beter over de twee locaties?" });
    expect(await ids(s.ctx(s.bob), "locaties", s.groupId)).toEqual([]);
    await shareQuestion(s.ctx(s.ann), { groupId: s.groupId, questionId: id, shared: true });
    for (const u of [s.ann, s.bob, s.coach]) expect(await ids(s.ctx(u), "locaties", s.groupId)).toEqual([`plan:${id}`]);
    expect(await ids(ctxFor(guest), "locaties", s.groupId)).toEqual([]);
    await shareQuestion(s.ctx(s.ann), { groupId: s.groupId, questionId: id, shared: false });
    expect(await ids(s.ctx(s.bob), "locaties", s.groupId)).toEqual([]);
  });
});

describe("search: who finds what (decision 086)", () => {
  it("an outsider and another group's member get not_found for the group, and nothing of it across their groups", async () => {
    const s = await scene();
    const other = await buildGroup({ leaders: 1 });
    const outsider = await buildUser();
    for (const u of [outsider, other.leaders[0]]) {
      await refusedWith(search(ctxFor(u), { q: "ouderraad", groupId: s.groupId }), "not_found");
      expect((await search(ctxFor(u), { q: "ouderraad" })).total).toBe(0);
    }
  });

  it("the trajectory's organiser and a member before the charter find nothing of the content; a guest finds the messages", async () => {
    const s = await scene();
    await refusedWith(search(ctxFor(s.organiser), { q: "ouderraad", groupId: s.groupId }), "forbidden");
    expect((await search(ctxFor(s.organiser), { q: "ouderraad" })).total).toBe(0);
    const late = await buildUser();
    await addMembership(s.group, late, { role: "leader", status: "active", acceptedCharterVersion: 0 });
    await refusedWith(search(ctxFor(late), { q: "ouderraad", groupId: s.groupId }), "charter_required");
    expect((await search(ctxFor(late), { q: "ouderraad" })).total).toBe(0);
    const guest = await buildUser();
    await addMembership(s.group, guest, { role: "guest", status: "active" });
    expect(await ids(ctxFor(guest), "ouderraad", s.groupId)).toEqual([s.msg.hitId]);
  });

  it("a removed member finds nothing of the group on the very next query, on a node that had its index", async () => {
    const s = await scene();
    expect(await ids(s.ctx(s.bob), "ouderraad")).toEqual([s.msg.hitId]);
    await removeMember(ctxFor(s.organiser), { groupId: s.groupId, userId: String(s.bob._id) });
    await refusedWith(search(s.ctx(s.bob), { q: "ouderraad", groupId: s.groupId }), "not_found");
    expect((await search(s.ctx(s.bob), { q: "ouderraad" })).total).toBe(0);
    expect(await Membership.countDocuments({ userId: s.bob._id, status: "removed" })).toBe(1);
  });

  it("an edit is found by its new words, a deleted message at once no more", async () => {
    const s = await scene();
    expect(await ids(s.ctx(s.bob), "ouderraad", s.groupId)).toEqual([s.msg.hitId]);
    await editMessage(s.ctx(s.ann), {
      groupId: s.groupId,
      messageId: s.msg.messageId,
      clientId: cid(),
      text: "De medezeggenschapsraad vergadert.",
    });
    expect(await ids(s.ctx(s.bob), "medezeggenschapsraad", s.groupId)).toEqual([s.msg.hitId]);
    await deleteMessage(s.ctx(s.ann), { groupId: s.groupId, messageId: s.msg.messageId, clientId: cid() });
    expect(await ids(s.ctx(s.bob), "medezeggenschapsraad", s.groupId)).toEqual([]);
    // The title alone no longer finds it either: a deleted message is gone from search.
    expect(await ids(s.ctx(s.bob), "ouderraad", s.groupId)).toEqual([]);
  });

  it("what one node stores, another node's next query finds (no message between the nodes)", async () => {
    const s = await scene();
    const onB = { ...s.ctx(s.bob), node: createNodeState() };
    expect(await ids(onB, "lerarentekort", s.groupId)).toEqual([]); // B builds its index now
    const m = await post(s.ctx(s.ann), s.groupId, "Uitval", "Het lerarentekort raakt de kleuterbouw.");
    expect(await ids(onB, "lerarentekort", s.groupId)).toEqual([m.hitId]);
    const reply = await sendMessage(s.ctx(s.ann), {
      groupId: s.groupId,
      threadId: m.threadId,
      clientId: cid(),
      text: "Lerarentekort, weer.",
    });
    await settled(s.ctx(s.ann), s.groupId);
    expect(await ids(onB, "lerarentekort", s.groupId)).toContain(`message:${(reply.data as { message: { id: string } }).message.id}`);
    await onB.node.close();
  });
});

describe("search: retention (decision 086)", () => {
  it("a group whose content retention deleted is found empty, also by a node that had its index", async () => {
    const s = await scene();
    expect(await ids(s.ctx(s.bob), "ouderraad", s.groupId)).toEqual([s.msg.hitId]);
    await deleteGroupContent(s.group);
    expect(await ids(s.ctx(s.bob), "ouderraad", s.groupId)).toEqual([]);
  });
});

describe("search: erasure (decision 086)", () => {
  async function erase(u: UserDoc) {
    const ctx = { ...ctxFor(u), limits: createLimits(redis) };
    await requestErasure(ctx, "secret", { password: PASSWORD, code: "" }, "127.0.0.1");
    expect(await eraseDueAccounts(ctx, new Date(Date.now() + 8 * 86_400_000))).toEqual({ erased: 1 });
  }

  it("in a group that chose 'remove' the member's messages leave search; elsewhere they stay, under no name", async () => {
    const s = await scene();
    const kept = await buildGroup({ leaders: 1 });
    await addMembership(kept.group, s.ann, { role: "leader", status: "active" });
    const keptId = String(kept.group._id);
    const there = await post(s.ctx(s.ann), keptId, "Werkdruk", "Over werkdruk gesproken.");
    await setGroupErasure(s.ctx(s.coach), { groupId: s.groupId, erasure: "remove" });
    expect(await ids(s.ctx(s.bob), "ouderraad", s.groupId)).toEqual([s.msg.hitId]);
    await erase(s.ann);
    expect(await ids(s.ctx(s.bob), "ouderraad", s.groupId)).toEqual([]);
    const hits = (await search(ctxFor(kept.leaders[0]), { q: "werkdruk", groupId: keptId })).hits;
    expect(hits.map((h) => [h.id, h.authorName])).toEqual([[there.hitId, null]]);
  });
});

describe("search inputs", () => {
  it("accept a query with filters and refuse anything else, with the field that is wrong", () => {
    expect(SearchInput.parse({ q: " ouderraad ", kinds: ["message"], from: "2026-01-01", to: "2026-12-31", limit: 10 })).toMatchObject({
      q: "ouderraad",
    });
    const bad = (v: unknown) => SearchInput.safeParse(v).error?.issues.map((i) => `${i.path.join(".")}:${i.message}`);
    expect(bad({ q: "" })).toEqual(["q:required"]);
    expect(bad({ q: "x".repeat(201) })).toEqual(["q:too_long"]);
    expect(bad({ q: "a", kinds: ["secret"] })?.[0]).toMatch(/^kinds\.0:/);
    expect(bad({ q: "a", groupId: { $ne: null } })?.[0]).toMatch(/^groupId:/);
    expect(bad({ q: "a", extra: 1 })?.[0]).toMatch(/^:|unrecognized/i);
    expect(bad({ q: "a", from: "2026-02-01", to: "2026-01-01" })).toEqual(["to:invalid"]);
    expect(bad({ q: "a", limit: 51 })?.[0]).toMatch(/^limit:/);
  });
});

describe("search: the date filter", () => {
  it("reads a day as the reader's calendar day, in their time zone", async () => {
    const s = await scene();
    await User.updateOne({ _id: s.ann._id }, { $set: { timeZone: "Europe/Brussels" } });
    // 23:30 UTC on 10 March is 00:30 on 11 March in Brussels, 18:30 on 10 March in New York.
    await updateEntryText(s.msg.hitId, { at: new Date("2026-03-10T23:30:00Z") });
    const on = async (day: string) =>
      (await search(s.ctx(s.ann), { q: "ouderraad", groupId: s.groupId, from: day, to: day })).hits.map((h) => h.id);
    expect(await on("2026-03-11")).toContain(s.msg.hitId);
    expect(await on("2026-03-10")).not.toContain(s.msg.hitId);
    await User.updateOne({ _id: s.ann._id }, { $set: { timeZone: "America/New_York" } });
    expect(await on("2026-03-10")).toContain(s.msg.hitId);
    expect(await on("2026-03-11")).not.toContain(s.msg.hitId);
  });
});

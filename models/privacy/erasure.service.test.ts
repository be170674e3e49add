import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import * as Y from "yjs";
import mongoose from "mongoose";
import { afterAll, describe, expect, inject, it } from "vitest";
import { AuditEvent } from "../audit/audit.model";
import { CoachNote } from "../coach/coach.model";
import { editor } from "../collab/test-ydoc";
import { DocComment, DocCommentEntry } from "../comment/comment.model";
import { applyDocUpdate, compactDocument, documentText } from "../document/collab.service";
import { Case, DocVersion } from "../document/document.model";
import { createDocument } from "../document/document.service";
import { createVersion } from "../document/version.service";
import { Goal, GoalVersion } from "../goal/goal.model";
import { Group } from "../group/group.model";
import { Round, RoundVersion } from "../intervision/round.model";
import { AssignmentResponse } from "../meeting/meeting-content.model";
import { CheckIn, Commitment, LearningQuestion } from "../plan/plan.model";
import { createLimits } from "../shared/limits";
import { Message, Notification } from "../thread/thread.model";
import { sendMessage, startThread } from "../thread/thread.service";
import { User } from "../user/user.model";
import { cancelErasure, eraseDueAccounts, getErasureStatus, requestErasure, setGroupErasure } from "./erasure.service";
import { ErasureRequest } from "./erasure.model";
import { ERASURE_RULES, collectUserData, requestExport } from "./export.service";
import { buildGroup, ctxFor, PASSWORD, type TestContext } from "../../test/factories";
import { findEverywhere } from "../../test/find-everywhere";

const canaryOf = (what: string) => `canary-${what}-${randomBytes(6).toString("hex")}`;
const redis = new Redis(inject("REDIS_URL") || process.env.REDIS_URL || "");
afterAll(() => redis.quit());

/** Every Redis key and value (DUMP) where `needle` occurs. */
async function findInRedis(needle: string): Promise<string[]> {
  const hits: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "COUNT", 500);
    cursor = next;
    for (const k of keys) {
      const v = await redis.dump(k);
      if (k.includes(needle) || (v && Buffer.from(v).toString("latin1").includes(needle))) hits.push(k);
    }
  } while (cursor !== "0");
  return hits;
}

const DAY = 86_400_000;
/** A client-made command id (random, as the browser's). */
const cid = () => randomBytes(6).toString("hex");
const later = (days: number) => new Date(Date.now() + days * DAY);

/** Erases the actor's account: asked with the password, carried out after the cooling-off. */
async function erase(ctx: TestContext) {
  await requestErasure(ctx, "secret", { password: PASSWORD, code: "" }, "127.0.0.1");
  expect(await eraseDueAccounts(ctx, later(8))).toEqual({ erased: 1 });
}

/** A group whose leader `a` wrote `canary` into every kind of content, and leader `b` wrote `kept`. */
async function groupWithWriting(canary: string, kept: string) {
  const g = await buildGroup({ leaders: 2, coaches: 1 });
  const [a, b] = g.leaders;
  const coach = g.coaches[0];
  const ctxA = { ...ctxFor(a), limits: createLimits(redis) };
  const ctxB = ctxFor(b);
  const groupId = String(g.group._id);
  await User.updateOne({ _id: a._id }, { $set: { name: `Name ${canary}`, school: `School ${canary}` } });
  // A thread and messages, through the service (the group's event log carries them too).
  const started = await startThread(ctxA, { groupId, clientId: `t-${cid()}`, title: `Thread ${canary}`, text: `Message ${canary}` });
  const thread = { thread: { id: (started.data as { thread: { id: string } }).thread.id } };
  await sendMessage(ctxB, { groupId, threadId: thread.thread.id, clientId: `r-${cid()}`, text: `Reply ${kept}` });
  await sendMessage(ctxA, { groupId, threadId: thread.thread.id, clientId: `r-${cid()}`, text: `Reply ${canary}` });
  // A co-edited document: b's paragraph stays; a types a sentence and deletes it; a version in between.
  const doc = await createDocument(ctxB, { groupId, title: "Notes" });
  const edB = editor();
  edB.paragraph(`Paragraph ${kept}`);
  await applyDocUpdate(ctxB, { groupId, docId: doc.id, clientId: `b-${cid()}`, update: edB.takeBatch()! });
  const edA = editor();
  edA.apply(Y.encodeStateAsUpdate(edB.doc));
  edA.paragraph(`Typed ${canary}`);
  await applyDocUpdate(ctxA, { groupId, docId: doc.id, clientId: `a-${cid()}`, update: edA.takeBatch()! });
  await compactDocument(ctxA, doc.id);
  const frag = edA.doc.getXmlFragment("default");
  frag.delete(frag.length - 1, 1);
  await applyDocUpdate(ctxA, { groupId, docId: doc.id, clientId: `a2-${cid()}`, update: edA.takeBatch()! });
  await createVersion(ctxB, { groupId, docId: doc.id, name: "After" });

  // The rest as stored records, linked to a by their fields.
  const u = a._id;
  const gid = g.group._id;
  const text = `Text ${canary}`;
  const id = () => new mongoose.Types.ObjectId();
  const roundId = id();
  const raw = (model: mongoose.Model<never>) => model.collection;
  await raw(Case as never).insertOne({ groupId: gid, title: text, bringerId: u, docId: id(), status: "new" });
  const commentId = id();
  await raw(DocComment as never).insertOne({ _id: commentId, groupId: gid, docId: id(), authorId: u, body: text, quote: text });
  await raw(DocCommentEntry as never).insertOne({ groupId: gid, docId: id(), commentId: id(), authorId: u, body: text, kind: "reply" });
  await raw(Round as never).insertOne({ _id: roundId, groupId: gid, inbrengerId: u, createdBy: coach._id, caseQuestion: text });
  await raw(RoundVersion as never).insertOne({
    _id: `${roundId}:1` as never,
    roundId,
    version: 1,
    actorId: String(u),
    state: { contributions: [{ authorId: String(u), kind: "question", text, at: 1 }] },
  });
  await raw(LearningQuestion as never).insertOne({ _id: `${gid}:${u}:1` as never, groupId: gid, userId: u, text });
  await raw(CheckIn as never).insertOne({ groupId: gid, userId: u, questionId: `${gid}:${u}:1`, text });
  await raw(Commitment as never).insertOne({ _id: `${gid}:${u}:goal:x:1` as never, groupId: gid, userId: u, text });
  const goalId = id();
  await raw(Goal as never).insertOne({ _id: goalId, groupId: gid, title: `Goal ${kept}`, createdBy: u });
  await raw(GoalVersion as never).insertOne({ goalId, version: 1, title: `Goal ${kept}`, createdBy: u });
  await raw(AssignmentResponse as never).insertOne({ _id: `${id()}:${u}` as never, groupId: gid, assignmentId: id(), userId: u, text });
  await raw(CoachNote as never).insertOne({ groupId: gid, memberId: u, authorId: coach._id, text });
  await raw(CoachNote as never).insertOne({ groupId: gid, memberId: b._id, authorId: u, text });
  await raw(Notification as never).insertOne({ _id: `${u}:x` as never, userId: u, groupId: gid, kind: "mention", text });
  await requestExport(ctxA);
  return { g, a, b, ctxA, ctxB, groupId, docId: doc.id, threadId: thread.thread.id };
}

describe("erasure", () => {
  it("leaves nothing the member wrote or was in a 'remove' group: no collection, no Redis key, not in the Yjs log, snapshots or versions", async () => {
    const canary = canaryOf("erased");
    const kept = canaryOf("kept");
    const w = await groupWithWriting(canary, kept);
    await setGroupErasure(ctxFor(w.g.coaches[0]), { groupId: w.groupId, erasure: "remove" });
    const userId = String(w.a._id);
    const email = w.a.email;
    // The search finds the canary in its binary forms (the Yjs log, snapshot and version) before.
    const before = await findEverywhere(canary);
    expect(before.some((h) => h.startsWith("docupdates:") || h.startsWith("docsnapshots:"))).toBe(true);
    expect(before.length).toBeGreaterThanOrEqual(15);

    await erase(w.ctxA);

    expect(await findEverywhere(canary)).toEqual([]);
    expect(await findEverywhere(userId)).toEqual([]);
    expect(await findEverywhere(email)).toEqual([]);
    expect(await findInRedis(canary)).toEqual([]);
    expect(await findInRedis(userId)).toEqual([]);
    expect(await findInRedis(email)).toEqual([]);
    // The others' writing stays: b's reply, b's paragraph (now in a fresh document), the goal.
    expect((await findEverywhere(kept)).length).toBeGreaterThan(0);
    expect(await Message.countDocuments({ threadId: w.threadId, text: `Reply ${kept}` })).toBe(1);
    expect(await documentText(w.ctxB, w.docId)).toBe(`Paragraph ${kept}`);
    expect(await DocVersion.countDocuments({ docId: w.docId })).toBe(1);
    // Open editors are told to reload.
    expect(w.ctxA.publisher.calls).toContainEqual({ method: "docRewritten", groupId: w.groupId, docId: w.docId });
    expect(await ErasureRequest.countDocuments({})).toBe(0);
  });

  it("keeps what the member wrote in an 'anonymise' group (the default) under one former member per group", async () => {
    const canary = canaryOf("anon");
    const kept = canaryOf("kept");
    const w = await groupWithWriting(canary, kept);
    expect((await Group.findById(w.g.group._id).lean())!.erasure).toBe("anonymise");
    const userId = String(w.a._id);
    await erase(w.ctxA);

    expect(await findEverywhere(userId)).toEqual([]);
    const mine = await Message.find({ threadId: w.threadId, text: { $in: [`Message ${canary}`, `Reply ${canary}`] } }).lean();
    expect(mine).toHaveLength(2);
    const former = String(mine[0].authorId);
    expect(String(mine[1].authorId)).toBe(former);
    expect(former).not.toBe(userId);
    expect(await User.countDocuments({ _id: mine[0].authorId })).toBe(0);
    expect(String((await GoalVersion.findOne({ title: `Goal ${kept}` }).lean())!.createdBy)).toBe(former);
    // Personal records go in every group; the deleted sentence survives nowhere.
    expect(await findEverywhere(`Typed ${canary}`)).toEqual([]);
    expect(await LearningQuestion.countDocuments({ groupId: w.g.group._id })).toBe(0);
    expect(await CheckIn.countDocuments({ groupId: w.g.group._id })).toBe(0);
    expect(await CoachNote.countDocuments({ memberId: w.a._id })).toBe(0);
    // Audit entries keep the fact, under the former member.
    const joined = await AuditEvent.find({ groupId: w.g.group._id, type: "member_joined" }).lean();
    expect(joined.every((e) => String(e.actorId) !== userId)).toBe(true);
    // The other group of a different erased... one per group: a second group gets another former id.
    expect(await findEverywhere(w.a.email)).toEqual([]);
  });

  it("asks for the password (and the second factor), signs out everywhere, can be cancelled, and waits out the cooling-off", async () => {
    const g = await buildGroup({ leaders: 1 });
    const ctx = { ...ctxFor(g.leaders[0]), limits: createLimits(null) };
    await expect(requestErasure(ctx, "secret", { password: "wrong", code: "" }, "127.0.0.1")).rejects.toMatchObject({
      code: "invalid_credentials",
    });
    expect(await getErasureStatus(ctx)).toBeNull();
    const status = await requestErasure(ctx, "secret", { password: PASSWORD, code: "" }, "127.0.0.1");
    expect(new Date(status.dueAt).getTime() - new Date(status.requestedAt).getTime()).toBe(7 * DAY);
    expect(ctx.publisher.calls).toContainEqual({ method: "disconnectUser", userId: String(g.leaders[0]._id) });
    expect(ctx.mails.at(-1)?.to).toBe(g.leaders[0].email);
    await expect(requestErasure(ctx, "secret", { password: PASSWORD, code: "" }, "127.0.0.1")).rejects.toMatchObject({
      code: "conflict",
      meta: { reason: "privacy_erasure_pending" },
    });
    expect(await eraseDueAccounts(ctx, later(6))).toEqual({ erased: 0 });
    await cancelErasure(ctx);
    expect(await getErasureStatus(ctx)).toBeNull();
    expect(await eraseDueAccounts(ctx, later(30))).toEqual({ erased: 0 });
    expect(await User.countDocuments({ _id: g.leaders[0]._id })).toBe(1);
    await expect(cancelErasure(ctx)).rejects.toMatchObject({ code: "not_found" });
    // Only the coach (or the trajectory's organiser) sets the group's choice; an outsider learns nothing.
    await expect(setGroupErasure(ctx, { groupId: String(g.group._id), erasure: "remove" })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("has a rule for every kind of record the export collects (export and erasure cannot drift)", async () => {
    const w = await groupWithWriting(canaryOf("kinds"), canaryOf("kept"));
    const data = await collectUserData(String(w.a._id));
    expect(Object.keys(data).sort()).toEqual(Object.keys(ERASURE_RULES).sort());
    // And every source the export reads finds nothing of the user once erased.
    await erase(w.ctxA);
    await expect(collectUserData(String(w.a._id))).rejects.toMatchObject({ code: "not_found" });
  });
});

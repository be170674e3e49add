// Comments anchored to ranges of a co-edited document, against the real database: the anchor
// follows the text through concurrent edits, a deleted range still lists (as removed), the policy
// (outsider not_found, guest read-only), resends stored once, replies, resolve and reopen.
import { randomBytes } from "node:crypto";
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { addComment, listComments, replyToComment, setCommentResolved } from "./comment.service";
import { resolveAnchor } from "./comment-anchor";
import { DocComment, DocCommentEntry } from "./comment.model";
import { resolutionOf, type CommentEventData } from "./comment.dto";
import { AddCommentInput } from "./comment.inputs";
import { createDocument, setDocumentArchived } from "../document/document.service";
import { applyDocUpdate } from "../document/collab.service";
import { CONTENT_FIELD } from "../collab/doc-store";
import { editor } from "../collab/test-ydoc";
import { GroupEvent } from "../delivery/group-event.model";
import type { GroupEventDTO } from "../delivery/delivery.service";
import { addMembership, buildGroup, buildUser, ctxFor, RecordingPublisher, testNode } from "../../test/factories";

const cid = () => `c-${randomBytes(8).toString("hex")}`;
const b64 = (rpos: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(rpos)).toString("base64");
const firstText = (doc: Y.Doc) => (doc.getXmlFragment(CONTENT_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText;
/** An anchor as the browser makes it: the start tied to the character after it, the end to the one
 *  before it, so text typed just outside the range stays outside. */
const anchorOf = (doc: Y.Doc, from: number, to: number) => ({
  anchorStart: b64(Y.createRelativePositionFromTypeIndex(firstText(doc), from, 0)),
  anchorEnd: b64(Y.createRelativePositionFromTypeIndex(firstText(doc), to, -1)),
});

/** A group with a document holding "Hello world, said Ann." and editor `e` that wrote it. */
async function setup() {
  const g = await buildGroup({ leaders: 2 });
  const groupId = String(g.group._id);
  const publisher = new RecordingPublisher();
  const [a, b] = g.leaders.map((u) => ctxFor(u, { publisher, mails: [] }));
  const doc = await createDocument(a, { groupId, title: "Case notes" });
  const e = editor(101);
  e.paragraph("Hello world, said Ann.");
  await applyDocUpdate(a, { groupId, docId: doc.id, clientId: cid(), update: e.takeBatch()! });
  publisher.clear();
  return { ...g, groupId, docId: doc.id, a, b, e, publisher };
}

const currentRange = async (docId: string, anchor: { anchorStart: string; anchorEnd: string }) => {
  const { ydoc } = await testNode().collab.store.loadYDoc(docId);
  return resolveAnchor(ydoc, { start: anchor.anchorStart, end: anchor.anchorEnd });
};

describe("comment anchors", () => {
  it("follow the text after concurrent inserts before them, and keep the quote", async () => {
    const { groupId, docId, a, b, e, publisher } = await setup();
    const anchor = anchorOf(e.doc, 6, 11); // "world"
    const ev = await addComment(a, { groupId, docId, clientId: cid(), ...anchor, body: "Who is the world here?" });
    expect(ev.data).toMatchObject({
      kind: "comment.created",
      comment: { quote: "world", body: "Who is the world here?", authorId: a.actor.id },
    });
    expect(publisher.of("toGroup")).toEqual([{ method: "toGroup", groupId, event: "group:event", data: ev }]);

    // Two editors insert before the range at the same time (neither has seen the other's insert),
    // one of them right at its start.
    const x = editor(202);
    const y = editor(303);
    x.apply(Y.encodeStateAsUpdate(e.doc));
    y.apply(Y.encodeStateAsUpdate(e.doc));
    x.type("Big ", 0);
    y.type("So: ", 6);
    await Promise.all([
      applyDocUpdate(a, { groupId, docId, clientId: cid(), update: x.takeBatch()! }),
      applyDocUpdate(b, { groupId, docId, clientId: cid(), update: y.takeBatch()! }),
    ]);
    const range = await currentRange(docId, anchor);
    expect(range).toEqual({ from: 14, to: 19, text: "world" });
    const { comments } = await listComments(b, { groupId, docId });
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({ quote: "world", removed: false, entries: [] });
  });

  it("whose text was deleted entirely still lists, as removed", async () => {
    const { groupId, docId, a, e } = await setup();
    const anchor = anchorOf(e.doc, 6, 11);
    await addComment(a, { groupId, docId, clientId: cid(), ...anchor, body: "Note" });
    firstText(e.doc).delete(5, 6); // " world"
    await applyDocUpdate(a, { groupId, docId, clientId: cid(), update: e.takeBatch()! });
    expect(e.text()).toBe("Hello, said Ann.");
    expect((await currentRange(docId, anchor))?.text).toBe("");
    const { comments } = await listComments(a, { groupId, docId });
    expect(comments).toMatchObject([{ quote: "world", removed: true }]);

    // A deleted paragraph: the same.
    const p = editor(404);
    p.apply(Y.encodeStateAsUpdate(e.doc));
    p.paragraph("Second paragraph");
    await applyDocUpdate(a, { groupId, docId, clientId: cid(), update: p.takeBatch()! });
    const second = (p.doc.getXmlFragment(CONTENT_FIELD).get(1) as Y.XmlElement).get(0) as Y.XmlText;
    const anchor2 = {
      anchorStart: b64(Y.createRelativePositionFromTypeIndex(second, 0, 0)),
      anchorEnd: b64(Y.createRelativePositionFromTypeIndex(second, 6, -1)),
    };
    await addComment(a, { groupId, docId, clientId: cid(), ...anchor2, body: "On the second" });
    p.doc.getXmlFragment(CONTENT_FIELD).delete(1, 1);
    await applyDocUpdate(a, { groupId, docId, clientId: cid(), update: p.takeBatch()! });
    expect((await listComments(a, { groupId, docId })).comments.map((c) => [c.quote, c.removed])).toEqual([
      ["world", true],
      ["Second", true],
    ]);
  });

  it("must resolve in this document and enclose text: garbage, another document's, empty ranges are refused", async () => {
    const { groupId, docId, a, e } = await setup();
    const other = await createDocument(a, { groupId, title: "Other" });
    const o = editor(505);
    o.paragraph("Elsewhere");
    await applyDocUpdate(a, { groupId, docId: other.id, clientId: cid(), update: o.takeBatch()! });
    const tries = [
      { anchorStart: "AAAA", anchorEnd: "AAAA" },
      anchorOf(o.doc, 0, 4), // another document's text
      anchorOf(e.doc, 3, 3), // nothing selected
      { anchorStart: "/////w==", anchorEnd: anchorOf(e.doc, 0, 3).anchorEnd },
    ];
    for (const t of tries) {
      await expect(addComment(a, { groupId, docId, clientId: cid(), ...t, body: "x" })).rejects.toMatchObject({
        code: "invalid_input",
        issues: [{ path: "anchor" }],
      });
    }
    // Text the server does not have yet (an editor's batch not stored): refused, not guessed.
    e.type("Unsent ", 0);
    await expect(addComment(a, { groupId, docId, clientId: cid(), ...anchorOf(e.doc, 0, 6), body: "x" })).rejects.toMatchObject({
      code: "invalid_input",
    });
    // The boundary parses: an operator object or an oversized body never reaches the service.
    expect(
      AddCommentInput.safeParse({ groupId, docId, clientId: cid(), anchorStart: { $ne: null }, anchorEnd: "AA==", body: "x" }).success,
    ).toBe(false);
    expect(AddCommentInput.safeParse({ groupId, docId, clientId: cid(), ...anchorOf(e.doc, 0, 5), body: "x".repeat(4001) }).success).toBe(
      false,
    );
    expect(await DocComment.countDocuments({})).toBe(0);
  });
});

describe("comment policy", () => {
  it("an outsider gets not_found for everything; a guest reads but may not comment, reply or resolve", async () => {
    const { group, groupId, docId, a, e } = await setup();
    const ev = await addComment(a, { groupId, docId, clientId: cid(), ...anchorOf(e.doc, 0, 5), body: "Hi" });
    const commentId = (ev.data as Extract<CommentEventData, { kind: "comment.created" }>).comment.id;

    const outsider = ctxFor(await buildUser());
    await expect(listComments(outsider, { groupId, docId })).rejects.toMatchObject({ code: "not_found" });
    await expect(addComment(outsider, { groupId, docId, clientId: cid(), ...anchorOf(e.doc, 0, 5), body: "x" })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(replyToComment(outsider, { groupId, docId, commentId, clientId: cid(), body: "x" })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(setCommentResolved(outsider, { groupId, docId, commentId, clientId: cid(), resolved: true })).rejects.toMatchObject({
      code: "not_found",
    });
    // A member of another group naming this document or comment under their own group: not_found too.
    const foreign = await buildGroup({ leaders: 1 });
    const f = ctxFor(foreign.leaders[0]);
    const fg = String(foreign.group._id);
    const fdoc = await createDocument(f, { groupId: fg, title: "Mine" });
    await expect(listComments(f, { groupId: fg, docId })).rejects.toMatchObject({ code: "not_found" });
    await expect(replyToComment(f, { groupId: fg, docId: fdoc.id, commentId, clientId: cid(), body: "x" })).rejects.toMatchObject({
      code: "not_found",
    });

    const guestUser = await buildUser();
    await addMembership(group, guestUser, { role: "guest", status: "active" });
    const guest = ctxFor(guestUser);
    expect((await listComments(guest, { groupId, docId })).comments.map((c) => c.body)).toEqual(["Hi"]);
    await expect(addComment(guest, { groupId, docId, clientId: cid(), ...anchorOf(e.doc, 0, 5), body: "x" })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(replyToComment(guest, { groupId, docId, commentId, clientId: cid(), body: "x" })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(setCommentResolved(guest, { groupId, docId, commentId, clientId: cid(), resolved: true })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await DocCommentEntry.countDocuments({})).toBe(0);

    // Archived documents are read-only for comments too.
    await setDocumentArchived(a, { groupId, docId, archived: true });
    await expect(replyToComment(a, { groupId, docId, commentId, clientId: cid(), body: "x" })).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("comment threads", () => {
  it("a resend (same client id) is stored once and returns the same event; the id elsewhere is refused", async () => {
    const { groupId, docId, a, e } = await setup();
    const clientId = cid();
    const input = { groupId, docId, clientId, ...anchorOf(e.doc, 0, 5), body: "Once" };
    const [first, second] = await Promise.all([addComment(a, input), addComment(a, input)]);
    const third = await addComment(a, input);
    expect(second.seq).toBe(first.seq);
    expect(third).toEqual(first);
    expect(await DocComment.countDocuments({})).toBe(1);
    expect(await GroupEvent.countDocuments({ type: "comment.created" })).toBe(1);
    const commentId = (first.data as Extract<CommentEventData, { kind: "comment.created" }>).comment.id;
    const replyId = cid();
    await replyToComment(a, { groupId, docId, commentId, clientId: replyId, body: "r" });
    await replyToComment(a, { groupId, docId, commentId, clientId: replyId, body: "r" });
    expect(await DocCommentEntry.countDocuments({})).toBe(1);
    // The same client id for another kind of command, or another document: refused.
    await expect(setCommentResolved(a, { groupId, docId, commentId, clientId: replyId, resolved: true })).rejects.toMatchObject({
      code: "conflict",
    });
  });

  it("replies, resolve and reopen (who, when); the newest in the group's order wins", async () => {
    const { groupId, docId, a, b, e, leaders, publisher } = await setup();
    const created = await addComment(a, { groupId, docId, clientId: cid(), ...anchorOf(e.doc, 0, 5), body: "Start" });
    const commentId = (created.data as Extract<CommentEventData, { kind: "comment.created" }>).comment.id;
    await replyToComment(b, { groupId, docId, commentId, clientId: cid(), body: "A reply by Bob" });
    await expect(
      replyToComment(b, { groupId, docId, commentId: String(created.groupId), clientId: cid(), body: "x" }),
    ).rejects.toMatchObject({ code: "not_found" });
    const resolved = await setCommentResolved(b, { groupId, docId, commentId, clientId: cid(), resolved: true });
    let [c] = (await listComments(a, { groupId, docId })).comments;
    expect(c.entries.map((x) => [x.kind, x.body, x.authorName])).toEqual([
      ["reply", "A reply by Bob", leaders[1].name],
      ["resolved", "", leaders[1].name],
    ]);
    expect(resolutionOf(c)).toEqual({
      byId: b.actor.id,
      byName: leaders[1].name,
      at: (resolved.data as { entry: { at: string } }).entry.at,
    });

    // Reopen and resolve at the same time: both stored, the later log position decides for everyone.
    const [r1, r2] = await Promise.all([
      setCommentResolved(a, { groupId, docId, commentId, clientId: cid(), resolved: false }),
      setCommentResolved(b, { groupId, docId, commentId, clientId: cid(), resolved: true }),
    ]);
    [c] = (await listComments(a, { groupId, docId })).comments;
    const later = r1.seq > r2.seq ? r1 : r2;
    expect(resolutionOf(c) !== null).toBe(later.type === "comment.resolved");
    expect(c.entries.map((x) => x.seq)).toEqual([...c.entries.map((x) => x.seq)].sort((x, y) => x - y));
    // Every change went to the group's room as a group-log event.
    const events = publisher.of("toGroup").map((p) => p.data as GroupEventDTO);
    expect(events.map((x) => x.type)).toEqual([
      "comment.created",
      "comment.replied",
      "comment.resolved",
      expect.any(String),
      expect.any(String),
    ]);
  });
});

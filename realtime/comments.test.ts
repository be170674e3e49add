// Comments over real sockets on two nodes sharing the real Redis: a comment added on node A
// arrives live, anchored on the right text, at a member on node B (not at an outsider), replies
// and resolving travel back, a guest is refused, and a client that was away catches up with
// group:sync from the group's log.
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { createSession } from "../models/session/session.service";
import { createDocument } from "../models/document/document.service";
import { CONTENT_FIELD } from "../models/collab/doc-store";
import { resolutionOf, applyCommentEvent, type CommentDTO, type CommentEvent } from "../models/comment/comment.dto";
import type { GroupEventDTO } from "../models/delivery/delivery.service";
import { addMembership, buildGroup, buildUser, ctxFor } from "../test/factories";
import { ask, connectAs, okData, online, record, roundTrip, waitFor } from "../test/socket";
import { clientFor, setupTwoNodes } from "../test/collab";

const nodes = setupTwoNodes();

const id = (d: { _id: unknown }) => String(d._id);
let counter = 0;
const cid = () => `cm-${++counter}-${Math.random().toString(36).slice(2, 10)}`;
const b64 = (r: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(r)).toString("base64");

const isComment = (kind: string) => (e: GroupEventDTO) => e.type === kind;

describe("comments live across nodes", () => {
  it("a comment added on node A arrives on node B anchored on the right text; replies and resolve come back; a guest is refused", {
    timeout: 30_000,
  }, async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const [ann, bob] = leaders;
    const guest = await buildUser();
    await addMembership(group, guest, { role: "guest", status: "active" });
    const groupId = id(group);
    const doc = await createDocument(ctxFor(ann), { groupId, title: "Case" });

    const sa = await online(nodes.a, ann, [groupId]);
    const sb = await online(nodes.b, bob, [groupId]);
    const sg = await online(nodes.b, guest, [groupId]);
    const outsider = await connectAs(nodes.b.url, await createSession(id(await buildUser())));
    const leaked = record(outsider, "group:event");

    // Ann writes through the editor's sync (her text is stored before she comments on it).
    const a = clientFor(sa, groupId, doc.id);
    const b = clientFor(sb, groupId, doc.id);
    const frag = a.ydoc.getXmlFragment(CONTENT_FIELD);
    const p = new Y.XmlElement("paragraph");
    const t = new Y.XmlText();
    t.insert(0, "The parent called the board twice.");
    p.insert(0, [t]);
    frag.insert(0, [p]);
    await a.whenSaved();

    // "the board": 18..27
    const anchor = {
      anchorStart: b64(Y.createRelativePositionFromTypeIndex(t, 18, 0)),
      anchorEnd: b64(Y.createRelativePositionFromTypeIndex(t, 27, -1)),
    };
    const arrived = waitFor(sb, "group:event", isComment("comment.created"), { timeout: 5000 });
    const guestGot = waitFor(sg, "group:event", isComment("comment.created"), { timeout: 5000 });
    const created = (await okData(
      ask(sa, "comment:add", { groupId, docId: doc.id, clientId: cid(), ...anchor, body: "Which board?" }),
    )) as CommentEvent;
    const live = (await arrived) as CommentEvent;
    expect(live).toEqual(created);
    expect(live.data).toMatchObject({
      kind: "comment.created",
      comment: { quote: "the board", body: "Which board?", authorName: ann.name, docId: doc.id },
    });
    await guestGot;

    // On Bob's copy of the document (synced through node B) the anchor lands on the same text.
    await expect.poll(() => b.ydoc.getXmlFragment(CONTENT_FIELD).length).toBe(1);
    const comment = (live.data as { comment: CommentDTO }).comment;
    const start = Y.createAbsolutePositionFromRelativePosition(
      Y.decodeRelativePosition(Buffer.from(comment.anchorStart, "base64")),
      b.ydoc,
    )!;
    const end = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(Buffer.from(comment.anchorEnd, "base64")), b.ydoc)!;
    expect((start.type as Y.XmlText).toString().slice(start.index, end.index)).toBe("the board");

    // Bob replies and resolves from node B; Ann on node A sees both, in order.
    const annSees = record(sa, "group:event");
    const replied = await okData(
      ask(sb, "comment:reply", { groupId, docId: doc.id, commentId: comment.id, clientId: cid(), body: "The school board." }),
    );
    const resolved = await okData(
      ask(sb, "comment:resolve", { groupId, docId: doc.id, commentId: comment.id, clientId: cid(), resolved: true }),
    );
    await expect.poll(() => annSees.events.map((e) => e.seq)).toEqual([replied.seq, resolved.seq]);
    let state: CommentDTO[] = [];
    for (const e of [live, ...annSees.events]) state = applyCommentEvent(state, e, doc.id);
    expect(state[0].entries.map((e) => [e.kind, e.body])).toEqual([
      ["reply", "The school board."],
      ["resolved", ""],
    ]);
    expect(resolutionOf(state[0])?.byName).toBe(bob.name);

    // The guest reads along but may not comment, reply or resolve.
    for (const [event, payload] of [
      ["comment:add", { ...anchor, body: "x" }],
      ["comment:reply", { commentId: comment.id, body: "x" }],
      ["comment:resolve", { commentId: comment.id, resolved: false }],
    ] as const) {
      expect(await ask(sg, event, { groupId, docId: doc.id, clientId: cid(), ...payload })).toMatchObject({
        ok: false,
        error: { code: "forbidden" },
      });
    }
    // An outsider asking gets not_found, and heard nothing.
    expect(
      await ask(outsider, "comment:reply", { groupId, docId: doc.id, commentId: comment.id, clientId: cid(), body: "x" }),
    ).toMatchObject({ ok: false, error: { code: "not_found" } });
    await roundTrip(outsider);
    expect(leaked.events).toEqual([]);
  });

  it("a client that was away catches up with group:sync: the reopen it missed comes from the log", { timeout: 30_000 }, async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const [ann, bob] = leaders;
    const groupId = id(group);
    const doc = await createDocument(ctxFor(ann), { groupId, title: "Notes" });
    const sa = await online(nodes.a, ann, [groupId]);
    const a = clientFor(sa, groupId, doc.id);
    const p = new Y.XmlElement("paragraph");
    const t = new Y.XmlText();
    t.insert(0, "Short text");
    p.insert(0, [t]);
    a.ydoc.getXmlFragment(CONTENT_FIELD).insert(0, [p]);
    await a.whenSaved();
    const anchor = {
      anchorStart: b64(Y.createRelativePositionFromTypeIndex(t, 0, 0)),
      anchorEnd: b64(Y.createRelativePositionFromTypeIndex(t, 5, -1)),
    };

    const sb = await online(nodes.b, bob, [groupId]);
    const created = (await okData(
      ask(sa, "comment:add", { groupId, docId: doc.id, clientId: cid(), ...anchor, body: "Too short?" }),
    )) as CommentEvent;
    const commentId = (created.data as { comment: CommentDTO }).comment.id;
    await okData(ask(sb, "comment:resolve", { groupId, docId: doc.id, commentId, clientId: cid(), resolved: true }));
    sb.disconnect();
    const reopened = await okData(ask(sa, "comment:resolve", { groupId, docId: doc.id, commentId, clientId: cid(), resolved: false }));

    const back = await online(nodes.a, bob, [groupId]);
    const missed = await okData<GroupEventDTO[]>(ask(back, "group:sync", { groupId, afterSeq: created.seq }));
    expect(missed.map((e) => e.type)).toEqual(["comment.resolved", "comment.reopened"]);
    expect(missed.at(-1)!.seq).toBe(reopened.seq);
    let state: CommentDTO[] = [];
    for (const e of [created, ...missed]) state = applyCommentEvent(state, e, doc.id);
    expect(resolutionOf(state[0])).toBeNull();
  });
});

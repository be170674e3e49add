// The document page's no-JavaScript door for comments: the loader lists them, the action replies
// and resolves through the same services as the socket (CSRF, zod, policy), called as functions
// with real Requests.
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { createSession } from "../models/session/session.service";
import { addComment } from "../models/comment/comment.service";
import { DocCommentEntry } from "../models/comment/comment.model";
import { createDocument } from "../models/document/document.service";
import { applyDocUpdate } from "../models/document/collab.service";
import { CONTENT_FIELD } from "../models/collab/doc-store";
import { editor } from "../models/collab/test-ydoc";
import { addMembership, buildGroup, buildUser, ctxFor } from "./factories";
import { routeTestContext, settle } from "./route-context";
import { action, loader } from "../app/routes/groups.$groupId.docs.$docId";

const SECRET = "doc-comments-route-secret-0123456789abcdef";
const { context, request } = routeTestContext(SECRET);

async function outcome(fn: () => unknown) {
  const res = await settle(fn);
  if (!(res instanceof Response)) return { status: 200, body: res as unknown };
  const text = await res.text();
  return { status: res.status, body: res.headers.get("Content-Type")?.includes("json") ? JSON.parse(text) : text };
}

async function setup() {
  const { group, leaders } = await buildGroup({ leaders: 1 });
  const groupId = String(group._id);
  const me = ctxFor(leaders[0]);
  const doc = await createDocument(me, { groupId, title: "Notes" });
  const e = editor();
  e.paragraph("Some text here");
  await applyDocUpdate(me, { groupId, docId: doc.id, clientId: "route-seed-doc", update: e.takeBatch()! });
  const t = (e.doc.getXmlFragment(CONTENT_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText;
  const b64 = (r: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(r)).toString("base64");
  const ev = await addComment(me, {
    groupId,
    docId: doc.id,
    clientId: "route-seed-comment",
    anchorStart: b64(Y.createRelativePositionFromTypeIndex(t, 5, 0)),
    anchorEnd: b64(Y.createRelativePositionFromTypeIndex(t, 9, -1)),
    body: "Which?",
  });
  const commentId = (ev.data as { comment: { id: string } }).comment.id;
  const as = async (userId: string) => {
    const session = await createSession(userId);
    const params = { groupId, docId: doc.id };
    const url = `http://x/groups/${groupId}/docs/${doc.id}`;
    return {
      load: () => outcome(() => loader({ request: request(url, session), context, params } as never)),
      post: (form: Record<string, string>) => outcome(() => action({ request: request(url, session, form), context, params } as never)),
    };
  };
  return { group, groupId, docId: doc.id, commentId, leader: await as(String(leaders[0]._id)), as };
}

describe("document route: comments without JavaScript", () => {
  it("lists comments; replies and resolves through forms, a resent form is stored once", async () => {
    const { leader, commentId } = await setup();
    const page = await leader.load();
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ comments: [{ id: commentId, quote: "text", body: "Which?", removed: false }], syncFrom: 0 });

    const reply = { intent: "reply", commentId, clientId: "route-reply-0001", body: "  This one.  " };
    expect(await leader.post(reply)).toEqual({ status: 200, body: { ok: true, intent: "reply" } });
    expect(await leader.post(reply)).toEqual({ status: 200, body: { ok: true, intent: "reply" } });
    expect(await leader.post({ intent: "resolve", commentId, clientId: "route-resolve-01", resolved: "true" })).toMatchObject({
      status: 200,
    });
    const entries = await DocCommentEntry.find({}).sort({ seq: 1 }).lean();
    expect(entries.map((e) => [e.kind, e.body])).toEqual([
      ["reply", "This one."],
      ["resolved", ""],
    ]);

    // Bad input: a localised field error, nothing stored.
    const bad = await leader.post({ intent: "reply", commentId, clientId: "route-reply-0002", body: "   " });
    expect(bad).toMatchObject({ status: 400, body: { ok: false, fieldErrors: { body: "required" } } });
    expect(await leader.post({ intent: "resolve", commentId, clientId: "route-resolve-02", resolved: "maybe" })).toMatchObject({
      status: 400,
    });
    expect(await DocCommentEntry.countDocuments({})).toBe(2);
  });

  it("a guest reads comments but the forms refuse them; an unknown comment is a 404", async () => {
    const { group, as, commentId, leader } = await setup();
    const guest = await buildUser();
    await addMembership(group, guest, { role: "guest", status: "active" });
    const g = await as(String(guest._id));
    expect((await g.load()).body).toMatchObject({ comments: [{ id: commentId }], canWrite: false });
    expect(await g.post({ intent: "reply", commentId, clientId: "route-guest-0001", body: "x" })).toMatchObject({ status: 403 });
    expect((await leader.post({ intent: "reply", commentId: "0".repeat(24), clientId: "route-reply-0003", body: "x" })).status).toBe(404);
    expect(await DocCommentEntry.countDocuments({})).toBe(0);
  });
});

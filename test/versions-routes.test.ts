// The versions and charter routes' forms, called as functions with real Requests: bad input gets a
// localised error and changes nothing; read-only members are refused; the happy paths redirect or
// answer ok and store what they say. (The outsider's 404 is in routes-matrix.test.ts.)
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSession } from "../models/session/session.service";
import { createDocument } from "../models/document/document.service";
import { applyDocUpdate, documentText, loadDocState } from "../models/document/collab.service";
import { createVersion } from "../models/document/version.service";
import { DocVersion } from "../models/document/document.model";
import { getCharterDraft } from "../models/charter/charter.service";
import { Group } from "../models/group/group.model";
import { editor } from "../models/collab/test-ydoc";
import type { UserDoc } from "../models/user/user.model";
import { addMembership, buildGroup, buildUser, ctxFor, nodeCtx } from "./factories";
import { routeTestContext, settle } from "./route-context";
import * as versionsRoute from "../app/routes/groups.$groupId.docs.$docId_.versions";
import * as versionRoute from "../app/routes/groups.$groupId.docs.$docId_.versions_.$versionId";
import * as charterRoute from "../app/routes/groups.$groupId.charter";

const SECRET = "versions-routes-secret-0123456789abcdefghij";
const { context, request } = routeTestContext(SECRET);

async function post(
  user: UserDoc,
  action: (args: never) => unknown,
  params: Record<string, string>,
  form: Record<string, string>,
  lang = "nl",
) {
  const session = await createSession(String(user._id));
  const res = await settle(() => action({ request: request("http://x/form", session, form, lang), context, params } as never));
  if (!(res instanceof Response)) throw new Error(`expected a Response, got ${String(res)}`);
  return { status: res.status, location: res.headers.get("Location"), body: res.status < 300 || res.status >= 400 ? await res.text() : "" };
}

async function docWithText(groupId: string, author: UserDoc, text: string) {
  const ctx = ctxFor(author);
  const doc = await createDocument(ctx, { groupId, title: "Notes" });
  const e = editor();
  e.paragraph(text);
  await applyDocUpdate(ctx, { groupId, docId: doc.id, clientId: `c-${randomBytes(8).toString("hex")}`, update: e.takeBatch()! });
  return doc;
}

describe("versions forms", () => {
  it("naming: an empty or too long name gets a localised field error and stores nothing; a good one is stored", async () => {
    const { group, leaders } = await buildGroup({ leaders: 1 });
    const groupId = String(group._id);
    const doc = await docWithText(groupId, leaders[0], "text");
    const params = { groupId, docId: doc.id };
    const empty = await post(leaders[0], versionsRoute.action, params, { intent: "name", name: "   " });
    expect(empty.status).toBe(400);
    expect(JSON.parse(empty.body)).toEqual({ ok: false, message: "Controleer de gemarkeerde velden.", fieldErrors: { name: "required" } });
    const long = await post(leaders[0], versionsRoute.action, params, { intent: "name", name: "x".repeat(300) }, "en");
    expect(JSON.parse(long.body)).toEqual({ ok: false, message: "Please check the marked fields.", fieldErrors: { name: "too_long" } });
    const operator = await post(leaders[0], versionsRoute.action, params, { intent: "name", "name[$ne]": "x" });
    expect(operator.status).toBe(400);
    expect(await DocVersion.countDocuments()).toBe(0);
    const ok = await post(leaders[0], versionsRoute.action, params, { intent: "name", name: "  Before   the meeting " });
    expect(ok.status).toBe(200);
    expect((await DocVersion.find().lean()).map((v) => v.name)).toEqual(["Before the meeting"]);
  });

  it("restoring: a guest is refused (403) and nothing changes; a leader restores and lands on the document", async () => {
    const { group, leaders } = await buildGroup({ leaders: 1 });
    const groupId = String(group._id);
    const doc = await docWithText(groupId, leaders[0], "first");
    const v = await createVersion(ctxFor(leaders[0]), { groupId, docId: doc.id, name: "v" });
    const e = editor();
    e.apply((await loadDocState(ctxFor(leaders[0]), { groupId, docId: doc.id, stateVector: new Uint8Array() })).update);
    e.paragraph("second");
    await applyDocUpdate(ctxFor(leaders[0]), {
      groupId,
      docId: doc.id,
      clientId: `c-${randomBytes(8).toString("hex")}`,
      update: e.takeBatch()!,
    });
    const guest = await buildUser();
    await addMembership(group, guest, { role: "guest", status: "active" });
    const params = { groupId, docId: doc.id, versionId: v.id };

    const refused = await post(guest, versionRoute.action, params, { intent: "restore" });
    expect(refused.status).toBe(403);
    expect(await documentText(nodeCtx(), doc.id)).toBe("first\nsecond");
    const bogus = await post(leaders[0], versionRoute.action, { ...params, versionId: "not-an-id" }, { intent: "restore" });
    expect(bogus.status).toBe(404);

    const done = await post(leaders[0], versionRoute.action, params, { intent: "restore" });
    expect([done.status, done.location]).toEqual([302, `/groups/${groupId}/docs/${doc.id}`]);
    expect(await documentText(nodeCtx(), doc.id)).toBe("first");
  });
});

describe("charter forms", () => {
  it("proposing the draft: a guest is refused; a leader's proposal becomes the next version; a too short draft gets a field error", async () => {
    const { group, leaders } = await buildGroup({ leaders: 1 });
    const groupId = String(group._id);
    await getCharterDraft(ctxFor(leaders[0]), groupId);
    const guest = await buildUser();
    await addMembership(group, guest, { role: "guest", status: "active" });

    expect((await post(guest, charterRoute.action, { groupId }, { intent: "proposeDraft" })).status).toBe(403);
    const ok = await post(leaders[0], charterRoute.action, { groupId }, { intent: "proposeDraft" });
    expect(ok.status).toBe(200);
    expect((await Group.findById(group._id).lean())?.charterVersion).toBe(2);

    const short = await buildGroup({ leaders: 1, charterText: "short" });
    await getCharterDraft(ctxFor(short.leaders[0]), String(short.group._id));
    const refused = await post(short.leaders[0], charterRoute.action, { groupId: String(short.group._id) }, { intent: "proposeDraft" });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body)).toMatchObject({ ok: false, fieldErrors: { draft: "too_short" } });
    expect((await Group.findById(short.group._id).lean())?.charterVersion).toBe(1);
  });
});

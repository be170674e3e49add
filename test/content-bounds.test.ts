// A document beyond the editor's schema bounds (docs/decisions/021-content-bounds.md; issue 12,
// security item 3). A valid Yjs update nesting 20,000 elements used to be accepted and stored; from
// then on every read of the document overflowed the stack ("Maximum call stack size exceeded") and
// nobody could repair it. Here such a document is stored directly, bypassing the check (a document
// that got in before it), and every read path still answers, shows what it can and says what it
// left out, and an editor restores an earlier version; the socket door now refuses the same update.
import { randomBytes } from "node:crypto";
import * as Y from "yjs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSession } from "../models/session/session.service";
import { createDocument, getDocumentPage } from "../models/document/document.service";
import { applyDocUpdate, compactDocument, documentText, loadDocState } from "../models/document/collab.service";
import { createVersion } from "../models/document/version.service";
import { CollabDocument, DocUpdate } from "../models/document/document.model";
import { UPDATE_FRAME_BYTES } from "../models/document/document.constants";
import { CONTENT_FIELD } from "../models/collab/doc-store";
import { MAX_NESTING_DEPTH } from "../models/collab/content.constants";
import { resolveAnchor } from "../models/comment/comment-anchor";
import { errorMessage } from "../models/shared/error-messages";
import { editor } from "../models/collab/test-ydoc";
import type { UserDoc } from "../models/user/user.model";
import { buildGroup, ctxFor, nodeCtx, testNode } from "./factories";
import { routeTestContext, settle } from "./route-context";
import { closeNodes, connectAs, startRealtimeServer, type RealtimeTestServer } from "./socket";
import * as docRoute from "../app/routes/groups.$groupId.docs.$docId";
import * as exportRoute from "../app/routes/groups.$groupId.docs.$docId.export";
import * as versionsRoute from "../app/routes/groups.$groupId.docs.$docId_.versions";
import * as versionRoute from "../app/routes/groups.$groupId.docs.$docId_.versions_.$versionId";

const SECRET = "content-bounds-secret-0123456789abcdefghijk";
const { context, request } = routeTestContext(SECRET);
const cid = () => `c-${randomBytes(8).toString("hex")}`;
const LEVELS = 20_000;

/**
 * The hostile update, made by an editor holding `state`: a bullet list nesting LEVELS elements
 * (list, item, list, item, ...) with a paragraph at the bottom, an element the editor does not
 * know (with text in it), and an ordinary paragraph "After". Built level by level into integrated
 * parents (a nested tree of new types would make Yjs integrate it recursively here too).
 */
function hostileUpdate(state: Uint8Array) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const sv = Y.encodeStateVector(doc);
  const frag = doc.getXmlFragment(CONTENT_FIELD);
  doc.transact(() => {
    let parent: Y.XmlFragment | Y.XmlElement = frag;
    for (let i = 0; i < LEVELS; i++) {
      const el = new Y.XmlElement(i % 2 === 0 ? "bulletList" : "listItem");
      parent.insert(parent.length, [el]);
      parent = el;
    }
    const bottom = new Y.XmlElement("paragraph");
    parent.insert(0, [bottom]);
    bottom.insert(0, [new Y.XmlText("at the bottom")]);
    const unknown = new Y.XmlElement("script");
    frag.insert(frag.length, [unknown]);
    unknown.insert(0, [new Y.XmlText("hidden")]);
    const after = new Y.XmlElement("paragraph");
    frag.insert(frag.length, [after]);
    after.insert(0, [new Y.XmlText("After")]);
  });
  const update = Y.encodeStateAsUpdate(doc, sv);
  doc.destroy();
  return update;
}

async function get(user: UserDoc, loader: (args: never) => unknown, url: string, params: Record<string, string>) {
  const session = await createSession(String(user._id));
  return settle(() => loader({ request: request(url, session), context, params } as never));
}

async function documentWithGoodVersion() {
  const { group, leaders } = await buildGroup({ leaders: 1 });
  const groupId = String(group._id);
  const leader = leaders[0];
  const a = ctxFor(leader);
  const docId = (await createDocument(a, { groupId, title: "Notes" })).id;
  const e = editor();
  e.paragraph("Before");
  await applyDocUpdate(a, { groupId, docId, clientId: cid(), update: e.takeBatch()! });
  const good = await createVersion(a, { groupId, docId, name: "good" });
  const { update: state } = await loadDocState(a, { groupId, docId, stateVector: new Uint8Array() });
  return { groupId, docId, leader, a, good, state };
}

describe("a document beyond the editor's bounds, stored before the check", () => {
  it("reads on every path (page, export, versions, view, compaction) with a notice, and an editor restores an earlier version", async () => {
    const { groupId, docId, leader, a, good, state } = await documentWithGoodVersion();
    // Got in before the check: appended to the log as it is, without being checked.
    const hostile = hostileUpdate(state);
    expect(hostile.byteLength).toBeGreaterThan(300_000);
    await testNode().collab.store.appendUpdate({ docId, actorId: String(leader._id), clientId: cid(), update: hostile });
    testNode().collab.clear();
    const params = { groupId, docId };
    const base = `http://x/groups/${groupId}/docs/${docId}`;

    // The document page: no editor (it could not open this), the readable part and what is left out.
    const page = (await get(leader, docRoute.loader, base, params)) as Awaited<ReturnType<typeof docRoute.loader>>;
    expect(page.document.title).toBe("Notes");
    expect(page.content).not.toBeNull();
    expect(page.content!.left).toEqual({ tooDeep: 1, unknown: 1, truncated: false });
    expect(page.content!.html).toContain("<p>Before</p>");
    expect(page.content!.html).toContain("<p>After</p>");
    expect(page.content!.html).not.toContain("hidden");
    expect(page.content!.html.match(/<ul>/g)?.length).toBe(MAX_NESTING_DEPTH / 2); // cut at the bound

    // A comment's anchor on it still resolves (the server's linearisation is bounded too).
    const ydoc = new Y.Doc();
    Y.applyUpdate(ydoc, (await loadDocState(a, { groupId, docId, stateVector: new Uint8Array() })).update);
    const before = (ydoc.getXmlFragment(CONTENT_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const b64 = (i: number) => Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(before, i))).toString("base64");
    expect(resolveAnchor(ydoc, { start: b64(0), end: b64(6) })?.text).toBe("Before");
    ydoc.destroy();

    // The export: what can be shown, and a line that says what was not.
    const md = (await get(leader, exportRoute.loader, `${base}/export?format=md`, params)) as Response;
    expect(md.status).toBe(200);
    const mdText = await md.text();
    expect(mdText).toContain("Before");
    expect(mdText).toContain("After");
    expect(mdText).toContain(`dieper dan ${MAX_NESTING_DEPTH} niveaus`);
    expect(mdText).toContain("1 onderdeel dat de editor niet kent");
    const html = (await get(leader, exportRoute.loader, `${base}/export?format=html`, params)) as Response;
    const htmlText = await html.text();
    expect(htmlText).toContain("<p>After</p>");
    expect(htmlText).toContain('<p class="left-out">');

    // The versions: the state as it is now is kept as a version, listed, and viewed with the notice.
    const bad = await createVersion(a, { groupId, docId, name: "bad" });
    const list = (await get(leader, versionsRoute.loader, `${base}/versions`, params)) as { versions: { name: string }[] };
    expect(list.versions.map((v) => v.name)).toEqual(["bad", "good"]);
    const view = (await get(leader, versionRoute.loader, `${base}/versions/${bad.id}`, { ...params, versionId: bad.id })) as {
      html: string;
      left: unknown;
    };
    expect(view.html).toContain("<p>After</p>");
    expect(view.left).toEqual({ tooDeep: 1, unknown: 1, truncated: false });

    // Compaction merges it into a snapshot and refreshes the search text.
    await compactDocument(nodeCtx(), docId);
    expect((await CollabDocument.findById(docId).lean())?.textPreview).toContain("Before");

    // An editor restores the earlier version: the too-deep content is deleted (in parts, each an
    // update like any other) and the document opens in the editor again.
    const session = await createSession(String(leader._id));
    const restored = await settle(() =>
      versionRoute.action({
        request: request(`${base}/versions/${good.id}`, session, { intent: "restore" }),
        context,
        params: { ...params, versionId: good.id },
      } as never),
    );
    expect((restored as Response).status).toBe(302);
    testNode().collab.clear();
    expect(await documentText(nodeCtx(), docId)).toBe("Before");
    expect((await getDocumentPage(a, params)).content).toBeNull();

    // Restoring the bad version gives what can be shown of it, within the bounds: the editor opens it.
    await settle(() =>
      versionRoute.action({
        request: request(`${base}/versions/${bad.id}`, session, { intent: "restore" }),
        context,
        params: { ...params, versionId: bad.id },
      } as never),
    );
    testNode().collab.clear();
    expect(await documentText(nodeCtx(), docId)).toBe("Before\nAfter");
    expect((await getDocumentPage(a, params)).content).toBeNull();
  }, 120_000);
});

describe("the socket door", () => {
  let node: RealtimeTestServer;
  beforeEach(async () => {
    node = await startRealtimeServer();
  });
  afterEach(() => closeNodes(node));

  it("refuses the same update (too_complex, too_deep) and an unknown element (unknown_node), and stores neither", async () => {
    const { groupId, docId, leader } = await documentWithGoodVersion();
    const socket = await connectAs(node.url, await createSession(String(leader._id)));
    const stored = await DocUpdate.countDocuments({ docId });
    const { update: state } = await loadDocState(ctxFor(leader), { groupId, docId, stateVector: new Uint8Array() });
    // Held open, so that the refusal is the bounds' and not the time limit's (applying 20,000
    // levels may take longer than the limit on a loaded machine): the bounds are what is tested.
    node.node.collab.checks.setApplyTimeLimit(Number.POSITIVE_INFINITY);
    try {
      // 400 KB: sent in parts, as a client sends a batch above one frame.
      const update = hostileUpdate(state);
      const total = Math.ceil(update.byteLength / UPDATE_FRAME_BYTES);
      const clientId = cid();
      let deep: unknown;
      for (let index = 0; index < total; index++) {
        const part = update.subarray(index * UPDATE_FRAME_BYTES, (index + 1) * UPDATE_FRAME_BYTES);
        deep = await socket.timeout(60_000).emitWithAck("doc:update-part", { groupId, docId, clientId, index, total, part });
      }
      expect(total).toBe(2);
      expect(deep).toEqual({
        ok: false,
        error: { code: "too_complex", message: errorMessage("nl", "too_complex"), issues: [{ path: "update", code: "too_deep" }] },
      });
    } finally {
      node.node.collab.checks.setApplyTimeLimit();
    }
    const e = editor();
    e.apply(state);
    e.takeBatch();
    const frag = e.doc.getXmlFragment(CONTENT_FIELD);
    frag.insert(frag.length, [new Y.XmlElement("iframe")]);
    const unknown = await socket.timeout(10_000).emitWithAck("doc:update", { groupId, docId, clientId: cid(), update: e.takeBatch()! });
    expect(unknown).toMatchObject({ ok: false, error: { code: "invalid_input", issues: [{ path: "update", code: "unknown_node" }] } });
    expect(await DocUpdate.countDocuments({ docId })).toBe(stored);
  }, 120_000);
});

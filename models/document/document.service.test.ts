import { randomBytes } from "node:crypto";
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { DocUpdate } from "./document.model";
import {
  anonymisedCopy,
  checkRoomAccess,
  createCase,
  createDocument,
  getDocument,
  listCases,
  listDocuments,
  loadDocumentFor,
  renameDocument,
  setCaseStatus,
  setDocumentArchived,
} from "./document.service";
import { applyDocUpdate, compactDocument, documentText, loadDocState } from "./collab.service";
import { editor } from "../collab/test-ydoc";
import { RenameDocumentInput } from "./document.inputs";
import { addMembership, buildGroup, buildUser, ctxFor, groupWithNotes, nodeCtx } from "../../test/factories";
import { getCharterDraft } from "../charter/charter.service";
import { listVisibleGroupIds } from "../group/group.service";

const cid = () => `c-${randomBytes(8).toString("hex")}`;

describe("documents: create, rename, archive, list, search", () => {
  it("lists with last editor and finds by title and text with a plain (escaped) pattern", async () => {
    const { groupId, a, b, docId, leaders } = await groupWithNotes();
    const other = await createDocument(a, { groupId, title: "Agenda (a+b)*" });
    const e = editor();
    e.paragraph("Supervision of casus Jansen");
    await applyDocUpdate(b, { groupId, docId, clientId: cid(), update: e.takeBatch()! });
    await compactDocument(nodeCtx(), docId);

    const list = await listDocuments(a, { groupId });
    expect(list.map((d) => d.title).sort()).toEqual(["Agenda (a+b)*", "Notes"]);
    const notes = list.find((d) => d.id === docId)!;
    expect(notes.lastEditorId).toBe(String(leaders[1]._id));
    expect(notes.lastEditorName).toBe(leaders[1].name);

    expect((await listDocuments(a, { groupId, q: "jansen" })).map((d) => d.id)).toEqual([docId]);
    expect((await listDocuments(a, { groupId, q: "(a+b)*" })).map((d) => d.id)).toEqual([other.id]);
    expect(await listDocuments(a, { groupId, q: ".*" })).toEqual([]);
  });

  it("renames, archives (out of the list, read-only) and restores", async () => {
    const { groupId, a, b, docId } = await groupWithNotes();
    // Doors parse (as io.ts and the routes do): the schema normalises the title.
    await renameDocument(b, RenameDocumentInput.parse({ groupId, docId, title: "  Intervision   notes " }));
    expect((await getDocument(a, { groupId, docId })).document.title).toBe("Intervision notes");
    await setDocumentArchived(a, { groupId, docId, archived: true });
    expect(await listDocuments(a, { groupId })).toEqual([]);
    expect((await listDocuments(a, { groupId, archived: true })).map((d) => d.id)).toEqual([docId]);
    expect((await getDocument(a, { groupId, docId })).canWrite).toBe(false);
    const e = editor();
    e.paragraph("x");
    await expect(applyDocUpdate(a, { groupId, docId, clientId: cid(), update: e.takeBatch()! })).rejects.toMatchObject({
      code: "conflict",
    });
    await setDocumentArchived(a, { groupId, docId, archived: false });
    expect((await listDocuments(a, { groupId })).map((d) => d.id)).toEqual([docId]);
  });

  it("guests read but do not write; outsiders and other groups' ids get not_found", async () => {
    const { group, groupId, docId } = await groupWithNotes();
    const guest = await buildUser();
    await addMembership(group, guest, { role: "guest", status: "active" });
    const g = ctxFor(guest);
    const state = await loadDocState(g, { groupId, docId, stateVector: new Uint8Array() });
    expect(state.canWrite).toBe(false);
    const e = editor();
    e.paragraph("guest text");
    await expect(applyDocUpdate(g, { groupId, docId, clientId: cid(), update: e.takeBatch()! })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(createDocument(g, { groupId, title: "x" })).rejects.toMatchObject({ code: "forbidden" });

    const outsider = ctxFor(await buildUser());
    await expect(loadDocState(outsider, { groupId, docId, stateVector: new Uint8Array() })).rejects.toMatchObject({ code: "not_found" });
    const foreign = await buildGroup({ leaders: 1 });
    const f = ctxFor(foreign.leaders[0]);
    // A member of another group naming this document under their own group: not_found too.
    await expect(loadDocState(f, { groupId: String(foreign.group._id), docId, stateVector: new Uint8Array() })).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await DocUpdate.countDocuments({})).toBe(0);
  });
});

describe("cases", () => {
  it("a case has a notes document and a status; only its bringer makes an anonymised copy, without history", async () => {
    const { groupId, a, b, leaders } = await groupWithNotes();
    const c = await createCase(a, { groupId, title: "Casus: a difficult parent" });
    expect(c).toMatchObject({ status: "new", bringerId: String(leaders[0]._id) });
    expect((await setCaseStatus(b, { groupId, caseId: c.id, status: "follow_up" })).status).toBe("follow_up");
    expect((await listCases(b, { groupId })).map((x) => [x.id, x.status])).toEqual([[c.id, "follow_up"]]);

    const e = editor();
    e.paragraph("Mr. Jansen said X");
    await applyDocUpdate(b, { groupId, docId: c.docId, clientId: cid(), update: e.takeBatch()! });
    const t = (e.doc.getXmlFragment("default").get(0) as Y.XmlElement).get(0) as Y.XmlText;
    t.delete(0, 10); // the name goes before the copy
    t.insert(0, "A parent");
    await applyDocUpdate(b, { groupId, docId: c.docId, clientId: cid(), update: e.takeBatch()! });

    await expect(anonymisedCopy(b, { groupId, caseId: c.id, title: "Copy" })).rejects.toMatchObject({ code: "forbidden" });
    const copy = await anonymisedCopy(a, { groupId, caseId: c.id, title: "Anonymised" });
    expect(copy.kind).toBe("note");
    expect(await documentText(nodeCtx(), copy.id)).toBe("A parent said X");
    // The copy's stored bytes hold no trace of the deleted text nor the editors' client ids.
    const stored = await DocUpdate.find({ docId: copy.id }).lean();
    const all = Buffer.concat(stored.map((s) => Buffer.from(s.update.buffer)));
    expect(all.includes(Buffer.from("Jansen"))).toBe(false);
    const clients = [...Y.decodeUpdate(new Uint8Array(all)).structs.map((s) => s.id.client)];
    expect(clients).not.toContain(e.doc.clientID);
    const list = await listDocuments(a, { groupId });
    expect(list.find((d) => d.id === c.docId)?.caseId).toBe(c.id);
  });
});

describe("checkRoomAccess: a node's re-check of its rooms (decision 020)", () => {
  it("answers for many actors and documents at once exactly what the handshake and doc:join decide for each", async () => {
    const { group, groupId, a, docId, leaders, coaches, organiser } = await groupWithNotes();
    const draft = await getCharterDraft(a, groupId);
    const other = await buildGroup({ leaders: 1 });
    const foreign = await createDocument(ctxFor(other.leaders[0]), { groupId: String(other.group._id), title: "Elders" });
    const [removed, behind, guest, outsider] = await Promise.all([buildUser(), buildUser(), buildUser(), buildUser()]);
    await addMembership(group, removed, { role: "leader", status: "removed" });
    await addMembership(group, behind, { role: "leader", status: "active", acceptedCharterVersion: 0 });
    await addMembership(group, guest, { role: "guest", status: "active" });
    const users = [...leaders, ...coaches, organiser, removed, behind, guest, outsider];
    const actors = users.map((u) => ({ id: String(u._id), isOrganiser: !!u.isOrganiser }));
    const docIds = [docId, draft!.docId, foreign.id, "000000000000000000000000"];

    const answer = await checkRoomAccess(groupId, actors, docIds);
    for (const u of users) {
      const ctx = ctxFor(u);
      const { actor } = ctx;
      expect(answer.content.has(actor.id), actor.id).toBe((await listVisibleGroupIds(actor)).includes(groupId));
      for (const d of docIds) {
        const reads = await loadDocumentFor(ctx, groupId, d, "read").then(
          () => true,
          () => false,
        );
        expect(answer.docs.get(d)!.has(actor.id), `${actor.id} ${d}`).toBe(reads);
      }
    }
    // The cases that matter: removed sees nothing; behind on the charter reads only the draft.
    expect(answer.content).toEqual(new Set([...leaders, ...coaches, guest].map((u) => String(u._id))));
    expect(answer.docs.get(draft!.docId)!.has(String(behind._id))).toBe(true);
    expect(answer.docs.get(docId)!.has(String(behind._id))).toBe(false);
    expect(answer.docs.get(foreign.id)!.size).toBe(0);
  });
});

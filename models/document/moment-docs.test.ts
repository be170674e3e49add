// Documents scoped to a network moment (decision 072): the facilitator's notes and a breakout's
// board, decided by the moment's gate, never by a group's policy.
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { ctxFor } from "../../test/factories";
import { momentDocsScene, seat } from "../../test/moment-docs-scene";
import { CollabDocument } from "./document.model";
import { applyDocUpdate, loadDocState } from "./collab.service";
import { createDocument, exportDocument, getDocument, listDocuments } from "./document.service";
import { listVersions } from "./version.service";
import { ensureMomentDocument, loadScopedDocFor } from "./moment-docs";

const update = () => {
  const d = new Y.Doc();
  d.getXmlFragment("default").insert(0, [new Y.XmlElement("paragraph")]);
  return Y.encodeStateAsUpdate(d);
};
const write = (ctx: ReturnType<typeof ctxFor>, scope: string) =>
  applyDocUpdate(ctx, { groupId: scope, docId: scope, clientId: `c-${Math.random().toString(36).slice(2, 12)}`, update: update() });
const join = (ctx: ReturnType<typeof ctxFor>, scope: string) =>
  loadDocState(ctx, { groupId: scope, docId: scope, stateVector: new Uint8Array() });

describe("moment-scoped documents", () => {
  it("the facilitator's notes: facilitators write, participants read, anyone else learns nothing", async () => {
    const s = await momentDocsScene();
    for (const f of [s.facilitator, s.organiser]) {
      expect((await join(ctxFor(f), s.moment)).canWrite).toBe(true);
      expect((await write(ctxFor(f), s.moment)).seq).toBeGreaterThan(0);
    }
    for (const p of [s.seated, s.unseated, s.bea, s.coaches[0]]) {
      expect((await join(ctxFor(p), s.moment)).canWrite).toBe(false);
      await expect(write(ctxFor(p), s.moment)).rejects.toMatchObject({ code: "forbidden" });
    }
    await expect(join(ctxFor(s.outsider), s.moment)).rejects.toMatchObject({ code: "not_found" });
    await expect(write(ctxFor(s.outsider), s.moment)).rejects.toMatchObject({ code: "not_found" });
  });

  it("a breakout's board: its seated participants and the facilitators write; the rest of the moment learns nothing", async () => {
    const s = await momentDocsScene();
    for (const w of [s.seated, s.facilitator, s.organiser]) {
      expect((await join(ctxFor(w), s.one)).canWrite).toBe(true);
      expect((await write(ctxFor(w), s.one)).seq).toBeGreaterThan(0);
    }
    for (const stranger of [s.bea, s.unseated, s.outsider]) {
      await expect(join(ctxFor(stranger), s.one)).rejects.toMatchObject({ code: "not_found" });
      await expect(write(ctxFor(stranger), s.one)).rejects.toMatchObject({ code: "not_found" });
    }
    // Moved to the other breakout: the old board is gone for them, the new one is theirs.
    await seat(s.moment, s.seated, s.two);
    await expect(write(ctxFor(s.seated), s.one)).rejects.toMatchObject({ code: "not_found" });
    expect((await join(ctxFor(s.seated), s.two)).canWrite).toBe(true);
  });

  it("is created once on first open, however many open it at once, with the scope's id as its _id and group", async () => {
    const s = await momentDocsScene();
    expect(await CollabDocument.findById(s.one).lean()).toBeNull();
    const opened = await Promise.all([s.seated, s.facilitator, s.seated, s.organiser].map((u) => join(ctxFor(u), s.one)));
    expect(opened.every((o) => o.canWrite)).toBe(true);
    const docs = await CollabDocument.find({ groupId: s.one }).lean();
    expect(docs.map((d) => [String(d._id), d.kind])).toEqual([[s.one, "board"]]);
    expect(String((await ensureMomentDocument(ctxFor(s.facilitator), s.one, "board"))._id)).toBe(s.one);
    expect((await loadScopedDocFor(ctxFor(s.bea), s.moment, "read")).doc.kind).toBe("moment_notes");
  });

  it("the group-only features refuse them, and a group's document is never taken for a scope's", async () => {
    const s = await momentDocsScene();
    await join(ctxFor(s.facilitator), s.one);
    const input = { groupId: s.one, docId: s.one };
    for (const u of [s.seated, s.facilitator]) {
      await expect(getDocument(ctxFor(u), input)).rejects.toMatchObject({ code: "not_found" });
      await expect(listVersions(ctxFor(u), input)).rejects.toMatchObject({ code: "not_found" });
      await expect(exportDocument(ctxFor(u), { ...input, format: "md", lang: "nl" })).rejects.toMatchObject({ code: "not_found" });
      await expect(listDocuments(ctxFor(u), { groupId: s.one })).rejects.toMatchObject({ code: "not_found" });
    }
    // A group's note named as its own scope: not a moment's document, whoever asks.
    const note = await createDocument(ctxFor(s.seated), { groupId: String(s.group._id), title: "Notities" });
    await expect(join(ctxFor(s.seated), note.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(write(ctxFor(s.organiser), note.id)).rejects.toMatchObject({ code: "not_found" });
  });
});

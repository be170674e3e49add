import { randomBytes } from "node:crypto";
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { applyDocUpdate, createDocument, createVersion, documentText, getVersion, listVersions, loadDocState, restoreVersion } from "./document.service";
import { editor } from "./test-ydoc";
import { addMembership, buildGroup, buildUser, ctxFor } from "../../test/factories";

const cid = () => `c-${randomBytes(8).toString("hex")}`;

describe("named versions", () => {
  it("saves a version, opens it read-only, restores it as a new change everyone converges on", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const groupId = String(group._id);
    const [a, b] = leaders.map((u) => ctxFor(u));
    const { id: docId } = await createDocument(a, { groupId, title: "Notes" });
    const ea = editor();
    ea.paragraph("first draft");
    await applyDocUpdate(a, { groupId, docId, clientId: cid(), update: ea.takeBatch()! });
    const v1 = await createVersion(a, { groupId, docId, name: "Before the meeting" });

    // Bob, with his own copy, rewrites the text.
    const eb = editor();
    eb.apply((await loadDocState(b, { groupId, docId, stateVector: new Uint8Array() })).update);
    eb.paragraph("second thoughts");
    await applyDocUpdate(b, { groupId, docId, clientId: cid(), update: eb.takeBatch()! });
    expect(await documentText(docId)).toBe("first draft\nsecond thoughts");

    expect((await listVersions(b, { groupId, docId })).map((v) => [v.name, v.createdBy])).toEqual([["Before the meeting", String(leaders[0]._id)]]);
    const past = await getVersion(b, { groupId, docId, versionId: v1.id });
    expect(past.text).toBe("first draft");

    a.publisher.clear();
    const restored = await restoreVersion(a, { groupId, docId, versionId: v1.id });
    expect(await documentText(docId)).toBe("first draft");
    // Published as a stored batch: Bob's copy applies it and converges.
    const [published] = a.publisher.of("toDoc").filter((c) => c.event === "doc:updated");
    expect(published.data).toMatchObject({ docId, seq: restored.seq });
    eb.apply((published.data as { update: Uint8Array }).update);
    expect(eb.text()).toBe("first draft");
    expect(Y.encodeStateVector(eb.doc)).toEqual(Y.encodeStateVector((await (async () => {
      const d = new Y.Doc();
      Y.applyUpdate(d, (await loadDocState(a, { groupId, docId, stateVector: new Uint8Array() })).update);
      return d;
    })())));
  });

  it("guests may open versions but not make or restore them; another document's version is not_found", async () => {
    const { group, leaders } = await buildGroup({ leaders: 1 });
    const groupId = String(group._id);
    const a = ctxFor(leaders[0]);
    const guest = await buildUser();
    await addMembership(group, guest, { role: "guest", status: "active" });
    const g = ctxFor(guest);
    const d1 = await createDocument(a, { groupId, title: "One" });
    const d2 = await createDocument(a, { groupId, title: "Two" });
    const v = await createVersion(a, { groupId, docId: d1.id, name: "v" });
    await expect(createVersion(g, { groupId, docId: d1.id, name: "x" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(restoreVersion(g, { groupId, docId: d1.id, versionId: v.id })).rejects.toMatchObject({ code: "forbidden" });
    expect((await getVersion(g, { groupId, docId: d1.id, versionId: v.id })).name).toBe("v");
    await expect(getVersion(a, { groupId, docId: d2.id, versionId: v.id })).rejects.toMatchObject({ code: "not_found" });
  });
});

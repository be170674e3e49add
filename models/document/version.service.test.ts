import { randomBytes } from "node:crypto";
import * as Y from "yjs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createDocument } from "./document.service";
import { applyDocUpdate, compactDocument, documentText, loadDocState, SESSION_IDLE_MS } from "./collab.service";
import { createVersion, getVersion, getVersionsPage, listVersions, restoreVersion } from "./version.service";
import { DocEditMark, DocVersion } from "./document.model";
import { editor } from "../collab/test-ydoc";
import { addMembership, buildGroup, buildUser, ctxFor, nodeCtx } from "../../test/factories";

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
    expect(await documentText(nodeCtx(), docId)).toBe("first draft\nsecond thoughts");

    expect((await listVersions(b, { groupId, docId })).map((v) => [v.name, v.createdBy])).toEqual([
      ["Before the meeting", String(leaders[0]._id)],
    ]);
    const past = await getVersion(b, { groupId, docId, versionId: v1.id });
    expect(past.text).toBe("first draft");

    a.publisher.clear();
    const restored = await restoreVersion(a, { groupId, docId, versionId: v1.id });
    expect(await documentText(nodeCtx(), docId)).toBe("first draft");
    // Published as a stored batch: Bob's copy applies it and converges.
    const [published] = a.publisher.of("toDoc").filter((c) => c.event === "doc:updated");
    expect(published.data).toMatchObject({ docId, seq: restored.seq });
    eb.apply((published.data as { update: Uint8Array }).update);
    expect(eb.text()).toBe("first draft");
    expect(Y.encodeStateVector(eb.doc)).toEqual(
      Y.encodeStateVector(
        await (async () => {
          const d = new Y.Doc();
          Y.applyUpdate(d, (await loadDocState(a, { groupId, docId, stateVector: new Uint8Array() })).update);
          return d;
        })(),
      ),
    );
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

describe("automatic versions: one per editing session", () => {
  // Only Date is faked: "the clock moved on" without waiting; timers and I/O stay real.
  afterEach(() => void vi.useRealTimers());
  const later = (ms: number) => vi.setSystemTime(Date.now() + ms);

  it("keeps the state before the first change after an idle gap, once, whoever races to it; never per batch", async () => {
    // On a minute boundary: edit marks are per minute, and the spans asserted below depend on where
    // in its minute the session starts.
    vi.useFakeTimers({ toFake: ["Date"], now: Math.floor(Date.now() / 60_000) * 60_000 });
    const { group, leaders } = await buildGroup({ leaders: 3 });
    const groupId = String(group._id);
    const [a, b, c] = leaders.map((u) => ctxFor(u));
    const { id: docId } = await createDocument(a, { groupId, title: "Notes" });
    const editors = [a, b, c].map(() => editor());
    const send = async (i: number, text: string) => {
      const e = editors[i];
      e.apply((await loadDocState([a, b, c][i], { groupId, docId, stateVector: Y.encodeStateVector(e.doc) })).update);
      e.paragraph(text);
      return applyDocUpdate([a, b, c][i], { groupId, docId, clientId: cid(), update: e.takeBatch()! });
    };

    // Session 1: Ann and Bob, 30 batches in two minutes: no version (there is nothing before it).
    for (let k = 0; k < 30; k++) {
      await send(k % 2, `s1 ${k}`);
      later(4_000);
    }
    expect(await DocVersion.countDocuments({ docId })).toBe(0);
    const endOfSession1 = await documentText(nodeCtx(), docId);

    // Idle, then all three start again at once (as on two nodes): one automatic version, the state before.
    later(SESSION_IDLE_MS + 1_000);
    await Promise.all([0, 1, 2].map((i) => send(i, `s2 first ${i}`)));
    for (let k = 0; k < 20; k++) await send(k % 3, `s2 ${k}`);
    const versions = await DocVersion.find({ docId }).lean();
    expect(versions.map((v) => [v.auto, v.name])).toEqual([[true, ""]]);
    expect((await getVersion(a, { groupId, docId, versionId: String(versions[0]._id) })).text).toBe(endOfSession1);

    // Who edited when: the version holds session 1's editors, the current state session 2's.
    const page = await getVersionsPage(b, { groupId, docId });
    const ids = (l: { userId: string }[]) => l.map((e) => e.userId).sort();
    expect(ids(page.versions[0].editors)).toEqual([String(leaders[0]._id), String(leaders[1]._id)].sort());
    expect(ids(page.sinceLast)).toEqual(leaders.map((u) => String(u._id)).sort());
    const ann = page.versions[0].editors.find((e) => e.userId === String(leaders[0]._id))!;
    expect(new Date(ann.to).getTime() - new Date(ann.from).getTime()).toBeGreaterThanOrEqual(60_000);
    // Marks: at most one per editor and minute, far fewer than the 53 batches.
    expect(await DocEditMark.countDocuments({ docId })).toBeLessThanOrEqual(3 + 2 * 3);

    // A compaction deletes the log's actorIds; who edited when stays.
    await compactDocument(nodeCtx(), docId);
    expect(ids((await getVersionsPage(b, { groupId, docId })).versions[0].editors)).toEqual(ids(page.versions[0].editors));

    // A named version at the end of a session: the next session's automatic one would hold the same state, so none is made.
    await createVersion(a, { groupId, docId, name: "After session 2" });
    later(SESSION_IDLE_MS + 1_000);
    await send(2, "s3");
    expect((await listVersions(a, { groupId, docId })).map((v) => v.name || "auto")).toEqual(["After session 2", "auto"]);
  });

  it("restoring keeps the replaced state first, as an automatic version", async () => {
    const { group, leaders } = await buildGroup({ leaders: 1 });
    const groupId = String(group._id);
    const a = ctxFor(leaders[0]);
    const { id: docId } = await createDocument(a, { groupId, title: "Notes" });
    const e = editor();
    e.paragraph("one");
    await applyDocUpdate(a, { groupId, docId, clientId: cid(), update: e.takeBatch()! });
    const v1 = await createVersion(a, { groupId, docId, name: "one" });
    e.paragraph("two");
    await applyDocUpdate(a, { groupId, docId, clientId: cid(), update: e.takeBatch()! });
    await restoreVersion(a, { groupId, docId, versionId: v1.id });
    const versions = await listVersions(a, { groupId, docId });
    expect(versions.map((v) => [v.name, v.auto])).toEqual([
      ["", true],
      ["one", false],
    ]);
    expect((await getVersion(a, { groupId, docId, versionId: versions[0].id })).text).toBe("one\ntwo");
    expect(await documentText(nodeCtx(), docId)).toBe("one");
  });
});

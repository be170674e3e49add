import { describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import * as Y from "yjs";
import { acceptCharter, charterDraftId, getCharter, getCharterDraft, proposeCharter } from "./charter.service";
import { createDocument, listDocuments } from "../document/document.service";
import { applyDocUpdate, documentText, loadDocState } from "../document/collab.service";
import { listVersions } from "../document/version.service";
import { editor } from "../collab/test-ydoc";
import { CharterVersion } from "./charter.model";
import { Group, Membership } from "../group/group.model";
import { getGroupOverview, listVisibleGroupIds, loadGroupFor } from "../group/group.service";
import { AuditEvent } from "../audit/audit.model";
import { Types } from "mongoose";
import { addMembership, buildGroup, buildUser, ctxFor, DEFAULT_CHARTER, nodeCtx } from "../../test/factories";

const V2 = "Version two: we keep cases inside the group and phones away.";

describe("getCharter", () => {
  it("shows the current text and what the member accepted, also before acceptance", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    await proposeCharter(ctxFor(leaders[0]), { groupId: String(group._id), text: V2 });
    expect(await getCharter(ctxFor(leaders[1]), String(group._id))).toMatchObject({
      groupId: String(group._id),
      groupName: group.name,
      version: 2,
      text: V2,
      acceptedVersion: 1,
    });
  });

  it("is not for the organiser, who sees no group content", async () => {
    const { group, organiser } = await buildGroup({ leaders: 1 });
    await expect(getCharter(ctxFor(organiser), String(group._id))).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("acceptCharter", () => {
  it("accepts exactly the current version and opens the group", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const groupId = String(group._id);
    await proposeCharter(ctxFor(leaders[0]), { groupId, text: V2 });
    const ctx = ctxFor(leaders[1]);
    await expect(getGroupOverview(ctx, groupId)).rejects.toMatchObject({ code: "charter_required" });

    await acceptCharter(ctx, { groupId, version: 2 });

    expect((await Membership.findOne({ userId: leaders[1]._id }).lean())?.acceptedCharterVersion).toBe(2);
    expect((await getGroupOverview(ctx, groupId)).id).toBe(groupId);
    expect(ctx.publisher.calls).toEqual([
      { method: "joinGroup", userId: String(leaders[1]._id), groupId },
      { method: "toGroup", groupId, event: "group:changed", data: { groupId } },
    ]);
    expect(await listVisibleGroupIds({ id: String(leaders[1]._id), isOrganiser: false })).toEqual([groupId]);
    const audit = await AuditEvent.find({ groupId: group._id, type: "charter_accepted" }).lean();
    expect(audit.map((a) => [String(a.actorId), a.data])).toEqual([[String(leaders[1]._id), { version: 2 }]]);
  });

  it("refuses a stale (or future) version with a conflict, and changes nothing", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const groupId = String(group._id);
    await proposeCharter(ctxFor(leaders[0]), { groupId, text: V2 });
    const ctx = ctxFor(leaders[1]);
    for (const version of [1, 3]) {
      await expect(acceptCharter(ctx, { groupId, version })).rejects.toMatchObject({
        code: "conflict",
        issues: [{ path: "version", code: "charter_changed" }],
      });
    }
    expect((await Membership.findOne({ userId: leaders[1]._id }).lean())?.acceptedCharterVersion).toBe(1);
    expect(ctx.publisher.calls).toEqual([]);
  });

  it("accepting again is a no-op: no second audit entry, nothing published", async () => {
    const { group, leaders } = await buildGroup({ leaders: 1 });
    const ctx = ctxFor(leaders[0]);
    await acceptCharter(ctx, { groupId: String(group._id), version: 1 });
    expect(ctx.publisher.calls).toEqual([]);
    expect(await AuditEvent.countDocuments({ type: "charter_accepted" })).toBe(0);
  });

  it("a new member (accepted nothing yet) accepts the current version", async () => {
    const { group } = await buildGroup({ leaders: 1 });
    const newcomer = await buildUser();
    await addMembership(group, newcomer, { role: "leader", status: "active", acceptedCharterVersion: 0 });
    const ctx = ctxFor(newcomer);
    await expect(loadGroupFor(ctx.actor, String(group._id), "group.content")).rejects.toMatchObject({ code: "charter_required" });
    await acceptCharter(ctx, { groupId: String(group._id), version: 1 });
    await expect(loadGroupFor(ctx.actor, String(group._id), "group.content")).resolves.toBeTruthy();
  });
});

describe("proposeCharter", () => {
  it("stores a new version, counts the author as accepting it, and asks everyone else again", async () => {
    const { group, leaders, coaches } = await buildGroup({ leaders: 3, coaches: 1 });
    const groupId = String(group._id);
    const guest = await buildUser();
    await addMembership(group, guest, { role: "guest", status: "active" });
    const pending = await buildUser();
    await addMembership(group, pending, { role: "guest", status: "pending" });
    const author = coaches[0];
    const ctx = ctxFor(author);

    await expect(proposeCharter(ctx, { groupId, text: V2 })).resolves.toEqual({ version: 2 });

    expect((await Group.findById(group._id).lean())?.charterVersion).toBe(2);
    const versions = await CharterVersion.find({ groupId: group._id }).sort({ version: 1 }).lean();
    expect(versions.map((v) => [v.version, v.text, String(v.createdBy)])).toEqual([
      [1, DEFAULT_CHARTER, expect.any(String)],
      [2, V2, String(author._id)],
    ]);
    // The author keeps access; every other active member must accept again.
    await expect(loadGroupFor(ctx.actor, groupId, "group.content")).resolves.toBeTruthy();
    const others = [...leaders, guest];
    for (const u of others) {
      await expect(loadGroupFor(ctxFor(u).actor, groupId, "group.content")).rejects.toMatchObject({ code: "charter_required" });
    }
    // Their sockets leave the room at once and they are told; the pending guest is not involved.
    const otherIds = others.map((u) => String(u._id)).sort();
    expect(
      ctx.publisher
        .of("leaveGroup")
        .map((c) => c.userId)
        .sort(),
    ).toEqual(otherIds);
    expect(ctx.publisher.of("leaveGroup").every((c) => c.groupId === groupId)).toBe(true);
    expect(
      ctx.publisher
        .of("toUser")
        .map((c) => [c.userId, c.event, c.data])
        .sort(),
    ).toEqual(otherIds.map((id) => [id, "charter:versioned", { groupId, version: 2 }]));
    expect(ctx.publisher.calls.some((c) => "userId" in c && c.userId === String(author._id))).toBe(false);
    const audit = await AuditEvent.find({ groupId: group._id }).lean();
    expect(audit.map((a) => [a.type, String(a.actorId), a.data])).toEqual([["charter_versioned", String(author._id), { version: 2 }]]);
  });

  it("concurrent proposals on the same version: exactly one wins, the others get a conflict", async () => {
    const { group, leaders } = await buildGroup({ leaders: 4 });
    const groupId = String(group._id);
    const results = await Promise.allSettled(
      leaders.map((l, i) => proposeCharter(ctxFor(l), { groupId, text: `Proposal number ${i}, all of it.` })),
    );

    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toEqual([{ status: "fulfilled", value: { version: 2 } }]);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === "rejected")) {
      expect(r.reason).toMatchObject({ name: "DomainError", code: "conflict" });
    }
    expect((await Group.findById(group._id).lean())?.charterVersion).toBe(2);
    const v2 = await CharterVersion.find({ groupId: group._id, version: 2 }).lean();
    expect(v2).toHaveLength(1);
    // Only the winner counts as having accepted version 2.
    const accepted = await Membership.find({ groupId: group._id, acceptedCharterVersion: 2 }).lean();
    expect(accepted.map((m) => String(m.userId))).toEqual([String(v2[0].createdBy)]);
    expect(await AuditEvent.countDocuments({ type: "charter_versioned" })).toBe(1);
  });

  it("a proposal on a version the author has not accepted yet needs that acceptance first", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const groupId = String(group._id);
    await proposeCharter(ctxFor(leaders[0]), { groupId, text: V2 });
    await expect(proposeCharter(ctxFor(leaders[1]), { groupId, text: "Version three, not read two." })).rejects.toMatchObject({
      code: "charter_required",
    });
  });

  it("guests and the organiser do not propose", async () => {
    const { group, organiser } = await buildGroup({ leaders: 1 });
    const guest = await buildUser();
    await addMembership(group, guest, { role: "guest", status: "active" });
    for (const u of [guest, organiser]) {
      await expect(proposeCharter(ctxFor(u), { groupId: String(group._id), text: V2 })).rejects.toMatchObject({ code: "forbidden" });
    }
    expect(await CharterVersion.countDocuments()).toBe(1);
  });
});

describe("the charter draft: a co-edited document, frozen by proposing", () => {
  const cid = () => `c-${randomBytes(8).toString("hex")}`;
  /** Appends a paragraph to the draft as `ctx`, from what the server holds (a fresh editor). */
  async function write(ctx: ReturnType<typeof ctxFor>, groupId: string, docId: string, text: string) {
    const e = editor();
    e.apply((await loadDocState(ctx, { groupId, docId, stateVector: new Uint8Array() })).update);
    e.paragraph(text);
    return applyDocUpdate(ctx, { groupId, docId, clientId: cid(), update: e.takeBatch()! });
  }

  it("leaders co-edit the draft; proposing freezes it as version N+1; accepting accepts that version; later edits change no version", async () => {
    const { group, leaders, coaches } = await buildGroup({ leaders: 2, coaches: 1 });
    const groupId = String(group._id);
    const [ann, bob] = leaders.map((u) => ctxFor(u));
    const coach = ctxFor(coaches[0]);

    // Created on demand, once, starting from the current version's text.
    const [d1, d2] = await Promise.all([getCharterDraft(ann, groupId), getCharterDraft(bob, groupId)]);
    expect(d1).toEqual({ docId: String(charterDraftId(groupId)), canWrite: true, canPropose: true });
    expect(d2?.docId).toBe(d1!.docId);
    const docId = d1!.docId;
    expect(await documentText(nodeCtx(), docId)).toBe(DEFAULT_CHARTER);
    // Not one of the group's documents.
    expect((await listDocuments(ann, { groupId })).map((d) => d.id)).not.toContain(docId);

    await write(ann, groupId, docId, "Phones stay in the bag.");
    await write(bob, groupId, docId, "We start at nine.");
    const draftText = `${DEFAULT_CHARTER}\nPhones stay in the bag.\nWe start at nine.`;
    expect(await documentText(nodeCtx(), docId)).toBe(draftText);

    await expect(proposeCharter(ann, { groupId })).resolves.toEqual({ version: 2 });
    const v2 = await CharterVersion.findOne({ groupId: group._id, version: 2 }).lean();
    expect(v2?.text).toBe(draftText);
    expect(v2?.html).toBe(`<p>${DEFAULT_CHARTER}</p>\n<p>Phones stay in the bag.</p>\n<p>We start at nine.</p>`);
    expect(v2?.markdown).toContain("Phones stay in the bag.");
    // The draft's history names the proposed state.
    expect((await listVersions(ann, { groupId, docId })).map((v) => [v.charterVersion, v.auto])).toEqual([[2, false]]);

    // Ann keeps editing the draft; Bob reads version 2 as it was proposed and accepts exactly it.
    await write(ann, groupId, docId, "Later idea, not agreed.");
    const forBob = await getCharter(bob, groupId);
    expect(forBob).toMatchObject({ version: 2, text: draftText, acceptedVersion: 1 });
    expect(forBob.html).not.toContain("Later idea");
    await acceptCharter(bob, { groupId, version: 2 });
    expect((await Membership.findOne({ userId: leaders[1]._id }).lean())?.acceptedCharterVersion).toBe(2);
    expect((await CharterVersion.findOne({ groupId: group._id, version: 2 }).lean())?.text).toBe(draftText);
    // The coach, behind, still accepts only the current version.
    await expect(acceptCharter(coach, { groupId, version: 3 })).rejects.toMatchObject({ code: "conflict" });
  });

  it("a member who has not accepted reads the draft (not edits it) but no other document; an outsider gets not_found", async () => {
    const { group, leaders } = await buildGroup({ leaders: 1 });
    const groupId = String(group._id);
    const ann = ctxFor(leaders[0]);
    const note = await createDocument(ann, { groupId, title: "Private notes" });
    const { docId } = (await getCharterDraft(ann, groupId))!;
    const newcomer = await buildUser();
    await addMembership(group, newcomer, { role: "leader", status: "active", acceptedCharterVersion: 0 });
    const nc = ctxFor(newcomer);

    expect(await getCharterDraft(nc, groupId)).toEqual({ docId, canWrite: false, canPropose: false });
    const state = await loadDocState(nc, { groupId, docId, stateVector: new Uint8Array() });
    expect(state.canWrite).toBe(false);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, state.update);
    expect(copy.getXmlFragment("default").length).toBe(1);
    await expect(write(nc, groupId, docId, "sneaky")).rejects.toMatchObject({ code: "charter_required" });
    await expect(loadDocState(nc, { groupId, docId: note.id, stateVector: new Uint8Array() })).rejects.toMatchObject({
      code: "charter_required",
    });

    const outsider = ctxFor(await buildUser());
    const missing = String(charterDraftId(String(new Types.ObjectId())));
    for (const id of [docId, missing]) {
      await expect(loadDocState(outsider, { groupId, docId: id, stateVector: new Uint8Array() })).rejects.toMatchObject({
        code: "not_found",
      });
    }
    await expect(getCharterDraft(outsider, groupId)).rejects.toMatchObject({ code: "not_found" });
    // A guest reads it too, and does not edit it.
    const guest = await buildUser();
    await addMembership(group, guest, { role: "guest", status: "active" });
    expect(await getCharterDraft(ctxFor(guest), groupId)).toEqual({ docId, canWrite: false, canPropose: false });
  });

  it("without the editor: a proposed text becomes the version and the draft's content; an empty draft cannot be proposed", async () => {
    const { group, leaders } = await buildGroup({ leaders: 1, charterText: "short" });
    const groupId = String(group._id);
    const ann = ctxFor(leaders[0]);
    await expect(proposeCharter(ann, { groupId })).rejects.toMatchObject({
      code: "invalid_input",
      issues: [{ path: "draft", code: "too_short" }],
    });
    const { docId } = (await getCharterDraft(ann, groupId))!;
    await expect(proposeCharter(ann, { groupId })).rejects.toMatchObject({ code: "invalid_input" });
    await proposeCharter(ann, { groupId, text: V2 });
    expect(await documentText(nodeCtx(), docId)).toBe(V2);
    expect(ann.publisher.of("toDoc").map((c) => [c.docId, c.event])).toEqual([[docId, "doc:updated"]]);
    expect((await getCharter(ann, groupId)).html).toBe(`<p>${V2}</p>`);
  });
});

import { describe, expect, it } from "vitest";
import { addMembership, buildGroup, buildUser, ctxFor } from "../../test/factories";
import { ProtocolVersion } from "./group-protocol.model";
import {
  archiveProtocol,
  getProtocolVersion,
  listGroupProtocols,
  listProtocols,
  previewProtocol,
  protocolDraft,
  resolveProtocol,
  saveProtocol,
} from "./protocol.service";

describe("listProtocols", () => {
  it("gives a member the nine built-in protocols, an outsider not_found, the organiser forbidden", async () => {
    const { group, leaders, organiser } = await buildGroup({ leaders: 1 });
    const groupId = String(group._id);
    const list = await listProtocols(ctxFor(leaders[0]), groupId);
    expect(list.map((p) => p.id)).toContain("troika");
    expect(list).toHaveLength(9);
    await expect(listProtocols(ctxFor(await buildUser()), groupId)).rejects.toMatchObject({ code: "not_found" });
    await expect(listProtocols(ctxFor(leaders[0]), "000000000000000000000000")).rejects.toMatchObject({ code: "not_found" });
    await expect(listProtocols(ctxFor(organiser), groupId)).rejects.toMatchObject({ code: "forbidden" });
  });
});

/** A coach's copy of the incident method with the questions written in 7 minutes, saved as version 1. */
async function savedCopy() {
  const g = await buildGroup({ leaders: 4, coaches: 1 });
  const groupId = String(g.group._id);
  const coach = ctxFor(g.coaches[0]);
  const start = await protocolDraft(coach, { groupId, from: "incident" });
  const draft = structuredClone(start.draft);
  draft.phases[3].timer = { minutes: 7, end: "hard" };
  const saved = await saveProtocol(coach, { groupId, protocolId: null, baseVersion: 0, basedOn: start.basedOn, draft });
  if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
  return { ...g, groupId, coach, saved, draft };
}

describe("a group's own protocols", () => {
  it("copies a built-in, saves version 1 under a new id, and getProtocolVersion returns that exact snapshot", async () => {
    const { groupId, saved, leaders } = await savedCopy();
    expect(saved.version).toBe(1);
    expect(saved.protocol.id).toMatch(/^incident-[0-9a-f]{8}$/);
    expect(saved.protocol.name.nl).toBe("Incidentmethode (aangepast)");
    const snapshot = await getProtocolVersion(groupId, saved.protocol.id, 1);
    expect(snapshot).toEqual(saved.protocol);
    expect(snapshot?.phases[3].timer).toEqual({ minutes: 7, end: "hard" });
    // The preview counts the group's leaders and coach, not the built-in's ten steps alone.
    expect(saved.preview.members).toBe(5);
    expect(saved.preview.totalMinutes).toBe(102);
    const list = await listGroupProtocols(ctxFor(leaders[0]), groupId);
    expect(list.copies.map((c) => [c.protocol.id, c.protocol.version, c.basedOn])).toEqual([
      [saved.protocol.id, 1, { id: "incident", version: 1 }],
    ]);
    expect(list.builtIns).toHaveLength(9);
  });

  it("each save is a new version; the old one stays exactly as it was", async () => {
    const { groupId, coach, saved } = await savedCopy();
    const edit = await protocolDraft(coach, { groupId, id: saved.protocol.id });
    expect([edit.protocolId, edit.baseVersion]).toEqual([saved.protocol.id, 1]);
    const draft = structuredClone(edit.draft);
    draft.phases.splice(0, 1);
    const v2 = await saveProtocol(coach, { groupId, protocolId: saved.protocol.id, baseVersion: 1, basedOn: edit.basedOn, draft });
    expect(v2).toMatchObject({ ok: true, version: 2 });
    expect((await getProtocolVersion(groupId, saved.protocol.id, 1))?.phases).toHaveLength(11);
    expect((await getProtocolVersion(groupId, saved.protocol.id, 2))?.phases).toHaveLength(10);
    expect(await resolveProtocol(groupId, saved.protocol.id)).toMatchObject({ copy: true, version: 2 });
  });

  it("two saves of the same version at once: one lands, the other is a conflict and writes nothing", async () => {
    const { groupId, coach, saved, leaders } = await savedCopy();
    const leader = ctxFor(leaders[0]);
    const base = { groupId, protocolId: saved.protocol.id, baseVersion: 1, basedOn: { id: saved.protocol.id, version: 1 } };
    const results = await Promise.allSettled(
      [coach, leader, coach, leader].map((ctx, i) =>
        saveProtocol(ctx, { ...base, draft: { ...saved.protocol, summary: { nl: `S${i}`, en: `S${i}` } } }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected"))
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "conflict", meta: { reason: "protocol_changed" } });
    expect(await ProtocolVersion.countDocuments({ groupId, protocolId: saved.protocol.id })).toBe(2);
  });

  it("refuses a broken draft per field and stores nothing; preview checks the same rules", async () => {
    const { groupId, coach, draft } = await savedCopy();
    const broken = structuredClone(draft);
    broken.phases[2].writers = ["member"];
    broken.phases[5].timer.minutes = 0;
    broken.name.en = "";
    const expected = {
      ok: false,
      errors: {
        "phases.2.writers": "protocol_oral_writers",
        "phases.5.timer.minutes": "protocol_timer_range",
        "name.en": "protocol_text_missing",
      },
    };
    expect(await previewProtocol(coach, groupId, broken)).toMatchObject(expected);
    const before = await ProtocolVersion.countDocuments({ groupId });
    expect(
      await saveProtocol(coach, { groupId, protocolId: null, baseVersion: 0, basedOn: { id: "incident", version: 1 }, draft: broken }),
    ).toMatchObject(expected);
    expect(await ProtocolVersion.countDocuments({ groupId })).toBe(before);
  });

  it("archives and restores a copy; a guest may read but not adapt; outsiders and other groups learn nothing", async () => {
    const { groupId, coach, saved, group, leaders } = await savedCopy();
    const id = saved.protocol.id;
    await archiveProtocol(coach, { groupId, protocolId: id, archived: "true" });
    await archiveProtocol(coach, { groupId, protocolId: id, archived: "true" });
    expect((await listGroupProtocols(coach, groupId)).copies[0].archived).toBe(true);
    await archiveProtocol(ctxFor(leaders[1]), { groupId, protocolId: id, archived: "false" });
    expect((await listGroupProtocols(coach, groupId)).copies[0].archived).toBe(false);

    const guest = await buildUser();
    await addMembership(group, guest, { role: "guest", status: "active" });
    expect((await listGroupProtocols(ctxFor(guest), groupId)).canEdit).toBe(false);
    await expect(protocolDraft(ctxFor(guest), { groupId, from: "incident" })).rejects.toMatchObject({ code: "forbidden" });

    const outsider = ctxFor(await buildUser());
    await expect(listGroupProtocols(outsider, groupId)).rejects.toMatchObject({ code: "not_found" });
    await expect(protocolDraft(outsider, { groupId, id })).rejects.toMatchObject({ code: "not_found" });
    await expect(archiveProtocol(outsider, { groupId, protocolId: id, archived: "true" })).rejects.toMatchObject({ code: "not_found" });
    // Another group's coach cannot reach this copy through their own group.
    const other = await buildGroup({ coaches: 1 });
    const otherId = String(other.group._id);
    await expect(protocolDraft(ctxFor(other.coaches[0]), { groupId: otherId, id })).rejects.toMatchObject({ code: "not_found" });
    expect(await getProtocolVersion(otherId, id, 1)).toBeNull();
    // A built-in is never saved over.
    await expect(
      saveProtocol(coach, {
        groupId,
        protocolId: "incident",
        baseVersion: 1,
        basedOn: { id: "incident", version: 1 },
        draft: saved.protocol,
      }),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});

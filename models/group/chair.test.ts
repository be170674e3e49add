// The chair (voorzitter): a leader named by the coach, the organiser or the chair before them,
// who may pin threads and hand the chair on; the coach chairs when nobody is named.
import { describe, expect, it } from "vitest";
import { addMembership, buildGroup, buildUser, ctxFor } from "../../test/factories";

const id = (d: { _id: unknown }) => String(d._id);
import { Group } from "./group.model";
import { decide } from "./group.policy";
import { changeRole, getGroupAccess, getGroupOverview, removeMember, setChair } from "./group.service";
import { pinThread, startThread } from "../thread/thread.service";
import { listAuditEntries } from "../audit/audit.service";

describe("setChair", () => {
  it("the coach names a leader chair; the chair pins and hands on; the previous chair no longer pins", async () => {
    const { group, leaders, coaches } = await buildGroup({ leaders: 3, coaches: 1 });
    const [ann, bob, cas] = leaders;
    const g = id(group);
    const thread = await startThread(ctxFor(cas), {
      groupId: g,
      clientId: "chair-thread-1",
      title: "Agenda",
      text: "Wat bespreken we?",
    });
    const threadId = (thread.data as { thread: { id: string } }).thread.id;
    const pin = (who: typeof ann, clientId: string) => pinThread(ctxFor(who), { groupId: g, threadId, clientId, pinned: true });

    await expect(pin(ann, "pin-before-1")).rejects.toMatchObject({ code: "forbidden" });
    await expect(setChair(ctxFor(bob), { groupId: g, userId: id(ann) })).rejects.toMatchObject({ code: "forbidden" });
    await setChair(ctxFor(coaches[0]), { groupId: g, userId: id(ann) });
    expect((await getGroupOverview(ctxFor(bob), g)).chairId).toBe(id(ann));
    expect((await pin(ann, "pin-as-chair")).seq).toBeGreaterThan(0);

    await setChair(ctxFor(ann), { groupId: g, userId: id(bob) }); // rotating
    await expect(pin(ann, "pin-after-1")).rejects.toMatchObject({ code: "forbidden" });
    const access = await getGroupAccess({ id: id(bob), isOrganiser: false }, g);
    expect(decide(access!.access, "thread.pin")).toBe("allow");
    expect(decide(access!.access, "member.invite")).toBe("forbidden"); // chairing is not managing members

    const audit = await listAuditEntries(group._id);
    expect(audit.filter((e) => e.type === "chair_set").map((e) => e.subjectName)).toEqual([bob.name, ann.name]);
  });

  it("only an active leader of the group can be named; a removed chair or one who becomes coach stops chairing", async () => {
    const { group, leaders, coaches, organiser } = await buildGroup({ leaders: 2, coaches: 1 });
    const [ann, bob] = leaders;
    const g = id(group);
    const guest = await buildUser();
    await addMembership(group, guest, { role: "guest", status: "active" });
    for (const userId of [id(coaches[0]), id(guest), id(await buildUser())]) {
      await expect(setChair(ctxFor(organiser), { groupId: g, userId })).rejects.toMatchObject({
        code: "invalid_input",
        issues: [{ path: "userId", code: "not_a_leader" }],
      });
    }
    expect((await Group.findById(g).lean())!.chairId).toBeNull();

    await setChair(ctxFor(organiser), { groupId: g, userId: id(ann) });
    await removeMember(ctxFor(organiser), { groupId: g, userId: id(ann) });
    expect((await Group.findById(g).lean())!.chairId).toBeNull();

    await setChair(ctxFor(coaches[0]), { groupId: g, userId: id(bob) });
    await changeRole(ctxFor(organiser), { groupId: g, userId: id(bob), role: "coach" });
    expect((await Group.findById(g).lean())!.chairId).toBeNull();

    await setChair(ctxFor(organiser), { groupId: g, userId: null });
    expect((await listAuditEntries(group._id)).some((e) => e.type === "chair_ended")).toBe(true);
  });

  it("an outsider learns nothing: not_found, as for a group that does not exist", async () => {
    const { group, leaders } = await buildGroup({ leaders: 1 });
    const outsider = await buildUser();
    await expect(setChair(ctxFor(outsider), { groupId: id(group), userId: id(leaders[0]) })).rejects.toMatchObject({ code: "not_found" });
    await expect(setChair(ctxFor(outsider), { groupId: "0".repeat(24), userId: id(leaders[0]) })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});

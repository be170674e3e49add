import { describe, expect, it } from "vitest";
import { addMembership, buildGroup, buildThread, buildUser, ctxFor } from "../../test/factories";
import { createDocument } from "../document/document.service";
import { Meeting } from "../meeting/meeting.model";
import { Goal, GoalVersion } from "./goal.model";
import { agreeGoal, editGoal, linkGoal, listGoals, noteGoalProgress, proposeGoal, unlinkGoal } from "./goal.service";

async function scene() {
  const built = await buildGroup({ leaders: 2, coaches: 1 });
  const guest = await buildUser();
  await addMembership(built.group, guest, { role: "guest", status: "active" });
  const groupId = String(built.group._id);
  const [ann, ben] = built.leaders;
  return { ...built, groupId, coach: built.coaches[0], ann, ben, guest };
}

const GOAL = {
  title: "Elke school een feedbackcultuur",
  criteria: "Elk lid voert twee klasbezoeken uit\nWe bespreken de resultaten in juni",
};

describe("group goals", () => {
  it("fixed once every leader and the coach agreed to the current version; an edit reopens it", async () => {
    const { groupId, ann, ben, coach, guest } = await scene();
    const { id } = await proposeGoal(ctxFor(ann), { groupId, ...GOAL });
    let [goal] = (await listGoals(ctxFor(ben), { groupId })).goals;
    expect(goal).toMatchObject({
      version: 1,
      fixed: false,
      iAgreed: false,
      criteria: ["Elk lid voert twee klasbezoeken uit", "We bespreken de resultaten in juni"],
    });
    expect(goal.waiting).toHaveLength(2);
    await agreeGoal(ctxFor(ben), { groupId, goalId: id, version: "1" });
    await agreeGoal(ctxFor(ben), { groupId, goalId: id, version: 1 }); // twice writes once
    expect((await listGoals(ctxFor(ben), { groupId })).goals[0]).toMatchObject({ fixed: false, iAgreed: true });
    // Guests read but do not agree (and are not waited for).
    await expect(agreeGoal(ctxFor(guest), { groupId, goalId: id, version: 1 })).rejects.toMatchObject({ code: "forbidden" });
    await agreeGoal(ctxFor(coach), { groupId, goalId: id, version: 1 });
    [goal] = (await listGoals(ctxFor(guest), { groupId })).goals;
    expect(goal).toMatchObject({ fixed: true, waiting: [] });
    expect((await Goal.findById(id).lean())?.fixedVersion).toBe(1);

    // An edit from the version read: version 2, its author agrees, the others are asked again.
    expect(
      await editGoal(ctxFor(coach), {
        groupId,
        goalId: id,
        version: 1,
        title: "Een feedbackcultuur in elke school",
        criteria: GOAL.criteria,
      }),
    ).toEqual({
      version: 2,
    });
    [goal] = (await listGoals(ctxFor(ann), { groupId })).goals;
    expect(goal).toMatchObject({ version: 2, fixed: false, iAgreed: false, title: "Een feedbackcultuur in elke school" });
    expect(goal.waiting).toHaveLength(2);
    // Agreeing to the version one read before: a conflict, nothing stored.
    await expect(agreeGoal(ctxFor(ann), { groupId, goalId: id, version: 1 })).rejects.toMatchObject({
      code: "conflict",
      issues: [{ path: "version", code: "goal_changed" }],
    });
    await expect(editGoal(ctxFor(ann), { groupId, goalId: id, version: 1, ...GOAL })).rejects.toMatchObject({ code: "conflict" });
    expect(await GoalVersion.countDocuments({ goalId: id })).toBe(2);
  });

  it("two edits from the same version at once: one version, one conflict", async () => {
    const { groupId, ann, ben } = await scene();
    const { id } = await proposeGoal(ctxFor(ann), { groupId, ...GOAL });
    const results = await Promise.allSettled([
      editGoal(ctxFor(ann), { groupId, goalId: id, version: 1, title: "Versie van Ann", criteria: "a" }),
      editGoal(ctxFor(ben), { groupId, goalId: id, version: 1, title: "Versie van Ben", criteria: "b" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "conflict" } });
    expect(await GoalVersion.countDocuments({ goalId: id })).toBe(2);
  });

  it("links to the group's meetings, documents and threads only; a progress note per meeting", async () => {
    const { groupId, ann, coach, group } = await scene();
    const other = await buildGroup({ leaders: 1 });
    const { id } = await proposeGoal(ctxFor(ann), { groupId, ...GOAL });
    const meeting = await Meeting.create({
      groupId: group._id,
      kind: "contact_day",
      title: "Contactdag 3",
      startsAt: new Date("2027-01-12T08:00:00Z"),
      endsAt: new Date("2027-01-12T15:00:00Z"),
    });
    const foreignMeeting = await Meeting.create({
      groupId: other.group._id,
      kind: "contact_day",
      startsAt: new Date(),
      endsAt: new Date(),
    });
    const doc = await createDocument(ctxFor(ann), { groupId, title: "Kijkwijzer klasbezoek" });
    const thread = await buildThread(ctxFor(ann), groupId, "Feedback geven");
    await linkGoal(ctxFor(ann), { groupId, goalId: id, kind: "meeting", targetId: String(meeting._id) });
    await linkGoal(ctxFor(ann), { groupId, goalId: id, kind: "document", targetId: doc.id });
    await linkGoal(ctxFor(coach), { groupId, goalId: id, kind: "thread", targetId: thread });
    await linkGoal(ctxFor(coach), { groupId, goalId: id, kind: "thread", targetId: thread }); // once
    await expect(
      linkGoal(ctxFor(ann), { groupId, goalId: id, kind: "meeting", targetId: String(foreignMeeting._id) }),
    ).rejects.toMatchObject({
      issues: [{ path: "targetId", code: "goal_link_target" }],
    });
    await expect(linkGoal(ctxFor(ann), { groupId, goalId: id, kind: "document", targetId: String(meeting._id) })).rejects.toMatchObject({
      code: "invalid_input",
    });
    await noteGoalProgress(ctxFor(coach), { groupId, goalId: id, meetingId: String(meeting._id), text: "Drie klasbezoeken gedaan." });
    await noteGoalProgress(ctxFor(ann), { groupId, goalId: id, meetingId: String(meeting._id), text: "Vier klasbezoeken gedaan." });
    await expect(
      noteGoalProgress(ctxFor(ann), { groupId, goalId: id, meetingId: String(foreignMeeting._id), text: "x" }),
    ).rejects.toMatchObject({
      code: "invalid_input",
    });
    const [goal] = (await listGoals(ctxFor(ann), { groupId })).goals;
    expect(goal.links.map((l) => [l.kind, l.title])).toEqual([
      ["meeting", "Contactdag 3"],
      ["document", "Kijkwijzer klasbezoek"],
      ["thread", "Feedback geven"],
    ]);
    expect(goal.progress).toMatchObject([{ meetingId: String(meeting._id), text: "Vier klasbezoeken gedaan." }]);
    await unlinkGoal(ctxFor(ann), { groupId, goalId: id, kind: "thread", targetId: thread });
    expect((await listGoals(ctxFor(ann), { groupId })).goals[0].links).toHaveLength(2);
    // Linking does not reopen agreement.
    expect((await listGoals(ctxFor(ann), { groupId })).goals[0].version).toBe(1);
  });

  it("the organiser sees no goal; an outsider learns nothing; another group's goal is not found", async () => {
    const { groupId, ann, organiser } = await scene();
    const { id } = await proposeGoal(ctxFor(ann), { groupId, ...GOAL });
    await expect(listGoals(ctxFor(organiser), { groupId })).rejects.toMatchObject({ code: "forbidden" });
    await expect(listGoals(ctxFor(await buildUser()), { groupId })).rejects.toMatchObject({ code: "not_found" });
    const other = await buildGroup({ leaders: 1 });
    await expect(agreeGoal(ctxFor(other.leaders[0]), { groupId: String(other.group._id), goalId: id, version: 1 })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(proposeGoal(ctxFor(ann), { groupId, title: "ab", criteria: "" })).rejects.toMatchObject({
      issues: [
        { path: "title", code: "too_short" },
        { path: "criteria", code: "goal_criteria_required" },
      ],
    });
    expect(await Goal.countDocuments({ groupId })).toBe(1);
  });
});

// Practice stories and the most significant change (issue 15 item 3, decision 055).
import { describe, expect, it } from "vitest";
import { addMembership, buildGroup, buildUser, ctxFor } from "../../test/factories";
import { setChair } from "../group/group.service";
import { setGroupStatus } from "../trajectory/programme.service";
import { collectUserData } from "../privacy/export.service";
import { deleteGroupContent } from "../privacy/retention.service";
import { PracticeStory, StoryConsent, StoryVote } from "./story.model";
import { getStoriesPage, selectStory, setStoryConsent, sharedStories, trajectoryStories, voteStory, writeStory } from "./story.service";

// The moments open months after the trajectory's start; the tests' clock is a year on (y1_mid and y1_end open).
const LATER = new Date(Date.now() + 400 * 24 * 3600 * 1000);
const STORY = (who: string) => ({
  change: `${who}: ik laat de personeelsvergadering nu openen met een vraag uit de klas in plaats van mededelingen.`,
  intention: "De mededelingen gaan voortaan per mail.",
});

async function scene() {
  const built = await buildGroup({ leaders: 4, coaches: 1 });
  const groupId = String(built.group._id);
  const guest = await buildUser();
  await addMembership(built.group, guest, { role: "guest", status: "active" });
  const [ann, ben, cas, dirk] = built.leaders;
  return { ...built, groupId, coach: built.coaches[0], ann, ben, cas, dirk, guest };
}

describe("practice stories", () => {
  it("leaders write at an open moment, vote once for another's story, the coach confirms the most voted with why", async () => {
    const { groupId, ann, ben, cas, dirk, coach } = await scene();
    await expect(writeStory(ctxFor(ann), { groupId, moment: "y1_mid", ...STORY("Ann") })).rejects.toMatchObject({
      code: "invalid_input",
      issues: [{ path: "moment", code: "story_moment_not_open" }],
    });
    const a = await writeStory(ctxFor(ann), { groupId, moment: "y1_mid", ...STORY("Ann") }, LATER);
    const b = await writeStory(ctxFor(ben), { groupId, moment: "y1_mid", ...STORY("Ben") }, LATER);
    // Rewriting replaces the story (one per leader and moment).
    await writeStory(ctxFor(ann), { groupId, moment: "y1_mid", ...STORY("Ann (herschreven)") }, LATER);
    await expect(writeStory(ctxFor(coach), { groupId, moment: "y1_mid", ...STORY("Coach") }, LATER)).rejects.toMatchObject({
      code: "forbidden",
    });

    await expect(voteStory(ctxFor(ann), { groupId, moment: "y1_mid", storyId: a.id })).rejects.toMatchObject({
      issues: [{ code: "story_own_vote" }],
    });
    await voteStory(ctxFor(ben), { groupId, moment: "y1_mid", storyId: a.id });
    await voteStory(ctxFor(cas), { groupId, moment: "y1_mid", storyId: a.id });
    await voteStory(ctxFor(ann), { groupId, moment: "y1_mid", storyId: b.id });
    await expect(voteStory(ctxFor(cas), { groupId, moment: "y1_mid", storyId: b.id })).rejects.toMatchObject({
      code: "conflict",
      meta: { reason: "story_voted" },
    });

    const page = await getStoriesPage(ctxFor(dirk), { groupId, moment: "y1_mid" }, LATER);
    expect(page.stories.map((s) => [s.votes, s.change.slice(0, 3)])).toEqual([
      [2, "Ann"],
      [1, "Ben"],
    ]);
    expect(page.stories[0].change).toContain("herschreven");
    expect(page.waiting).toHaveLength(2);
    expect(page.can).toEqual({ write: true, vote: true, confirm: false });

    // Only the most voted (a leader cannot confirm unless chair).
    await expect(
      selectStory(ctxFor(ann), { groupId, moment: "y1_mid", storyId: a.id, why: "Het raakt het hele team." }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(
      selectStory(ctxFor(coach), { groupId, moment: "y1_mid", storyId: b.id, why: "Het raakt het hele team." }),
    ).rejects.toMatchObject({
      issues: [{ code: "story_not_most_voted" }],
    });
    await selectStory(ctxFor(coach), { groupId, moment: "y1_mid", storyId: a.id, why: "Het raakt het hele team." });
    await expect(selectStory(ctxFor(coach), { groupId, moment: "y1_mid", storyId: a.id, why: "Nog eens gekozen." })).rejects.toMatchObject({
      code: "conflict",
    });
    // After the selection the moment is settled: no more stories or votes.
    await expect(voteStory(ctxFor(dirk), { groupId, moment: "y1_mid", storyId: a.id })).rejects.toMatchObject({ code: "conflict" });
    await expect(writeStory(ctxFor(dirk), { groupId, moment: "y1_mid", ...STORY("Dirk") }, LATER)).rejects.toMatchObject({
      code: "conflict",
    });
    expect((await getStoriesPage(ctxFor(ben), { groupId, moment: "y1_mid" }, LATER)).selection).toMatchObject({
      storyId: a.id,
      why: "Het raakt het hele team.",
      consent: false,
    });
  });

  it("the chair confirms too; four votes at once for one leader count once", async () => {
    const { groupId, ann, ben, coach } = await scene();
    const a = await writeStory(ctxFor(ann), { groupId, moment: "y1_end", ...STORY("Ann") }, LATER);
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () => voteStory(ctxFor(ben), { groupId, moment: "y1_end", storyId: a.id })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await StoryVote.countDocuments({ groupId, moment: "y1_end" })).toBe(1);
    await setChair(ctxFor(coach), { groupId, userId: String(ben._id) });
    await selectStory(ctxFor(ben), { groupId, moment: "y1_end", storyId: a.id, why: "Concreet en navolgbaar." });
  });

  it("a selected story leaves the group only while its author consents; consent is revocable and only the author's", async () => {
    const { groupId, ann, ben, coach, organiser, trajectory } = await scene();
    const a = await writeStory(ctxFor(ann), { groupId, moment: "y1_mid", ...STORY("Ann") }, LATER);
    await expect(setStoryConsent(ctxFor(ann), { groupId, storyId: a.id, consent: "true" })).rejects.toMatchObject({
      issues: [{ code: "story_not_selected" }],
    });
    await voteStory(ctxFor(ben), { groupId, moment: "y1_mid", storyId: a.id });
    await selectStory(ctxFor(coach), { groupId, moment: "y1_mid", storyId: a.id, why: "Het raakt het hele team." });
    expect(await sharedStories(groupId)).toEqual([]);
    expect((await trajectoryStories(ctxFor(organiser), String(trajectory._id))).groups).toEqual([]);

    await expect(setStoryConsent(ctxFor(ben), { groupId, storyId: a.id, consent: "true" })).rejects.toMatchObject({ code: "forbidden" });
    await setStoryConsent(ctxFor(ann), { groupId, storyId: a.id, consent: "true" });
    const shared = await trajectoryStories(ctxFor(organiser), String(trajectory._id));
    expect(shared.groups[0].stories).toEqual([
      { moment: "y1_mid", change: STORY("Ann").change, intention: STORY("Ann").intention, why: "Het raakt het hele team." },
    ]);
    expect(JSON.stringify(shared)).not.toContain(String(ann._id));

    await setStoryConsent(ctxFor(ann), { groupId, storyId: a.id, consent: "false" });
    expect(await sharedStories(groupId)).toEqual([]);
  });

  it("outsiders, removed members and other organisers learn nothing; guests do not read stories; a closed group refuses with its reason", async () => {
    const { group, groupId, ann, guest, organiser } = await scene();
    const outsider = await buildUser();
    for (const who of [outsider]) {
      await expect(getStoriesPage(ctxFor(who), { groupId }, LATER)).rejects.toMatchObject({ code: "not_found" });
      await expect(writeStory(ctxFor(who), { groupId, moment: "y1_mid", ...STORY("X") }, LATER)).rejects.toMatchObject({
        code: "not_found",
      });
    }
    await expect(getStoriesPage(ctxFor(guest), { groupId }, LATER)).rejects.toMatchObject({ code: "forbidden" });
    await expect(getStoriesPage(ctxFor(organiser), { groupId }, LATER)).rejects.toMatchObject({ code: "forbidden" });
    await expect(trajectoryStories(ctxFor(await buildUser({ isOrganiser: true })), String(group.trajectoryId))).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(writeStory(ctxFor(ann), { groupId, moment: "y9", ...STORY("Ann") }, LATER)).rejects.toMatchObject({
      code: "invalid_input",
      issues: [{ path: "moment", code: "story_unknown_moment" }],
    });
    await setGroupStatus(ctxFor(organiser), { groupId, status: "closed" });
    await expect(writeStory(ctxFor(ann), { groupId, moment: "y1_mid", ...STORY("Ann") }, LATER)).rejects.toMatchObject({
      code: "forbidden",
      meta: { reason: "group_closed" },
    });
    expect((await getStoriesPage(ctxFor(ann), { groupId }, LATER)).can.write).toBe(false);
  });

  it("a leader's stories and consents are in their export; retention deletes them with the group's content", async () => {
    const { group, groupId, ann, ben, coach } = await scene();
    const a = await writeStory(ctxFor(ann), { groupId, moment: "y1_mid", ...STORY("Ann") }, LATER);
    await voteStory(ctxFor(ben), { groupId, moment: "y1_mid", storyId: a.id });
    await selectStory(ctxFor(coach), { groupId, moment: "y1_mid", storyId: a.id, why: "Het raakt het hele team." });
    await setStoryConsent(ctxFor(ann), { groupId, storyId: a.id, consent: "true" });
    const data = (await collectUserData(String(ann._id))) as unknown as { data: Record<string, unknown[]> };
    expect(JSON.stringify(data)).toContain(STORY("Ann").change);
    await deleteGroupContent(group);
    expect(await PracticeStory.countDocuments({ groupId })).toBe(0);
    expect(await StoryConsent.countDocuments({ groupId })).toBe(0);
  });
});

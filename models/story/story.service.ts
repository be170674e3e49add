// Practice stories and the most significant change (issue 15 item 3, decision 055). At each moment of
// the rhythm (story.constants.ts) every leader writes a short story of a change in their practice and
// what they intend to change next; the leaders read the moment's stories and each votes once for
// another's story; the coach or the chair confirms the most voted one (choosing within a tie) and
// writes why. A selected story leaves the group only while its author consents (revocable).
import { recordAudit } from "../audit/audit.service";
import type { GroupAccess } from "../group/group.policy";
import { Group } from "../group/group.model";
import { loadGroupFor } from "../group/group.service";
import { activeMembers } from "../group/memberships";
import type { ServiceContext } from "../shared/context";
import { isDuplicateKey, retryOnDuplicate } from "../shared/duplicate-key";
import { DomainError } from "../shared/errors";
import { isObjectId } from "../shared/ids";
import { oid } from "../shared/oid";
import { parseInput } from "../shared/parse";
import { Trajectory } from "../trajectory/trajectory.model";
import { displayNames } from "../user/user.service";
import { STORY_MOMENTS, type StoryMoment } from "./story.constants";
import { SelectStoryInput, StoriesPageInput, StoryConsentInput, VoteStoryInput, WriteStoryInput } from "./story.inputs";
import { PracticeStory, StoryConsent, StorySelection, StoryVote } from "./story.model";

import { MAX_LEADERS } from "../group/group.model";

/** A moment holds at most one story and one vote per leader: the seats, and as many again for leaders who left. */
const PER_MOMENT = 2 * MAX_LEADERS;

export interface StoryDTO {
  id: string;
  authorName: string;
  mine: boolean;
  change: string;
  intention: string;
  votes: number;
  updatedAt: string;
}
export interface StoriesPageDTO {
  moments: { key: StoryMoment; opensAt: string; open: boolean }[];
  /** The moment shown; null before the first one opens. */
  moment: StoryMoment | null;
  stories: StoryDTO[];
  myStory: { change: string; intention: string } | null;
  /** The story the reader voted for at this moment. */
  myVote: string | null;
  selection: { storyId: string; why: string; confirmedByName: string; consent: boolean } | null;
  can: { write: boolean; vote: boolean; confirm: boolean };
  /** Leaders who have not written a story for this moment yet (names). */
  waiting: string[];
}

const storyIdOf = (groupId: string, moment: string, authorId: string) => `${groupId}:${moment}:${authorId}`;
const slotOf = (groupId: string, moment: string) => `${groupId}:${moment}`;

/** Stories are the leaders' and their coach's: guests (a supervisor) do not read them. */
const readsStories = (a: GroupAccess) => a.membership?.role === "leader" || a.membership?.role === "coach";
const confirms = (a: GroupAccess) => a.membership?.role === "coach" || (a.membership?.role === "leader" && a.isChair === true);

/** When each moment opens: months after the trajectory's start (else the group's creation). */
async function momentDates(group: { trajectoryId: unknown; createdAt?: Date }) {
  const t = await Trajectory.findById(group.trajectoryId, { startDate: 1 }).lean();
  const start = t?.startDate ?? group.createdAt ?? new Date();
  return STORY_MOMENTS.map((m) => {
    const d = new Date(start);
    d.setUTCMonth(d.getUTCMonth() + m.month);
    return { key: m.key as StoryMoment, opensAt: d };
  });
}

async function loadFor(ctx: ServiceContext, groupId: string, mode: "read" | "write") {
  const loaded = await loadGroupFor(ctx.actor, groupId, mode === "read" ? "group.content" : "doc.write");
  if (!readsStories(loaded.access)) throw new DomainError("forbidden");
  return loaded;
}

async function assertOpen(group: { trajectoryId: unknown; createdAt?: Date }, moment: StoryMoment, now: Date) {
  const m = (await momentDates(group)).find((d) => d.key === moment)!;
  if (m.opensAt > now) throw new DomainError("invalid_input", [{ path: "moment", code: "story_moment_not_open" }]);
}

async function assertNotSelected(groupId: string, moment: string) {
  if (await StorySelection.exists({ _id: slotOf(groupId, moment) }))
    throw new DomainError("conflict", [{ path: "moment", code: "story_already_selected" }], { reason: "story_already_selected" });
}

/** The stories page: the moments, the shown moment's stories with their votes, the selection. */
export async function getStoriesPage(ctx: ServiceContext, input: unknown, now = new Date()): Promise<StoriesPageDTO> {
  const { groupId, moment: asked } = parseInput(StoriesPageInput, input);
  const { group, access } = await loadFor(ctx, groupId, "read");
  const dates = await momentDates(group);
  const open = dates.filter((d) => d.opensAt <= now);
  const moment = asked ?? open.at(-1)?.key ?? null;
  const moments = dates.map((d) => ({ key: d.key, opensAt: d.opensAt.toISOString(), open: d.opensAt <= now }));
  const writes = access.membership?.role === "leader" && !access.closed;
  if (!moment || !open.some((d) => d.key === moment))
    return {
      moments,
      moment,
      stories: [],
      myStory: null,
      myVote: null,
      selection: null,
      can: { write: false, vote: false, confirm: false },
      waiting: [],
    };
  const g = oid(groupId);
  const [stories, votes, selection, leaders] = await Promise.all([
    PracticeStory.find({ groupId: g, moment }).limit(PER_MOMENT).lean(),
    StoryVote.find({ groupId: g, moment }).limit(PER_MOMENT).lean(),
    StorySelection.findById(slotOf(groupId, moment)).lean(),
    activeMembers(groupId),
  ]);
  const leaderIds = leaders.filter((m) => m.role === "leader").map((m) => m.userId);
  const consent = selection ? await StoryConsent.findById(selection.storyId).lean() : null;
  const names = await displayNames(ctx, [...stories.map((s) => s.authorId), ...leaderIds, ...(selection ? [selection.confirmedBy] : [])]);
  const count = (id: string) => votes.filter((v) => v.storyId === id).length;
  const mine = stories.find((s) => String(s.authorId) === ctx.actor.id);
  const wrote = new Set(stories.map((s) => String(s.authorId)));
  return {
    moments,
    moment,
    stories: stories
      .map((s) => ({
        id: s._id,
        authorName: names.get(String(s.authorId)) ?? "",
        mine: String(s.authorId) === ctx.actor.id,
        change: s.change,
        intention: s.intention,
        votes: count(s._id),
        updatedAt: s.updatedAt.toISOString(),
      }))
      .sort((a, b) => b.votes - a.votes || a.authorName.localeCompare(b.authorName, "nl")),
    myStory: mine ? { change: mine.change, intention: mine.intention } : null,
    myVote: votes.find((v) => String(v.voterId) === ctx.actor.id)?.storyId ?? null,
    selection: selection && {
      storyId: selection.storyId,
      why: selection.why,
      confirmedByName: names.get(String(selection.confirmedBy)) ?? "",
      consent: consent?.given === true,
    },
    can: {
      write: writes && !selection,
      vote: writes && !selection && stories.some((s) => String(s.authorId) !== ctx.actor.id),
      confirm: confirms(access) && !access.closed && !selection && votes.length > 0,
    },
    waiting: leaderIds.filter((u) => !wrote.has(u)).map((u) => names.get(u) ?? ""),
  };
}

/** A leader writes (or rewrites) their story of the moment, until the moment's story is selected. */
export async function writeStory(ctx: ServiceContext, input: unknown, now = new Date()) {
  const v = parseInput(WriteStoryInput, input);
  const { group, access } = await loadFor(ctx, v.groupId, "write");
  if (access.membership?.role !== "leader") throw new DomainError("forbidden");
  await assertOpen(group, v.moment, now);
  await assertNotSelected(v.groupId, v.moment);
  const _id = storyIdOf(v.groupId, v.moment, ctx.actor.id);
  await retryOnDuplicate(() =>
    PracticeStory.updateOne(
      { _id },
      {
        $set: { change: v.change, intention: v.intention },
        $setOnInsert: { groupId: oid(v.groupId), moment: v.moment, authorId: oid(ctx.actor.id) },
      },
      { upsert: true },
    ),
  );
  ctx.publisher.toGroup(v.groupId, "group:changed", { groupId: v.groupId });
  return { id: _id };
}

/** A leader's one vote at a moment, for another leader's story (a unique insert: once counts). */
export async function voteStory(ctx: ServiceContext, input: unknown) {
  const v = parseInput(VoteStoryInput, input);
  const { access } = await loadFor(ctx, v.groupId, "write");
  if (access.membership?.role !== "leader") throw new DomainError("forbidden");
  const story = await PracticeStory.findById(v.storyId).lean();
  if (!story || String(story.groupId) !== v.groupId || story.moment !== v.moment) throw new DomainError("not_found");
  if (String(story.authorId) === ctx.actor.id) throw new DomainError("invalid_input", [{ path: "storyId", code: "story_own_vote" }]);
  await assertNotSelected(v.groupId, v.moment);
  try {
    await StoryVote.create({
      _id: `${slotOf(v.groupId, v.moment)}:${ctx.actor.id}`,
      groupId: oid(v.groupId),
      moment: v.moment,
      storyId: v.storyId,
      voterId: oid(ctx.actor.id),
    });
  } catch (e) {
    if (isDuplicateKey(e)) throw new DomainError("conflict", [{ path: "storyId", code: "story_voted" }], { reason: "story_voted" });
    throw e;
  }
  ctx.publisher.toGroup(v.groupId, "group:changed", { groupId: v.groupId });
}

/** The coach or the chair confirms the moment's most significant change: a story with the most
 *  votes (any of a tie), with why. Once per moment (a unique insert). */
export async function selectStory(ctx: ServiceContext, input: unknown) {
  const v = parseInput(SelectStoryInput, input);
  const { group, access } = await loadFor(ctx, v.groupId, "write");
  if (!confirms(access)) throw new DomainError("forbidden");
  const votes = await StoryVote.find({ groupId: group._id, moment: v.moment }).limit(PER_MOMENT).lean();
  const counts = new Map<string, number>();
  for (const x of votes) counts.set(x.storyId, (counts.get(x.storyId) ?? 0) + 1);
  const top = Math.max(0, ...counts.values());
  const story = await PracticeStory.findById(v.storyId).lean();
  if (!story || String(story.groupId) !== v.groupId || story.moment !== v.moment) throw new DomainError("not_found");
  if (top === 0 || counts.get(v.storyId) !== top)
    throw new DomainError("invalid_input", [{ path: "storyId", code: "story_not_most_voted" }]);
  try {
    await StorySelection.create({
      _id: slotOf(v.groupId, v.moment),
      groupId: group._id,
      moment: v.moment,
      storyId: v.storyId,
      why: v.why,
      confirmedBy: oid(ctx.actor.id),
    });
  } catch (e) {
    if (isDuplicateKey(e))
      throw new DomainError("conflict", [{ path: "moment", code: "story_already_selected" }], { reason: "story_already_selected" });
    throw e;
  }
  ctx.publisher.toGroup(v.groupId, "group:changed", { groupId: v.groupId });
}

/** The author of a selected story gives or revokes consent that it leaves the group (recorded with when). */
export async function setStoryConsent(ctx: ServiceContext, input: unknown) {
  const v = parseInput(StoryConsentInput, input);
  const { group } = await loadFor(ctx, v.groupId, "write");
  const story = await PracticeStory.findById(v.storyId).lean();
  if (!story || String(story.groupId) !== v.groupId) throw new DomainError("not_found");
  if (String(story.authorId) !== ctx.actor.id) throw new DomainError("forbidden");
  if (!(await StorySelection.exists({ _id: slotOf(v.groupId, story.moment), storyId: v.storyId })))
    throw new DomainError("invalid_input", [{ path: "storyId", code: "story_not_selected" }]);
  const now = new Date();
  await retryOnDuplicate(() =>
    StoryConsent.updateOne(
      { _id: v.storyId },
      {
        $set: v.consent ? { given: true, givenAt: now, revokedAt: null } : { given: false, revokedAt: now },
        $setOnInsert: { groupId: group._id, authorId: oid(ctx.actor.id) },
      },
      { upsert: true },
    ),
  );
  await recordAudit(group._id, v.consent ? "story_shared" : "story_unshared", ctx.actor.id, null, { moment: story.moment });
  ctx.publisher.toGroup(v.groupId, "group:changed", { groupId: v.groupId });
}

export interface SharedStoryDTO {
  moment: StoryMoment;
  change: string;
  intention: string;
  why: string;
}

/** The group's selected stories whose authors consent now: all that may leave the group (no names). */
export async function sharedStories(groupId: string): Promise<SharedStoryDTO[]> {
  const selections = await StorySelection.find({ groupId: oid(groupId) }).lean();
  if (!selections.length) return [];
  const [consents, stories] = await Promise.all([
    StoryConsent.find({ _id: { $in: selections.map((s) => s.storyId) }, given: true }).lean(),
    PracticeStory.find({ _id: { $in: selections.map((s) => s.storyId) } }).lean(),
  ]);
  const ok = new Set(consents.map((c) => c._id));
  const order = STORY_MOMENTS.map((m) => m.key as string);
  return selections
    .filter((s) => ok.has(s.storyId))
    .flatMap((s) => {
      const story = stories.find((x) => x._id === s.storyId);
      return story ? [{ moment: s.moment as StoryMoment, change: story.change, intention: story.intention, why: s.why }] : [];
    })
    .sort((a, b) => order.indexOf(a.moment) - order.indexOf(b.moment));
}

/** The organiser's page: per group they may see, the selected stories their authors let leave it. */
export async function trajectoryStories(ctx: ServiceContext, trajectoryId: string) {
  if (!ctx.actor.isOrganiser || !isObjectId(trajectoryId)) throw new DomainError("not_found");
  const t = await Trajectory.findOne({ _id: oid(trajectoryId), organiserIds: oid(ctx.actor.id) }, { name: 1 }).lean();
  if (!t) throw new DomainError("not_found");
  // A group that runs itself shows its organiser nothing unless it opted in (decision 056).
  const groups = (await Group.find({ trajectoryId: t._id }, { name: 1, phase: 1, organiserView: 1 }).sort({ name: 1 }).lean()).filter(
    (g) => g.phase !== "continued" || g.organiserView,
  );
  const perGroup = await Promise.all(groups.map(async (g) => ({ groupName: g.name, stories: await sharedStories(String(g._id)) })));
  return { trajectory: { id: String(t._id), name: t.name }, groups: perGroup.filter((g) => g.stories.length > 0) };
}

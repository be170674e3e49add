import { z } from "zod";
import { objectIdString } from "../shared/ids";
import { yesNo } from "../plan/plan.inputs";
import { STORY_CHANGE_MAX, STORY_INTENTION_MAX, STORY_MOMENT_KEYS, STORY_WHY_MAX } from "./story.constants";

// The stories page's forms (app/routes/groups.$groupId.stories.tsx), checked again by the service.
const moment = z.enum(STORY_MOMENT_KEYS, { message: "story_unknown_moment" });
/** A story's id: "<groupId>:<moment>:<authorId>". */
const storyId = z.string().regex(/^[0-9a-f]{24}:[a-z0-9_]{2,10}:[0-9a-f]{24}$/, "invalid");

export const StoriesPageInput = z.object({ groupId: objectIdString, moment: moment.optional() });
export const WriteStoryInput = z.object({
  groupId: objectIdString,
  moment,
  change: z.string().trim().min(20, "too_short").max(STORY_CHANGE_MAX, "too_long"),
  intention: z.string().trim().min(5, "too_short").max(STORY_INTENTION_MAX, "too_long"),
});
export const VoteStoryInput = z.object({ groupId: objectIdString, moment, storyId });
export const SelectStoryInput = z.object({
  groupId: objectIdString,
  moment,
  storyId,
  why: z.string().trim().min(10, "too_short").max(STORY_WHY_MAX, "too_long"),
});
export const StoryConsentInput = z.object({
  groupId: objectIdString,
  storyId,
  consent: yesNo,
});

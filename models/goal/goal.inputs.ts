import { z } from "zod";
import { objectIdString } from "../shared/ids";
import { versionNumber } from "../plan/plan.inputs";
import { GOAL_CRITERIA_MAX, GOAL_CRITERION_MAX, GOAL_LINK_KINDS, GOAL_NOTE_MAX, GOAL_TITLE_MAX } from "./goal.constants";

// The group goals' forms (app/routes/groups.$groupId.goals.tsx). Success criteria come one per line.
const criteria = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(/\r?\n/)).map((s) => s.trim()).filter(Boolean))
  .pipe(
    z
      .array(z.string().max(GOAL_CRITERION_MAX, "too_long"))
      .min(1, "goal_criteria_required")
      .max(GOAL_CRITERIA_MAX, "goal_too_many_criteria"),
  );
const title = z.string().trim().min(3, "too_short").max(GOAL_TITLE_MAX, "too_long");

export const GroupGoalsInput = z.object({ groupId: objectIdString });
export const ProposeGoalInput = z.object({ groupId: objectIdString, title, criteria });
/** An edit names the version it was made from: a newer one in between is a conflict. */
export const EditGoalInput = z.object({ groupId: objectIdString, goalId: objectIdString, version: versionNumber, title, criteria });
export const AgreeGoalInput = z.object({ groupId: objectIdString, goalId: objectIdString, version: versionNumber });
export const LinkGoalInput = z.object({
  groupId: objectIdString,
  goalId: objectIdString,
  kind: z.enum(GOAL_LINK_KINDS),
  targetId: objectIdString,
});
export const GoalProgressInput = z.object({
  groupId: objectIdString,
  goalId: objectIdString,
  meetingId: objectIdString,
  text: z.string().trim().min(1, "required").max(GOAL_NOTE_MAX, "too_long"),
});
/** The link form's one select: "<kind>:<id>" of something in the group. */
export const LinkGoalFormInput = z
  .object({
    groupId: objectIdString,
    goalId: objectIdString,
    target: z.string().regex(new RegExp(`^(${GOAL_LINK_KINDS.join("|")}):[0-9a-f]{24}$`), "goal_link_target"),
  })
  .transform(({ target, ...v }) => {
    const [kind, targetId] = target.split(":");
    return { ...v, kind, targetId };
  });

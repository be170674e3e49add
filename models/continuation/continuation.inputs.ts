import { z } from "zod";
import { objectIdString } from "../shared/ids";
import { versionNumber, yesNo } from "../plan/plan.inputs";
import { END_CHOICES } from "./continuation.constants";

// The end page's forms (app/routes/groups.$groupId.ending.tsx), checked again by the service.
export const GroupEndInput = z.object({ groupId: objectIdString });
export const ApproveReportInput = z.object({ groupId: objectIdString, version: versionNumber });
export const EndChoiceInput = z.object({ groupId: objectIdString, choice: z.enum(END_CHOICES, { message: "end_unknown_choice" }) });
export const OrganiserViewInput = z.object({ groupId: objectIdString, share: yesNo });
export const InviteCoachInput = z.object({ groupId: objectIdString, userId: objectIdString });

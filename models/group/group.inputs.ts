import { z } from "zod";
import { objectIdString } from "../shared/ids";
import { email } from "../user/user.inputs";
import { BULK_MAX_CHARS, BULK_MAX_LINES, PROPOSED_GUEST_KINDS } from "./group.constants";

export const GroupIdInput = z.object({ groupId: objectIdString });
/** Which group's page a tab shows (null: a page outside any group, such as the inbox): presence counts only there. */
export const PresenceHereInput = z.object({ groupId: objectIdString.nullable() });
/** What a socket may say at its handshake (Socket.IO's auth): the page it is on, as presence:here. */
export const HandshakeAuthInput = z.object({ here: objectIdString.nullable().optional() });
export const InviteMemberInput = z.object({ groupId: objectIdString, email, role: z.enum(["leader", "coach"]) });
export const ProposeGuestInput = z.object({ groupId: objectIdString, email, guestKind: z.enum(PROPOSED_GUEST_KINDS) });
export const MemberTargetInput = z.object({ groupId: objectIdString, userId: objectIdString });
/** userId "" ends the chair (the coach chairs again). */
export const SetChairInput = z.object({
  groupId: objectIdString,
  userId: z.union([objectIdString, z.literal("")]).transform((v) => v || null),
});
export const ChangeRoleInput = z.object({ groupId: objectIdString, userId: objectIdString, role: z.enum(["leader", "coach"]) });
export const ProposeCharterInput = z.object({
  groupId: objectIdString,
  text: z.string().trim().min(10, "too_short").max(20_000, "too_long"),
});
/** Propose the co-edited draft as it is now: nothing but the group (the service reads the draft). */
export const ProposeCharterDraftInput = z.object({ groupId: objectIdString });
// A number (socket) or a digit string (form); z.coerce alone would also turn true or [2] into a version.
const charterVersion = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^\d{1,7}$/),
  ])
  .transform(Number)
  .pipe(z.number().int().min(1).max(1_000_000));
export const AcceptCharterInput = z.object({ groupId: objectIdString, version: charterVersion });
/** A bulk invitation of leaders: the group and the pasted list or CSV text (parsed by the service, bulk-invite.ts). */
export const BulkInviteInput = z.object({
  groupId: objectIdString,
  text: z
    .string()
    .max(BULK_MAX_CHARS, "too_long")
    .refine((t) => t.trim().length > 0, "required")
    .refine((t) => t.split(/\r\n|\r|\n/).filter((l) => l.trim()).length <= BULK_MAX_LINES + 1, "too_many_lines"),
});
/** A calendar date as the date input sends it (YYYY-MM-DD), stored as noon UTC: the same day in every European zone. */
const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "invalid_date")
  .transform((s) => new Date(`${s}T12:00:00Z`))
  .refine((d) => !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 2000 && d.getUTCFullYear() <= 2100, "invalid_date");
export const CreateTrajectoryInput = z.object({
  name: z.string().trim().min(2, "name_too_short").max(120, "too_long"),
  startDate: calendarDate,
});
export const CreateGroupInput = z.object({
  trajectoryId: objectIdString,
  name: z.string().trim().min(2, "name_too_short").max(80, "too_long"),
});
export const SetCoachInput = z.object({ groupId: objectIdString, email });
export const MoveLeaderInput = z.object({ groupId: objectIdString, userId: objectIdString, toGroupId: objectIdString });
export const SetGroupStatusInput = z.object({ groupId: objectIdString, status: z.enum(["open", "closed"]) });

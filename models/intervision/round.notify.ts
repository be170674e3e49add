import { ignoreDuplicateKey } from "../shared/duplicate-key";
import { oid } from "../shared/oid";
import { Notification } from "../thread/thread.model";
import type { RoundState } from "./round.machine";
import type { RoundMeta } from "./round.view";

// An async round's members hear when a step opens (docs/decisions/045-three-ways-to-meet.md): one
// Notification of kind "round" per member per visit of a step, its _id naming both, so the chair's
// transition, the scheduler's and the scheduler's repair run write it once between them. The
// notify mailer sends it per the member's choice for meetings and rounds (decision 026).

/** The notification's _id: one per member, round and visit. */
export const roundNotificationId = (userId: string, roundId: string, visit: number) => `${userId}:round:${roundId}:${visit}`;

/** Writes the step-opened notifications of `s` (async and running only); the count new. */
export async function notifyStepOpened(meta: RoundMeta, s: RoundState, now = new Date()): Promise<number> {
  if (s.mode !== "async" || s.status !== "running") return 0;
  const docs = s.members.map((userId) => ({
    _id: roundNotificationId(userId, meta.id, s.visit),
    userId: oid(userId),
    groupId: oid(meta.groupId),
    roundId: oid(meta.id),
    kind: "round" as const,
    createdAt: now,
  }));
  const before = await Notification.countDocuments({ _id: { $in: docs.map((d) => d._id) } });
  if (before === docs.length) return 0;
  await Notification.insertMany(docs, { ordered: false }).catch(ignoreDuplicateKey);
  return docs.length - before;
}

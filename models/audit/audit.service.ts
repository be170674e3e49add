import { AuditEvent, type AuditType } from "./audit.model";
import { User } from "../user/user.model";
import { oid } from "../shared/oid";
import type { Id } from "../shared/context";

/** Appends one fact to a group's audit log. */
export async function recordAudit(
  groupId: Id,
  type: AuditType,
  actorId: Id,
  subjectId: Id | null = null,
  data: Record<string, string | number> = {},
) {
  await AuditEvent.create({ groupId: oid(groupId), type, actorId: oid(actorId), subjectId: subjectId && oid(subjectId), data });
}

/** Appends one fact about a trajectory itself (not about one of its groups). */
export async function recordTrajectoryAudit(trajectoryId: Id, type: AuditType, actorId: Id, data: Record<string, string | number> = {}) {
  await AuditEvent.create({ groupId: null, trajectoryId: oid(trajectoryId), type, actorId: oid(actorId), data });
}

export interface AuditEntryDTO {
  id: string;
  type: AuditType;
  actorName: string;
  subjectName: string | null;
  data: Record<string, string | number>;
  at: string;
}

/** The newest entries of a group's log with names resolved; callers check audit.read first. */
export async function listAuditEntries(groupId: Id, limit = 200): Promise<AuditEntryDTO[]> {
  const events = await AuditEvent.find({ groupId: oid(groupId) })
    .sort({ at: -1, _id: -1 })
    .limit(limit)
    .lean();
  const ids = [...new Set(events.flatMap((e) => [String(e.actorId), e.subjectId ? String(e.subjectId) : null]).filter(Boolean))];
  const users = await User.find({ _id: { $in: ids } }, { name: 1, email: 1 }).lean();
  const nameOf = new Map(users.map((u) => [String(u._id), u.name || u.email]));
  return events.map((e) => ({
    id: String(e._id),
    type: e.type as AuditType,
    actorName: nameOf.get(String(e.actorId)) ?? "?",
    subjectName: e.subjectId ? (nameOf.get(String(e.subjectId)) ?? "?") : null,
    data: (e.data ?? {}) as Record<string, string | number>,
    at: e.at.toISOString(),
  }));
}

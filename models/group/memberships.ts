import { isDuplicateKey } from "../shared/duplicate-key";
import { Membership, MembershipRef, type MembershipDoc } from "./group.model";
import type { Deps, Id } from "../shared/context";

// Memberships by exact _id only (see Membership and MembershipRef in group.model.ts): the hot
// paths (the policy on every request and socket event, a socket's rooms at connect) must not
// scan, and FerretDB 1.24's SQLite backend scans for anything but a filter of exactly {_id: x}.

/** A membership's _id. */
export const membershipId = (groupId: Id, userId: Id) => `${String(groupId)}:${String(userId)}`;

const refId = (userId: Id, n: number) => `${String(userId)}:${n}`;

/** The group's active members: ids (as strings) and roles. The one read of "who is in the group now". */
export const activeMembers = async (groupId: Id) =>
  (await Membership.find({ groupId, status: "active" }, { userId: 1, role: 1 }).lean()).map((m) => ({
    userId: String(m.userId),
    role: m.role,
  }));

/** The ids (as strings) of the group's active leaders. */
export const activeLeaderIds = async (groupId: Id) =>
  (await activeMembers(groupId)).filter((m) => m.role === "leader").map((m) => m.userId);

/** The user's membership of a group, or null. */
export const findMembership = (groupId: Id, userId: Id) => Membership.findById(membershipId(groupId, userId));

/** Files a group under a user: the first free slot, unless a slot already holds it. Slots are
 *  inserted in order, so a reader can stop at the first missing one. */
async function addRef(userId: Id, groupId: Id) {
  for (let n = 1; n < 10_000; n++) {
    const slot = await MembershipRef.findById(refId(userId, n)).lean();
    if (slot) {
      if (String(slot.groupId) === String(groupId)) return;
      continue;
    }
    try {
      await MembershipRef.create({ _id: refId(userId, n), groupId });
      return;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      n--; // taken meanwhile: read this slot again
    }
  }
  throw new Error("too many memberships for one user");
}

/** Creates a membership. The slot goes first: a membership without one would be invisible to
 *  membershipsOfUser, while a slot without a membership (a crash in between) is only a dead end. */
export async function createMembership(fields: {
  groupId: Id;
  userId: Id;
  role: string;
  status: string;
  acceptedCharterVersion?: number;
  guestKind?: string | null;
}): Promise<MembershipDoc> {
  await addRef(fields.userId, fields.groupId);
  return Membership.create({ _id: membershipId(fields.groupId, fields.userId), ...fields });
}

const SLOT_BATCH = 4;

/** Every membership of a user (any status), by _id reads: slots in batches until a missing one. */
export async function membershipsOfUser(userId: Id) {
  const groupIds: string[] = [];
  for (let n = 1; ; n += SLOT_BATCH) {
    const slots = await Promise.all(Array.from({ length: SLOT_BATCH }, (_, k) => MembershipRef.findById(refId(userId, n + k)).lean()));
    const end = slots.findIndex((s) => !s);
    for (const s of end < 0 ? slots : slots.slice(0, end)) groupIds.push(String(s!.groupId));
    if (end >= 0) break;
  }
  const ms = await Promise.all([...new Set(groupIds)].map((g) => Membership.findById(membershipId(g, userId)).lean()));
  return ms.filter((m) => m !== null);
}

/** Something about who may do what in the group changed (a membership, a role, the chair, the
 *  charter version, closing): every node forgets what it kept of the group's access (decision 058).
 *  Call it after the write, beside any joinGroup/leaveGroup. */
export function accessChanged(ctx: Pick<Deps, "node" | "publisher">, groupId: Id) {
  ctx.node.access.invalidate(String(groupId));
  ctx.publisher.accessChanged(String(groupId));
}

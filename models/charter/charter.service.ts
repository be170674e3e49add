import { CharterVersion } from "./charter.model";
import { Group, Membership } from "../group/group.model";
import { getGroupAccess, loadGroupFor } from "../group/group.service";
import { membershipId } from "../group/memberships";
import { decide } from "../group/group.policy";
import { recordAudit } from "../audit/audit.service";
import { DomainError } from "../shared/errors";
import { oid } from "../shared/ids";
import type { ServiceContext } from "../shared/context";

export interface CharterDTO {
  groupId: string;
  groupName: string;
  version: number;
  text: string;
  acceptedVersion: number;
  createdAt: string | null;
}

/** The current charter and whether the actor accepted it. Readable before acceptance. */
export async function getCharter(ctx: ServiceContext, groupId: string): Promise<CharterDTO> {
  const { group, access } = await loadGroupFor(ctx.actor, groupId, "charter.read");
  const current = group.charterVersion
    ? await CharterVersion.findOne({ groupId: group._id, version: group.charterVersion }).lean()
    : null;
  return {
    groupId: String(group._id),
    groupName: group.name,
    version: group.charterVersion,
    text: current?.text ?? "",
    acceptedVersion: access.membership?.acceptedCharterVersion ?? 0,
    createdAt: current?.createdAt.toISOString() ?? null,
  };
}

/** Accepts exactly the version the member read; a newer version in between is a conflict. */
export async function acceptCharter(ctx: ServiceContext, input: { groupId: string; version: number }) {
  const { group } = await loadGroupFor(ctx.actor, input.groupId, "charter.accept");
  if (input.version !== group.charterVersion) throw new DomainError("conflict", [{ path: "version", code: "charter_changed" }]);
  const res = await Membership.updateOne(
    { _id: membershipId(group._id, ctx.actor.id), status: "active", acceptedCharterVersion: { $lt: input.version } },
    { $set: { acceptedCharterVersion: input.version } },
  );
  if (res.modifiedCount !== 1) return;
  await recordAudit(group._id, "charter_accepted", ctx.actor.id, null, { version: input.version });
  ctx.publisher.joinGroup(ctx.actor.id, String(group._id));
  // A removal or a newer version that landed meanwhile called leaveGroup before this join: check
  // again now that the sockets are in, as realtime/io.ts does at connect.
  const after = await getGroupAccess(ctx.actor, String(group._id));
  if (!after || decide(after.access, "group.view") !== "allow") ctx.publisher.leaveGroup(ctx.actor.id, String(group._id));
  ctx.publisher.toGroup(String(group._id), "group:changed", { groupId: String(group._id) });
}

/** Stores a new version (leader or coach); the author accepts it, everyone else is asked again. */
export async function proposeCharter(ctx: ServiceContext, input: { groupId: string; text: string }) {
  const { group } = await loadGroupFor(ctx.actor, input.groupId, "charter.propose");
  const next = group.charterVersion + 1;
  // The unique (groupId, version) index decides between concurrent proposals: an insert is atomic
  // on FerretDB 1.24, a conditional update is not (it reads, then rewrites the document).
  try {
    await CharterVersion.create({ groupId: group._id, version: next, text: input.text, createdBy: oid(ctx.actor.id) });
  } catch (e) {
    if ((e as { code?: unknown } | null)?.code === 11000) throw new DomainError("conflict", [{ path: "text", code: "charter_changed" }]);
    throw e;
  }
  await Group.updateOne({ _id: group._id, charterVersion: { $lt: next } }, { $set: { charterVersion: next } });
  await Membership.updateOne({ _id: membershipId(group._id, ctx.actor.id) }, { $set: { acceptedCharterVersion: next } });
  await recordAudit(group._id, "charter_versioned", ctx.actor.id, null, { version: next });
  const others = await Membership.find({ groupId: group._id, status: "active", userId: { $ne: oid(ctx.actor.id) } }, { userId: 1 }).lean();
  for (const m of others) {
    ctx.publisher.leaveGroup(String(m.userId), String(group._id));
    ctx.publisher.toUser(String(m.userId), "charter:versioned", { groupId: String(group._id), version: next });
  }
  return { version: next };
}

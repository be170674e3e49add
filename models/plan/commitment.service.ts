// Commitments arrive from outside the plan: the intervision engine hands over a round's action
// points for a leader (decision 037). Not a door of its own: the engine calls it after its own checks.
import { activeMembers } from "../group/memberships";
import { ignoreDuplicateKey } from "../shared/duplicate-key";
import { DomainError } from "../shared/errors";
import { isObjectId } from "../shared/ids";
import { oid } from "../shared/oid";
import { type CommitmentItems, CommitmentItemsInput } from "./plan.inputs";
import { Commitment } from "./plan.model";
import { parseInput } from "../shared/parse";

/**
 * Adds a leader's commitments (a round's action points) to their action plan in a group, shown there
 * as not done. Idempotent per source and position: the engine may call again after a failure.
 * Refuses (not_found) a user who is not an active leader of the group.
 */
export async function addCommitments(userId: string, groupId: string, items: CommitmentItems): Promise<{ ids: string[] }> {
  const list = parseInput(CommitmentItemsInput, items);
  if (!isObjectId(userId) || !isObjectId(groupId)) throw new DomainError("not_found");
  const [u, g] = [userId.toLowerCase(), groupId.toLowerCase()];
  if (!(await activeMembers(g)).some((m) => m.userId === u && m.role === "leader")) throw new DomainError("not_found");
  const docs = list.map((item, n) => ({
    _id: `${g}:${u}:${item.source.kind}:${item.source.id}:${n}`,
    groupId: oid(g),
    userId: oid(u),
    text: item.text,
    due: item.due,
    sourceKind: item.source.kind,
    sourceId: item.source.id,
  }));
  await Commitment.insertMany(docs, { ordered: false }).catch(ignoreDuplicateKey);
  return { ids: docs.map((d) => d._id) };
}

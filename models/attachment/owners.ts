// Each owner kind's read check: a download gets exactly the answer the owner's own page would
// (decision 083): a case its document's doc.read, a meeting its content's (an organiser: not_found).
// A kind without its check yet (boards get theirs when they take attachments) refuses everyone.
import type { ServiceContext } from "../shared/context";
import { DomainError } from "../shared/errors";
import { assertCanReadMessage } from "../thread/thread.service";
import { assertCanReadCase } from "../document/document.service";
import { assertCanReadAssignment, assertCanReadMeeting } from "../meeting/meeting-content.service";
import type { OwnerKind } from "./attachment.constants";

/** Resolves when the actor may read the owner `ownerId` in `groupId`; throws a refusal otherwise. */
export type OwnerReader = (ctx: ServiceContext, groupId: string, ownerId: string) => Promise<void>;

const nobody: OwnerReader = async () => {
  throw new DomainError("not_found");
};

export const OWNER_READERS: Record<OwnerKind, OwnerReader> = {
  message: (ctx, groupId, id) => assertCanReadMessage(ctx, groupId, id),
  case: async (ctx, groupId, id) => void (await assertCanReadCase(ctx, groupId, id)),
  meeting: (ctx, groupId, id) => assertCanReadMeeting(ctx, groupId, id),
  assignment: (ctx, groupId, id) => assertCanReadAssignment(ctx, groupId, id),
  assignmentResponse: (ctx, groupId, id) => assertCanReadAssignment(ctx, groupId, id),
  board: nobody,
};

// Each owner kind's read check: a download gets exactly the answer the owner's own page would
// (decision 083). A kind without its check yet (cases, meetings, assignments and boards get theirs
// when they take attachments) refuses everyone.
import type { ServiceContext } from "../shared/context";
import { DomainError } from "../shared/errors";
import { assertCanReadMessage } from "../thread/thread.service";
import type { OwnerKind } from "./attachment.constants";

/** Resolves when the actor may read the owner `ownerId` in `groupId`; throws a refusal otherwise. */
export type OwnerReader = (ctx: ServiceContext, groupId: string, ownerId: string) => Promise<void>;

const nobody: OwnerReader = async () => {
  throw new DomainError("not_found");
};

export const OWNER_READERS: Record<OwnerKind, OwnerReader> = {
  message: (ctx, groupId, id) => assertCanReadMessage(ctx, groupId, id),
  case: nobody,
  meeting: nobody,
  assignment: nobody,
  board: nobody,
};

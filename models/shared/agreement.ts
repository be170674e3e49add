// The agreement the charter and the group's goals share (decisions 009 and 038): a text is fixed as
// numbered versions, a new version is a unique insert (of two racing proposals exactly one wins on
// FerretDB 1.24, where a conditional update is not atomic), a member agrees to exactly the version
// they read, and an edit is a new version that everyone is asked about again.
import { isDuplicateKey } from "./duplicate-key";
import { DomainError } from "./errors";

/** What a stale version is called on the form: the field and its localised code (error.<code>). */
export interface VersionIssue {
  path: string;
  code: string;
}

/** Refuses agreeing to (or editing from) a version other than the current one: the member reads it again first. */
export function assertCurrentVersion(read: number, current: number, issue: VersionIssue) {
  if (read !== current) throw new DomainError("conflict", [issue], { reason: issue.code });
}

/** Stores one version by its unique index; a duplicate means another proposal took that number: a conflict. */
export async function insertVersion(
  model: { create(doc: Record<string, unknown>): Promise<unknown> },
  doc: Record<string, unknown>,
  issue: VersionIssue,
) {
  try {
    await model.create(doc);
  } catch (e) {
    if (isDuplicateKey(e)) throw new DomainError("conflict", [issue], { reason: issue.code });
    throw e;
  }
}

/** Who of `members` agreed (in `agreed`) and who is still asked; complete once nobody is waiting. */
export function agreementOf(members: readonly string[], agreed: Iterable<string>) {
  const yes = new Set(agreed);
  const waiting = members.filter((m) => !yes.has(m));
  return { agreed: members.filter((m) => yes.has(m)), waiting, complete: members.length > 0 && waiting.length === 0 };
}

/** Did a write fail on a unique index? MongoDB and FerretDB both answer code 11000 (a bulk write
 *  of several documents names it in its message). The project's idempotency rests on this. */
export const isDuplicateKey = (e: unknown) =>
  (e as { code?: unknown } | null)?.code === 11000 || (e instanceof Error && e.message.includes("E11000"));

/** For `.catch()`: a duplicate means the write was done already (a retry); anything else is thrown. */
export const ignoreDuplicateKey = (e: unknown) => {
  if (!isDuplicateKey(e)) throw e;
};

/** Runs an upsert, and runs it once more when it lost a race: two upserts of one key at once can
 *  both try to insert (FerretDB always, MongoDB outside the cases it retries itself), and the loser's
 *  insert meets the winner's document. The second run finds it and updates. */
export async function retryOnDuplicate<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    return write();
  }
}

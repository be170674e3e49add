// Gap-free runs of positions keyed by _id (docs/decisions/012-hot-paths-by-id.md): the group log,
// the document log and its snapshot slots. FerretDB 1.24 answers only an exact _id filter without
// decoding the whole collection, so the end of a run is found by probing positions, never by a
// sorted query. A run has no holes: position n is written only after n-1 was seen.

/**
 * The last position of the run, probing from `from` (a position known to be in the run, 0 meaning
 * "before the first"): steps doubling until one is missing, then a binary search. One read when
 * `from` is the end. With `checkFrom`, `from` is read too (in parallel) and the search starts over
 * from 0 when it is gone (a run emptied under a stale hint: tests do).
 */
export async function lastPosition(exists: (n: number) => Promise<boolean>, from: number, checkFrom = false): Promise<number> {
  let lo = from;
  const [fromHolds, next] = await Promise.all([!checkFrom || lo === 0 || exists(lo), exists(lo + 1)]);
  if (!fromHolds) lo = 0;
  else if (!next) return lo;
  else lo += 1;
  let step = 1;
  while (await exists(lo + step)) {
    lo += step;
    step *= 2;
  }
  let hi = lo + step;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (await exists(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * The run's entries after position `after`, in order, up to the first missing one: read in rounds
 * of parallel reads, the first of `first` positions (so a caller that knows roughly where the end
 * is needs one round), later ones doubling up to `maxRound`.
 */
export async function readRun<T>(
  read: (n: number) => Promise<T | null>,
  after: number,
  opts: { first?: number; maxRound?: number; limit?: number } = {},
): Promise<T[]> {
  const maxRound = opts.maxRound ?? 32;
  const limit = opts.limit ?? Infinity;
  const out: T[] = [];
  let round = Math.max(1, Math.min(opts.first ?? 1, maxRound));
  for (let from = after + 1; out.length < limit; from += round, round = Math.min(round * 2, maxRound)) {
    const n = Math.min(round, limit - out.length);
    const batch = await Promise.all(Array.from({ length: n }, (_, k) => read(from + k)));
    for (const e of batch) {
      if (e === null) return out; // the end (a later one read in the same round arrived after it: next time)
      out.push(e);
    }
  }
  return out;
}

/**
 * Per process, one queue per key: `inTurn(key, fn)` runs fn after every earlier fn of that key
 * has settled. For writes that must not overlap on one node (FerretDB 1.24 updates are read,
 * modify, write: two at once on one document lose one of them).
 */
export function turns() {
  const tails = new Map<string, Promise<unknown>>();
  return function inTurn<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const run = (tails.get(key) ?? Promise.resolve()).then(fn);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => tails.get(key) === tail && tails.delete(key));
    return run;
  };
}

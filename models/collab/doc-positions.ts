import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";

// Log positions from a counter per document in Redis (docs/decisions/060-collab-load.md): two
// nodes appending to one document never race for a position, so a batch is one insert. The
// unique insert stays the backstop: a counter behind the log (lost with a Redis restart, or passed
// by appends while Redis was down) shows as a duplicate key, and the writer raises it and goes on.
//
// The hash also holds a generation, replaced whenever a compaction is about to delete log entries
// (and when the hash is created). A writer compares the generation after its insert with the one
// its position came with: unchanged, no compaction can have freed its position under it, so the
// snapshot probe a stale position would need (decision 007) is skipped.

/** Refused or unanswered Redis commands give up after this long: the writer falls back to probing. */
const REDIS_WAIT_MS = 500;

const key = (docId: string) => `lk:doc-pos:${docId}`;

/** KEYS[1] the hash; ARGV[1] a floor. The next position above both the counter and the floor, with
 *  the generation; {-1, ""} when the hash is missing (to be created from the log first). */
const ALLOCATE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {-1, ''} end
local n = tonumber(redis.call('HGET', KEYS[1], 'n'))
local f = tonumber(ARGV[1])
if n < f then n = f end
n = n + 1
redis.call('HSET', KEYS[1], 'n', n)
return {n, redis.call('HGET', KEYS[1], 'g')}`;

/** KEYS[1] the hash; ARGV[1] a position the counter must reach; ARGV[2] a new generation, ARGV[3]
 *  "1" to replace the generation (a compaction) even when the hash exists. */
const RAISE = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'n', ARGV[1], 'g', ARGV[2])
  return 1
end
if tonumber(redis.call('HGET', KEYS[1], 'n')) < tonumber(ARGV[1]) then redis.call('HSET', KEYS[1], 'n', ARGV[1]) end
if ARGV[3] == '1' then redis.call('HSET', KEYS[1], 'g', ARGV[2]) end
return 1`;

/** A position handed out by the counter, with the generation it was handed out in. */
export interface Allocated {
  seq: number;
  generation: string;
}

/**
 * A node's access to the position counters on `redis` (shared by every node). Each call answers
 * null when Redis is not ready or does not answer in time: the caller then does without it.
 */
export function createDocPositions(redis: Redis) {
  async function run<T>(fn: () => Promise<T>): Promise<T | null> {
    if (redis.status !== "ready") return null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), REDIS_WAIT_MS);
    });
    try {
      return await Promise.race([fn().catch(() => null), late]);
    } finally {
      clearTimeout(timer);
    }
  }
  const fresh = () => randomBytes(8).toString("hex");

  return {
    /** The next position above the counter and `floor` (a position known to be stored); "missing"
     *  when the counter does not exist (create it with `raise` from the log's head first). */
    async allocate(docId: string, floor: number): Promise<Allocated | "missing" | null> {
      const r = await run(() => redis.eval(ALLOCATE, 1, key(docId), floor) as Promise<[number, string]>);
      if (!r) return null;
      return r[0] === -1 ? "missing" : { seq: Number(r[0]), generation: String(r[1]) };
    },
    /** Raises the counter to `head` (creating it there); `compacting` also replaces the generation,
     *  before a compaction deletes entries up to `head`. False when Redis could not be told. */
    async raise(docId: string, head: number, compacting = false): Promise<boolean> {
      return (await run(() => redis.eval(RAISE, 1, key(docId), head, fresh(), compacting ? "1" : "0"))) !== null;
    },
    /** The generation now (null when Redis does not answer or the counter is gone). */
    async generation(docId: string): Promise<string | null> {
      return run(() => redis.hget(key(docId), "g"));
    },
    /** The last position the counter handed out (null when unknown). */
    async handedOut(docId: string): Promise<number | null> {
      const n = await run(() => redis.hget(key(docId), "n"));
      return n === null ? null : Number(n);
    },
  };
}

/** One node's position counters (createDocPositions). */
export type DocPositions = ReturnType<typeof createDocPositions>;

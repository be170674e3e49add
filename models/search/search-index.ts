// The node's search indexes (decision 085): one MiniSearch index per group, built lazily from the
// group's SearchEntry documents, kept for the groups searched most recently (LRU), and caught up at
// every query from the entries changed since its position. Every node answers with what every node
// wrote, without any message between them.
import { randomUUID } from "node:crypto";
import MiniSearch from "minisearch";
import { retryOnDuplicate } from "../shared/duplicate-key";
import { SearchEntry, SearchGeneration, SearchMark } from "./search.model";
import type { SearchKind } from "./search.constants";
import { createTextTools, type TextTools } from "./text";

/** What an index keeps of an entry beside its terms: enough to filter, rank and show a hit. */
export interface IndexedEntry {
  id: string;
  groupId: string;
  kind: SearchKind;
  url: string;
  authorId: string | null;
  at: number;
  title: string;
  text: string;
  action: string;
  ownerId: string | null;
  updatedAt: number;
}

interface GroupIndex {
  mini: MiniSearch<IndexedEntry>;
  entries: Map<string, IndexedEntry>;
  /** The newest updatedAt applied (database clock, ms). */
  position: number;
  generation: number;
  /** The group's change mark (SearchMark) read before the last catch-up; null: none yet. */
  mark: string | null;
  /** Catch-ups of one index run one after another. */
  tail: Promise<void>;
}

/** How far back each catch-up looks before its position: an entry stamped by the database just
 *  before another but committed after it is still met (re-applying is idempotent). */
export const CATCH_UP_MARGIN_MS = 30_000;
/** Groups whose index a node keeps (the least recently searched is dropped first). */
export const MAX_GROUP_INDEXES = 200;
const GENERATION_ID = "search";

export function createSearchNode(opts: { maxGroups?: number; docTextDelayMs?: number } = {}) {
  const text = createTextTools();
  return {
    text,
    groups: new Map<string, GroupIndex>(),
    maxGroups: opts.maxGroups ?? MAX_GROUP_INDEXES,
    /** Documents edited on this node whose text search reads once the edits pause (models/search/indexing.ts). */
    pendingDocs: new Map<string, NodeJS.Timeout>(),
    docTextDelayMs: opts.docTextDelayMs ?? 3000,
  };
}
export type SearchNode = ReturnType<typeof createSearchNode>;

function newIndex(text: TextTools, generation: number): GroupIndex {
  const mini = new MiniSearch<IndexedEntry>({
    fields: ["title", "text"],
    storeFields: [],
    tokenize: text.tokenize,
    processTerm: (term) => text.terms(term) ?? null,
  });
  return { mini, entries: new Map(), position: 0, generation, mark: null, tail: Promise.resolve() };
}

/** The current generation (one _id read). */
export async function currentGeneration(): Promise<number> {
  return (await SearchGeneration.findById(GENERATION_ID).lean())?.n ?? 0;
}

/** Raises the generation: every node drops its indexes at its next query. */
export async function raiseGeneration(): Promise<number> {
  const g = await SearchGeneration.findOneAndUpdate({ _id: GENERATION_ID }, { $inc: { n: 1 } }, { upsert: true, new: true }).lean();
  return g?.n ?? 0;
}

const toIndexed = (e: {
  _id: unknown;
  groupId: unknown;
  kind: string;
  url: string;
  authorId?: unknown;
  at: Date;
  title?: string | null;
  text?: string | null;
  action: string;
  ownerId?: unknown;
  updatedAt: Date;
}): IndexedEntry => ({
  id: String(e._id),
  groupId: String(e.groupId),
  kind: e.kind as SearchKind,
  url: e.url,
  authorId: e.authorId ? String(e.authorId) : null,
  at: e.at.getTime(),
  title: e.title ?? "",
  text: e.text ?? "",
  action: e.action,
  ownerId: e.ownerId ? String(e.ownerId) : null,
  updatedAt: e.updatedAt.getTime(),
});

/** Marks the groups changed: called after every write to their entries (one new token each). */
export async function touchGroups(groupIds: Iterable<unknown>) {
  const ids = [...new Set([...groupIds].map(String))];
  if (ids.length === 0) return;
  const ops = ids.map((_id) => ({ updateOne: { filter: { _id }, update: { $set: { token: randomUUID() } }, upsert: true } }));
  await retryOnDuplicate(() => SearchMark.bulkWrite(ops, { ordered: false }));
}

/** Marks the groups of these entries changed (writes that know the entries, not their groups). */
export async function touchEntries(ids: string[]) {
  if (ids.length === 0) return;
  const found = await SearchEntry.find({ _id: { $in: ids } }, { groupId: 1 })
    .limit(ids.length)
    .lean();
  await touchGroups(found.map((e) => e.groupId));
}

async function catchUp(index: GroupIndex, groupId: string) {
  // Nothing written to the group since the last catch-up read its mark: nothing to read.
  const mark = (await SearchMark.findById(groupId, { token: 1 }).lean())?.token ?? null;
  if (index.position !== 0 && mark !== null && mark === index.mark) return;
  index.mark = mark;
  const since = index.position === 0 ? null : new Date(index.position - CATCH_UP_MARGIN_MS);
  const filter = since ? { groupId, updatedAt: { $gte: since } } : { groupId, deleted: false };
  const changed = await SearchEntry.find(filter).lean();
  for (const raw of changed) {
    const e = toIndexed(raw);
    index.position = Math.max(index.position, e.updatedAt);
    const had = index.entries.get(e.id);
    if (had && had.updatedAt === e.updatedAt) continue;
    if (had) {
      index.mini.discard(e.id);
      index.entries.delete(e.id);
    }
    if (raw.deleted) continue;
    index.mini.add(e);
    index.entries.set(e.id, e);
  }
  // An empty group still has a position: the next catch-up reads only what changed.
  if (index.position === 0) index.position = 1;
}

/** The group's index, caught up with every entry stored before this call (at `generation`). */
export async function groupIndex(node: SearchNode, groupId: string, generation: number) {
  let index = node.groups.get(groupId);
  if (index && index.generation !== generation) index = undefined;
  if (!index) index = newIndex(node.text, generation);
  // Most recently used last; the least recently used goes first when over the bound.
  node.groups.delete(groupId);
  node.groups.set(groupId, index);
  while (node.groups.size > node.maxGroups) node.groups.delete(node.groups.keys().next().value!);
  const it = index;
  const run = it.tail.then(() => catchUp(it, groupId));
  it.tail = run.catch(() => undefined);
  await run;
  return it;
}

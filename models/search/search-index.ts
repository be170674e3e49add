// The node's search indexes (decision 085): one MiniSearch index per group, built lazily from the
// group's SearchEntry documents, kept for the groups searched most recently (LRU), and caught up at
// every query from the group's change log (SearchChange), walked by _id from its position. Every
// node answers with what every node wrote, without any message between them.
import MiniSearch from "minisearch";
import { isDuplicateKey, retryOnDuplicate } from "../shared/duplicate-key";
import { lastPosition, readRun } from "../shared/positions";
import { SearchChange, SearchEntry, SearchGeneration, SearchMark } from "./search.model";
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
  /** The last position of the group's change log applied; null: not loaded yet. */
  position: number | null;
  generation: number;
  /** Catch-ups of one index run one after another. */
  tail: Promise<void>;
}

/** Up to this many entries are read or written one by one by exact _id (no scan on FerretDB SQLite);
 *  more in one `$in` read or write. */
export const FEW_BY_ID = 32;
/** A change naming more entries than this is logged as "all": reading them one by one would cost more. */
const MAX_NAMED = 500;
/** Changes read in one catch-up round. */
const CHANGES_PER_ROUND = 200;
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
  return { mini, entries: new Map(), position: null, generation, tail: Promise.resolve() };
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

const changeId = (groupId: string, n: number) => `${groupId}:${n}`;
const changeExists = async (groupId: string, n: number) => n === 0 || (await SearchChange.exists({ _id: changeId(groupId, n) })) !== null;

/** The last position of a group's change log (0: none yet), searched from its mark by _id reads. */
async function logHead(groupId: string): Promise<number> {
  const hint = (await SearchMark.findById(groupId, { head: 1 }).lean())?.head ?? 0;
  return lastPosition((n) => changeExists(groupId, n), hint, true);
}

/** Logs a write to a group's entries (`ids`, or "all"), after the write: at the log's next position
 *  by a unique insert (a position taken meanwhile: after the new end), then moves the mark on. */
async function logChange(groupId: string, ids: string[] | "all") {
  const all = ids === "all" || ids.length > MAX_NAMED;
  let n = (await logHead(groupId)) + 1;
  for (let attempt = 0; ; attempt++) {
    try {
      await SearchChange.collection.insertOne({ _id: changeId(groupId, n) as never, ids: all ? [] : ids, all, at: new Date() });
      break;
    } catch (e) {
      if (!isDuplicateKey(e) || attempt >= 50) throw e;
      n = (await lastPosition((k) => changeExists(groupId, k), n)) + 1;
    }
  }
  // A hint: two writers may set it out of order; the search for the end goes on from where it says.
  await retryOnDuplicate(() => SearchMark.updateOne({ _id: groupId }, { $max: { head: n } }, { upsert: true }));
}

/** Logs the groups' changed entries: called after every write to them. */
export async function logChanges(written: Array<{ groupId: unknown; id: string }>) {
  const byGroup = new Map<string, string[]>();
  for (const w of written) {
    const g = String(w.groupId);
    const ids = byGroup.get(g);
    if (ids) ids.push(w.id);
    else byGroup.set(g, [w.id]);
  }
  await Promise.all([...byGroup].map(([g, ids]) => logChange(g, [...new Set(ids)])));
}

/** Logs a change of any of a group's entries (a write that does not name them). */
export const logGroupChanged = (groupId: unknown) => logChange(String(groupId), "all");

/** Logs changed entries known only by id: their groups read by _id (a few) or in one read. */
export async function logEntriesChanged(ids: string[]) {
  if (ids.length === 0) return;
  const found =
    ids.length <= FEW_BY_ID
      ? (await Promise.all(ids.map((id) => SearchEntry.findById(id, { groupId: 1 }).lean()))).filter((e) => e !== null)
      : await SearchEntry.find({ _id: { $in: ids } }, { groupId: 1 })
          .limit(ids.length)
          .lean();
  await logChanges(found.map((e) => ({ groupId: e.groupId, id: String(e._id) })));
}

type StoredEntry = Parameters<typeof toIndexed>[0] & { deleted?: boolean | null };
/** Puts an entry as stored (or its absence) into the index; a version it has already is skipped. */
function apply(index: GroupIndex, id: string, raw: StoredEntry | null) {
  const had = index.entries.get(id);
  if (raw && had && had.updatedAt === raw.updatedAt.getTime()) return;
  if (had) {
    index.mini.discard(id);
    index.entries.delete(id);
  }
  if (!raw || raw.deleted) return;
  const e = toIndexed(raw);
  index.mini.add(e);
  index.entries.set(id, e);
}

/** Reads every entry of the groups into empty indexes, from their logs' ends as they were before the
 *  read: in one read (FerretDB on SQLite scans the collection once, not once per group). */
async function load(indexes: Map<string, GroupIndex>, text: TextTools) {
  const groupIds = [...indexes.keys()];
  const heads = await Promise.all(groupIds.map(logHead));
  for (const index of indexes.values()) {
    const fresh = newIndex(text, index.generation);
    index.mini = fresh.mini;
    index.entries = fresh.entries;
  }
  // One group by equality: FerretDB on PostgreSQL pushes that down, not `$in`.
  const filter = groupIds.length === 1 ? { groupId: groupIds[0] } : { groupId: { $in: groupIds } };
  for (const raw of await SearchEntry.find({ ...filter, deleted: false }).lean()) {
    const index = indexes.get(String(raw.groupId));
    if (index) apply(index, String(raw._id), raw);
  }
  for (const [k, g] of groupIds.entries()) indexes.get(g)!.position = heads[k];
}

async function catchUp(index: GroupIndex, groupId: string, text: TextTools) {
  if (index.position === null) return load(new Map([[groupId, index]]), text);
  for (;;) {
    const from: number = index.position;
    // One read by _id when nothing changed.
    const changes = await readRun((n) => SearchChange.findById(changeId(groupId, n)).lean(), from, { limit: CHANGES_PER_ROUND });
    if (changes.length === 0) return;
    const ids = [...new Set(changes.flatMap((c) => c.ids))];
    if (changes.some((c) => c.all) || ids.length > MAX_NAMED) return load(new Map([[groupId, index]]), text);
    const entries = await Promise.all(ids.map((id) => SearchEntry.findById(id).lean()));
    for (const [k, id] of ids.entries()) apply(index, id, entries[k]);
    index.position = from + changes.length;
    if (changes.length < CHANGES_PER_ROUND) return;
  }
}

/** The group's index at `generation` (a new one if none), now the most recently used. */
function slot(node: SearchNode, groupId: string, generation: number): GroupIndex {
  let index = node.groups.get(groupId);
  if (index && index.generation !== generation) index = undefined;
  if (!index) index = newIndex(node.text, generation);
  // Most recently used last; the least recently used goes first when over the bound.
  node.groups.delete(groupId);
  node.groups.set(groupId, index);
  while (node.groups.size > node.maxGroups) node.groups.delete(node.groups.keys().next().value!);
  return index;
}

/** Runs `step` after the index's earlier catch-ups, and makes later ones wait for it. */
function inTurn(indexes: GroupIndex[], step: () => Promise<void>) {
  const run = Promise.all(indexes.map((i) => i.tail)).then(step);
  for (const i of indexes) i.tail = run.catch(() => undefined);
  return run;
}

/** The group's index, caught up with every entry stored before this call (at `generation`). */
export async function groupIndex(node: SearchNode, groupId: string, generation: number) {
  const index = slot(node, groupId, generation);
  await inTurn([index], () => catchUp(index, groupId, node.text));
  return index;
}

/** The groups' indexes, each caught up; those not loaded yet are loaded together, in one read. */
export async function groupIndexes(node: SearchNode, groupIds: string[], generation: number) {
  const cold = new Map(groupIds.map((g) => [g, slot(node, g, generation)] as const).filter(([, i]) => i.position === null));
  if (cold.size > 1)
    await inTurn([...cold.values()], async () => {
      // A query beside this one may have loaded some meanwhile.
      const still = new Map([...cold].filter(([, i]) => i.position === null));
      if (still.size) await load(still, node.text);
    });
  return Promise.all(groupIds.map((g) => groupIndex(node, g, generation)));
}

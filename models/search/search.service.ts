// Search within what one may see (issue 20 item 3; decisions 085, 086). The groups searched and
// what the actor may open in each are computed fresh at every query from the actor's memberships
// and the group policy; the words are found in the node's per-group indexes (search-index.ts),
// caught up from the SearchEntry collection that the content's services write.
import type { AnyBulkWriteOperation } from "mongoose";
import type { GroupRecord } from "../group/group.model";
import { getGroupAccess, type LoadedGroup } from "../group/group.service";
import { decide, type GroupAccess, type GroupAction } from "../group/group.policy";
import { activeMembers, membershipsOfUser } from "../group/memberships";
import { planViewer } from "../plan/plan.policy";
import type { ServiceContext } from "../shared/context";
import { retryOnDuplicate } from "../shared/duplicate-key";
import { DomainError } from "../shared/errors";
import { oid } from "../shared/oid";
import { toTimeZone } from "../i18n/dates";
import { User } from "../user/user.model";
import { displayNames } from "../user/user.service";
import { DEFAULT_SEARCH_LIMIT, type SearchKind } from "./search.constants";
import type { SearchHitDto, SearchResultDto } from "./search.dto";
import type { SearchInput } from "./search.inputs";
import { currentGeneration, FEW_BY_ID, groupIndexes, type IndexedEntry, logChanges, logEntriesChanged } from "./search-index";
import { SearchEntry, type SearchEntryRecord } from "./search.model";
import { snippetOf } from "./text";

/** The pseudo-action of a learning question shared with the group: its owner, the coach and the
 *  other leaders find it (models/plan/plan.policy.ts), guests and the organiser do not. */
export const SHARED_PLAN = "plan.shared";
export type EntryAction = GroupAction | typeof SHARED_PLAN;

/** One searchable item as its service describes it. */
export interface EntryInput {
  /** The entry's id: "<family>:<the item's id>" ("message:", "doc:", "agenda:", "plan:"). */
  id: string;
  kind: SearchKind;
  groupId: string;
  url: string;
  authorId: string | null;
  at: Date;
  title: string;
  text: string;
  action: EntryAction;
  ownerId?: string | null;
}

const TEXT_MAX = 100_000;

/** Stores (or rewrites) the items' entries; every node's next query in their group finds them. */
export async function putEntries(items: EntryInput[]) {
  if (items.length === 0) return;
  const ops: AnyBulkWriteOperation<SearchEntryRecord>[] = items.map((i) => ({
    updateOne: {
      filter: { _id: i.id },
      update: {
        $set: {
          groupId: oid(i.groupId),
          kind: i.kind,
          url: i.url,
          authorId: i.authorId ? oid(i.authorId) : null,
          at: i.at,
          title: i.title.slice(0, 1000),
          text: i.text.slice(0, TEXT_MAX),
          action: i.action,
          ownerId: i.ownerId ? oid(i.ownerId) : null,
          deleted: false,
        },
        $currentDate: { updatedAt: true },
      },
      upsert: true,
    },
  }));
  await retryOnDuplicate(() => SearchEntry.bulkWrite(ops, { ordered: false }));
  await logChanges(items);
}

/** Changes the words of items still searchable (an edit); a removed item stays removed. */
export async function updateEntryText(id: string, fields: { text?: string; title?: string; at?: Date }) {
  const set: Record<string, unknown> = {};
  if (fields.text !== undefined) set.text = fields.text.slice(0, TEXT_MAX);
  if (fields.title !== undefined) set.title = fields.title.slice(0, 1000);
  if (fields.at) set.at = fields.at;
  // By exact _id (FerretDB on SQLite scans for any other filter); a removal that came in between
  // is applied again, so a tombstone never keeps words.
  const before = await SearchEntry.findById(id, { deleted: 1, groupId: 1 }).lean();
  if (before?.deleted !== false) return;
  await SearchEntry.updateOne({ _id: id }, { $set: set, $currentDate: { updatedAt: true } });
  if ((await SearchEntry.findById(id, { deleted: 1 }).lean())?.deleted) await blank([id]);
  await logChanges([{ groupId: before.groupId, id }]);
}

/** Makes the entries tombstones: no words, found by no one. */
const blank = (ids: string[]) => {
  const update = { $set: { deleted: true, title: "", text: "" }, $currentDate: { updatedAt: true as const } };
  // A few by exact _id, each without a scan; many in one write.
  return ids.length <= FEW_BY_ID
    ? Promise.all(ids.map((_id) => SearchEntry.updateOne({ _id }, update)))
    : SearchEntry.updateMany({ _id: { $in: ids } }, update);
};

/** Removes items from search: tombstones, so an index built before drops them at its next query. */
export async function dropEntries(ids: string[]) {
  if (ids.length === 0) return;
  await blank(ids);
  await logEntriesChanged(ids);
}

interface Searchable {
  group: GroupRecord;
  access: GroupAccess;
}

/** The groups the actor may search now and their access, read fresh (never from a cache: decision 086). */
async function searchableGroups(ctx: ServiceContext, groupId?: string): Promise<Searchable[]> {
  if (groupId) {
    const loaded = await getGroupAccess(ctx.actor, groupId);
    const decision = loaded ? decide(loaded.access, "group.content") : "not_found";
    // The organiser sees no content of a group (forbidden, as on its other content pages).
    if (decision !== "allow") throw new DomainError(decision);
    return [loaded as LoadedGroup];
  }
  const ms = (await membershipsOfUser(ctx.actor.id)).filter((m) => m.status === "active");
  // Each membership as just read: fresh, and not read a second time.
  const loaded = await Promise.all(ms.map((m) => getGroupAccess(ctx.actor, String(m.groupId), m)));
  return loaded.filter((l): l is LoadedGroup => l !== null && decide(l.access, "group.content") === "allow");
}

/** May the actor open this entry's item (the same rule as opening it)? */
function readerOf(actorId: string, access: GroupAccess) {
  const memo = new Map<string, boolean>();
  return (e: IndexedEntry) => {
    if (e.action === SHARED_PLAN) return !!e.ownerId && planViewer(access, actorId, e.ownerId) !== "none";
    let ok = memo.get(e.action);
    if (ok === undefined) {
      ok = decide(access, e.action as GroupAction) === "allow";
      memo.set(e.action, ok);
    }
    return ok && (!e.ownerId || e.ownerId === actorId);
  };
}

const DAY_MS = 86_400_000;
const isDay = (d: string) => d.length === 10;

/** The date filter: a day ("2026-03-11") is a calendar day in the reader's time zone (as the pages
 *  show dates); an instant with its offset is that instant. */
async function dateFilter(userId: string, from?: string, to?: string): Promise<((at: number) => boolean) | null> {
  if (!from && !to) return null;
  const u = (from && isDay(from)) || (to && isDay(to)) ? await User.findById(userId, { timeZone: 1 }).lean() : null;
  const days = new Intl.DateTimeFormat("en-CA", { timeZone: toTimeZone(u?.timeZone), year: "numeric", month: "2-digit", day: "2-digit" });
  const after = (at: number) => !from || (isDay(from) ? days.format(at) >= from : at >= new Date(from).getTime());
  const before = (at: number) => !to || (isDay(to) ? days.format(at) <= to : at <= new Date(to).getTime());
  return (at) => after(at) && before(at);
}

/**
 * Finds what the query matches in the groups the actor may see now (one group with `groupId`:
 * not_found for a group they have no part in), among the items they may open: best first (BM25,
 * titles weigh double, recent items slightly ahead), each with its passage and its place.
 */
export async function search(ctx: ServiceContext, input: SearchInput): Promise<SearchResultDto> {
  const groups = await searchableGroups(ctx, input.groupId);
  const generation = await currentGeneration();
  const kinds = input.kinds?.length ? new Set(input.kinds) : null;
  const inDates = await dateFilter(ctx.actor.id, input.from, input.to);
  const now = Date.now();
  const found: Array<{ entry: IndexedEntry; score: number; terms: string[]; group: GroupRecord }> = [];
  const indexes = await groupIndexes(
    ctx.node.search,
    groups.map(({ group }) => String(group._id)),
    generation,
  );
  for (const [k, { group, access }] of groups.entries()) {
    const index = indexes[k];
    const mayRead = readerOf(ctx.actor.id, access);
    const results = index.mini.search(input.q, {
      combineWith: "OR",
      prefix: (term) => term.length >= 4,
      boost: { title: 2 },
      filter: (r) => {
        const e = index.entries.get(r.id as string);
        return (
          !!e &&
          (!kinds || kinds.has(e.kind)) &&
          (!input.authorId || e.authorId === input.authorId) &&
          (!inDates || inDates(e.at)) &&
          mayRead(e)
        );
      },
      // Recent items slightly ahead: up to a fifth more for today's, fading over about a year.
      boostDocument: (id) => 1 + 0.2 / (1 + Math.max(0, now - (index.entries.get(id as string)?.at ?? 0)) / (365 * DAY_MS)),
    });
    for (const r of results) found.push({ entry: index.entries.get(r.id as string)!, score: r.score, terms: r.terms, group });
  }
  found.sort((a, b) => b.score - a.score || b.entry.at - a.entry.at);
  const top = found.slice(0, input.limit ?? DEFAULT_SEARCH_LIMIT);
  const names = await displayNames(
    ctx,
    top.flatMap((f) => (f.entry.authorId ? [oid(f.entry.authorId)] : [])),
  );
  const hits = top.map<SearchHitDto>(({ entry: e, score, terms, group }) => {
    const matched = new Set(terms);
    return {
      id: e.id,
      kind: e.kind,
      groupId: e.groupId,
      groupName: group.name,
      title: e.title,
      snippet: snippetOf(ctx.node.search.text, e.text || e.title, matched),
      url: e.url,
      authorName: e.authorId ? (names.get(e.authorId) ?? null) : null,
      at: new Date(e.at).toISOString(),
      score: Math.round(score * 1000) / 1000,
    };
  });
  return { hits, total: found.length };
}

/** The group's members, by name, to filter by author: for who may search the group (not_found otherwise). */
export async function listAuthors(ctx: ServiceContext, groupId: string): Promise<Array<{ id: string; name: string }>> {
  const [{ group }] = await searchableGroups(ctx, groupId);
  const members = await activeMembers(group._id);
  const names = await displayNames(
    ctx,
    members.map((m) => oid(m.userId)),
  );
  return members.map((m) => ({ id: m.userId, name: names.get(m.userId) ?? "?" })).sort((a, b) => a.name.localeCompare(b.name));
}

// The search benchmark's floor (decision 087): the same queries on the same texts through the bare
// search library in this process, with no app around it (MiniSearch 7.2, its default options plus
// the accent folding the app does), and for reference a MongoDB/FerretDB `$regex` scan over the
// messages collection.
import MiniSearch from "minisearch";
import { Types } from "mongoose";
import { Message } from "../models/thread/thread.model";
import type { CorpusText } from "./corpus";

/** Lower case without diacritics: "Ideeën" and "ideeen" are one term. */
export const fold = (term: string) => term.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

/** The floor's index: every text of the corpus, searchable by title and text, filtered by group. */
export function buildFloor(texts: CorpusText[]) {
  const index = new MiniSearch<CorpusText>({
    fields: ["title", "text"],
    storeFields: ["groupId", "kind"],
    processTerm: (term) => fold(term),
  });
  index.addAll(texts);
  return index;
}
export type Floor = ReturnType<typeof buildFloor>;

/** The floor's answer to a query within `groupIds`: the first `limit` hits, best first. */
export function floorQuery(index: Floor, q: string, groupIds: string[], limit = 20) {
  const allowed = new Set(groupIds);
  const hits = index.search(q, { filter: (r) => allowed.has(r.groupId as string) });
  return { total: hits.length, hits: hits.slice(0, limit).map((h) => ({ id: String(h.id), kind: h.kind as string, score: h.score })) };
}

/**
 * Whether a hit is what a reader of `q` expects: every word of the query, or a form of it (its
 * first letters: leerkrachten finds leerkracht, bespreking bespreken), begins a word of the text.
 */
export function isRelevant(q: string, text: string) {
  const words = fold(text).split(/[^\p{L}\p{N}]+/u);
  return fold(q)
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => {
      const stem = w.slice(0, Math.max(4, w.length - 3));
      return words.some((x) => x.startsWith(stem));
    });
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The reference scan: messages of `groupIds` whose text holds every word of `q` (case-insensitive, no folding). */
export async function regexQuery(q: string, groupIds: string[], limit = 20) {
  const words = q.split(/\s+/).filter(Boolean);
  const rows = await Message.collection
    .find(
      {
        groupId: { $in: groupIds.map((g) => new Types.ObjectId(g)) },
        $and: words.map((w) => ({ text: { $regex: escapeRegex(w), $options: "i" } })),
      },
      { projection: { _id: 1 } },
    )
    .limit(limit)
    .toArray();
  return { hits: rows.map((r) => ({ id: String(r._id) })) };
}

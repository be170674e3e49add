// `npm run search:rebuild` (scripts/search-rebuild.ts): every entry written again from the content's
// own collections, in batches; entries of items that no longer exist go; then the generation rises
// and every node drops its indexes at its next query, rebuilding them from the fresh entries.
import { CollabDocument } from "../document/document.model";
import { RoundDoc } from "../intervision/round-record.model";
import { AgendaItem, MeetingMinutes } from "../meeting/meeting-content.model";
import type { NodeContext } from "../shared/context";
import { LearningQuestion } from "../plan/plan.model";
import { Message, Thread } from "../thread/thread.model";
import { indexDocument, indexMeeting, indexQuestion, messageEntry, placeDocument } from "./indexing";
import { raiseGeneration } from "./search-index";
import { SearchEntry, SearchGeneration } from "./search.model";
import { putEntries } from "./search.service";

const BATCH = 500;

/** Walks a collection by _id in batches (no skip: FerretDB and MongoDB alike read only what they return). */
async function* batches<T extends { _id: unknown }>(find: (after: unknown) => Promise<T[]>) {
  let after: unknown = null;
  for (;;) {
    const batch = await find(after);
    if (batch.length === 0) return;
    yield batch;
    after = batch[batch.length - 1]._id;
  }
}
const after = (id: unknown) => (id === null ? {} : { _id: { $gt: id } });

/** Regenerates every entry; `progress` hears each step. Returns the counts and the new generation. */
export async function rebuildSearch(ctx: NodeContext, progress: (line: string) => void = () => {}) {
  // The database's clock, as the entries' updatedAt: whatever is older than this once all is written is stale.
  const mark = await SearchGeneration.findOneAndUpdate(
    { _id: "rebuild" },
    { $currentDate: { at: true } },
    { upsert: true, new: true },
  ).lean();
  const startedAt = mark?.at ?? new Date(0);
  const counts = { message: 0, document: 0, meeting: 0, plan: 0, removed: 0 };

  for await (const batch of batches((id) =>
    Message.find({ ...after(id), deletedAt: null })
      .sort({ _id: 1 })
      .limit(BATCH)
      .lean(),
  )) {
    const threadIds = [...new Set(batch.map((m) => String(m.threadId)))];
    const titles = new Map((await Thread.find({ _id: { $in: threadIds } }, { title: 1 }).lean()).map((t) => [String(t._id), t.title]));
    await putEntries(
      batch.map((m) =>
        messageEntry(
          { id: String(m._id), groupId: String(m.groupId), threadId: String(m.threadId), authorId: String(m.authorId), text: m.text },
          m.seq,
          m.editedAt ?? m.createdAt,
          titles.get(String(m.threadId)) ?? "",
        ),
      ),
    );
    counts.message += batch.length;
    progress(`messages: ${counts.message}`);
  }

  const placed = new Map<string, { roundId: string } | { meetingId: string }>();
  for (const r of await RoundDoc.find({}, { roundId: 1, docId: 1 }).lean()) placed.set(String(r.docId), { roundId: String(r.roundId) });
  for (const m of await MeetingMinutes.find({}, { docId: 1 }).lean()) placed.set(String(m.docId), { meetingId: String(m._id) });
  for await (const batch of batches((id) =>
    CollabDocument.find({ ...after(id), kind: { $in: ["note", "case"] } }, { _id: 1 })
      .sort({ _id: 1 })
      .limit(BATCH)
      .lean(),
  )) {
    for (const d of batch) {
      const docId = String(d._id);
      const place = placed.get(docId);
      // A fresh entry: a rebuild also repairs a wrong place.
      await SearchEntry.deleteOne({ _id: `doc:${docId}` });
      await indexDocument(ctx.node.collab.store, docId);
      if (place) await placeDocument(ctx, docId, place);
    }
    counts.document += batch.length;
    progress(`documents and cases: ${counts.document}`);
  }

  const meetingIds = (await AgendaItem.distinct("meetingId")).map(String);
  for (const m of meetingIds) await indexMeeting(m);
  counts.meeting = meetingIds.length;
  progress(`meetings: ${counts.meeting}`);

  for (const q of await LearningQuestion.find({ shared: true }, { _id: 1 }).lean()) {
    await indexQuestion(String(q._id));
    counts.plan++;
  }
  progress(`shared learning questions: ${counts.plan}`);

  counts.removed = (await SearchEntry.deleteMany({ updatedAt: { $lt: startedAt } })).deletedCount ?? 0;
  progress(`stale entries removed: ${counts.removed}`);
  const generation = await raiseGeneration();
  progress(`generation ${generation}: every node rebuilds its indexes at its next query`);
  return { ...counts, generation };
}

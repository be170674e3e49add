// Unread counts became the difference of two stored counts (decision 047): a thread's `count` of
// messages ever sent in it and a reader's marker's `count` at its position. Threads and markers
// stored before that lack both, so an old thread showed no unread messages and its first new
// message counted as its only one. This sets them from the messages themselves (deleted ones
// included, as the counters count them). Self-contained on purpose: a migration must keep working
// after the models change, so it uses only the driver and the collections' names.
import type { Db, ObjectId } from "mongodb";

export async function up(db: Db) {
  const threads = db.collection<{ _id: ObjectId; count?: number }>("threads");
  const markers = db.collection<{ _id: ObjectId; threadId: ObjectId; seq?: number; count?: number }>("readmarkers");
  const todo = await threads.find({ count: { $exists: false } }, { projection: { _id: 1 } }).toArray();
  const stale = await markers.find({ count: { $exists: false } }, { projection: { _id: 1, threadId: 1, seq: 1 } }).toArray();
  if (todo.length === 0 && stale.length === 0) return;
  // One pass over the messages (a filter by threadId per thread would scan them per thread on
  // FerretDB-SQLite): each thread's message positions, sorted.
  const seqs = new Map<string, number[]>();
  for await (const m of db.collection<{ threadId: ObjectId; seq: number }>("messages").find({}, { projection: { threadId: 1, seq: 1 } })) {
    const key = String(m.threadId);
    seqs.set(key, [...(seqs.get(key) ?? []), m.seq]);
  }
  for (const list of seqs.values()) list.sort((a, b) => a - b);
  for (const t of todo) await threads.updateOne({ _id: t._id }, { $set: { count: seqs.get(String(t._id))?.length ?? 0 } });
  for (const m of stale) {
    const list = seqs.get(String(m.threadId)) ?? [];
    const seen = list.filter((s) => s <= (m.seq ?? 0)).length;
    await markers.updateOne({ _id: m._id }, { $set: { count: seen } });
  }
}

// Forward only: the counts are right for the previous release too, which ignores them.
export async function down() {}

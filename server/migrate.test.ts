// Migrations (decision 077): applied once per cluster however many nodes start at once, and the
// first real one on data as the release before it stored it.
import path from "node:path";
import { describe, expect, it } from "vitest";
import mongoose from "mongoose";
import type { MongoClient } from "mongodb";
import { MIGRATIONS_DIR, migrationStatus, runMigrations } from "./migrate";
import { workerMongoUri } from "../test/db";
import { buildGroup, ctxFor } from "../test/factories";
import { listThreads } from "../models/thread/thread.service";
import { Message, ReadMarker, Thread } from "../models/thread/thread.model";

const FIXTURES = path.resolve(import.meta.dirname, "../test/fixtures/migrations");

describe("runMigrations", () => {
  it("two nodes starting at once: one applies the migration, the other waits until it is applied, then both serve", async () => {
    // Two nodes: two connections of their own to the same database.
    const nodes = [mongoose.createConnection(workerMongoUri()), mongoose.createConnection(workerMongoUri())];
    try {
      await Promise.all(nodes.map((c) => c.asPromise()));
      const runs = mongoose.connection.db!.collection("migration_runs");
      const results = await Promise.all(
        nodes.map((c) =>
          runMigrations(c.db!, c.getClient() as unknown as MongoClient, { dir: FIXTURES, pollMs: 20 }).then(async (applied) => ({
            applied,
            // What a node sees when it goes on to serve.
            runsWhenDone: await runs.countDocuments(),
          })),
        ),
      );
      expect(results.map((r) => r.applied).sort()).toEqual([[], ["20260101000000-count-runs.ts"]]);
      expect(results.map((r) => r.runsWhenDone)).toEqual([1, 1]);
      // A later start applies nothing; the lock is gone.
      await expect(runMigrations(nodes[0].db!, nodes[0].getClient() as unknown as MongoClient, { dir: FIXTURES })).resolves.toEqual([]);
      expect(await runs.countDocuments()).toBe(1);
      expect(await mongoose.connection.db!.collection("migrations_lock").countDocuments()).toBe(0);
      expect((await migrationStatus(mongoose.connection.db!, FIXTURES)).map((s) => s.appliedAt === "PENDING")).toEqual([false]);
    } finally {
      await Promise.all(nodes.map((c) => c.close()));
    }
  });

  it("takes over the lock of a node that died while migrating", async () => {
    const db = mongoose.connection.db!;
    await db.collection<{ _id: string }>("migrations_lock").insertOne({ _id: "migrate", node: "gone:1", at: new Date(0) } as never);
    const logs: string[] = [];
    const client = mongoose.connection.getClient() as unknown as MongoClient;
    await expect(runMigrations(db, client, { dir: FIXTURES, log: (m) => logs.push(m) })).resolves.toEqual(["20260101000000-count-runs.ts"]);
    expect(logs[0]).toMatch(/gone:1 .* stale/);
  });
});

describe("migration 20261205000000-thread-counts", () => {
  it("gives threads and read markers stored before unread counts their counts, so an old thread's unread messages show", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const [ann, bob] = leaders;
    // As the release before decision 047 stored them: no `count` on the thread or the marker.
    const threadId = new mongoose.Types.ObjectId();
    const at = new Date("2026-11-01T10:00:00Z");
    await Thread.collection.insertOne({
      _id: threadId,
      groupId: group._id,
      title: "Ouderavond",
      createdBy: ann._id,
      createdAt: at,
      lastSeq: 5,
      lastMessageAt: at,
      pinned: false,
    } as never);
    await Message.collection.insertMany(
      [1, 2, 3, 4, 5].map((seq) => ({
        groupId: group._id,
        threadId,
        authorId: ann._id,
        text: `bericht ${seq}`,
        mentions: [],
        seq,
        createdAt: at,
        editedAt: null,
        deletedAt: seq === 2 ? at : null,
        editSeqs: [],
      })) as never,
    );
    await ReadMarker.collection.insertOne({ userId: bob._id, threadId, groupId: group._id, seq: 3 } as never);
    const unread = async () => (await listThreads(ctxFor(bob), String(group._id))).find((t) => t.id === String(threadId))?.unread;
    expect(await unread()).toBe(0); // what the old data shows without the migration: wrong

    const applied = await runMigrations(mongoose.connection.db!, mongoose.connection.getClient() as unknown as MongoClient, {
      dir: MIGRATIONS_DIR,
    });
    expect(applied).toContain("20261205000000-thread-counts.ts");
    expect(await unread()).toBe(2); // messages 4 and 5
    expect((await Thread.findById(threadId).lean())?.count).toBe(5); // the deleted one included
    expect((await ReadMarker.findOne({ userId: bob._id, threadId }).lean())?.count).toBe(3);
  });
});

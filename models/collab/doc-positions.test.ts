// Log positions from the counter in Redis (decision 060): two nodes never race for a position, a
// counter behind the log costs a retry and never an overwrite, Redis down falls back to probing,
// and a position handed out and never written does not hide the entries after it.
import { randomBytes } from "node:crypto";
import { Types } from "mongoose";
import { Redis } from "ioredis";
import * as Y from "yjs";
import { afterAll, describe, expect, it } from "vitest";
import { DocUpdate } from "../document/document.model";
import { testRedisUrl } from "../../test/socket";
import { createDocPositions } from "./doc-positions";
import { createDocStore } from "./doc-store";
import { editor } from "./test-ydoc";
import { createUpdateChecks } from "./update-check";

const redis = new Redis(testRedisUrl());
const checks: ReturnType<typeof createUpdateChecks>[] = [];
afterAll(() => {
  for (const c of checks) c.close();
  redis.disconnect();
});

/** A node's document store: with the counters on `client` (the suite's Redis by default). */
function node(client: Redis = redis) {
  const c = createUpdateChecks();
  checks.push(c);
  return createDocStore(c, createDocPositions(client));
}
const actorId = String(new Types.ObjectId());
const cid = () => `c-${randomBytes(6).toString("hex")}`;
const positionsOf = async (docId: string) => (await DocUpdate.find({ docId }, { seq: 1 }).lean()).map((u) => u.seq).sort((x, y) => x - y);
const textOf = async (store: ReturnType<typeof node>, docId: string) => {
  const { ydoc } = await store.loadYDoc(docId);
  const e = editor();
  e.apply(Y.encodeStateAsUpdate(ydoc));
  ydoc.destroy();
  return e.text();
};

describe("document log positions from the counter", () => {
  it("two nodes appending to one document at once never race: every position handed out is written once", async () => {
    const docId = String(new Types.ObjectId());
    const [a, b] = [node(), node()];
    const e = editor();
    const batches = Array.from({ length: 30 }, (_, i) => {
      e.paragraph(`line ${i}`);
      return e.takeBatch()!;
    });
    const seqs = await Promise.all(batches.map((update, i) => [a, b][i % 2].appendUpdate({ docId, actorId, clientId: cid(), update })));
    expect(seqs.map((s) => s.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(await positionsOf(docId)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // No position was lost to a race: the counter handed out exactly the 30 (a loser would have taken another).
    expect(await redis.hget(`lk:doc-pos:${docId}`, "n")).toBe("30");
  });

  it("a counter behind the log (lost by Redis, or passed while Redis was down) costs a retry, never an overwrite", async () => {
    const docId = String(new Types.ObjectId());
    const [a, b] = [node(), node()];
    const e = editor();
    const append = (store: ReturnType<typeof node>, text: string) => {
      e.paragraph(text);
      return store.appendUpdate({ docId, actorId, clientId: cid(), update: e.takeBatch()! });
    };
    for (const t of ["one", "two", "three"]) await append(a, t);
    await redis.del(`lk:doc-pos:${docId}`); // lost: started again from the log's end
    expect(await append(b, "four")).toEqual({ seq: 4, created: true });
    await redis.hset(`lk:doc-pos:${docId}`, "n", 1); // behind: position 2 and 4 are taken
    expect(await append(a, "five")).toEqual({ seq: 5, created: true });
    expect(await positionsOf(docId)).toEqual([1, 2, 3, 4, 5]);
    expect(await textOf(node(), docId)).toBe("one\ntwo\nthree\nfour\nfive");
  });

  it("with Redis unreachable a node probes for the end as without Redis, and the nodes that reach it go on after it", async () => {
    const docId = String(new Types.ObjectId());
    const down = new Redis(testRedisUrl(), { lazyConnect: true }); // never connected: not ready
    const [a, c] = [node(), node(down)];
    const e = editor();
    const append = (store: ReturnType<typeof node>, text: string) => {
      e.paragraph(text);
      return store.appendUpdate({ docId, actorId, clientId: cid(), update: e.takeBatch()! });
    };
    await append(a, "one");
    await append(a, "two");
    expect(await append(c, "three")).toEqual({ seq: 3, created: true });
    expect(await append(a, "four")).toEqual({ seq: 4, created: true });
    expect(await positionsOf(docId)).toEqual([1, 2, 3, 4]);
    expect(await textOf(node(), docId)).toBe("one\ntwo\nthree\nfour");
    down.disconnect();
  });

  it("a position handed out and never written (its writer died) is filled, and what was stored after it is read", async () => {
    const docId = String(new Types.ObjectId());
    const a = node();
    const e = editor();
    const append = (text: string) => {
      e.paragraph(text);
      return a.appendUpdate({ docId, actorId, clientId: cid(), update: e.takeBatch()! });
    };
    await append("one");
    expect(await createDocPositions(redis).allocate(docId, 0)).toMatchObject({ seq: 2 }); // its writer dies here
    expect(await append("three")).toEqual({ seq: 3, created: true });
    // A node that never read the document finds the hole; once it stayed open, it fills it and reads on.
    const reader = node();
    let text = await textOf(reader, docId);
    while (text !== "one\nthree") {
      await new Promise((r) => setTimeout(r, 100));
      text = await textOf(reader, docId);
    }
    expect(await DocUpdate.findById(`${docId}:2`, { clientId: 1 }).lean()).toMatchObject({ clientId: "hole" });
  });

  it("a batch built on an entry after a hole is checked against the log with the hole filled at once, not refused", async () => {
    const docId = String(new Types.ObjectId());
    const a = node();
    const x = editor();
    x.paragraph("x");
    const first = x.takeBatch()!;
    await a.appendUpdate({ docId, actorId, clientId: cid(), update: first });
    await createDocPositions(redis).allocate(docId, 0); // position 2: never written
    const y = editor();
    y.apply(first);
    y.type("y", 1);
    const second = y.takeBatch()!;
    expect(await a.appendUpdate({ docId, actorId, clientId: cid(), update: second })).toMatchObject({ seq: 3 });
    // z has seen position 3 and types into the text it brought: its batch needs entry 3.
    const z = editor();
    z.apply(first);
    z.apply(second);
    z.type("z", 2);
    const { changed, done } = await node().checkUpdateAgainst(docId, z.takeBatch()!, 3);
    done(false);
    expect(changed).toBe(true);
    expect(await positionsOf(docId)).toEqual([1, 2, 3]);
  });
});

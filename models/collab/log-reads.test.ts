// A batch's log reads (decision 073, issue 19 goal 2): a node reads only the entries after the
// position it knows, never whole rounds past the end, and a check that has every entry the sender
// has seen reads nothing of the log at all.
import { randomBytes } from "node:crypto";
import { Types } from "mongoose";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it, vi } from "vitest";
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
function node() {
  const c = createUpdateChecks();
  checks.push(c);
  return createDocStore(c, createDocPositions(redis));
}
const actorId = String(new Types.ObjectId());
const cid = () => `c-${randomBytes(6).toString("hex")}`;

/** Node A stores `n` batches of one editor; node B hears of each (doc:stored), as a cluster does. */
async function storedByA(n: number) {
  const [a, b] = [node(), node()];
  const docId = String(new Types.ObjectId());
  const e = editor();
  for (let i = 0; i < n; i++) {
    e.type(`${i} `);
    const update = e.takeBatch()!;
    const { seq } = await a.appendUpdate({ docId, actorId, clientId: cid(), update });
    b.rememberStored(docId, seq, update);
  }
  return { b, docId, e };
}

/** The log entries read from MongoDB while `fn` runs (point reads and queries of DocUpdate). */
async function logReads(fn: () => Promise<unknown>) {
  const one = vi.spyOn(DocUpdate.collection, "findOne");
  const many = vi.spyOn(DocUpdate.collection, "find");
  try {
    await fn();
    return one.mock.calls.length + many.mock.calls.length;
  } finally {
    one.mockRestore();
    many.mockRestore();
  }
}

describe("a node's reads of the document log", () => {
  it("reads nothing it holds and probes one position past the end it knows (not a round of them)", async () => {
    const { b, docId } = await storedByA(100);
    let seq = 0;
    expect(await logReads(async () => (seq = (await b.readLogSince(docId, 0)).seq))).toBe(1);
    expect(seq).toBe(100);
  });

  it("checks a batch against a fresh scratch copy without reading the log when the node holds what the sender has seen", async () => {
    const { b, docId, e } = await storedByA(100);
    e.type("and more");
    const update = e.takeBatch()!;
    let changed = false;
    const reads = await logReads(async () => {
      const r = await b.checkUpdateAgainst(docId, update, 100);
      r.done(false);
      changed = r.changed;
    });
    expect(changed).toBe(true);
    expect(reads).toBe(0);
  });
});

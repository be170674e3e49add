// The preemptive time limit (docs/decisions/011-update-limits.md): a genuinely slow update is
// refused within the limit by a worker that is then replaced, while the main event loop keeps
// turning and other updates are checked and stored meanwhile.
import { randomBytes } from "node:crypto";
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { DocUpdate } from "../document/document.model";
import { createDocument } from "../document/document.service";
import { applyDocUpdate, documentText } from "../document/collab.service";
import { APPLY_TIME_LIMIT_MS, CONTENT_FIELD } from "./doc-store";
import { editor, startInserts } from "./test-ydoc";
import { buildGroup, ctxFor, nodeCtx, testNode } from "../../test/factories";

const cid = () => `c-${randomBytes(8).toString("hex")}`;

/** The largest gap between turns of the event loop while `p` runs. */
async function loopGapDuring<T>(p: Promise<T>) {
  let last = performance.now();
  let max = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    max = Math.max(max, now - last);
    last = now;
  }, 2);
  try {
    await p.catch(() => undefined);
  } finally {
    clearInterval(timer);
  }
  return max;
}

describe("the preemptive apply time limit", () => {
  it("refuses a hostile-slow update with too_complex within the limit, stores nothing, and blocks no one meanwhile", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const groupId = String(group._id);
    const [a, b] = leaders.map((u) => ctxFor(u));
    const docId = (await createDocument(a, { groupId, title: "Notes" })).id;
    // 3,000 empty texts from low client ids, stored in batches that are each quick to apply (every
    // batch's ids below the stored ones, so its items settle at once).
    for (let k = 11; k >= 0; k--) await applyDocUpdate(a, { groupId, docId, clientId: cid(), update: startInserts(1 + k * 250, 250) });
    const storedBefore = await DocUpdate.countDocuments({ docId });

    const hostile = startInserts(1_000_000, 5000);
    const started = performance.now();
    const refusal = applyDocUpdate(a, { groupId, docId, clientId: cid(), update: hostile }).then(
      () => ({ code: "stored", at: performance.now() }),
      (e: { code?: string; issues?: unknown }) => ({ code: e.code, issues: e.issues, at: performance.now() }),
    );
    // Another member's ordinary batch on the same document, sent while the hostile one is checked.
    const e = editor();
    e.paragraph("an ordinary sentence");
    const normal = applyDocUpdate(b, { groupId, docId, clientId: cid(), update: e.takeBatch()! }).then(() => performance.now());
    const gap = await loopGapDuring(Promise.all([refusal, normal]));

    const refused = await refusal;
    expect(refused).toMatchObject({ code: "too_complex", issues: [{ path: "update", code: "too_slow" }] });
    const refusedAfter = refused.at - started;
    expect(refusedAfter).toBeGreaterThanOrEqual(APPLY_TIME_LIMIT_MS);
    expect(refusedAfter).toBeLessThan(APPLY_TIME_LIMIT_MS + 1500); // the limit, plus reading the log on a busy machine
    const normalAfter = (await normal) - started;
    console.info(
      `hostile update refused after ${refusedAfter.toFixed(0)} ms; ordinary one stored after ${normalAfter.toFixed(0)} ms; longest event-loop gap ${gap.toFixed(0)} ms`,
    );
    // The other worker checked it meanwhile (loading the document first: it had no copy yet), far
    // sooner than the hostile apply would have let an inline check run.
    expect(normalAfter).toBeLessThan(2000);
    expect(gap).toBeLessThan(APPLY_TIME_LIMIT_MS); // the event loop never waited for the hostile apply

    expect(await DocUpdate.countDocuments({ docId })).toBe(storedBefore + 1);
    // The replaced worker serves the next update; MongoDB holds what was accepted only.
    e.paragraph("after the refusal");
    await applyDocUpdate(b, { groupId, docId, clientId: cid(), update: e.takeBatch()! });
    testNode().collab.clear();
    expect(await documentText(nodeCtx(), docId)).toBe("an ordinary sentence\nafter the refusal");

    // It is genuinely slow: applied inline (as before the worker) it blocks for many times the limit.
    const inline = new Y.Doc();
    for (let k = 11; k >= 0; k--) Y.applyUpdate(inline, startInserts(1 + k * 250, 250));
    const t = performance.now();
    Y.applyUpdate(inline, hostile);
    const inlineMs = performance.now() - t;
    console.info(`the same update applied inline: ${inlineMs.toFixed(0)} ms`);
    expect(inlineMs).toBeGreaterThan(4 * APPLY_TIME_LIMIT_MS);
  }, 60_000);
});

describe("a resend", () => {
  it("counts as a change while the worker's copy holds an update not yet stored, and as none once it is stored", async () => {
    // An empty stored log: the copy holds exactly what was checked on it.
    const emptyLog = async () => ({ snapshot: null, entries: [], seq: 0 });
    const docId = `check-${randomBytes(6).toString("hex")}`;
    const e = editor();
    e.paragraph("typed offline");
    const update = e.takeBatch()!;
    const first = await testNode().collab.checks.check(docId, update, [CONTENT_FIELD], emptyLog);
    expect(first.outcome).toEqual({ ok: true, changed: true });
    // The first attempt is still being stored: its copy already holds the update, but "held" is
    // not yet "stored", so the resend must be stored (and acknowledged) on its own.
    const early = await testNode().collab.checks.check(docId, update, [CONTENT_FIELD], emptyLog);
    expect(early.outcome).toEqual({ ok: true, changed: true });
    first.done(true);
    early.done(true);
    const late = await testNode().collab.checks.check(docId, update, [CONTENT_FIELD], emptyLog);
    expect(late.outcome).toEqual({ ok: true, changed: false });
    // A failed store drops the copy: the update is new again.
    const other = editor();
    other.paragraph("another");
    const failing = await testNode().collab.checks.check(docId, other.takeBatch()!, [CONTENT_FIELD], emptyLog);
    failing.done(false);
    expect((await testNode().collab.checks.check(docId, update, [CONTENT_FIELD], emptyLog)).outcome).toEqual({ ok: true, changed: true });
  });
});

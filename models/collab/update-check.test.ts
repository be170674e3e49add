// The preemptive time limit (docs/decisions/011-update-limits.md): a genuinely slow update is
// refused by a worker that is then replaced, while the main event loop keeps turning and other
// updates are checked and stored meanwhile.
//
// Nothing here asserts how long something takes on this CPU. The hostile update would take tens of
// seconds to apply in full (100,000 items over 3,000 stored, each walking past all of them: 3e8
// steps, ~20 s on these machines), so "still applying" is a state, not a race. The test holds the
// limit open while it orders events around the running apply (another member's batch is stored
// while the hostile one is applying and before its refusal), then lets the real limit cut it; one
// generous upper bound checks that, with the limit untouched, the refusal comes at the limit and
// not when the apply would have ended.
import { randomBytes } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { DocUpdate } from "../document/document.model";
import { createDocument } from "../document/document.service";
import { applyDocUpdate, documentText } from "../document/collab.service";
import { CONTENT_FIELD } from "./doc-store";
import { editor, startInserts } from "./test-ydoc";
import { buildGroup, ctxFor, nodeCtx, testNode } from "../../test/factories";

const cid = () => `c-${randomBytes(8).toString("hex")}`;
/** Items in each hostile update: every one walks past the 3,000 stored ones (see startInserts). */
const HOSTILE_ITEMS = 100_000;
/**
 * Generous: 20 x the limit, for reading the log and a late timer on a loaded machine. The full
 * apply takes ~20 s here (and seconds even on a machine several times faster), so a refusal
 * within this shows the limit cut it short.
 */
const REFUSED_WITHIN_MS = 5000;

type Settled = { code: string | undefined; issues?: unknown };
const settle = (p: Promise<unknown>): Promise<Settled> =>
  p.then(
    () => ({ code: "stored" }),
    (e: { code?: string; issues?: unknown }) => ({ code: e.code, issues: e.issues }),
  );
const TOO_SLOW = { code: "too_complex", issues: [{ path: "update", code: "too_slow" }] };

describe("the preemptive apply time limit", () => {
  it("refuses a hostile-slow update with too_complex, stores nothing of it, and blocks no one meanwhile", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const groupId = String(group._id);
    const [a, b] = leaders.map((u) => ctxFor(u));
    const docId = (await createDocument(a, { groupId, title: "Notes" })).id;
    // 3,000 empty texts from low client ids, stored in batches that are each quick to apply (every
    // batch's ids below the stored ones, so its items settle at once).
    for (let k = 11; k >= 0; k--) await applyDocUpdate(a, { groupId, docId, clientId: cid(), update: startInserts(1 + k * 250, 250) });
    const storedBefore = await DocUpdate.countDocuments({ docId });
    const e = editor();

    // 1. Held open: the hostile update is applying in one worker ...
    testNode().collab.checks.setApplyTimeLimit(Number.POSITIVE_INFINITY);
    let hostileSettled = false;
    let hostile: Promise<Settled>;
    try {
      hostile = settle(applyDocUpdate(a, { groupId, docId, clientId: cid(), update: startInserts(1_000_000, HOSTILE_ITEMS) }));
      void hostile.then(() => {
        hostileSettled = true;
      });
      await vi.waitFor(() => expect(testNode().collab.checks.applying()).toBe(1), { timeout: 30_000, interval: 10 });
      // ... while another member's ordinary batch on the same document is checked by the other
      // worker and stored: the event loop and the pool were not blocked by the running apply.
      e.paragraph("an ordinary sentence");
      await applyDocUpdate(b, { groupId, docId, clientId: cid(), update: e.takeBatch()! });
      expect(hostileSettled).toBe(false);
      expect(testNode().collab.checks.applying()).toBe(1); // still applying: had it finished, it would be stored
    } finally {
      testNode().collab.checks.setApplyTimeLimit(); // the real limit: the running apply is cut at the worker's next look
    }
    expect(await hostile).toEqual(TOO_SLOW);
    expect(await DocUpdate.countDocuments({ docId })).toBe(storedBefore + 1);

    // 2. The limit as shipped: another hostile update (on the worker that holds the document) is
    // refused at the limit, long before its apply could have ended.
    const started = performance.now();
    const second = await settle(applyDocUpdate(a, { groupId, docId, clientId: cid(), update: startInserts(2_000_000, HOSTILE_ITEMS) }));
    const refusedAfter = performance.now() - started;
    console.info(`hostile update refused after ${refusedAfter.toFixed(0)} ms with the limit as shipped`);
    expect(second).toEqual(TOO_SLOW);
    expect(refusedAfter).toBeLessThan(REFUSED_WITHIN_MS);

    // 3. Both workers have now been replaced: a replacement serves the next update; MongoDB holds
    // what was accepted only.
    e.paragraph("after the refusal");
    await applyDocUpdate(b, { groupId, docId, clientId: cid(), update: e.takeBatch()! });
    expect(await DocUpdate.countDocuments({ docId })).toBe(storedBefore + 2);
    testNode().collab.clear();
    expect(await documentText(nodeCtx(), docId)).toBe("an ordinary sentence\nafter the refusal");
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

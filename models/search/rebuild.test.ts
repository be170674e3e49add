// `npm run search:rebuild` (decision 085): entries regenerated from the content, stale ones gone,
// and a node that held an index drops it at its next query.
import { describe, expect, it } from "vitest";
import { editor } from "../collab/test-ydoc";
import { applyDocUpdate } from "../document/collab.service";
import { createDocument } from "../document/document.service";
import { settled, startThread } from "../thread/thread.service";
import { buildGroup, ctxFor, nodeCtx } from "../../test/factories";
import { rebuildSearch } from "./rebuild";
import { SearchEntry } from "./search.model";
import { putEntries, search } from "./search.service";

describe("search:rebuild", () => {
  it("writes every entry again from the content, removes entries of nothing, and every node rebuilds its index", async () => {
    const g = await buildGroup({ leaders: 1 });
    const groupId = String(g.group._id);
    const ctx = ctxFor(g.leaders[0]);
    const started = await startThread(ctx, {
      groupId,
      clientId: "c-rebuild-01",
      title: "Nascholing",
      text: "Welke nascholing kiezen jullie?",
    });
    await settled(ctx, groupId);
    const doc = await createDocument(ctx, { groupId, title: "Jaarplan" });
    const ed = editor();
    ed.paragraph("Het jaarplan noemt de studiedagen.");
    await applyDocUpdate(ctx, { groupId, docId: doc.id, clientId: "c-rebuild-02", update: ed.takeBatch()! });
    // An entry of nothing (an item gone while its entry stayed), known to this node's index.
    await putEntries([
      {
        id: "message:0123456789abcdef01234567",
        kind: "message",
        groupId,
        url: "/x",
        authorId: null,
        at: new Date(),
        title: "",
        text: "spookbericht",
        action: "thread.read",
      },
    ]);
    expect((await search(ctx, { q: "spookbericht", groupId })).total).toBe(1);
    // The index lost: every entry of the group gone (a bug, a restore of an old backup).
    await SearchEntry.deleteMany({ groupId: g.group._id, _id: { $ne: "message:0123456789abcdef01234567" } });

    const lines: string[] = [];
    const counts = await rebuildSearch(nodeCtx(), (l) => lines.push(l));
    expect(counts).toMatchObject({ message: 1, document: 1, removed: 1 });
    expect(lines.at(-1)).toMatch(/^generation \d+/);

    expect((await search(ctx, { q: "spookbericht", groupId })).total).toBe(0);
    const messageId = (started.data as { message: { id: string } }).message.id;
    expect((await search(ctx, { q: "nascholing", groupId })).hits.map((h) => h.id)).toEqual([`message:${messageId}`]);
    // The document's current text, read from its content (not only at compaction).
    expect((await search(ctx, { q: "studiedagen", groupId })).hits.map((h) => h.id)).toEqual([`doc:${doc.id}`]);
  });
});

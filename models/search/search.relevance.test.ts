// Search's relevance on a seeded Dutch corpus (issue 20 item 4): for each query, the items a
// reader would expect are the first hits. Against the real database, through the real services.
import { beforeEach, describe, expect, it } from "vitest";
import { buildGroup, ctxFor } from "../../test/factories";
import { CORPUS_THREADS, RELEVANCE } from "../../test/fixtures/search-corpus";
import { sendMessage, settled, startThread } from "../thread/thread.service";
import { search } from "./search.service";

let counter = 0;
const cid = () => `corpus-${++counter}-${Math.random().toString(36).slice(2, 10)}`;

/** Seeds the corpus in a group of three leaders; the map from each hit id to its corpus key. */
async function seedCorpus() {
  const built = await buildGroup({ leaders: 3 });
  const groupId = String(built.group._id);
  const ctxs = built.leaders.map((u) => ctxFor(u));
  const keys = new Map<string, string>();
  for (const t of CORPUS_THREADS) {
    const [first, ...replies] = t.messages;
    const started = await startThread(ctxs[0], { groupId, clientId: cid(), title: t.title, text: first });
    const data = started.data as { thread: { id: string }; message: { id: string } };
    keys.set(`message:${data.message.id}`, `${t.key}.0`);
    for (const [i, text] of replies.entries()) {
      const sent = await sendMessage(ctxs[(i + 1) % ctxs.length], { groupId, threadId: data.thread.id, clientId: cid(), text });
      keys.set(`message:${(sent.data as { message: { id: string } }).message.id}`, `${t.key}.${i + 1}`);
    }
  }
  await settled(ctxs[0], groupId);
  return { ...built, groupId, ctx: ctxs[0], keys };
}

describe("search relevance on a Dutch corpus", () => {
  let corpus: Awaited<ReturnType<typeof seedCorpus>>;
  beforeEach(async () => {
    corpus = await seedCorpus();
  });

  it("puts what a reader expects among the first three, for every query in the table", async () => {
    const misses: string[] = [];
    for (const c of RELEVANCE) {
      const { hits } = await search(corpus.ctx, { q: c.q, groupId: corpus.groupId });
      const top = hits.slice(0, 3).map((h) => corpus.keys.get(h.id) ?? h.id);
      const ok = c.expect.every((k) => top.includes(k)) && c.expect.includes(top[0]);
      if (!ok) misses.push(`${c.q} (${c.why}): expected ${c.expect.join(", ")}, got ${top.join(", ")}`);
    }
    expect(misses).toEqual([]);
    expect(RELEVANCE.length).toBeGreaterThanOrEqual(12);
  });

  it("marks the matched words in the passage, and links to the exact message", async () => {
    const { hits, total } = await search(corpus.ctx, { q: "ideeen", groupId: corpus.groupId });
    expect(total).toBeGreaterThanOrEqual(2);
    const hit = hits.find((h) => corpus.keys.get(h.id) === "ideeen.0")!;
    expect(hit.kind).toBe("message");
    expect(hit.snippet.filter((p) => p.match).map((p) => p.text)).toContain("ideeën");
    expect(hit.url).toMatch(new RegExp(`^/groups/${corpus.groupId}/threads/[0-9a-f]{24}\\?before=\\d+#m-${hit.id.slice(8)}$`));
    expect(hit.title).toBe("Ideeën voor de studiedag");
    expect(hit.authorName).toBeTruthy();
  });

  it("filters by author and date, and finds nothing for words nobody wrote", async () => {
    const bob = String(corpus.leaders[1]._id);
    const byBob = await search(corpus.ctx, { q: "ouderraad", groupId: corpus.groupId, authorId: bob });
    expect(byBob.hits.map((h) => corpus.keys.get(h.id))).toEqual(["ouderraad.1"]);
    const past = await search(corpus.ctx, { q: "ouderraad", groupId: corpus.groupId, to: "2020-01-01" });
    expect(past.total).toBe(0);
    expect((await search(corpus.ctx, { q: "xylofoonconcert", groupId: corpus.groupId })).hits).toEqual([]);
  });
});

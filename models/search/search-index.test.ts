// The groups' change logs (decision 085) against the real database: writers racing for positions
// leave a run without holes that a node's index walks to every change; a write too large to name
// its entries makes the next query reload the group; groups not loaded yet are loaded together.
import { Types } from "mongoose";
import { describe, expect, it } from "vitest";
import { SearchChange } from "./search.model";
import { createSearchNode, currentGeneration, groupIndex, groupIndexes } from "./search-index";
import { dropEntries, type EntryInput, putEntries } from "./search.service";

const entry = (groupId: string, n: number, word: string): EntryInput => ({
  id: `message:${groupId}-${n}`,
  kind: "message",
  groupId,
  url: `/groups/${groupId}/threads/t#m-${n}`,
  authorId: null,
  at: new Date(),
  title: "Overleg",
  text: `${word} nummer ${n}`,
  action: "thread.read",
});

describe("a group's change log", () => {
  it("writers racing each other take every position once; an index built before finds all their writes", async () => {
    const groupId = String(new Types.ObjectId());
    const node = createSearchNode();
    const generation = await currentGeneration();
    await putEntries([entry(groupId, 0, "begin")]);
    expect((await groupIndex(node, groupId, generation)).mini.search("begin")).toHaveLength(1);

    // Twenty writes at once, as from several nodes: each appends its change after its write.
    await Promise.all(Array.from({ length: 20 }, (_, n) => putEntries([entry(groupId, n + 1, "kangoeroeklas")])));
    const positions = (await SearchChange.find({ _id: { $regex: `^${groupId}:` } }).lean()).map((c) => Number(String(c._id).split(":")[1]));
    expect(positions.sort((a, b) => a - b)).toEqual(Array.from({ length: 21 }, (_, n) => n + 1));
    const index = await groupIndex(node, groupId, generation);
    expect(index.mini.search("kangoeroeklas")).toHaveLength(20);
    expect(index.position).toBe(21);
    // A second node, built now, finds the same.
    expect((await groupIndex(createSearchNode(), groupId, generation)).mini.search("kangoeroeklas")).toHaveLength(20);
  });

  it("a removal too large to name its entries is logged as 'all', and the next query reloads the group", async () => {
    const groupId = String(new Types.ObjectId());
    const node = createSearchNode();
    const generation = await currentGeneration();
    const many = Array.from({ length: 600 }, (_, n) => entry(groupId, n, "schoolplan"));
    await putEntries(many);
    expect((await groupIndex(node, groupId, generation)).mini.search("schoolplan")).toHaveLength(600);
    await dropEntries(many.slice(0, 550).map((e) => e.id));
    const last = await SearchChange.find({ _id: { $regex: `^${groupId}:` } }).lean();
    expect(last.some((c) => c.all)).toBe(true);
    expect((await groupIndex(node, groupId, generation)).mini.search("schoolplan")).toHaveLength(50);
  });

  it("groups searched together for the first time are loaded in one read, each with only its own entries", async () => {
    const [a, b, c] = [0, 1, 2].map(() => String(new Types.ObjectId()));
    await putEntries([entry(a, 1, "ouderraad"), entry(a, 2, "ouderraad"), entry(b, 1, "ouderraad"), entry(c, 1, "ouderraad")]);
    const node = createSearchNode();
    const generation = await currentGeneration();
    const [ia, ib] = await groupIndexes(node, [a, b], generation);
    expect(ia.mini.search("ouderraad").map((r) => r.id)).toEqual(expect.arrayContaining([`message:${a}-1`, `message:${a}-2`]));
    expect(ia.mini.search("ouderraad")).toHaveLength(2);
    expect(ib.mini.search("ouderraad").map((r) => r.id)).toEqual([`message:${b}-1`]);
    // Loaded at their logs' ends: a later write is read from the log, not by loading again.
    await putEntries([entry(b, 2, "ouderraad")]);
    const [again] = await groupIndexes(node, [b], generation);
    expect(again).toBe(ib);
    expect(again.mini.search("ouderraad")).toHaveLength(2);
    expect(node.groups.has(c)).toBe(false);
  });
});

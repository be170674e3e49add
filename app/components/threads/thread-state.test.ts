import { describe, expect, it } from "vitest";
import { applyToMessages, GroupSequencer, mentionsIn, newClientId } from "./thread-state";
import type { MessageDTO } from "../../../models/thread/thread.service";

const ev = (seq: number) => ({ seq });

describe("GroupSequencer", () => {
  it("applies live events once, in order, and fills a gap from the database", async () => {
    const applied: number[] = [];
    const stored = [1, 2, 3, 4, 5, 6].map(ev);
    const asked: number[] = [];
    const s = new GroupSequencer(
      0,
      (e) => applied.push(e.seq),
      async (after) => {
        asked.push(after);
        return stored.filter((e) => e.seq > after);
      },
    );
    s.receive(ev(1));
    s.receive(ev(1));
    s.receive(ev(2));
    s.receive(ev(4)); // gap: 3 missing
    await new Promise((r) => setTimeout(r, 0));
    s.receive(ev(5));
    s.receive(ev(6));
    s.receive(ev(3));
    expect(applied).toEqual([1, 2, 3, 4, 5, 6]);
    expect(asked).toEqual([2]);
  });

  it("catches up on reconnect from the last applied position, and merges overlapping syncs", async () => {
    const applied: number[] = [];
    let calls = 0;
    const s = new GroupSequencer(
      10,
      (e) => applied.push(e.seq),
      async (after) => {
        calls++;
        return [11, 12, 13].filter((n) => n > after).map(ev);
      },
    );
    await Promise.all([s.sync(), s.sync()]);
    expect(applied).toEqual([11, 12, 13]);
    expect(s.lastSeq).toBe(13);
    expect(calls).toBe(2);
  });

  it("does not wait forever for a position the database does not have", async () => {
    const applied: number[] = [];
    const s = new GroupSequencer<{ seq: number }>(
      0,
      (e) => applied.push(e.seq),
      async () => [],
    );
    s.receive(ev(3));
    await new Promise((r) => setTimeout(r, 0));
    expect(applied).toEqual([3]);
  });
});

describe("message list", () => {
  const msg = (id: string, text = "x"): MessageDTO => ({
    id,
    groupId: "g",
    threadId: "t",
    authorId: "u",
    authorName: "U",
    text,
    mentions: [],
    seq: 0,
    createdAt: "",
    editedAt: null,
    deleted: false,
  });
  it("adds a sent message once with the event's seq, edits keep the position", () => {
    let list: MessageDTO[] = [];
    const sent = { groupId: "g", seq: 7, type: "message.sent", at: "", data: { kind: "message.sent" as const, message: msg("m1") } };
    list = applyToMessages(list, sent, "t");
    list = applyToMessages(list, sent, "t");
    expect(list.map((m) => [m.id, m.seq])).toEqual([["m1", 7]]);
    list = applyToMessages(list, { ...sent, seq: 9, data: { kind: "message.deleted", message: { ...msg("m1", ""), deleted: true } } }, "t");
    expect(list[0]).toMatchObject({ seq: 7, deleted: true, text: "" });
    expect(
      applyToMessages(list, { ...sent, seq: 10, data: { kind: "message.sent", message: { ...msg("m2"), threadId: "other" } } }, "t"),
    ).toBe(list);
  });

  it("client ids match the server's pattern; mentions follow the text", () => {
    for (let i = 0; i < 50; i++) expect(newClientId()).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(
      mentionsIn("hoi @An en @Bo", [
        { userId: "1", name: "An" },
        { userId: "2", name: "Bo" },
        { userId: "3", name: "Cy" },
      ]),
    ).toEqual(["1", "2"]);
  });
});

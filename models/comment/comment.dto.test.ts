// The client's rules for a document's comments: events applied once whatever the order of arrival
// (live, catch-up, already in the loader's list), other documents' and other kinds ignored, and
// the newest resolve/reopen in log order deciding the state.
import { describe, expect, it } from "vitest";
import { applyCommentEvent, mergeComments, resolutionOf, type CommentDTO, type CommentEntryDTO, type CommentEvent } from "./comment.dto";
import type { GroupEventDTO } from "../delivery/delivery.service";

const comment = (id: string, docId = "d1"): CommentDTO => ({
  id,
  groupId: "g",
  docId,
  authorId: "u1",
  authorName: "Ann",
  anchorStart: "AA==",
  anchorEnd: "AA==",
  quote: "q",
  body: "b",
  createdAt: "2026-01-01T00:00:00.000Z",
  seq: 0,
  entries: [],
  removed: false,
});
const entry = (id: string, kind: CommentEntryDTO["kind"], commentId = "c1"): CommentEntryDTO => ({
  id,
  commentId,
  docId: "d1",
  kind,
  authorId: "u2",
  authorName: "Bob",
  body: kind === "reply" ? "r" : "",
  at: `2026-01-0${id.length}T00:00:00.000Z`,
  seq: 0,
});
const ev = (seq: number, data: CommentEvent["data"]): GroupEventDTO => ({
  groupId: "g",
  seq,
  type: data.kind,
  data,
  at: "2026-01-01T00:00:00.000Z",
});

describe("applyCommentEvent", () => {
  it("is idempotent, keeps log order, ignores other documents and thread events", () => {
    const events = [
      ev(3, { kind: "comment.created", comment: comment("c1") }),
      ev(4, { kind: "comment.created", comment: comment("cX", "other-doc") }),
      ev(5, { kind: "comment.replied", entry: entry("e1", "reply") }),
      { groupId: "g", seq: 6, type: "message.sent", data: { kind: "message.sent", message: {} }, at: "" },
      ev(8, { kind: "comment.reopened", entry: entry("e333", "reopened") }),
      ev(7, { kind: "comment.resolved", entry: entry("e22", "resolved") }),
    ];
    let list: CommentDTO[] = [];
    for (const e of [...events, ...events]) list = applyCommentEvent(list, e, "d1");
    expect(list.map((c) => c.id)).toEqual(["c1"]);
    expect(list[0].seq).toBe(3);
    expect(list[0].entries.map((e) => [e.id, e.seq])).toEqual([
      ["e1", 5],
      ["e22", 7],
      ["e333", 8],
    ]);
    // Reopened at 8 after resolved at 7: open.
    expect(resolutionOf(list[0])).toBeNull();
    const resolvedLast = applyCommentEvent(list, ev(9, { kind: "comment.resolved", entry: entry("e4444", "resolved") }), "d1");
    expect(resolutionOf(resolvedLast[0])).toEqual({ byId: "u2", byName: "Bob", at: "2026-01-05T00:00:00.000Z" });
  });

  it("mergeComments unites entries of the same comment from two lists", () => {
    const a = [{ ...comment("c1"), seq: 3, entries: [{ ...entry("e1", "reply"), seq: 5 }] }];
    const b = [
      { ...comment("c1"), seq: 3, entries: [{ ...entry("e22", "resolved"), seq: 7 }] },
      { ...comment("c2"), seq: 4 },
    ];
    const merged = mergeComments(a, b);
    expect(merged.map((c) => [c.id, c.entries.map((e) => e.id)])).toEqual([
      ["c1", ["e1", "e22"]],
      ["c2", []],
    ]);
  });
});

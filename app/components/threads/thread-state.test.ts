import { describe, expect, it } from "vitest";
import { applyToMessages, newClientId } from "./thread-state";
import type { MessageDTO } from "../../../models/thread/thread.service";

describe("message list", () => {
  const msg = (id: string, text = "x"): MessageDTO => ({
    id,
    groupId: "g",
    threadId: "t",
    authorId: "u",
    authorName: "U",
    text,
    attachments: [],
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

  it("client ids match the server's pattern", () => {
    for (let i = 0; i < 50; i++) expect(newClientId()).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  });
});

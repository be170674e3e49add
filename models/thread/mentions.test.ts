// The one set of rules for "@Full Name": what the services store and what the composer offers.
import { describe, expect, it } from "vitest";
import { matchMembers, mentionQueryAt, resolveMentions } from "./mentions";

const people = [
  { userId: "an", name: "An" },
  { userId: "anp", name: "An Peeters" },
  { userId: "ans", name: "An  Smets" },
  { userId: "bo", name: "Bo de Wit" },
  { userId: "el", name: "Élise Dubois" },
];
const ids = (text: string) => resolveMentions(text, people).userIds.sort();

describe("resolveMentions", () => {
  it.each([
    ["@An Peeters, kijk", ["anp"]],
    ["@an peeters", ["anp"]],
    ["@An, kijk", ["an"]],
    ["@An Smets en @An Smets", ["ans"]],
    ["@Bo", ["bo"]],
    ["@bo de wit!", ["bo"]],
    ["@élise", ["el"]],
    ["@Élise Dubois", ["el"]],
    ["mail an@An Peeters", []],
    ["@Anna", []],
    ["@An Peetersen", ["an"]],
    ["@", []],
    ["geen vermelding", []],
  ])("%s", (text, expected) => {
    expect(ids(text)).toEqual([...expected].sort());
  });

  it("a first name two members share mentions nobody and gives one hint", () => {
    const two = [
      { userId: "1", name: "An Peeters" },
      { userId: "2", name: "An Smets" },
    ];
    expect(resolveMentions("@An en nog eens @an", two)).toEqual({
      userIds: [],
      hints: [{ typed: "An", names: ["An Peeters", "An Smets"] }],
    });
    const same = [
      { userId: "1", name: "Bo Wit" },
      { userId: "2", name: "Bo Wit" },
    ];
    expect(resolveMentions("@Bo Wit", same)).toEqual({ userIds: [], hints: [{ typed: "Bo Wit", names: ["Bo Wit", "Bo Wit"] }] });
  });
});

describe("completion", () => {
  it("finds the query being typed at the caret", () => {
    expect(mentionQueryAt("hoi @An", 7)).toEqual({ start: 4, query: "An" });
    expect(mentionQueryAt("hoi @An Pe", 10)).toEqual({ start: 4, query: "An Pe" });
    expect(mentionQueryAt("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionQueryAt("mail an@x", 9)).toBeNull();
    expect(mentionQueryAt("@An\nverder", 10)).toBeNull();
    expect(mentionQueryAt("@ An", 4)).toBeNull();
  });

  it("matches the start of the name or of one of its words, full-name matches first", () => {
    expect(matchMembers("an", people).map((p) => p.userId)).toEqual(["an", "anp", "ans"]);
    expect(matchMembers("wi", people).map((p) => p.userId)).toEqual(["bo"]);
    expect(matchMembers("An P", people).map((p) => p.userId)).toEqual(["anp"]);
    expect(matchMembers("", people)).toHaveLength(5);
    expect(matchMembers("x", people)).toEqual([]);
  });
});

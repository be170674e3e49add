import { safeNext } from "./form.server";

describe("safeNext", () => {
  it.each([
    ["/groups/1", "/groups/1"],
    ["/groups/1?x=2#h", "/groups/1?x=2#h"],
    ["/", "/"],
  ])("keeps the same-site path %s", (input, out) => expect(safeNext(input)).toBe(out));

  it.each([
    "//evil.example",
    "/\t/evil.example",
    "/\\evil.example",
    "https://evil.example",
    "javascript:alert(1)",
    "",
    "evil",
    "/%0a/x\n",
    null,
    42,
    { $ne: 1 },
  ])("turns %j into /", (input) => expect(safeNext(input)).toBe("/"));
});

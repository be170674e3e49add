// The node and mark names the update check allows (decision 021) are the editor's schema's: a new
// Tiptap extension that adds a node fails here until content.constants.ts names it too.
import { getSchema } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import { CONTENT_MARK_NAMES, CONTENT_NODE_NAMES } from "../../../models/collab/content.constants";
import { contentExtensions } from "./extensions";

describe("the content bounds' names", () => {
  it("are exactly the editor schema's elements (all but the document and text) and marks", () => {
    const schema = getSchema(contentExtensions());
    const elements = Object.keys(schema.nodes).filter((n) => n !== "doc" && n !== "text");
    expect([...CONTENT_NODE_NAMES].sort()).toEqual(elements.sort());
    expect([...CONTENT_MARK_NAMES].sort()).toEqual(Object.keys(schema.marks).sort());
  });
});

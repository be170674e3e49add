import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { toHtml, toMarkdown } from "./export";
import { CONTENT_FIELD } from "../collab/doc-store";

function sample() {
  const doc = new Y.Doc();
  const frag = doc.getXmlFragment(CONTENT_FIELD);
  const el = (name: string, kids: (Y.XmlElement | Y.XmlText)[], attrs: Record<string, string | number | boolean> = {}) => {
    const e = new Y.XmlElement(name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v as string);
    e.insert(0, kids);
    return e;
  };
  const text = (s: string, attrs?: Record<string, unknown>) => {
    const t = new Y.XmlText();
    t.insert(0, s, attrs);
    return t;
  };
  const mixed = new Y.XmlText();
  mixed.applyDelta([
    { insert: "Plain " },
    { insert: "bold", attributes: { bold: true } },
    { insert: " and " },
    { insert: "a link", attributes: { link: { href: "https://example.test/x" } } },
    { insert: " and " },
    { insert: "bad", attributes: { link: { href: "javascript:alert(1)" } } },
  ]);
  frag.insert(0, [
    el("heading", [text("Casus <script>")], { level: 2 }),
    el("paragraph", [mixed]),
    el("bulletList", [el("listItem", [el("paragraph", [text("one")])]), el("listItem", [el("paragraph", [text("two")])])]),
    el("taskList", [el("taskItem", [el("paragraph", [text("call back")])], { checked: true })]),
    el("blockquote", [el("paragraph", [text("a quote")])]),
  ]);
  return doc;
}

describe("export", () => {
  it("renders Markdown with headings, marks, lists, tasks and quotes; unsafe links are dropped", () => {
    expect(toMarkdown(sample(), "Notes")).toBe(
      `${[
        "# Notes",
        "## Casus \\<script\\>",
        "Plain **bold** and [a link](https://example.test/x) and bad",
        "- one\n- two",
        "- [x] call back",
        "> a quote",
      ].join("\n\n")}\n`,
    );
  });

  it("renders escaped, print-ready HTML", () => {
    const html = toHtml(sample(), "Notes <b>", "nl");
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain("<title>Notes &lt;b&gt;</title>");
    expect(html).toContain("<h2>Casus &lt;script&gt;</h2>");
    expect(html).toContain('<strong>bold</strong> and <a href="https://example.test/x">a link</a> and bad');
    expect(html).toContain("<ul><li><p>one</p></li><li><p>two</p></li></ul>");
    expect(html).toContain('<li><input type="checkbox" disabled checked> <p>call back</p></li>');
    expect(html).not.toContain("javascript:");
    expect(html).not.toContain("<script");
  });
});

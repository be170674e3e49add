// The update check's schema bounds (docs/decisions/021-content-bounds.md), on the worker pool with
// the stored log handed over in memory: what an update adds is checked (depth, names, marks, kinds
// of values), the document's totals are kept across updates, and deleting is always allowed.
import { randomBytes } from "node:crypto";
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { CONTENT_FIELD, plainText } from "./doc-store";
import { MAX_CONTENT_NODES, MAX_NESTING_DEPTH, MAX_TEXT_LENGTH } from "./content.constants";
import { inspectContent } from "./content";
import { markdownBody, htmlOf } from "../document/export";
import { testNode } from "../../test/factories";

type Frag = Y.XmlFragment | Y.XmlElement;

/** A stored document (its state), and a check of an update made by an editor that holds it. */
function storedDocument(build: (frag: Y.XmlFragment) => void = () => undefined) {
  const base = new Y.Doc();
  base.transact(() => build(base.getXmlFragment(CONTENT_FIELD)));
  const state = Y.encodeStateAsUpdate(base);
  const docId = `bounds-${randomBytes(6).toString("hex")}`;
  const readLog = async (fromSeq: number) =>
    fromSeq === 0 ? { snapshot: state, entries: [], seq: 1 } : { snapshot: null, entries: [], seq: fromSeq };
  /** The outcome of checking what `edit` does to the stored document (nothing of it is kept). */
  const check = async (edit: (frag: Y.XmlFragment, doc: Y.Doc) => void) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    const sv = Y.encodeStateVector(doc);
    doc.transact(() => edit(doc.getXmlFragment(CONTENT_FIELD), doc));
    const { outcome, done } = await testNode().collab.checks.check(docId, Y.encodeStateAsUpdate(doc, sv), [CONTENT_FIELD], readLog);
    done(false);
    return "ok" in outcome && !outcome.ok ? outcome.code : "ok";
  };
  return { check };
}

/** `levels` elements nested in one another under `parent`, each inserted into its integrated parent. */
function nest(parent: Frag, levels: number, name = "blockquote"): Y.XmlElement {
  let p = parent;
  for (let i = 0; i < levels; i++) {
    const el = new Y.XmlElement(name);
    p.insert(p.length, [el]);
    p = el;
  }
  return p as Y.XmlElement;
}

const paragraph = (parent: Frag, text: string) => {
  const p = new Y.XmlElement("paragraph");
  parent.insert(parent.length, [p]);
  p.insert(0, [new Y.XmlText(text)]);
  return p;
};

describe("the update check's schema bounds", () => {
  it("refuses nesting deeper than the bound, counted from the top through what is stored", async () => {
    const { check } = storedDocument((f) => nest(f, 10));
    expect(await check((f) => nest(f, MAX_NESTING_DEPTH))).toBe("ok");
    expect(await check((f) => nest(f, MAX_NESTING_DEPTH + 1))).toBe("too_deep");
    // Under the stored 10 levels: 20 more is at the bound, 21 beyond it.
    const under = (f: Y.XmlFragment) => {
      let el = f.get(0) as Y.XmlElement;
      while (el.length > 0) el = el.get(0) as Y.XmlElement;
      return el;
    };
    expect(await check((f) => nest(under(f), MAX_NESTING_DEPTH - 10))).toBe("ok");
    expect(await check((f) => nest(under(f), MAX_NESTING_DEPTH - 9))).toBe("too_deep");
    // Lists in lists, as the editor makes them (list, item, list, item, ...).
    expect(await check((f) => paragraph(nest(f, MAX_NESTING_DEPTH + 1, "bulletList"), "deep"))).toBe("too_deep");
  });

  it("refuses what the editor's schema does not know: elements, marks, other types, plain values, embeds", async () => {
    const { check } = storedDocument((f) => paragraph(f, "hello"));
    const text = (f: Y.XmlFragment) => (f.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    expect(await check((f) => text(f).insert(0, "bold ", { bold: true }))).toBe("ok");
    expect(await check((f) => text(f).insert(0, "link ", { link: { href: "https://x" } }))).toBe("ok");
    expect(await check((f) => text(f).insert(0, "x", { "italic--abcdEFGH": {} }))).toBe("ok"); // y-tiptap's overlapping mark
    expect(await check((f) => (f.get(0) as Y.XmlElement).setAttribute("textAlign", "left"))).toBe("ok");
    expect(await check((f) => f.insert(0, [new Y.XmlElement("script")]))).toBe("unknown_node");
    expect(await check((f) => f.insert(0, [new Y.XmlElement("doc")]))).toBe("unknown_node");
    expect(await check((f) => text(f).insert(0, "x", { onclick: "alert(1)" }))).toBe("unknown_node");
    expect(await check((f) => text(f).insertEmbed(0, { image: "x" }))).toBe("unknown_node");
    expect(await check((f) => f.insert(0, [new Y.XmlHook("hook") as never]))).toBe("unknown_node");
    expect(await check((f) => (f.get(0) as Y.XmlElement).insert(0, [new Y.Map() as never]))).toBe("unknown_node");
    expect(await check((f) => (f.get(0) as Y.XmlElement).insert(0, [42 as never]))).toBe("unknown_node");
    expect(await check((f) => text(f).setAttribute("x", "y"))).toBe("unknown_node");
    expect(await check((f) => (f.get(0) as Y.XmlElement).setAttribute("x", new Y.Map() as never))).toBe("unknown_node");
    // A deletion of a whole unknown subtree is fine; so is one inside a known element.
    expect(await check((f) => f.delete(0, 1))).toBe("ok");
  });

  it("keeps the document's totals: refuses growing past the node or text bound, lets anyone delete", async () => {
    const wide = storedDocument((f) => {
      f.insert(
        0,
        Array.from({ length: MAX_CONTENT_NODES - 10 }, () => new Y.XmlElement("horizontalRule")),
      );
    });
    expect(
      await wide.check((f) =>
        f.insert(
          0,
          Array.from({ length: 10 }, () => new Y.XmlElement("horizontalRule")),
        ),
      ),
    ).toBe("ok");
    expect(
      await wide.check((f) =>
        f.insert(
          0,
          Array.from({ length: 11 }, () => new Y.XmlElement("horizontalRule")),
        ),
      ),
    ).toBe("too_many_nodes");
    // Deleting 100 and adding 50 shrinks it.
    expect(
      await wide.check((f) => {
        f.delete(0, 100);
        f.insert(
          0,
          Array.from({ length: 50 }, () => new Y.XmlElement("horizontalRule")),
        );
      }),
    ).toBe("ok");

    const long = storedDocument((f) => paragraph(f, "a".repeat(MAX_TEXT_LENGTH - 5)));
    const text = (f: Y.XmlFragment) => (f.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    expect(await long.check((f) => text(f).insert(0, "bcdef"))).toBe("ok");
    expect(await long.check((f) => text(f).insert(0, "bcdefg"))).toBe("too_much_text");
    expect(await long.check((f) => f.delete(0, 1))).toBe("ok"); // the paragraph and its text
  });
});

describe("reading a document beyond the bounds", () => {
  it("is bounded and says what it left out (wide, deep, unknown)", () => {
    const doc = new Y.Doc();
    const frag = doc.getXmlFragment(CONTENT_FIELD);
    doc.transact(() => {
      paragraph(frag, "first");
      paragraph(nest(frag, 5000, "blockquote"), "deep");
      frag.insert(frag.length, [new Y.XmlElement("marquee")]);
      const quote = new Y.XmlElement("blockquote");
      frag.insert(frag.length, [quote]);
      quote.insert(
        0,
        Array.from({ length: MAX_CONTENT_NODES }, () => new Y.XmlElement("horizontalRule")),
      );
    });
    expect(inspectContent(frag)).toEqual({ tooDeep: 1, unknown: 1, truncated: true });
    expect(plainText(doc)).toBe("first");
    const md = markdownBody(doc);
    expect(md.startsWith("first")).toBe(true);
    expect(md).not.toContain("deep");
    const { html, left } = htmlOf(doc);
    expect(html.match(/<blockquote>/g)?.length).toBe(MAX_NESTING_DEPTH + 1); // the chain cut at the bound, and the wide one
    expect(html.match(/<hr>/g)?.length).toBeLessThan(MAX_CONTENT_NODES);
    expect(left).toEqual({ tooDeep: 1, unknown: 1, truncated: true });
  });
});

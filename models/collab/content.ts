import * as Y from "yjs";
import {
  CONTENT_MARK_NAMES,
  CONTENT_NODE_NAMES,
  type ContentLeftOut,
  MAX_CONTENT_NODES,
  MAX_NESTING_DEPTH,
  MAX_TEXT_LENGTH,
} from "./content.constants";

// Reading a stored document within the editor's bounds (docs/decisions/021-content-bounds.md).
// A document that got in before the update check (or an old version) may be nested 20,000 deep,
// hold names the editor does not know, or be huge. Every read path takes a node's children through
// a ContentReader: it never goes deeper than MAX_NESTING_DEPTH (so a renderer's recursion is bounded
// by it), skips what the editor does not know, stops after MAX_CONTENT_NODES nodes or
// MAX_TEXT_LENGTH characters, and counts what it left out so the page or export can say so.

export type ContentNode = Y.XmlElement | Y.XmlText;

const KNOWN_NODES: ReadonlySet<string> = new Set(CONTENT_NODE_NAMES);
const KNOWN_MARKS: ReadonlySet<string> = new Set(CONTENT_MARK_NAMES);
/** y-tiptap stores an overlapping mark as "<name>--<8 characters of hash>". */
export const markNameOf = (key: string) => /^(.*)--[a-zA-Z0-9+/=]{8}$/.exec(key)?.[1] ?? key;
export const isKnownMark = (key: string) => KNOWN_MARKS.has(markNameOf(key));

/** Counts what it hands out and what it leaves out; one per read of a document. */
export class ContentReader {
  readonly left: ContentLeftOut = { tooDeep: 0, unknown: 0, truncated: false };
  private nodes = 0;
  private text = 0;

  /**
   * The children of `n` a read path shows, where `depth` is n's depth (the fragment 0, a top-level
   * element 1): text runs, and known elements as long as they are at most MAX_NESTING_DEPTH deep;
   * nothing more once the document's bounds are reached.
   */
  children(n: Y.XmlFragment | Y.XmlElement, depth: number): ContentNode[] {
    const out: ContentNode[] = [];
    if (this.left.truncated) return out;
    for (let item = n._start; item !== null; item = item.right) {
      if (item.deleted || !item.countable) continue;
      const c = item.content instanceof Y.ContentType ? item.content.type : null;
      if (this.nodes >= MAX_CONTENT_NODES || this.text >= MAX_TEXT_LENGTH) {
        this.left.truncated = true;
        break;
      }
      if (c instanceof Y.XmlText) {
        this.nodes++;
        this.text += c.length;
        out.push(c);
      } else if (c instanceof Y.XmlElement && KNOWN_NODES.has(c.nodeName)) {
        if (depth + 1 > MAX_NESTING_DEPTH) this.left.tooDeep++;
        else {
          this.nodes++;
          out.push(c);
        }
      } else this.left.unknown += item.length; // another type, an unknown name, a plain value
    }
    return out;
  }

  /** The fragment's top-level children (depth 1). */
  top(frag: Y.XmlFragment): ContentNode[] {
    return this.children(frag, 0);
  }
}

/**
 * The depth of every node a reader hands out, tracked without recursion: `walk` visits the
 * fragment's readable tree depth first (parents before children), with each node's depth.
 */
export function walkContent(frag: Y.XmlFragment, reader: ContentReader, visit: (n: ContentNode, depth: number) => void) {
  const stack: [ContentNode, number][] = reader
    .top(frag)
    .reverse()
    .map((n) => [n, 1]);
  while (stack.length > 0) {
    const [n, depth] = stack.pop()!;
    visit(n, depth);
    if (n instanceof Y.XmlElement) {
      const kids = reader.children(n, depth);
      for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i], depth + 1]);
    }
  }
}

/** What a read of the document would leave out (nothing: every count zero). One pass, no recursion. */
export function inspectContent(frag: Y.XmlFragment): ContentLeftOut {
  const reader = new ContentReader();
  walkContent(frag, reader, () => undefined);
  return reader.left;
}

/** The text of a run with only the marks the editor knows (an unknown one is dropped, its text kept). */
export function knownDelta(t: Y.XmlText): { insert: unknown; attributes?: Record<string, unknown> }[] {
  return (t.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]).map((d) => {
    if (!d.attributes) return d;
    const attributes = Object.fromEntries(Object.entries(d.attributes).filter(([k]) => isKnownMark(k)));
    return { insert: d.insert, attributes };
  });
}

/**
 * Copies what a reader shows of `source` to the end of `target` (an empty fragment of another
 * document, inside a transaction), level by level: each element is inserted into its integrated
 * parent before its children, so Yjs never integrates a nested tree recursively (and the reader
 * bounds the depth anyway). Y.XmlElement.clone() would recurse without bound.
 */
export function copyContentInto(source: Y.XmlFragment, target: Y.XmlFragment, reader = new ContentReader()) {
  const stack: [ContentNode, Y.XmlFragment | Y.XmlElement, number][] = reader
    .top(source)
    .reverse()
    .map((n) => [n, target, 1]);
  while (stack.length > 0) {
    const [n, parent, depth] = stack.pop()!;
    if (n instanceof Y.XmlText) {
      const t = new Y.XmlText();
      parent.insert(parent.length, [t]);
      t.applyDelta(knownDelta(n).filter((d) => typeof d.insert === "string"));
      continue;
    }
    const el = new Y.XmlElement(n.nodeName);
    parent.insert(parent.length, [el]);
    for (const [k, v] of Object.entries(n.getAttributes())) el.setAttribute(k, v as string);
    const kids = reader.children(n, depth);
    for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i], el, depth + 1]);
  }
  return reader.left;
}

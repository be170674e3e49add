import * as Y from "yjs";
import { CONTENT_FIELD } from "../collab/doc-store";
import { ContentReader } from "../collab/content";

// A comment's anchor: two Yjs relative positions (encoded with Y.encodeRelativePosition, sent as
// base64) inside the document's "default" XmlFragment. The browser makes them from a ProseMirror
// selection with @tiptap/y-tiptap's absolutePositionToRelativePosition (a position inside a
// paragraph's Y.XmlText, tied to the character before it), so they follow the text as others
// edit. Here the server resolves them against the stored Y.Doc without a ProseMirror schema:
// offsets into the document's plain text (blocks separated by "\n"). docs/decisions/008.

export interface ResolvedAnchor {
  from: number;
  to: number;
  /** The text between the two positions now ("" when all of it was deleted). */
  text: string;
}

const fromBase64 = (s: string) => new Uint8Array(Buffer.from(s, "base64"));

/** Decodes one encoded relative position; null when it is not one. */
export function decodeAnchorPosition(b64: string): Y.RelativePosition | null {
  try {
    const bytes = fromBase64(b64);
    if (bytes.byteLength === 0) return null;
    const rpos = Y.decodeRelativePosition(bytes);
    // The encoding has no checksum: a round trip must give the same bytes, or it was not one.
    return Buffer.from(Y.encodeRelativePosition(rpos)).equals(Buffer.from(bytes)) ? rpos : null;
  } catch {
    return null;
  }
}

/** The document as plain text, and where each Yjs type starts in it (within the editor's bounds:
 *  the reader bounds the recursion; a position in what it leaves out resolves to nothing). */
function linearise(frag: Y.XmlFragment) {
  let text = "";
  const textStart = new Map<Y.AbstractType<unknown>, number>();
  const childStarts = new Map<Y.AbstractType<unknown>, number[]>();
  const reader = new ContentReader();
  const walk = (node: Y.XmlFragment | Y.XmlElement | Y.XmlText, depth: number) => {
    if (node instanceof Y.XmlText) {
      textStart.set(node as Y.AbstractType<unknown>, text.length);
      // An embed counts one in Yjs' index: keep the offsets aligned with a placeholder.
      text += node
        .toDelta()
        .map((d: { insert: unknown }) => (typeof d.insert === "string" ? d.insert : "\uFFFC"))
        .join("");
      return;
    }
    const children = reader.children(node, depth);
    const starts: number[] = [];
    for (const c of children) {
      starts.push(text.length);
      walk(c, depth + 1);
    }
    starts.push(text.length);
    childStarts.set(node as Y.AbstractType<unknown>, starts);
    if (children.some((c) => c instanceof Y.XmlText) && !text.endsWith("\n")) text += "\n";
  };
  walk(frag, 0);
  return { text, textStart, childStarts };
}

/** Is `type` the fragment or inside it, with no deleted ancestor? */
function liveInside(type: Y.AbstractType<unknown>, frag: Y.XmlFragment): boolean {
  for (let t: Y.AbstractType<unknown> | null = type; t; t = t._item ? (t._item.parent as Y.AbstractType<unknown>) : null) {
    if ((t as unknown) === frag) return true;
    if (t._item?.deleted) return false;
  }
  return false;
}

/**
 * Where an anchor is in the document now, or null when a position does not belong to this
 * document's content (another document's, a malformed one, or one the stored state lacks).
 * A range whose text was deleted entirely comes back collapsed (from === to, text "").
 */
export function resolveAnchor(ydoc: Y.Doc, anchor: { start: string; end: string }): ResolvedAnchor | null {
  const frag = ydoc.getXmlFragment(CONTENT_FIELD);
  const { text, textStart, childStarts } = linearise(frag);
  const offset = (b64: string): number | "gone" | null => {
    const rpos = decodeAnchorPosition(b64);
    if (!rpos) return null;
    let abs: Y.AbsolutePosition | null;
    try {
      abs = Y.createAbsolutePositionFromRelativePosition(rpos, ydoc);
    } catch {
      return null;
    }
    if (!abs) return null;
    const type = abs.type as Y.AbstractType<unknown>;
    const ts = textStart.get(type);
    if (ts !== undefined) return ts + abs.index;
    const starts = childStarts.get(type);
    if (starts) return starts[Math.min(abs.index, starts.length - 1)];
    // A position in a paragraph someone deleted: its text is gone.
    if (!liveInside(type, frag)) {
      let t: Y.AbstractType<unknown> | null = type;
      while (t?._item) t = t._item.parent as Y.AbstractType<unknown>;
      return t === (frag as unknown) ? "gone" : null;
    }
    return null;
  };
  const a = offset(anchor.start);
  const b = offset(anchor.end);
  if (a === null || b === null) return null;
  if (a === "gone" && b === "gone") return { from: 0, to: 0, text: "" };
  const from = a === "gone" ? (b as number) : a;
  const to = b === "gone" ? from : Math.max(b, from);
  return { from, to, text: text.slice(from, to) };
}

/** The quote shown with a comment: the anchored text on one line, at most `max` characters. */
export function quoteOf(text: string, max = 300): string {
  const oneLine = text
    .replace(/\uFFFC/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

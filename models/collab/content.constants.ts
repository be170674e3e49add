import type { MessageKey, Vars } from "../i18n/i18n";

// What the editor's schema can produce (docs/decisions/021-content-bounds.md): the node and mark
// names of the Tiptap extensions the app uses (app/components/docs/extensions.ts; its test keeps
// these lists equal to the schema's) and generous bounds on a document's shape. The update check
// refuses an update whose result breaks them (models/collab/update-check.worker.mjs); every read
// path shows what lies within them and says what it left out (models/collab/content.ts).

/** The element names (ProseMirror node types stored as Y.XmlElement) the editor knows; "doc" is the
 *  fragment itself and "text" is Y.XmlText. */
export const CONTENT_NODE_NAMES = [
  "paragraph",
  "heading",
  "blockquote",
  "codeBlock",
  "horizontalRule",
  "hardBreak",
  "bulletList",
  "orderedList",
  "listItem",
  "taskList",
  "taskItem",
] as const;

/** The mark names (formatting attributes of Y.XmlText; y-tiptap may add "--<hash>" to a name). */
export const CONTENT_MARK_NAMES = ["bold", "italic", "strike", "underline", "code", "link"] as const;

/** Most element levels on one path from the top (a paragraph at the top is 1; a paragraph in a list
 *  item of a top-level list is 3). 14 levels of lists in lists, far beyond what anyone writes. */
export const MAX_NESTING_DEPTH = 30;

/** Most nodes (elements and text runs) in one document: a 2,000-paragraph document has about 4,000. */
export const MAX_CONTENT_NODES = 100_000;

/** Most characters of text in one document (UTF-16 units, as Yjs counts): about 500 pages. */
export const MAX_TEXT_LENGTH = 1_000_000;

/** What a read path left out of a document that breaks the bounds (all zero/false: nothing). */
export interface ContentLeftOut {
  /** Elements not shown because they lie deeper than MAX_NESTING_DEPTH (each with what is inside). */
  tooDeep: number;
  /** Elements (or other values) the editor does not know, not shown, with what is inside them. */
  unknown: number;
  /** The document is longer than MAX_CONTENT_NODES or MAX_TEXT_LENGTH: the rest is not shown. */
  truncated: boolean;
}

/** Did a read leave anything out? */
export const leftAnythingOut = (l: ContentLeftOut) => l.tooDeep > 0 || l.unknown > 0 || l.truncated;

/** The texts (catalogue keys and values) that say what a read left out, in a fixed order. */
export function leftOutTexts(l: ContentLeftOut): [MessageKey, Vars][] {
  const out: [MessageKey, Vars][] = [];
  if (l.tooDeep > 0) out.push(["content.leftOut.deep", { max: MAX_NESTING_DEPTH }]);
  if (l.unknown > 0) out.push(["content.leftOut.unknown", { n: l.unknown }]);
  if (l.truncated) out.push(["content.leftOut.size", {}]);
  return out;
}

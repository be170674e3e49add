import * as Y from "yjs";
import { CONTENT_FIELD } from "./doc-store";

/** A block of a generated document: a heading, a paragraph or a bullet list. */
export type Block = { h: string } | { p: string } | { ul: string[] };

const para = (text: string) => {
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [new Y.XmlText(text)]);
  return p;
};

/** One block as the Tiptap editor stores it in Yjs. */
export function blockNode(b: Block): Y.XmlElement {
  if ("h" in b) {
    const h = new Y.XmlElement("heading");
    h.setAttribute("level", 2 as never);
    h.insert(0, [new Y.XmlText(b.h)]);
    return h;
  }
  if ("p" in b) return para(b.p);
  const ul = new Y.XmlElement("bulletList");
  ul.insert(
    0,
    b.ul.map((text) => {
      const li = new Y.XmlElement("listItem");
      li.insert(0, [para(text)]);
      return li;
    }),
  );
  return ul;
}

/** A whole document of `blocks`, as one Yjs update. */
export function blocksToContent(blocks: Block[]): Uint8Array {
  const ydoc = new Y.Doc();
  ydoc.getXmlFragment(CONTENT_FIELD).insert(0, blocks.map(blockNode));
  const update = Y.encodeStateAsUpdate(ydoc);
  ydoc.destroy();
  return update;
}

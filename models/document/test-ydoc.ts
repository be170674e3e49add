// Test helpers: Yjs documents shaped like Tiptap's (paragraphs of text in the "default" fragment).
import * as Y from "yjs";
import { CONTENT_FIELD, plainText } from "./doc-store";

/** A Y.Doc whose updates (one per transaction) are collected in `updates`. */
export function editor(clientID?: number) {
  const doc = new Y.Doc();
  if (clientID !== undefined) doc.clientID = clientID;
  const updates: Uint8Array[] = [];
  doc.on("update", (u: Uint8Array, origin: unknown) => {
    if (origin !== "remote") updates.push(u);
  });
  const frag = doc.getXmlFragment(CONTENT_FIELD);
  return {
    doc,
    updates,
    /** Appends a paragraph with `text`. */
    paragraph(text: string) {
      const p = new Y.XmlElement("paragraph");
      const t = new Y.XmlText();
      t.insert(0, text);
      p.insert(0, [t]);
      frag.insert(frag.length, [p]);
    },
    /** Types `text` at `index` of the first paragraph (creating it when missing). */
    type(text: string, index = 0) {
      if (frag.length === 0) this.paragraph("");
      const t = (frag.get(0) as Y.XmlElement).get(0) as Y.XmlText;
      t.insert(Math.min(index, t.length), text);
    },
    apply(update: Uint8Array) {
      Y.applyUpdate(doc, update, "remote");
    },
    text: () => plainText(doc),
    /** Everything since the last call, merged into one batch. */
    takeBatch(): Uint8Array | null {
      if (updates.length === 0) return null;
      const batch = Y.mergeUpdates(updates.splice(0));
      return batch;
    },
  };
}

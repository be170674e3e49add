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

/**
 * A hostile-slow update that is valid Yjs: each of `count` clients (ids from `firstClient` up)
 * inserts one empty text at the very start of the document. Alone it applies quickly; applied
 * after many such items from lower client ids, every item's conflict resolution walks past all
 * of them (Yjs/YATA), so the apply is quadratic: 3,000 stored + 6,000 here take seconds.
 * Built by hand (one template block per client id), since merging thousands of updates is slow.
 */
export function startInserts(firstClient: number, count: number): Uint8Array {
  const one = new Y.Doc();
  one.clientID = 1;
  one.getXmlFragment(CONTENT_FIELD).insert(0, [new Y.XmlText()]);
  const u = Y.encodeStateAsUpdate(one);
  // [clients=1] [structs=1] [client=1] [clock=0] ...rest [deletes=0]
  const rest = u.subarray(4, u.length - 1);
  const out: number[] = [];
  const varuint = (n: number) => {
    while (n > 127) {
      out.push((n & 127) | 128);
      n = Math.floor(n / 128);
    }
    out.push(n);
  };
  varuint(count);
  for (let c = firstClient; c < firstClient + count; c++) {
    varuint(1);
    varuint(c);
    varuint(0);
    for (const b of rest) out.push(b);
  }
  out.push(0);
  return Uint8Array.from(out);
}

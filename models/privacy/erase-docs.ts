// Erasure (decision 064): co-edited documents rewritten so that deleted text survives nowhere. A Yjs
// document keeps what was typed and deleted in its update log, and its snapshots and versions keep
// the structure of everything ever typed; the rewrite replaces all of them by fresh documents that
// hold only the content visible at that state (copyContent: no history, no deleted text, no client ids).
import * as Y from "yjs";
import { indexDocument } from "../search/indexing"; // search (decision 086)
import { copyContent, type DocStore, plainText } from "../collab/doc-store";
import { CollabDocument, DocSnapshot, DocUpdate, DocVersion } from "../document/document.model";
import type { Publisher } from "../shared/context";
import { isDuplicateKey } from "../shared/duplicate-key";
import { oid } from "../shared/oid";

/** A stored version's state as a fresh document of its visible content. */
function freshOf(state: Uint8Array): Buffer {
  const ydoc = new Y.Doc();
  try {
    Y.applyUpdate(ydoc, state);
    return Buffer.from(copyContent(ydoc).update);
  } finally {
    ydoc.destroy();
  }
}

const bytesOf = (d: unknown) => (Buffer.isBuffer(d) ? d : Buffer.from((d as { buffer: Uint8Array }).buffer));

/**
 * Rewrites one document: its log and every snapshot become one fresh snapshot of the current content,
 * and every version a fresh copy of its own content. Serialised with live editors by compaction's slot
 * claim (decision 007): the fresh state takes the next snapshot slot by a unique insert, covering every
 * entry stored up to then; an entry stored meanwhile is folded in by claiming the slot after it. An
 * update sent afterwards from an editor's old state builds on items the fresh document lacks and is
 * refused by the update check, so nothing acknowledged is lost; open editors are told to reload
 * (publisher.docRewritten, which also makes every node forget its cached copy).
 */
export async function rewriteDocument(store: DocStore, publisher: Publisher, groupId: string, docId: string) {
  const old = new Y.Doc();
  try {
    let { seq, slot } = await applyAll(store, old, docId, 0);
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        await DocSnapshot.create({
          _id: `${docId}:${slot + 1}`,
          docId: oid(docId),
          slot: slot + 1,
          seq,
          state: Buffer.from(copyContent(old).update),
          lastEditorId: null,
        });
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
        ({ seq, slot } = await applyAll(store, old, docId, seq)); // a compaction took it: fold in what it holds
        continue;
      }
      slot += 1;
      // Entries stored between the read and the claim built on the old state: fold them in, again.
      const after = await DocUpdate.find({ docId: oid(docId), seq: { $gt: seq } }, { seq: 1, update: 1 })
        .sort({ seq: 1 })
        .lean();
      if (after.length > 0) {
        for (const e of after) Y.applyUpdate(old, bytesOf(e.update));
        seq = after[after.length - 1].seq;
        continue;
      }
      break;
    }
    // Everything older goes: the log up to the fresh slot, and the older slots' states and editors.
    await DocUpdate.deleteMany({ docId: oid(docId), seq: { $lte: seq } });
    await DocSnapshot.updateMany({ docId: oid(docId), slot: { $lt: slot } }, { $unset: { state: "" }, $set: { lastEditorId: null } });
    for (const v of await DocVersion.find({ docId: oid(docId) }, { state: 1 }).lean())
      await DocVersion.updateOne({ _id: v._id }, { $set: { state: freshOf(bytesOf(v.state)) } });
    // The search text too (compaction's textPreview held the text as it was then).
    await CollabDocument.updateOne({ _id: oid(docId) }, { $set: { textPreview: plainText(old).slice(0, 100_000), lastEditorId: null } });
    await indexDocument(store, docId, plainText(old)); // search (decision 086)
    store.forget(docId);
    publisher.docRewritten(groupId, docId);
  } finally {
    old.destroy();
  }
}

/** Applies to `ydoc` what is stored after `fromSeq` (the newest snapshot beyond it and the log after it). */
async function applyAll(store: DocStore, ydoc: Y.Doc, docId: string, fromSeq: number) {
  const read = await store.readLogSince(docId, fromSeq);
  if (read.snapshot) Y.applyUpdate(ydoc, read.snapshot);
  for (const e of read.entries) Y.applyUpdate(ydoc, e);
  return { seq: read.seq, slot: read.slot };
}

import { isDuplicateKey } from "../shared/duplicate-key";
import * as Y from "yjs";
import { DocEditMark, DocVersion } from "./document.model";
import { oid } from "../shared/oid";
import type { ServiceContext } from "../shared/context";

// What versions are made of (docs/decisions/009-versions-and-charter.md): a document's state kept as
// a DocVersion, and who edited when (DocEditMark). Written by the co-editing (an automatic version
// when an editing session starts, a mark per editor and minute) and by the version use cases.

/**
 * Stores the document's current state as a version. An automatic one is skipped when the document
 * is empty or the newest version already holds this state; its key (derived from what every node
 * reads alike) makes a second node's attempt a duplicate, stored once. Null when nothing was stored.
 */
export async function saveVersion(
  ctx: ServiceContext,
  docId: unknown,
  opts: { auto: boolean; key: string; name?: string; at?: Date; charterVersion?: number },
) {
  const { ydoc, seq } = await ctx.node.collab.store.loadYDoc(String(docId));
  try {
    if (opts.auto) {
      const newest = await DocVersion.findOne({ docId }, { seq: 1 }).sort({ seq: -1 }).lean();
      if (seq === 0 || (newest && newest.seq >= seq)) return null;
    }
    return await DocVersion.create({
      docId,
      key: opts.key,
      auto: opts.auto,
      name: opts.name ?? "",
      charterVersion: opts.charterVersion ?? 0,
      seq,
      state: Buffer.from(Y.encodeStateAsUpdate(ydoc)),
      createdBy: oid(ctx.actor.id),
      at: opts.at ?? new Date(),
    });
  } catch (e) {
    if (opts.auto && isDuplicateKey(e)) return null; // another node stored this session's version
    throw e;
  } finally {
    ydoc.destroy();
  }
}

/**
 * Notes that the actor stored a change in this minute: at most one insert per editor, document and
 * minute (per node; a second node's insert is a duplicate). True when this call stored the mark.
 */
export async function markEditor(ctx: ServiceContext, docId: string, now: number): Promise<boolean> {
  const { marked } = ctx.node.collab;
  const actorId = ctx.actor.id;
  const minute = Math.floor(now / 60_000);
  const key = `${docId}:${actorId}:${minute}`;
  if (marked.has(key)) return false;
  if (marked.size > 10_000) marked.clear();
  let stored = true;
  try {
    await DocEditMark.create({ docId: oid(docId), actorId: oid(actorId), minute, at: new Date(now) });
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    stored = false;
  }
  marked.add(key);
  return stored;
}

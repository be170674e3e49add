import { randomBytes } from "node:crypto";
import { indexDocument, indexDocumentSoon } from "../search/indexing"; // search (decision 085)
import * as Y from "yjs";
import { CollabDocument, DocSnapshot, DocUpdate } from "./document.model";
import { BOARD_ROOTS, CONTENT_FIELD, type StoredUpdate, bytes, plainText } from "../collab/doc-store";
import { copyContentInto } from "../collab/content";
import type { QuietPeriod, WaitingBatch } from "../collab/collab-node";
import type { PartInput } from "../collab/update-parts";
import type { NodeState } from "../node";
import { loadCollabDocFor, type CollabLoaded } from "./document.service";
import { markEditor, saveVersion } from "./version-store";
import { DomainError } from "../shared/errors";
import { oid } from "../shared/oid";
import type { NodeContext, ServiceContext } from "../shared/context";

// Live collaboration on a document's content (docs/decisions/007-collab-sync.md): what a joining
// editor lacks, each incoming batch checked and stored (with the automatic version of a new
// editing session and who edited when, decision 009), compaction, and content replaced as one
// batch (a restore, the charter's text path). The log itself is models/collab/doc-store.ts.

/** A log this long after the newest snapshot is compacted (in the background), checked after every
 *  append and at every open, so no document opens from many more entries whatever was missed (decision 060). */
export const COMPACT_EVERY = 200;
/** A change after this long without one starts a new editing session, and the state before it becomes an automatic version. */
export const SESSION_IDLE_MS = 10 * 60_000;
/** The document's "last edited" is rewritten at most this often per document and node (not once per batch). */
const META_REFRESH_MS = 10_000;

export interface DocStateDTO {
  /** What the client lacks, as one Yjs update. */
  update: Uint8Array;
  /** The server's state vector: the client sends what this lacks (its offline edits). */
  stateVector: Uint8Array;
  seq: number;
  canWrite: boolean;
}

/** What a joining client lacks, given its state vector. */
export async function loadDocState(
  ctx: ServiceContext,
  input: { groupId: string; docId: string; stateVector: Uint8Array },
): Promise<DocStateDTO> {
  const { doc, canWrite } = await loadCollabDocFor(ctx, input.groupId, input.docId, "read");
  const docId = String(doc._id);
  const { store } = ctx.node.collab;
  store.noteSnapshot(docId, { slot: doc.snapshotSlot ?? 0, seq: doc.snapshotSeq ?? 0 });
  const state = await store.readDocState(docId, input.stateVector);
  compactIfLong(ctx, docId);
  return { ...state, canWrite };
}

/** Compacts the document in the background when this node knows its log to be COMPACT_EVERY entries
 *  or more past the newest snapshot (one compaction per document and node at a time). */
function compactIfLong(ctx: NodeContext, docId: string) {
  const { store, compacting } = ctx.node.collab;
  if (store.knownLogLength(docId) < COMPACT_EVERY || compacting.has(docId)) return;
  compacting.add(docId);
  void compactDocument(ctx, docId, COMPACT_EVERY)
    .catch((e) => ctx.node.log.warn({ err: e, docId }, "compaction failed"))
    .finally(() => compacting.delete(docId));
}

/**
 * Starts a quiet period for a document's "last edited" on this node: when it ends, the newest edit
 * made meanwhile (`due`, if any) is written and another period starts; without one it just ends.
 */
function quietPeriod(node: NodeState, key: string, id: unknown, ms: number, due: QuietPeriod["due"]) {
  const { touching } = node.collab;
  const timer = setTimeout(() => {
    const period = touching.get(key);
    if (period?.timer !== timer) return;
    if (!period.due) return void touching.delete(key);
    const { actorId, at } = period.due;
    CollabDocument.updateOne({ _id: id }, { $set: { updatedAt: at, lastEditorId: oid(actorId) } }).catch(() => undefined);
    quietPeriod(node, key, id, META_REFRESH_MS, null);
  }, ms);
  timer.unref();
  touching.set(key, { due, timer });
}

/**
 * Records who edited a document last and when, with at most one write per document per
 * META_REFRESH_MS on this node: an edit outside a quiet period is written at once, edits inside
 * one are written (the newest) when it ends, so co-editors taking turns do not cost a write per
 * batch. Metadata only: a trailing write lost with its node is corrected by the next edit or
 * compaction.
 */
async function touchDocument(node: NodeState, doc: { _id: unknown; updatedAt: Date; lastEditorId?: unknown }, actorId: string) {
  const key = String(doc._id);
  const period = node.collab.touching.get(key);
  if (period) {
    period.due = { actorId, at: new Date() };
    return;
  }
  const age = Date.now() - doc.updatedAt.getTime();
  if (age > META_REFRESH_MS) {
    quietPeriod(node, key, doc._id, META_REFRESH_MS, null);
    await CollabDocument.updateOne({ _id: doc._id }, { $set: { updatedAt: new Date(), lastEditorId: oid(actorId) } });
  } else if (String(doc.lastEditorId) !== actorId) {
    quietPeriod(node, key, doc._id, META_REFRESH_MS - age, { actorId, at: new Date() });
  }
}

/** How long a connection's "write" decision for a document is reused (decision 014). */
export const WRITE_DECISION_REUSE_MS = 1000;

/**
 * The policy's "write" decision for a batch. Through a connection (the socket door) that has the
 * document open, the policy's inputs come from the node's access cache (decision 058: no read while
 * the node is fresh and nothing about the group's, or the moment scope's, access changed), and the
 * decision with the document's record is reused for at most WRITE_DECISION_REUSE_MS (decision 014).
 * A removal (or a seat that moved: publisher.leaveBoard) closes the document on every node at once
 * and invalidates the caches, so a removed member's next batch is decided afresh from the database
 * and refused. Without a connection (a form) it is decided afresh every time.
 */
async function decideWrite(ctx: ServiceContext, groupId: string, docId: string): Promise<CollabLoaded> {
  const { connection } = ctx;
  if (!connection) return loadCollabDocFor(ctx, groupId, docId, "write");
  const { decisions } = ctx.node.collab;
  const key = `${groupId}:${docId}`;
  const open = connection.hasDocOpen(groupId, docId);
  const held = decisions.get(connection.id)?.get(key);
  if (held && Date.now() - held.at < WRITE_DECISION_REUSE_MS && open) return held.loaded;
  decisions.get(connection.id)?.delete(key);
  // Not open (never joined, or closed by a removal): no cache, the policy reads afresh.
  const loaded = await loadCollabDocFor(ctx, groupId, docId, "write", open);
  // Kept only for a connection the policy let open the document (a closed one has none open).
  if (connection.hasDocOpen(groupId, docId)) {
    let mine = decisions.get(connection.id);
    if (!mine) {
      mine = new Map();
      decisions.set(connection.id, mine);
      connection.onClose(() => decisions.delete(connection.id));
    }
    mine.set(key, { loaded, at: Date.now() });
  }
  return loaded;
}

/**
 * One client batch: authorised, size-checked, decoded and applied to a scratch copy, then stored.
 * Returns its position once stored, and publishes it as `doc:updated` to everyone who has the
 * document open on any node except the connection it came through (the caller acknowledges after
 * this); the other nodes are told of the stored entry (publisher.docStored). A resent batch that
 * the stored document holds already is not stored again (position 0), but published again: its
 * first attempt may have been stored by a node that died before publishing it (Yjs ignores what a
 * peer has; clients skip position 0 in their position tracking).
 */
export async function applyDocUpdate(
  ctx: ServiceContext,
  input: { groupId: string; docId: string; clientId: string; update: Uint8Array; seen?: number },
): Promise<StoredUpdate> {
  const { doc } = await decideWrite(ctx, input.groupId, input.docId);
  if (doc.archived) throw new DomainError("conflict");
  const docId = String(doc._id);
  // The first change after an idle gap starts a new editing session: keep the state before it.
  if (Date.now() - doc.updatedAt.getTime() >= SESSION_IDLE_MS)
    await saveVersion(ctx, doc._id, { auto: true, key: `auto-${doc.updatedAt.getTime()}`, at: doc.updatedAt });
  const { store } = ctx.node.collab;
  const roots = doc.kind === "board" ? BOARD_ROOTS : undefined; // a board's cards (decision 073)
  const { changed, done } = await store.checkUpdateAgainst(docId, input.update, input.seen, roots);
  // A resend whose first attempt was stored: acknowledged, not stored again (position 0: no new one).
  if (!changed) return published(ctx, input, { seq: 0, created: false });
  let stored: StoredUpdate & { entry?: Uint8Array };
  try {
    stored = await appendCoalesced(ctx.node, docId, { actorId: ctx.actor.id, clientId: input.clientId, update: input.update });
  } catch (e) {
    done(false);
    throw e;
  }
  done(true);
  const now = Date.now();
  // A new edit mark (once per editor and minute) refreshes "last edited" at once, so every mark is
  // at or before the document's updatedAt, which an automatic version takes as its time (who edited
  // when stays consistent); otherwise "last edited" follows at most every few seconds.
  if (await markEditor(ctx, docId, now)) {
    await CollabDocument.updateOne({ _id: doc._id }, { $set: { updatedAt: new Date(now), lastEditorId: oid(ctx.actor.id) } });
  } else {
    await touchDocument(ctx.node, doc, ctx.actor.id);
  }
  compactIfLong(ctx, docId);
  indexDocumentSoon(ctx, docId); // search reads the text once the edits pause (decision 085)
  return published(ctx, input, stored);
}

/**
 * Stores a checked batch: at once when no append of the document is in flight on this node, else
 * together with every batch that arrives meanwhile, as one entry when that append is done (one
 * insert for all of them; decision 060). Each batch resolves with the entry's position; exactly one
 * of them also gets the entry itself (`entry`), to announce it to the other nodes once.
 */
function appendCoalesced(node: NodeState, docId: string, batch: Omit<WaitingBatch, "resolve" | "reject">) {
  const { appending, store } = node.collab;
  return new Promise<StoredUpdate & { entry?: Uint8Array }>((resolve, reject) => {
    const waiting = appending.get(docId);
    if (waiting) return void waiting.push({ ...batch, resolve, reject });
    appending.set(docId, []);
    void (async () => {
      for (let group: WaitingBatch[] = [{ ...batch, resolve, reject }]; group.length > 0; ) {
        const update = group.length === 1 ? group[0].update : Y.mergeUpdates(group.map((b) => b.update));
        const last = group[group.length - 1];
        try {
          const stored = await store.appendUpdate({ docId, actorId: last.actorId, clientId: last.clientId, update });
          for (const [i, b] of group.entries()) b.resolve(i === 0 ? { ...stored, entry: update } : stored);
        } catch (e) {
          for (const b of group) b.reject(e);
        }
        group = appending.get(docId) ?? [];
        appending.set(docId, []);
      }
      appending.delete(docId);
    })();
  });
}

/**
 * Publishes what applyDocUpdate stored (or found stored) and returns its position. A stored entry
 * is published once, whole (the batch, or every batch stored with it: a client that holds a
 * position holds all of it), by the batch that carries it, to the other nodes and to everyone
 * with the document open: but its sender when it holds that batch alone; the senders of an entry
 * of several batches get theirs back with the others' (Yjs ignores what it has). The other batches
 * of that entry publish nothing. A resend is published again.
 */
function published(
  ctx: ServiceContext,
  input: { groupId: string; docId: string; update: Uint8Array },
  stored: StoredUpdate & { entry?: Uint8Array },
) {
  const update = stored.entry ?? input.update;
  if (stored.created && !stored.entry) return { seq: stored.seq, created: true }; // published with its entry
  if (stored.created) ctx.publisher.docStored(input.docId, stored.seq, update);
  const except = update === input.update ? ctx.connection?.id : undefined;
  ctx.publisher.toDoc(input.groupId, input.docId, "doc:updated", { docId: input.docId, update, seq: stored.seq }, except);
  return { seq: stored.seq, created: stored.created };
}

/**
 * One part of a batch above one frame (docs/decisions/011-update-limits.md), through a connection
 * (only the socket door sends parts). Every part passes the policy (an outsider is refused like a
 * missing group and leaves nothing on the node); the node holds the parts until the last, whose
 * whole is then stored like any batch. Returns the part the client should send next, or the
 * position of the stored whole.
 */
export async function applyDocUpdatePart(ctx: ServiceContext, input: PartInput): Promise<{ next: number } | { seq: number }> {
  const { connection } = ctx;
  if (!connection) throw new Error("a batch in parts comes through a connection");
  await decideWrite(ctx, input.groupId, input.docId);
  const received = ctx.node.collab.parts.receive(connection, ctx.actor.id, input);
  if ("next" in received) return received;
  const { groupId, docId, clientId } = input;
  const { seq } = await applyDocUpdate(ctx, { groupId, docId, clientId, update: received.update });
  return { seq };
}

/**
 * Merges the document's log into a new snapshot and deletes only the entries it includes; an
 * update appended while it runs survives. Also refreshes the text used for search.
 */
export async function compactDocument(ctx: NodeContext, docId: string, minEntries = 1): Promise<{ seq: number }> {
  const { seq, ydoc, lastEditorId, slot, compacted } = await ctx.node.collab.store.compactLog(docId, minEntries);
  if (!compacted && minEntries > 1) {
    ydoc.destroy(); // another node compacted it meanwhile: nothing to refresh
    return { seq };
  }
  const set: Record<string, unknown> = { textPreview: plainText(ydoc).slice(0, 100_000), snapshotSlot: slot, snapshotSeq: seq };
  if (lastEditorId) set.lastEditorId = lastEditorId; // the log's last author (a trailing "last edited" may still be due)
  await CollabDocument.updateOne({ _id: oid(docId) }, { $set: set });
  await indexDocument(ctx.node.collab.store, docId, set.textPreview as string); // search (decision 085)
  ydoc.destroy();
  return { seq };
}

/** The document's plain text as MongoDB holds it now (export, search, tests). */
export async function documentText(ctx: NodeContext, docId: string): Promise<string> {
  const { ydoc } = await ctx.node.collab.store.loadYDoc(docId);
  const text = plainText(ydoc);
  ydoc.destroy();
  return text;
}

/** Bytes MongoDB holds for a document's content (snapshot + log). */
export async function storedBytes(docId: string): Promise<number> {
  const [snaps, entries] = await Promise.all([
    DocSnapshot.find({ docId: oid(docId) }, { state: 1 }).lean(),
    DocUpdate.find({ docId: oid(docId) }, { update: 1 }).lean(),
  ]);
  return [...snaps.filter((s) => s.state).map((s) => bytes(s.state).byteLength), ...entries.map((e) => bytes(e.update).byteLength)].reduce(
    (a, b) => a + b,
    0,
  );
}

/** A delete Yjs does in one go recurses through everything below the deleted node (and so does its
 *  garbage collection, on every node and browser that applies it): at most this many levels each. */
const DELETE_LEVELS = 500;

/**
 * The updates that delete, deepest first, every node of the content that is deeper than
 * DELETE_LEVELS (a document that got in before the update check: docs/decisions/021): each deletes
 * the nodes at one multiple of DELETE_LEVELS, whose subtrees are then at most that deep, so no
 * update's delete recurses further. Walks the tree with its own stack. None for an ordinary document.
 */
function deepDeletes(ydoc: Y.Doc): Uint8Array[] {
  const levels = new Map<number, Y.Item[]>();
  const stack: [Y.AbstractType<unknown>, number][] = [[ydoc.getXmlFragment(CONTENT_FIELD) as Y.AbstractType<unknown>, 0]];
  while (stack.length > 0) {
    const [type, depth] = stack.pop()!;
    const items: Y.Item[] = [];
    for (let item = type._start; item !== null; item = item.right) items.push(item);
    for (const item of type._map.values()) items.push(item);
    for (const item of items) {
      if (item.deleted || !(item.content instanceof Y.ContentType)) continue;
      const d = depth + 1;
      if (d % DELETE_LEVELS === 0) levels.set(d, [...(levels.get(d) ?? []), item]);
      stack.push([item.content.type, d]);
    }
  }
  const updates: Uint8Array[] = [];
  const take = (u: Uint8Array) => updates.push(u);
  ydoc.on("update", take);
  for (const d of [...levels.keys()].sort((a, b) => b - a)) {
    ydoc.transact((tr) => {
      for (const item of levels.get(d)!) if (!item.deleted) item.delete(tr);
    });
  }
  ydoc.off("update", take);
  return updates;
}

/**
 * Replaces the document's content with a copy of `state`'s, as one update stored like any editor's
 * batch and so published to everyone who has the document open, so all converge on it (and it can itself
 * be undone by restoring another version). The copy holds what the editor's bounds let a read show
 * (content.ts: a version that got in before the update check is cut at the depth bound, unknown
 * nodes skipped); a current content nested too deep to delete in one update is deleted in parts
 * first (deepDeletes), each stored like a batch.
 */
export async function replaceContent(ctx: ServiceContext, input: { groupId: string; docId: string }, state: Uint8Array) {
  const { ydoc } = await ctx.node.collab.store.loadYDoc(input.docId);
  const source = new Y.Doc();
  try {
    Y.applyUpdate(source, state);
    for (const update of deepDeletes(ydoc))
      await applyDocUpdate(ctx, { ...input, clientId: `replace-${randomBytes(8).toString("hex")}`, update });
    const updates: Uint8Array[] = [];
    ydoc.on("update", (u: Uint8Array) => updates.push(u));
    const frag = ydoc.getXmlFragment(CONTENT_FIELD);
    ydoc.transact(() => {
      frag.delete(0, frag.length);
      copyContentInto(source.getXmlFragment(CONTENT_FIELD), frag);
    });
    if (updates.length === 0) return { seq: 0 };
    const update = updates.length === 1 ? updates[0] : Y.mergeUpdates(updates);
    const stored = await applyDocUpdate(ctx, { ...input, clientId: `replace-${randomBytes(8).toString("hex")}`, update });
    return { seq: stored.seq };
  } finally {
    source.destroy();
    ydoc.destroy();
  }
}

import { randomBytes } from "node:crypto";
import * as Y from "yjs";
import type { Types } from "mongoose";
import { Case, CollabDocument, DocEditMark, DocSnapshot, DocUpdate, DocVersion, type CaseStatus, type DocKind } from "./document.model";
import {
  CONTENT_FIELD,
  type StoredUpdate,
  appendUpdate,
  bytes,
  checkUpdateAgainst,
  compactLog,
  copyContent,
  loadYDoc,
  plainText,
  readDocState,
} from "./doc-store";
import { Membership } from "../group/group.model";
import { htmlBody, toHtml, toMarkdown } from "./export";
import { loadGroupFor } from "../group/group.service";
import { decide, docAction } from "../group/group.policy";
import { displayNames } from "../user/user.service";
import { DomainError } from "../shared/errors";
import { isObjectId } from "../shared/ids";
import { oid } from "../shared/oid";
import type { ServiceContext } from "../shared/context";
import { turns } from "../shared/turns";

// Documents, cases and the co-editing of their content (docs/decisions/007-collab-sync.md).
// Every entry point goes through loadGroupFor: the document must belong to the group named.

export interface DocumentDTO {
  id: string;
  groupId: string;
  kind: DocKind;
  title: string;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
  lastEditorId: string | null;
  lastEditorName: string | null;
  caseId: string | null;
}

export interface CaseDTO {
  id: string;
  groupId: string;
  title: string;
  bringerId: string;
  bringerName: string;
  status: CaseStatus;
  docId: string;
  createdAt: string;
}

/** Every this many log entries the document is compacted (after the ack, in the background). */
export const COMPACT_EVERY = 200;
/** A change after this long without one starts a new editing session, and the state before it becomes an automatic version. */
export const SESSION_IDLE_MS = 10 * 60_000;
/** The document's "last edited" is rewritten at most this often per document and node (not once per batch). */
const META_REFRESH_MS = 10_000;

type DocLean = {
  _id: unknown;
  groupId: unknown;
  kind: string;
  title: string;
  archived: boolean;
  createdAt: Date;
  updatedAt: Date;
  lastEditorId?: unknown;
};

async function documentDTOs(docs: DocLean[]): Promise<DocumentDTO[]> {
  const [names, cases] = await Promise.all([
    displayNames(docs.map((d) => d.lastEditorId)),
    Case.find({ docId: { $in: docs.map((d) => d._id) } }, { docId: 1 }).lean(),
  ]);
  const caseOf = new Map(cases.map((c) => [String(c.docId), String(c._id)]));
  return docs.map((d) => ({
    id: String(d._id),
    groupId: String(d.groupId),
    kind: d.kind as DocKind,
    title: d.title,
    archived: d.archived,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    lastEditorId: d.lastEditorId ? String(d.lastEditorId) : null,
    lastEditorName: d.lastEditorId ? (names.get(String(d.lastEditorId)) ?? null) : null,
    caseId: caseOf.get(String(d._id)) ?? null,
  }));
}

async function caseDTOs(
  cases: Array<{ _id: unknown; groupId: unknown; title: string; bringerId: unknown; status: string; docId: unknown; createdAt: Date }>,
): Promise<CaseDTO[]> {
  const names = await displayNames(cases.map((c) => c.bringerId));
  return cases.map((c) => ({
    id: String(c._id),
    groupId: String(c.groupId),
    title: c.title,
    bringerId: String(c.bringerId),
    bringerName: names.get(String(c.bringerId)) ?? "?",
    status: c.status as CaseStatus,
    docId: String(c.docId),
    createdAt: c.createdAt.toISOString(),
  }));
}

/**
 * The group gate, then the document, which must be the group's (else not_found, like a missing
 * one), then the action its kind needs (docAction: the charter draft has its own, readable before
 * the charter is accepted). The first gate is the weakest document action, so an outsider learns
 * nothing and a member learns only what the policy allows.
 */
export async function loadDocumentFor(ctx: ServiceContext, groupId: string, docId: string, mode: "read" | "write") {
  const loaded = await loadGroupFor(ctx.actor, groupId, "charter.draft.read");
  const doc = isObjectId(docId) ? await CollabDocument.findById(docId).lean() : null; // by _id alone: FerretDB scans any other filter
  if (!doc || String(doc.groupId) !== String(loaded.group._id)) throw new DomainError("not_found");
  const decision = decide(loaded.access, docAction(doc.kind, mode));
  if (decision !== "allow") throw new DomainError(decision);
  return { ...loaded, doc, canWrite: decide(loaded.access, docAction(doc.kind, "write")) === "allow" && !doc.archived };
}

const changed = (ctx: ServiceContext, groupId: string, docId: string) => ctx.publisher.toGroup(groupId, "doc:changed", { groupId, docId });

// ---- documents -----------------------------------------------------------------------------

/** Creates a document (with `_id` when given: a duplicate key then means it exists already) and its initial content. */
export async function insertDocument(
  ctx: ServiceContext,
  groupId: string,
  kind: DocKind,
  title: string,
  initial?: Uint8Array,
  _id?: Types.ObjectId,
) {
  const doc = await CollabDocument.create({
    ...(_id ? { _id } : {}),
    groupId: oid(groupId),
    kind,
    title,
    createdBy: oid(ctx.actor.id),
    lastEditorId: oid(ctx.actor.id),
  });
  if (initial) {
    const ydoc = new Y.Doc();
    Y.applyUpdate(ydoc, initial);
    await appendUpdate({
      docId: String(doc._id),
      actorId: ctx.actor.id,
      clientId: `init-${randomBytes(8).toString("hex")}`,
      update: initial,
    });
    await CollabDocument.updateOne({ _id: doc._id }, { $set: { textPreview: plainText(ydoc) } });
    ydoc.destroy();
  }
  return doc;
}

export async function createDocument(ctx: ServiceContext, input: { groupId: string; title: string }): Promise<DocumentDTO> {
  await loadGroupFor(ctx.actor, input.groupId, "doc.write");
  const doc = await insertDocument(ctx, input.groupId, "note", input.title);
  changed(ctx, input.groupId, String(doc._id));
  return (await documentDTOs([doc.toObject()]))[0];
}

export async function getDocument(ctx: ServiceContext, input: { groupId: string; docId: string }) {
  const { doc, canWrite } = await loadDocumentFor(ctx, input.groupId, input.docId, "read");
  const [dto] = await documentDTOs([doc]);
  return { document: dto, canWrite };
}

export async function renameDocument(ctx: ServiceContext, input: { groupId: string; docId: string; title: string }): Promise<DocumentDTO> {
  const { doc } = await loadDocumentFor(ctx, input.groupId, input.docId, "write");
  await CollabDocument.updateOne({ _id: doc._id }, { $set: { title: input.title } });
  changed(ctx, input.groupId, input.docId);
  return (await documentDTOs([{ ...doc, title: input.title }]))[0];
}

/** Archive (read-only, out of the default list) or restore. */
export async function setDocumentArchived(
  ctx: ServiceContext,
  input: { groupId: string; docId: string; archived: boolean },
): Promise<DocumentDTO> {
  const { doc } = await loadDocumentFor(ctx, input.groupId, input.docId, "write");
  await CollabDocument.updateOne({ _id: doc._id }, { $set: { archived: input.archived } });
  changed(ctx, input.groupId, input.docId);
  return (await documentDTOs([{ ...doc, archived: input.archived }]))[0];
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The group's documents, newest edit first; `q` matches title or text (a plain, escaped, case-insensitive regex). */
export async function listDocuments(
  ctx: ServiceContext,
  input: { groupId: string; q?: string; archived?: boolean },
): Promise<DocumentDTO[]> {
  const { group } = await loadGroupFor(ctx.actor, input.groupId, "doc.read");
  // The charter draft lives on the charter page, not in the documents list.
  const filter: Record<string, unknown> = { groupId: group._id, archived: !!input.archived, kind: { $in: ["note", "case"] } };
  const q = input.q?.trim();
  if (q) {
    const re = new RegExp(escapeRegex(q.slice(0, 200)), "i");
    filter.$or = [{ title: re }, { textPreview: re }];
  }
  const docs = await CollabDocument.find(filter, { textPreview: 0 }).sort({ updatedAt: -1 }).limit(500).lean();
  return documentDTOs(docs);
}

// ---- cases ---------------------------------------------------------------------------------

/** A case brought by `bringerId` (an active member; the actor by default), with its notes document. */
export async function createCase(ctx: ServiceContext, input: { groupId: string; title: string; bringerId?: string }): Promise<CaseDTO> {
  const { group } = await loadGroupFor(ctx.actor, input.groupId, "doc.write");
  const bringerId = input.bringerId ?? ctx.actor.id;
  if (bringerId !== ctx.actor.id) {
    const m = await Membership.exists({ groupId: group._id, userId: oid(bringerId), status: "active" });
    if (!m) throw new DomainError("invalid_input", [{ path: "bringerId", code: "invalid" }]);
  }
  const doc = await insertDocument(ctx, input.groupId, "case", input.title);
  const c = await Case.create({ groupId: group._id, title: input.title, bringerId: oid(bringerId), docId: doc._id });
  changed(ctx, input.groupId, String(doc._id));
  return (await caseDTOs([c.toObject()]))[0];
}

export async function listCases(ctx: ServiceContext, input: { groupId: string }): Promise<CaseDTO[]> {
  const { group } = await loadGroupFor(ctx.actor, input.groupId, "doc.read");
  return caseDTOs(await Case.find({ groupId: group._id }).sort({ createdAt: -1 }).limit(500).lean());
}

async function loadCase(groupId: unknown, caseId: string) {
  const c = isObjectId(caseId) ? await Case.findOne({ _id: oid(caseId), groupId }) : null;
  if (!c) throw new DomainError("not_found");
  return c;
}

export async function setCaseStatus(ctx: ServiceContext, input: { groupId: string; caseId: string; status: CaseStatus }): Promise<CaseDTO> {
  const { group } = await loadGroupFor(ctx.actor, input.groupId, "doc.write");
  const c = await loadCase(group._id, input.caseId);
  await Case.updateOne({ _id: c._id }, { $set: { status: input.status } });
  changed(ctx, input.groupId, String(c.docId));
  return (await caseDTOs([{ ...c.toObject(), status: input.status }]))[0];
}

/**
 * The bringer's anonymised copy: a new note whose content is a copy of the case notes' current
 * content, without their history (deleted text, earlier versions, editors' ids). The bringer then
 * removes what identifies anyone; only the copy may ever leave the group.
 */
export async function anonymisedCopy(ctx: ServiceContext, input: { groupId: string; caseId: string; title: string }): Promise<DocumentDTO> {
  const { group } = await loadGroupFor(ctx.actor, input.groupId, "doc.write");
  const c = await loadCase(group._id, input.caseId);
  if (String(c.bringerId) !== ctx.actor.id) throw new DomainError("forbidden");
  const { ydoc } = await loadYDoc(String(c.docId));
  const content = copyContent(ydoc);
  ydoc.destroy();
  const doc = await insertDocument(ctx, input.groupId, "note", input.title, content);
  changed(ctx, input.groupId, String(doc._id));
  return (await documentDTOs([doc.toObject()]))[0];
}

// ---- co-editing ----------------------------------------------------------------------------

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
  const { doc, canWrite } = await loadDocumentFor(ctx, input.groupId, input.docId, "read");
  const state = await readDocState(String(doc._id), input.stateVector);
  return { ...state, canWrite };
}

/**
 * Runs a document's appends on this node one after another. Appends racing on one node would
 * all read the same last position and all but one would fail their insert and retry (measured by
 * bench:collab: 3 inserts per batch with 10 editors on 2 nodes); in turn, only the other nodes'
 * appends can still collide, and the unique index still decides those.
 */
const inTurn = turns();

/** Per node: documents in a quiet period after a "last edited" write, with the write due at its end (or null). */
const touching = new Map<string, { actorId: string; at: Date } | null>();

function quietPeriod(key: string, id: unknown, ms: number) {
  setTimeout(() => {
    const due = touching.get(key);
    if (!due) return void touching.delete(key);
    touching.set(key, null);
    CollabDocument.updateOne({ _id: id }, { $set: { updatedAt: due.at, lastEditorId: oid(due.actorId) } }).catch(() => undefined);
    quietPeriod(key, id, META_REFRESH_MS);
  }, ms).unref();
}

/**
 * Records who edited a document last and when, with at most one write per document per
 * META_REFRESH_MS on this node: an edit outside a quiet period is written at once, edits inside
 * one are written (the newest) when it ends, so co-editors taking turns do not cost a write per
 * batch. Metadata only: a trailing write lost with its node is corrected by the next edit or
 * compaction.
 */
async function touchDocument(doc: { _id: unknown; updatedAt: Date; lastEditorId?: unknown }, actorId: string) {
  const key = String(doc._id);
  if (touching.has(key)) return void touching.set(key, { actorId, at: new Date() });
  const age = Date.now() - doc.updatedAt.getTime();
  if (age > META_REFRESH_MS) {
    touching.set(key, null);
    quietPeriod(key, doc._id, META_REFRESH_MS);
    await CollabDocument.updateOne({ _id: doc._id }, { $set: { updatedAt: new Date(), lastEditorId: oid(actorId) } });
  } else if (String(doc.lastEditorId) !== actorId) {
    touching.set(key, { actorId, at: new Date() });
    quietPeriod(key, doc._id, META_REFRESH_MS - age);
  }
}

export type LoadedDocument = Awaited<ReturnType<typeof loadDocumentFor>>;

/**
 * One client batch: authorised, size-checked, decoded and applied to a scratch copy, then stored.
 * Returns its position once stored (the caller acknowledges and broadcasts only after this). A
 * resent batch that the stored document holds already is not stored again: position 0.
 * `authorized`: a "write" decision of loadDocumentFor for this actor and document that the caller
 * may reuse (the socket door, for at most a second: decision 014); else it is made here.
 */
export async function applyDocUpdate(
  ctx: ServiceContext,
  input: { groupId: string; docId: string; clientId: string; update: Uint8Array; seen?: number },
  authorized?: LoadedDocument,
): Promise<StoredUpdate> {
  const { doc } = authorized ?? (await loadDocumentFor(ctx, input.groupId, input.docId, "write"));
  if (doc.archived) throw new DomainError("conflict");
  const docId = String(doc._id);
  // The first change after an idle gap starts a new editing session: keep the state before it.
  if (Date.now() - doc.updatedAt.getTime() >= SESSION_IDLE_MS)
    await saveVersion(ctx, doc._id, { auto: true, key: `auto-${doc.updatedAt.getTime()}`, at: doc.updatedAt });
  const { changed, done } = await checkUpdateAgainst(docId, input.update, input.seen);
  // A resend whose first attempt was stored: acknowledged, not stored again (position 0: no new one).
  if (!changed) return { seq: 0, created: false };
  let stored: StoredUpdate;
  try {
    stored = await inTurn(docId, () => appendUpdate({ docId, actorId: ctx.actor.id, clientId: input.clientId, update: input.update }));
  } catch (e) {
    done(false);
    throw e;
  }
  done(true);
  const now = Date.now();
  // A new edit mark (once per editor and minute) refreshes "last edited" at once, so every mark is
  // at or before the document's updatedAt, which an automatic version takes as its time (who edited
  // when stays consistent); otherwise "last edited" follows at most every few seconds.
  if (await markEditor(docId, ctx.actor.id, now)) {
    await CollabDocument.updateOne({ _id: doc._id }, { $set: { updatedAt: new Date(now), lastEditorId: oid(ctx.actor.id) } });
  } else {
    await touchDocument(doc, ctx.actor.id);
  }
  if (stored.seq % COMPACT_EVERY === 0) {
    void compactDocument(docId).catch((e) => console.warn("compaction failed", docId, e));
  }
  return stored;
}

/**
 * Merges the document's log into a new snapshot and deletes only the entries it includes; an
 * update appended while it runs survives. Also refreshes the text used for search.
 */
export async function compactDocument(docId: string): Promise<{ seq: number }> {
  const { seq, ydoc, lastEditorId } = await compactLog(docId);
  const set: Record<string, unknown> = { textPreview: plainText(ydoc).slice(0, 100_000) };
  if (lastEditorId) set.lastEditorId = lastEditorId; // the log's last author (a trailing "last edited" may still be due)
  await CollabDocument.updateOne({ _id: oid(docId) }, { $set: set });
  ydoc.destroy();
  return { seq };
}

/** The document's plain text as MongoDB holds it now (export, search, tests). */
export async function documentText(docId: string): Promise<string> {
  const { ydoc } = await loadYDoc(docId);
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

/** The documents page: the group's documents (optionally searched or archived), its cases, and what the actor may do. */
export async function getDocsOverview(ctx: ServiceContext, input: { groupId: string; q?: string; archived?: boolean }) {
  const { access } = await loadGroupFor(ctx.actor, input.groupId, "doc.read");
  const [documents, cases] = await Promise.all([listDocuments(ctx, input), listCases(ctx, { groupId: input.groupId })]);
  return { documents, cases, canWrite: decide(access, "doc.write") === "allow", actorId: ctx.actor.id };
}

/** The document as Markdown or print-ready HTML (the browser prints it to PDF). */
export async function exportDocument(
  ctx: ServiceContext,
  input: { groupId: string; docId: string; format: "md" | "html"; lang: "nl" | "en" },
) {
  const { doc } = await loadDocumentFor(ctx, input.groupId, input.docId, "read");
  const { ydoc } = await loadYDoc(String(doc._id));
  try {
    return { title: doc.title, body: input.format === "md" ? toMarkdown(ydoc, doc.title) : toHtml(ydoc, doc.title, input.lang) };
  } finally {
    ydoc.destroy();
  }
}

// ---- versions ------------------------------------------------------------------------------
// Named and automatic versions, who edited when, restore as a new change (docs/decisions/009).

/** One editor between two versions: the first and last minute in which they stored a change. */
export interface EditorSpanDTO {
  userId: string;
  name: string;
  from: string;
  to: string;
}

export interface VersionDTO {
  id: string;
  docId: string;
  /** Empty for an automatic version. */
  name: string;
  auto: boolean;
  /** The charter version this draft state was proposed as, or null. */
  charterVersion: number | null;
  createdBy: string;
  createdByName: string;
  /** When this state was current. */
  at: string;
  /** Who edited between the previous version and this one. */
  editors: EditorSpanDTO[];
}

const isDuplicateKey = (e: unknown) => (e as { code?: number } | null)?.code === 11000;

/**
 * Stores the document's current state as a version. An automatic one is skipped when the document
 * is empty or the newest version already holds this state; its key (derived from what every node
 * reads alike) makes a second node's attempt a duplicate, stored once. Null when nothing was stored.
 */
async function saveVersion(
  ctx: ServiceContext,
  docId: unknown,
  opts: { auto: boolean; key: string; name?: string; at?: Date; charterVersion?: number },
) {
  const { ydoc, seq } = await loadYDoc(String(docId));
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

// Marks this node already stored (a cache: a miss costs one insert that may be a duplicate).
const marked = new Set<string>();

/**
 * Notes that `actorId` stored a change in this minute: at most one insert per editor, document and
 * minute (per node; a second node's insert is a duplicate). True when this call stored the mark.
 */
async function markEditor(docId: string, actorId: string, now: number): Promise<boolean> {
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

/** Every version of a document, newest first, each with who edited before it; and who edited since the newest. */
async function versionsOf(docId: unknown) {
  const [vs, marks] = await Promise.all([
    DocVersion.find({ docId }, { state: 0 }).sort({ at: -1 }).limit(200).lean(),
    DocEditMark.find({ docId }, { actorId: 1, at: 1 }).limit(20_000).lean(),
  ]);
  const names = await displayNames([...vs.map((v) => v.createdBy), ...marks.map((m) => m.actorId)]);
  const spans = (after: number, upTo: number): EditorSpanDTO[] => {
    const by = new Map<string, { from: number; to: number }>();
    for (const m of marks) {
      const t = m.at.getTime();
      if (t <= after || t > upTo) continue;
      const s = by.get(String(m.actorId));
      if (s) Object.assign(s, { from: Math.min(s.from, t), to: Math.max(s.to, t) });
      else by.set(String(m.actorId), { from: t, to: t });
    }
    return [...by]
      .map(([userId, s]) => ({
        userId,
        name: names.get(userId) ?? "?",
        from: new Date(s.from).toISOString(),
        to: new Date(s.to).toISOString(),
      }))
      .sort((a, b) => a.from.localeCompare(b.from));
  };
  const versions: VersionDTO[] = vs.map((v, i) => ({
    id: String(v._id),
    docId: String(docId),
    name: v.name ?? "",
    auto: !!v.auto,
    charterVersion: v.charterVersion || null,
    createdBy: String(v.createdBy),
    createdByName: names.get(String(v.createdBy)) ?? "?",
    at: v.at.toISOString(),
    editors: spans(vs[i + 1]?.at.getTime() ?? -Infinity, v.at.getTime()),
  }));
  return { versions, sinceLast: spans(vs[0]?.at.getTime() ?? -Infinity, Infinity) };
}

/** Saves the document's current state under a name. */
export async function createVersion(ctx: ServiceContext, input: { groupId: string; docId: string; name: string }): Promise<VersionDTO> {
  const { doc } = await loadDocumentFor(ctx, input.groupId, input.docId, "write");
  await saveVersion(ctx, doc._id, { auto: false, key: `named-${randomBytes(8).toString("hex")}`, name: input.name });
  changed(ctx, input.groupId, input.docId);
  const { versions } = await versionsOf(doc._id);
  return versions.find((v) => !v.auto && v.name === input.name && v.createdBy === ctx.actor.id)!;
}

/** Names the charter draft's current state as the charter version it was just proposed as (once per version). */
export async function keepProposedCharterState(ctx: ServiceContext, input: { groupId: string; docId: string; version: number }) {
  const { doc } = await loadDocumentFor(ctx, input.groupId, input.docId, "write");
  try {
    await saveVersion(ctx, doc._id, { auto: false, key: `charter-v${input.version}`, charterVersion: input.version });
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
  }
}

export async function listVersions(ctx: ServiceContext, input: { groupId: string; docId: string }): Promise<VersionDTO[]> {
  const { doc } = await loadDocumentFor(ctx, input.groupId, input.docId, "read");
  return (await versionsOf(doc._id)).versions;
}

/** The versions page: the document, its versions with their editors, who edited since the newest, and what the actor may do. */
export async function getVersionsPage(ctx: ServiceContext, input: { groupId: string; docId: string }) {
  const { doc, canWrite } = await loadDocumentFor(ctx, input.groupId, input.docId, "read");
  const [[document], history] = await Promise.all([documentDTOs([doc]), versionsOf(doc._id)]);
  return { document, canWrite, ...history };
}

async function loadVersion(docId: unknown, versionId: string) {
  const v = isObjectId(versionId) ? await DocVersion.findOne({ _id: oid(versionId), docId }).lean() : null;
  if (!v) throw new DomainError("not_found");
  return v;
}

/**
 * A past version, read-only: its state as one Yjs update, its text, and its content as safe HTML
 * (the export's renderer: every text escaped, only http(s)/mailto links).
 */
export async function getVersion(ctx: ServiceContext, input: { groupId: string; docId: string; versionId: string }) {
  const { doc, canWrite } = await loadDocumentFor(ctx, input.groupId, input.docId, "read");
  const v = await loadVersion(doc._id, input.versionId);
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, bytes(v.state));
  const text = plainText(ydoc);
  const html = htmlBody(ydoc);
  ydoc.destroy();
  const [document] = await documentDTOs([doc]);
  return {
    id: String(v._id),
    name: v.name ?? "",
    auto: !!v.auto,
    charterVersion: v.charterVersion || null,
    at: v.at.toISOString(),
    state: bytes(v.state),
    text,
    html,
    document,
    canWrite,
  };
}

/**
 * Replaces the document's content with a copy of `state`'s, as one update stored like any editor's
 * batch and sent to everyone who has the document open, so all converge on it (and it can itself
 * be undone by restoring another version).
 */
export async function replaceContent(ctx: ServiceContext, input: { groupId: string; docId: string }, state: Uint8Array) {
  const { ydoc } = await loadYDoc(input.docId);
  const source = new Y.Doc();
  Y.applyUpdate(source, state);
  const updates: Uint8Array[] = [];
  ydoc.on("update", (u: Uint8Array) => updates.push(u));
  const frag = ydoc.getXmlFragment(CONTENT_FIELD);
  ydoc.transact(() => {
    frag.delete(0, frag.length);
    frag.insert(
      0,
      source
        .getXmlFragment(CONTENT_FIELD)
        .toArray()
        .map((n) => (n as Y.XmlElement | Y.XmlText).clone()),
    );
  });
  source.destroy();
  ydoc.destroy();
  if (updates.length === 0) return { seq: 0 };
  const update = updates.length === 1 ? updates[0] : Y.mergeUpdates(updates);
  const stored = await applyDocUpdate(ctx, { ...input, clientId: `replace-${randomBytes(8).toString("hex")}`, update });
  ctx.publisher.toDoc(input.groupId, input.docId, "doc:updated", { docId: input.docId, update, seq: stored.seq });
  return { seq: stored.seq };
}

/**
 * Restores a version as a new change. The state it replaces is kept first as an automatic
 * version (unless the newest version holds it already), so a restore never loses anything.
 */
export async function restoreVersion(ctx: ServiceContext, input: { groupId: string; docId: string; versionId: string }) {
  const { doc } = await loadDocumentFor(ctx, input.groupId, input.docId, "write");
  if (doc.archived) throw new DomainError("conflict");
  const v = await loadVersion(doc._id, input.versionId);
  await saveVersion(ctx, doc._id, { auto: true, key: `restore-${randomBytes(8).toString("hex")}` });
  const res = await replaceContent(ctx, { groupId: input.groupId, docId: String(doc._id) }, bytes(v.state));
  changed(ctx, input.groupId, input.docId);
  return { ...res, kind: doc.kind as DocKind };
}

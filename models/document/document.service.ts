import { randomBytes } from "node:crypto";
import * as Y from "yjs";
import { Case, CollabDocument, DocSnapshot, DocUpdate, DocVersion, type CaseStatus, type DocKind } from "./document.model";
import { CONTENT_FIELD, appendUpdate, bytes, checkUpdateAgainst, compactLog, copyContent, loadYDoc, plainText, readDocState } from "./doc-store";
import { Membership } from "../group/group.model";
import { toHtml, toMarkdown } from "./export";
import { loadGroupFor } from "../group/group.service";
import { decide, type GroupAction } from "../group/group.policy";
import { User } from "../user/user.model";
import { DomainError } from "../shared/errors";
import { isObjectId, oid } from "../shared/ids";
import type { ServiceContext } from "../shared/context";

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
/** The document's "last edited" is rewritten at most this often per document and node (not once per batch). */
const META_REFRESH_MS = 10_000;

async function namesOf(ids: unknown[]) {
  const unique = [...new Set(ids.filter(Boolean).map(String))];
  if (unique.length === 0) return new Map<string, string>();
  const users = await User.find({ _id: { $in: unique.map(oid) } }, { name: 1, email: 1 }).lean();
  return new Map(users.map((u) => [String(u._id), u.name || u.email]));
}

type DocLean = { _id: unknown; groupId: unknown; kind: string; title: string; archived: boolean; createdAt: Date; updatedAt: Date; lastEditorId?: unknown };

async function documentDTOs(docs: DocLean[]): Promise<DocumentDTO[]> {
  const [names, cases] = await Promise.all([
    namesOf(docs.map((d) => d.lastEditorId)),
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

async function caseDTOs(cases: Array<{ _id: unknown; groupId: unknown; title: string; bringerId: unknown; status: string; docId: unknown; createdAt: Date }>): Promise<CaseDTO[]> {
  const names = await namesOf(cases.map((c) => c.bringerId));
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

/** The group gate, then the document, which must be the group's (else not_found, like a missing one). */
export async function loadDocumentFor(ctx: ServiceContext, groupId: string, docId: string, action: GroupAction) {
  const loaded = await loadGroupFor(ctx.actor, groupId, action);
  const doc = isObjectId(docId) ? await CollabDocument.findOne({ _id: oid(docId), groupId: loaded.group._id }) : null;
  if (!doc) throw new DomainError("not_found");
  return { ...loaded, doc };
}

const changed = (ctx: ServiceContext, groupId: string, docId: string) => ctx.publisher.toGroup(groupId, "doc:changed", { groupId, docId });

// ---- documents -----------------------------------------------------------------------------

async function insertDocument(ctx: ServiceContext, groupId: string, kind: DocKind, title: string, initial?: Uint8Array) {
  const doc = await CollabDocument.create({ groupId: oid(groupId), kind, title, createdBy: oid(ctx.actor.id), lastEditorId: oid(ctx.actor.id) });
  if (initial) {
    const ydoc = new Y.Doc();
    Y.applyUpdate(ydoc, initial);
    await appendUpdate({ docId: String(doc._id), actorId: ctx.actor.id, clientId: `init-${randomBytes(8).toString("hex")}`, update: initial });
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
  const { doc, access } = await loadDocumentFor(ctx, input.groupId, input.docId, "doc.read");
  const [dto] = await documentDTOs([doc.toObject()]);
  return { document: dto, canWrite: decide(access, "doc.write") === "allow" && !doc.archived };
}

export async function renameDocument(ctx: ServiceContext, input: { groupId: string; docId: string; title: string }): Promise<DocumentDTO> {
  const { doc } = await loadDocumentFor(ctx, input.groupId, input.docId, "doc.write");
  await CollabDocument.updateOne({ _id: doc._id }, { $set: { title: input.title } });
  changed(ctx, input.groupId, input.docId);
  return (await documentDTOs([{ ...doc.toObject(), title: input.title }]))[0];
}

/** Archive (read-only, out of the default list) or restore. */
export async function setDocumentArchived(ctx: ServiceContext, input: { groupId: string; docId: string; archived: boolean }): Promise<DocumentDTO> {
  const { doc } = await loadDocumentFor(ctx, input.groupId, input.docId, "doc.write");
  await CollabDocument.updateOne({ _id: doc._id }, { $set: { archived: input.archived } });
  changed(ctx, input.groupId, input.docId);
  return (await documentDTOs([{ ...doc.toObject(), archived: input.archived }]))[0];
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The group's documents, newest edit first; `q` matches title or text (a plain, escaped, case-insensitive regex). */
export async function listDocuments(ctx: ServiceContext, input: { groupId: string; q?: string; archived?: boolean }): Promise<DocumentDTO[]> {
  const { group } = await loadGroupFor(ctx.actor, input.groupId, "doc.read");
  const filter: Record<string, unknown> = { groupId: group._id, archived: !!input.archived };
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
export async function loadDocState(ctx: ServiceContext, input: { groupId: string; docId: string; stateVector: Uint8Array }): Promise<DocStateDTO> {
  const { doc, access } = await loadDocumentFor(ctx, input.groupId, input.docId, "doc.read");
  const state = await readDocState(String(doc._id), input.stateVector);
  return { ...state, canWrite: decide(access, "doc.write") === "allow" && !doc.archived };
}

/** Per node: the tail of each document's queue of appends. */
const appending = new Map<string, Promise<unknown>>();

/**
 * Runs a document's appends on this node one after another. Appends racing on one node would
 * all read the same last position and all but one would fail their insert and retry (measured by
 * bench:collab: 3 inserts per batch with 10 editors on 2 nodes); in turn, only the other nodes'
 * appends can still collide, and the unique index still decides those.
 */
function inTurn<T>(docId: string, fn: () => Promise<T>): Promise<T> {
  const run = (appending.get(docId) ?? Promise.resolve()).then(fn);
  const tail = run.catch(() => undefined);
  appending.set(docId, tail);
  void tail.then(() => appending.get(docId) === tail && appending.delete(docId));
  return run;
}

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

/**
 * One client batch: authorised, size-checked, decoded and applied to a scratch copy, then stored.
 * Returns its position once stored (the caller acknowledges and broadcasts only after this). A
 * resent batch (same actor and client id) returns the stored position and is not stored again.
 */
export async function applyDocUpdate(
  ctx: ServiceContext,
  input: { groupId: string; docId: string; clientId: string; update: Uint8Array },
): Promise<{ seq: number; created: boolean }> {
  const { doc } = await loadDocumentFor(ctx, input.groupId, input.docId, "doc.write");
  if (doc.archived) throw new DomainError("conflict");
  const docId = String(doc._id);
  // A resent batch (same actor and client id) is recognised by appendUpdate, which looks it up
  // first; applying it to the scratch copy before that changes nothing (Yjs ignores what it has).
  const done = await checkUpdateAgainst(docId, input.update);
  let stored: { seq: number; created: boolean };
  try {
    stored = await inTurn(docId, () => appendUpdate({ docId, actorId: ctx.actor.id, clientId: input.clientId, update: input.update }));
  } catch (e) {
    done(false);
    throw e;
  }
  done(true);
  await touchDocument(doc, ctx.actor.id);
  if (stored.created && stored.seq % COMPACT_EVERY === 0) {
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
  return [...snaps.map((s) => bytes(s.state).byteLength), ...entries.map((e) => bytes(e.update).byteLength)].reduce((a, b) => a + b, 0);
}

/** The documents page: the group's documents (optionally searched or archived), its cases, and what the actor may do. */
export async function getDocsOverview(ctx: ServiceContext, input: { groupId: string; q?: string; archived?: boolean }) {
  const { access } = await loadGroupFor(ctx.actor, input.groupId, "doc.read");
  const [documents, cases] = await Promise.all([listDocuments(ctx, input), listCases(ctx, { groupId: input.groupId })]);
  return { documents, cases, canWrite: decide(access, "doc.write") === "allow", actorId: ctx.actor.id };
}

/** The document as Markdown or print-ready HTML (the browser prints it to PDF). */
export async function exportDocument(ctx: ServiceContext, input: { groupId: string; docId: string; format: "md" | "html"; lang: "nl" | "en" }) {
  const { doc } = await loadDocumentFor(ctx, input.groupId, input.docId, "doc.read");
  const { ydoc } = await loadYDoc(String(doc._id));
  try {
    return { title: doc.title, body: input.format === "md" ? toMarkdown(ydoc, doc.title) : toHtml(ydoc, doc.title, input.lang) };
  } finally {
    ydoc.destroy();
  }
}

// ---- versions ------------------------------------------------------------------------------

export interface VersionDTO {
  id: string;
  docId: string;
  name: string;
  createdBy: string;
  createdByName: string;
  at: string;
}

/** Saves the document's current state under a name. */
export async function createVersion(ctx: ServiceContext, input: { groupId: string; docId: string; name: string }): Promise<VersionDTO> {
  const { doc } = await loadDocumentFor(ctx, input.groupId, input.docId, "doc.write");
  const { ydoc } = await loadYDoc(String(doc._id));
  const v = await DocVersion.create({ docId: doc._id, name: input.name, state: Buffer.from(Y.encodeStateAsUpdate(ydoc)), createdBy: oid(ctx.actor.id) });
  ydoc.destroy();
  const names = await namesOf([ctx.actor.id]);
  return { id: String(v._id), docId: input.docId, name: v.name, createdBy: ctx.actor.id, createdByName: names.get(ctx.actor.id) ?? "?", at: v.at.toISOString() };
}

export async function listVersions(ctx: ServiceContext, input: { groupId: string; docId: string }): Promise<VersionDTO[]> {
  const { doc } = await loadDocumentFor(ctx, input.groupId, input.docId, "doc.read");
  const vs = await DocVersion.find({ docId: doc._id }, { state: 0 }).sort({ at: -1 }).limit(200).lean();
  const names = await namesOf(vs.map((v) => v.createdBy));
  return vs.map((v) => ({ id: String(v._id), docId: input.docId, name: v.name, createdBy: String(v.createdBy), createdByName: names.get(String(v.createdBy)) ?? "?", at: v.at.toISOString() }));
}

async function loadVersion(docId: unknown, versionId: string) {
  const v = isObjectId(versionId) ? await DocVersion.findOne({ _id: oid(versionId), docId }).lean() : null;
  if (!v) throw new DomainError("not_found");
  return v;
}

/** A past version, read-only: its state as one Yjs update (open it in a non-editable editor) and its text. */
export async function getVersion(ctx: ServiceContext, input: { groupId: string; docId: string; versionId: string }) {
  const { doc } = await loadDocumentFor(ctx, input.groupId, input.docId, "doc.read");
  const v = await loadVersion(doc._id, input.versionId);
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, bytes(v.state));
  const text = plainText(ydoc);
  ydoc.destroy();
  return { name: v.name, at: v.at.toISOString(), state: bytes(v.state), text };
}

/**
 * Restores a version as a new change: the current content is replaced by a copy of the version's,
 * as one update stored like any editor's batch, so everyone converges on it (and it can itself be
 * undone by restoring another version). Published to the group's room as doc:updated.
 */
export async function restoreVersion(ctx: ServiceContext, input: { groupId: string; docId: string; versionId: string }) {
  const { doc } = await loadDocumentFor(ctx, input.groupId, input.docId, "doc.write");
  const v = await loadVersion(doc._id, input.versionId);
  const { ydoc } = await loadYDoc(String(doc._id));
  const past = new Y.Doc();
  Y.applyUpdate(past, bytes(v.state));
  const updates: Uint8Array[] = [];
  ydoc.on("update", (u: Uint8Array) => updates.push(u));
  const frag = ydoc.getXmlFragment(CONTENT_FIELD);
  ydoc.transact(() => {
    frag.delete(0, frag.length);
    frag.insert(0, past.getXmlFragment(CONTENT_FIELD).toArray().map((n) => (n as Y.XmlElement | Y.XmlText).clone()));
  });
  past.destroy();
  ydoc.destroy();
  if (updates.length === 0) return { seq: 0 };
  const update = updates.length === 1 ? updates[0] : Y.mergeUpdates(updates);
  const stored = await applyDocUpdate(ctx, { groupId: input.groupId, docId: input.docId, clientId: `restore-${randomBytes(8).toString("hex")}`, update });
  ctx.publisher.toGroup(input.groupId, "doc:updated", { docId: input.docId, update, seq: stored.seq });
  return { seq: stored.seq };
}

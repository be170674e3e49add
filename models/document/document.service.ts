import { randomBytes } from "node:crypto";
import { indexDocument } from "../search/indexing"; // search (decision 085)
import * as Y from "yjs";
import type { Types } from "mongoose";
import { Case, CollabDocument, type CaseStatus, type DocKind } from "./document.model";
import { CONTENT_FIELD, copyContent, plainText } from "../collab/doc-store";
import { Membership } from "../group/group.model";
import { htmlOf, toHtml, toMarkdown } from "./export";
import { inspectContent } from "../collab/content";
import { type ContentLeftOut, leftAnythingOut } from "../collab/content.constants";
import { getGroupAccesses, loadGroupFor, loadGroupForCached } from "../group/group.service";
import { isScopedDoc, loadScopedDocFor, scopeReaders } from "./moment-docs";
import { decide, docAction } from "../group/group.policy";
import { displayNames } from "../user/user.service";
import { DomainError } from "../shared/errors";
import { isObjectId } from "../shared/ids";
import { oid } from "../shared/oid";
import type { Actor, ServiceContext } from "../shared/context";
// Files on a case (issue 20 round two)
import type { AttachmentDto } from "../attachment/attachment.dto";
import { CaseFileInput } from "./document.inputs";
import { attachOne, filesOf, removeOne } from "../attachment/attachment.service";
import { parseInput } from "../shared/parse";

// Documents and cases: their metadata, lists and search, export (docs/decisions/007-collab-sync.md).
// Every entry point goes through loadGroupFor: the document must belong to the group named. Their
// content is co-edited through collab.service.ts; versions are version.service.ts.

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
  /** The network moment it was harvested from (issue 16 item 4, decision 074), or null. */
  origin: DocOriginDTO | null;
}

/** Where a document offered from a network moment's harvest came from. */
export interface DocOriginDTO {
  momentTitle: string;
  momentStartsAt: string;
  breakoutIndex: number;
  breakoutTheme: string | null;
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

type DocLean = {
  _id: unknown;
  groupId: unknown;
  kind: string;
  title: string;
  archived: boolean;
  createdAt: Date;
  updatedAt: Date;
  lastEditorId?: unknown;
  origin?: {
    momentTitle?: string | null;
    momentStartsAt?: Date | null;
    breakoutIndex?: number | null;
    breakoutTheme?: string | null;
  } | null;
};

/** The DTOs of documents, with their last editor's name and their case. */
export async function documentDTOs(ctx: ServiceContext, docs: DocLean[]): Promise<DocumentDTO[]> {
  const [names, cases] = await Promise.all([
    displayNames(
      ctx,
      docs.map((d) => d.lastEditorId),
    ),
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
    origin: d.origin?.momentStartsAt
      ? {
          momentTitle: d.origin.momentTitle ?? "",
          momentStartsAt: d.origin.momentStartsAt.toISOString(),
          breakoutIndex: d.origin.breakoutIndex ?? 0,
          breakoutTheme: d.origin.breakoutTheme ?? null,
        }
      : null,
  }));
}

async function caseDTOs(
  ctx: ServiceContext,
  cases: Array<{ _id: unknown; groupId: unknown; title: string; bringerId: unknown; status: string; docId: unknown; createdAt: Date }>,
): Promise<CaseDTO[]> {
  const names = await displayNames(
    ctx,
    cases.map((c) => c.bringerId),
  );
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
export async function loadDocumentFor(ctx: ServiceContext, groupId: string, docId: string, mode: "read" | "write", cached = false) {
  // `cached`: the group's access from the node's memory (decision 058), for a batch of an open editor.
  const loaded = cached
    ? await loadGroupForCached(ctx, groupId, "charter.draft.read")
    : await loadGroupFor(ctx.actor, groupId, "charter.draft.read");
  const doc = isObjectId(docId) ? await CollabDocument.findById(docId).lean() : null; // by _id alone: FerretDB scans any other filter
  if (!doc || String(doc.groupId) !== String(loaded.group._id)) throw new DomainError("not_found");
  const decision = decide(loaded.access, docAction(doc.kind, mode));
  if (decision !== "allow") throw new DomainError(decision);
  return { ...loaded, doc, canWrite: decide(loaded.access, docAction(doc.kind, "write")) === "allow" && !doc.archived };
}

export type LoadedDocument = Awaited<ReturnType<typeof loadDocumentFor>>;

/** What the co-editing path needs of a document it may open: the record and whether the actor may write. */
export interface CollabLoaded {
  doc: Pick<LoadedDocument["doc"], "_id" | "kind" | "archived" | "updatedAt" | "lastEditorId" | "snapshotSlot" | "snapshotSeq">;
  canWrite: boolean;
}

/** The co-editing gate (doc:join, batches, their re-checks): a moment-scoped document (groupId ===
 *  docId, decision 072) by the moment's gate, any other by the group's (loadDocumentFor). */
export async function loadCollabDocFor(
  ctx: ServiceContext,
  groupId: string,
  docId: string,
  mode: "read" | "write",
  cached = false,
): Promise<CollabLoaded> {
  return isScopedDoc(groupId, docId) ? loadScopedDocFor(ctx, docId, mode, cached) : loadDocumentFor(ctx, groupId, docId, mode, cached);
}

/** Who may still be in a group's rooms on a node: the users of `actors` whose sockets may see the
 *  group's content (decide(..., "group.content"), as at the handshake) and, per document of `docIds`,
 *  those who may read it (as doc:join's loadDocumentFor). One read of the group, one per actor and
 *  one per document, whatever the number of sockets: a node re-checks its rooms with this while it
 *  cannot vouch that it heard every removal (realtime/room-check.ts, decision 020). */
export async function checkRoomAccess(
  groupId: string,
  actors: Actor[],
  docIds: string[],
): Promise<{ content: Set<string>; docs: Map<string, Set<string>> }> {
  const [loaded, docs] = await Promise.all([
    getGroupAccesses(actors, groupId),
    Promise.all(docIds.map((d) => (isObjectId(d) ? CollabDocument.findById(d, { groupId: 1, kind: 1 }).lean() : null))),
  ]);
  if (!loaded && docIds.includes(groupId)) {
    // A moment's or breakout's document (decision 072): its own gate, no group room.
    const readers = await scopeReaders(groupId, actors);
    return { content: new Set(), docs: new Map(docIds.map((d) => [d, d === groupId ? readers : new Set<string>()])) };
  }
  const allowed = (action: Parameters<typeof decide>[1]) =>
    new Set(actors.filter((a) => loaded && decide(loaded.access.get(a.id)!, action) === "allow").map((a) => a.id));
  return {
    content: allowed("group.content"),
    docs: new Map(
      docIds.map((d, i) => {
        const doc = docs[i];
        return [d, doc && loaded && String(doc.groupId) === groupId ? allowed(docAction(doc.kind, "read")) : new Set<string>()];
      }),
    ),
  };
}

/** Tells the group's pages that a document (its metadata, its list entry) changed: they revalidate. */
export const docChanged = (ctx: ServiceContext, groupId: string, docId: string) =>
  ctx.publisher.toGroup(groupId, "doc:changed", { groupId, docId });

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
    await ctx.node.collab.store.appendUpdate({
      docId: String(doc._id),
      actorId: ctx.actor.id,
      clientId: `init-${randomBytes(8).toString("hex")}`,
      update: initial,
    });
    await CollabDocument.updateOne({ _id: doc._id }, { $set: { textPreview: plainText(ydoc) } });
    ydoc.destroy();
  }
  await indexDocument(ctx.node.collab.store, String(doc._id)); // search (decision 085)
  return doc;
}

export async function createDocument(ctx: ServiceContext, input: { groupId: string; title: string }): Promise<DocumentDTO> {
  await loadGroupFor(ctx.actor, input.groupId, "doc.write");
  const doc = await insertDocument(ctx, input.groupId, "note", input.title);
  docChanged(ctx, input.groupId, String(doc._id));
  return (await documentDTOs(ctx, [doc.toObject()]))[0];
}

export async function getDocument(ctx: ServiceContext, input: { groupId: string; docId: string }) {
  const { doc, canWrite } = await loadDocumentFor(ctx, input.groupId, input.docId, "read");
  const [dto] = await documentDTOs(ctx, [doc]);
  return { document: dto, canWrite };
}

/**
 * The document page: the document, whether the actor may write, and `content`: null when the editor
 * can open the stored content, else what it cannot (a document that got in before the update check,
 * decision 021) with the part a read shows as safe HTML, for a read-only view instead of the editor.
 */
export async function getDocumentPage(
  ctx: ServiceContext,
  input: { groupId: string; docId: string },
): Promise<{
  document: DocumentDTO;
  canWrite: boolean;
  content: { html: string; left: ContentLeftOut } | null;
  /** A case's attachments; null for any other document. */
  files: AttachmentDto[] | null;
}> {
  const { doc, canWrite } = await loadDocumentFor(ctx, input.groupId, input.docId, "read");
  const [[dto], content, files] = await Promise.all([
    documentDTOs(ctx, [doc]),
    ctx.node.collab.store.readCached(String(doc._id), (ydoc) =>
      leftAnythingOut(inspectContent(ydoc.getXmlFragment(CONTENT_FIELD))) ? htmlOf(ydoc) : null,
    ),
    doc.kind === "case" ? filesOf({ kind: "case", id: String(doc._id) }) : null,
  ]);
  return { document: dto, canWrite, content, files };
}

// ---- files on a case (issue 20 round two) -------------------------------------------------------

/** A case the actor may read (its group's doc.read), else not_found: an attachment's download check. */
export async function assertCanReadCase(ctx: ServiceContext, groupId: string, docId: string) {
  const loaded = await loadDocumentFor(ctx, groupId, docId, "read");
  if (loaded.doc.kind !== "case") throw new DomainError("not_found");
  return loaded;
}

/** Attaches one of the actor's uploads to a case: whoever may edit the case (doc.write, not archived). */
export async function attachCaseFile(ctx: ServiceContext, input: unknown): Promise<AttachmentDto> {
  const v = parseInput(CaseFileInput, input);
  const { canWrite } = await assertCanReadCase(ctx, v.groupId, v.docId);
  if (!canWrite) throw new DomainError("forbidden");
  const dto = await attachOne(ctx, v.groupId, { kind: "case", id: v.docId }, v.fileId);
  docChanged(ctx, v.groupId, v.docId);
  return dto;
}

/** Removes a file from a case: whoever may edit the case (its inbrenger, the coach, the members). */
export async function removeCaseFile(ctx: ServiceContext, input: unknown): Promise<void> {
  const v = parseInput(CaseFileInput, input);
  const { canWrite } = await assertCanReadCase(ctx, v.groupId, v.docId);
  if (!canWrite) throw new DomainError("forbidden");
  await removeOne(ctx, { kind: "case", id: v.docId }, v.fileId);
  docChanged(ctx, v.groupId, v.docId);
}

export async function renameDocument(ctx: ServiceContext, input: { groupId: string; docId: string; title: string }): Promise<DocumentDTO> {
  const { doc } = await loadDocumentFor(ctx, input.groupId, input.docId, "write");
  await CollabDocument.updateOne({ _id: doc._id }, { $set: { title: input.title } });
  await indexDocument(ctx.node.collab.store, input.docId); // search (decision 085)
  docChanged(ctx, input.groupId, input.docId);
  return (await documentDTOs(ctx, [{ ...doc, title: input.title }]))[0];
}

/** Archive (read-only, out of the default list) or restore. */
export async function setDocumentArchived(
  ctx: ServiceContext,
  input: { groupId: string; docId: string; archived: boolean },
): Promise<DocumentDTO> {
  const { doc } = await loadDocumentFor(ctx, input.groupId, input.docId, "write");
  await CollabDocument.updateOne({ _id: doc._id }, { $set: { archived: input.archived } });
  docChanged(ctx, input.groupId, input.docId);
  return (await documentDTOs(ctx, [{ ...doc, archived: input.archived }]))[0];
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
  return documentDTOs(ctx, docs);
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
  await indexDocument(ctx.node.collab.store, String(doc._id)); // search: the case's bringer (decision 085)
  docChanged(ctx, input.groupId, String(doc._id));
  return (await caseDTOs(ctx, [c.toObject()]))[0];
}

export async function listCases(ctx: ServiceContext, input: { groupId: string }): Promise<CaseDTO[]> {
  const { group } = await loadGroupFor(ctx.actor, input.groupId, "doc.read");
  return caseDTOs(ctx, await Case.find({ groupId: group._id }).sort({ createdAt: -1 }).limit(500).lean());
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
  docChanged(ctx, input.groupId, String(c.docId));
  return (await caseDTOs(ctx, [{ ...c.toObject(), status: input.status }]))[0];
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
  const { ydoc } = await ctx.node.collab.store.loadYDoc(String(c.docId));
  const { update: content } = copyContent(ydoc);
  ydoc.destroy();
  const doc = await insertDocument(ctx, input.groupId, "note", input.title, content);
  docChanged(ctx, input.groupId, String(doc._id));
  return (await documentDTOs(ctx, [doc.toObject()]))[0];
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
  const { ydoc } = await ctx.node.collab.store.loadYDoc(String(doc._id));
  try {
    return {
      title: doc.title,
      body: input.format === "md" ? toMarkdown(ydoc, doc.title, input.lang) : toHtml(ydoc, doc.title, input.lang),
    };
  } finally {
    ydoc.destroy();
  }
}

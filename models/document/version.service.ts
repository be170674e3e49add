import { randomBytes } from "node:crypto";
import * as Y from "yjs";
import { DocEditMark, DocVersion, type DocKind } from "./document.model";
import { bytes, plainText } from "../collab/doc-store";
import { htmlOf } from "./export";
import { docChanged, documentDTOs, loadDocumentFor } from "./document.service";
import { replaceContent } from "./collab.service";
import { isDuplicateKey } from "../shared/duplicate-key";
import { saveVersion } from "./version-store";
import { displayNames } from "../user/user.service";
import { DomainError } from "../shared/errors";
import { isObjectId } from "../shared/ids";
import { oid } from "../shared/oid";
import type { ServiceContext } from "../shared/context";

// Named and automatic versions, who edited when, restore as a new change (docs/decisions/009).
// Every entry point goes through loadDocumentFor, like the document's other doors.

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

/** Every version of a document, newest first, each with who edited before it; and who edited since the newest. */
async function versionsOf(ctx: ServiceContext, docId: unknown) {
  const [vs, marks] = await Promise.all([
    DocVersion.find({ docId }, { state: 0 }).sort({ at: -1 }).limit(200).lean(),
    DocEditMark.find({ docId }, { actorId: 1, at: 1 }).limit(20_000).lean(),
  ]);
  const names = await displayNames(ctx, [...vs.map((v) => v.createdBy), ...marks.map((m) => m.actorId)]);
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
  docChanged(ctx, input.groupId, input.docId);
  const { versions } = await versionsOf(ctx, doc._id);
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
  return (await versionsOf(ctx, doc._id)).versions;
}

/** The versions page: the document, its versions with their editors, who edited since the newest, and what the actor may do. */
export async function getVersionsPage(ctx: ServiceContext, input: { groupId: string; docId: string }) {
  const { doc, canWrite } = await loadDocumentFor(ctx, input.groupId, input.docId, "read");
  const [[document], history] = await Promise.all([documentDTOs(ctx, [doc]), versionsOf(ctx, doc._id)]);
  return { document, canWrite, ...history };
}

async function loadVersion(docId: unknown, versionId: string) {
  const v = isObjectId(versionId) ? await DocVersion.findOne({ _id: oid(versionId), docId }).lean() : null;
  if (!v) throw new DomainError("not_found");
  return v;
}

/**
 * A past version, read-only: its state as one Yjs update, its text, and its content as safe HTML
 * (the export's renderer: every text escaped, only http(s)/mailto links), with what the editor's
 * bounds left out of it (a version of a document that got in before the update check, decision 021).
 */
export async function getVersion(ctx: ServiceContext, input: { groupId: string; docId: string; versionId: string }) {
  const { doc, canWrite } = await loadDocumentFor(ctx, input.groupId, input.docId, "read");
  const v = await loadVersion(doc._id, input.versionId);
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, bytes(v.state));
  const text = plainText(ydoc);
  const { html, left } = htmlOf(ydoc);
  ydoc.destroy();
  const [document] = await documentDTOs(ctx, [doc]);
  return {
    id: String(v._id),
    name: v.name ?? "",
    auto: !!v.auto,
    charterVersion: v.charterVersion || null,
    at: v.at.toISOString(),
    state: bytes(v.state),
    text,
    html,
    left,
    document,
    canWrite,
  };
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
  docChanged(ctx, input.groupId, input.docId);
  return { ...res, kind: doc.kind as DocKind };
}

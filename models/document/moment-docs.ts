import type { Types } from "mongoose";
import { CollabDocument, type CollabDocumentRecord } from "./document.model";
import { Breakout } from "../moment/moment.model";
import { getMomentAccess, loadBreakoutFor } from "../moment/moment.access";
import { DomainError } from "../shared/errors";
import { ignoreDuplicateKey } from "../shared/duplicate-key";
import { isObjectId } from "../shared/ids";
import { oid } from "../shared/oid";
import type { Actor, Deps, ServiceContext } from "../shared/context";

// Documents scoped to a network moment (docs/decisions/072-moment-scoped-documents.md): a
// CollabDocument whose _id AND groupId are a Moment's _id is the facilitator's notes (facilitators
// write, participants read); one whose _id AND groupId are a Breakout's _id is that breakout's board
// (the facilitators and the participants seated in it write; nobody else learns it exists). Access
// is decided by models/moment/moment.access.ts, never by a group's policy. The collab path (join,
// batches, the room check) comes here when groupId === docId; the group-only features (list,
// versions page, export, comments) go through loadDocumentFor, which finds no group and refuses.

export const SCOPED_KINDS = ["moment_notes", "board"] as const;
export type ScopedKind = (typeof SCOPED_KINDS)[number];

/** What the actor may do with a moment scope's document. */
export interface ScopeAccess {
  kind: ScopedKind;
  canWrite: boolean;
}

/** Does (groupId, docId) name a moment-scoped document (the convention: both are the scope's id)? */
export const isScopedDoc = (groupId: string, docId: string) => groupId === docId;

const isScopedKind = (kind: string): kind is ScopedKind => (SCOPED_KINDS as readonly string[]).includes(kind);

/** The actor's access to the document of a moment or breakout `scopeId` (`kind` when the document
 *  names it), or null: no such scope, or the actor is not in it (not even seated in the breakout). */
export async function readScopeAccess(actor: Actor, scopeId: string, kind?: ScopedKind): Promise<ScopeAccess | null> {
  if (!isObjectId(scopeId)) return null;
  if (kind !== "board") {
    const moment = await getMomentAccess(actor, scopeId);
    if (moment) return { kind: "moment_notes", canWrite: moment.role === "facilitator" };
    if (kind === "moment_notes") return null;
  }
  try {
    await loadBreakoutFor(actor, scopeId);
    return { kind: "board", canWrite: true };
  } catch (e) {
    if (e instanceof DomainError && e.code === "not_found") return null;
    throw e;
  }
}

/** readScopeAccess from the node's memory (ctx.node.scopes, decision 058's cache): no read while the
 *  node is fresh and nothing about the scope's access changed since (scopeAccessChanged, leaveBoard). */
async function scopeAccessCached(ctx: ServiceContext, scopeId: string, kind?: ScopedKind): Promise<ScopeAccess | null> {
  const cache = ctx.node.scopes;
  const kept = cache.get(scopeId, ctx.actor.id);
  if (kept) return kept;
  const ticket = cache.ticket(scopeId);
  const access = await readScopeAccess(ctx.actor, scopeId, kind);
  if (access) cache.put(scopeId, ctx.actor.id, ticket, access);
  return access;
}

/** The scope's document, created by an idempotent insert (_id = groupId = scopeId) on first use. */
export async function ensureMomentDocument(ctx: ServiceContext, scopeId: string, kind: ScopedKind) {
  const existing = await CollabDocument.findById(scopeId).lean();
  if (existing) return existing;
  await CollabDocument.create({
    _id: oid(scopeId),
    groupId: oid(scopeId),
    kind,
    title: kind,
    createdBy: oid(ctx.actor.id),
    lastEditorId: null,
  }).catch(ignoreDuplicateKey);
  const doc = await CollabDocument.findById(scopeId).lean();
  if (!doc) throw new Error(`moment document ${scopeId} was not created`);
  return doc;
}

export type ScopedDoc = CollabDocumentRecord & { _id: Types.ObjectId };

/**
 * The gate of a moment-scoped document: the scope's access (moment.access.ts), then the document,
 * created on first open. An outsider, another breakout's participant, or a participant no longer
 * seated gets not_found; a participant writing the facilitator's notes gets forbidden. With
 * `cached`, the access comes from the node's cache (a batch through the socket door).
 */
export async function loadScopedDocFor(ctx: ServiceContext, scopeId: string, mode: "read" | "write", cached = false) {
  const existing = isObjectId(scopeId) ? await CollabDocument.findById(scopeId).lean() : null;
  // A group's document never has its own id as its group: anything else here is not a scope's.
  if (existing && (String(existing.groupId) !== scopeId || !isScopedKind(existing.kind))) throw new DomainError("not_found");
  const kind = existing && isScopedKind(existing.kind) ? existing.kind : undefined;
  const access = cached ? await scopeAccessCached(ctx, scopeId, kind) : await readScopeAccess(ctx.actor, scopeId, kind);
  if (!access) throw new DomainError("not_found");
  if (mode === "write" && !access.canWrite) throw new DomainError("forbidden");
  const doc = existing ?? (await ensureMomentDocument(ctx, scopeId, access.kind));
  return { doc: doc as ScopedDoc, canWrite: access.canWrite && !doc.archived };
}

/** Of `actors`, those who may read the scope's document now (the room check, decision 020). */
export async function scopeReaders(scopeId: string, actors: Actor[]): Promise<Set<string>> {
  const answers = await Promise.all(actors.map((a) => readScopeAccess(a, scopeId)));
  return new Set(actors.filter((_, i) => answers[i] !== null).map((a) => a.id));
}

/**
 * Something about who may use a moment's documents changed (its facilitators, its invited groups,
 * its status): every node forgets what it kept of the moment's notes and of each of its breakouts'
 * boards. A seat that moves calls publisher.leaveBoard instead (it also closes the board).
 */
export async function scopeAccessChanged(ctx: Pick<Deps, "node" | "publisher">, momentId: string) {
  const breakouts = isObjectId(momentId) ? await Breakout.find({ momentId: oid(momentId) }, { _id: 1 }).lean() : [];
  for (const id of [momentId, ...breakouts.map((b) => String(b._id))]) {
    ctx.node.scopes.invalidate(id);
    ctx.publisher.accessChanged(id);
  }
}

// Attachments (issue 20, decisions 083 and 084): uploads (pending, the uploader's), attaching them
// to an owner (a message, a case, a meeting...), the owner's list, downloads under the owner's own
// read policy, removal with the owner, the sweep of old pending uploads, a user's files.
import { Readable, Transform } from "node:stream";
import { Types } from "mongoose";
import { loadGroupFor } from "../group/group.service";
import type { NodeContext, ServiceContext } from "../shared/context";
import { isDuplicateKey } from "../shared/duplicate-key";
import { DomainError, isDomainError } from "../shared/errors";
import { isObjectId } from "../shared/ids";
import { spendSendBudget } from "../shared/send-budget";
import { ALLOWED_TYPES, DEFAULT_MAX_MB, MAX_OWNER_FILES, type OwnerKind, PENDING_TTL_MS } from "./attachment.constants";
import { type AttachmentDto, fileUrl } from "./attachment.dto";
import { Attachment, AttachmentClaim, type AttachmentRecord } from "./attachment.model";
import { detectType, processImage, SNIFF_BYTES, safeName } from "./file-safety";
import { OWNER_READERS } from "./owners";
import { createStorage, type FileStorage, type StorageKind } from "./storage";

/** What an attachment belongs to. */
export interface Owner {
  kind: OwnerKind;
  id: string;
}
const keyOf = (o: Owner) => `${o.kind}:${o.id}`;
/** Most pending uploads the upload route lists (older ones are swept within a day anyway). */
const PENDING_LISTED = 50;

/** The node's file settings (NodeState.files): where bytes go, and the upload limit. */
export interface FileNode {
  storage: FileStorage;
  maxBytes: number;
}

export function createFileNode(opts: { storage?: StorageKind; maxMb?: number } = {}): FileNode {
  return { storage: createStorage(opts.storage), maxBytes: Math.round((opts.maxMb ?? DEFAULT_MAX_MB) * 1024 * 1024) };
}

type AttachmentDoc = AttachmentRecord & { _id: Types.ObjectId };

/** The DTO every door sends. */
export function toAttachmentDto(a: AttachmentDoc): AttachmentDto {
  const url = fileUrl(String(a.groupId), String(a._id));
  return {
    id: String(a._id),
    name: a.name,
    type: a.type,
    size: a.size,
    kind: a.kind as AttachmentDto["kind"],
    url,
    thumbUrl: a.thumbKey ? `${url}/thumb` : null,
    ...(a.width && a.height ? { width: a.width, height: a.height } : {}),
  };
}

const tooLarge = () => new DomainError("invalid_input", [{ path: "file", code: "too_large" }], { reason: "file_too_large" });
const badType = () => new DomainError("invalid_input", [{ path: "file", code: "type" }], { reason: "file_type" });

/** Counts the bytes through it and fails the stream past `max`. */
function limitBytes(max: number) {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > max) done(tooLarge());
      else done(null, chunk);
    },
  });
}

/** The first `n` bytes of `src` (fewer if it ends), and the whole stream again from its start. */
async function peek(src: Readable, n: number): Promise<{ head: Buffer; all: Readable }> {
  const it = src[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < n) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    chunks.push(r.value);
    length += r.value.length;
  }
  const head = Buffer.concat(chunks);
  async function* again() {
    yield head;
    if (done) return;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  return { head, all: Readable.from(again(), { objectMode: false }) };
}

async function collect(src: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of src) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Refuses (as upload would) an actor who may not upload into the group: the route asks before it reads a body. */
export async function assertCanUpload(ctx: ServiceContext, groupId: string): Promise<void> {
  await loadGroupFor(ctx.actor, groupId, "thread.post");
}

/** The actor's pending uploads in the group (not attached to anything yet), oldest first. */
export async function listPending(ctx: ServiceContext, groupId: string): Promise<AttachmentDto[]> {
  const { group } = await loadGroupFor(ctx.actor, groupId, "thread.post");
  // By the uploader's index, bounded: what one composer could hold and more.
  const docs = await Attachment.find({ uploaderId: new Types.ObjectId(ctx.actor.id), groupId: group._id, owner: null })
    .sort({ createdAt: 1, _id: 1 })
    .limit(PENDING_LISTED)
    .lean<AttachmentDoc[]>();
  return docs.map(toAttachmentDto);
}

/**
 * Takes one uploaded file into a group, streamed: refused past the node's limit while it streams
 * (nothing kept), refused unless its content is an allowed type, an image re-encoded without its
 * metadata and with a thumbnail. Pending (the uploader's) until a service attaches it.
 */
export async function upload(ctx: ServiceContext, input: { groupId: string; name: string; stream: Readable }): Promise<AttachmentDto> {
  const { groupId, stream } = input;
  try {
    const { group } = await loadGroupFor(ctx.actor, groupId, "thread.post");
    await spendSendBudget(ctx);
    const { storage, maxBytes } = ctx.node.files;
    const limited = stream.pipe(limitBytes(maxBytes));
    stream.once("error", (e) => limited.destroy(e));
    const { head, all } = await peek(limited, SNIFF_BYTES);
    const ext = await detectType(head, input.name);
    if (!ext) {
      all.destroy();
      throw badType();
    }
    const { mime, kind } = ALLOWED_TYPES[ext];
    const stored: string[] = [];
    try {
      let file: { key: string; size: number };
      let image: { width: number; height: number; thumbKey: string; thumbSize: number } | null = null;
      if (kind === "image") {
        // sharp decodes from memory; the limit above bounds it (decision 084).
        const processed = await processImage(await collect(all), ext as "jpg" | "png" | "webp" | "gif").catch((e: unknown) => {
          throw isDomainError(e) ? e : badType();
        });
        file = await storage.put(Readable.from([processed.data]), { contentType: mime });
        stored.push(file.key);
        const thumb = await storage.put(Readable.from([processed.thumb]), { contentType: "image/webp" });
        stored.push(thumb.key);
        image = { width: processed.width, height: processed.height, thumbKey: thumb.key, thumbSize: thumb.size };
      } else {
        file = await storage.put(all, { contentType: mime });
        stored.push(file.key);
      }
      const doc = await Attachment.create({
        groupId: group._id,
        uploaderId: new Types.ObjectId(ctx.actor.id),
        name: safeName(input.name, ext),
        ext,
        type: mime,
        kind,
        size: file.size,
        fileKey: file.key,
        thumbKey: image?.thumbKey ?? null,
        thumbSize: image?.thumbSize ?? null,
        width: image?.width ?? null,
        height: image?.height ?? null,
        owner: null,
        createdAt: new Date(),
      });
      return toAttachmentDto(doc.toObject() as AttachmentDoc);
    } catch (e) {
      await Promise.all(stored.map((k) => storage.delete(k).catch(() => undefined)));
      throw e;
    }
  } finally {
    if (!stream.destroyed && !stream.readableEnded) stream.resume();
  }
}

const unknownAttachment = () => new DomainError("invalid_input", [{ path: "attachmentIds", code: "invalid" }], { reason: "attachment" });

/**
 * Attaches the actor's own pending uploads in the group to `owner` (idempotent for the same owner).
 * Each is claimed by a unique insert, so two owners never both get one; a refusal takes back what
 * this call claimed. The caller has checked that the actor may write to the owner.
 */
export async function attach(ctx: ServiceContext, groupId: string, owner: Owner, ids: string[]): Promise<AttachmentDto[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const key = keyOf(owner);
  const docs = await Promise.all(unique.map((id) => (isObjectId(id) ? Attachment.findById(id).lean<AttachmentDoc>() : null)));
  for (const a of docs) {
    if (!a || String(a.groupId) !== groupId || String(a.uploaderId) !== ctx.actor.id || (a.owner !== null && a.owner !== key))
      throw unknownAttachment();
  }
  const claimed: string[] = [];
  try {
    // In turn and in one order for everyone (at most MAX_ATTACHMENTS): of two owners racing for the
    // same uploads, the one that takes the first gets them all, the other stops there.
    for (const id of [...unique].sort()) {
      try {
        await AttachmentClaim.create({ _id: id, owner: key, ownerKind: owner.kind });
        claimed.push(id);
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
        const held = await AttachmentClaim.findById(id).lean();
        if (held?.owner !== key) throw unknownAttachment();
      }
    }
  } catch (e) {
    await Promise.all(claimed.map((id) => AttachmentClaim.deleteOne({ _id: id })));
    throw e;
  }
  await Promise.all(unique.map((id) => Attachment.updateOne({ _id: id }, { $set: { owner: key } })));
  return (docs as AttachmentDoc[]).map((a) => toAttachmentDto({ ...a, owner: key }));
}

/** The attachments of each owner (in upload order), by "<kind>:<id>"; none: no entry. */
export async function listFor(owners: Owner[]): Promise<Map<string, AttachmentDto[]>> {
  const out = new Map<string, AttachmentDto[]>();
  if (!owners.length) return out;
  const found = await Attachment.find({ owner: { $in: owners.map(keyOf) } })
    .sort({ createdAt: 1, _id: 1 })
    // An owner holds at most MAX_OWNER_FILES (a soft cap: attaches racing may pass it by a few).
    .limit(owners.length * (MAX_OWNER_FILES + 10))
    .lean<AttachmentDoc[]>();
  for (const a of found) out.set(a.owner!, [...(out.get(a.owner!) ?? []), toAttachmentDto(a)]);
  return out;
}

/** Deletes the files of attachment documents (bytes, thumbnail, metadata, claim). */
async function removeDocs(ctx: NodeContext, docs: AttachmentDoc[]) {
  const { storage } = ctx.node.files;
  await Promise.all(
    docs.map(async (a) => {
      await Promise.all([storage.delete(a.fileKey), a.thumbKey ? storage.delete(a.thumbKey) : null]);
      await Attachment.deleteOne({ _id: a._id });
      await AttachmentClaim.deleteOne({ _id: String(a._id) });
    }),
  );
  return docs.length;
}

/** Deletes an owner's files with it (also those claimed but not yet marked). Idempotent. */
export async function removeFor(ctx: NodeContext, owner: Owner): Promise<number> {
  const key = keyOf(owner);
  const claims = await AttachmentClaim.find({ owner: key }, { _id: 1 }).lean();
  const byClaim = await Promise.all(claims.map((c) => Attachment.findById(c._id).lean<AttachmentDoc>()));
  const byOwner = await Attachment.find({ owner: key }).lean<AttachmentDoc[]>();
  const all = new Map([...byOwner, ...byClaim.filter((a): a is AttachmentDoc => !!a)].map((a) => [String(a._id), a]));
  return removeDocs(ctx, [...all.values()]);
}

// ---- files on a page (cases, meetings, assignments: issue 20 round two) --------------------------

/** Attaches one of the actor's uploads to `owner`, which holds at most MAX_OWNER_FILES (a soft cap:
 *  two racing attaches may pass it by one). The caller has checked that the actor may write to it. */
export async function attachOne(ctx: ServiceContext, groupId: string, owner: Owner, fileId: string): Promise<AttachmentDto> {
  const held = await Attachment.countDocuments({ owner: keyOf(owner) });
  if (held >= MAX_OWNER_FILES)
    throw new DomainError("invalid_input", [{ path: "fileId", code: "owner_files_full" }], { reason: "owner_files_full" });
  const [dto] = await attach(ctx, groupId, owner, [fileId]);
  return dto;
}

/** The owner's attachment `fileId` (not_found if it is not the owner's). */
export async function findOwned(owner: Owner, fileId: string): Promise<AttachmentDoc> {
  const a = isObjectId(fileId) ? await Attachment.findById(fileId).lean<AttachmentDoc>() : null;
  if (!a || a.owner !== keyOf(owner)) throw new DomainError("not_found");
  return a;
}

/** Deletes one attachment of an owner (the caller checked who may). */
export async function removeOne(ctx: NodeContext, owner: Owner, fileId: string): Promise<void> {
  await removeDocs(ctx, [await findOwned(owner, fileId)]);
}

/** The attachments of one owner, in upload order. */
export async function filesOf(owner: Owner): Promise<AttachmentDto[]> {
  return (await listFor([owner])).get(keyOf(owner)) ?? [];
}

/** An attachment to download: its DTO and its bytes (or its thumbnail's). */
export interface OpenedFile {
  attachment: AttachmentDto;
  type: string;
  size: number;
  stream: Readable;
}

/**
 * Opens an attachment for reading, under exactly its owner's read policy (a pending one: its
 * uploader, still a member). Anything else, whoever asks, is not_found.
 */
export async function open(ctx: ServiceContext, input: { groupId: string; fileId: string; thumb?: boolean }): Promise<OpenedFile> {
  const a = isObjectId(input.fileId) ? await Attachment.findById(input.fileId).lean<AttachmentDoc>() : null;
  if (!a || String(a.groupId) !== input.groupId) throw new DomainError("not_found");
  try {
    if (a.owner) {
      const [kind, ownerId] = a.owner.split(":") as [OwnerKind, string];
      await OWNER_READERS[kind](ctx, input.groupId, ownerId);
    } else {
      if (String(a.uploaderId) !== ctx.actor.id) throw new DomainError("not_found");
      await loadGroupFor(ctx.actor, input.groupId, "thread.read");
    }
  } catch (e) {
    // Forbidden or not found: the same answer (an outsider learns nothing; an organiser no content).
    if (isDomainError(e) && e.code !== "unavailable") throw new DomainError("not_found");
    throw e;
  }
  if (input.thumb && !a.thumbKey) throw new DomainError("not_found");
  const key = input.thumb ? a.thumbKey! : a.fileKey;
  return {
    attachment: toAttachmentDto(a),
    type: input.thumb ? "image/webp" : a.type,
    size: input.thumb ? (a.thumbSize ?? 0) : a.size,
    stream: ctx.node.files.storage.get(key),
  };
}

/** Deletes pending uploads older than a day (the scheduler's job). A claim by "swept" first, so an
 *  upload attached at the same moment is never swept (whichever claim lands wins). */
export async function sweepPending(ctx: NodeContext, now = new Date()): Promise<number> {
  const old = await Attachment.find({ owner: null, createdAt: { $lt: new Date(now.getTime() - PENDING_TTL_MS) } }).lean<AttachmentDoc[]>();
  const swept: AttachmentDoc[] = [];
  for (const a of old) {
    try {
      await AttachmentClaim.create({ _id: String(a._id), owner: "swept", ownerKind: "swept" });
      swept.push(a);
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      // Attached meanwhile: its owner's mark was not written yet; write it.
      const held = await AttachmentClaim.findById(String(a._id)).lean();
      if (held && held.owner !== "swept") await Attachment.updateOne({ _id: a._id }, { $set: { owner: held.owner } });
      else if (held) swept.push(a);
    }
  }
  return removeDocs(ctx, swept);
}

/** The files a user uploaded (export): metadata and a way to read each. */
export async function filesOfUser(userId: string) {
  return Attachment.find({ uploaderId: new Types.ObjectId(userId) })
    .sort({ createdAt: 1 })
    .lean<AttachmentDoc[]>();
}

/** Reads a stored file whole (the export's zip; bounded by the upload limit). */
export async function readWhole(storage: FileStorage, key: string): Promise<Buffer> {
  return collect(storage.get(key));
}

/** Deletes the given attachments (erasure), whatever they belong to. */
export async function removeAttachments(ctx: NodeContext, docs: AttachmentDoc[]) {
  return removeDocs(ctx, docs);
}

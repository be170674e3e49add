import { randomBytes } from "node:crypto";
import { can } from "../group/group.policy";
import { loadGroupFor } from "../group/group.service";
import { activeMembers } from "../group/memberships";
import type { ServiceContext } from "../shared/context";
import { ignoreDuplicateKey, isDuplicateKey } from "../shared/duplicate-key";
import { DomainError } from "../shared/errors";
import { objectIdString } from "../shared/ids";
import { oid } from "../shared/oid";
import { displayNames } from "../user/user.service";
import { ProtocolArchive, ProtocolVersion, protocolVersionKey } from "./group-protocol.model";
import { ArchiveProtocolInput, checkDraft, ProtocolSourceInput, SaveProtocolInput } from "./protocol-form.inputs";
import { Protocol } from "./protocol.inputs";
import { expandProtocol, MAX_MEMBERS, type ProtocolStep } from "./protocol.steps";
import { builtInProtocols } from "./protocols/index";

/** The protocols a group can run (the built-in ones), for a member who may see the group's
 *  content; anyone else gets not_found, like every group thing. */
export async function listProtocols(ctx: ServiceContext, groupId: string): Promise<Protocol[]> {
  await loadGroupFor(ctx.actor, groupId, "group.content");
  return builtInProtocols();
}

// ---- a group's own protocols (decision 033) ----------------------------------------------------

export interface GroupProtocolDTO {
  /** The latest version. */
  protocol: Protocol;
  basedOn: { id: string; version: number };
  archived: boolean;
  savedAt: string;
  savedBy: string;
}

export interface GroupProtocolsDTO {
  builtIns: Protocol[];
  copies: GroupProtocolDTO[];
  /** The actor may copy, adapt and archive. */
  canEdit: boolean;
}

const builtIn = (id: string) => builtInProtocols().find((p) => p.id === id) ?? null;

/** Every version row of the group's copies, latest first per copy (a group's scale: a scan is fine). */
async function latestVersions(groupId: string) {
  const rows = await ProtocolVersion.find({ groupId: oid(groupId) }).lean();
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if ((latest.get(r.protocolId)?.version ?? 0) < r.version) latest.set(r.protocolId, r);
  return [...latest.values()];
}

async function latestVersion(groupId: string, protocolId: string) {
  const rows = await ProtocolVersion.find({ groupId: oid(groupId), protocolId }, { version: 1 }).lean();
  return rows.reduce((max, r) => Math.max(max, r.version), 0);
}

/** The exact snapshot of a group copy at a version, as the schema parses it; null when there is none.
 *  No access check: for the round engine, which checks the group itself before it starts a round. */
export async function getProtocolVersion(groupId: string, id: string, version: number): Promise<Protocol | null> {
  if (!objectIdString.safeParse(groupId).success || !Number.isInteger(version)) return null;
  const row = await ProtocolVersion.findById(protocolVersionKey(groupId, id, version)).lean();
  return row ? Protocol.parse(row.definition) : null;
}

/** A protocol the group can run, by id: a built-in one, or the latest version of a group copy
 *  (with that version); null when the group has no such protocol. No access check (callers do it). */
export async function resolveProtocol(
  groupId: string,
  id: string,
): Promise<{ protocol: Protocol; copy: false } | { protocol: Protocol; copy: true; version: number } | null> {
  const b = builtIn(id);
  if (b) return { protocol: b, copy: false };
  const version = await latestVersion(groupId, id);
  const protocol = version ? await getProtocolVersion(groupId, id, version) : null;
  return protocol ? { protocol, copy: true, version } : null;
}

/** The Werkvormen tab: the built-in protocols and the group's copies (latest version each). */
export async function listGroupProtocols(ctx: ServiceContext, groupId: string): Promise<GroupProtocolsDTO> {
  const { access } = await loadGroupFor(ctx.actor, groupId, "group.content");
  const [rows, archived] = await Promise.all([latestVersions(groupId), ProtocolArchive.find({ groupId: oid(groupId) }, { _id: 1 }).lean()]);
  const archivedIds = new Set(archived.map((a) => String(a._id)));
  const names = await displayNames(
    ctx,
    rows.map((r) => r.createdBy),
  );
  const copies = rows
    .map((r) => ({
      protocol: Protocol.parse(r.definition),
      basedOn: { id: r.basedOn?.id ?? "", version: r.basedOn?.version ?? 1 },
      archived: archivedIds.has(`${groupId}:${r.protocolId}`),
      savedAt: r.createdAt.toISOString(),
      savedBy: names.get(String(r.createdBy)) ?? "",
    }))
    .sort((a, b) => a.protocol.name.nl.localeCompare(b.protocol.name.nl, "nl"));
  return { builtIns: builtInProtocols(), copies, canEdit: can(access, "protocol.write") };
}

export interface ProtocolDraftDTO {
  draft: Protocol;
  /** The group copy being adapted; null for a new copy. */
  protocolId: string | null;
  /** The version the edit starts from (a save makes the next one). */
  baseVersion: number;
  basedOn: { id: string; version: number };
}

/** The editor's starting point: a copy of a built-in or a group copy (a new protocol), or a group
 *  copy's latest version to adapt. Nothing is stored until it is saved. */
export async function protocolDraft(ctx: ServiceContext, input: unknown): Promise<ProtocolDraftDTO> {
  const v = ProtocolSourceInput.safeParse(input);
  if (!v.success || (!v.data.from && !v.data.id)) throw new DomainError("not_found");
  await loadGroupFor(ctx.actor, v.data.groupId, "protocol.write");
  const source = await resolveProtocol(v.data.groupId, (v.data.id ?? v.data.from) as string);
  if (!source || (v.data.id && !source.copy)) throw new DomainError("not_found");
  const basedOn = { id: source.protocol.id, version: source.protocol.version };
  if (v.data.id && source.copy) return { draft: source.protocol, protocolId: source.protocol.id, baseVersion: source.version, basedOn };
  const suffix = (text: string, add: string) => `${text.slice(0, 80 - add.length)}${add}`;
  const draft = {
    ...source.protocol,
    name: { nl: suffix(source.protocol.name.nl, " (aangepast)"), en: suffix(source.protocol.name.en, " (adapted)") },
  };
  return { draft, protocolId: null, baseVersion: 0, basedOn };
}

/** Refuses (not_found, forbidden) anyone who may not copy and adapt the group's protocols. */
export async function assertCanEditProtocols(ctx: ServiceContext, groupId: string): Promise<void> {
  await loadGroupFor(ctx.actor, groupId, "protocol.write");
}

export interface ProtocolPreviewDTO {
  /** The number of people the preview counts: the group's leaders and coaches. */
  members: number;
  steps: ProtocolStep[];
  /** The steps' minutes added up (loops not counted: the chair decides those during the round). */
  totalMinutes: number;
}

export type CheckedProtocol = { ok: true; protocol: Protocol; preview: ProtocolPreviewDTO } | { ok: false; errors: Record<string, string> };

async function previewFor(groupId: string, protocol: Protocol): Promise<ProtocolPreviewDTO> {
  const people = (await activeMembers(groupId)).filter((m) => m.role !== "guest").length;
  const members = Math.min(MAX_MEMBERS, Math.max(1, people));
  const steps = expandProtocol(protocol, members);
  return { members, steps, totalMinutes: steps.reduce((sum, s) => sum + s.timer.minutes, 0) };
}

/** Checks a draft with the protocol schema (every rule, per field) and shows the steps it makes for
 *  the group's size; changes nothing. */
export async function previewProtocol(ctx: ServiceContext, groupId: string, draft: unknown): Promise<CheckedProtocol> {
  await loadGroupFor(ctx.actor, groupId, "protocol.write");
  const checked = checkDraft(draft);
  if (!checked.ok) return checked;
  return { ok: true, protocol: checked.protocol, preview: await previewFor(groupId, checked.protocol) };
}

/** Saves a draft as the next version of a group copy (version 1 of a new copy): one insert under
 *  the unique key (group, id, version). Someone else's save of the same version first: conflict
 *  (reason "protocol_changed"), nothing written. */
export async function saveProtocol(ctx: ServiceContext, input: unknown): Promise<CheckedProtocol & { version?: number }> {
  const v = SaveProtocolInput.safeParse(input);
  if (!v.success) throw new DomainError("invalid_input");
  const { groupId, protocolId, baseVersion, basedOn } = v.data;
  await loadGroupFor(ctx.actor, groupId, "protocol.write");
  if (protocolId && (builtIn(protocolId) || !(await latestVersion(groupId, protocolId)))) throw new DomainError("not_found");
  if (!protocolId && !(await resolveProtocol(groupId, basedOn.id))) throw new DomainError("not_found");
  // A new copy's id: its source's, made unique in the group (a built-in's id never names a copy).
  const id = protocolId ?? `${basedOn.id.slice(0, 30)}-${randomBytes(4).toString("hex")}`;
  const version = baseVersion + 1;
  const checked = checkDraft({ ...(v.data.draft as object), id, version });
  if (!checked.ok) return checked;
  try {
    await ProtocolVersion.create({
      _id: protocolVersionKey(groupId, id, version),
      groupId: oid(groupId),
      protocolId: id,
      version,
      definition: checked.protocol,
      basedOn,
      createdBy: oid(ctx.actor.id),
    });
  } catch (e) {
    if (isDuplicateKey(e)) throw new DomainError("conflict", undefined, { reason: "protocol_changed" });
    throw e;
  }
  return { ...checked, preview: await previewFor(groupId, checked.protocol), version };
}

/** Archives a group copy (it leaves the choice of protocols; its versions stay for the rounds that
 *  ran it) or restores it. Idempotent: an insert or a delete of "<group>:<id>". */
export async function archiveProtocol(ctx: ServiceContext, input: unknown): Promise<void> {
  const v = ArchiveProtocolInput.safeParse(input);
  if (!v.success) throw new DomainError("invalid_input");
  const { groupId, protocolId } = v.data;
  await loadGroupFor(ctx.actor, groupId, "protocol.write");
  if (!(await latestVersion(groupId, protocolId))) throw new DomainError("not_found");
  const _id = `${groupId}:${protocolId}`;
  if (v.data.archived === "false") await ProtocolArchive.deleteOne({ _id });
  else await ProtocolArchive.create({ _id, groupId: oid(groupId), by: oid(ctx.actor.id) }).catch(ignoreDuplicateKey);
}

/** Whether a group copy is archived (archived copies are not offered for new rounds). */
export const isArchived = async (groupId: string, protocolId: string) =>
  !!(await ProtocolArchive.exists({ _id: `${groupId}:${protocolId}` }));

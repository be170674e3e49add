import { isDuplicateKey } from "../shared/duplicate-key";
import { createHash } from "node:crypto";
import { Types } from "mongoose";
import { CharterVersion } from "./charter.model";
import { CollabDocument } from "../document/document.model";
import { contentFromText, plainText } from "../collab/doc-store";
import { htmlBody, markdownBody, textToHtml } from "../document/export";
import { insertDocument } from "../document/document.service";
import { replaceContent } from "../document/collab.service";
import { keepProposedCharterState } from "../document/version.service";
import { Group, Membership } from "../group/group.model";
import { getGroupAccess, loadGroupFor } from "../group/group.service";
import { accessChanged, membershipId } from "../group/memberships";
import { decide } from "../group/group.policy";
import { recordAudit } from "../audit/audit.service";
import { DomainError } from "../shared/errors";
import { assertCurrentVersion, insertVersion } from "../shared/agreement";
import { oid } from "../shared/oid";
import type { ServiceContext } from "../shared/context";

export interface CharterDTO {
  groupId: string;
  groupName: string;
  version: number;
  text: string;
  /** The fixed text as safe HTML (escaped by the export renderer). */
  html: string;
  acceptedVersion: number;
  createdAt: string | null;
}

/** The current charter and whether the actor accepted it. Readable before acceptance. */
export async function getCharter(ctx: ServiceContext, groupId: string): Promise<CharterDTO> {
  const { group, access } = await loadGroupFor(ctx.actor, groupId, "charter.read");
  const current = group.charterVersion ? await CharterVersion.findOne({ groupId: group._id, version: group.charterVersion }).lean() : null;
  return {
    groupId: String(group._id),
    groupName: group.name,
    version: group.charterVersion,
    text: current?.text ?? "",
    html: current?.html || textToHtml(current?.text ?? ""),
    acceptedVersion: access.membership?.acceptedCharterVersion ?? 0,
    createdAt: current?.createdAt.toISOString() ?? null,
  };
}

/** Accepts exactly the version the member read; a newer version in between is a conflict. */
export async function acceptCharter(ctx: ServiceContext, input: { groupId: string; version: number }) {
  const { group } = await loadGroupFor(ctx.actor, input.groupId, "charter.accept");
  assertCurrentVersion(input.version, group.charterVersion, { path: "version", code: "charter_changed" });
  const res = await Membership.updateOne(
    { _id: membershipId(group._id, ctx.actor.id), status: "active", acceptedCharterVersion: { $lt: input.version } },
    { $set: { acceptedCharterVersion: input.version } },
  );
  if (res.modifiedCount !== 1) return;
  accessChanged(ctx, group._id);
  await recordAudit(group._id, "charter_accepted", ctx.actor.id, null, { version: input.version });
  ctx.publisher.joinGroup(ctx.actor.id, String(group._id));
  // A removal or a newer version that landed meanwhile called leaveGroup before this join: check
  // again now that the sockets are in, as realtime/io.ts does at connect.
  const after = await getGroupAccess(ctx.actor, String(group._id));
  if (!after || decide(after.access, "group.view") !== "allow") ctx.publisher.leaveGroup(ctx.actor.id, String(group._id));
  ctx.publisher.toGroup(String(group._id), "group:changed", { groupId: String(group._id) });
}

/**
 * The group's one charter draft has an id derived from the group's: creating it is an insert of
 * that id, so two first visitors on two nodes create it once (a duplicate key means it exists).
 */
export const charterDraftId = (groupId: string) =>
  new Types.ObjectId(createHash("sha256").update(`charter-draft:${groupId}`).digest("hex").slice(0, 24));

export interface CharterDraftDTO {
  docId: string;
  canWrite: boolean;
  canPropose: boolean;
}

/**
 * The group's charter draft: a co-edited document of kind "charter", readable by every member
 * (also before accepting the current version), edited by those who may propose. Created on demand
 * by someone who may edit it, starting from the current version's text; null while there is none.
 */
export async function getCharterDraft(ctx: ServiceContext, groupId: string): Promise<CharterDraftDTO | null> {
  const { group, access } = await loadGroupFor(ctx.actor, groupId, "charter.draft.read");
  const id = charterDraftId(String(group._id));
  const canWrite = decide(access, "charter.draft.write") === "allow";
  let exists = !!(await CollabDocument.exists({ _id: id, groupId: group._id }));
  if (!exists && canWrite) {
    const current = await CharterVersion.findOne({ groupId: group._id, version: group.charterVersion }).lean();
    try {
      await insertDocument(
        ctx,
        String(group._id),
        "charter",
        "Vertrouwensafspraken",
        current?.text ? contentFromText(current.text) : undefined,
        id,
      );
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
    exists = true;
  }
  return exists ? { docId: String(id), canWrite, canPropose: decide(access, "charter.propose") === "allow" } : null;
}

const DRAFT_TOO_SHORT = new DomainError("invalid_input", [{ path: "draft", code: "too_short" }]);

/**
 * Stores a new version (leader or coach): the draft's current content frozen (plain text, HTML and
 * Markdown), or, without the editor, a posted `text`, which then becomes the draft's content too.
 * The author accepts it, everyone else is asked again. Later draft edits never change a version.
 */
export async function proposeCharter(ctx: ServiceContext, input: { groupId: string; text?: string }) {
  const { group } = await loadGroupFor(ctx.actor, input.groupId, "charter.propose");
  const next = group.charterVersion + 1;
  const draftId = charterDraftId(String(group._id));
  const draft = await CollabDocument.exists({ _id: draftId, groupId: group._id });
  let fixed: { text: string; html: string; markdown: string };
  if (input.text !== undefined) {
    fixed = { text: input.text, html: textToHtml(input.text), markdown: input.text };
  } else {
    if (!draft) throw DRAFT_TOO_SHORT;
    const { ydoc } = await ctx.node.collab.store.loadYDoc(String(draftId));
    fixed = { text: plainText(ydoc), html: htmlBody(ydoc), markdown: markdownBody(ydoc) };
    ydoc.destroy();
    if (fixed.text.trim().length < 10) throw DRAFT_TOO_SHORT;
    if (fixed.text.length > 20_000) throw new DomainError("invalid_input", [{ path: "draft", code: "too_long" }]);
  }
  // The unique (groupId, version) index decides between concurrent proposals: an insert is atomic
  // on FerretDB 1.24, a conditional update is not (it reads, then rewrites the document).
  await insertVersion(
    CharterVersion,
    { groupId: group._id, version: next, ...fixed, createdBy: oid(ctx.actor.id) },
    { path: "text", code: "charter_changed" },
  );
  await Group.updateOne({ _id: group._id, charterVersion: { $lt: next } }, { $set: { charterVersion: next } });
  await Membership.updateOne({ _id: membershipId(group._id, ctx.actor.id) }, { $set: { acceptedCharterVersion: next } });
  accessChanged(ctx, group._id);
  await recordAudit(group._id, "charter_versioned", ctx.actor.id, null, { version: next });
  const others = await Membership.find({ groupId: group._id, status: "active", userId: { $ne: oid(ctx.actor.id) } }, { userId: 1 }).lean();
  for (const m of others) {
    ctx.publisher.leaveGroup(String(m.userId), String(group._id));
    ctx.publisher.toUser(String(m.userId), "charter:versioned", { groupId: String(group._id), version: next });
  }
  if (draft) {
    const at = { groupId: String(group._id), docId: String(draftId) };
    if (input.text !== undefined) await replaceContent(ctx, at, contentFromText(input.text));
    // The draft's history shows what each version said.
    await keepProposedCharterState(ctx, { ...at, version: next });
  }
  return { version: next };
}

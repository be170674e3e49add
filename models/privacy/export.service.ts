// The export of one's own data (issue 17 item 4, decision 049): everything the user wrote and
// everything stored about them, as JSON and as readable (escaped) HTML in one zip, built in the
// background by the `privacy-exports` job, the link mailed, valid for a limited time, for that user only.
import { timingSafeEqual } from "node:crypto";
import { strToU8, zipSync } from "fflate";
import type { Model } from "mongoose";
import { AuditEvent } from "../audit/audit.model";
import { CoachNote } from "../coach/coach.model";
import { DocComment, DocCommentEntry } from "../comment/comment.model";
import { Case, CollabDocument, DocEditMark } from "../document/document.model";
import { GoalVersion } from "../goal/goal.model";
import { PracticeStory, StoryConsent } from "../story/story.model";
import { Group, Membership } from "../group/group.model";
import { roundWritingOf } from "../intervision/round.service";
import { isMessageKey, translate } from "../i18n/i18n";
import { toLocale } from "../i18n/locale";
import { Attendance, AssignmentResponse } from "../meeting/meeting-content.model";
import { SecondFactor } from "../mfa/mfa.model";
import { MailPrefsRecord } from "../notify/notify.model";
import { CheckIn, CheckInFeedback, Commitment, LearningQuestion } from "../plan/plan.model";
import type { Deps, ServiceContext } from "../shared/context";
import { isDuplicateKey } from "../shared/duplicate-key";
import { DomainError } from "../shared/errors";
import { isObjectId } from "../shared/ids";
import { oid } from "../shared/oid";
import { hashToken, randomToken } from "../session/session.service";
import { Session } from "../session/session.model";
import { Message, Notification, Thread } from "../thread/thread.model";
import { User } from "../user/user.model";
import { EXPORT_LINK_HOURS } from "./export.constants";
import type { DataExportDTO } from "./export.dto";
import { DataExport, DataExportChunk, DataExportClaim, type DataExportRecord } from "./export.model";
// Network moments' harvest (decision 074)
import { HarvestOffer, HarvestOutput, MomentCaseCopy } from "../moment/harvest.model";
// Attachments (issue 20, decision 083)
import { Attachment } from "../attachment/attachment.model";
import { filesOfUser, readWhole } from "../attachment/attachment.service";
import { createStorage } from "../attachment/storage";

const CHUNK_BYTES = 4 * 1024 * 1024;

const toDTO = (e: DataExportRecord): DataExportDTO => ({
  id: String(e._id),
  status: e.status,
  progress: e.progress,
  createdAt: e.createdAt.toISOString(),
  expiresAt: e.status === "ready" && e.expiresAt ? e.expiresAt.toISOString() : null,
});

/** The user's newest export, or null. */
export async function getExportStatus(ctx: ServiceContext): Promise<DataExportDTO | null> {
  const e = await DataExport.findOne({ userId: oid(ctx.actor.id) })
    .sort({ createdAt: -1, _id: -1 })
    .lean();
  return e ? toDTO(e as DataExportRecord) : null;
}

/** Asks for a new export; one at a time (a second request while one is queued or building is a conflict). */
export async function requestExport(ctx: ServiceContext): Promise<DataExportDTO> {
  const busy = await DataExport.findOne({ userId: oid(ctx.actor.id), status: { $in: ["queued", "building"] } }).lean();
  if (busy) throw new DomainError("conflict", [], { reason: "privacy_export_busy" });
  const e = await DataExport.create({ userId: oid(ctx.actor.id) });
  return toDTO(e.toObject() as DataExportRecord);
}

// ---- what is stored about a user -------------------------------------------------------------

// biome-ignore lint/suspicious/noExplicitAny: the sources differ in their schemas; only find is used.
type AnyModel = Model<any>;
type Plain = null | string | number | boolean | Plain[] | { [k: string]: Plain };

/** Fields that are secrets or machine state, never personal content: left out of the export. */
const HIDDEN = /^(__v|passwordHash|secret|hash|tokenHash|state|update|anchor|start|end)$/;

/** A stored record as plain JSON: ids and dates as strings, binaries and secrets left out. */
function plain(v: unknown): Plain {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (v instanceof Date) return v.toISOString();
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return null;
  const o = v as { _bsontype?: string; toHexString?: () => string };
  if (o._bsontype === "ObjectId" && o.toHexString) return o.toHexString();
  if (o._bsontype === "Binary") return null;
  if (Array.isArray(v)) return v.map(plain);
  const out: Record<string, Plain> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (!HIDDEN.test(k)) out[k] = plain(x);
  return out;
}

/** What erasure does with a source's records (decision 064): "delete" them; "group": what the user
 *  wrote in a group, removed or kept under "former member" as the group chose; "anonymise": kept
 *  under "former member" whatever the group chose (the group's record: agreed goal versions, audit). */
export type ErasureRule = "delete" | "group" | "anonymise";

/** The rule for every section of the export: a source without one does not compile (export and erasure cannot drift). */
export const ERASURE_RULES = {
  memberships: "delete",
  threads: "group",
  messages: "group",
  documentsEdited: "delete",
  cases: "group",
  comments: "group",
  commentReplies: "group",
  learningQuestions: "delete",
  checkIns: "delete",
  feedbackGiven: "group",
  commitments: "delete",
  goalVersions: "anonymise",
  assignmentAnswers: "delete",
  attendance: "delete",
  coachNotesAboutYou: "delete",
  coachNotesYouWrote: "group",
  notifications: "delete",
  sessions: "delete",
  auditAboutYou: "anonymise",
  // Sections built outside SOURCES (collectUserData).
  profile: "delete",
  secondFactor: "delete",
  mailPreferences: "delete",
  groups: "anonymise", // names of the groups referred to: the groups' own
  documents: "anonymise", // titles of the documents referred to: rewritten (erase-docs.ts)
  rounds: "group",
  feedback360: "delete",
  // Practice stories (decision 055): per-leader records whose ids name the author, so they go in both group choices.
  practiceStories: "delete",
  storyConsents: "delete",
  // Network moments' harvest (decision 074): the case copies one brought are theirs (deleted); the
  // outputs one published and the offers one made are the table's and the group's (a former participant).
  momentCaseCopies: "delete",
  momentOutputs: "anonymise",
  momentOffers: "anonymise",
  // Attachments (decision 083): the files one uploaded go with what they belong to (a message removed
  // in a "remove" group takes its files; kept ones name a former member); unsent uploads are deleted.
  attachments: "group",
} as const satisfies Record<string, ErasureRule>;
export type SourceKey = keyof typeof ERASURE_RULES;

interface Source {
  /** The section's key in data.json and the catalogue's `privacy_export_section_<key>`; erasure's rule is ERASURE_RULES[key]. */
  key: SourceKey;
  model: AnyModel;
  filter: (userId: ReturnType<typeof oid>) => Record<string, unknown>;
  /** Only these fields (for records that also hold others' data or secrets). */
  fields?: string[];
}

/** Every kind of record that holds what the user wrote or what is stored about them. */
export const SOURCES: Source[] = [
  {
    key: "memberships",
    model: Membership,
    filter: (u) => ({ userId: u }),
    fields: ["groupId", "role", "status", "guestKind", "createdAt"],
  },
  { key: "threads", model: Thread, filter: (u) => ({ createdBy: u }), fields: ["groupId", "title", "createdAt"] },
  {
    key: "messages",
    model: Message,
    filter: (u) => ({ authorId: u }),
    fields: ["groupId", "threadId", "text", "createdAt", "editedAt", "deleted"],
  },
  { key: "documentsEdited", model: DocEditMark, filter: (u) => ({ actorId: u }), fields: ["docId", "at"] },
  { key: "cases", model: Case, filter: (u) => ({ bringerId: u }), fields: ["groupId", "title", "status", "createdAt"] },
  { key: "comments", model: DocComment, filter: (u) => ({ authorId: u }), fields: ["groupId", "docId", "quote", "body", "createdAt"] },
  {
    key: "commentReplies",
    model: DocCommentEntry,
    filter: (u) => ({ authorId: u }),
    fields: ["groupId", "commentId", "kind", "body", "at"],
  },
  { key: "learningQuestions", model: LearningQuestion, filter: (u) => ({ userId: u }) },
  { key: "checkIns", model: CheckIn, filter: (u) => ({ userId: u }) },
  { key: "feedbackGiven", model: CheckInFeedback, filter: (u) => ({ authorId: u }) },
  { key: "commitments", model: Commitment, filter: (u) => ({ userId: u }) },
  { key: "goalVersions", model: GoalVersion, filter: (u) => ({ createdBy: u }) },
  { key: "assignmentAnswers", model: AssignmentResponse, filter: (u) => ({ userId: u }) },
  // Practice stories and the consent to share them (decision 055)
  { key: "practiceStories", model: PracticeStory, filter: (u) => ({ authorId: u }) },
  { key: "storyConsents", model: StoryConsent, filter: (u) => ({ authorId: u }) },
  { key: "attendance", model: Attendance, filter: (u) => ({ userId: u }) },
  // Coaching notes about the user (they read them already, decision 038) and those a coach wrote.
  { key: "coachNotesAboutYou", model: CoachNote, filter: (u) => ({ memberId: u }), fields: ["groupId", "text", "createdAt"] },
  { key: "coachNotesYouWrote", model: CoachNote, filter: (u) => ({ authorId: u }), fields: ["groupId", "memberId", "text", "createdAt"] },
  { key: "notifications", model: Notification, filter: (u) => ({ userId: u }) },
  { key: "sessions", model: Session, filter: (u) => ({ userId: u }), fields: ["userAgent", "createdAt", "lastSeenAt", "expiresAt"] },
  // Network moments' harvest (decision 074)
  { key: "momentCaseCopies", model: MomentCaseCopy, filter: (u) => ({ broughtBy: u }), fields: ["momentId", "title", "text", "at"] },
  { key: "momentOutputs", model: HarvestOutput, filter: (u) => ({ publishedBy: u }), fields: ["momentId", "title", "text", "at"] },
  { key: "momentOffers", model: HarvestOffer, filter: (u) => ({ offeredBy: u }), fields: ["momentId", "groupId", "docId", "at"] },
  // Attachments (decision 083): the files themselves are in the zip's files/ folder, named by id.
  {
    key: "attachments",
    model: Attachment,
    filter: (u) => ({ uploaderId: u }),
    fields: ["groupId", "name", "type", "size", "kind", "owner", "createdAt"],
  },
  {
    key: "auditAboutYou",
    model: AuditEvent,
    filter: (u) => ({ $or: [{ subjectId: u }, { actorId: u }] }),
    fields: ["groupId", "type", "data", "at"],
  },
];

/** Everything stored about `userId`, section by section; `onProgress(0..1)` after each. */
export async function collectUserData(userId: string, onProgress: (share: number) => Promise<void> = async () => {}) {
  const u = oid(userId);
  const user = await User.findById(u).lean();
  if (!user) throw new DomainError("not_found");
  const data: Record<string, Plain> = {
    profile: plain({
      name: user.name,
      email: user.email,
      locale: user.locale,
      timeZone: user.timeZone,
      school: user.school,
      careerPhase: user.careerPhase,
      yearsAsLeader: user.yearsAsLeader,
      schoolLevel: user.schoolLevel,
      isOrganiser: user.isOrganiser,
      createdAt: user.createdAt,
    }),
  };
  const factor = await SecondFactor.findById(userId).lean();
  data.secondFactor = factor ? plain({ kind: factor.kind, confirmedAt: factor.confirmedAt, createdAt: factor.createdAt }) : null;
  data.mailPreferences = plain(await MailPrefsRecord.findById(userId).lean());
  for (const [i, s] of SOURCES.entries()) {
    const projection = s.fields ? Object.fromEntries(s.fields.map((f) => [f, 1])) : undefined;
    data[s.key] = (await s.model.find(s.filter(u), projection).lean()).map(plain);
    await onProgress((i + 1) / SOURCES.length);
  }
  // Names for the ids: the groups and documents referred to.
  const ids = (key: string, field: string) =>
    ((data[key] as Record<string, Plain>[]) ?? []).map((r) => r[field]).filter((x): x is string => typeof x === "string");
  const groupIds = [...new Set(SOURCES.flatMap((s) => ids(s.key, "groupId")))];
  const groups = await Group.find({ _id: { $in: groupIds.map(oid) } }, { name: 1 }).lean();
  data.groups = groups.map((g) => ({ id: String(g._id), name: g.name }));
  const docIds = [...new Set([...ids("documentsEdited", "docId"), ...ids("comments", "docId")])];
  const docs = await CollabDocument.find({ _id: { $in: docIds.map(oid) } }, { title: 1, groupId: 1 }).lean();
  data.documents = docs.map((d) => ({ id: String(d._id), title: d.title, groupId: String(d.groupId) }));
  // Intervision rounds: the case brought, one's own contributions (hidden ones too: they are one's own).
  data.rounds = plain(await roundWritingOf(userId));
  // 360-degree feedback is not built yet; when it is, only the aggregate the user already sees goes here.
  data.feedback360 = [];
  return data;
}

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

function htmlOf(v: Plain): string {
  if (v === null) return "<em>-</em>";
  if (Array.isArray(v)) return v.length === 0 ? "<em>-</em>" : `<ol>${v.map((x) => `<li>${htmlOf(x)}</li>`).join("")}</ol>`;
  if (typeof v === "object")
    return `<dl>${Object.entries(v)
      .map(([k, x]) => `<dt>${esc(k)}</dt><dd>${htmlOf(x)}</dd>`)
      .join("")}</dl>`;
  return esc(String(v));
}

/** The same data as one readable page: every value escaped, no script, no external resource. */
export function exportHtml(data: Record<string, Plain>, locale: "nl" | "en", at: Date): string {
  const title = translate(locale, "privacy_export_html_title");
  const sections = Object.entries(data)
    .map(([k, v]) => {
      const key = `privacy_export_section_${k}`;
      return `<section><h2>${esc(isMessageKey(key) ? translate(locale, key) : k)}</h2>${htmlOf(v)}</section>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}dt{font-weight:600}dd{margin:0 0 .5rem 1rem}section{border-top:1px solid #ccc}</style>
</head><body><h1>${esc(title)}</h1><p>${esc(translate(locale, "privacy_export_html_intro", { date: at.toISOString() }))}</p>
${sections}
</body></html>
`;
}

// ---- the job ---------------------------------------------------------------------------------

/** The files the user uploaded (decision 083), for the zip: "files/<id>-<name>" -> bytes. */
async function uploadedFiles(deps: Partial<Pick<Deps, "node">>, userId: string): Promise<Record<string, Uint8Array>> {
  const storage = deps.node?.files.storage ?? createStorage();
  const out: Record<string, Uint8Array> = {};
  for (const a of await filesOfUser(userId)) out[`leerkring-export/files/${a._id}-${a.name}`] = await readWhole(storage, a.fileKey);
  return out;
}

/** Builds one claimed export: collects, zips, stores in parts, mails the link. */
async function buildExport(deps: ExportDeps, e: DataExportRecord, now: () => Date) {
  const user = await User.findById(e.userId).lean();
  if (!user) {
    await DataExport.updateOne({ _id: e._id }, { $set: { status: "failed" } });
    return;
  }
  await DataExport.updateOne({ _id: e._id }, { $set: { status: "building", progress: 1 } });
  const data = await collectUserData(String(e.userId), (share) =>
    DataExport.updateOne({ _id: e._id }, { $set: { progress: Math.max(1, Math.floor(share * 90)) } }).then(() => {}),
  );
  const locale = toLocale(user.locale);
  const at = now();
  const zip = zipSync({
    "leerkring-export/data.json": strToU8(JSON.stringify({ exportedAt: at.toISOString(), ...data }, null, 2)),
    "leerkring-export/index.html": strToU8(exportHtml(data, locale, at)),
    ...(await uploadedFiles(deps, String(e.userId))),
  });
  const chunks: { _id: string; exportId: typeof e._id; data: Buffer }[] = [];
  for (let n = 0; n * CHUNK_BYTES < zip.length; n++) {
    chunks.push({ _id: `${e._id}:${n}`, exportId: e._id, data: Buffer.from(zip.subarray(n * CHUNK_BYTES, (n + 1) * CHUNK_BYTES)) });
  }
  await DataExportChunk.deleteMany({ exportId: e._id }); // a run cut short left some
  await DataExportChunk.insertMany(chunks);
  const token = randomToken();
  const expiresAt = new Date(at.getTime() + EXPORT_LINK_HOURS * 3_600_000);
  await DataExport.updateOne(
    { _id: e._id },
    { $set: { status: "ready", progress: 100, tokenHash: hashToken(token), size: zip.length, chunks: chunks.length, expiresAt } },
  );
  const url = `${deps.appUrl}/settings/export/${e._id}?token=${token}`;
  await deps.sendMail({
    to: user.email,
    subject: translate(locale, "privacy_export_mail_subject"),
    text: translate(locale, "privacy_export_mail_text", { url, hours: EXPORT_LINK_HOURS }),
  });
}

/** The `privacy-exports` job: builds every queued export this run claims (a unique insert per export). */
/** What building an export needs: the mailer and links, and (for the files' storage) the node. */
type ExportDeps = Pick<Deps, "sendMail" | "appUrl"> & Partial<Pick<Deps, "node">>;

export async function buildQueuedExports(deps: ExportDeps, now: () => Date = () => new Date()) {
  const queued = (await DataExport.find({ status: "queued" }).lean()) as DataExportRecord[];
  let built = 0;
  for (const e of queued) {
    try {
      await DataExportClaim.create({ _id: String(e._id) });
    } catch (err) {
      if (isDuplicateKey(err)) continue; // another node's run has it
      throw err;
    }
    try {
      await buildExport(deps, e, now);
      built++;
    } catch (err) {
      await DataExport.updateOne({ _id: e._id }, { $set: { status: "failed" } });
      throw err;
    }
  }
  return { built };
}

/** Hourly: exports whose link expired lose their file (the record stays, as "expired" on the page). */
export async function sweepExpiredExports(now = new Date()) {
  const expired = await DataExport.find({ status: "ready", expiresAt: { $lte: now } }, { _id: 1 }).lean();
  if (expired.length === 0) return 0;
  const ids = expired.map((e) => e._id);
  await DataExportChunk.deleteMany({ exportId: { $in: ids } });
  await DataExport.updateMany({ _id: { $in: ids } }, { $set: { status: "failed", tokenHash: "" } });
  return expired.length;
}

/** The zip, for its owner with the mailed token while the link is valid; not_found for anyone and anything else. */
export async function downloadExport(ctx: ServiceContext, input: { exportId: string; token: string }, now = new Date()) {
  if (!isObjectId(input.exportId) || !input.token) throw new DomainError("not_found");
  const e = await DataExport.findById(input.exportId).lean();
  const given = Buffer.from(hashToken(input.token));
  const ok =
    e &&
    String(e.userId) === ctx.actor.id &&
    e.status === "ready" &&
    e.expiresAt &&
    e.expiresAt > now &&
    e.tokenHash.length === given.length &&
    timingSafeEqual(Buffer.from(e.tokenHash), given);
  if (!ok) throw new DomainError("not_found");
  const parts = await DataExportChunk.find({ exportId: e._id }).lean();
  // lean() gives the driver's Binary; its bytes are in .buffer.
  const bytesOf = (d: unknown) => (Buffer.isBuffer(d) ? d : Buffer.from((d as { buffer: Uint8Array }).buffer));
  const byN = new Map(parts.map((p) => [Number(p._id.split(":")[1]), bytesOf(p.data)]));
  const bytes = Buffer.concat(Array.from({ length: e.chunks }, (_, n) => byN.get(n) ?? Buffer.alloc(0)));
  if (bytes.length !== e.size) throw new DomainError("not_found");
  return { filename: `leerkring-export-${e.createdAt.toISOString().slice(0, 10)}.zip`, bytes };
}

// E-mail about in-app notifications (docs/decisions/026-mail-notifications.md). The thread
// services write Notification documents; the scheduler's jobs mail them here: within a minute
// (mailImmediate) or in a daily digest at the recipient's 08:00 (mailDigests), per the user's
// choice per kind. Each notification (and each user's digest of a day) is claimed by inserting a
// MailClaim with a unique _id before it is mailed, so two nodes, or a retried job, never mail one
// twice.
import { createHmac, timingSafeEqual } from "node:crypto";
import { Group } from "../group/group.model";
import { listVisibleGroupIds } from "../group/group.service";
import { type DateSettings, formatDate, toTimeZone } from "../i18n/dates";
import { translate } from "../i18n/i18n";
import { toLocale } from "../i18n/locale";
import type { Actor, Deps, ServiceContext } from "../shared/context";
import { cancelledMoment, momentForMail } from "../moment/moment.service";
import { ignoreDuplicateKey, isDuplicateKey, retryOnDuplicate } from "../shared/duplicate-key";
import { DomainError } from "../shared/errors";
import { Meeting } from "../meeting/meeting.model";
import { CaseProposal } from "../prep/prep.model";
import { CheckIn } from "../plan/plan.model";
import { Goal } from "../goal/goal.model";
import { Message, Notification, Thread } from "../thread/thread.model";
import { User } from "../user/user.model";
import { displayNames } from "../user/user.service";
import { DEFAULT_MAIL_PREFS, DIGEST_HOUR, MAIL_KINDS, type MailChoice, type MailKind, type MailPrefs } from "./notify.constants";
import { UnsubscribeTokenInput } from "./notify.inputs";
import { excerpt, type MailItem, notificationMail } from "./notify.mail";
import { MailClaim, MailPrefsRecord } from "./notify.model";

/** What the mail jobs need: the node's dependencies and the secret that signs unsubscribe links. */
export type MailDeps = Pick<Deps, "sendMail" | "appUrl" | "node"> & { secret: string };

/** The choice that governs a notification kind (a new thread counts as activity, like a reply). */
const KIND_OF: Readonly<Record<string, MailKind>> = {
  mention: "mention",
  reply: "reply",
  new_thread: "reply",
  meeting: "meeting",
  case_proposed: "case",
  // An async round's step opened (decision 045): it goes with the meetings.
  round: "meeting",
  // A check-in's feedback asked, a goal awaiting agreement (decision 051).
  feedback_asked: "plan",
  goal_proposed: "plan",
  // Evaluation (decision 052): a check's reminder (a mail line of its own) goes with the meetings too.
  reaction: "meeting",
  // Network moments (decision 066): planned, moved, cancelled, tomorrow, or you facilitate it.
  moment: "meeting",
};

/** Notifications older than this are not mailed any more (a node down for a day, a new deploy). */
const IMMEDIATE_WINDOW_MS = 86_400_000;
const DIGEST_WINDOW_MS = 2 * 86_400_000;
/** At most this many notifications per job run (and per page read); the next run takes the rest. */
const SCAN_LIMIT = 5_000;

// ---- choices -----------------------------------------------------------------------------------

const prefsFrom = (r: Partial<Record<MailKind, string | null>> | null | undefined): MailPrefs =>
  Object.fromEntries(MAIL_KINDS.map((k) => [k, (r?.[k] as MailChoice | undefined) ?? DEFAULT_MAIL_PREFS[k]])) as MailPrefs;

async function prefsOf(userIds: string[]): Promise<Map<string, MailPrefs>> {
  const rows = await MailPrefsRecord.find({ _id: { $in: userIds } }).lean();
  const byId = new Map(rows.map((r) => [String(r._id), r]));
  return new Map(userIds.map((id) => [id, prefsFrom(byId.get(id))]));
}

/** The actor's e-mail choices (the defaults until they choose). */
export async function getMailPrefs(ctx: ServiceContext): Promise<MailPrefs> {
  return prefsFrom(await MailPrefsRecord.findById(ctx.actor.id).lean());
}

/** Writes choices of a user (`others` only if they had none). */
async function writePrefs(userId: string, set: Partial<MailPrefs>, others: Partial<MailPrefs> = {}) {
  const setOnInsert = Object.keys(others).length ? { $setOnInsert: others } : {};
  await retryOnDuplicate(() => MailPrefsRecord.updateOne({ _id: userId }, { $set: set, ...setOnInsert }, { upsert: true }));
}

/** Sets the actor's e-mail choices for every kind. */
export async function setMailPrefs(ctx: ServiceContext, input: MailPrefs): Promise<MailPrefs> {
  const prefs = prefsFrom(input);
  await writePrefs(ctx.actor.id, prefs);
  return prefs;
}

// ---- unsubscribe links -------------------------------------------------------------------------

/** A key of its own, derived from the session secret: the secret itself signs any value as a CSRF
 *  token (app/utils/form.server.ts), which must never pass for an unsubscribe signature. */
const unsubscribeKey = (secret: string) => createHmac("sha256", secret).update("leerkring/unsubscribe-link/v1").digest();

const signature = (secret: string, payload: string) =>
  createHmac("sha256", unsubscribeKey(secret)).update(payload).digest("base64url").slice(0, 32);

/** A link token that turns `kinds` off for the user without signing in: "<userId>.<kinds>.<HMAC>". */
export function unsubscribeToken(secret: string, userId: string, kinds: MailKind[]): string {
  const payload = `${userId}.${[...new Set(kinds)].sort().join("-")}`;
  return `${payload}.${signature(secret, payload)}`;
}

function readToken(secret: string, token: unknown): { userId: string; kinds: MailKind[] } | null {
  if (!UnsubscribeTokenInput.safeParse(token).success) return null;
  const [userId, kindList, sig] = (token as string).split(".");
  const expected = Buffer.from(signature(secret, `${userId}.${kindList}`));
  const got = Buffer.from(sig);
  if (expected.length !== got.length || !timingSafeEqual(expected, got)) return null;
  const kinds = kindList.split("-");
  if (!kinds.every((k) => (MAIL_KINDS as readonly string[]).includes(k))) return null;
  return { userId, kinds: kinds as MailKind[] };
}

/** What an unsubscribe link would turn off, changing nothing (the page that asks to confirm); a
 *  token that is not one we signed (or for an account that is gone) is not_found. */
export async function checkUnsubscribe(secret: string, token: unknown): Promise<{ userId: string; kinds: MailKind[] }> {
  const read = readToken(secret, token);
  if (!read || !(await User.exists({ _id: read.userId }))) throw new DomainError("not_found");
  return read;
}

/** Follows an unsubscribe link: the token's kinds are off from now on. Idempotent; a token that is
 *  not one we signed (or for an account that is gone) is not_found. */
export async function unsubscribe(secret: string, token: unknown): Promise<{ kinds: MailKind[] }> {
  const read = await checkUnsubscribe(secret, token);
  const off = Object.fromEntries(read.kinds.map((k) => [k, "off"]));
  const others = Object.fromEntries(MAIL_KINDS.filter((k) => !read.kinds.includes(k)).map((k) => [k, DEFAULT_MAIL_PREFS[k]]));
  await writePrefs(read.userId, off, others);
  return { kinds: read.kinds };
}

// ---- the mail jobs -----------------------------------------------------------------------------

// Whether a notification was mailed (or settled unmailed: kind off, recipient gone) is its claim
// `n:<id>` alone: the mailer never writes a Notification document, which its reader updates
// (readAt), since two updates of one document can meet on FerretDB and lose one (docs/DATABASE.md).

type Mode = "immediate" | "digest";
type Recipient = {
  _id: unknown;
  email: string;
  locale?: string | null;
  status?: string | null;
  isOrganiser?: boolean | null;
  timeZone?: unknown;
};
/** Per job run: the most notifications it mails, and the page it reads them in. */
export type MailRunOptions = { scanLimit?: number };

const claimKey = (notificationId: string) => `n:${notificationId}`;

/** The notifications due in `mode` (unread, unclaimed, of the last `windowMs`, of a kind whose
 *  recipient chose this mode, for `ready` recipients), per user; at most `limit`. The window is
 *  read oldest first in pages until `limit` are found, so the other mode's waiting notifications
 *  never crowd these out. Notifications of a kind turned off, or of someone who can no longer get
 *  mail, are settled (claimed unmailed) on the way. */
async function dueByUser(mode: Mode, now: Date, windowMs: number, limit: number, ready: (u: Recipient) => boolean) {
  const want: MailChoice = mode === "immediate" ? "immediately" : "daily";
  const users = new Map<string, Recipient | null>();
  const prefs = new Map<string, MailPrefs>();
  const byUser = new Map<string, string[]>();
  let found = 0;
  for (let offset = 0; found < limit; offset += limit) {
    const rows = await Notification.find(
      { readAt: null, createdAt: { $gte: new Date(now.getTime() - windowMs), $lte: now } },
      { userId: 1, kind: 1 },
    )
      .sort({ createdAt: 1, _id: 1 })
      .skip(offset)
      .limit(limit)
      .lean();
    const claimed = new Set(
      (await MailClaim.find({ _id: { $in: rows.map((r) => claimKey(String(r._id))) } }, { _id: 1 }).lean()).map((c) => String(c._id)),
    );
    const open = rows.map((r) => ({ ...r, _id: String(r._id) })).filter((r) => !claimed.has(claimKey(r._id)));
    const newcomers = [...new Set(open.map((r) => String(r.userId)))].filter((u) => !users.has(u));
    const [records, newPrefs] = await Promise.all([
      User.find({ _id: { $in: newcomers } }, { email: 1, locale: 1, status: 1, isOrganiser: 1, timeZone: 1 }).lean<Recipient[]>(),
      prefsOf(newcomers),
    ]);
    for (const u of newcomers) users.set(u, records.find((x) => String(x._id) === u && x.status === "active") ?? null);
    for (const [u, p] of newPrefs) prefs.set(u, p);
    const settled: string[] = [];
    for (const r of open) {
      const userId = String(r.userId);
      const user = users.get(userId);
      const choice = prefs.get(userId)?.[KIND_OF[r.kind] ?? "reply"];
      if (!user || choice === "off") settled.push(r._id);
      else if (choice === want && found < limit && ready(user)) {
        byUser.set(userId, [...(byUser.get(userId) ?? []), r._id]);
        found++;
      }
    }
    await claimAll(settled.map(claimKey), now);
    if (rows.length < limit) break;
  }
  return [...byUser].map(([id, ids]) => ({ user: users.get(id) as Recipient, ids }));
}

/** Claims for notifications dealt with without mail; one that is claimed already stays so. */
async function claimAll(keys: string[], now: Date) {
  if (keys.length)
    await MailClaim.insertMany(
      keys.map((_id) => ({ _id, at: now })),
      { ordered: false },
    ).catch(ignoreDuplicateKey);
}

/** The lines of a mail: only notifications in groups the recipient may see now, of messages that
 *  still exist, each with a short excerpt. */
async function itemsFor(deps: MailDeps, claimed: string[], visible: Set<string>, dates: DateSettings, reader: Actor): Promise<MailItem[]> {
  const ns = (await Notification.find({ _id: { $in: claimed } }).lean())
    // A network moment's notification is checked by the moment's own gate below (decision 066).
    .filter((n) => n.kind === "moment" || visible.has(String(n.groupId)))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  if (ns.length === 0) return [];
  const ids = (key: "messageId" | "threadId" | "groupId" | "meetingId" | "proposalId" | "checkInId" | "goalId") => [
    ...new Set(ns.flatMap((n) => (n[key] ? [String(n[key])] : []))),
  ];
  const [messages, threads, groups, meetings, proposals, checkIns, goals] = await Promise.all([
    Message.find({ _id: { $in: ids("messageId") } }, { text: 1, authorId: 1, deletedAt: 1 }).lean(),
    Thread.find({ _id: { $in: ids("threadId") } }, { title: 1 }).lean(),
    Group.find({ _id: { $in: ids("groupId") } }, { name: 1 }).lean(),
    Meeting.find({ _id: { $in: ids("meetingId") } }, { title: 1, kind: 1, startsAt: 1 }).lean(),
    CaseProposal.find({ _id: { $in: ids("proposalId") } }, { authorId: 1 }).lean(),
    CheckIn.find({ _id: { $in: ids("checkInId") } }, { userId: 1 }).lean(),
    Goal.find({ _id: { $in: ids("goalId") } }, { title: 1, fixedVersion: 1, version: 1 }).lean(),
  ]);
  const checkInAuthor = new Map(checkIns.map((c) => [String(c._id), String(c.userId)]));
  const goal = new Map(goals.map((g) => [String(g._id), g]));
  const proposalAuthor = new Map(proposals.map((p) => [String(p._id), String(p.authorId)]));
  const meeting = new Map(meetings.map((m) => [String(m._id), m]));
  const message = new Map(messages.map((m) => [String(m._id), m]));
  const title = new Map(threads.map((t) => [String(t._id), t.title]));
  const groupName = new Map(groups.map((g) => [String(g._id), g.name]));
  const names = await displayNames(deps, [
    ...messages.map((m) => m.authorId),
    ...proposals.map((p) => p.authorId),
    ...checkIns.map((c) => c.userId),
  ]);
  const items: MailItem[] = [];
  for (const n of ns) {
    // Network moments (decision 066): only what the reader is still in (a cancellation: the moment as it was).
    if (n.kind === "moment") {
      const m = n.change === "cancelled" ? await cancelledMoment(String(n.momentId)) : await momentForMail(reader, String(n.momentId));
      if (m && n.change && n.change !== "reaction")
        items.push({
          kind: "moment",
          change: n.change,
          title: m.title,
          when: formatDate(m.startsAt, "moment", dates),
          url: `${deps.appUrl}/moments/${n.momentId}`,
        });
      continue;
    }
    // Evaluation (decision 052): the reminder of a check goes to the check itself.
    if (n.change === "reaction" && n.occasion) {
      items.push({
        kind: "reaction",
        group: groupName.get(String(n.groupId)) ?? "",
        url: `${deps.appUrl}/groups/${n.groupId}/evaluation/${n.occasion}`,
      });
      continue;
    }
    if (n.kind === "meeting") {
      const mt = meeting.get(String(n.meetingId));
      if (!mt || !n.change || n.change === "reaction" || n.change === "facilitator") continue;
      items.push({
        kind: "meeting",
        change: n.change,
        group: groupName.get(String(n.groupId)) ?? "",
        title: mt.title || translate(dates.locale, `meetings.kind.${mt.kind}`),
        when: formatDate(mt.startsAt, "moment", dates),
        url: `${deps.appUrl}/groups/${n.groupId}/meetings/${n.meetingId}`,
      });
      continue;
    }
    if (n.kind === "case_proposed") {
      // A withdrawn proposal is not mailed.
      const author = proposalAuthor.get(String(n.proposalId));
      if (author)
        items.push({
          kind: "case_proposed",
          author: names.get(author) ?? "",
          group: groupName.get(String(n.groupId)) ?? "",
          url: `${deps.appUrl}/groups/${n.groupId}/prepare`,
        });
      continue;
    }
    if (n.kind === "feedback_asked") {
      // A removed check-in is not mailed.
      const author = checkInAuthor.get(String(n.checkInId));
      if (author)
        items.push({
          kind: "feedback_asked",
          author: names.get(author) ?? "",
          group: groupName.get(String(n.groupId)) ?? "",
          url: `${deps.appUrl}/groups/${n.groupId}/plan`,
        });
      continue;
    }
    if (n.kind === "goal_proposed") {
      // A goal removed, or fixed before the mail goes, is not mailed.
      const g = goal.get(String(n.goalId));
      if (g && g.fixedVersion !== g.version)
        items.push({
          kind: "goal_proposed",
          title: g.title,
          group: groupName.get(String(n.groupId)) ?? "",
          url: `${deps.appUrl}/groups/${n.groupId}/goals`,
        });
      continue;
    }
    if (n.kind === "round") {
      items.push({
        kind: "round",
        group: groupName.get(String(n.groupId)) ?? "",
        url: `${deps.appUrl}/groups/${n.groupId}/rounds/${n.roundId}`,
      });
      continue;
    }
    const m = message.get(String(n.messageId));
    if (!m || m.deletedAt) continue;
    items.push({
      kind: n.kind,
      author: names.get(String(m.authorId)) ?? "",
      group: groupName.get(String(n.groupId)) ?? "",
      thread: title.get(String(n.threadId)) ?? "",
      excerpt: excerpt(m.text),
      url: `${deps.appUrl}/groups/${n.groupId}/threads/${n.threadId}`,
    });
  }
  return items;
}

/** Claims `ids` (still unread) for this run, then mails what the recipient may see now in one
 *  mail. A failed send gives the claims back and throws, so the job's retry mails them. */
async function mailBatch(deps: MailDeps, user: Recipient, ids: string[], mode: Mode, now: Date): Promise<boolean> {
  const userId = String(user._id);
  // Still unread now (read in the app before the mail goes: not mailed), then claimed.
  const unread = await Notification.find({ _id: { $in: ids }, readAt: null }, { _id: 1 }).lean();
  const claimed: string[] = [];
  for (const { _id } of unread) if (await claim(claimKey(String(_id)), now)) claimed.push(String(_id));
  if (claimed.length === 0) return false;
  const visible = new Set(await listVisibleGroupIds({ id: userId, isOrganiser: !!user.isOrganiser }));
  const items = await itemsFor(
    deps,
    claimed,
    visible,
    { locale: toLocale(user.locale), timeZone: toTimeZone(user.timeZone) },
    { id: userId, isOrganiser: !!user.isOrganiser },
  );
  if (items.length === 0) return false;

  const kinds = [...new Set(items.map((i) => KIND_OF[i.kind]))];
  const link = (ks: MailKind[]) => `${deps.appUrl}/unsubscribe/${unsubscribeToken(deps.secret, userId, ks)}`;
  const mail = notificationMail(toLocale(user.locale), {
    mode,
    items,
    settingsUrl: `${deps.appUrl}/settings#mail`,
    unsubscribe: kinds.map((kind) => ({ kind, url: link([kind]) })),
  });
  try {
    await deps.sendMail({
      to: user.email,
      ...mail,
      // RFC 8058: a mail client's one-click unsubscribe POSTs to the link; it turns off every kind in this mail.
      headers: { "List-Unsubscribe": `<${link(kinds)}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    });
  } catch (e) {
    await MailClaim.deleteMany({ _id: { $in: claimed.map(claimKey) } });
    throw e;
  }
  return true;
}

/** True for exactly one caller per key (a unique-index insert). */
async function claim(key: string, now: Date): Promise<boolean> {
  try {
    await MailClaim.create({ _id: key, at: now });
    return true;
  } catch (e) {
    if (isDuplicateKey(e)) return false;
    throw e;
  }
}

/** Claims older than every window the jobs look back on; the sweep removes them. */
export async function sweepMailClaims(now = new Date()): Promise<number> {
  const { deletedCount } = await MailClaim.deleteMany({ at: { $lt: new Date(now.getTime() - 2 * DIGEST_WINDOW_MS) } });
  return deletedCount;
}

/** Runs `work` for every recipient; one recipient's failure does not stop the others, and the
 *  job still fails at the end (so it is retried; what was mailed is claimed and not mailed again). */
async function eachRecipient<T>(list: T[], work: (item: T) => Promise<boolean>) {
  let mailed = 0;
  const errors: unknown[] = [];
  for (const item of list) {
    try {
      if (await work(item)) mailed++;
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length) throw new AggregateError(errors, `${errors.length} notification mail(s) failed; ${mailed} sent`);
  return { mailed };
}

/** The every-minute job: one mail per user with what they chose to hear about immediately. */
export async function mailImmediate(deps: MailDeps, now = new Date(), opts: MailRunOptions = {}) {
  const due = await dueByUser("immediate", now, IMMEDIATE_WINDOW_MS, opts.scanLimit ?? SCAN_LIMIT, () => true);
  return eachRecipient(due, ({ user, ids }) => mailBatch(deps, user, ids, "immediate", now));
}

/** The local calendar day ("YYYY-MM-DD") and hour of `now` in `timeZone`. */
export function localDayAndHour(now: Date, timeZone: string): { day: string; hour: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", hourCycle: "h23" })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

/** The quarter-hourly job: at or after DIGEST_HOUR in each user's own time zone (the profile's,
 *  else Brussels), once per local day, one mail with what they chose to get daily. */
export async function mailDigests(deps: MailDeps, now = new Date(), opts: MailRunOptions = {}) {
  const localNow = (u: Recipient) => localDayAndHour(now, toTimeZone(u.timeZone));
  const due = await dueByUser("digest", now, DIGEST_WINDOW_MS, opts.scanLimit ?? SCAN_LIMIT, (u) => localNow(u).hour >= DIGEST_HOUR);
  return eachRecipient(due, async ({ user, ids }) => {
    const key = `digest:${String(user._id)}:${localNow(user).day}`;
    if (!(await claim(key, now))) return false;
    try {
      return await mailBatch(deps, user, ids, "digest", now);
    } catch (e) {
      await MailClaim.deleteOne({ _id: key });
      throw e;
    }
  });
}

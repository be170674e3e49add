// Calendars (docs/decisions/035): a personal feed of all the user's groups' meetings at a secret URL,
// and an .ics file per meeting. Both carry the date, the place or online link, the group's name and
// the kind of meeting only: never a meeting's title or agenda, which can name a case.
import { createHash, randomBytes } from "node:crypto";
import { createEvents, type EventAttributes } from "ics";
import { decide } from "../group/group.policy";
import { getGroupAccess } from "../group/group.service";
import { membershipsOfUser } from "../group/memberships";
import { translate } from "../i18n/i18n";
import { type Locale, toLocale } from "../i18n/locale";
import type { ServiceContext } from "../shared/context";
import { isDuplicateKey } from "../shared/duplicate-key";
import { DomainError } from "../shared/errors";
import { isObjectId } from "../shared/ids";
import { oid } from "../shared/oid";
import { User } from "../user/user.model";
import { CalendarFeed } from "./meeting-content.model";
import { Meeting, type MeetingRecord } from "./meeting.model";
import { seesMeeting } from "./meeting.service";

const hash = (token: string) => createHash("sha256").update(token).digest("hex");
/** The token in a feed URL: 32 random bytes, base64url (43 characters). */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Whether the actor has a feed (its URL is shown once, when made: only its hash is kept). */
export async function getFeedStatus(ctx: ServiceContext): Promise<{ active: boolean; since: string | null }> {
  const feed = await CalendarFeed.findOne({ userId: oid(ctx.actor.id) }, { createdAt: 1 }).lean();
  return { active: !!feed, since: feed ? feed.createdAt.toISOString() : null };
}

/** Makes the actor's feed, or a new one in place of the old (whose URL stops working): the token. */
export async function renewFeed(ctx: ServiceContext): Promise<{ token: string }> {
  for (let attempt = 0; ; attempt++) {
    await CalendarFeed.deleteMany({ userId: oid(ctx.actor.id) });
    const token = randomBytes(32).toString("base64url");
    try {
      await CalendarFeed.create({ _id: hash(token), userId: oid(ctx.actor.id) });
      return { token };
    } catch (e) {
      // Two renewals at once: one user, one feed (unique userId); the later one replaces the other.
      if (!isDuplicateKey(e) || attempt >= 2) throw e;
    }
  }
}

/** Revokes the actor's feed: its URL answers not found from now on. */
export async function revokeFeed(ctx: ServiceContext): Promise<void> {
  await CalendarFeed.deleteMany({ userId: oid(ctx.actor.id) });
}

type Visible = Pick<MeetingRecord, "_id" | "kind" | "startsAt" | "endsAt" | "place" | "onlineUrl" | "status">;

/** One calendar event: the date, where, a title and a link to its page (never content). Network
 *  moments' files are made with it too (decision 066). */
export function icsEvent(e: {
  id: unknown;
  startsAt: Date;
  endsAt: Date;
  title: string;
  place: string;
  url: string;
  cancelled: boolean;
}): EventAttributes {
  return {
    uid: `${e.id}@leerkring`,
    start: e.startsAt.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    end: e.endsAt.getTime(),
    endInputType: "utc",
    endOutputType: "utc",
    title: e.title,
    ...(e.place ? { location: e.place } : {}),
    // The page (which asks the reader to sign in), never the content itself.
    url: e.url,
    status: e.cancelled ? "CANCELLED" : "CONFIRMED",
    productId: "leerkring/meetings",
    calName: "Leerkring",
  };
}

function event(m: Visible, groupName: string, locale: Locale, appUrl: string, groupId: string): EventAttributes {
  return icsEvent({
    id: m._id,
    startsAt: m.startsAt,
    endsAt: m.endsAt,
    title: `${groupName}: ${translate(locale, `meetings.kind.${m.kind}`)}`,
    place: [m.place, m.onlineUrl].filter(Boolean).join(" · "),
    url: `${appUrl}/groups/${groupId}/meetings/${m._id}`,
    cancelled: m.status === "cancelled",
  });
}

/** The .ics text of `events`. */
export function calendar(events: EventAttributes[]): string {
  const { error, value } = createEvents(events, { productId: "leerkring/meetings", calName: "Leerkring" });
  if (error || value === null) throw error ?? new Error("ics: no calendar");
  return value;
}

/** The meetings of every group the user is an active member of (as the group's list shows them to them). */
async function meetingsOfUser(userId: string) {
  const actor = { id: userId, isOrganiser: false };
  const ms = (await membershipsOfUser(userId)).filter((m) => m.status === "active");
  const out: { m: Visible; groupName: string; groupId: string }[] = [];
  for (const membership of ms) {
    const groupId = String(membership.groupId);
    const loaded = await getGroupAccess(actor, groupId);
    if (!loaded || decide(loaded.access, "meeting.read") !== "allow") continue;
    const meetings = await Meeting.find(
      { groupId: membership.groupId },
      { kind: 1, startsAt: 1, endsAt: 1, place: 1, onlineUrl: 1, status: 1, leaderId: 1 },
    ).lean();
    for (const m of meetings) {
      if (seesMeeting(m, { userId, role: membership.role })) out.push({ m, groupName: loaded.group.name, groupId });
    }
  }
  return out.sort((a, b) => a.m.startsAt.getTime() - b.m.startsAt.getTime());
}

/** The feed behind a secret URL token: the .ics text. not_found for a token that is not (or no longer) one. */
export async function feedCalendar(ctx: Pick<ServiceContext, "appUrl">, token: string): Promise<string> {
  const feed = TOKEN.test(token) ? await CalendarFeed.findById(hash(token)).lean() : null;
  if (!feed) throw new DomainError("not_found");
  const user = await User.findById(feed.userId, { status: 1, locale: 1 }).lean();
  if (user?.status !== "active") throw new DomainError("not_found");
  const locale = toLocale(user.locale);
  const list = await meetingsOfUser(String(feed.userId));
  return calendar(list.map(({ m, groupName, groupId }) => event(m, groupName, locale, ctx.appUrl, groupId)));
}

/** One meeting as an .ics file, for a member who may see it (not_found otherwise). */
export async function meetingCalendar(ctx: ServiceContext, input: { groupId: string; meetingId: string }): Promise<string> {
  const loaded = isObjectId(input.groupId) ? await getGroupAccess(ctx.actor, input.groupId) : null;
  const membership = loaded?.access.membership;
  if (!loaded || membership?.status !== "active" || decide(loaded.access, "meeting.read") !== "allow") throw new DomainError("not_found");
  const m = isObjectId(input.meetingId) ? await Meeting.findById(input.meetingId).lean() : null;
  if (!m || String(m.groupId) !== input.groupId || !seesMeeting(m, { userId: ctx.actor.id, role: membership.role })) {
    throw new DomainError("not_found");
  }
  const user = await User.findById(ctx.actor.id, { locale: 1 }).lean();
  return calendar([event(m, loaded.group.name, toLocale(user?.locale), ctx.appUrl, input.groupId)]);
}

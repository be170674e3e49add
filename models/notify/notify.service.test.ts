// Notification mails through the real e-mail sender, with msw capturing the e-mail API's requests
// (the only fake: docs/decisions/026-mail-notifications.md). Notifications are written as the
// thread services write them (models/thread: the seam), the mail jobs called with an injected clock.
import { createHmac } from "node:crypto";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { Types } from "mongoose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildGroup, buildThread, buildUser, ctxFor, TEST_APP_URL, testNode } from "../../test/factories";
import { createMailSender } from "../email/email.service";
import { removeMember } from "../group/group.service";
import { Message, Notification } from "../thread/thread.model";
import { markRead, sendMessage, subscribeThread } from "../thread/thread.service";
import { User } from "../user/user.model";
import { DEFAULT_MAIL_PREFS, DIGEST_HOUR } from "./notify.constants";
import { notificationMail } from "./notify.mail";
import { MailClaim, MailPrefsRecord } from "./notify.model";
import {
  getMailPrefs,
  localDayAndHour,
  mailDigests,
  mailImmediate,
  type MailDeps,
  setMailPrefs,
  unsubscribe,
  unsubscribeToken,
} from "./notify.service";

const API = "https://email-api.test/email";
const SECRET = "notify-test-secret-0123456789abcdef";

interface SentMail {
  To: string;
  Subject: string;
  TextBody: string;
  Headers?: { Name: string; Value: string }[];
}
const sent: SentMail[] = [];
let refuse = false;
const api = setupServer(
  http.post(API, async ({ request }) => {
    if (refuse) return HttpResponse.json({ ErrorCode: 500, Message: "down" }, { status: 500 });
    sent.push((await request.json()) as SentMail);
    return HttpResponse.json({ ErrorCode: 0, Message: "OK" });
  }),
);
beforeAll(() => api.listen({ onUnhandledRequest: "error" }));
afterAll(() => api.close());
beforeEach(() => {
  sent.length = 0;
  refuse = false;
});

const deps: MailDeps = {
  sendMail: createMailSender({ url: API, token: "test-token", from: "Leerkring <noreply@leerkring.test>" }),
  appUrl: TEST_APP_URL,
  node: testNode(),
  secret: SECRET,
};
const header = (mail: SentMail, name: string) => mail.Headers?.find((h) => h.Name === name)?.Value;
const mailsTo = (email: string) => sent.filter((m) => m.To === email);
/** A user's notifications the mailer has not dealt with (mailed or settled: a claim of its own). */
async function unmailed(user: { _id: Types.ObjectId }, kind?: string) {
  const ids = (await Notification.find({ userId: user._id, ...(kind ? { kind } : {}) }, { _id: 1 }).lean()).map((n) => String(n._id));
  const claimed = await MailClaim.countDocuments({ _id: { $in: ids.map((id) => `n:${id}`) } });
  return ids.length - claimed;
}

/** A group of three leaders: Ann started a thread (Bob and Cat have its new_thread notification). */
async function scene() {
  const { group, leaders, organiser } = await buildGroup({ leaders: 3, name: "Leergroep Noord" });
  const [ann, bob, cat] = leaders;
  const groupId = String(group._id);
  const threadId = await buildThread(ctxFor(ann), groupId, "Ouderavond");
  let seq = 100;
  /** A message by `author` in the thread, and a notification of it for `to`: a reply through the
   *  thread service (`to` follows the thread), a mention or new thread as the thread service writes them. */
  const notify = async (
    to: { _id: Types.ObjectId; isOrganiser: boolean },
    kind: "mention" | "reply" | "new_thread",
    text = "Kan jij dit bekijken?",
    author = ann,
  ) => {
    if (kind === "reply") {
      await subscribeThread(ctxFor(to), { groupId, threadId, state: "follow" });
      const event = await sendMessage(ctxFor(author), { groupId, threadId, clientId: `c-${++seq}`, text });
      const id = `${to._id}:${groupId}:${event.seq}`;
      expect(await Notification.findById(id).lean()).toMatchObject({ kind: "reply" });
      return { id, message: { _id: new Types.ObjectId((event.data as { message: { id: string } }).message.id) } };
    }
    const m = await Message.create({ groupId: group._id, threadId, authorId: author._id, text, seq: ++seq, createdAt: new Date() });
    const id = `${to._id}:${groupId}:${seq}`;
    await Notification.create({ _id: id, userId: to._id, groupId: group._id, threadId, messageId: m._id, kind });
    return { id, message: m };
  };
  /** The organiser removes `u` from the group, as the group service does. */
  const remove = (u: { _id: Types.ObjectId }) => removeMember(ctxFor(organiser), { groupId, userId: String(u._id) });
  return { group, groupId, threadId, ann, bob, cat, notify, remove };
}

describe("mailImmediate", () => {
  it("mails a user's mentions within one run, batched in one mail, with a short excerpt and unsubscribe links", async () => {
    const { bob, cat, threadId, groupId, notify } = await scene();
    const long = `Kan jij de notulen bekijken? ${"Het gaat over de ouderavond en de nieuwe afspraken met het team. ".repeat(20)}EINDE`;
    await notify(bob, "mention", long);
    await notify(bob, "mention", "Graag voor vrijdag.");
    await notify(cat, "mention", "En jij ook, Cat.");

    expect(await mailImmediate(deps)).toEqual({ mailed: 2 });

    const [toBob] = mailsTo(bob.email);
    expect(mailsTo(bob.email)).toHaveLength(1);
    expect(toBob.Subject).toBe("2 nieuwe meldingen in Leerkring");
    expect(toBob.TextBody).toContain("vermeldde je in Ouderavond (Leergroep Noord)");
    expect(toBob.TextBody).toContain("“Graag voor vrijdag.”");
    expect(toBob.TextBody).toContain(`${TEST_APP_URL}/groups/${groupId}/threads/${threadId}`);
    // Never more than a short excerpt of a message.
    expect(toBob.TextBody).not.toContain("EINDE");
    const quoted = /“(Kan jij de notulen[^”]*)”/.exec(toBob.TextBody)?.[1] ?? "";
    expect(quoted.length).toBeGreaterThan(20);
    expect(quoted.length).toBeLessThanOrEqual(140);
    // One-click unsubscribe for the kinds in the mail (RFC 8058), and a link per kind in the text.
    const listUnsubscribe = header(toBob, "List-Unsubscribe") ?? "";
    expect(listUnsubscribe).toMatch(new RegExp(`^<${TEST_APP_URL}/unsubscribe/${bob._id}\\.mention\\.[\\w-]+>$`));
    expect(header(toBob, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    expect(toBob.TextBody).toContain(`Geen mail meer over vermeldingen: ${listUnsubscribe.slice(1, -1)}`);
    // Bob's new_thread notification waits for his daily digest (the default for activity).
    expect(toBob.TextBody).not.toContain("nieuw gesprek");
    expect(await unmailed(bob)).toBe(1);
  });

  it("never mails a notification twice, with two nodes running the job at once and again after", async () => {
    const { bob, notify } = await scene();
    for (let i = 0; i < 5; i++) await notify(bob, "mention", `Vraag ${i}`);

    await Promise.all([mailImmediate(deps), mailImmediate(deps)]);
    expect(await mailImmediate(deps)).toEqual({ mailed: 0 });
    // Each notification in exactly one mail (racing runs may split a user's batch between them).
    const quoted = mailsTo(bob.email).flatMap((m) => m.TextBody.match(/“Vraag \d”/g) ?? []);
    expect(quoted.sort()).toEqual(["“Vraag 0”", "“Vraag 1”", "“Vraag 2”", "“Vraag 3”", "“Vraag 4”"]);
  });

  it("does not mail what was read in the app first, a deleted message, or anything to a removed member", async () => {
    const { bob, cat, notify, remove } = await scene();
    const read = await notify(bob, "mention", "Al gelezen");
    await Notification.updateOne({ _id: read.id }, { $set: { readAt: new Date() } });
    const deleted = await notify(bob, "mention", "Weg ermee");
    await Message.updateOne({ _id: deleted.message._id }, { $set: { deletedAt: new Date(), text: "" } });
    await notify(cat, "mention", "Geheim voor leden");
    await remove(cat);

    expect(await mailImmediate(deps)).toEqual({ mailed: 0 });
    expect(sent).toEqual([]);
    // Dealt with: the next runs do not look at them again.
    expect(await MailClaim.countDocuments({ _id: `n:${deleted.id}` })).toBe(1);
  });

  it("follows each user's choice per kind and language; off settles without mail", async () => {
    const { bob, cat, notify } = await scene();
    await User.updateOne({ _id: cat._id }, { $set: { locale: "en" } });
    await setMailPrefs(ctxFor(bob), { mention: "off", reply: "immediately", meeting: "off", case: "off" });
    await notify(bob, "mention", "Niet mailen");
    await notify(bob, "reply", "Wel mailen");
    await notify(cat, "mention", "Mention in English");

    expect(await mailImmediate(deps)).toEqual({ mailed: 2 });
    const [toBob] = mailsTo(bob.email);
    expect(toBob.TextBody).toContain("“Wel mailen”");
    expect(toBob.TextBody).toContain("nieuw gesprek"); // his new_thread notification counts as activity
    expect(toBob.TextBody).not.toContain("Niet mailen");
    expect(mailsTo(cat.email)[0].Subject).toBe("1 new notification in Leerkring");
    expect(mailsTo(cat.email)[0].TextBody).toContain("mentioned you in Ouderavond");
    expect(await unmailed(bob)).toBe(0);
  });

  it("never writes a notification, so a read at the same moment is never lost", async () => {
    const { bob, groupId, threadId, notify } = await scene();
    for (let i = 0; i < 3; i++) await notify(bob, "mention", `Vraag ${i}`);
    const before = await Notification.find({ userId: bob._id }).sort({ _id: 1 }).lean();
    expect(await mailImmediate(deps)).toEqual({ mailed: 1 });
    expect(await Notification.find({ userId: bob._id }).sort({ _id: 1 }).lean()).toEqual(before);

    await notify(bob, "mention", "Nog een");
    await Promise.all([mailImmediate(deps), markRead(ctxFor(bob), { groupId, threadId, seq: 1_000 })]);
    expect(await Notification.countDocuments({ userId: bob._id, readAt: null })).toBe(0);
  });

  it("is not crowded out by more waiting daily notifications than one run reads", async () => {
    const { bob, cat, notify } = await scene(); // Bob's and Cat's new_thread notifications wait for their digests
    for (let i = 0; i < 4; i++) await notify(cat, "reply", `Voor de digest ${i}`);
    await notify(bob, "mention", "Nu graag");
    expect(await mailImmediate(deps, new Date(), { scanLimit: 2 })).toEqual({ mailed: 1 });
    expect(mailsTo(bob.email)[0].TextBody).toContain("“Nu graag”");
    expect(mailsTo(cat.email)).toEqual([]);
  });

  it("gives the claims back when the e-mail API fails, so the retry mails them", async () => {
    const { bob, notify } = await scene();
    await notify(bob, "mention");
    refuse = true;
    await expect(mailImmediate(deps)).rejects.toThrow(/1 notification mail\(s\) failed/);
    expect(await unmailed(bob, "mention")).toBe(1);
    refuse = false;
    expect(await mailImmediate(deps)).toEqual({ mailed: 1 });
  });
});

/** The first moment after `from` when it is `hour`:00 in `tz` (a zone whole hours off UTC). */
function nextLocal(from: Date, hour: number, tz: string): Date {
  let t = new Date(Math.ceil(from.getTime() / 900_000) * 900_000);
  while (!(localDayAndHour(t, tz).hour === hour && t.getUTCMinutes() === 0)) t = new Date(t.getTime() + 900_000);
  return t;
}

describe("mailDigests", () => {
  it("mails the daily kinds once per local day, from 08:00 in the user's own time zone (Brussels by default)", async () => {
    const { bob, cat, notify } = await scene(); // Bob and Cat each have a new_thread notification
    await notify(bob, "reply", "Een reactie");
    await User.collection.updateOne({ _id: cat._id }, { $set: { timeZone: "America/New_York" } }); // the profile's field
    const eight = nextLocal(new Date(Date.now() + 60_000), DIGEST_HOUR, "Europe/Brussels");

    expect(await mailDigests(deps, new Date(eight.getTime() - 60_000))).toEqual({ mailed: 0 }); // 07:59 in Brussels
    expect(await mailDigests(deps, eight)).toEqual({ mailed: 1 });
    const [digest] = mailsTo(bob.email);
    expect(digest.Subject).toBe("Je dagoverzicht van Leerkring: 2 meldingen");
    expect(digest.TextBody).toContain("begon een nieuw gesprek: Ouderavond");
    expect(digest.TextBody).toContain("“Een reactie”");
    expect(header(digest, "List-Unsubscribe")).toContain(`/unsubscribe/${bob._id}.reply.`);

    // Later that day: a new reply waits for tomorrow.
    await notify(bob, "reply", "Nog een");
    expect(await mailDigests(deps, new Date(eight.getTime() + 15 * 60_000))).toEqual({ mailed: 0 });
    // Cat's 08:00 is New York's.
    const catsEight = nextLocal(eight, DIGEST_HOUR, "America/New_York");
    expect(await mailDigests(deps, catsEight)).toEqual({ mailed: 1 });
    expect(mailsTo(cat.email)).toHaveLength(1);
  });

  it("sends one digest per user and day with two nodes running the job at once", async () => {
    const { bob, cat } = await scene(); // each with one new_thread notification
    const eight = nextLocal(new Date(Date.now() + 60_000), DIGEST_HOUR, "Europe/Brussels");
    const results = await Promise.all([mailDigests(deps, eight), mailDigests(deps, eight), mailDigests(deps, eight)]);
    expect(results.reduce((sum, r) => sum + r.mailed, 0)).toBe(2);
    expect(mailsTo(bob.email)).toHaveLength(1);
    expect(mailsTo(cat.email)).toHaveLength(1);
  });
});

describe("mail choices and unsubscribe links", () => {
  it("a user has the defaults until they choose", async () => {
    const user = await buildUser();
    expect(await getMailPrefs(ctxFor(user))).toEqual({
      mention: "immediately",
      reply: "daily",
      meeting: "immediately",
      case: "immediately",
    });
    await setMailPrefs(ctxFor(user), { mention: "daily", reply: "off", meeting: "immediately", case: "immediately" });
    expect(await getMailPrefs(ctxFor(user))).toEqual({ mention: "daily", reply: "off", meeting: "immediately", case: "immediately" });
  });

  it("first choices made at the same moment (two tabs) are stored, never a duplicate-key error", async () => {
    for (let round = 0; round < 5; round++) {
      const user = await buildUser();
      const choices = ["immediately", "daily", "off"] as const;
      await Promise.all(choices.map((c) => setMailPrefs(ctxFor(user), { mention: c, reply: c, meeting: c, case: c })));
      const stored = await getMailPrefs(ctxFor(user));
      expect(choices.map((c) => ({ mention: c, reply: c, meeting: c, case: c }))).toContainEqual(stored);
    }
  });

  it("a signed link turns its kind off without signing in; a changed or foreign link changes nothing", async () => {
    const [bob, eve] = await Promise.all([buildUser(), buildUser()]);
    const token = unsubscribeToken(SECRET, String(bob._id), ["reply"]);
    expect(await unsubscribe(SECRET, token)).toEqual({ kinds: ["reply"] });
    expect(await getMailPrefs(ctxFor(bob))).toEqual({ ...DEFAULT_MAIL_PREFS, reply: "off" });
    expect(await unsubscribe(SECRET, token)).toEqual({ kinds: ["reply"] }); // twice is fine

    const [, kinds, sig] = unsubscribeToken(SECRET, String(bob._id), ["mention"]).split(".");
    const forged = [
      `${eve._id}.${kinds}.${sig}`, // Bob's signature on Eve's id
      `${bob._id}.meeting.${sig}`, // another kind
      unsubscribeToken("another-secret-0123456789abcdefghij", String(bob._id), ["mention"]),
      `${bob._id}.mention`,
      { $ne: null },
      unsubscribeToken(SECRET, String(new Types.ObjectId()), ["mention"]), // no such account
    ];
    for (const t of forged) await expect(unsubscribe(SECRET, t)).rejects.toMatchObject({ code: "not_found" });
    expect(await getMailPrefs(ctxFor(bob))).toEqual({ ...DEFAULT_MAIL_PREFS, reply: "off" });
    expect(await MailPrefsRecord.countDocuments({ _id: String(eve._id) })).toBe(0);
  });

  it("a signature made with the session secret itself (how CSRF tokens are made) is no unsubscribe signature", async () => {
    const bob = await buildUser();
    const payload = `${bob._id}.mention-reply`;
    // csrfFor signs a cookie value v as HMAC(SESSION_SECRET, v): whatever v is, it must not verify here.
    for (const v of [payload, `unsubscribe:${payload}`]) {
      const csrfStyle = createHmac("sha256", SECRET).update(v).digest("base64url");
      await expect(unsubscribe(SECRET, `${payload}.${csrfStyle.slice(0, 32)}`)).rejects.toMatchObject({ code: "not_found" });
    }
    expect(await getMailPrefs(ctxFor(bob))).toEqual(DEFAULT_MAIL_PREFS);
    expect(await unsubscribe(SECRET, unsubscribeToken(SECRET, String(bob._id), ["mention", "reply"]))).toEqual({
      kinds: ["mention", "reply"],
    });
  });

  it("the meeting mail's template is ready for the meetings feature, in both languages", () => {
    const input = {
      mode: "immediate" as const,
      items: [
        {
          kind: "meeting" as const,
          change: "added" as const,
          group: "Noord",
          title: "Intervisie",
          when: "12 jan 14:00",
          url: "http://x/m/1",
        },
      ],
      settingsUrl: "http://x/settings#mail",
      unsubscribe: [{ kind: "meeting" as const, url: "http://x/unsubscribe/t" }],
    };
    expect(notificationMail("nl", input).text).toContain("Nieuwe bijeenkomst in Noord: Intervisie, 12 jan 14:00\n  http://x/m/1");
    expect(notificationMail("nl", input).text).toContain("Geen mail meer over bijeenkomsten en herinneringen: http://x/unsubscribe/t");
    expect(notificationMail("en", input).subject).toBe("1 new notification in Leerkring");
    expect(notificationMail("en", input).text).toContain("New meeting in Noord: Intervisie");
  });
});

describe("a removed member", () => {
  it("gets no digest of a group they left", async () => {
    const { cat, remove } = await scene();
    await remove(cat);
    const eight = nextLocal(new Date(Date.now() + 60_000), DIGEST_HOUR, "Europe/Brussels");
    await mailDigests(deps, eight);
    expect(mailsTo(cat.email)).toEqual([]);
  });
});

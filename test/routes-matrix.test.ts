// Every route file and every client socket event has an explicit access rule here; a new route or
// event without one (or a stale entry) fails. Each group-scoped loader and action, called as a
// function with a real Request signed in as an outsider, answers 404: the same status and body for
// someone else's group as for a group that does not exist. Same for each socket event's ack.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession, getSessionUser } from "../models/session/session.service";
import { startPendingSignIn } from "../models/mfa/mfa.service";
import { Passkey, PasskeyChallenge } from "../models/mfa/mfa.model";
import { buildQueuedExports, requestExport } from "../models/privacy/export.service";
import { translate } from "../models/i18n/i18n";
import { clientEvents } from "../realtime/events";
import { Trajectory } from "../models/trajectory/trajectory.model";
import { addMembership, buildGroup, buildUser, PASSWORD } from "./factories";
import { fieldsFromProtocol as protocolFormOf } from "../models/intervision/protocol-form.inputs";
import { incident } from "../models/intervision/protocols/incident";
import { routeTestContext, settle } from "./route-context";
import { closeClients, connectAs, startRealtimeServer, type RealtimeTestServer } from "./socket";
// Network moments, the live moment (issue 16)
import { momentScene } from "./moment-scene";
import { BreakoutSeat } from "../models/moment/moment.model";
import { MomentLiveVersion, MomentMessage, MomentPollAnswer } from "../models/moment/live.model";

type Rule =
  | "public"
  | "user"
  | "group-member"
  | "organiser-trajectory"
  | "dev"
  | "pending-sign-in"
  | "analysis-reader"
  // Network moments (issue 16): models/moment/moment.access.ts decides (facilitators, invited groups' leaders and coaches).
  | "moment"
  // Network moments (decision 066): a moment's facilitators only; anyone in the moment.
  | "moment-facilitator"
  | "moment-member";

const routeRules: Record<string, Rule> = {
  "$.tsx": "public",
  "_index.tsx": "user",
  "dev.outbox.tsx": "dev",
  "forgot.tsx": "public",
  "groups.$groupId._index.tsx": "group-member",
  "groups.$groupId.audit.tsx": "group-member",
  "groups.$groupId.charter.tsx": "group-member",
  "groups.$groupId.docs.$docId.tsx": "group-member",
  "groups.$groupId.docs.$docId.export.ts": "group-member",
  "groups.$groupId.docs.$docId_.versions.tsx": "group-member",
  "groups.$groupId.docs.$docId_.versions_.$versionId.tsx": "group-member",
  "groups.$groupId.docs._index.tsx": "group-member",
  "groups.$groupId.meetings.tsx": "group-member",
  // Meeting content and calendars (issue 14 item 2, decisions 034/035)
  "groups.$groupId.meetings_.$meetingId.tsx": "group-member",
  "groups.$groupId.meetings_.$meetingId.ics.ts": "group-member",
  "calendar.$token.ts": "public",
  "trajectories.$trajectoryId_.attendance.tsx": "organiser-trajectory",
  "groups.$groupId.members.tsx": "group-member",
  "groups.$groupId.protocols.tsx": "group-member",
  // Live intervision rounds (issue 13)
  "groups.$groupId.rounds._index.tsx": "group-member",
  "groups.$groupId.rounds.$roundId.tsx": "group-member",
  // preparing intervision rounds (decision 033)
  "groups.$groupId.protocols_.edit.tsx": "group-member",
  "groups.$groupId.prepare.tsx": "group-member",
  // The round's record (issue 13 item 6, decision 044)
  "groups.$groupId.rounds.$roundId_.record.tsx": "group-member",
  // Three ways to meet (issue 13 item 5, decision 045): the room's shared screen
  "groups.$groupId_.rounds.$roundId.screen.tsx": "group-member",
  "groups.$groupId.threads.$threadId.tsx": "group-member",
  "groups.$groupId.threads._index.tsx": "group-member",
  "groups.$groupId.tsx": "group-member",
  "groups.$groupId.who-sees-what.tsx": "group-member",
  // Action plans, group goals, the coach's room (decisions 037, 038)
  "groups.$groupId.plan.tsx": "group-member",
  "groups.$groupId.goals.tsx": "group-member",
  "groups.$groupId.coach.tsx": "group-member",
  "inbox.count.ts": "user",
  "inbox.tsx": "user",
  "invite.$token.tsx": "public",
  "lang.tsx": "public",
  "login.tsx": "public",
  // Second factor (decision 039): only with this browser's pending sign-in (the password was right).
  "login_.enrol.tsx": "pending-sign-in",
  "login_.verify.tsx": "pending-sign-in",
  "logout.tsx": "public",
  "reset.$token.tsx": "public",
  "settings.tsx": "user",
  // Export of one's own data (decision 049): its owner only, with the mailed token.
  "settings_.export.$exportId.ts": "user",
  "trajectories.$trajectoryId.tsx": "organiser-trajectory",
  // Passkeys (decision 062): adding one is the signed-in user's; signing in is public (passwordless)
  // or, for the second step, this browser's pending sign-in only.
  "settings_.passkeys.ts": "user",
  "login_.passkey.ts": "public",
  "unsubscribe.$token.tsx": "public",
  // baseline/end analysis and 360-degree feedback (decision 036)
  "analysis._index.tsx": "user",
  "analysis.$analysisId.tsx": "analysis-reader",
  "feedback.$token.tsx": "public",
  "trajectories.$trajectoryId_.questionnaire.tsx": "organiser-trajectory",
  // Sign in with the school's account (decision 063): anyone may start one; the callback checks this
  // browser's sign-in (lk_oidc) and the provider's answer; only the trajectory's organisers configure it.
  "login_.school.tsx": "public",
  "login_.school_.callback.tsx": "public",
  "trajectories.$trajectoryId_.sign-in.tsx": "organiser-trajectory",
  // Evaluation (issue 15, decisions 052-054)
  "groups.$groupId.evaluation.tsx": "group-member",
  "groups.$groupId.evaluation_.$occasion.tsx": "group-member",
  "trajectories.$trajectoryId_.evaluation.tsx": "organiser-trajectory",
  "trajectories.$trajectoryId_.evaluation[.]csv.ts": "organiser-trajectory",
  // Practice stories and the end of the trajectory (issue 15 items 3, 7; decisions 055, 056)
  "groups.$groupId.stories.tsx": "group-member",
  "groups.$groupId.ending.tsx": "group-member",
  "trajectories.$trajectoryId_.stories.tsx": "organiser-trajectory",
  // Network moments, the live moment (issue 16 items 2, 3; decisions 069-071)
  "moments.$momentId.tsx": "moment",
  // Network moments, part A: planning (issue 16 item 1, decision 066)
  "trajectories.$trajectoryId_.moments.tsx": "organiser-trajectory",
  "moments._index.tsx": "user",
  "moments.$momentId_.plan.tsx": "moment-facilitator",
  "moments.$momentId_.ics.ts": "moment-member",
  // Network moments: composing breakouts (issue 16 item 3, decision 068)
  "moments.$momentId_.compose.$blockId.tsx": "moment-facilitator",
  "moments.$momentId_.theme.$blockId.ts": "moment-member",
  // Network moments: the harvest (issue 16 item 4, decision 074)
  "moments.$momentId_.harvest.tsx": "moment-member",
  // Attachments (issue 20, decisions 083, 084): upload, download, thumbnail (the owner's read policy on top)
  "groups.$groupId.files.ts": "group-member",
  "groups.$groupId.files.$fileId.ts": "group-member",
  "groups.$groupId.files.$fileId.thumb.ts": "group-member",
  // Search (issue 20 item 3, decision 086): one group's, and across one's own groups
  "groups.$groupId.search.tsx": "group-member",
  "search.tsx": "user",
};

const eventRules: Record<string, Rule> = {
  "presence:list": "group-member",
  "presence:here": "group-member",
  "thread:start": "group-member",
  "message:send": "group-member",
  "message:edit": "group-member",
  "message:delete": "group-member",
  "thread:pin": "group-member",
  "thread:subscribe": "group-member",
  "thread:read": "group-member",
  "thread:history": "group-member",
  "group:sync": "group-member",
  "thread:typing": "group-member",
  "doc:join": "group-member",
  "doc:leave": "group-member",
  "doc:update": "group-member",
  "doc:update-part": "group-member",
  "doc:awareness": "group-member",
  "comment:add": "group-member",
  "comment:reply": "group-member",
  "comment:resolve": "group-member",
  // Live intervision rounds (issue 13)
  "round:join": "group-member",
  "round:act": "group-member",
  // Three ways to meet (issue 13 item 5, decision 045): the room's shared screen
  "round:screen": "group-member",
  // Network moments, the live moment (issue 16 items 2, 3; decisions 069-071)
  "moment:join": "moment",
  "moment:act": "moment",
  "moment:answer": "moment",
  "moment:chat": "moment",
  "moment:hand": "moment",
  // Search (issue 20 item 3, decision 086)
  "search:query": "group-member",
};

/** Server facts a service sends to one user's room (publisher.toUser, every node): who gets them
 *  and what they may carry. Each is sent only to the user it concerns, about a group they are in
 *  (realtime/inbox-live.test.ts and io.test.ts check delivery and that no one else hears it). */
const userEventRules: Record<string, string> = {
  "charter:versioned": "a member behind on the charter: the group and the new version number",
  "group:removed": "the removed member: the group's id",
  "thread:read": "the reader's other tabs: group, thread, read position",
  "inbox:changed": "the user a notification is for, or whose unread count changed: the group's id, no content",
  // Network moments, the live moment (decision 079)
  "moment:left": "the user taken out of a moment's rooms: the moment's id and their role now (null: none)",
};

/** Valid form bodies (apart from the group) for each intent of a group route's action. */
const actionForms: Record<string, Record<string, string>[]> = {
  // Attachments (issue 20): a form without a file is still someone else's group's 404 first.
  "groups.$groupId.files.ts": [{ intent: "upload" }],
  "groups.$groupId.docs._index.tsx": [
    { intent: "create", title: "A document" },
    { intent: "rename", docId: String(new Types.ObjectId()), title: "Renamed" },
    { intent: "archive", docId: String(new Types.ObjectId()), archived: "true" },
    { intent: "createCase", title: "A case" },
    { intent: "caseStatus", caseId: String(new Types.ObjectId()), status: "closed" },
    { intent: "anonymise", caseId: String(new Types.ObjectId()), title: "Anonymised" },
  ],
  "groups.$groupId.docs.$docId.tsx": [
    { intent: "reply", commentId: String(new Types.ObjectId()), clientId: "c-matrix-0006", body: "A reply" },
    { intent: "resolve", commentId: String(new Types.ObjectId()), clientId: "c-matrix-0007", resolved: "true" },
    // Files on a case (issue 20 round two, files2)
    { intent: "fileAttach", fileId: String(new Types.ObjectId()) },
    { intent: "fileRemove", fileId: String(new Types.ObjectId()) },
  ],
  "groups.$groupId.threads._index.tsx": [
    { intent: "start", clientId: "c-matrix-0001", title: "A subject", text: "A first message" },
    { intent: "subscribe", threadId: String(new Types.ObjectId()), state: "mute" },
  ],
  "groups.$groupId.threads.$threadId.tsx": [
    { intent: "send", clientId: "c-matrix-0002", text: "A reply" },
    { intent: "edit", messageId: String(new Types.ObjectId()), clientId: "c-matrix-0003", text: "Changed" },
    { intent: "delete", messageId: String(new Types.ObjectId()), clientId: "c-matrix-0004" },
    { intent: "pin", clientId: "c-matrix-0005", pinned: "true" },
    { intent: "subscribe", state: "follow" },
  ],
  "groups.$groupId.charter.tsx": [
    { intent: "accept", version: "1" },
    { intent: "propose", text: "A new charter text that is long enough." },
    { intent: "proposeDraft" },
    // Erasure (decision 064): the group's choice, beside the charter.
    { intent: "erasure", erasure: "remove" },
  ],
  "groups.$groupId.docs.$docId_.versions.tsx": [{ intent: "name", name: "Before the meeting" }],
  "groups.$groupId.meetings.tsx": [
    { intent: "generate" },
    { intent: "add", kind: "contact_day", title: "", date: "2027-01-12", start: "09:00", end: "16:00", place: "Gent", onlineUrl: "" },
    { intent: "move", meetingId: String(new Types.ObjectId()), date: "2027-01-13", start: "09:00", end: "16:00", place: "", onlineUrl: "" },
    { intent: "cancel", meetingId: String(new Types.ObjectId()) },
  ],
  // Meeting content (issue 14 item 2, decision 034)
  "groups.$groupId.meetings_.$meetingId.tsx": [
    { intent: "agendaAdd", title: "Casus bespreken", link: "" },
    { intent: "agendaRemove", itemId: String(new Types.ObjectId()) },
    { intent: "agendaMove", itemId: String(new Types.ObjectId()), direction: "up" },
    { intent: "chair", userId: String(new Types.ObjectId()) },
    { intent: "attendance", userId: String(new Types.ObjectId()), status: "present" },
    { intent: "minutes" },
    { intent: "assignmentAdd", title: "Lees het artikel", description: "", due: "2027-01-20" },
    { intent: "assignmentRemove", assignmentId: String(new Types.ObjectId()) },
    { intent: "respond", assignmentId: String(new Types.ObjectId()), text: "Gedaan", done: "true" },
    // Files on a meeting (issue 20 round two, files2)
    { intent: "fileAttach", fileId: String(new Types.ObjectId()) },
    { intent: "fileRemove", fileId: String(new Types.ObjectId()) },
  ],
  "groups.$groupId.docs.$docId_.versions_.$versionId.tsx": [{ intent: "restore" }],
  // Action plans, group goals, the coach's room (decisions 037, 038)
  "groups.$groupId.plan.tsx": [
    { intent: "addQuestion", text: "Hoe geef ik feedback?" },
    { intent: "editQuestion", questionId: `${new Types.ObjectId()}:${new Types.ObjectId()}:1`, text: "Anders" },
    { intent: "removeQuestion", questionId: `${new Types.ObjectId()}:${new Types.ObjectId()}:1` },
    { intent: "share", questionId: `${new Types.ObjectId()}:${new Types.ObjectId()}:1`, shared: "true" },
    { intent: "addAction", questionId: `${new Types.ObjectId()}:${new Types.ObjectId()}:2`, text: "Lesbezoek", date: "2027-01-12" },
    {
      intent: "actionDone",
      questionId: `${new Types.ObjectId()}:${new Types.ObjectId()}:2`,
      actionId: String(new Types.ObjectId()),
      done: "true",
    },
    {
      intent: "addEvidence",
      questionId: `${new Types.ObjectId()}:${new Types.ObjectId()}:3`,
      text: "Verslag",
      url: "https://example.test/v",
    },
    { intent: "checkIn", questionId: `${new Types.ObjectId()}:${new Types.ObjectId()}:3`, rating: "3", note: "Op weg" },
    { intent: "askFeedback", checkInId: String(new Types.ObjectId()) },
    { intent: "feedback", checkInId: String(new Types.ObjectId()), text: "Mooi" },
    { intent: "commitmentDone", commitmentId: `${new Types.ObjectId()}:${new Types.ObjectId()}:round:r1:0`, done: "true" },
  ],
  "groups.$groupId.goals.tsx": [
    { intent: "propose", title: "Een feedbackcultuur", criteria: "Twee klasbezoeken" },
    { intent: "edit", goalId: String(new Types.ObjectId()), version: "1", title: "Een feedbackcultuur", criteria: "Drie" },
    { intent: "agree", goalId: String(new Types.ObjectId()), version: "1" },
    { intent: "link", goalId: String(new Types.ObjectId()), target: `thread:${new Types.ObjectId()}` },
    { intent: "unlink", goalId: String(new Types.ObjectId()), target: `document:${new Types.ObjectId()}` },
    { intent: "progress", goalId: String(new Types.ObjectId()), meetingId: String(new Types.ObjectId()), text: "Vooruitgang" },
  ],
  "groups.$groupId.coach.tsx": [
    { intent: "note", memberId: String(new Types.ObjectId()), text: "Een notitie" },
    { intent: "removeNote", noteId: String(new Types.ObjectId()) },
    { intent: "planTalk", memberId: String(new Types.ObjectId()), date: "2027-02-01", start: "10:00" },
    { intent: "talkDone", meetingId: String(new Types.ObjectId()), done: "true" },
  ],
  // The round's record (issue 13 item 6, decision 044)
  "groups.$groupId.rounds.$roundId_.record.tsx": [
    { intent: "notes" },
    { intent: "check", safety: "4", usefulness: "5", line: "Veilig" },
    { intent: "decide", choice: "keep" },
  ],
  // Live intervision rounds (issue 13)
  "groups.$groupId.rounds._index.tsx": [
    { intent: "create", protocol: "incident", inbrengerId: String(new Types.ObjectId()), caseQuestion: "Een casus", whatIDid: "" },
  ],
  // preparing intervision rounds (decision 033)
  "groups.$groupId.protocols.tsx": [{ intent: "archive", protocolId: "incident-0a1b2c3d", archived: "true" }],
  "groups.$groupId.protocols_.edit.tsx": ["preview", "save", "add", "remove:0", "up:1", "down:0"].map((op) => ({
    intent: "edit",
    op,
    ...protocolFormOf(incident),
    protocolId: "",
    baseVersion: "0",
    "basedOn.id": "incident",
    "basedOn.version": "1",
  })),
  "groups.$groupId.prepare.tsx": [
    { intent: "propose", protocolId: "incident", question: "Hoe kan ik …?", context: "", whatIDid: "" },
    { intent: "update", proposalId: String(new Types.ObjectId()), question: "Hoe kan ik …?", context: "", whatIDid: "" },
    { intent: "withdraw", proposalId: String(new Types.ObjectId()) },
    { intent: "vote", proposalId: String(new Types.ObjectId()) },
    { intent: "pick", proposalId: String(new Types.ObjectId()), current: "on", concrete: "on", firstPerson: "on", when: "now" },
    { intent: "start", proposalId: String(new Types.ObjectId()) },
  ],
  // Evaluation (issue 15, decisions 052-054)
  "groups.$groupId.evaluation.tsx": [{ intent: "share", consent: "true" }],
  "groups.$groupId.evaluation_.$occasion.tsx": [{ intent: "answer", "s:motivation_1": "4", line: "" }],
  "groups.$groupId.members.tsx": [
    { intent: "invite", email: "someone@example.test", role: "leader" },
    { intent: "remove", userId: String(new Types.ObjectId()) },
    { intent: "role", userId: String(new Types.ObjectId()), role: "coach" },
    { intent: "guest", email: "guest@example.test", guestKind: "supervisor" },
    { intent: "consent", userId: String(new Types.ObjectId()) },
    { intent: "removeAccount", userId: String(new Types.ObjectId()) },
    { intent: "chair", userId: String(new Types.ObjectId()) },
  ],
  // Practice stories and the end of the trajectory (issue 15 items 3, 7; decisions 055, 056)
  "groups.$groupId.stories.tsx": [
    {
      intent: "write",
      moment: "y1_mid",
      change: "Ik open de personeelsvergadering met een vraag uit de klas.",
      intention: "Mededelingen per mail.",
    },
    { intent: "vote", moment: "y1_mid", storyId: `${new Types.ObjectId()}:y1_mid:${new Types.ObjectId()}` },
    {
      intent: "select",
      moment: "y1_mid",
      storyId: `${new Types.ObjectId()}:y1_mid:${new Types.ObjectId()}`,
      why: "Het raakt het hele team.",
    },
    { intent: "consent", storyId: `${new Types.ObjectId()}:y1_mid:${new Types.ObjectId()}`, consent: "true" },
  ],
  "groups.$groupId.ending.tsx": [
    { intent: "compile" },
    { intent: "fix" },
    { intent: "approve", version: "1" },
    { intent: "vote", choice: "continue" },
    { intent: "take-chair" },
    { intent: "organiser-view", share: "true" },
    { intent: "invite-coach", userId: String(new Types.ObjectId()) },
  ],
};

/** Valid form bodies for each intent of a trajectory route's action (groupId: a group of that trajectory). */
const trajectoryForms = (groupId: string, otherGroupId: string): Record<string, Record<string, string>[]> => ({
  "trajectories.$trajectoryId.tsx": [
    { intent: "createGroup", name: "Leergroep Noord" },
    { intent: "coach", groupId, email: "coach@example.test" },
    { intent: "bulkPreview", groupId, text: "An <an@example.test>" },
    { intent: "bulkConfirm", groupId, text: "An <an@example.test>" },
    { intent: "move", groupId, userId: String(new Types.ObjectId()), toGroupId: otherGroupId },
    { intent: "status", groupId, status: "closed" },
    // Second factor (decision 039)
    { intent: "resetMfa", groupId, userId: String(new Types.ObjectId()) },
    // Retention (decision 048)
    { intent: "retention", retention: "6" },
    { intent: "deleteContent", groupId },
  ],
  // baseline/end analysis (decision 036)
  "trajectories.$trajectoryId_.questionnaire.tsx": [
    { intent: "preview", json: "{}" },
    { intent: "save", json: "{}" },
  ],
  // Sign in with the school's account (decision 063)
  "trajectories.$trajectoryId_.sign-in.tsx": [
    { intent: "save", issuer: "https://login.example.test", clientId: "leerkring", clientSecret: "s3cret", domains: "school.test" },
    { intent: "remove" },
  ],
  // Network moments, part A: planning (decision 066): saving the plan and a block operation
  "trajectories.$trajectoryId_.moments.tsx": [
    { ...momentPlanForm(groupId), op: "save" },
    { ...momentPlanForm(groupId), op: "add" },
  ],
});

/** A valid planning form of a network moment inviting `groupId` (decision 066). */
function momentPlanForm(groupId: string): Record<string, string> {
  return {
    intent: "plan",
    title: "Netwerkmoment voorjaar",
    date: "2099-03-18",
    time: "13:00",
    place: "Gent",
    agenda: "",
    [`group.${groupId}`]: "on",
    "blocks.0.id": "",
    "blocks.0.key": "new-0",
    "blocks.0.kind": "plenary",
    "blocks.0.title": "Welkom",
    "blocks.0.minutes": "30",
  };
}

const routesDir = path.resolve("app/routes");
const routeFiles = readdirSync(routesDir).filter((f) => /\.(tsx?|jsx?)$/.test(f));

const SECRET = "routes-matrix-secret-0123456789abcdefghij";
const { context, request } = routeTestContext(SECRET);

async function outcome(fn: () => unknown): Promise<{ status: number; body: string }> {
  const res = await settle(fn);
  if (!(res instanceof Response)) throw new Error(`expected a Response, got ${JSON.stringify(res)?.slice(0, 300)}`);
  return { status: res.status, body: await res.text() };
}

describe("route and event rule table", () => {
  it("names a rule for every route file, and every entry is a file", () => {
    expect(
      routeFiles.filter((f) => !(f in routeRules)),
      "route files without a rule",
    ).toEqual([]);
    expect(
      Object.keys(routeRules).filter((f) => !routeFiles.includes(f)),
      "rules without a route file",
    ).toEqual([]);
  });

  it("names a rule for every client event, and every entry is an event", () => {
    const events = Object.keys(clientEvents);
    expect(
      events.filter((e) => !(e in eventRules)),
      "events without a rule",
    ).toEqual([]);
    expect(
      Object.keys(eventRules).filter((e) => !events.includes(e)),
      "rules without an event",
    ).toEqual([]);
  });
});

describe("per-user server events", () => {
  it("names a rule for every event a service sends to one user, and every entry is sent", () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
        d.isDirectory()
          ? sources(path.join(dir, d.name))
          : /\.ts$/.test(d.name) && !/\.test\.ts$/.test(d.name)
            ? [path.join(dir, d.name)]
            : [],
      );
    const sent = new Set(
      sources(path.resolve("models")).flatMap((f) =>
        [...readFileSync(f, "utf8").matchAll(/\.toUser\([^,]+,\s*"([^"]+)"/g)].map((m) => m[1]),
      ),
    );
    expect(
      [...sent].filter((e) => !(e in userEventRules)),
      "user events without a rule",
    ).toEqual([]);
    expect(
      Object.keys(userEventRules).filter((e) => !sent.has(e)),
      "rules without a user event",
    ).toEqual([]);
  });
});

describe("group-member routes refuse an outsider with the same 404 as a missing group", () => {
  const groupRoutes = Object.entries(routeRules)
    .filter(([, r]) => r === "group-member")
    .map(([f]) => f);

  for (const file of groupRoutes) {
    it(file, async () => {
      const mod = (await import(pathToFileURL(path.join(routesDir, file)).href)) as {
        loader?: (args: unknown) => unknown;
        action?: (args: unknown) => unknown;
      };
      const foreign = await buildGroup({ leaders: 1 });
      const own = await buildGroup({ leaders: 1 });
      const session = await createSession(String(own.leaders[0]._id));
      const targets = { existing: String(foreign.group._id), missing: String(new Types.ObjectId()) };

      const call = (kind: "loader" | "action", groupId: string, form?: Record<string, string>) => {
        const url = `http://x/groups/${groupId}`;
        return outcome(() => mod[kind]!({ request: request(url, session, form), context, params: { groupId } }));
      };

      expect(mod.loader, `${file} has a loader`).toBeTypeOf("function");
      const [a, b] = [await call("loader", targets.existing), await call("loader", targets.missing)];
      expect(a.status, `${file} loader, someone else's group`).toBe(404);
      expect(b, `${file} loader: existing and missing group answer alike`).toEqual(a);

      if (mod.action) {
        const forms = actionForms[file];
        expect(forms, `${file} exports an action: list its intents in actionForms`).toBeDefined();
        for (const form of forms) {
          const [x, y] = [await call("action", targets.existing, form), await call("action", targets.missing, form)];
          expect(x.status, `${file} action ${form.intent}, someone else's group`).toBe(404);
          expect(y, `${file} action ${form.intent}: existing and missing group answer alike`).toEqual(x);
        }
      }
    });
  }
});

// The end of the trajectory (decision 056): once a group continues on its own, its removed coach and
// its organiser (no opt-in) are outsiders: every group page answers as for a missing group.
describe("a continued group: its former coach and its organiser learn nothing on any group route", () => {
  it("every group-member loader answers them 404, the same as a missing group", async () => {
    const { continueGroup } = await import("./continued-group");
    const { group, coach, organiser } = await continueGroup();
    const groupId = String(group._id);
    const missing = String(new Types.ObjectId());
    const files = Object.entries(routeRules)
      .filter(([, r]) => r === "group-member")
      .map(([f]) => f);
    for (const who of [coach, organiser]) {
      const session = await createSession(String(who._id));
      for (const file of files) {
        const mod = (await import(pathToFileURL(path.join(routesDir, file)).href)) as { loader: (args: unknown) => unknown };
        const call = (id: string) =>
          outcome(() => mod.loader({ request: request(`http://x/groups/${id}`, session), context, params: { groupId: id } }));
        const [a, b] = [await call(groupId), await call(missing)];
        expect(a.status, `${file} loader, a continued group`).toBe(404);
        expect(b).toEqual(a);
      }
    }
  });
});

describe("organiser-trajectory routes refuse anyone but its organisers with the same 404 as a missing trajectory", () => {
  const files = Object.entries(routeRules)
    .filter(([, r]) => r === "organiser-trajectory")
    .map(([f]) => f);

  for (const file of files) {
    it(file, async () => {
      const mod = (await import(pathToFileURL(path.join(routesDir, file)).href)) as {
        loader?: (args: unknown) => unknown;
        action?: (args: unknown) => unknown;
      };
      const foreign = await buildGroup({ leaders: 1, coaches: 1 });
      const own = await buildGroup({ leaders: 1 });
      const trajectoryId = String(foreign.trajectory._id);
      const forms = trajectoryForms(String(foreign.group._id), String(own.group._id))[file];
      // Another trajectory's organiser, and a leader and the coach of a group in this very trajectory.
      const outsiders = [own.organiser, foreign.leaders[0], foreign.coaches[0]];
      for (const who of outsiders) {
        const session = await createSession(String(who._id));
        const call = (kind: "loader" | "action", id: string, form?: Record<string, string>) =>
          outcome(() =>
            mod[kind]!({ request: request(`http://x/trajectories/${id}`, session, form), context, params: { trajectoryId: id } }),
          );
        const [a, b] = [await call("loader", trajectoryId), await call("loader", String(new Types.ObjectId()))];
        expect(a.status, `${file} loader, someone else's trajectory`).toBe(404);
        expect(b).toEqual(a);
        if (mod.action) {
          expect(forms, `${file} exports an action: list its intents in trajectoryForms`).toBeDefined();
          for (const form of forms) {
            const [x, y] = [await call("action", trajectoryId, form), await call("action", String(new Types.ObjectId()), form)];
            expect(x.status, `${file} action ${form.intent}, someone else's trajectory`).toBe(404);
            expect(y, `${file} action ${form.intent}: existing and missing trajectory answer alike`).toEqual(x);
          }
        }
      }
    });
  }
});

describe("the meetings page: the organiser and a guest see the dates and change none (the plan is written once, before) (decision 030)", () => {
  it("answers their loader with dates and refuses every change with 403; the coach's cancel goes through", async () => {
    const mod = await import(pathToFileURL(path.join(routesDir, "groups.$groupId.meetings.tsx")).href);
    const { group, organiser, coaches, trajectory } = await buildGroup({ leaders: 2, coaches: 1 });
    await Trajectory.updateOne({ _id: trajectory._id }, { startDate: new Date("2026-09-01T12:00:00Z") });
    const guest = await buildUser();
    await addMembership(group, guest, { role: "guest", status: "active" });
    const groupId = String(group._id);
    const as = async (who: { _id: unknown }) => {
      const session = await createSession(String(who._id));
      const url = `http://x/groups/${groupId}/meetings`;
      return {
        load: () => mod.loader({ request: request(url, session), context, params: { groupId } }),
        post: (form: Record<string, string>) =>
          outcome(() => mod.action({ request: request(url, session, form), context, params: { groupId } })),
      };
    };
    const coach = await as(coaches[0]);
    expect((await coach.post({ intent: "generate" })).status).toBe(200);
    const meetingId = (await coach.load()).upcoming[0].id as string;
    for (const who of [organiser, guest]) {
      const page = await as(who);
      const data = await page.load();
      expect(data.canEdit).toBe(false);
      expect(data.upcoming.length + data.past.length).toBeGreaterThan(0);
      const forms: Record<string, string>[] = [
        { intent: "cancel", meetingId },
        { intent: "move", meetingId, date: "2027-01-13", start: "09:00", end: "16:00", place: "", onlineUrl: "" },
        { intent: "add", kind: "contact_day", title: "", date: "2027-01-12", start: "09:00", end: "16:00", place: "", onlineUrl: "" },
      ];
      for (const form of forms) expect((await page.post(form)).status, form.intent).toBe(403);
    }
    expect((await coach.post({ intent: "cancel", meetingId })).status).toBe(200);
  });
});

// baseline/end analysis and 360-degree feedback (decision 036)
describe("an analysis page answers 404 to all but its leader (and a coach it is shared with), as for a missing one", () => {
  it("analysis.$analysisId.tsx: loader and every intent", async () => {
    const mod = await import(pathToFileURL(path.join(routesDir, "analysis.$analysisId.tsx")).href);
    const { leaders, coaches, organiser, trajectory } = await buildGroup({ leaders: 2, coaches: 1 });
    const owner = await createSession(String(leaders[0]._id));
    const as = (session: string, analysisId: string, form?: Record<string, string>) =>
      outcome(() =>
        mod[form ? "action" : "loader"]({
          request: request(`http://x/analysis/${analysisId}`, session, form),
          context,
          params: { analysisId },
        }),
      );
    const start = await import(pathToFileURL(path.join(routesDir, "analysis._index.tsx")).href);
    const started = (await settle(() =>
      start.action({
        request: request("http://x/analysis", owner, { intent: "start", trajectoryId: String(trajectory._id), kind: "bsa" }),
        context,
        params: {},
      }),
    )) as Response;
    expect(started.status).toBe(302);
    const id = /^\/analysis\/([0-9a-f]{24})$/.exec(started.headers.get("Location") ?? "")?.[1] ?? "";
    expect(id).not.toBe("");
    const forms: Record<string, string>[] = [
      { intent: "save", "seen:vision-shared": "1", "a:vision-shared": "3" },
      { intent: "submit" },
      { intent: "share", shared: "true" },
      { intent: "invite", emails: "a@school.example", locale: "nl" },
      { intent: "startEsa" },
    ];
    const read = (session: string) =>
      settle(() => mod.loader({ request: request(`http://x/analysis/${id}`, session), context, params: { analysisId: id } }));
    expect(await read(owner)).toMatchObject({ id, isOwner: true });
    const missing = String(new Types.ObjectId());
    for (const who of [leaders[1], coaches[0], organiser]) {
      const session = await createSession(String(who._id));
      const [a, b] = [await as(session, id), await as(session, missing)];
      expect(a.status, "loader").toBe(404);
      expect(b).toEqual(a);
      for (const form of forms) {
        const [x, y] = [await as(session, id, form), await as(session, missing, form)];
        expect(x.status, form.intent).toBe(404);
        expect(y, form.intent).toEqual(x);
      }
    }
    // Shared: the coach reads, and still changes nothing.
    expect((await as(owner, id, { intent: "share", shared: "true" })).status).toBe(200);
    const coach = await createSession(String(coaches[0]._id));
    expect(await read(coach)).toMatchObject({ id, isOwner: false });
    for (const form of forms.filter((f) => f.intent !== "startEsa")) expect((await as(coach, id, form)).status, form.intent).toBe(404);
  });

  it("feedback.$token.tsx: an unknown token and a used one answer alike, and nothing is stored", async () => {
    const mod = await import(pathToFileURL(path.join(routesDir, "feedback.$token.tsx")).href);
    const call = (token: string, form?: Record<string, string>) =>
      outcome(() =>
        mod[form ? "action" : "loader"]({
          request: form
            ? new Request(`http://x/feedback/${token}`, {
                method: "POST",
                headers: { "Content-Type": "application/x-www-form-urlencoded" },
                body: new URLSearchParams(form),
              })
            : new Request(`http://x/feedback/${token}`),
          context: { ...context, clientIp: "192.0.2.50" },
          params: { token },
        }),
      );
    const [a, b] = [await call("z".repeat(43)), await call("short")];
    expect(a.status).toBe(404);
    expect(b).toEqual(a);
    expect((await call("z".repeat(43), { "a:vision-shared": "3" })).status).toBe(404);
  });
});

// A valid payload per event (groupId is set per call): only the policy may refuse it.
const someId = () => String(new Types.ObjectId());
const validPayloads: Record<string, Record<string, unknown>> = {
  "presence:list": {},
  "presence:here": {},
  "thread:start": { clientId: "c-0000000001", title: "A title", text: "Hello" },
  "message:send": { threadId: someId(), clientId: "c-0000000002", text: "Hello" },
  "message:edit": { messageId: someId(), clientId: "c-0000000003", text: "Hello" },
  "message:delete": { messageId: someId(), clientId: "c-0000000004" },
  "thread:pin": { threadId: someId(), clientId: "c-0000000005", pinned: true },
  "thread:subscribe": { threadId: someId(), state: "mute" },
  "thread:read": { threadId: someId(), seq: 3 },
  "thread:history": { threadId: someId() },
  "group:sync": { afterSeq: 0 },
  "thread:typing": { threadId: someId() },
  "doc:join": { docId: someId(), stateVector: new Uint8Array() },
  "doc:leave": { docId: someId() },
  "doc:update": { docId: someId(), clientId: "c-0000000006", update: Uint8Array.from([0, 0]) },
  "doc:update-part": { docId: someId(), clientId: "c-0000000007", index: 0, total: 2, part: Uint8Array.from([0, 0]) },
  "doc:awareness": { docId: someId(), update: Uint8Array.from([1, 2, 3]) },
  "comment:add": { docId: someId(), clientId: "c-0000000007", anchorStart: "AAAA", anchorEnd: "AAAA", body: "A comment" },
  "comment:reply": { docId: someId(), commentId: someId(), clientId: "c-0000000008", body: "A reply" },
  "comment:resolve": { docId: someId(), commentId: someId(), clientId: "c-0000000009", resolved: true },
  // Live intervision rounds (issue 13)
  "round:join": { roundId: someId() },
  "round:act": { roundId: someId(), action: { type: "next", seen: 1 } },
  // Three ways to meet (issue 13 item 5, decision 045)
  "round:screen": { roundId: someId() },
  // Search (issue 20 item 3, decision 086)
  "search:query": { q: "ouderraad" },
};

describe("group-member socket events refuse an outsider with the same ack as a missing group", () => {
  let server: RealtimeTestServer;
  beforeAll(async () => {
    server = await startRealtimeServer();
  });
  afterAll(async () => {
    closeClients();
    await server?.close();
  });

  for (const event of Object.entries(eventRules)
    .filter(([, r]) => r === "group-member")
    .map(([e]) => e)) {
    it(event, async () => {
      const foreign = await buildGroup({ leaders: 1 });
      const own = await buildGroup({ leaders: 1 });
      const socket = await connectAs(server.url, await createSession(String(own.leaders[0]._id)));
      const payload = { ...validPayloads[event] };
      const emit = (groupId: string) => socket.timeout(5000).emitWithAck(event as "presence:list", { ...payload, groupId });
      const a = await emit(String(foreign.group._id));
      const b = await emit(String(new Types.ObjectId()));
      expect(a).toMatchObject({ ok: false, error: { code: "not_found" } });
      expect(b).toEqual(a);
      socket.disconnect();
    });
  }
});

// Second factor and sessions (issue 17; decisions 039, 040) -----------------------------------------

/** Valid form bodies for each intent of the settings page that these features added. */
const settingsForms: Record<string, string>[] = [
  { intent: "mfaBegin" },
  { intent: "mfaConfirm", code: "123456" },
  { intent: "mfaRenew", code: "123456" },
  { intent: "mfaRemove", code: "123456" },
  { intent: "sessionEnd", sessionId: "A".repeat(22) },
  { intent: "sessionEndOthers" },
  // Export of one's own data (decision 049)
  { intent: "exportRequest" },
  // Passkeys (decision 062)
  { intent: "passkeyRemove", passkeyId: "AAAA", currentPassword: "x" },
  // Erasure of one's account (decision 064)
  { intent: "erasureRequest", password: "correct horse battery" },
  { intent: "erasureCancel" },
];

describe("second factor and sessions: who may use the new doors", () => {
  it("a second-step page without this browser's pending sign-in does nothing: its form is told to start again, a signed-in session does not stand in", async () => {
    const { leaders, organiser } = await buildGroup({ leaders: 1 });
    const signedIn = await createSession(String(leaders[0]._id));
    // A pending sign-in of the other purpose (an organiser's enrolment) does not open the verify page, and the reverse.
    const pendingEnrol = await startPendingSignIn(String(organiser._id), "enrol");
    const pendingVerify = await startPendingSignIn(String(organiser._id), "verify");
    for (const [file, other] of [
      ["login_.verify.tsx", pendingEnrol],
      ["login_.enrol.tsx", pendingVerify],
    ] as const) {
      const mod = await import(pathToFileURL(path.join(routesDir, file)).href);
      for (const cookie of [signedIn, `x; lk_pending=${other}`, "none-0123456789abcdefghij"]) {
        const url = "http://x/login/next";
        const data = (await settle(() => mod.loader({ request: request(url, cookie), context, params: {} }))) as Response;
        const body = await data.json();
        expect(body.expired ?? body.enrolment === null, `${file} loader`).toBe(true);
        const res = await outcome(() => mod.action({ request: request(url, cookie, { code: "123456" }), context, params: {} }));
        expect(res.status, `${file} action`).toBe(400);
        expect(res.body).toContain(translate("nl", "refusal.token_invalid.sign_in"));
      }
    }
  });

  it("the settings page's new intents send a visitor without a session to the login page and change nothing", async () => {
    const mod = await import(pathToFileURL(path.join(routesDir, "settings.tsx")).href);
    for (const form of settingsForms) {
      const res = await settle(() =>
        mod.action({ request: request("http://x/settings", "none-0123456789abcdefghij", form), context, params: {} }),
      );
      expect(res instanceof Response && res.status, form.intent).toBe(302);
      expect((res as Response).headers.get("Location")).toMatch(/^\/login\?next=/);
    }
  });

  it("a member signs out only their own devices: another user's session id is not found", async () => {
    const mod = await import(pathToFileURL(path.join(routesDir, "settings.tsx")).href);
    const ann = await buildUser();
    const bob = await buildUser();
    const annHere = await createSession(String(ann._id));
    const bobThere = await createSession(String(bob._id));
    const bobHere = await createSession(String(bob._id));
    const bobsList = (await (
      (await mod.loader({ request: request("http://x/settings", bobHere), context, params: {} })) as Response
    ).json()) as { sessions: { id: string; current: boolean }[] };
    const bobsOther = bobsList.sessions.find((s) => !s.current)!.id;
    const res = await outcome(() =>
      mod.action({ request: request("http://x/settings", annHere, { intent: "sessionEnd", sessionId: bobsOther }), context, params: {} }),
    );
    expect(res.status).toBe(404);
    expect(await getSessionUser(bobThere)).not.toBeNull();
  });
});

// Export of one's own data (issue 17 item 4; decision 049) ------------------------------------------

describe("the export download: its owner only, with the mailed token", () => {
  it("the owner gets the zip; another user, a wrong token and a missing export get the same 404; no session goes to the login page", async () => {
    const mod = await import(pathToFileURL(path.join(routesDir, "settings_.export.$exportId.ts")).href);
    const ann = await buildUser();
    const bob = await buildUser();
    const mails: { text: string }[] = [];
    await requestExport({ actor: { id: String(ann._id), isOrganiser: false } } as Parameters<typeof requestExport>[0]);
    await buildQueuedExports({ appUrl: "http://x", sendMail: async (m) => void mails.push(m) });
    const [, exportId, token] = /\/settings\/export\/([0-9a-f]{24})\?token=([\w-]+)/.exec(mails[0].text)!;
    const call = (cookie: string, id: string, t: string) =>
      settle(() =>
        mod.loader({ request: request(`http://x/settings/export/${id}?token=${t}`, cookie), context, params: { exportId: id } }),
      );
    const own = (await call(await createSession(String(ann._id)), exportId, token)) as Response;
    expect(own.status).toBe(200);
    expect(own.headers.get("Content-Type")).toBe("application/zip");
    expect(own.headers.get("Cache-Control")).toBe("private, no-store");
    const bobs = await createSession(String(bob._id));
    const refused = await outcome(() => call(bobs, exportId, token));
    expect(refused.status).toBe(404);
    expect(await outcome(() => call(bobs, String(new Types.ObjectId()), token))).toEqual(refused);
    expect((await outcome(() => call(bobs, exportId, "wrong"))).status).toBe(404);
    const visitor = (await call("none-0123456789abcdefghij", exportId, token)) as Response;
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("Location")).toMatch(/^\/login\?next=/);
  });
});

// Passkeys (issue 17 item 1; decision 062) ----------------------------------------------------------

describe("passkeys: who may use the new doors", () => {
  const noSession = "none-0123456789abcdefghij";

  it("adding a passkey: a visitor without a session goes to the login page and no challenge is made", async () => {
    const mod = await import(pathToFileURL(path.join(routesDir, "settings_.passkeys.ts")).href);
    const before = await PasskeyChallenge.countDocuments();
    const forms: Record<string, string>[] = [
      { intent: "options", name: "Laptop" },
      { intent: "add", response: "{}" },
    ];
    for (const form of forms) {
      const res = await settle(() => mod.action({ request: request("http://x/settings/passkeys", noSession, form), context, params: {} }));
      expect(res instanceof Response && res.status, form.intent).toBe(302);
      expect((res as Response).headers.get("Location")).toMatch(/^\/login\?next=/);
    }
    expect(await PasskeyChallenge.countDocuments()).toBe(before);
  });

  it("removing: another user's passkey is not found and stays", async () => {
    const mod = await import(pathToFileURL(path.join(routesDir, "settings.tsx")).href);
    const ann = await buildUser();
    const bob = await buildUser();
    await Passkey.create({ _id: "bobs-passkey-id", userId: String(bob._id), name: "Bob", publicKey: "AAAA" });
    const annHere = await createSession(String(ann._id));
    const res = await outcome(() =>
      mod.action({
        request: request("http://x/settings", annHere, {
          intent: "passkeyRemove",
          passkeyId: "bobs-passkey-id",
          currentPassword: PASSWORD,
        }),
        context,
        params: {},
      }),
    );
    expect(res.status).toBe(404);
    expect(await Passkey.countDocuments({ _id: "bobs-passkey-id" })).toBe(1);
  });

  it("signing in: passwordless options for anyone; the second step only with this browser's pending sign-in; a bad answer is refused", async () => {
    const mod = await import(pathToFileURL(path.join(routesDir, "login_.passkey.ts")).href);
    const call = (url: string, cookie: string, form: Record<string, string>) =>
      outcome(() => mod.action({ request: request(url, cookie, form), context, params: {} }));
    const open = await call("http://x/login/passkey?purpose=signin", noSession, { intent: "options" });
    expect(open.status).toBe(200);
    expect(JSON.parse(open.body).options.allowCredentials).toEqual([]);

    const { leaders } = await buildGroup({ leaders: 1 });
    const signedIn = await createSession(String(leaders[0]._id));
    for (const cookie of [noSession, signedIn]) {
      const forms: Record<string, string>[] = [{ intent: "options" }, { intent: "finish", response: "{}" }];
      for (const form of forms) {
        const res = await call("http://x/login/passkey?purpose=verify", cookie, form);
        expect(res.status, form.intent).toBe(400);
      }
    }
    const refused = await call("http://x/login/passkey?purpose=verify", noSession, { intent: "options" });
    expect(refused.body).toContain(translate("nl", "refusal.token_invalid.sign_in"));

    // A well-formed answer to no challenge of ours: refused, no session.
    const b = "AAAAAAAAAAAAAAAAAAAAAA";
    const fake = {
      id: b,
      rawId: b,
      type: "public-key",
      clientExtensionResults: {},
      response: { clientDataJSON: b, authenticatorData: b, signature: b },
    };
    const res = await settle(() =>
      mod.action({
        request: request("http://x/login/passkey", noSession, { intent: "finish", response: JSON.stringify(fake) }),
        context,
        params: {},
      }),
    );
    expect((res as Response).status).toBe(401);
    expect((res as Response).headers.get("Set-Cookie")).toBeNull();
  });
});

// Network moments, the live moment (issue 16 items 2, 3, 5; decisions 069-071) ------------------------

describe("the live moment's doors: every role", () => {
  let server: RealtimeTestServer;
  beforeAll(async () => {
    server = await startRealtimeServer();
  });
  afterAll(async () => {
    closeClients();
    await server?.close();
  });

  it("socket events: outsiders and another trajectory's organiser get the ack of a missing moment and change nothing; participants may not facilitate; facilitators (one also a member) may", async () => {
    const s = await momentScene();
    const m = s.momentId;
    const missing = String(new Types.ObjectId());
    const ack = async (user: { _id: unknown }, event: string, payload: Record<string, unknown>) => {
      const socket = await connectAs(server.url, await createSession(String(user._id)));
      const res = await socket.timeout(5000).emitWithAck(event as "moment:join", payload as never);
      socket.disconnect();
      return res as { ok: boolean; error?: { code: string } };
    };
    const payloads = (momentId: string): [string, Record<string, unknown>][] => [
      ["moment:join", { momentId }],
      ["moment:act", { momentId, action: { type: "start" } }],
      ["moment:answer", { momentId, pollId: "poll-matrix", answer: 1 }],
      ["moment:chat", { momentId, clientId: "chat-matrix", text: "Hallo" }],
      ["moment:hand", { momentId, op: "raise" }],
    ];
    expect(
      payloads(m)
        .map(([e]) => e)
        .sort(),
    ).toEqual(
      Object.entries(eventRules)
        .filter(([, r]) => r === "moment")
        .map(([e]) => e)
        .sort(),
    );
    // Outsider with an account in another group; organiser of another trajectory.
    for (const who of [s.outsider, s.otherOrganiser]) {
      for (const [event, payload] of payloads(m)) {
        const [a, b] = [await ack(who, event, payload), await ack(who, event, { ...payload, momentId: missing })];
        expect(a, event).toMatchObject({ ok: false, error: { code: "not_found" } });
        expect(b, event).toEqual(a);
      }
    }
    expect(await MomentLiveVersion.countDocuments({ momentId: m })).toBe(0);
    expect(await MomentMessage.countDocuments({ momentId: m })).toBe(0);
    // A participant (either group) sees the moment, may not run it.
    for (const who of [s.aPeople[0], s.bPeople[0]]) {
      expect(await ack(who, "moment:join", { momentId: m })).toMatchObject({ ok: true, data: { role: "participant" } });
      expect(await ack(who, "moment:act", { momentId: m, action: { type: "start" } })).toMatchObject({
        ok: false,
        error: { code: "forbidden" },
      });
      expect(await ack(who, "moment:hand", { momentId: m, op: "clear" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    }
    // The facilitator who is also a member of group A, and the organiser: facilitators.
    expect(await ack(s.facilitator, "moment:join", { momentId: m })).toMatchObject({ ok: true, data: { role: "facilitator" } });
    expect(await ack(s.organiser, "moment:act", { momentId: m, action: { type: "start" } })).toMatchObject({ ok: true });
    expect(await ack(s.facilitator, "moment:act", { momentId: m, action: { type: "next", seen: 1 } })).toMatchObject({ ok: true });
    expect(await ack(s.facilitator, "moment:act", { momentId: m, action: { type: "open_breakouts", seen: 2 } })).toMatchObject({
      ok: true,
    });
    // Seated and not seated: the facilitator (also a member) is not seated and sees every breakout;
    // each participant sees only their own.
    const fac = (await ack(s.facilitator, "moment:join", { momentId: m })) as unknown as {
      data: { breakout: unknown; breakouts: unknown[] };
    };
    expect(fac.data.breakout).toBeNull();
    expect(fac.data.breakouts).toHaveLength(3);
    expect(await BreakoutSeat.countDocuments({ momentId: m, userId: s.facilitator._id })).toBe(0);
    const p = (await ack(s.aPeople[0], "moment:join", { momentId: m })) as unknown as {
      data: { breakout: { members: { userId: string }[] }; breakouts: unknown[] };
    };
    expect(p.data.breakouts).toEqual([]);
    expect(p.data.breakout.members.map((x) => x.userId)).toContain(String(s.aPeople[0]._id));
    // Outsiders still learn nothing, also now that it runs; answers from them are not stored.
    await ack(s.facilitator, "moment:act", {
      momentId: m,
      action: { type: "poll_open", clientId: "poll-matrix", kind: "scale", question: "Hoe?", options: [] },
    });
    expect(await ack(s.outsider, "moment:answer", { momentId: m, pollId: "poll-matrix", answer: 3 })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    expect(await MomentPollAnswer.countDocuments({ momentId: m })).toBe(0);
  });

  it("moments.$momentId.tsx: the loader answers an outsider and another trajectory's organiser as for a missing moment; participants and facilitators read it", async () => {
    const mod = await import(pathToFileURL(path.join(routesDir, "moments.$momentId.tsx")).href);
    const s = await momentScene();
    const read = async (user: { _id: unknown }, momentId: string) => {
      const session = await createSession(String(user._id));
      return settle(() => mod.loader({ request: request(`http://x/moments/${momentId}`, session), context, params: { momentId } }));
    };
    for (const who of [s.outsider, s.otherOrganiser]) {
      const [a, b] = [await outcome(() => read(who, s.momentId)), await outcome(() => read(who, String(new Types.ObjectId())))];
      expect(a.status).toBe(404);
      expect(b).toEqual(a);
    }
    for (const [who, role] of [
      [s.bPeople[0], "participant"],
      [s.facilitator, "facilitator"],
    ] as const)
      expect(await read(who, s.momentId)).toMatchObject({ view: { role } });
  });
});

// Network moments, part A: planning (issue 16 item 1, decision 066) ----------------------------------

describe("a network moment's plan and calendar file: who gets what, by role", () => {
  it("the plan: facilitators (an organiser, a named one, one also a member) read and post; a participant 403; everyone else 404 as for a missing moment", async () => {
    const { Group } = await import("../models/group/group.model");
    const { Moment } = await import("../models/moment/moment.model");
    const plan = await import(pathToFileURL(path.join(routesDir, "moments.$momentId_.plan.tsx")).href);
    const ics = await import(pathToFileURL(path.join(routesDir, "moments.$momentId_.ics.ts")).href);
    const a = await buildGroup({ leaders: 2, coaches: 1 });
    const b = await Group.create({ trajectoryId: a.trajectory._id, name: "Leergroep B", charterVersion: 1 });
    const otherParticipant = await buildUser();
    await addMembership(b, otherParticipant, { role: "leader", status: "active" });
    const named = await buildUser();
    const outsider = await buildGroup({ leaders: 1 });
    const moment = await Moment.create({
      trajectoryId: a.trajectory._id,
      title: "Netwerkmoment",
      startsAt: new Date("2099-03-18T12:00:00Z"),
      groupIds: [a.group._id, b._id],
      // A leader of group A is named too: a facilitator who is also a member of one group.
      facilitatorIds: [named._id, a.leaders[1]._id],
      blocks: [{ _id: "b1", kind: "plenary", title: "Welkom", minutes: 30 }],
      createdBy: a.organiser._id,
    });
    const momentId = String(moment._id);
    const missing = String(new Types.ObjectId());
    const forms: Record<string, string>[] = [
      { ...momentPlanForm(String(a.group._id)), op: "save" },
      { ...momentPlanForm(String(a.group._id)), op: "down:0" },
      { intent: "name", email: "someone@example.test" },
      { intent: "unname", userId: String(named._id) },
      { intent: "cancel", confirm: "on" },
    ];
    const call = (
      mod: { loader: (a: unknown) => unknown; action?: (a: unknown) => unknown },
      session: string,
      id: string,
      form?: Record<string, string>,
    ) =>
      outcome(() =>
        mod[form ? "action" : "loader"]!({
          request: request(`http://x/moments/${id}/plan`, session, form),
          context,
          params: { momentId: id },
        }),
      );
    const load = async (who: { _id: unknown }) =>
      settle(() =>
        plan.loader({
          request: request(`http://x/moments/${momentId}/plan`, sessionOf.get(String(who._id))!),
          context,
          params: { momentId },
        }),
      );
    const sessionOf = new Map<string, string>();
    for (const u of [
      a.organiser,
      named,
      a.leaders[0],
      a.leaders[1],
      a.coaches[0],
      otherParticipant,
      outsider.leaders[0],
      outsider.organiser,
    ])
      sessionOf.set(String(u._id), await createSession(String(u._id)));
    const as = (u: { _id: unknown }) => sessionOf.get(String(u._id))!;

    // Nobody outside the moment learns it exists: an outsider, another trajectory's organiser.
    for (const who of [outsider.leaders[0], outsider.organiser]) {
      for (const mod of [plan, ics]) {
        const [x, y] = [await call(mod, as(who), momentId), await call(mod, as(who), missing)];
        expect(x.status).toBe(404);
        expect(y).toEqual(x);
      }
      for (const form of forms) {
        const [x, y] = [await call(plan, as(who), momentId, form), await call(plan, as(who), missing, form)];
        expect(x.status, form.intent).toBe(404);
        expect(y, form.intent).toEqual(x);
      }
    }
    // Participants (of either group): the calendar file, never the plan.
    for (const who of [a.leaders[0], a.coaches[0], otherParticipant]) {
      expect((await call(ics, as(who), momentId)).status).toBe(200);
      expect((await call(plan, as(who), momentId)).status).toBe(403);
      for (const form of forms) expect((await call(plan, as(who), momentId, form)).status, form.intent).toBe(403);
    }
    // Facilitators read the plan; a named one (also one who is a member) may not name others.
    for (const who of [a.organiser, named, a.leaders[1]]) {
      expect(await load(who)).toMatchObject({ id: momentId, role: "facilitator" });
      expect((await call(ics, as(who), momentId)).status).toBe(200);
      expect((await call(plan, as(who), momentId, { ...momentPlanForm(String(a.group._id)), op: "down:0" })).status).toBe(200);
    }
    expect((await call(plan, as(named), momentId, { intent: "name", email: "someone@example.test" })).status).toBe(403);
    expect((await Moment.findById(momentId).lean())!.status).toBe("planned");
  });
});

// Network moments: composing breakouts (issue 16 item 3, decision 068) ------------------------------

describe("composing breakouts: who may use the compose page and the theme choice", () => {
  it("every role: facilitators compose (also one who is a member of a group), participants choose a theme, everyone else learns nothing", async () => {
    const { composeScene } = await import("./compose-scene");
    const s = await composeScene();
    const compose = await import(pathToFileURL(path.join(routesDir, "moments.$momentId_.compose.$blockId.tsx")).href);
    const theme = await import(pathToFileURL(path.join(routesDir, "moments.$momentId_.theme.$blockId.ts")).href);
    const missing = String(new Types.ObjectId());
    const call = async (mod: typeof compose, who: { _id: unknown }, momentId: string, blockId: string, form?: Record<string, string>) => {
      const url = `http://x/moments/${momentId}/${mod === compose ? "compose" : "theme"}/${blockId}`;
      const session = await createSession(String(who._id));
      return outcome(async () => {
        const res = await mod[form ? "action" : "loader"]({ request: request(url, session, form), context, params: { momentId, blockId } });
        return res instanceof Response ? res : new Response(JSON.stringify(res), { status: 200 });
      });
    };
    const save = { intent: "save", assignment: JSON.stringify([{ theme: null, userIds: [] }]) };
    const choose = { intent: "chooseTheme", theme: "Taal" };
    // [who, compose loader, compose save, theme loader, theme choose]
    const table: [string, { _id: unknown }, number, number, number, number][] = [
      ["the organiser (facilitator)", s.organiser, 200, 302, 404, 403],
      ["a named facilitator who is a leader of one group", s.named, 200, 302, 404, 403],
      ["a participant", s.participants[0], 403, 403, 200, 200],
      ["a participant of another group", s.participants[3], 403, 403, 200, 200],
      ["an outsider with an account in another group", s.outsider.leaders[0], 404, 404, 404, 404],
      ["the organiser of another trajectory", s.outsider.organiser, 404, 404, 404, 404],
    ];
    for (const [label, who, load, post, read, pick] of table) {
      expect((await call(compose, who, s.momentId, "tables")).status, `${label}: compose page`).toBe(load);
      expect((await call(compose, who, s.momentId, "tables", save)).status, `${label}: save`).toBe(post);
      expect((await call(theme, who, s.momentId, "themes")).status, `${label}: theme choice`).toBe(read);
      expect((await call(theme, who, s.momentId, "themes", choose)).status, `${label}: choose`).toBe(pick);
      if (load === 404) {
        // The same answer as for a moment that does not exist.
        expect(await call(compose, who, s.momentId, "tables")).toEqual(await call(compose, who, missing, "tables"));
        expect(await call(compose, who, s.momentId, "tables", save)).toEqual(await call(compose, who, missing, "tables", save));
        expect(await call(theme, who, s.momentId, "themes", choose)).toEqual(await call(theme, who, missing, "themes", choose));
      }
    }
  });
});

// Network moments: the harvest (issue 16 items 4 and 5, decision 074) ---------------------------------

describe("the harvest: every role of a network moment at its door", () => {
  it("moments.$momentId_.harvest.tsx: outsiders get the 404 of a missing moment; tables, offers and cases each to their own", async () => {
    const { Moment, Breakout, BreakoutSeat, seatId } = await import("../models/moment/moment.model");
    const { Group } = await import("../models/group/group.model");
    const { createCase } = await import("../models/document/document.service");
    const { ctxFor } = await import("./factories");
    const mod = await import(pathToFileURL(path.join(routesDir, "moments.$momentId_.harvest.tsx")).href);
    const docPage = await import(pathToFileURL(path.join(routesDir, "groups.$groupId.docs.$docId.tsx")).href);

    const a = await buildGroup({ leaders: 3, coaches: 1 });
    const b = await Group.create({ trajectoryId: a.trajectory._id, name: "Groep B", charterVersion: 1 });
    const bLeader = await buildUser();
    await addMembership(b, bLeader, { role: "leader", status: "active" });
    const named = await buildUser();
    const elsewhere = await buildGroup({ leaders: 1 });
    const moment = await Moment.create({
      trajectoryId: a.trajectory._id,
      title: "Netwerkmoment najaar",
      startsAt: new Date(),
      groupIds: [a.group._id, b._id],
      // The coach of A facilitates too: a facilitator who is a member of one group.
      facilitatorIds: [named._id, a.coaches[0]._id],
      blocks: [{ _id: "b1", kind: "breakouts", title: "Tafels", minutes: 30, rule: "mixed", size: 2 }],
      createdBy: a.organiser._id,
    });
    const [one, two] = await Breakout.create([
      { momentId: moment._id, blockId: "b1", index: 1 },
      { momentId: moment._id, blockId: "b1", index: 2 },
    ]);
    const sit = (u: { _id: unknown }, t: { _id: unknown }) =>
      BreakoutSeat.create({ _id: seatId(moment._id, "b1", u._id), momentId: moment._id, blockId: "b1", userId: u._id, breakoutId: t._id });
    await sit(a.leaders[0], one);
    await sit(bLeader, two);
    await sit(a.leaders[1], two);
    const ownCase = await createCase(ctxFor(a.leaders[0]), { groupId: String(a.group._id), title: "Mijn casus" });

    const momentId = String(moment._id);
    const missing = String(new Types.ObjectId());
    const t1 = String(one._id);
    const status = (r: unknown) => (r instanceof Response ? r.status : 200);
    const as = async (who: { _id: unknown }) => {
      const session = await createSession(String(who._id));
      return {
        load: async (id = momentId, query = "") =>
          status(
            await settle(() =>
              mod.loader({ request: request(`http://x/moments/${id}/harvest${query}`, session), context, params: { momentId: id } }),
            ),
          ),
        post: async (form: Record<string, string>, id = momentId) =>
          status(
            await settle(() =>
              mod.action({ request: request(`http://x/moments/${id}/harvest`, session, form), context, params: { momentId: id } }),
            ),
          ),
        doc: async (groupId: string, docId: string) =>
          status(
            await settle(() =>
              docPage.loader({
                request: request(`http://x/groups/${groupId}/docs/${docId}`, session),
                context,
                params: { groupId, docId },
              }),
            ),
          ),
      };
    };
    const forms = {
      publish: { intent: "publish", breakoutId: t1, clientId: "c-matrix-h001", title: "Tafel 1", text: "Wat we leerden" },
      offer: { intent: "offer", breakoutId: t1 },
      bring: {
        intent: "bring",
        breakoutId: t1,
        caseId: ownCase.id,
        clientId: "c-matrix-h002",
        title: "Een casus",
        text: "Geanonimiseerd.",
      },
      withdraw: { intent: "withdraw", breakoutId: t1, copyId: `${t1}:x:c-matrix-h003` },
    };

    // Outside the moment (a leader of another trajectory's group, its organiser, this trajectory's
    // organiser-less outsider): the page and every intent answer as for a moment that does not exist.
    for (const who of [elsewhere.leaders[0], elsewhere.organiser]) {
      const page = await as(who);
      expect(await page.load()).toBe(404);
      expect(await page.load(missing)).toBe(404);
      for (const form of Object.values(forms)) {
        expect(await page.post(form), form.intent).toBe(404);
        expect(await page.post(form, missing), form.intent).toBe(404);
      }
    }

    // The seated participant publishes table 1's output (its board form opens for them) and brings their case.
    const an = await as(a.leaders[0]);
    expect(await an.load(momentId, `?publish=${t1}`)).toBe(200);
    expect(await an.load(momentId, `?bring=${t1}&case=${ownCase.id}`)).toBe(200);
    expect(await an.post(forms.publish)).toBe(302);
    expect(await an.post(forms.bring)).toBe(302);

    // A participant of another group in the same moment, seated at table 2: sees the harvest, not
    // table 1's board, publishes nothing there, brings nothing there; offers the published output home.
    const bea = await as(bLeader);
    expect(await bea.load()).toBe(200);
    expect(await bea.load(momentId, `?publish=${t1}`)).toBe(404);
    expect(await bea.post({ ...forms.publish, clientId: "c-matrix-h004" })).toBe(404);
    expect(await bea.post({ ...forms.bring, clientId: "c-matrix-h005" })).toBe(404);
    expect(await bea.post(forms.withdraw)).toBe(404);
    const offered = await settle(() =>
      mod.action({
        request: request(`http://x/moments/${momentId}/harvest`, "", forms.offer),
        context,
        params: { momentId },
      }),
    );
    expect(status(offered)).toBe(302); // no session: to the login page
    const res = (await settle(async () =>
      mod.action({
        request: request(`http://x/moments/${momentId}/harvest`, await createSession(String(bLeader._id)), forms.offer),
        context,
        params: { momentId },
      }),
    )) as Response;
    const { docId, groupId } = (await res.json()) as { docId: string; groupId: string };
    expect(groupId).toBe(String(b._id));
    expect(await bea.doc(groupId, docId)).toBe(200);

    // A participant of A not seated anywhere: the harvest yes, table 1's board no; offers to A.
    const cas = await as(a.leaders[2]);
    expect(await cas.load()).toBe(200);
    expect(await cas.load(momentId, `?publish=${t1}`)).toBe(404);
    expect(await cas.post({ ...forms.publish, clientId: "c-matrix-h006" })).toBe(404);
    expect(await cas.post(forms.offer)).toBe(200);

    // The named facilitator: every table's board and publishing, no group to offer to, no case to bring;
    // the home groups' documents stay closed to them.
    const fac = await as(named);
    expect(await fac.load(momentId, `?publish=${t1}`)).toBe(200);
    expect(await fac.post({ ...forms.publish, clientId: "c-matrix-h007" })).toBe(302);
    expect(await fac.post(forms.offer)).toBe(403);
    expect(await fac.post({ ...forms.bring, clientId: "c-matrix-h008" })).toBe(403); // sits at no table
    expect(await fac.doc(groupId, docId)).toBe(404);

    // The coach of A who facilitates: offers to A (their own group), still not into B's document.
    const coach = await as(a.coaches[0]);
    expect(await coach.load(momentId, `?publish=${t1}`)).toBe(200);
    expect(await coach.post(forms.offer)).toBe(200);
    expect(await coach.doc(groupId, docId)).toBe(404);
    // Table 1's own participant from A does not see B's document either.
    expect(await an.doc(groupId, docId)).toBe(404);
  });
});

// The access matrix by role (issue 17 item 9): every group-scoped route's loader and every group
// socket event, called by every kind of person around a group, answers what the policy
// (models/group/group.policy.ts decide()) promises for the GroupAction it needs. test/routes-matrix
// names a rule per route and event and proves an outsider's 404; this file proves every other role.
// One scene is built once; each route and event has a row here, and a new one without a row fails.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDocument } from "../models/document/document.service";
import { createVersion } from "../models/document/version.service";
import { Group } from "../models/group/group.model";
import { decide, type GroupAccess, type GroupAction } from "../models/group/group.policy";
import { fieldsFromProtocol as protocolFormOf } from "../models/intervision/protocol-form.inputs";
import { incident } from "../models/intervision/protocols/incident";
import { createRound } from "../models/intervision/round.service";
import { addMeeting } from "../models/meeting/meeting.service";
import { createSession } from "../models/session/session.service";
import { clientEvents } from "../realtime/events";
import { continueGroup } from "./continued-group";
import { addMembership, buildGroup, buildThread, buildUser, ctxFor } from "./factories";
import { routeTestContext, settle } from "./route-context";
import { clientFor, destroyClients, joined, typeAt } from "./collab";
import {
  ask,
  type ClientSocket,
  closeClients,
  connectAs,
  okData,
  type RealtimeTestServer,
  recordAll,
  roundTrip,
  startRealtimeServer,
  waitFor,
} from "./socket";

const SECRET = "role-matrix-secret-0123456789abcdefghijkl";
const { context, request } = routeTestContext(SECRET);
const routesDir = path.resolve("app/routes");

// The rule table lives in routes-matrix.test.ts (importing a test file would run its tests here):
// its "group-member" entries are read from the source, so a route added there must be added here.
const matrixSource = readFileSync(path.resolve("test/routes-matrix.test.ts"), "utf8");
const rulesOf = (table: string) => {
  const body = new RegExp(`const ${table}: Record<string, Rule> = \\{([\\s\\S]*?)\\n\\};`).exec(matrixSource)?.[1] ?? "";
  return [...body.matchAll(/^\s*"([^"]+)": "group-member",$/gm)].map((m) => m[1]);
};
const groupRoutes = rulesOf("routeRules");
const groupEvents = rulesOf("eventRules");

// ---- the roles -------------------------------------------------------------------------------

type RoleName =
  | "outsider"
  | "otherOrganiser"
  | "organiser"
  | "invited"
  | "guest"
  | "behindOnCharter"
  | "leader"
  | "chair"
  | "coach"
  | "former";

const member = (role: "leader" | "coach" | "guest", status = "active", accepted = 1) => ({
  role,
  status,
  acceptedCharterVersion: accepted,
});
const none = { isTrajectoryOrganiser: false, membership: null, charterVersion: 1 };
/** What each role is to the group, written out (not read from the database): the policy's inputs. */
const ACCESS: Record<RoleName, GroupAccess> = {
  outsider: none, // a leader of another group
  otherOrganiser: none, // the organiser of another trajectory
  organiser: { ...none, isTrajectoryOrganiser: true },
  invited: { ...none, membership: member("leader", "invited", 0) },
  guest: { ...none, membership: member("guest") },
  behindOnCharter: { ...none, membership: member("leader", "active", 0) },
  leader: { ...none, membership: member("leader") },
  chair: { ...none, membership: member("leader"), isChair: true },
  coach: { ...none, membership: member("coach") },
  former: { ...none, membership: member("leader", "removed", 0) },
};

// A closed group (decision 029) and a continued one (decision 056): who is what there.
type ClosedRole = "closedLeader" | "closedCoach" | "closedOrganiser";
const CLOSED_ACCESS: Record<ClosedRole, GroupAccess> = {
  closedLeader: { ...ACCESS.leader, closed: true },
  closedCoach: { ...ACCESS.coach, closed: true },
  closedOrganiser: { ...ACCESS.organiser, closed: true },
};
type ContinuedRole = "continuedLeader" | "continuedFormerCoach" | "continuedOrganiser";
const CONTINUED_ACCESS: Record<ContinuedRole, GroupAccess> = {
  continuedLeader: { ...ACCESS.leader, continued: true },
  // The coach leaves when the group continues; the organiser sees it no more (no opt-in).
  continuedFormerCoach: none,
  continuedOrganiser: none,
};

type AnyRole = RoleName | ClosedRole | ContinuedRole;
const ALL_ACCESS: Record<AnyRole, GroupAccess> = { ...ACCESS, ...CLOSED_ACCESS, ...CONTINUED_ACCESS };

/** The loader's answer for a policy decision: a page, the 404 of a missing group, a refusal, the charter first. */
const STATUS = { allow: 200, not_found: 404, forbidden: 403, charter_required: 302 } as const;

// ---- the loaders' table ----------------------------------------------------------------------

interface Scene {
  groupId: string;
  docId: string;
  versionId: string;
  threadId: string;
  meetingId: string;
  roundId: string;
}

interface LoaderRow {
  /** The GroupActions the loader's service calls ask for, in the order they ask. */
  needs: GroupAction[];
  /** The route's other params (docId, roundId, …) in the scene. */
  params?: (s: Scene) => Record<string, string>;
  /** The query string the page needs (where a copy starts from). */
  query?: string;
  /** A rule the service adds on top of the policy: whom it serves (an active member's role, or the
   *  trajectory's organiser), checked after the first `after` needs (default: all), else `otherwise`. */
  only?: { roles: Who[]; otherwise: number; after?: number };
  /** The status for charter_required, where the page shows a member still to accept the charter something else. */
  charterRequired?: number;
}
type Who = "leader" | "coach" | "guest" | "organiser";

const doc = (s: Scene) => ({ docId: s.docId });
const round = (s: Scene) => ({ roundId: s.roundId });
const leadersAndCoach = { roles: ["leader", "coach"] as Who[], otherwise: 403 };
// Meeting pages beyond the dates are the members' (decision 030: the organiser has dates only).
const members = { roles: ["leader", "coach", "guest"] as Who[], otherwise: 404, after: 1 };

const loaders: Record<string, LoaderRow> = {
  // The shell lets a member still to accept the charter in: its tabs lead to the charter.
  "groups.$groupId.tsx": { needs: ["group.view"], charterRequired: 200 },
  "groups.$groupId._index.tsx": { needs: ["group.view", "meeting.read"] },
  "groups.$groupId.audit.tsx": { needs: ["audit.read"] },
  "groups.$groupId.charter.tsx": { needs: ["charter.read", "charter.draft.read", "charter.read"] },
  "groups.$groupId.docs._index.tsx": { needs: ["doc.read"] },
  "groups.$groupId.docs.$docId.tsx": { needs: ["doc.read"], params: doc },
  "groups.$groupId.docs.$docId.export.ts": { needs: ["doc.read"], params: doc },
  "groups.$groupId.docs.$docId_.versions.tsx": { needs: ["doc.read"], params: doc },
  "groups.$groupId.docs.$docId_.versions_.$versionId.tsx": {
    needs: ["doc.read"],
    params: (s) => ({ docId: s.docId, versionId: s.versionId }),
  },
  "groups.$groupId.meetings.tsx": { needs: ["meeting.read"] },
  "groups.$groupId.meetings_.$meetingId.tsx": {
    needs: ["meeting.read", "group.content"],
    only: members,
    params: (s) => ({ meetingId: s.meetingId }),
  },
  "groups.$groupId.meetings_.$meetingId.ics.ts": { needs: ["meeting.read"], only: members, params: (s) => ({ meetingId: s.meetingId }) },
  "groups.$groupId.members.tsx": { needs: ["group.view"] },
  "groups.$groupId.who-sees-what.tsx": { needs: ["whoSeesWhat.read"] },
  "groups.$groupId.threads._index.tsx": { needs: ["thread.read", "group.view"] },
  "groups.$groupId.threads.$threadId.tsx": { needs: ["thread.read"], params: (s) => ({ threadId: s.threadId }) },
  "groups.$groupId.protocols.tsx": { needs: ["group.content"] },
  "groups.$groupId.protocols_.edit.tsx": { needs: ["protocol.write"], query: "?from=incident" },
  "groups.$groupId.prepare.tsx": { needs: ["group.content"] },
  "groups.$groupId.rounds._index.tsx": { needs: ["group.content", "group.view"] },
  "groups.$groupId.rounds.$roundId.tsx": { needs: ["group.content"], params: round },
  "groups.$groupId.rounds.$roundId_.record.tsx": { needs: ["group.content"], params: round },
  "groups.$groupId_.rounds.$roundId.screen.tsx": { needs: ["group.content"], params: round },
  "groups.$groupId.plan.tsx": { needs: ["group.content"], only: leadersAndCoach },
  "groups.$groupId.goals.tsx": { needs: ["group.content"] },
  // The coach's room: anyone but the group's coach learns nothing of it.
  "groups.$groupId.coach.tsx": { needs: ["group.content"], only: { roles: ["coach"], otherwise: 404, after: 0 } },
  "groups.$groupId.evaluation.tsx": { needs: ["group.content"], only: leadersAndCoach },
  "groups.$groupId.evaluation_.$occasion.tsx": {
    needs: ["group.content"],
    only: leadersAndCoach,
    params: (s) => ({ occasion: `meeting-${s.meetingId}` }),
  },
  "groups.$groupId.stories.tsx": { needs: ["group.content"], only: leadersAndCoach },
  "groups.$groupId.ending.tsx": { needs: ["group.view"], only: { roles: ["leader", "coach", "organiser"], otherwise: 403 } },
  // Attachments (issue 20, decision 083): one's pending uploads; a file of the scene's none is 404 to
  // every role (each role's answer on a real file: test/files-routes.test.ts).
  "groups.$groupId.files.ts": { needs: ["thread.post"] },
  "groups.$groupId.files.$fileId.ts": { needs: ["thread.read"], only: { roles: [], otherwise: 404, after: 0 } },
  "groups.$groupId.files.$fileId.thumb.ts": { needs: ["thread.read"], only: { roles: [], otherwise: 404, after: 0 } },
  // Search (issue 20 item 3, decision 086)
  "groups.$groupId.search.tsx": { needs: ["group.content"] },
};

/** The status the policy promises `access` on a loader that needs `row`. */
function expected(access: GroupAccess, row: LoaderRow): number {
  const who: Who | null =
    access.membership?.status === "active" ? access.membership.role : access.isTrajectoryOrganiser ? "organiser" : null;
  const serves = !row.only || (who !== null && row.only.roles.includes(who));
  for (const [i, action] of row.needs.entries()) {
    if (!serves && i === (row.only?.after ?? row.needs.length)) return row.only!.otherwise;
    const d = decide(access, action);
    if (d === "charter_required" && row.charterRequired) return row.charterRequired;
    if (d !== "allow") return STATUS[d];
  }
  return serves ? 200 : row.only!.otherwise;
}

// ---- the scene, once ------------------------------------------------------------------------

type Person = { _id: unknown };
let scene: Scene;
let closedScene: Scene;
let continuedScene: Scene;
const people = {} as Record<AnyRole, Person>;
const sessions = {} as Record<AnyRole, string>;

async function contentOf(group: { _id: unknown }, author: Person, coach: Person, members: Person[]): Promise<Scene> {
  const groupId = String(group._id);
  const a = ctxFor(author as never);
  const d = await createDocument(a, { groupId, title: "Notities" });
  const v = await createVersion(a, { groupId, docId: d.id, name: "Voor de bijeenkomst" });
  const threadId = await buildThread(a, groupId);
  const c = ctxFor(coach as never);
  const m = await addMeeting(c, {
    groupId,
    kind: "contact_day",
    title: "",
    date: "2027-01-12",
    start: "09:00",
    end: "16:00",
    place: "Gent",
    onlineUrl: "",
  });
  const r = await createRound(c, {
    groupId,
    protocol: "balint",
    inbrengerId: String(author._id),
    caseQuestion: "Hoe houd ik het overzicht in een fusie?",
    memberIds: members.map((u) => String(u._id)),
  });
  return { groupId, docId: d.id, versionId: v.id, threadId, meetingId: m.id, roundId: r.id };
}

/** Builds the scene: the database is emptied before each test (test/setup.ts), so each test that
 *  uses it builds it first, once for all its routes or events. */
async function buildScene() {
  const g = await buildGroup({ leaders: 2, coaches: 1 });
  const other = await buildGroup({ leaders: 1 });
  const [chair, leader] = g.leaders;
  await Group.updateOne({ _id: g.group._id }, { chairId: chair._id });
  const [invited, guest, behind, former] = await Promise.all([buildUser(), buildUser(), buildUser(), buildUser()]);
  await addMembership(g.group, invited, { role: "leader", status: "invited" });
  await addMembership(g.group, guest, { role: "guest", status: "active" });
  await addMembership(g.group, behind, { role: "leader", status: "active", acceptedCharterVersion: 0 });
  await addMembership(g.group, former, { role: "leader", status: "removed" });
  Object.assign(people, {
    outsider: other.leaders[0],
    otherOrganiser: other.organiser,
    organiser: g.organiser,
    invited,
    guest,
    behindOnCharter: behind,
    leader,
    chair,
    coach: g.coaches[0],
    former,
  });
  scene = await contentOf(g.group, leader, g.coaches[0], [chair, leader, g.coaches[0], guest]);

  const closed = await buildGroup({ leaders: 1, coaches: 1 });
  closedScene = await contentOf(closed.group, closed.leaders[0], closed.coaches[0], [closed.leaders[0], closed.coaches[0]]);
  await Group.updateOne({ _id: closed.group._id }, { status: "closed", closedAt: new Date() });
  Object.assign(people, { closedLeader: closed.leaders[0], closedCoach: closed.coaches[0], closedOrganiser: closed.organiser });

  const cont = await continueGroup();
  continuedScene = await contentOf({ _id: cont.group._id }, cont.leaders[1], cont.leaders[0], cont.leaders);
  Object.assign(people, { continuedLeader: cont.leaders[1], continuedFormerCoach: cont.coach, continuedOrganiser: cont.organiser });

  for (const [role, who] of Object.entries(people)) sessions[role as AnyRole] = await createSession(String(who._id));
}

const sceneOf = (role: AnyRole) => (role in CLOSED_ACCESS ? closedScene : role in CONTINUED_ACCESS ? continuedScene : scene);

async function load(file: string, role: AnyRole): Promise<number> {
  const mod = (await import(pathToFileURL(path.join(routesDir, file)).href)) as { loader: (args: unknown) => unknown };
  const s = sceneOf(role);
  const params = { groupId: s.groupId, ...loaders[file].params?.(s) };
  const res = await settle(() =>
    mod.loader({ request: request(`http://x/groups/${s.groupId}${loaders[file].query ?? ""}`, sessions[role]), context, params }),
  );
  if (res instanceof Response) return res.status;
  if (res instanceof Error) throw res;
  return 200;
}

describe("every group route's loader, by role: the status decide() promises", () => {
  it("has a row for every group-member route file, and every row is one", () => {
    expect(groupRoutes.length).toBeGreaterThan(20);
    const files = readdirSync(routesDir).filter((f) => f.startsWith("groups."));
    expect(
      files.filter((f) => !(f in loaders)),
      "group route files without a row",
    ).toEqual([]);
    expect(
      groupRoutes.filter((f) => !(f in loaders)),
      "group-member routes without a row",
    ).toEqual([]);
    expect(
      Object.keys(loaders).filter((f) => !groupRoutes.includes(f)),
      "rows that are no group-member route",
    ).toEqual([]);
  });

  it("every row: each role's status (one scene for all routes)", async () => {
    await buildScene();
    for (const file of Object.keys(loaders)) {
      const got: Record<string, number> = {};
      const want: Record<string, number> = {};
      for (const role of Object.keys(ALL_ACCESS) as AnyRole[]) {
        got[role] = await load(file, role);
        want[role] = expected(ALL_ACCESS[role], loaders[file]);
      }
      expect.soft(got, file).toEqual(want);
    }
  }, 60_000);
});

// ---- the socket events, by role ----------------------------------------------------------------

/** What each group event needs, and a payload aimed at the scene's real thread, message, document and round. */
interface EventRow {
  needs: GroupAction;
  payload: (s: Scene) => Record<string, unknown>;
  /** Names something the scene does not hold (a message, a comment) or needs the document joined
   *  first: an allowed role gets that thing's not_found. */
  missing?: true;
  /** A quiet event (typing, leaving, awareness): every refusal answers not_found, whatever the reason. */
  quiet?: true;
}
const someId = "0123456789abcdef01234567";
const eventRows: Record<string, EventRow> = {
  "presence:list": { needs: "presence.read", payload: () => ({}) },
  "presence:here": { needs: "presence.read", payload: () => ({}) },
  "thread:start": { needs: "thread.post", payload: () => ({ clientId: "c-role-0000001", title: "Een titel", text: "Hallo" }) },
  "message:send": { needs: "thread.post", payload: (s) => ({ threadId: s.threadId, clientId: "c-role-0000002", text: "Hallo" }) },
  "message:edit": {
    needs: "thread.post",
    payload: () => ({ messageId: someId, clientId: "c-role-0000003", text: "Anders" }),
    missing: true,
  },
  "message:delete": { needs: "thread.post", payload: () => ({ messageId: someId, clientId: "c-role-0000004" }), missing: true },
  "thread:pin": { needs: "thread.pin", payload: (s) => ({ threadId: s.threadId, clientId: "c-role-0000005", pinned: true }) },
  "thread:subscribe": { needs: "thread.read", payload: (s) => ({ threadId: s.threadId, state: "mute" }) },
  "thread:read": { needs: "thread.read", payload: (s) => ({ threadId: s.threadId, seq: 1 }) },
  "thread:history": { needs: "thread.read", payload: (s) => ({ threadId: s.threadId }) },
  "group:sync": { needs: "group.content", payload: () => ({ afterSeq: 0 }) },
  "thread:typing": { needs: "thread.read", payload: (s) => ({ threadId: s.threadId }), quiet: true },
  "doc:join": { needs: "doc.read", payload: (s) => ({ docId: s.docId, stateVector: new Uint8Array() }) },
  "doc:leave": { needs: "doc.read", payload: (s) => ({ docId: s.docId }), quiet: true },
  "doc:update": { needs: "doc.write", payload: (s) => ({ docId: s.docId, clientId: "c-role-0000006", update: Uint8Array.from([0, 0]) }) },
  "doc:update-part": {
    needs: "doc.write",
    payload: (s) => ({ docId: s.docId, clientId: "c-role-0000007", index: 0, total: 2, part: Uint8Array.from([0, 0]) }),
  },
  "doc:awareness": {
    needs: "doc.read",
    payload: (s) => ({ docId: s.docId, update: Uint8Array.from([1, 2, 3]) }),
    quiet: true,
    missing: true,
  },
  "comment:add": {
    needs: "doc.write",
    payload: (s) => ({ docId: s.docId, clientId: "c-role-0000008", anchorStart: "AAAA", anchorEnd: "AAAA", body: "Een opmerking" }),
  },
  "comment:reply": {
    needs: "doc.write",
    payload: (s) => ({ docId: s.docId, commentId: s.docId, clientId: "c-role-0000009", body: "Een antwoord" }),
    missing: true,
  },
  "comment:resolve": {
    needs: "doc.write",
    payload: (s) => ({ docId: s.docId, commentId: s.docId, clientId: "c-role-0000010", resolved: true }),
    missing: true,
  },
  "round:join": { needs: "group.content", payload: (s) => ({ roundId: s.roundId }) },
  "round:act": { needs: "group.content", payload: (s) => ({ roundId: s.roundId, action: { type: "next", seen: 1 } }) },
  "round:screen": { needs: "group.content", payload: (s) => ({ roundId: s.roundId }) },
  // Search (issue 20 item 3, decision 086)
  "search:query": { needs: "group.content", payload: () => ({ q: "ouderraad" }) },
};

describe("every group socket event, by role: the ack's code decide() promises", () => {
  let server: RealtimeTestServer;
  beforeAll(async () => {
    server = await startRealtimeServer();
  });
  afterAll(async () => {
    closeClients();
    await server?.close();
  });

  it("has a row for every client event with a group rule, and every row is one", () => {
    expect(groupEvents.length).toBeGreaterThan(10);
    expect(Object.keys(clientEvents).filter((e) => groupEvents.includes(e) && !(e in eventRows))).toEqual([]);
    expect(Object.keys(eventRows).filter((e) => !groupEvents.includes(e))).toEqual([]);
  });

  it("every event, every role (real clients, one scene)", async () => {
    await buildScene();
    const sockets = new Map<AnyRole, ClientSocket>();
    for (const role of Object.keys(ALL_ACCESS) as AnyRole[]) sockets.set(role, await connectAs(server.url, sessions[role]));
    // The author (leader) comes last among those allowed, so a delete does not take the message from the others.
    const order = (Object.keys(ALL_ACCESS) as AnyRole[]).sort((a, b) => Number(a === "leader") - Number(b === "leader"));
    for (const [event, row] of Object.entries(eventRows)) {
      for (const role of order) {
        const g = sceneOf(role);
        const ack = await ask(sockets.get(role)!, event, { ...row.payload(g), groupId: g.groupId });
        const d = decide(ALL_ACCESS[role], row.needs);
        const code = ack.ok ? "ok" : ack.error.code;
        const label = `${event}, ${role}`;
        if (d !== "allow") expect.soft(code, label).toBe(row.quiet ? "not_found" : d);
        else if (row.missing) expect.soft(["ok", "not_found", "invalid_input"], label).toContain(code);
        else expect.soft(["not_found", "charter_required"], label).not.toContain(code);
      }
    }
  }, 60_000);
});

// ---- the actions: who has no relation to the group changes nothing ----------------------------

/** The intents a route's action accepts, read from its source (its INTENTS list or readIntent call). */
function intentsOf(file: string): string[] {
  const src = readFileSync(path.join(routesDir, file), "utf8");
  const list = /const INTENTS = \[([^\]]*)\]/.exec(src)?.[1] ?? /readIntent\(request, \[([^\]]*)\]/.exec(src)?.[1];
  return list ? [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1]) : [];
}

// Optional keys: TypeScript widens each literal row to the union of all rows' keys.
type Form = { intent: string } & Record<string, string | undefined>;
const uid = (role: RoleName) => String(people[role]?._id ?? "");
/** A valid form per intent of each group route's action, aimed at the scene's real things. */
const actionRows: Record<string, (s: Scene) => Form[]> = {
  "groups.$groupId.charter.tsx": () => [
    { intent: "accept", version: "1" },
    { intent: "propose", text: "A new charter text that is long enough." },
    { intent: "proposeDraft" },
    { intent: "erasure", erasure: "remove" },
  ],
  "groups.$groupId.coach.tsx": (s) => [
    { intent: "note", memberId: uid("leader"), text: "Een notitie" },
    { intent: "removeNote", noteId: s.docId },
    { intent: "planTalk", memberId: uid("leader"), date: "2027-02-01", start: "10:00" },
    { intent: "talkDone", meetingId: s.meetingId, done: "true" },
  ],
  "groups.$groupId.docs.$docId.tsx": (s) => [
    { intent: "reply", commentId: s.docId, clientId: "c-role-a0001", body: "Een antwoord" },
    { intent: "resolve", commentId: s.docId, clientId: "c-role-a0002", resolved: "true" },
    // Files on a case (decision 088): an upload id of the scene's none
    { intent: "fileAttach", fileId: s.docId },
    { intent: "fileRemove", fileId: s.docId },
  ],
  "groups.$groupId.docs.$docId_.versions.tsx": () => [{ intent: "name", name: "Voor de bijeenkomst" }],
  "groups.$groupId.docs.$docId_.versions_.$versionId.tsx": () => [{ intent: "restore" }],
  "groups.$groupId.docs._index.tsx": (s) => [
    { intent: "create", title: "Een document" },
    { intent: "rename", docId: s.docId, title: "Hernoemd" },
    { intent: "archive", docId: s.docId, archived: "true" },
    { intent: "createCase", title: "Een casus" },
    { intent: "caseStatus", caseId: s.docId, status: "closed" },
    { intent: "anonymise", caseId: s.docId, title: "Geanonimiseerd" },
  ],
  "groups.$groupId.ending.tsx": () => [
    { intent: "compile" },
    { intent: "fix" },
    { intent: "approve", version: "1" },
    { intent: "vote", choice: "continue" },
    { intent: "take-chair" },
    { intent: "organiser-view", share: "true" },
    { intent: "invite-coach", userId: uid("coach") },
  ],
  "groups.$groupId.evaluation.tsx": () => [{ intent: "share", consent: "true" }],
  "groups.$groupId.evaluation_.$occasion.tsx": () => [{ intent: "answer", "s:motivation_1": "4", line: "" }],
  "groups.$groupId.goals.tsx": (s) => [
    { intent: "propose", title: "Een feedbackcultuur", criteria: "Twee klasbezoeken" },
    { intent: "edit", goalId: s.docId, version: "1", title: "Een feedbackcultuur", criteria: "Drie" },
    { intent: "agree", goalId: s.docId, version: "1" },
    { intent: "link", goalId: s.docId, target: `thread:${s.threadId}` },
    { intent: "unlink", goalId: s.docId, target: `document:${s.docId}` },
    { intent: "progress", goalId: s.docId, meetingId: s.meetingId, text: "Vooruitgang" },
  ],
  "groups.$groupId.meetings.tsx": (s) => [
    { intent: "generate" },
    { intent: "add", kind: "contact_day", title: "", date: "2027-01-12", start: "09:00", end: "16:00", place: "Gent", onlineUrl: "" },
    { intent: "move", meetingId: s.meetingId, date: "2027-01-13", start: "09:00", end: "16:00", place: "", onlineUrl: "" },
    { intent: "cancel", meetingId: s.meetingId },
  ],
  "groups.$groupId.meetings_.$meetingId.tsx": (s) => [
    { intent: "agendaAdd", title: "Casus bespreken", link: "" },
    { intent: "agendaRemove", itemId: s.docId },
    { intent: "agendaMove", itemId: s.docId, direction: "up" },
    { intent: "chair", userId: uid("leader") },
    { intent: "attendance", userId: uid("leader"), status: "present" },
    { intent: "minutes" },
    { intent: "assignmentAdd", title: "Lees het artikel", description: "", due: "2027-01-20" },
    { intent: "assignmentRemove", assignmentId: s.docId },
    { intent: "respond", assignmentId: s.docId, text: "Gedaan", done: "true" },
    // Files on a meeting and its assignments (decision 088)
    { intent: "fileAttach", fileId: s.docId },
    { intent: "fileRemove", fileId: s.docId, on: "assignment", assignmentId: s.docId },
  ],
  "groups.$groupId.members.tsx": () => [
    { intent: "invite", email: "someone@example.test", role: "leader" },
    { intent: "remove", userId: uid("leader") },
    { intent: "role", userId: uid("leader"), role: "coach" },
    { intent: "guest", email: "guest@example.test", guestKind: "supervisor" },
    { intent: "consent", userId: uid("guest") },
    { intent: "removeAccount", userId: uid("leader") },
    { intent: "chair", userId: uid("leader") },
  ],
  "groups.$groupId.plan.tsx": (s) => {
    const q = `${s.groupId}:${uid("leader")}:1`;
    return [
      { intent: "addQuestion", text: "Hoe geef ik feedback?" },
      { intent: "editQuestion", questionId: q, text: "Anders" },
      { intent: "removeQuestion", questionId: q },
      { intent: "share", questionId: q, shared: "true" },
      { intent: "addAction", questionId: q, text: "Lesbezoek", date: "2027-01-12" },
      { intent: "actionDone", questionId: q, actionId: s.docId, done: "true" },
      { intent: "addEvidence", questionId: q, text: "Verslag", url: "https://example.test/v" },
      { intent: "checkIn", questionId: q, rating: "3", note: "Op weg" },
      { intent: "askFeedback", checkInId: s.docId },
      { intent: "feedback", checkInId: s.docId, text: "Mooi" },
      { intent: "commitmentDone", commitmentId: `${s.groupId}:${uid("leader")}:round:${s.roundId}:0`, done: "true" },
    ];
  },
  "groups.$groupId.prepare.tsx": (s) => [
    { intent: "propose", protocolId: "incident", question: "Hoe kan ik …?", context: "", whatIDid: "" },
    { intent: "update", proposalId: s.docId, question: "Hoe kan ik …?", context: "", whatIDid: "" },
    { intent: "withdraw", proposalId: s.docId },
    { intent: "vote", proposalId: s.docId },
    { intent: "pick", proposalId: s.docId, current: "on", concrete: "on", firstPerson: "on", when: "now" },
    { intent: "start", proposalId: s.docId },
  ],
  "groups.$groupId.protocols.tsx": () => [{ intent: "archive", protocolId: "incident-0a1b2c3d", archived: "true" }],
  "groups.$groupId.protocols_.edit.tsx": () =>
    ["preview", "save", "add", "remove:0", "up:1", "down:0"].map((op) => ({
      intent: "edit",
      op,
      ...protocolFormOf(incident),
      protocolId: "",
      baseVersion: "0",
      "basedOn.id": "incident",
      "basedOn.version": "1",
    })),
  "groups.$groupId.rounds.$roundId_.record.tsx": () => [
    { intent: "notes" },
    { intent: "check", safety: "4", usefulness: "5", line: "Veilig" },
    { intent: "decide", choice: "keep" },
  ],
  "groups.$groupId.rounds._index.tsx": () => [
    { intent: "create", protocol: "incident", inbrengerId: uid("leader"), caseQuestion: "Een casus", whatIDid: "" },
  ],
  "groups.$groupId.stories.tsx": (s) => {
    const story = `${s.groupId}:y1_mid:${uid("leader")}`;
    return [
      { intent: "write", moment: "y1_mid", change: "Ik open de vergadering met een vraag uit de klas.", intention: "Minder mail." },
      { intent: "vote", moment: "y1_mid", storyId: story },
      { intent: "select", moment: "y1_mid", storyId: story, why: "Het raakt het hele team." },
      { intent: "consent", storyId: story, consent: "true" },
    ];
  },
  "groups.$groupId.threads.$threadId.tsx": (s) => [
    { intent: "send", clientId: "c-role-a0003", text: "Een antwoord" },
    { intent: "edit", messageId: s.threadId, clientId: "c-role-a0004", text: "Anders" },
    { intent: "delete", messageId: s.threadId, clientId: "c-role-a0005" },
    { intent: "pin", clientId: "c-role-a0006", pinned: "true" },
    { intent: "subscribe", state: "follow" },
  ],
  "groups.$groupId.threads._index.tsx": (s) => [
    { intent: "start", clientId: "c-role-a0007", title: "Een onderwerp", text: "Een eerste bericht" },
    { intent: "subscribe", threadId: s.threadId, state: "mute" },
  ],
  // Attachments (issue 20): an upload is a multipart body with no intent; each role's answer to a
  // real upload is in test/files-routes.test.ts, an outsider's 404 in test/routes-matrix.test.ts.
  "groups.$groupId.files.ts": () => [],
};

/** Every document of every collection: what "changes nothing" compares. */
async function snapshot(): Promise<Record<string, string>> {
  const db = mongoose.connection.db!;
  const out: Record<string, string> = {};
  for (const c of await db.listCollections().toArray()) {
    const docs = await db.collection(c.name).find({}).toArray();
    out[c.name] = JSON.stringify(docs.map((d) => JSON.stringify(d)).sort());
  }
  return out;
}

describe("every group route's action: who has no relation to the group gets the 404 of a missing group and changes nothing", () => {
  it("has a row for every group-member route with an action, naming exactly the intents it accepts", async () => {
    for (const file of groupRoutes) {
      const mod = (await import(pathToFileURL(path.join(routesDir, file)).href)) as { action?: unknown };
      if (!mod.action) {
        expect(actionRows[file], `${file} has no action`).toBeUndefined();
        continue;
      }
      expect(actionRows[file], `${file} exports an action: add its row`).toBeDefined();
      const fake = { groupId: "g", docId: "d", versionId: "v", threadId: "t", meetingId: "m", roundId: "r" };
      expect([...new Set(actionRows[file](fake).map((f) => f.intent))].sort(), `${file}: the row's intents are the action's`).toEqual(
        intentsOf(file).sort(),
      );
    }
  });

  it("an outsider, another trajectory's organiser, a former member, and a continued group's former coach and organiser", async () => {
    await buildScene();
    const refused: AnyRole[] = ["outsider", "otherOrganiser", "former", "continuedFormerCoach", "continuedOrganiser"];
    const missing = "0123456789abcdef01234567";
    const before = await snapshot();
    for (const [file, formsOf] of Object.entries(actionRows)) {
      const mod = (await import(pathToFileURL(path.join(routesDir, file)).href)) as { action: (args: unknown) => unknown };
      for (const role of refused) {
        const s = sceneOf(role);
        const params = { groupId: s.groupId, ...loaders[file].params?.(s) };
        const post = async (groupId: string, form: Form) => {
          const res = await settle(() =>
            mod.action({
              request: request(`http://x/groups/${groupId}`, sessions[role], form as Record<string, string>),
              context,
              params: { ...params, groupId },
            }),
          );
          return res instanceof Response ? { status: res.status, body: await res.text() } : { status: 200, body: JSON.stringify(res) };
        };
        for (const form of formsOf(s)) {
          const [a, b] = [await post(s.groupId, form), await post(missing, form)];
          expect.soft(a.status, `${file} ${form.intent}, ${role}`).toBe(404);
          expect.soft(a, `${file} ${form.intent}, ${role}: as for a missing group`).toEqual(b);
        }
      }
    }
    expect(await snapshot()).toEqual(before);
  }, 60_000);
});

// ---- server-to-client events: a role without group.content hears nothing of the group -----------

describe("server events: a role without group.content receives none of the group's events", () => {
  let server: RealtimeTestServer;
  beforeAll(async () => {
    server = await startRealtimeServer();
  });
  afterAll(async () => {
    destroyClients();
    closeClients();
    await server?.close();
  });

  it("during a reply, a document edit and a round step, waiting on the member's last event", async () => {
    await buildScene();
    const s = scene;
    const deaf = (Object.keys(ACCESS) as RoleName[]).filter((r) => decide(ACCESS[r], "group.content") !== "allow");
    expect(deaf).toEqual(["outsider", "otherOrganiser", "organiser", "invited", "behindOnCharter", "former"]);
    const connect = (role: RoleName) => connectAs(server.url, sessions[role], { auth: { here: s.groupId } });

    // The listeners try every door: the group's page, the document, the round; each is refused.
    const listeners = await Promise.all(
      deaf.map(async (role) => {
        const socket = await connect(role);
        const heard = recordAll(socket);
        for (const [event, payload] of [
          ["doc:join", { docId: s.docId, stateVector: new Uint8Array() }],
          ["round:join", { roundId: s.roundId }],
          ["round:screen", { roundId: s.roundId }],
          ["thread:subscribe", { threadId: s.threadId, state: "follow" }],
        ] as const)
          expect.soft((await ask(socket, event, { ...payload, groupId: s.groupId })).ok, `${role} ${event}`).toBe(false);
        return { role, socket, heard };
      }),
    );

    // The member who hears it all: in the group's room, the document and the round.
    const chair = await connect("chair");
    const reader = clientFor(chair, s.groupId, s.docId);
    await joined(reader);
    expect((await ask(chair, "round:join", { groupId: s.groupId, roundId: s.roundId })).ok).toBe(true);
    const leader = await connect("leader");
    const writer = clientFor(leader, s.groupId, s.docId);
    await joined(writer);
    const coach = await connect("coach");

    // 1. a reply
    const reply = waitFor(chair, "group:event", (e) => e.groupId === s.groupId, { timeout: 10_000 });
    await okData(ask(leader, "message:send", { groupId: s.groupId, threadId: s.threadId, clientId: "c-role-s0001", text: "Hallo" }));
    await reply;
    // 2. a document edit
    const edited = waitFor(chair, "doc:updated", (d) => d.docId === s.docId, { timeout: 10_000 });
    typeAt(writer, "Nieuwe zin", "end");
    await edited;
    // 3. a round step: the last event of the sequence to the member
    const stepped = waitFor(chair, "round:state", (v) => v.id === s.roundId, { timeout: 10_000 });
    await okData(ask(coach, "round:act", { groupId: s.groupId, roundId: s.roundId, action: { type: "start" } }));
    await stepped;

    const ids = [s.groupId, s.docId, s.threadId, s.roundId];
    for (const { role, socket, heard } of listeners) {
      await roundTrip(socket);
      const leaked = heard.events.filter(([, data]) => ids.some((id) => JSON.stringify(data ?? null).includes(id)));
      expect(leaked, `${role} heard the group`).toEqual([]);
    }
  }, 60_000);
});

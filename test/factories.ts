// Builders for real documents in the worker's database, and a service context whose side
// channels (publisher, mail) record what the services did.
import type { Services } from "../server/services";
import { createSession } from "../models/session/session.service";
import { randomUUID } from "node:crypto";
import { startThread } from "../models/thread/thread.service";
import { createDocument } from "../models/document/document.service";
import { createNodeState, type NodeState } from "../models/node";
import { randomBytes } from "node:crypto";
import { User, type UserDoc } from "../models/user/user.model";
import { hashPassword } from "../models/user/user.service";
import { Trajectory, type TrajectoryDoc } from "../models/trajectory/trajectory.model";
import { Group, LeaderSeat, type GroupDoc, type MembershipDoc, type Role } from "../models/group/group.model";
import { createMembership } from "../models/group/memberships";
import { CharterVersion } from "../models/charter/charter.model";
import type { NodeContext, OutgoingMail, Publisher, ServiceContext } from "../models/shared/context";
import type { Locale } from "../models/i18n/locale";
import { createLimits } from "../models/shared/limits";

export const PASSWORD = "correct horse battery";

// argon2id costs ~100 ms and 64 MiB: hash the shared password once per worker process.
let passwordHash: Promise<string> | null = null;
export const testPasswordHash = () => (passwordHash ??= hashPassword(PASSWORD));

const unique = () => randomBytes(5).toString("hex");

export type UserOverrides = Partial<{
  email: string;
  name: string;
  passwordHash: string;
  isOrganiser: boolean;
  locale: Locale;
  status: "invited" | "active" | "removed";
}>;

/** An active user whose password is PASSWORD, unless overridden. */
export async function buildUser(overrides: UserOverrides = {}): Promise<UserDoc> {
  const id = unique();
  return User.create({
    email: `user-${id}@example.test`,
    name: `User ${id}`,
    passwordHash: overrides.status === "invited" ? "" : await testPasswordHash(),
    status: "active",
    locale: "nl",
    isOrganiser: false,
    ...overrides,
  });
}

export async function buildOrganiser(overrides: UserOverrides = {}) {
  return buildUser({ isOrganiser: true, ...overrides });
}

/** A trajectory run by `organiser` (a new organiser when not given). */
export async function buildTrajectory(opts: { organiser?: UserDoc; name?: string } = {}) {
  const organiser = opts.organiser ?? (await buildOrganiser());
  const trajectory: TrajectoryDoc = await Trajectory.create({
    name: opts.name ?? `Trajectory ${unique()}`,
    organiserIds: [organiser._id],
  });
  return { trajectory, organiser };
}

export const DEFAULT_CHARTER = "We keep what is said here inside the group, and we show up on time.";

/**
 * A group in a new trajectory with charter version 1 and `leaders` active leaders and `coaches`
 * active coaches, all of whom accepted version 1. Each leader holds a LeaderSeat, as after inviteMember.
 */
export async function buildGroup(
  opts: { leaders?: number; coaches?: number; charterText?: string; name?: string; organiser?: UserDoc } = {},
) {
  const { leaders: nLeaders = 0, coaches: nCoaches = 0, charterText = DEFAULT_CHARTER } = opts;
  const { trajectory, organiser } = await buildTrajectory({ organiser: opts.organiser });
  const group: GroupDoc = await Group.create({
    trajectoryId: trajectory._id,
    name: opts.name ?? `Group ${unique()}`,
    charterVersion: 1,
  });
  await CharterVersion.create({ groupId: group._id, version: 1, text: charterText, createdBy: organiser._id });
  const leaders = await Promise.all(Array.from({ length: nLeaders }, () => buildUser()));
  const coaches = await Promise.all(Array.from({ length: nCoaches }, () => buildUser()));
  await Promise.all([
    ...leaders.map((u) =>
      createMembership({ groupId: group._id, userId: u._id, role: "leader", status: "active", acceptedCharterVersion: 1 }),
    ),
    ...coaches.map((u) =>
      createMembership({ groupId: group._id, userId: u._id, role: "coach", status: "active", acceptedCharterVersion: 1 }),
    ),
  ]);
  if (leaders.length) {
    await LeaderSeat.insertMany(leaders.map((u, i) => ({ _id: `${group._id}:${i + 1}`, groupId: group._id, userId: u._id })));
  }
  return { organiser, group, leaders, coaches, trajectory };
}

/**
 * Adds `user` to `group` as it is, without any service: for states the services reach only in
 * several steps (pending guest, removed member, a member behind on the charter). Takes no
 * LeaderSeat: add leaders through buildGroup or inviteMember when the limit matters.
 */
export async function addMembership(
  group: GroupDoc,
  user: UserDoc,
  fields: {
    role: Role;
    status: "invited" | "pending" | "active" | "removed";
    acceptedCharterVersion?: number;
    guestKind?: "supervisor" | "team_member" | null;
  },
): Promise<MembershipDoc> {
  return createMembership({
    groupId: group._id,
    userId: user._id,
    acceptedCharterVersion: fields.status === "active" ? group.charterVersion : 0,
    guestKind: fields.role === "guest" ? "supervisor" : null,
    ...fields,
  });
}

// ---- service context -----------------------------------------------------------------------

export type PublishedCall =
  | { method: "toUser"; userId: string; event: string; data: unknown }
  | { method: "toGroup"; groupId: string; event: string; data: unknown }
  | { method: "toDoc"; groupId: string; docId: string; event: string; data: unknown; except?: string }
  | { method: "toRound"; groupId: string; roundId: string; userId: string | null; event: string; data: unknown }
  | { method: "docStored"; docId: string; seq: number; update: Uint8Array }
  | { method: "docRewritten"; groupId: string; docId: string }
  | { method: "joinGroup"; userId: string; groupId: string }
  | { method: "leaveGroup"; userId: string; groupId: string }
  | { method: "leaveBoard"; userId: string; breakoutId: string }
  | { method: "disconnectUser"; userId: string }
  | { method: "disconnectSession"; sessionId: string }
  // Network moments, the live moment (issue 16)
  | { method: "toMoment"; momentId: string; audience: string; event: string; data: unknown }
  | { method: "toBreakout"; breakoutId: string; event: string; data: unknown }
  | { method: "joinBreakout"; userId: string; breakoutId: string }
  | { method: "leaveBreakout"; breakoutId: string }
  | { method: "leaveMoment"; userId: string; momentId: string; what: { facilitatorsOnly: true } | { breakoutIds: string[] } };

/** A Publisher for tests: does what a node without sockets would, and remembers every call. */
export class RecordingPublisher implements Publisher {
  readonly calls: PublishedCall[] = [];
  toUser(userId: string, event: string, data: unknown) {
    this.calls.push({ method: "toUser", userId, event, data });
  }
  toGroup(groupId: string, event: string, data: unknown) {
    this.calls.push({ method: "toGroup", groupId, event, data });
  }
  toDoc(groupId: string, docId: string, event: string, data: unknown, except?: string) {
    this.calls.push({ method: "toDoc", groupId, docId, event, data, ...(except ? { except } : {}) });
  }
  toRound(groupId: string, roundId: string, userId: string | null, event: string, data: unknown) {
    this.calls.push({ method: "toRound", groupId, roundId, userId, event, data });
  }
  docStored(docId: string, seq: number, update: Uint8Array) {
    this.calls.push({ method: "docStored", docId, seq, update });
  }
  docRewritten(groupId: string, docId: string) {
    this.calls.push({ method: "docRewritten", groupId, docId });
  }
  joinGroup(userId: string, groupId: string) {
    this.calls.push({ method: "joinGroup", userId, groupId });
  }
  leaveGroup(userId: string, groupId: string) {
    this.calls.push({ method: "leaveGroup", userId, groupId });
  }
  leaveBoard(userId: string, breakoutId: string) {
    this.calls.push({ method: "leaveBoard", userId, breakoutId });
  }
  /** Not recorded: the node's own cache is invalidated by the service, and other nodes are not in these tests. */
  accessChanged() {}
  disconnectSession(sessionId: string) {
    this.calls.push({ method: "disconnectSession", sessionId });
  }
  disconnectUser(userId: string) {
    this.calls.push({ method: "disconnectUser", userId });
  }
  // Network moments, the live moment (issue 16)
  toMoment(momentId: string, audience: "all" | "facilitators" | "participants", event: string, data: unknown) {
    this.calls.push({ method: "toMoment", momentId, audience, event, data });
  }
  toBreakout(breakoutId: string, event: string, data: unknown) {
    this.calls.push({ method: "toBreakout", breakoutId, event, data });
  }
  joinBreakout(userId: string, breakoutId: string) {
    this.calls.push({ method: "joinBreakout", userId, breakoutId });
  }
  leaveBreakout(breakoutId: string) {
    this.calls.push({ method: "leaveBreakout", breakoutId });
  }
  leaveMoment(userId: string, momentId: string, what: { facilitatorsOnly: true } | { breakoutIds: string[] }) {
    this.calls.push({ method: "leaveMoment", userId, momentId, what });
  }
  /** The calls of one method, typed. */
  of<M extends PublishedCall["method"]>(method: M): Extract<PublishedCall, { method: M }>[] {
    return this.calls.filter((c): c is Extract<PublishedCall, { method: M }> => c.method === method);
  }
  clear() {
    this.calls.length = 0;
  }
}

export const TEST_APP_URL = "http://leerkring.test";

let node: NodeState | null = null;
/** The node state service calls in this test worker share, as one app node's would. */
export function testNode(): NodeState {
  node ??= createNodeState();
  return node;
}

/** A context that reaches only testNode(): for reads and upkeep no actor asks for (documentText, compactDocument). */
export const nodeCtx = (): NodeContext => ({ node: testNode() });

export interface TestContext extends ServiceContext {
  publisher: RecordingPublisher;
  /** Every mail sendMail was given, in order. */
  mails: OutgoingMail[];
}

/** A ServiceContext acting as `user`. Pass `shared` to record into another context's publisher and mailbox. */
export function ctxFor(
  user: Pick<UserDoc, "_id" | "isOrganiser">,
  shared?: { publisher: RecordingPublisher; mails: OutgoingMail[] },
): TestContext {
  const publisher = shared?.publisher ?? new RecordingPublisher();
  const mails = shared?.mails ?? [];
  return {
    actor: { id: String(user._id), isOrganiser: !!user.isOrganiser },
    publisher,
    mails,
    appUrl: TEST_APP_URL,
    limits: createLimits(null),
    node: testNode(),
    sendMail: async (mail) => {
      mails.push(mail);
    },
  };
}

/** The raw token in the last link mailed to `to` (invite or reset), for following it as the user would. */
export function tokenFromMail(mails: OutgoingMail[], to: string, kind: "invite" | "reset"): string {
  const mail = mails.filter((m) => m.to === to).at(-1);
  const token = mail && new RegExp(`/${kind}/([A-Za-z0-9_-]+)`).exec(mail.text)?.[1];
  if (!token) throw new Error(`no ${kind} link mailed to ${to}`);
  return token;
}

/** A thread the context's actor starts in the group (with a first message); its id. */
export async function buildThread(ctx: ServiceContext, groupId: string, title = "Ouderraad") {
  const event = await startThread(ctx, { groupId, clientId: `thread-${randomUUID()}`, title, text: "eerste bericht" });
  return (event.data as { thread: { id: string } }).thread.id;
}

/** A group of two leaders in which the first (Bob) started a thread, acting on the node whose
 *  services are given; with Bob's session cookie for a form or a socket. */
export async function bobsThreadOn(services: Services, title = "Ouderraad") {
  const { group, leaders } = await buildGroup({ leaders: 2 });
  const bob = leaders[0];
  const groupId = String(group._id);
  const ctx = services.as({ id: String(bob._id), isOrganiser: false });
  const threadId = await buildThread(ctx, groupId, title);
  return { bob, ctx, groupId, threadId, session: await createSession(String(bob._id)) };
}

/** A group (two leaders, a coach) whose first leader made a document "Notes": the document tests' start. */
export async function groupWithNotes() {
  const g = await buildGroup({ leaders: 2, coaches: 1 });
  const groupId = String(g.group._id);
  const [a, b] = g.leaders.map((u) => ctxFor(u));
  const doc = await createDocument(a, { groupId, title: "Notes" });
  return { ...g, groupId, a, b, docId: doc.id };
}

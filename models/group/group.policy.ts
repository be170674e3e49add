import type { Role } from "./group.model";

// The one place that decides who may do what in a group. Pure: callers load GroupAccess.
// Every loader, action and socket handler reaches this through group.service loadGroupFor().

export const GROUP_ACTIONS = [
  "group.view", // overview: name, completeness, members
  "group.content", // any content of the group (threads, documents, cases: later issues)
  "thread.read",
  "thread.post", // start threads, reply, edit and delete one's own messages
  "thread.pin",
  "group.setChair", // name or change the chair (voorzitter)
  "doc.read", // open documents and cases, their list and search
  "doc.write", // edit content; create, rename, archive documents; bring and move cases
  "presence.read",
  "charter.read",
  "charter.accept",
  "charter.propose",
  "charter.draft.read", // the co-edited draft of the next charter version (a document of kind "charter")
  "charter.draft.write",
  "audit.read",
  "whoSeesWhat.read",
  "member.invite",
  "member.remove",
  "member.changeRole",
  "guest.propose",
  "guest.consent",
  "meeting.read", // the group's meeting dates (an organiser: dates only, decision 030)
  "meeting.plan", // write the rhythm's plan of dated meetings, once
  "meeting.write", // add, move or cancel a meeting
  // preparing intervision rounds (decision 033)
  "protocol.write", // copy a protocol and adapt it, archive a group copy
  "prep.propose", // propose a case for a round, raise one's hand for a proposal
  "prep.pick", // confirm a proposal's checklist, pick it and plan it (the coach and the chair)
] as const;
export type GroupAction = (typeof GROUP_ACTIONS)[number];

export interface GroupAccess {
  /** The actor organises the trajectory this group belongs to. */
  isTrajectoryOrganiser: boolean;
  /** The actor's membership, if any, whatever its status. */
  membership: { role: Role; status: string; acceptedCharterVersion: number } | null;
  charterVersion: number;
  /** The actor chairs the group now (Group.chairId). */
  isChair?: boolean;
  /** The group is closed (docs/decisions/029): what it holds stays readable, nothing changes. */
  closed?: boolean;
  /** The group runs itself after its trajectory (decision 056): its chair invites guests (the former coach). */
  continued?: boolean;
}

export type Decision = "allow" | "not_found" | "charter_required" | "forbidden";

const ORGANISER: ReadonlySet<GroupAction> = new Set([
  "group.view",
  "whoSeesWhat.read",
  "member.invite",
  "member.remove",
  "member.changeRole",
  "guest.propose",
  "group.setChair",
  "meeting.read",
  "meeting.plan",
]);
// What an active member may do before accepting the current charter.
// The charter draft is readable too: it is what the next version will say (docs/decisions/009).
// So are the meeting dates: when and where the group meets is logistics, not what it says (decision 030).
const BEFORE_CHARTER: ReadonlySet<GroupAction> = new Set([
  "charter.read",
  "charter.accept",
  "charter.draft.read",
  "whoSeesWhat.read",
  "meeting.read",
]);
const MEMBER: ReadonlySet<GroupAction> = new Set([
  "group.view",
  "group.content",
  "thread.read",
  "thread.post",
  "doc.read",
  "presence.read",
  "charter.read",
  "charter.accept",
  "charter.draft.read",
  "audit.read",
  "whoSeesWhat.read",
  "meeting.read",
]);
// Guests (supervisors, team members) read documents and cases but do not edit them: the issue's
// "read-only unless the group grants more"; there is no grant yet (docs/decisions/007).
const BY_ROLE: Record<Role, ReadonlySet<GroupAction>> = {
  leader: new Set([
    ...MEMBER,
    "doc.write",
    "charter.propose",
    "charter.draft.write",
    "guest.consent",
    "meeting.plan",
    "meeting.write",
    "protocol.write",
    "prep.propose",
  ]),
  coach: new Set([
    ...MEMBER,
    "doc.write",
    "charter.propose",
    "charter.draft.write",
    "guest.propose",
    "thread.pin",
    "group.setChair",
    "meeting.plan",
    "meeting.write",
    "protocol.write",
    "prep.propose",
    "prep.pick",
  ]),
  guest: MEMBER,
};
// What the chair (an active leader named by the coach, the organiser or the previous chair) may
// do besides a leader: lead the conversation (pin), hand the chair on, and pick the group's case.
const CHAIR: ReadonlySet<GroupAction> = new Set(["thread.pin", "group.setChair", "prep.pick"]);
// The chair of a group that runs itself also proposes guests (nobody else is left to; decision 056).
const CONTINUED_CHAIR: ReadonlySet<GroupAction> = new Set([...CHAIR, "guest.propose"]);

// What a closed group refuses to everyone: every action that changes it.
const WRITES: ReadonlySet<GroupAction> = new Set([
  "thread.post",
  "thread.pin",
  "group.setChair",
  "doc.write",
  "charter.accept",
  "charter.propose",
  "charter.draft.write",
  "member.invite",
  "member.remove",
  "member.changeRole",
  "guest.propose",
  "guest.consent",
  "meeting.plan",
  "meeting.write",
  "protocol.write",
  "prep.propose",
  "prep.pick",
]);

/** Does `action` change the group (refused in a closed group)? */
export const isWrite = (action: GroupAction) => WRITES.has(action);

export const isActiveMember = (a: GroupAccess) => a.membership?.status === "active";
export const hasAcceptedCharter = (a: GroupAccess) => !!a.membership && a.membership.acceptedCharterVersion >= a.charterVersion;

/** Decides one action. Without any relation to the group the answer is always not_found. */
export function decide(access: GroupAccess, action: GroupAction): Decision {
  const member = isActiveMember(access) ? access.membership : null;
  if (!member && !access.isTrajectoryOrganiser) return "not_found";
  if (access.closed && WRITES.has(action)) return "forbidden";
  if (access.isTrajectoryOrganiser && ORGANISER.has(action)) return "allow";
  if (member) {
    const chairs = access.isChair === true && member.role === "leader" && (access.continued ? CONTINUED_CHAIR : CHAIR).has(action);
    if (!BY_ROLE[member.role].has(action) && !chairs) return "forbidden";
    if (hasAcceptedCharter(access) || BEFORE_CHARTER.has(action)) return "allow";
    return "charter_required";
  }
  return "forbidden";
}

export const can = (access: GroupAccess, action: GroupAction) => decide(access, action) === "allow";

/** The action a document needs: the charter draft has its own (readable before acceptance), every other kind doc.*. */
export const docAction = (kind: string, mode: "read" | "write"): GroupAction =>
  kind === "charter" ? (mode === "read" ? "charter.draft.read" : "charter.draft.write") : mode === "read" ? "doc.read" : "doc.write";

import { describe, expect, it } from "vitest";
import { decide, GROUP_ACTIONS, type Decision, type GroupAccess, type GroupAction } from "./group.policy";

// Every role against every action, written out by hand from the rules (DOMAIN.md, STYLE.md):
// - no relation to the group (outsider, pending/invited/removed member) -> not_found, always;
// - the organiser manages membership and sees who sees what, never the group's content;
// - members see content only after accepting the current charter; the charter itself, its
//   acceptance and who-sees-what stay open before that;
// - leaders consent to guests, coaches (and the organiser) propose them;
// - every member reads and writes threads, only the coach (and the chair, below) pins;
// - the coach and the organiser name the chair (voorzitter);
// - every member reads documents and cases, leaders and coaches write them, guests are read-only;
// - everyone with a relation sees the meeting dates (before the charter too); the organiser, leaders and coaches
//   write the rhythm's plan; leaders and coaches change it;
// - leaders and coaches adapt protocols and propose cases; the coach and the chair pick the case.

const A = "allow" as const;
const N = "not_found" as const;
const F = "forbidden" as const;
const C = "charter_required" as const;

const CURRENT = 3;
const member = (role: "leader" | "coach" | "guest", status = "active", acceptedCharterVersion = CURRENT) => ({
  role,
  status,
  acceptedCharterVersion,
});

const ROLES: Record<string, GroupAccess> = {
  organiser: { isTrajectoryOrganiser: true, membership: null, charterVersion: CURRENT },
  coach: { isTrajectoryOrganiser: false, membership: member("coach"), charterVersion: CURRENT },
  leader: { isTrajectoryOrganiser: false, membership: member("leader"), charterVersion: CURRENT },
  guest: { isTrajectoryOrganiser: false, membership: member("guest"), charterVersion: CURRENT },
  pendingGuest: { isTrajectoryOrganiser: false, membership: member("guest", "pending", 0), charterVersion: CURRENT },
  invited: { isTrajectoryOrganiser: false, membership: member("leader", "invited", 0), charterVersion: CURRENT },
  removed: { isTrajectoryOrganiser: false, membership: member("leader", "removed"), charterVersion: CURRENT },
  leaderBehindOnCharter: { isTrajectoryOrganiser: false, membership: member("leader", "active", CURRENT - 1), charterVersion: CURRENT },
  coachBehindOnCharter: { isTrajectoryOrganiser: false, membership: member("coach", "active", 0), charterVersion: CURRENT },
  outsider: { isTrajectoryOrganiser: false, membership: null, charterVersion: CURRENT },
  organiserAlsoCoach: { isTrajectoryOrganiser: true, membership: member("coach"), charterVersion: CURRENT },
  organiserRemovedAsCoach: { isTrajectoryOrganiser: true, membership: member("coach", "removed"), charterVersion: CURRENT },
};
type RoleName = keyof typeof ROLES;

const COLUMNS: GroupAction[] = [
  "group.view",
  "group.content",
  "thread.read",
  "thread.post",
  "thread.pin",
  "group.setChair",
  "doc.read",
  "doc.write",
  "presence.read",
  "charter.read",
  "charter.accept",
  "charter.propose",
  "charter.draft.read",
  "charter.draft.write",
  "audit.read",
  "whoSeesWhat.read",
  "member.invite",
  "member.remove",
  "member.changeRole",
  "guest.propose",
  "guest.consent",
  "meeting.read",
  "meeting.plan",
  "meeting.write",
  "protocol.write",
  "prep.propose",
  "prep.pick",
];

const EXPECTED: Record<RoleName, Decision[]> = {
  //                       view content th.read th.post th.pin chair doc.r doc.w presence ch.read ch.accept ch.propose dr.read dr.write audit whoSees invite remove chRole g.propose g.consent mt.read mt.plan mt.write pr.write prep.propose prep.pick
  organiser: [A, F, F, F, F, A, F, F, F, F, F, F, F, F, F, A, A, A, A, A, F, A, A, F, F, F, F],
  coach: [A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, F, F, F, A, F, A, A, A, A, A, A],
  leader: [A, A, A, A, F, F, A, A, A, A, A, A, A, A, A, A, F, F, F, F, A, A, A, A, A, A, F],
  guest: [A, A, A, A, F, F, A, F, A, A, A, F, A, F, A, A, F, F, F, F, F, A, F, F, F, F, F],
  pendingGuest: [N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N],
  invited: [N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N],
  removed: [N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N],
  leaderBehindOnCharter: [C, C, C, C, F, F, C, C, C, A, A, C, A, C, C, A, F, F, F, F, C, A, C, C, C, C, F],
  coachBehindOnCharter: [C, C, C, C, C, C, C, C, C, A, A, C, A, C, C, A, F, F, F, C, F, A, C, C, C, C, C],
  outsider: [N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N],
  organiserAlsoCoach: [A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, F, A, A, A, A, A, A],
  organiserRemovedAsCoach: [A, F, F, F, F, A, F, F, F, F, F, F, F, F, F, A, A, A, A, A, F, A, A, F, F, F, F],
};

describe("group policy decide()", () => {
  it("the table covers every action of GROUP_ACTIONS, once", () => {
    expect([...COLUMNS].sort()).toEqual([...GROUP_ACTIONS].sort());
    for (const row of Object.values(EXPECTED)) expect(row).toHaveLength(COLUMNS.length);
  });

  const cases = Object.entries(EXPECTED).flatMap(([role, row]) =>
    COLUMNS.map((action, i) => ({ role: role as RoleName, action, expected: row[i] })),
  );

  it.each(cases)("$role / $action -> $expected", ({ role, action, expected }) => {
    expect(decide(ROLES[role], action)).toBe(expected);
  });

  it.each(["outsider", "pendingGuest", "invited", "removed"] as const)("%s learns nothing: not_found for every action", (role) => {
    for (const action of GROUP_ACTIONS) expect(decide(ROLES[role], action)).toBe("not_found");
  });

  it("the chair, a leader, also pins and hands the chair on; nothing else changes; not as another role", () => {
    for (const action of GROUP_ACTIONS) {
      const asChair = decide({ ...ROLES.leader, isChair: true }, action);
      expect([action, asChair]).toEqual([
        action,
        action === "thread.pin" || action === "group.setChair" || action === "prep.pick" ? A : decide(ROLES.leader, action),
      ]);
      expect([action, decide({ ...ROLES.guest, isChair: true }, action)]).toEqual([action, decide(ROLES.guest, action)]);
      expect([action, decide({ ...ROLES.removed, isChair: true }, action)]).toEqual([action, N]);
    }
    expect(decide({ ...ROLES.leaderBehindOnCharter, isChair: true }, "thread.pin")).toBe(C);
  });

  // The end of the trajectory (decision 056): the chair of a group that runs itself also proposes guests.
  it("a continued group's chair also proposes a guest; a leader who does not chair does not; nothing else changes", () => {
    for (const action of GROUP_ACTIONS) {
      const continuedChair = decide({ ...ROLES.leader, isChair: true, continued: true }, action);
      const chair = decide({ ...ROLES.leader, isChair: true }, action);
      expect([action, continuedChair]).toEqual([action, action === "guest.propose" ? A : chair]);
      expect([action, decide({ ...ROLES.leader, continued: true }, action)]).toEqual([action, decide(ROLES.leader, action)]);
    }
    expect(decide({ ...ROLES.leader, isChair: true }, "guest.propose")).toBe(F);
  });

  it("a closed group: every member and the organiser still read what they read, nobody changes anything, outsiders still learn nothing", () => {
    const reads: GroupAction[] = [
      "group.view",
      "group.content",
      "thread.read",
      "doc.read",
      "charter.read",
      "charter.draft.read",
      "audit.read",
      "presence.read",
      "whoSeesWhat.read",
      "meeting.read",
    ];
    for (const [name, access] of Object.entries(ROLES)) {
      for (const action of GROUP_ACTIONS) {
        const open = decide(access, action);
        const closed = decide({ ...access, closed: true }, action);
        const expected = open === N || reads.includes(action) ? open : F;
        expect([name, action, closed]).toEqual([name, action, expected]);
      }
    }
  });

  it("a group without a charter yet (version 0) needs no acceptance", () => {
    const access: GroupAccess = { isTrajectoryOrganiser: false, membership: member("leader", "active", 0), charterVersion: 0 };
    expect(decide(access, "group.content")).toBe("allow");
  });
});

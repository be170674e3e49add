import { decide, type GroupAccess } from "../group/group.policy";

// Who sees a leader's action plan (decision 037). Pure: the service loads the access.
// - the leader: all of it; the group's coach: all of every leader's (coaching needs it);
// - the other leaders: only the learning questions the leader shared, with their check-ins and feedback;
// - guests (supervisors, team members) and the organiser: nothing, shared or not.

export type PlanViewer = "owner" | "coach" | "peer" | "none";

/** How `actorId` relates to `ownerId`'s plan in this group. */
export function planViewer(access: GroupAccess, actorId: string, ownerId: string): PlanViewer {
  if (decide(access, "group.content") !== "allow") return "none";
  const role = access.membership?.role;
  if (actorId === ownerId) return role === "leader" ? "owner" : "none";
  if (role === "coach") return "coach";
  return role === "leader" ? "peer" : "none";
}

/** May this viewer see a learning question (shared or not)? */
export const seesQuestion = (viewer: PlanViewer, shared: boolean) =>
  viewer === "owner" || viewer === "coach" || (viewer === "peer" && shared);

/** May the actor write in the group now (not closed, charter accepted): the same as writing its documents. */
export const writesInGroup = (access: GroupAccess) => decide(access, "doc.write") === "allow";

/** Is the actor the group's coach (active, charter accepted)? */
export const isGroupCoach = (access: GroupAccess) => access.membership?.role === "coach" && decide(access, "group.content") === "allow";

// The action plan, goals and coach's room through the HTTP door (decisions 037, 038): loaders and
// actions called as functions with real Requests. The organiser sees none of it; the coach's room is
// a 404 to anyone but the coach; a coaching note reaches its member's plan page and the coach's room,
// and no other page; an unshared learning question appears on no page of anyone else.
import { describe, expect, it } from "vitest";
import { getGroupShell } from "../models/group/group.service";
import { addCoachNote } from "../models/coach/coach.service";
import { LearningQuestion } from "../models/plan/plan.model";
import { addCheckIn, addQuestion } from "../models/plan/plan.service";
import { proposeGoal } from "../models/goal/goal.service";
import { createSession } from "../models/session/session.service";
import * as coachRoute from "../app/routes/groups.$groupId.coach";
import * as goalsRoute from "../app/routes/groups.$groupId.goals";
import * as planRoute from "../app/routes/groups.$groupId.plan";
import { addMembership, buildGroup, buildUser, ctxFor } from "./factories";
import { routeTestContext, settle } from "./route-context";

const { context, request } = routeTestContext("plans-routes-secret-0123456789abcdefghij");
type Route = { loader: (args: never) => unknown; action?: (args: never) => unknown };

async function open(route: Route, groupId: string, user: { _id: unknown }, form?: Record<string, string>, lang?: string) {
  const session = await createSession(String(user._id));
  const req = request(`http://x/groups/${groupId}`, session, form, lang);
  const args = { request: req, context, params: { groupId } } as never;
  const res = await settle(() => (form ? route.action?.(args) : route.loader(args)));
  if (res instanceof Response) return { status: res.status, body: await res.text() };
  return { status: 200, body: JSON.stringify(res) };
}

async function scene() {
  const built = await buildGroup({ leaders: 2, coaches: 1 });
  const guest = await buildUser();
  await addMembership(built.group, guest, { role: "guest", status: "active" });
  const groupId = String(built.group._id);
  const [ann, ben] = built.leaders;
  const q = await addQuestion(ctxFor(ann), { groupId, text: "PRIVE-VRAAG over mijn adjunct" });
  await addCheckIn(ctxFor(ann), { groupId, questionId: q.id, rating: 2, note: "PRIVE-CHECKIN" });
  await addCoachNote(ctxFor(built.coaches[0]), { groupId, memberId: String(ann._id), text: "COACHNOTITIE over Ann" });
  await proposeGoal(ctxFor(ann), { groupId, title: "Samen een feedbackcultuur", criteria: "Twee klasbezoeken per lid" });
  return { ...built, groupId, coach: built.coaches[0], ann, ben, guest };
}

const SECRET = /PRIVE-|COACHNOTITIE/;

describe("who opens which page", () => {
  it("the organiser sees none of it: plan and goals 403 (by design), the coach's room 404; no tab either", async () => {
    const { groupId, organiser } = await scene();
    for (const r of [planRoute, goalsRoute]) {
      const res = await open(r as Route, groupId, organiser);
      expect(res.status).toBe(403);
      expect(res.body).not.toMatch(SECRET);
      expect(res.body).not.toContain("feedbackcultuur");
    }
    expect((await open(coachRoute as Route, groupId, organiser)).status).toBe(404);
    const tabs = (await getGroupShell({ id: String(organiser._id), isOrganiser: true }, groupId))?.tabs;
    expect(tabs).toMatchObject({ plan: false, goals: false, coach: false });
  });

  it("coaching notes on both doors: the member's plan page and the coach's room; never another leader, a guest or the organiser", async () => {
    const { groupId, ann, ben, coach, guest, organiser } = await scene();
    expect((await open(planRoute as Route, groupId, ann)).body).toContain("COACHNOTITIE over Ann");
    expect((await open(coachRoute as Route, groupId, coach)).body).toContain("COACHNOTITIE over Ann");
    for (const u of [ben, guest, organiser]) {
      for (const r of [planRoute, goalsRoute, coachRoute]) expect((await open(r as Route, groupId, u)).body).not.toContain("COACHNOTITIE");
    }
    // A leader cannot write one either (the room does not exist for them).
    expect((await open(coachRoute as Route, groupId, ben, { intent: "note", memberId: String(ann._id), text: "x" })).status).toBe(404);
  });

  it("an unshared learning question is on no page of anyone but the leader and the coach", async () => {
    const { groupId, ann, ben, coach, guest } = await scene();
    expect((await open(planRoute as Route, groupId, ann)).body).toContain("PRIVE-VRAAG");
    expect((await open(planRoute as Route, groupId, coach)).body).toContain("PRIVE-CHECKIN");
    for (const u of [ben, guest]) {
      for (const r of [planRoute, goalsRoute, coachRoute]) expect((await open(r as Route, groupId, u)).body).not.toMatch(/PRIVE-/);
    }
    const tabs = async (u: { _id: unknown }) => (await getGroupShell({ id: String(u._id), isOrganiser: false }, groupId))?.tabs;
    expect(await tabs(ben)).toMatchObject({ plan: true, goals: true, coach: false });
    expect(await tabs(coach)).toMatchObject({ plan: true, goals: true, coach: true });
    expect(await tabs(guest)).toMatchObject({ plan: false, goals: true, coach: false });
  });

  it("bad input: a localised field error, nothing stored", async () => {
    const { groupId, ann } = await scene();
    const res = await open(planRoute as Route, groupId, ann, { intent: "addQuestion", text: "   " }, "nl");
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, intent: "addQuestion", fieldErrors: { text: "required" } });
    const en = await open(goalsRoute as Route, groupId, ann, { intent: "propose", title: "Doel", criteria: "" }, "en");
    expect(JSON.parse(en.body)).toMatchObject({
      message: "Please check the marked fields.",
      fieldErrors: { criteria: "goal_criteria_required" },
    });
    expect(await LearningQuestion.countDocuments({ groupId })).toBe(1);
  });
});

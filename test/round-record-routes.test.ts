// The round's record page called as a function with real Requests (decision 044): a member reads it
// and opens the notes; a participant sends the closing check; the inbrenger decides; bad input is a
// localised field error that changes nothing; an outsider gets 404.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { createRound, actOnRound } from "../models/intervision/round.service";
import { ClosingCheck, RoundDecision } from "../models/intervision/round-record.model";
import { createSession } from "../models/session/session.service";
import { buildGroup, buildUser, ctxFor } from "./factories";
import { routeTestContext, settle } from "./route-context";

const SECRET = "round-record-routes-secret-0123456789abcdef";
const { context, request } = routeTestContext(SECRET);
const route = (file: string) => import(pathToFileURL(path.resolve("app/routes", file)).href);

describe("the round's record page", () => {
  it("notes, closing check and the inbrenger's decision through the form; an outsider gets 404", async () => {
    const g = await buildGroup({ leaders: 3 });
    const groupId = String(g.group._id);
    const [inbrenger, chair] = g.leaders.map((u) => ctxFor(u));
    const { id: roundId } = await createRound(chair, {
      groupId,
      protocol: "balint",
      inbrengerId: inbrenger.actor.id,
      caseQuestion: "Hoe houd ik het overzicht in een fusie?",
      memberIds: g.leaders.map((u) => String(u._id)),
    });
    await actOnRound(chair, { groupId, roundId, action: { type: "start" } });
    await actOnRound(chair, { groupId, roundId, action: { type: "finish" } });
    const params = { groupId, roundId };
    const url = `http://x/groups/${groupId}/rounds/${roundId}/record`;
    const page = await route("groups.$groupId.rounds.$roundId_.record.tsx");
    const [inb, ch] = [await createSession(inbrenger.actor.id), await createSession(chair.actor.id)];

    const data = await page.loader({ request: request(url, ch), context, params });
    expect(data).toMatchObject({ status: "finished", isInbrenger: false, decision: null, checks: { count: 0 } });
    expect(data.summaryDocId).toMatch(/^[0-9a-f]{24}$/);
    const notes = (await settle(() => page.action({ request: request(url, ch, { intent: "notes" }), context, params }))) as Response;
    expect(notes.status).toBe(302);
    expect(notes.headers.get("Location")).toMatch(new RegExp(`^/groups/${groupId}/docs/[0-9a-f]{24}$`));

    const bad = (await settle(() =>
      page.action({ request: request(url, ch, { intent: "check", safety: "9", usefulness: "3", line: "" }), context, params }),
    )) as Response;
    expect(bad.status).toBe(400);
    expect((await bad.json()).fieldErrors).toEqual({ safety: "round_check_score" });
    expect(await ClosingCheck.countDocuments({})).toBe(0);
    const ok = (await settle(() =>
      page.action({ request: request(url, ch, { intent: "check", safety: "4", usefulness: "5", line: "Fijn" }), context, params }),
    )) as Response;
    expect(ok.status).toBe(200);

    const notYours = (await settle(() =>
      page.action({ request: request(url, ch, { intent: "decide", choice: "delete" }), context, params }),
    )) as Response;
    expect(notYours.status).toBe(403);
    const decided = (await settle(() =>
      page.action({ request: request(url, inb, { intent: "decide", choice: "keep" }), context, params }),
    )) as Response;
    expect(decided.status).toBe(200);
    expect(await RoundDecision.findById(roundId).lean()).toMatchObject({ choice: "keep" });

    const outsider = await createSession(String((await buildUser())._id));
    for (const call of [
      () => page.loader({ request: request(url, outsider), context, params }),
      () => page.action({ request: request(url, outsider, { intent: "notes" }), context, params }),
    ])
      expect(((await settle(call)) as Response).status).toBe(404);
  });
});

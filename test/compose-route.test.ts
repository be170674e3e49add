// The compose page and the theme choice as the browser reaches them (issue 16 item 3, decision 068):
// loaders and actions called as functions with real Requests.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { createSession } from "../models/session/session.service";
import { Breakout, BreakoutSeat } from "../models/moment/moment.model";
import { ThemeChoice } from "../models/moment/compose.model";
import type { ComposePageDTO } from "../models/moment/compose.dto";
import { translate } from "../models/i18n/i18n";
import { composeScene } from "./compose-scene";
import { routeTestContext, settle } from "./route-context";

const { context, request } = routeTestContext("compose-route-secret-0123456789abcdefghij");
const route = (file: string) => import(pathToFileURL(path.resolve("app/routes", file)).href);

describe("the compose page", () => {
  it("shows the facilitator the proposal, stores it once, and refuses a broken assignment with a localised message", async () => {
    const s = await composeScene();
    const mod = await route("moments.$momentId_.compose.$blockId.tsx");
    const session = await createSession(String(s.named._id));
    const params = { momentId: s.momentId, blockId: "tables" };
    const url = `http://x/moments/${s.momentId}/compose/tables`;
    const page = (await mod.loader({ request: request(url, session), context, params })) as ComposePageDTO;
    expect(page.breakouts.map((b) => b.members.length)).toEqual([3, 3, 3]);
    const rerolled = (await mod.loader({ request: request(`${url}?seed=5`, session), context, params })) as ComposePageDTO;
    expect(rerolled.seed).toBe(5);

    const assignment = JSON.stringify(page.breakouts.map((b) => ({ theme: null, userIds: b.members.map((m) => m.userId) })));
    for (let i = 0; i < 2; i++) {
      const res = (await settle(() =>
        mod.action({ request: request(url, session, { intent: "save", assignment }), context, params }),
      )) as Response;
      expect(res.status).toBe(302);
      expect(res.headers.get("Location")).toBe(`/moments/${s.momentId}/compose/tables?saved=1`);
    }
    expect(await Breakout.countDocuments({ momentId: s.momentId })).toBe(3);
    expect(await BreakoutSeat.countDocuments({ momentId: s.momentId })).toBe(9);
    const stored = (await mod.loader({ request: request(url, session), context, params })) as ComposePageDTO;
    expect(stored.stored).toBe(true);

    const stranger = String(s.outsider.leaders[0]._id);
    for (const [bad, message] of [
      ["{not json", translate("en", "refusal.invalid_input")],
      [JSON.stringify([{ theme: null, userIds: [stranger] }]), translate("en", "refusal.invalid_input.moment_compose_not_participant")],
    ]) {
      const res = (await mod.action({
        request: request(url, session, { intent: "save", assignment: bad }, "en"),
        context,
        params,
      })) as Response;
      expect(res.status).toBe(400);
      expect((await res.json()).message).toBe(message);
    }
    expect(await BreakoutSeat.countDocuments({ momentId: s.momentId })).toBe(9);
  });
});

describe("choosing a theme", () => {
  it("a participant reads and posts their choice; a facilitator may not choose; a mixed block has no choice", async () => {
    const s = await composeScene();
    const mod = await route("moments.$momentId_.theme.$blockId.ts");
    const session = await createSession(String(s.participants[0]._id));
    const params = { momentId: s.momentId, blockId: "themes" };
    const url = `http://x/moments/${s.momentId}/theme/themes`;
    const read = (await mod.loader({ request: request(url, session), context, params })) as Response;
    expect(await read.json()).toEqual({ ...params, themes: ["Taal", "Welzijn"], chosen: null });
    const posted = (await mod.action({
      request: request(url, session, { intent: "chooseTheme", theme: "Welzijn" }),
      context,
      params,
    })) as Response;
    expect(await posted.json()).toMatchObject({ ok: true, choice: { chosen: "Welzijn" } });
    expect(await ThemeChoice.countDocuments()).toBe(1);
    const wrong = (await mod.action({
      request: request(url, session, { intent: "chooseTheme", theme: "Sport" }),
      context,
      params,
    })) as Response;
    expect(wrong.status).toBe(400);

    const facilitator = await createSession(String(s.named._id));
    const refused = (await mod.action({
      request: request(url, facilitator, { intent: "chooseTheme", theme: "Taal" }),
      context,
      params,
    })) as Response;
    expect(refused.status).toBe(403);
    const mixed = (await settle(() =>
      mod.loader({ request: request(url, session), context, params: { ...params, blockId: "tables" } }),
    )) as Response;
    expect(mixed.status).toBe(404);
    expect(await ThemeChoice.countDocuments()).toBe(1);
  });
});

// The programme's forms (decision 029), called as functions with real Requests: the dashboard creates
// a trajectory and goes to it; the trajectory page's bulk preview answers with each line and its
// error and invites no one; its confirmation sends the valid lines; a group of another trajectory is
// not found there, even for its own organiser; bad input gets a localised error marked as its group's form.
import { describe, expect, it } from "vitest";
import { createSession } from "../models/session/session.service";
import { Trajectory } from "../models/trajectory/trajectory.model";
import { User } from "../models/user/user.model";
import { buildGroup, buildOrganiser } from "./factories";
import { routeTestContext, settle } from "./route-context";
import * as dashboard from "../app/routes/_index";
import * as trajectoryRoute from "../app/routes/trajectories.$trajectoryId";

const SECRET = "programme-route-secret-0123456789abcdefghij";
const { context, request } = routeTestContext(SECRET);

async function post(fn: (args: never) => unknown, url: string, session: string, form: Record<string, string>, params = {}) {
  const res = await settle(() => fn({ request: request(url, session, form, "en"), context, params } as never));
  if (!(res instanceof Response)) throw new Error(`expected a Response, got ${String(res)}`);
  return res;
}

describe("dashboard: a new trajectory", () => {
  it("an organiser creates one and is sent to its page; a missing date is a field error", async () => {
    const organiser = await buildOrganiser();
    const session = await createSession(String(organiser._id));
    const bad = await post(dashboard.action, "http://x/", session, { intent: "createTrajectory", name: "Leren leiden", startDate: "" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, fieldErrors: { startDate: "invalid_date" } });
    expect(await Trajectory.countDocuments({ name: "Leren leiden" })).toBe(0);

    const res = await post(dashboard.action, "http://x/", session, {
      intent: "createTrajectory",
      name: "Leren leiden",
      startDate: "2027-09-01",
    });
    const t = await Trajectory.findOne({ name: "Leren leiden" }).lean();
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/trajectories/${t!._id}`);
  });
});

describe("trajectory page: bulk invitation", () => {
  it("previews the pasted list with per-line errors, invites no one; confirming sends the valid lines", async () => {
    const { group, organiser, trajectory, leaders } = await buildGroup({ leaders: 8 });
    const session = await createSession(String(organiser._id));
    const url = `http://x/trajectories/${trajectory._id}`;
    const params = { trajectoryId: String(trajectory._id) };
    const text = [
      "name,email",
      "An <an@school.test>",
      "Bo;bo@school.test",
      "an@school.test",
      "nope",
      leaders[0].email,
      "cas@school.test",
    ].join("\n");
    const form = { groupId: String(group._id), text };

    const res = await post(trajectoryRoute.action, url, session, { intent: "bulkPreview", ...form }, params);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ ok: true, intent: "bulkPreview", groupId: String(group._id), text });
    expect(body.preview).toMatchObject({ valid: 2, leaders: 8 });
    expect(body.preview.lines.map((l: { line: number; error: string | null }) => [l.line, l.error])).toEqual([
      [2, null],
      [3, null],
      [4, "duplicate"],
      [5, "invalid_email"],
      [6, "already_member"],
      [7, "group_full"],
    ]);
    expect(await User.countDocuments({ email: { $in: ["an@school.test", "bo@school.test"] } })).toBe(0);

    const sent = await post(trajectoryRoute.action, url, session, { intent: "bulkConfirm", ...form }, params);
    expect(await sent.json()).toMatchObject({ ok: true, result: { sent: 2, notSent: 0, failed: [] } });
    expect(await User.countDocuments({ email: { $in: ["an@school.test", "bo@school.test"] } })).toBe(2);
  });

  it("an empty list is the bulk form's localised field error; a group of another trajectory is not found", async () => {
    const { group, organiser, trajectory } = await buildGroup({ leaders: 1 });
    const elsewhere = await buildGroup({ leaders: 1, organiser });
    const session = await createSession(String(organiser._id));
    const url = `http://x/trajectories/${trajectory._id}`;
    const params = { trajectoryId: String(trajectory._id) };
    const empty = await post(
      trajectoryRoute.action,
      url,
      session,
      { intent: "bulkPreview", groupId: String(group._id), text: "  " },
      params,
    );
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({
      ok: false,
      intent: "bulkPreview",
      groupId: String(group._id),
      message: expect.any(String),
      fieldErrors: { text: "required" },
    });
    const foreign = await post(
      trajectoryRoute.action,
      url,
      session,
      { intent: "bulkPreview", groupId: String(elsewhere.group._id), text: "a@school.test" },
      params,
    );
    expect(foreign.status).toBe(404);
  });
});

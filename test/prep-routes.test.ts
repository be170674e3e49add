// The protocol editor and the preparation page, called as functions with real Requests (decision
// 033): the editor's buttons post the whole form and get the changed draft back (so it works
// without JavaScript), a broken form gets errors per field and stores nothing, a save goes back to
// the list as a new version; the preparation loader never carries another member's hidden part.
import { describe, expect, it } from "vitest";
import { fieldsFromProtocol } from "../models/intervision/protocol-form.inputs";
import { incident } from "../models/intervision/protocols/incident";
import { ProtocolVersion } from "../models/intervision/group-protocol.model";
import { createSession } from "../models/session/session.service";
import * as editRoute from "../app/routes/groups.$groupId.protocols_.edit";
import * as prepareRoute from "../app/routes/groups.$groupId.prepare";
import { buildGroup } from "./factories";
import { routeTestContext, settle } from "./route-context";

const SECRET = "prep-routes-secret-0123456789abcdefghijkl";
const { context, request } = routeTestContext(SECRET);

async function call(fn: (args: never) => unknown, url: string, session: string, groupId: string, form?: Record<string, string>) {
  const res = await settle(() => fn({ request: request(url, session, form), context, params: { groupId } } as never));
  if (!(res instanceof Response)) return { status: 200, body: res as Record<string, unknown> };
  const text = await res.text();
  return { status: res.status, location: res.headers.get("Location"), body: text.startsWith("{") ? JSON.parse(text) : text };
}

const editForm = (op: string, fields = fieldsFromProtocol(incident)) => ({
  intent: "edit",
  op,
  ...fields,
  protocolId: "",
  baseVersion: "0",
  "basedOn.id": "incident",
  "basedOn.version": "1",
});

describe("the protocol editor without JavaScript", () => {
  it("adds and moves phases in the draft, refuses a broken one per field, and saves version 1", async () => {
    const { group, coaches } = await buildGroup({ leaders: 3, coaches: 1 });
    const groupId = String(group._id);
    const session = await createSession(String(coaches[0]._id));
    const url = `http://x/groups/${groupId}/protocols/edit`;

    const loaded = await call(editRoute.loader, `${url}?from=incident`, session, groupId);
    expect(loaded.body).toMatchObject({ protocolId: null, baseVersion: 0, basedOn: { id: "incident", version: 1 } });

    const added = await call(editRoute.action, url, session, groupId, editForm("add"));
    expect(added.status).toBe(200);
    expect(added.body.draft.phases).toHaveLength(12);
    const moved = await call(editRoute.action, url, session, groupId, editForm("down:0"));
    expect(moved.body.draft.phases.slice(0, 2).map((p: { id: string }) => p.id)).toEqual(["choose", "look-back"]);

    const broken = { ...fieldsFromProtocol(incident), "phases.3.timer.minutes": "500", "phases.0.name.nl": "" };
    const refused = await call(editRoute.action, url, session, groupId, editForm("save", broken));
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      ok: false,
      errors: { "phases.3.timer.minutes": "protocol_timer_range", "phases.0.name.nl": "protocol_text_missing" },
      draft: { phases: expect.any(Array) },
    });
    expect(refused.body.draft.phases[3].timer.minutes).toBe(500);
    expect(await ProtocolVersion.countDocuments({ groupId })).toBe(0);

    const fields = { ...fieldsFromProtocol(incident), "phases.3.timer.minutes": "8" };
    const preview = await call(editRoute.action, url, session, groupId, editForm("preview", fields));
    expect(preview.body).toMatchObject({ ok: true, preview: { members: 4, totalMinutes: 103 } });
    const saved = await call(editRoute.action, url, session, groupId, editForm("save", fields));
    expect(saved.status).toBe(302);
    const row = await ProtocolVersion.findOne({ groupId }).lean();
    expect(saved.location).toBe(`/groups/${groupId}/protocols?saved=${row?.protocolId}&version=1`);
    const definition = row?.definition as typeof incident | undefined;
    expect(definition?.phases[3].timer.minutes).toBe(8);
  });
});

describe("the preparation page", () => {
  it("sends 'what I did' to its author only", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const groupId = String(group._id);
    const [an, bo] = await Promise.all(leaders.map((l) => createSession(String(l._id))));
    const url = `http://x/groups/${groupId}/prepare`;
    const posted = await call(prepareRoute.action, url, an, groupId, {
      intent: "propose",
      protocolId: "incident",
      question: "Hoe kan ik de ouder rustig te woord staan?",
      context: "",
      whatIDid: "Ik belde diezelfde avond nog terug.",
    });
    expect(posted.body).toMatchObject({ ok: true, intent: "propose" });
    expect(JSON.stringify((await call(prepareRoute.loader, url, an, groupId)).body)).toContain("diezelfde avond");
    const other = await call(prepareRoute.loader, url, bo, groupId);
    expect(JSON.stringify(other.body)).toContain("de ouder rustig");
    expect(JSON.stringify(other.body)).not.toContain("diezelfde avond");

    const unconfirmed = await call(prepareRoute.action, url, bo, groupId, { intent: "vote", proposalId: "nope" });
    expect(unconfirmed).toMatchObject({ status: 400, body: { ok: false, fieldErrors: { proposalId: "invalid_id" } } });
  });
});

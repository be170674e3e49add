// Search through both doors (issue 20 items 3, 4; decision 086): the pages' loaders called as
// functions with real Requests, and search:query from real Socket.IO clients on two nodes. The same
// answer on both; a removed member finds nothing of the group on the next query, on either door.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeMember } from "../models/group/group.service";
import { createSession } from "../models/session/session.service";
import { settled, startThread } from "../models/thread/thread.service";
import { buildGroup, ctxFor } from "./factories";
import { routeTestContext, settle } from "./route-context";
import { closeClients, closeNodes, connectAs, startTwoNodes, type RealtimeTestServer } from "./socket";

const SECRET = "search-routes-secret-0123456789abcdefghijk";
const route = (file: string) => import(pathToFileURL(path.resolve("app/routes", file)).href);

describe("search through both doors", () => {
  let a: RealtimeTestServer;
  let b: RealtimeTestServer;
  beforeAll(async () => {
    [a, b] = await startTwoNodes();
  });
  afterAll(async () => {
    closeClients();
    await closeNodes(a, b);
  });

  it("the page and the socket answer the same; a removed member gets 404 and not_found at once, and nothing across groups", async () => {
    const g = await buildGroup({ leaders: 2, name: "Leergroep Zuid" });
    const groupId = String(g.group._id);
    const [ann, bob] = g.leaders;
    // Written through node A's runtime, read through node B's doors.
    const onA = { ...ctxFor(ann), node: a.node };
    await startThread(onA, { groupId, clientId: "c-search-0001", title: "Ouderraad", text: "De ouderraad vergaderde gisteren." });
    await settled(onA, groupId);
    const { context, request } = routeTestContext(SECRET, b.services);
    const session = await createSession(String(bob._id));
    const page = await route("groups.$groupId.search.tsx");
    const all = await route("search.tsx");
    const url = `http://x/groups/${groupId}/search?q=vergaderen`;
    const res = (await page.loader({ request: request(url, session), context, params: { groupId } })) as Response;
    const data = await res.json();
    expect(data.result.total).toBe(1);
    expect(data.result.hits[0]).toMatchObject({ kind: "message", groupName: "Leergroep Zuid", title: "Ouderraad" });
    expect(data.authors.map((x: { id: string }) => x.id).sort()).toEqual([String(ann._id), String(bob._id)].sort());
    const across = await (
      (await all.loader({ request: request("http://x/search?q=ouderraad", session), context, params: {} })) as Response
    ).json();
    expect(across.result.hits.map((h: { id: string }) => h.id)).toEqual(data.result.hits.map((h: { id: string }) => h.id));

    const socket = await connectAs(b.url, session);
    const ack = await socket.timeout(5000).emitWithAck("search:query", { q: "vergaderen", groupId });
    expect(ack).toEqual({ ok: true, data: data.result });

    await removeMember(ctxFor(g.organiser), { groupId, userId: String(bob._id) });
    const after = (await settle(() => page.loader({ request: request(url, session), context, params: { groupId } }))) as Response;
    expect(after.status).toBe(404);
    const gone = await (
      (await all.loader({ request: request("http://x/search?q=ouderraad", session), context, params: {} })) as Response
    ).json();
    expect(gone.result).toEqual({ hits: [], total: 0 });
    // The removal also ends the member's sockets; a new connection asks again.
    const again = await connectAs(b.url, session);
    expect(await again.timeout(5000).emitWithAck("search:query", { q: "ouderraad", groupId })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    expect(await again.timeout(5000).emitWithAck("search:query", { q: "ouderraad" })).toEqual({ ok: true, data: { hits: [], total: 0 } });
  });

  it("bad input changes nothing and says why, localised: a 400 with the field on the page, invalid_input on the socket", async () => {
    const g = await buildGroup({ leaders: 1 });
    const groupId = String(g.group._id);
    const { context, request } = routeTestContext(SECRET, b.services);
    const session = await createSession(String(g.leaders[0]._id));
    const page = await route("groups.$groupId.search.tsx");
    const res = (await page.loader({
      request: request(`http://x/groups/${groupId}/search?q=${"x".repeat(201)}&kind=secret`, session),
      context,
      params: { groupId },
    })) as Response;
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.fieldErrors).toMatchObject({ q: "too_long", kinds: expect.any(String) });
    expect(body.message).toMatch(/\S/);
    const empty = await (
      (await page.loader({ request: request(`http://x/groups/${groupId}/search`, session), context, params: { groupId } })) as Response
    ).json();
    expect(empty).toMatchObject({ searched: false, result: { hits: [], total: 0 } });
    const socket = await connectAs(b.url, session);
    const ack = await socket.timeout(5000).emitWithAck("search:query", { q: "", groupId, limit: 500 } as never);
    expect(ack).toMatchObject({ ok: false, error: { code: "invalid_input" } });
  });
});

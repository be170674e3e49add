// The room's shared screen (issue 13 item 5, decision 045) over real sockets: the chair's own
// session opens the screen (as on the laptop at the projector), and the screen's socket receives
// the watchers' view only: never the silent writing before the reveal, never "what I did" before
// its phase, never the chair's own view; after the reveal everything written appears on it at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundViewDTO } from "../models/intervision/round.dto";
import { createRound } from "../models/intervision/round.service";
import { createSession } from "../models/session/session.service";
import { buildGroup, buildUser, ctxFor } from "../test/factories";
import {
  ask,
  closeClients,
  closeNodes,
  connectAs,
  okData,
  record,
  startRealtimeServer,
  waitFor,
  type RealtimeTestServer,
} from "../test/socket";

let node: RealtimeTestServer;
beforeAll(async () => {
  node = await startRealtimeServer();
});
afterAll(async () => {
  await closeNodes(node);
});

const SECRET = "Ik heb de ouder uitgenodigd voor een gesprek.";
const QUESTION = "Sinds wanneer belt de ouder elke week?";

describe("the room's shared screen", () => {
  it("shows the watchers' view to whoever opens it: nothing hidden leaks, the reveal appears at once", async () => {
    const g = await buildGroup({ leaders: 3 });
    const groupId = String(g.group._id);
    const [inbrenger, chair, member] = g.leaders;
    const { id: roundId } = await createRound(ctxFor(chair), {
      groupId,
      protocol: "incident",
      inbrengerId: String(inbrenger._id),
      caseQuestion: "Hoe reageer ik op een ouder die elke week boos belt?",
      whatIDid: SECRET,
      memberIds: g.leaders.map((u) => String(u._id)),
      mode: "room",
    });
    const ref = { groupId, roundId };
    const chairSocket = await connectAs(node.url, await createSession(String(chair._id)));
    const memberSocket = await connectAs(node.url, await createSession(String(member._id)));
    const screen = await connectAs(node.url, await createSession(String(chair._id)));
    const seen = record(screen, "round:state");
    const first = await okData<RoundViewDTO>(ask(screen, "round:screen", ref));
    expect(first.you).toMatchObject({ userId: "", role: null, isChair: false, canWrite: false });
    expect(first.whatIDid).toBeNull();
    await okData(ask(chairSocket, "round:join", ref));
    await okData(ask(memberSocket, "round:join", ref));

    const chairAct = (action: Record<string, unknown>) => okData<RoundViewDTO>(ask(chairSocket, "round:act", { ...ref, action }));
    let v = await chairAct({ type: "start" });
    while (v.step?.phaseId !== "write-questions") v = await chairAct({ type: "next", seen: v.version });
    await okData(ask(memberSocket, "round:act", { ...ref, action: { type: "contribute", id: "screen-q-0001", text: QUESTION } }));
    const counted = await waitFor(screen, "round:state", (s) => s.hiddenCount === 1);
    expect(counted.contributions).toEqual([]);

    const revealed = waitFor(screen, "round:state", (s) => s.revealed);
    await chairAct({ type: "reveal" });
    expect((await revealed).contributions.map((c) => c.text)).toEqual([QUESTION]);

    // Nothing the screen ever received carried a hidden text, "what I did", or a seat's own view.
    const wire = JSON.stringify(seen.events.filter((s) => !s.revealed));
    expect(wire).not.toContain(QUESTION);
    expect(JSON.stringify(seen.events)).not.toContain(SECRET);
    expect(seen.events.every((s) => s.you.userId === "" && s.you.role === null)).toBe(true);
    closeClients();
  });

  it("an outsider's screen gets not found, like a missing round", async () => {
    const g = await buildGroup({ leaders: 2 });
    const [inbrenger, chair] = g.leaders;
    const { id: roundId } = await createRound(ctxFor(chair), {
      groupId: String(g.group._id),
      protocol: "incident",
      inbrengerId: String(inbrenger._id),
      caseQuestion: "Een casus",
    });
    const outsider = await buildUser();
    const socket = await connectAs(node.url, await createSession(String(outsider._id)));
    const ack = await ask(socket, "round:screen", { groupId: String(g.group._id), roundId });
    expect(ack).toMatchObject({ ok: false, error: { code: "not_found" } });
    closeClients();
  });
});

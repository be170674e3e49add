// The live moment on two nodes (issue 16 items 2, 3, 6, 7; decisions 069-071): real Socket.IO
// clients from two groups and a facilitator, spread over two app nodes on one Redis, through the
// plenary, a poll, the breakouts opening (each client receives its own room and nobody else's),
// a broadcast, extra time and everyone brought back; and a client that reconnects gets it all.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BreakoutViewDTO, LiveStateDTO, LiveViewDTO, PollResultDTO } from "../models/moment/live.dto";
import { momentScene } from "../test/moment-scene";
import {
  closeNodes,
  online,
  okData,
  ask,
  record,
  roundTrip,
  startTwoNodes,
  waitFor,
  type ClientSocket,
  type RealtimeTestServer,
} from "../test/socket";
import { rooms } from "./events";

let nodeA: RealtimeTestServer;
let nodeB: RealtimeTestServer;
beforeEach(async () => {
  [nodeA, nodeB] = await startTwoNodes();
});
afterEach(async () => {
  await closeNodes(nodeA, nodeB);
});

const join = (s: ClientSocket, momentId: string) => okData<LiveViewDTO>(ask(s, "moment:join", { momentId }));
const act = (s: ClientSocket, momentId: string, action: Record<string, unknown>) =>
  okData<LiveStateDTO>(ask(s, "moment:act", { momentId, action }));

describe("a network moment live on two nodes", () => {
  it("plenary, poll, breakouts (each client its own room), broadcast, extend, bring back; a reconnect gets the whole state", async () => {
    const s = await momentScene();
    const m = s.momentId;
    const fac = await online(nodeA, s.facilitator);
    const people = [...s.aPeople, ...s.bPeople];
    // Alternate the nodes: every breakout has members on both.
    const clients = await Promise.all(people.map((u, i) => online(i % 2 ? nodeB : nodeA, u)));
    const outsider = await online(nodeB, s.outsider);
    const heardByOutsider = [record(outsider, "moment:state"), record(outsider, "moment:breakout"), record(outsider, "moment:poll")];
    expect((await join(fac, m)).role).toBe("facilitator");
    for (const c of clients) expect((await join(c, m)).state.status).toBe("not_started");

    // Start: everyone hears the state, on both nodes.
    let heard = clients.map((c) => waitFor(c, "moment:state", (x) => x.status === "live"));
    const started = await act(fac, m, { type: "start" });
    for (const x of await Promise.all(heard)) expect(x).toMatchObject({ version: started.version, block: 0 });

    // A poll: results come to everyone as the answers arrive.
    heard = clients.map((c) => waitFor(c, "moment:state", (x) => x.polls.length === 1));
    await act(fac, m, { type: "poll_open", clientId: "poll-scenario", kind: "scale", question: "Hoe gaat het?", options: [] });
    await Promise.all(heard);
    const last = clients.map((c) => waitFor(c, "moment:poll", (r: PollResultDTO) => r.count === clients.length, { timeout: 5000 }));
    for (const [i, c] of clients.entries())
      await okData(ask(c, "moment:answer", { momentId: m, pollId: "poll-scenario", answer: (i % 5) + 1 }));
    for (const r of await Promise.all(last)) expect(r.results).toMatchObject({ kind: "scale", counts: [2, 1, 1, 1, 1] });

    // The breakout block: opening moves everyone into their room on both nodes and shows each their room.
    heard = clients.map((c) => waitFor(c, "moment:state", (x) => x.block === 1));
    const v = (await act(fac, m, { type: "next", seen: 2 })).version;
    await Promise.all(heard);
    const shown = clients.map((c) => waitFor(c, "moment:breakout", () => true, { timeout: 5000 }));
    const facSees = waitFor(fac, "moment:breakouts");
    const openState = clients.map((c) => waitFor(c, "moment:state", (x) => !!x.breakouts));
    await act(fac, m, { type: "open_breakouts", seen: v });
    const rooms_: BreakoutViewDTO[] = await Promise.all(shown);
    await Promise.all(openState);
    for (const [i, r] of rooms_.entries()) expect(r.members.map((x) => x.userId)).toContain(String(people[i]._id));
    expect(new Set(rooms_.map((r) => r.id)).size).toBe(3);
    expect((await facSees).breakouts).toHaveLength(3);
    // Each client's sockets are in exactly their own breakout's room, on whichever node holds them.
    for (const [i, c] of clients.entries()) {
      const node = i % 2 ? nodeB : nodeA;
      const socketRooms = node.io.of("/").sockets.get(c.id!)!.rooms;
      expect([...socketRooms].filter((r) => r.startsWith("breakout:"))).toEqual([rooms.breakout(rooms_[i].id)]);
    }

    // Broadcast and extra time reach every breakout at once.
    const broadcast = clients.map((c) => waitFor(c, "moment:state", (x) => x.broadcast?.text === "Nog vijf minuten"));
    await act(fac, m, { type: "broadcast", clientId: "bc-scenario", text: "Nog vijf minuten" });
    const before = (await Promise.all(broadcast))[0];
    const extended = clients.map((c) => waitFor(c, "moment:state", (x) => x.version === before.version + 1));
    await act(fac, m, { type: "extend", minutes: 5 });
    for (const x of await Promise.all(extended)) expect(x.timerEndsAt).toBe(before.timerEndsAt! + 5 * 60_000);

    // A client that reconnects (to the other node) gets the whole state: its breakout, the poll, the broadcast.
    clients[0].disconnect();
    const again = await online(nodeB, people[0]);
    const rejoined = await join(again, m);
    expect(rejoined.breakout?.id).toBe(rooms_[0].id);
    expect(rejoined.state.broadcast?.text).toBe("Nog vijf minuten");
    expect(rejoined.results[0].count).toBe(clients.length);
    expect(rejoined.answered).toEqual(["poll-scenario"]);
    clients[0] = again;

    // Bring everyone back: the breakout rooms are empty on both nodes, everyone sees the plenary.
    const back = clients.map((c) => waitFor(c, "moment:state", (x) => x.breakouts === null));
    await act(fac, m, { type: "bring_back", seen: before.version + 1 });
    await Promise.all(back);
    for (const node of [nodeA, nodeB])
      expect([...node.io.of("/").adapter.rooms.keys()].filter((r) => r.startsWith("breakout:"))).toEqual([]);

    // The outsider heard nothing of it.
    await roundTrip(outsider);
    for (const r of heardByOutsider) expect(r.events).toEqual([]);
  });
});

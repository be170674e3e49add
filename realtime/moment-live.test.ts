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
  recordAll,
  roundTrip,
  startTwoNodes,
  waitFor,
  type ClientSocket,
  type RealtimeTestServer,
} from "../test/socket";
import { rooms } from "./events";
import { removeMember } from "../models/group/group.service";
import { afterMomentChanged } from "../models/moment/live.rooms";
import { Moment } from "../models/moment/moment.model";
import { ctxFor } from "../test/factories";

/** How late a fact may come on a loaded machine: a bound, never a pause. */
const LATE = { timeout: 10_000 };

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

  // Decision 079: whoever loses the moment leaves its rooms on every node at once, not at their next reload.
  it("a participant removed from their group hears nothing more of the moment, on either node, breakouts open", async () => {
    const s = await momentScene();
    const m = s.momentId;
    const fac = await online(nodeA, s.facilitator);
    const people = [...s.aPeople, ...s.bPeople];
    const clients = await Promise.all(people.map((u, i) => online(i % 2 ? nodeB : nodeA, u)));
    // The one removed has a tab on each node.
    const removed = people[0];
    const second = await online(nodeB, removed);
    await join(fac, m);
    for (const c of [...clients, second]) await join(c, m);
    let v = (await act(fac, m, { type: "start" })).version;
    const opened = waitFor(fac, "moment:state", (x) => x.polls.length === 1, LATE);
    v = (await act(fac, m, { type: "poll_open", clientId: "poll-removal", kind: "words", question: "Een woord?", options: [] })).version;
    await opened;
    v = (await act(fac, m, { type: "next", seen: v })).version;
    const shown = waitFor(second, "moment:breakout", () => true, LATE);
    const open = [...clients, second].map((c) => waitFor(c, "moment:state", (x) => !!x.breakouts, LATE));
    await act(fac, m, { type: "open_breakouts", seen: v });
    const room = await shown;
    await Promise.all(open);
    const mate = clients[people.findIndex((u, i) => i > 0 && room.members.some((x) => x.userId === String(u._id)))];

    const heard = [recordAll(clients[0]), recordAll(second)];
    const left = [clients[0], second].map((c) => waitFor(c, "moment:left", (x) => x.momentId === m && x.role === null, LATE));
    await removeMember(
      { ...ctxFor(s.organiser), publisher: nodeA.publisher },
      { groupId: String(s.groupA._id), userId: String(removed._id) },
    );
    await Promise.all(left);
    // Out of every room of the moment on both nodes at once: the moment's, and their breakout's.
    for (const node of [nodeA, nodeB])
      for (const c of [clients[0], second]) {
        const held = node.io.of("/").sockets.get(c.id!)?.rooms;
        if (held) expect([...held].filter((r) => r.startsWith("moment:") || r.startsWith("breakout:"))).toEqual([]);
      }

    // What happens afterwards, published from either node, reaches the others and not them.
    const bcast = [fac, mate].map((c) => waitFor(c, "moment:state", (x) => x.broadcast?.text === "Nog twee minuten", LATE));
    await act(fac, m, { type: "broadcast", clientId: "bc-removal", text: "Nog twee minuten" });
    await Promise.all(bcast);
    const chat = [fac, mate].map((c) => waitFor(c, "moment:message", (x) => x.text === "Na de verwijdering", LATE));
    await okData(ask(clients[5], "moment:chat", { momentId: m, clientId: "chat-removal", text: "Na de verwijdering" }));
    await Promise.all(chat);
    const poll = waitFor(fac, "moment:poll", (r) => r.count === 1, LATE);
    await okData(ask(clients[3], "moment:answer", { momentId: m, pollId: "poll-removal", answer: ["samen"] }));
    await poll;
    for (const c of [clients[0], second]) await roundTrip(c);
    for (const r of heard) expect(r.events.map(([e]) => e).filter((e) => e.startsWith("moment:") && e !== "moment:left")).toEqual([]);
    // Asking again is answered as for anyone outside: not found.
    expect(await ask(second, "moment:join", { momentId: m })).toMatchObject({ ok: false, error: { code: "not_found" } });
  });

  it("a group taken out of the moment and a facilitator no longer named leave its rooms on both nodes", async () => {
    const s = await momentScene();
    const m = s.momentId;
    const organiser = await online(nodeA, s.organiser);
    const fac = await online(nodeB, s.facilitator);
    const [a0, b0] = [await online(nodeA, s.aPeople[0]), await online(nodeB, s.bPeople[0])];
    for (const c of [organiser, fac, a0, b0]) await join(c, m);
    const before = (await Moment.findById(m).lean())!;
    const heardB = recordAll(b0);
    const facHeard = record(fac, "moment:state");
    const gone = waitFor(b0, "moment:left", (x) => x.role === null, LATE);
    const demoted = waitFor(fac, "moment:left", (x) => x.role === "participant", LATE);
    // Planning (part A) stores the change, then calls afterMomentChanged with the moment as it was.
    await Moment.updateOne({ _id: before._id }, { $set: { groupIds: [s.groupA._id], facilitatorIds: [] } });
    await afterMomentChanged({ publisher: nodeA.publisher }, before);
    await Promise.all([gone, demoted]);
    const socketRooms = (node: RealtimeTestServer, c: ClientSocket) => [...node.io.of("/").sockets.get(c.id!)!.rooms];
    expect(socketRooms(nodeB, b0).filter((r) => r.startsWith("moment:"))).toEqual([]);
    // The facilitator, a leader of group A, stays in as a participant: out of the facilitators' room only.
    expect(socketRooms(nodeB, fac).filter((r) => r.startsWith("moment:"))).toEqual([rooms.moment(m)]);
    expect(socketRooms(nodeA, a0).filter((r) => r.startsWith("moment:"))).toEqual([rooms.moment(m)]);

    const started = [organiser, a0, fac].map((c) => waitFor(c, "moment:state", (x) => x.status === "live", LATE));
    await act(organiser, m, { type: "start" });
    await Promise.all(started);
    expect(facHeard.events).toHaveLength(1);
    await roundTrip(b0);
    expect(heardB.events.map(([e]) => e).filter((e) => e !== "moment:left")).toEqual([]);
    // The former facilitator's commands are a participant's now.
    expect(await ask(fac, "moment:act", { momentId: m, action: { type: "end", seen: 1 } })).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
  });
});

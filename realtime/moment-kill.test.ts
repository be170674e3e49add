// kill -9 of a node mid-moment (issue 16 item 6; decisions 069, 070): two real app nodes behind
// HAProxy, a live moment with its breakouts open and a poll running. The node that holds a
// facilitator and two participants is killed; while they are away a facilitator on the other node
// broadcasts and a participant there answers the poll. They come back through the proxy and get the
// same block, composition, timer and answers, and the change made meanwhile. Then both nodes die and
// start again: every page comes back through the proxy and the moment goes on from MongoDB.
import { afterEach, describe, expect, it, vi } from "vitest";
import { io as connectClient, type Socket } from "socket.io-client";
import type { LiveStateDTO, LiveViewDTO } from "../models/moment/live.dto";
import { createSession } from "../models/session/session.service";
import { workerMongoUri } from "../test/db";
import { startHaproxy, type Haproxy } from "../test/haproxy";
import { momentScene } from "../test/moment-scene";
import { startAppNode, type AppNode } from "../test/node-process";
import { testRedisUrl, waitFor, type ClientSocket } from "../test/socket";
import { SESSION_COOKIE } from "./io";
import { socketParser } from "./wire";

let nodes: AppNode[] = [];
let proxy: Haproxy | null = null;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await proxy?.stop();
  await Promise.all(nodes.map((n) => n.stop()));
  [nodes, proxy] = [[], null];
});

/** How long an answer may take on a loaded machine (two app nodes, HAProxy, FerretDB on 2 shared cores): a bound, never a pause. */
const LATE = { timeout: 30_000 };

/** Runs `action` and waits for `heard` with it (all at once: a wait that runs out while the action is
 *  still under way is reported, not left unhandled); resolves with the action's result. */
async function heardAfter<T>(heard: Promise<unknown>[], action: () => Promise<T>): Promise<T> {
  const [result] = await Promise.all([action(), ...heard]);
  return result;
}

type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string } };

/** A moment's page as the browser holds it: on every (re)connect it joins again and keeps the view it gets. */
class Page {
  readonly views: LiveViewDTO[] = [];
  socket!: Socket;
  constructor(
    readonly name: string,
    readonly cookie: string,
    readonly momentId: string,
  ) {}

  /** Connects to `url`; through the proxy the client reconnects by itself, as the browser's does. */
  open(url: string, reconnect: boolean) {
    const socket = connectClient(url, {
      transports: ["websocket"],
      parser: socketParser,
      extraHeaders: { cookie: `${SESSION_COOKIE}=${this.cookie}` },
      forceNew: true,
      reconnection: reconnect,
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
    });
    sockets.push(socket);
    this.socket = socket;
    socket.on("connect", () => {
      void socket
        .timeout(LATE.timeout)
        .emitWithAck("moment:join", { momentId: this.momentId })
        .then(
          (ack: Ack<LiveViewDTO>) => {
            if (ack.ok) this.views.push(ack.data);
          },
          () => undefined,
        );
    });
    return this;
  }

  /** The view of the `n`th join (1-based), once it came. */
  async joined(n: number): Promise<LiveViewDTO> {
    await vi.waitFor(() => expect(this.views.length, `${this.name} joined`).toBeGreaterThanOrEqual(n), { ...LATE, interval: 50 });
    return this.views[n - 1];
  }

  get client() {
    return this.socket as unknown as ClientSocket;
  }

  async ask<T>(event: string, payload: Record<string, unknown>): Promise<T> {
    const ack: Ack<T> = await this.socket.timeout(LATE.timeout).emitWithAck(event, { momentId: this.momentId, ...payload });
    if (!ack.ok) throw new Error(`${this.name}: ${event} refused: ${JSON.stringify(ack.error)}`);
    return ack.data;
  }

  act = (action: Record<string, unknown>) => this.ask<LiveStateDTO>("moment:act", { action });
}

/** What must come back unchanged: the block, the breakouts and their timer, the poll and its answers. */
const kept = (v: LiveViewDTO) => ({
  status: v.state.status,
  block: v.state.block,
  blockStartedAt: v.state.blockStartedAt,
  timerEndsAt: v.state.timerEndsAt,
  breakouts: v.state.breakouts,
  polls: v.state.polls,
  breakout: v.breakout,
  breakoutsSeen: v.breakouts,
  answered: v.answered,
});

describe("kill -9 of a node during a network moment", () => {
  it("the moment survives a dead node and a restart of both: same block, composition, timer and answers", {
    timeout: 150_000,
  }, async () => {
    const s = await momentScene();
    const m = s.momentId;
    const env = { mongoUri: workerMongoUri(), redisUrl: testRedisUrl() };
    nodes = await Promise.all([startAppNode(env), startAppNode(env)]);
    const [nodeA, nodeB] = nodes;
    proxy = await startHaproxy(nodes.map((n) => `127.0.0.1:${n.port}`));

    const page = async (name: string, user: { _id: unknown }) => new Page(name, await createSession(String(user._id)), m);
    // On node A, the one that dies: the facilitator (a leader of group A too) and one participant of each group.
    const onA = [await page("facilitator", s.facilitator), await page("a0", s.aPeople[0]), await page("b0", s.bPeople[0])];
    // On node B: the organiser (a facilitator as well) and the other participants.
    const onB = [
      await page("organiser", s.organiser),
      await page("a1", s.aPeople[1]),
      await page("a2", s.aPeople[2]),
      await page("b1", s.bPeople[1]),
      await page("b2", s.bPeople[2]),
    ];
    for (const p of onA) p.open(nodeA.url, false);
    for (const p of onB) p.open(nodeB.url, false);
    const everyone = [...onA, ...onB];
    await Promise.all(everyone.map((p) => p.joined(1)));
    const [fac, a0, b0] = onA;
    const [organiser, , , b1] = onB;
    const participants = everyone.filter((p) => p !== fac && p !== organiser);

    // Plenary with a poll, two answers (one from each node), then the breakouts open and get extra time.
    let v = (await fac.act({ type: "start" })).version;
    v = (
      await fac.act({ type: "poll_open", clientId: "poll-kill", kind: "single", question: "Waar staan we?", options: ["ver", "dichtbij"] })
    ).version;
    await heardAfter([waitFor(organiser.client, "moment:poll", (r) => r.count === 2, LATE)], async () => {
      await a0.ask("moment:answer", { pollId: "poll-kill", answer: 0 });
      await onB[1].ask("moment:answer", { pollId: "poll-kill", answer: 1 });
    });
    v = (await fac.act({ type: "next", seen: v })).version;
    const shown = participants.map((p) => waitFor(p.client, "moment:breakout", () => true, LATE));
    v = (await heardAfter(shown, () => fac.act({ type: "open_breakouts", seen: v }))).version;
    const opened = v;
    const extended = everyone.map((p) => waitFor(p.client, "moment:state", (x) => x.version === opened + 1, LATE));
    v = (await heardAfter(extended, () => fac.act({ type: "extend", minutes: 5 }))).version;
    // What each page holds now, read by joining once more (the view a reload would get).
    for (const p of everyone) p.socket.emit("moment:join", { momentId: m }, (ack: Ack<LiveViewDTO>) => ack.ok && p.views.push(ack.data));
    const before = new Map(await Promise.all(everyone.map(async (p) => [p, kept(await p.joined(2))] as const)));
    expect(before.get(a0)!.breakout?.members.map((x) => x.userId)).toContain(String(s.aPeople[0]._id));
    expect(before.get(fac)!.breakoutsSeen).toHaveLength(3);

    // kill -9 of node A: its three pages lose their connection.
    const lost = onA.map((p) => new Promise<void>((resolve) => p.socket.once("disconnect", () => resolve())));
    await nodeA.kill9();
    await Promise.all(lost);

    // Meanwhile on node B: a broadcast and a third answer.
    const bcast = onB.map((p) => waitFor(p.client, "moment:state", (x) => x.broadcast?.text === "Nog tien minuten", LATE));
    const during = await heardAfter(bcast, () => organiser.act({ type: "broadcast", clientId: "bc-kill-first", text: "Nog tien minuten" }));
    await b1.ask("moment:answer", { pollId: "poll-kill", answer: 1 });

    // The pages of the dead node come back through the proxy (it takes A out of rotation) and find everything.
    for (const p of onA) p.open(proxy.url, true);
    for (const p of onA) {
      const back = await p.joined(3);
      expect(kept(back)).toEqual(before.get(p));
      expect(back.state.version).toBe(during.version);
      expect(back.state.broadcast?.text).toBe("Nog tien minuten");
      expect(back.results[0]).toMatchObject({ count: 3, results: { kind: "single", counts: [1, 2] } });
    }
    expect((await a0.joined(3)).answered).toEqual(["poll-kill"]);
    // They are in the moment's rooms again, on the survivor: a broadcast from the facilitator reaches everyone.
    const heard = everyone.map((p) => waitFor(p.client, "moment:state", (x) => x.broadcast?.text === "Terug!", LATE));
    await heardAfter(heard, () => fac.act({ type: "broadcast", clientId: "bc-kill-second", text: "Terug!" }));
    // The poll still runs for them: b0's answer is counted with the three stored before.
    await expect(b0.ask("moment:answer", { pollId: "poll-kill", answer: 0 })).resolves.toMatchObject({ count: 4 });

    // Both nodes die and start again where the proxy expects them: every page comes back through it.
    const stored = kept(await fac.ask<LiveViewDTO>("moment:join", {}));
    const storedVersion = (await fac.ask<LiveViewDTO>("moment:join", {})).state.version;
    const joins = new Map(everyone.map((p) => [p, p.views.length + 1]));
    const allLost = everyone.map((p) => new Promise<void>((resolve) => p.socket.once("disconnect", () => resolve())));
    await nodeB.kill9();
    await Promise.all(allLost);
    nodes = await Promise.all([startAppNode({ ...env, port: nodeA.port }), startAppNode({ ...env, port: nodeB.port })]);
    // The proxied pages reconnect by themselves; those that were on node B directly are opened again through the proxy.
    for (const p of onB) p.open(proxy.url, true);
    const after = await Promise.all(everyone.map((p) => p.joined(joins.get(p)!)));
    for (const [i, view] of after.entries()) {
      expect(view.state.version).toBe(storedVersion);
      expect(kept(view).breakout).toEqual(before.get(everyone[i])!.breakout);
      expect(view.results[0].count).toBe(4);
    }
    expect(kept(after[0])).toEqual(stored);
    // The moment goes on: everyone is brought back to the plenary and hears it.
    const back = everyone.map((p) => waitFor(p.client, "moment:state", (x) => x.breakouts === null, LATE));
    await heardAfter(back, () => fac.act({ type: "bring_back", seen: storedVersion }));
  });
});

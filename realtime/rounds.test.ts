// Every built-in protocol driven end to end by six real socket clients in their roles: at each phase
// the server refuses what the phase's rules forbid (the inbrenger listening or turned away, typing
// in an oral phase, a turn that is not yours, a word not given), hides silent writing from everyone
// (the chair too) until the reveal, and every client gets each new state with the server's clock.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../models/session/session.service";
import type { RoundViewDTO } from "../models/intervision/round.dto";
import { builtInProtocols } from "../models/intervision/protocols/index";
import { createRound } from "../models/intervision/round.service";
import { buildGroup, ctxFor } from "../test/factories";
import {
  ask,
  closeClients,
  closeNodes,
  connectAs,
  okData,
  record,
  roundTrip,
  startRealtimeServer,
  startTwoNodes,
  waitFor,
  type ClientSocket,
  type RealtimeTestServer,
  type TestAck,
} from "../test/socket";

let node: RealtimeTestServer;
beforeAll(async () => {
  node = await startRealtimeServer();
});
afterAll(async () => {
  await closeNodes(node);
});

let seq = 0;
const newId = () => `c-${Date.now().toString(36)}-${seq++}`;

interface Client {
  name: string;
  userId: string;
  socket: ClientSocket;
  /** The newest view this client received (ack or round:state). */
  view: RoundViewDTO;
}

/** A group of six leaders and a planned round of `protocolId`: L0 brings the case, L1 chairs, L2 is the scribe where the protocol has one. */
async function sixInARound(protocolId: string, url = node.url) {
  const g = await buildGroup({ leaders: 6 });
  const groupId = String(g.group._id);
  const ids = g.leaders.map((u) => String(u._id));
  const { id: roundId } = await createRound(ctxFor(g.leaders[1]), {
    groupId,
    protocol: protocolId,
    inbrengerId: ids[0],
    caseQuestion: "Hoe krijg ik het team mee in de nieuwe rapportering?",
    whatIDid: "Ik heb het voorstel uitgesteld tot na de herfstvakantie.",
    memberIds: ids,
  });
  const clients: Client[] = [];
  for (const [i, u] of g.leaders.entries()) {
    const socket = await connectAs(url, await createSession(String(u._id)));
    const view = await okData<RoundViewDTO>(ask(socket, "round:join", { groupId, roundId }));
    const client: Client = { name: `L${i}`, userId: ids[i], socket, view };
    socket.on("round:state", (v) => {
      if (v.version >= client.view.version) client.view = v;
    });
    clients.push(client);
  }
  return { g, groupId, roundId, ids, clients };
}

type Ctx = Awaited<ReturnType<typeof sixInARound>>;

/** The ack of one action by `c`. */
const act = (r: Ctx, c: Client, action: Record<string, unknown>) =>
  ask<RoundViewDTO>(c.socket, "round:act", { groupId: r.groupId, roundId: r.roundId, action });

/** `c`'s action must succeed; resolves once every client has the resulting version. */
async function accepted(r: Ctx, c: Client, action: Record<string, unknown>) {
  const before = c.view.version;
  const waits = r.clients.filter((o) => o !== c).map((o) => waitFor(o.socket, "round:state", (v) => v.version > before));
  const ack = await act(r, c, action);
  if (!ack.ok) throw new Error(`${c.name} ${JSON.stringify(action)} refused: ${JSON.stringify(ack.error)} at ${c.view.step?.phaseId}`);
  const got = await Promise.all(waits);
  c.view = ack.data;
  for (const v of got) expect(v.version).toBe(ack.data.version);
  return ack.data;
}

/** `c`'s action must be refused for `reason` (round_<reason>), and change nothing. */
async function refused(r: Ctx, c: Client, action: Record<string, unknown>, reason: string) {
  const before = c.view.version;
  const ack: TestAck<RoundViewDTO> = await act(r, c, action);
  expect(ack.ok, `${c.name} ${JSON.stringify(action)} at ${c.view.step?.phaseId}`).toBe(false);
  if (!ack.ok)
    expect([c.view.step?.phaseId, ack.error.issues]).toEqual([c.view.step?.phaseId, [{ path: "action", code: `round_${reason}` }]]);
  const fresh = await okData<RoundViewDTO>(ask(c.socket, "round:join", { groupId: r.groupId, roundId: r.roundId }));
  expect(fresh.version).toBe(before);
}

describe.each(builtInProtocols().map((p) => [p.id]))("a %s round run by six socket clients", (protocolId) => {
  it("enforces each phase's rules on the server and walks every step to the end", { timeout: 120_000 }, async () => {
    const r = await sixInARound(protocolId);
    const [, chair, scribe, m3, m4, m5] = r.clients;
    const hasScribe = builtInProtocols()
      .find((p) => p.id === protocolId)!
      .roles.some((x) => x.role === "scribe");
    if (hasScribe) await accepted(r, chair, { type: "assign", roles: { scribe: scribe.userId } });
    await refused(r, m3, { type: "start" }, "not_chair");
    await accepted(r, chair, { type: "start" });
    let looped = false;
    for (let guard = 0; guard < 60; guard++) {
      const step = chair.view.step!;
      expect(step).not.toBeNull();
      for (const c of r.clients) expect(c.view.step?.index).toBe(step.index);
      expect(Math.abs(chair.view.serverNow - Date.now())).toBeLessThan(10_000);
      const roleOf = (c: Client) => chair.view.members.find((m) => m.userId === c.userId)!.role;
      const inb = r.clients.find((c) => roleOf(c) === "inbrenger")!;
      const plain = r.clients.filter((c) => roleOf(c) === "member");

      // the inbrenger: refused when listening or turned away (and everyone sees the mode)
      for (const c of r.clients) expect(c.view.step?.inbrenger).toBe(step.inbrenger);
      if (step.inbrenger !== "speaking")
        await refused(r, inb, { type: "contribute", id: newId(), text: "Mag ik even…" }, "inbrenger_muted");

      // oral: people talk; a member's typing is refused, the chair's (or scribe's) notes are kept
      if (step.input === "oral") {
        await refused(r, plain[0], { type: "contribute", id: newId(), text: "Ik typ mee" }, "no_right");
        if (step.writers.includes("chair") && roleOf(chair) === "chair")
          await accepted(r, chair, {
            type: "contribute",
            id: newId(),
            kind: step.kinds.includes("notes") ? "notes" : step.kinds[0],
            text: `notitie ${step.phaseId}`,
          });
        if (hasScribe && step.writers.includes("scribe") && roleOf(scribe) === "scribe")
          await accepted(r, scribe, { type: "contribute", id: newId(), kind: "notes", text: `verslag ${step.phaseId}` });
      }

      // silent writing: nobody (the chair included) sees another's text before the reveal
      if (step.visibility === "hidden_until_reveal") {
        const [a, b, watcher] = plain;
        const texts = [`${step.phaseId} van ${a.name}`, `${step.phaseId} van ${b.name}`];
        await accepted(r, a, { type: "contribute", id: newId(), text: texts[0] });
        await accepted(r, b, { type: "contribute", id: newId(), text: texts[1] });
        await accepted(r, a, { type: "done" });
        for (const c of r.clients) {
          const seen = c.view.contributions.filter((x) => x.step === step.index).map((x) => x.text);
          expect([c.name, seen]).toEqual([c.name, c === a ? [texts[0]] : c === b ? [texts[1]] : []]);
          expect(c.view.hiddenCount).toBe(2);
        }
        expect(chair.view.stillWriting).not.toContain(a.userId);
        expect(chair.view.stillWriting).toContain(watcher.userId);
        await accepted(r, chair, { type: "reveal" });
        for (const c of r.clients)
          expect(
            c.view.contributions
              .filter((x) => x.step === step.index)
              .map((x) => x.text)
              .sort(),
          ).toEqual(texts.sort());
        await refused(r, watcher, { type: "contribute", id: newId(), text: "te laat" }, "revealed");
      } else if (step.input !== "oral" && step.writers.includes("member") && step.turns === "free") {
        await accepted(r, plain[0], { type: "contribute", id: newId(), text: `live ${step.phaseId}` });
        for (const c of r.clients) expect(c.view.contributions.some((x) => x.text === `live ${step.phaseId}`)).toBe(true);
      }

      // round robin: whose turn it is moves on; another's pass is refused
      if (step.turns === "round_robin" && chair.view.turn) {
        const order = chair.view.turn.order;
        const current = r.clients.find((c) => c.userId === order[0])!;
        const notYet = r.clients.find((c) => order.indexOf(c.userId) > 0 && roleOf(c) !== "chair");
        if (notYet) await refused(r, notYet, { type: "end_turn" }, "not_your_turn");
        await accepted(r, current, { type: "end_turn" });
        for (const c of r.clients) expect(c.view.turn?.current).toBe(order[1] ?? null);
      }

      // queue: a speaker raises a hand, the chair gives the word; a muted inbrenger cannot
      if (step.turns === "queue") {
        const speaker = plain.find(() => step.speakers.includes("member"));
        if (speaker) {
          await accepted(r, speaker, { type: "raise_hand" });
          await refused(r, m5 === speaker ? m4 : m5, { type: "give_word", to: speaker.userId }, "not_chair");
          await accepted(r, chair, { type: "give_word", to: speaker.userId });
          for (const c of r.clients) expect(c.view.queue?.floor).toBe(speaker.userId);
        }
        if (step.inbrenger !== "speaking") await refused(r, inb, { type: "raise_hand" }, "inbrenger_muted");
      }

      // the inbrenger's action points, with a date
      if (step.artefacts.includes("action_points") && step.inbrenger === "speaking")
        await accepted(r, inb, {
          type: "contribute",
          id: newId(),
          kind: "action_points",
          text: `actie ${step.phaseId}`,
          due: "2027-03-01",
        });

      // the group's choice of method, then the loop back once
      if (step.choice) {
        await refused(r, chair, { type: "next", seen: chair.view.version }, "choice_needed");
        await accepted(r, chair, { type: "choose", module: step.choice.modules[1].id });
      }
      if (step.loop && !looped) {
        looped = true;
        await accepted(r, chair, { type: "loop", seen: chair.view.version });
        expect(chair.view.step!.index).toBeLessThanOrEqual(step.index);
        continue;
      }
      if (step.index === step.count - 1) break;
      const seen = chair.view.version;
      await accepted(r, chair, { type: "next", seen });
      await refused(r, chair, { type: "next", seen }, "stale"); // a double press advances once
    }
    expect(chair.view.step!.index).toBe(chair.view.step!.count - 1);
    await accepted(r, chair, { type: "finish" });
    for (const c of r.clients) expect(c.view.status).toBe("finished");
    const kb = chair.view.outline.length;
    expect(kb).toBeGreaterThan(0);
    if (protocolId === "troika") expect(chair.view.outline.length).toBe(12);
  });
});

describe("rounds over sockets", () => {
  it("two chairs' screens on two nodes press next at once: one step", { timeout: 60_000 }, async () => {
    const [a, b] = await startTwoNodes();
    try {
      const g = await buildGroup({ leaders: 3 });
      const groupId = String(g.group._id);
      const ids = g.leaders.map((u) => String(u._id));
      const { id: roundId } = await createRound(ctxFor(g.leaders[1]), {
        groupId,
        protocol: "balint",
        inbrengerId: ids[0],
        caseQuestion: "Een casus",
        memberIds: ids,
      });
      const cookie = await createSession(ids[1]);
      const [sa, sb] = await Promise.all([connectAs(a.url, cookie), connectAs(b.url, cookie)]);
      await okData(ask(sa, "round:join", { groupId, roundId }));
      await okData(ask(sb, "round:join", { groupId, roundId }));
      const started = await okData<RoundViewDTO>(ask(sa, "round:act", { groupId, roundId, action: { type: "start" } }));
      const press = (s: ClientSocket) =>
        ask<RoundViewDTO>(s, "round:act", { groupId, roundId, action: { type: "next", seen: started.version } });
      const acks = await Promise.all([press(sa), press(sb), press(sa), press(sb)]);
      expect(acks.filter((x) => x.ok)).toHaveLength(1);
      for (const x of acks.filter((y) => !y.ok))
        expect(x).toMatchObject({ ok: false, error: { code: "conflict", issues: [{ code: "round_stale" }] } });
      const view = await okData<RoundViewDTO>(ask(sb, "round:join", { groupId, roundId }));
      expect(view).toMatchObject({ version: started.version + 1, step: { index: 1 } });
    } finally {
      closeClients();
      await closeNodes(a, b);
    }
  });

  it("a member removed mid-round is out at once: no more states, every action not_found", async () => {
    const r = await sixInARound("incident");
    const [, chair, , gone, stays] = r.clients;
    await accepted(r, chair, { type: "start" });
    const heard = record(gone.socket, "round:state");
    // through this node's services, so its publisher takes the member's sockets out, as in production
    await node.services.group.removeMember(node.services.as({ id: String(r.g.organiser._id), isOrganiser: true }), {
      groupId: r.groupId,
      userId: gone.userId,
    });
    const seen = chair.view.version;
    const next = waitFor(stays.socket, "round:state", (v) => v.version > seen);
    await okData(act(r, chair, { type: "next", seen }));
    await next;
    await roundTrip(gone.socket);
    expect(heard.events).toEqual([]);
    expect(await act(r, gone, { type: "raise_hand" })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await ask(gone.socket, "round:join", { groupId: r.groupId, roundId: r.roundId })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
  });

  it("an outsider: not_found on join and act, the same as for a round that does not exist", async () => {
    const r = await sixInARound("gossip");
    const other = await buildGroup({ leaders: 1 });
    const socket = await connectAs(node.url, await createSession(String(other.leaders[0]._id)));
    const a = await ask(socket, "round:join", { groupId: r.groupId, roundId: r.roundId });
    const b = await ask(socket, "round:join", { groupId: r.groupId, roundId: "0123456789abcdef01234567" });
    const c = await ask(socket, "round:act", { groupId: r.groupId, roundId: r.roundId, action: { type: "start" } });
    expect(a).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    // and a member asking for a round of another group with their own group's id
    const mine = await ask(r.clients[0].socket, "round:join", { groupId: String(other.group._id), roundId: r.roundId });
    expect(mine).toEqual(a);
  });
});

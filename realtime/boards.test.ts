// Moment-scoped documents over real Socket.IO clients on two nodes (decision 072): who may open and
// write a breakout's board and the facilitator's notes, and a participant moved to another
// breakout losing the board on every node at once.
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { rooms } from "./events";
import { momentDocsScene, seat } from "../test/moment-docs-scene";
import { record, roundTrip } from "../test/socket";
import { clientFor, converged, joined, setupTwoNodes, socketFor, text, typeAt } from "../test/collab";
import { nodeCtx } from "../test/factories";
import { addCard, deleteCard, listCards, updateCard } from "../app/utils/board-cards";

const nodes = setupTwoNodes();

const joinAck = (s: Awaited<ReturnType<typeof socketFor>>, scope: string) =>
  s.timeout(5000).emitWithAck("doc:join", { groupId: scope, docId: scope, stateVector: new Uint8Array() });

describe("moment documents through two nodes", () => {
  it("a board: the seated participant and the facilitator co-edit; another breakout's participant, an unseated one and an outsider are refused as if it did not exist", async () => {
    const s = await momentDocsScene();
    const [sf, ss] = await Promise.all([socketFor(nodes.a, s.facilitator), socketFor(nodes.b, s.seated)]);
    const [cf, cs] = [clientFor(sf, s.one, s.one), clientFor(ss, s.one, s.one)];
    await Promise.all([joined(cf), joined(cs)]);
    expect([cf.status, cs.status]).toEqual(["saved", "saved"]);
    typeAt(cf, "Vraag: ");
    typeAt(cs, "wat werkt?");
    await converged([cf, cs], s.one);

    for (const stranger of [s.bea, s.unseated, s.outsider]) {
      const sock = await socketFor(nodes.b, stranger);
      const sees = record(sock, "doc:updated");
      expect(await joinAck(sock, s.one)).toMatchObject({ ok: false, error: { code: "not_found" } });
      const res = await sock
        .timeout(5000)
        .emitWithAck("doc:update", { groupId: s.one, docId: s.one, clientId: "c-stranger-01", update: Y.encodeStateAsUpdate(cf.ydoc) });
      expect(res).toMatchObject({ ok: false, error: { code: "not_found" } });
      typeAt(cf, ".");
      await converged([cf, cs], s.one);
      await roundTrip(sock);
      expect(sees.events).toEqual([]);
    }
  });

  it("the facilitator's notes: participants of every invited group read along, only facilitators write", async () => {
    const s = await momentDocsScene();
    const [sf, sp, sb] = await Promise.all([socketFor(nodes.a, s.facilitator), socketFor(nodes.b, s.seated), socketFor(nodes.a, s.bea)]);
    const [cf, cp, cb] = [clientFor(sf, s.moment, s.moment), clientFor(sp, s.moment, s.moment), clientFor(sb, s.moment, s.moment)];
    await Promise.all([cf, cp, cb].map(joined));
    expect([cf.status, cp.status, cb.status]).toEqual(["saved", "read-only", "read-only"]);
    typeAt(cf, "Welkom allemaal");
    await converged([cf, cp, cb], s.moment);
    expect(text(cb)).toBe("Welkom allemaal");
    const res = await sp.timeout(5000).emitWithAck("doc:update", {
      groupId: s.moment,
      docId: s.moment,
      clientId: "c-participant1",
      update: Y.encodeStateAsUpdate(cf.ydoc),
    });
    expect(res).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const outsider = await socketFor(nodes.b, s.outsider);
    expect(await joinAck(outsider, s.moment)).toMatchObject({ ok: false, error: { code: "not_found" } });
  });

  it("a participant moved to another breakout leaves the old board on every node at once: their next batch is refused", async () => {
    const s = await momentDocsScene();
    const [sf, ss] = await Promise.all([socketFor(nodes.a, s.facilitator), socketFor(nodes.b, s.seated)]);
    const [cf, cs] = [clientFor(sf, s.one, s.one), clientFor(ss, s.one, s.one)];
    await Promise.all([joined(cf), joined(cs)]);
    typeAt(cs, "eerst "); // the seated participant's socket now holds a write decision (and node B's cache their access)
    await converged([cf, cs], s.one);

    // The move is decided on node A (part C's seat move); the participant's socket is on node B.
    await seat(s.moment, s.seated, s.two);
    nodes.a.publisher.leaveBoard(String(s.seated._id), s.one);
    await expect.poll(async () => (await nodes.b.io.local.in(rooms.doc(s.one, s.one)).fetchSockets()).length).toBe(0);
    const sees = record(ss, "doc:updated");
    typeAt(cf, "daarna ");
    await converged([cf], s.one);
    await roundTrip(ss);
    expect(sees.events).toEqual([]);
    const res = await ss
      .timeout(5000)
      .emitWithAck("doc:update", { groupId: s.one, docId: s.one, clientId: "c-moved-00001", update: Y.encodeStateAsUpdate(cs.ydoc) });
    expect(res).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await joinAck(ss, s.one)).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await joinAck(ss, s.two)).toMatchObject({ ok: true, data: { canWrite: true } });
  });

  it("cards: two editors on two nodes add, edit, move and delete cards at once and converge with each other and MongoDB", async () => {
    const s = await momentDocsScene();
    const [sf, ss] = await Promise.all([socketFor(nodes.a, s.facilitator), socketFor(nodes.b, s.seated)]);
    const [cf, cs] = [clientFor(sf, s.one, s.one), clientFor(ss, s.one, s.one)];
    await Promise.all([joined(cf), joined(cs)]);
    const author = (u: { _id: unknown }) => String(u._id);
    const mine = addCard(cf.ydoc, { text: "Vertrouwen", column: "ideas", colour: "yellow", author: author(s.facilitator) })!;
    const theirs = addCard(cs.ydoc, { text: "Wat nu?", column: "questions", colour: "blue", author: author(s.seated) })!;
    typeAt(cs, "Samenvatting");
    await converged([cf, cs], s.one);
    // At once: both edit the same card, one moves it, the other adds and deletes.
    updateCard(cf.ydoc, theirs, { column: "actions" });
    updateCard(cs.ydoc, theirs, { text: "Wat doen we morgen?" });
    updateCard(cs.ydoc, mine, { colour: "green" });
    const gone = addCard(cf.ydoc, { text: "weg", column: "ideas", colour: "pink", author: author(s.facilitator) })!;
    deleteCard(cf.ydoc, gone);
    for (let i = 0; i < 5; i++) addCard(i % 2 ? cf.ydoc : cs.ydoc, { text: `kaart ${i}`, column: "ideas", colour: "yellow", author: "x" });
    await converged([cf, cs], s.one);
    await expect.poll(() => JSON.stringify(listCards(cf.ydoc)) === JSON.stringify(listCards(cs.ydoc))).toBe(true);
    const cards = listCards(cf.ydoc);
    expect(cards).toHaveLength(7);
    expect(cards.find((c) => c.id === theirs)).toMatchObject({ text: "Wat doen we morgen?", column: "actions", colour: "blue" });
    expect(cards.find((c) => c.id === mine)).toMatchObject({ text: "Vertrouwen", colour: "green" });
    expect(cards.some((c) => c.id === gone)).toBe(false);
    const { ydoc } = await nodeCtx().node.collab.store.loadYDoc(s.one);
    expect(listCards(ydoc)).toEqual(cards);
    ydoc.destroy();
  });
});

// Co-editing through two app nodes on one Redis, with headless Yjs clients (the same DocSync the
// browser editor uses) over real socket.io-client connections. MongoDB is the judge: what every
// client converges to must equal the document rebuilt from the stored snapshot and log.
import { randomBytes } from "node:crypto";
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { removeMember } from "../models/group/group.service";
import { createDocument } from "../models/document/document.service";
import { compactDocument, documentText } from "../models/document/collab.service";
import { DocUpdate } from "../models/document/document.model";
import { addMembership, buildGroup, buildUser, ctxFor, nodeCtx, testNode } from "../test/factories";
import { record, roundTrip, waitFor } from "../test/socket";
import { clientFor, converged, delay, joined, socketFor, text, threeEditors, typeAt, setupTwoNodes } from "../test/collab";

const nodes = setupTwoNodes();

const id = (d: { _id: unknown }) => String(d._id);

describe("co-editing a document through two nodes", () => {
  it("5 editors typing concurrently converge to the identical document, equal to what MongoDB holds", async () => {
    const { group, leaders, coaches } = await buildGroup({ leaders: 4, coaches: 1 });
    const g = id(group);
    const doc = await createDocument(ctxFor(leaders[0]), { groupId: g, title: "Case notes" });
    const users = [...leaders, ...coaches];
    const sockets = await Promise.all(users.map((u, i) => socketFor(i % 2 === 0 ? nodes.a : nodes.b, u)));
    const clients = sockets.map((s) => clientFor(s, g, doc.id));
    // Not loaded until the server's state arrives: the editor takes no input before that.
    expect(clients.map((c) => c.loaded)).toEqual(clients.map(() => false));
    await Promise.all(clients.map(joined));
    expect(clients.every((c) => c.loaded)).toBe(true);
    typeAt(clients[0], "");
    await converged(clients, doc.id);

    const words = ["alpha ", "beta ", "gamma ", "delta ", "eps "];
    await Promise.all(
      clients.map(async (c, i) => {
        for (let k = 0; k < 8; k++) {
          typeAt(c, `${words[i]}${k} `);
          await delay(5 + Math.random() * 30);
        }
      }),
    );
    const final = await converged(clients, doc.id);
    // Everyone's every keystroke is there, once (runs typed at random places interleave).
    const typed = words.flatMap((w) => Array.from({ length: 8 }, (_, k) => `${w}${k} `)).join("");
    expect([...final].sort().join("")).toBe([...typed].sort().join(""));
    // Same state, not only the same text.
    const vectors = clients.map((c) => Buffer.from(Y.encodeStateVector(c.ydoc)).toString("hex"));
    expect(new Set(vectors).size).toBe(1);
    // Batched: far fewer stored batches than keystrokes, and each stored once.
    const stored = await DocUpdate.countDocuments({ docId: doc.id });
    expect(stored).toBeLessThan(final.length);
    // A compaction after the fact changes nothing anyone sees.
    await compactDocument(nodeCtx(), doc.id);
    testNode().collab.clear();
    expect(await documentText(nodeCtx(), doc.id)).toBe(final);
  });

  it("batches by load: a keystroke in a quiet document goes at once, what is typed during a write goes as one batch", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const g = id(group);
    const doc = await createDocument(ctxFor(leaders[0]), { groupId: g, title: "Quiet" });
    const [sa, sb] = await Promise.all([socketFor(nodes.a, leaders[0]), socketFor(nodes.b, leaders[1])]);
    const [a, b] = [clientFor(sa, g, doc.id), clientFor(sb, g, doc.id)];
    await Promise.all([joined(a), joined(b)]);
    const sent: string[] = [];
    sa.onAnyOutgoing((event: string) => void (event === "doc:update" && sent.push(event)));
    typeAt(a, "x", "end");
    await Promise.resolve(); // the transaction's microtask: no window to wait for
    expect(sent).toHaveLength(1);
    // While that batch is in flight, three keystrokes: nothing more is sent until its ack.
    typeAt(a, "y", "end");
    typeAt(a, "z", "end");
    typeAt(a, "!", "end");
    await Promise.resolve();
    expect(sent).toHaveLength(1);
    await converged([a, b], doc.id);
    expect(sent).toHaveLength(2); // the three went as one batch after the ack
    expect(text(b)).toBe("xyz!");
  });

  it("an editor offline while others (and it) edit merges cleanly on reconnect", async () => {
    const {
      doc,
      sockets: [, , s3],
      clients: [c1, c2, c3],
    } = await threeEditors(nodes, "shared start. ");

    s3.disconnect();
    expect(c3.status).toBe("offline");
    expect(c3.loaded).toBe(true); // loaded once: the editor keeps working offline
    typeAt(c3, "written offline. ", "end");
    typeAt(c1, "online one. ", "end");
    typeAt(c2, "online two. ", "end");
    await converged([c1, c2], doc.id);
    expect(text(c3)).not.toContain("online");

    s3.connect(); // the same client comes back (on node B again), with its unsent edits
    const final = await converged([c1, c2, c3], doc.id);
    for (const part of ["shared start. ", "written offline. ", "online one. ", "online two. "]) expect(final).toContain(part);
  });

  it("a malformed or foreign update over the socket is refused to its sender, never stored nor broadcast", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const g = id(group);
    const doc = await createDocument(ctxFor(leaders[0]), { groupId: g, title: "Notes" });
    const [sa, sb] = await Promise.all([socketFor(nodes.a, leaders[0]), socketFor(nodes.b, leaders[1])]);
    const cb = clientFor(sb, g, doc.id);
    await joined(cb);
    const seen = record(sb, "doc:updated");
    const foreign = new Y.Doc();
    foreign.getMap("other").set("x", 1);
    for (const update of [randomBytes(64), Y.encodeStateAsUpdate(foreign), Buffer.alloc(300 * 1024, 1)]) {
      const res = await sa
        .timeout(5000)
        .emitWithAck("doc:update", { groupId: g, docId: doc.id, clientId: `c-${randomBytes(6).toString("hex")}`, update });
      expect(res).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    }
    // A valid one after them arrives: anything broadcast before it would have arrived first.
    const ca = clientFor(sa, g, doc.id);
    await joined(ca);
    typeAt(ca, "fine");
    await converged([ca, cb], doc.id);
    expect(seen.events).toHaveLength(1);
    expect(await DocUpdate.countDocuments({ docId: doc.id })).toBe(1);
  });

  it("guests are read-only; a removed member leaves the document's room on every node and can no longer write", async () => {
    const { group, leaders, organiser } = await buildGroup({ leaders: 2 });
    const g = id(group);
    const guest = await buildUser();
    await addMembership(group, guest, { role: "guest", status: "active" });
    const doc = await createDocument(ctxFor(leaders[0]), { groupId: g, title: "Notes" });
    const [sa, sb, sg] = await Promise.all([socketFor(nodes.a, leaders[0]), socketFor(nodes.b, leaders[1]), socketFor(nodes.a, guest)]);
    const [ca, cb, cg] = [clientFor(sa, g, doc.id), clientFor(sb, g, doc.id), clientFor(sg, g, doc.id)];
    await Promise.all([ca, cb, cg].map(joined));
    expect(cg.status).toBe("read-only");
    const refused = await sg
      .timeout(5000)
      .emitWithAck("doc:update", { groupId: g, docId: doc.id, clientId: "c-guest-0001", update: Y.encodeStateAsUpdate(ca.ydoc) });
    expect(refused).toMatchObject({ ok: false, error: { code: "forbidden" } });

    typeAt(ca, "before removal. ");
    typeAt(cb, "Bob too. "); // Bob's socket now holds a write decision it may reuse for a second (decision 014)
    await converged([ca, cb, cg], doc.id);

    // The organiser's request lands on node A; Bob's socket is on node B.
    const removed = waitFor(sb, "group:removed");
    await removeMember({ ...ctxFor(organiser), publisher: nodes.a.publisher }, { groupId: g, userId: id(leaders[1]) });
    await removed;
    const bobSees = record(sb, "doc:updated");
    typeAt(ca, "after removal. ");
    await converged([ca, cg], doc.id);
    await roundTrip(sb);
    expect(bobSees.events).toEqual([]);
    // Refused at once, however recent Bob's last accepted batch: the removal took his socket out
    // of the document's room, and a reused decision needs the socket in it.
    const res = await sb
      .timeout(5000)
      .emitWithAck("doc:update", { groupId: g, docId: doc.id, clientId: "c-removed-001", update: Y.encodeStateAsUpdate(cb.ydoc) });
    expect(res).toMatchObject({ ok: false, error: { code: "not_found" } });
    const rejoin = await sb.timeout(5000).emitWithAck("doc:join", { groupId: g, docId: doc.id, stateVector: new Uint8Array() });
    expect(rejoin).toMatchObject({ ok: false, error: { code: "not_found" } });
  });
});

// kill -9 of an app node while members type into a document through it: no acknowledged batch is
// lost (MongoDB holds every one), and the killed node's editors, reconnecting to the survivor
// with what they typed meanwhile, converge with everyone on what MongoDB holds.
import type { ChildProcess } from "node:child_process";
import * as Y from "yjs";
import { afterEach, describe, expect, it } from "vitest";
import { createSession } from "../models/session/session.service";
import { createDocument } from "../models/document/document.service";
import { CONTENT_FIELD, plainText } from "../models/collab/doc-store";
import { buildGroup, ctxFor, testNode } from "../test/factories";
import { closeClients, connectAs, startRealtimeServer, testRedisUrl, type RealtimeTestServer } from "../test/socket";
import { startRealtimeNodeProcess } from "../test/node-process";
import { workerMongoUri } from "../test/db";
import { DocSync } from "../app/utils/doc-sync";

let child: ChildProcess | null = null;
let survivor: RealtimeTestServer | null = null;
const syncs: DocSync[] = [];

afterEach(async () => {
  for (const s of syncs.splice(0)) s.destroy();
  closeClients();
  child?.kill("SIGKILL");
  child = null;
  await survivor?.close();
  survivor = null;
});

const startChildNode = () =>
  startRealtimeNodeProcess({ mongoUri: workerMongoUri(), redisUrl: testRedisUrl() }, (proc) => {
    child = proc;
  });

function typeEnd(ydoc: Y.Doc, text: string) {
  const frag = ydoc.getXmlFragment(CONTENT_FIELD);
  if (frag.length === 0) {
    const p = new Y.XmlElement("paragraph");
    p.insert(0, [new Y.XmlText()]);
    frag.insert(0, [p]);
  }
  const t = (frag.get(0) as Y.XmlElement).get(0) as Y.XmlText;
  for (const ch of text) t.insert(t.length, ch);
}

/** Does `big` contain everything `small` contains (per Yjs client, the clock is at least as far)? */
function covers(big: Uint8Array, small: Uint8Array) {
  const b = Y.decodeStateVector(big);
  for (const [client, clock] of Y.decodeStateVector(small)) if ((b.get(client) ?? 0) < clock) return false;
  return true;
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("kill -9 of a node during co-editing", () => {
  it("loses no acknowledged batch; the killed node's editors reconnect elsewhere and everyone converges", { timeout: 90_000 }, async () => {
    const [childUrl, node] = await Promise.all([startChildNode(), startRealtimeServer({ redis: true })]);
    survivor = node;
    const { group, leaders } = await buildGroup({ leaders: 3 });
    const g = String(group._id);
    const doc = await createDocument(ctxFor(leaders[0]), { groupId: g, title: "Under load" });
    const cookies = await Promise.all(leaders.map((u) => createSession(String(u._id))));
    const urls = [childUrl, childUrl, survivor.url];
    const acked = leaders.map(() => new Y.Doc()); // per editor: what the server acknowledged
    const ackCount = leaders.map(() => 0);
    const sockets = await Promise.all(cookies.map((c, i) => connectAs(urls[i], c)));
    const clients = sockets.map((socket, i) => {
      const s = new DocSync({
        socket,
        groupId: g,
        docId: doc.id,
        onStored: (u) => {
          Y.applyUpdate(acked[i], u);
          ackCount[i]++;
        },
      });
      syncs.push(s);
      return s;
    });
    await Promise.all(clients.map((c) => c.whenSaved()));

    const typed: string[] = [];
    let ackedBeforeKill = 0;
    let killed = false;
    // Type until the child node has acknowledged several batches, kill it mid-typing, type on.
    await Promise.all(
      clients.map(async (c, i) => {
        for (let k = 0, after = 0; after < 15 && k < 2000; k++) {
          const token = `[${i}.${k}]`;
          typed.push(token);
          typeEnd(c.ydoc, token);
          if (!killed && ackCount[0] + ackCount[1] >= 5) {
            ackedBeforeKill = ackCount[0] + ackCount[1];
            killed = true;
            child!.kill("SIGKILL");
          }
          if (killed) after++;
          await delay(10);
        }
      }),
    );
    expect(ackedBeforeKill, "batches the killed node acknowledged").toBeGreaterThanOrEqual(5);

    // Every batch acknowledged before (or after) the kill is in MongoDB, read by the survivor: a
    // position the killed node was handed and never wrote is a hole the reader fills once it stayed
    // open (decision 061), so the read is repeated until then (bounded by the test's timeout).
    for (;;) {
      const stored = await survivor!.node.collab.store.loadYDoc(doc.id);
      const missing = [...acked.entries()].filter(([, a]) => !covers(Y.encodeStateVector(stored.ydoc), Y.encodeStateVector(a)));
      stored.ydoc.destroy();
      if (missing.length === 0) break;
      await delay(100);
    }

    // The killed node's editors reconnect to the survivor with the same document (and what was
    // typed while they were cut off), as the browser's socket does.
    for (const i of [0, 1]) {
      syncs[i].destroy();
      const socket = await connectAs(survivor.url, cookies[i]);
      const s = new DocSync({ socket, groupId: g, docId: doc.id, ydoc: clients[i].ydoc });
      syncs.push(s);
      clients[i] = s;
    }
    await Promise.all(clients.map((c) => c.whenSaved()));
    const deadline = Date.now() + 15_000;
    let final = "";
    for (;;) {
      const fresh = await testNode().collab.store.loadYDoc(doc.id);
      final = plainText(fresh.ydoc);
      fresh.ydoc.destroy();
      if (clients.every((c) => plainText(c.ydoc) === final)) break;
      if (Date.now() > deadline) throw new Error(`no convergence: ${final} vs ${clients.map((c) => plainText(c.ydoc)).join(" | ")}`);
      await delay(50);
    }
    for (const token of typed) expect(final).toContain(token);
  });
});

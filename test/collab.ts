// Headless co-editing clients for the multi-node tests: the same DocSync the browser editor uses,
// over real socket.io-client connections. MongoDB is the judge of convergence.
import * as Y from "yjs";
import { afterEach, beforeEach } from "vitest";
import { createSession } from "../models/session/session.service";
import { createDocument } from "../models/document/document.service";
import { documentText } from "../models/document/collab.service";
import { CONTENT_FIELD, plainText } from "../models/collab/doc-store";
import type { UserDoc } from "../models/user/user.model";
import { DocSync } from "../app/utils/doc-sync";
import { buildGroup, ctxFor, nodeCtx } from "./factories";
import { closeNodes, connectAs, startTwoNodes, type ClientSocket, type RealtimeTestServer } from "./socket";

const syncs: DocSync[] = [];

/** Destroys every DocSync clientFor made (afterEach). */
export const destroyClients = () => {
  for (const s of syncs.splice(0)) s.destroy();
};

export async function socketFor(node: RealtimeTestServer, user: UserDoc) {
  return connectAs(node.url, await createSession(String(user._id)));
}

/** Registers the hooks of a two-node test file: two app nodes on one Redis started before each test;
 *  after it every DocSync clientFor made, every client socket and both nodes (with their state)
 *  are closed. Read the nodes as `nodes.a` / `nodes.b` inside a test. */
export function setupTwoNodes() {
  const nodes = {} as { a: RealtimeTestServer; b: RealtimeTestServer };
  beforeEach(async () => {
    [nodes.a, nodes.b] = await startTwoNodes();
  });
  afterEach(async () => {
    destroyClients();
    await closeNodes(nodes.a, nodes.b);
  });
  return nodes;
}

export function clientFor(socket: ClientSocket, groupId: string, docId: string) {
  const sync = new DocSync({ socket, groupId, docId });
  syncs.push(sync);
  return sync;
}

/** Resolves once the client joined (saved or read-only); polls its status, bounded by the test's timeout. */
export const joined = (s: DocSync) =>
  new Promise<void>((resolve) => {
    const check = () => (s.status === "saved" || s.status === "read-only" ? resolve() : setTimeout(check, 10));
    check();
  });

/** Types `text` at a random place of the first paragraph (or its end), one character per transaction. */
export function typeAt(sync: DocSync, text: string, where: "random" | "end" = "random") {
  const frag = sync.ydoc.getXmlFragment(CONTENT_FIELD);
  if (frag.length === 0) {
    const p = new Y.XmlElement("paragraph");
    p.insert(0, [new Y.XmlText()]);
    frag.insert(0, [p]);
  }
  const t = (frag.get(0) as Y.XmlElement).get(0) as Y.XmlText;
  let at = where === "end" ? t.length : Math.floor(Math.random() * (t.length + 1));
  for (const ch of text) t.insert(at++, ch);
}

export const text = (s: DocSync) => plainText(s.ydoc);
export const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits (bounded) until every client holds the same state as MongoDB; returns that text. */
export async function converged(clients: DocSync[], docId: string, timeout = 15_000) {
  await Promise.all(clients.map((c) => c.whenSaved()));
  const deadline = Date.now() + timeout;
  for (;;) {
    const stored = await documentText(nodeCtx(), docId);
    const texts = clients.map(text);
    if (texts.every((t) => t === stored)) return stored;
    if (Date.now() > deadline)
      throw new Error(
        `no convergence: db=${JSON.stringify(stored).slice(0, 500)} clients=${JSON.stringify(texts.map((t) => t.slice(0, 200)))}`,
      );
    await delay(50);
  }
}

/** Three leaders of a new group on one new document "Notes": the first on node a, the other two on
 *  node b. Once all three joined, the first types `start` at the end and all converge on it. */
export async function threeEditors(nodes: { a: RealtimeTestServer; b: RealtimeTestServer }, start: string) {
  const { group, leaders } = await buildGroup({ leaders: 3 });
  const g = String(group._id);
  const doc = await createDocument(ctxFor(leaders[0]), { groupId: g, title: "Notes" });
  const sockets = await Promise.all([socketFor(nodes.a, leaders[0]), socketFor(nodes.b, leaders[1]), socketFor(nodes.b, leaders[2])]);
  const clients = sockets.map((s) => clientFor(s, g, doc.id));
  await Promise.all(clients.map(joined));
  typeAt(clients[0], start, "end");
  await converged(clients, doc.id);
  return { g, doc, sockets, clients };
}

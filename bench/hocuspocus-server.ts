// The collab bench's anchor: one Hocuspocus node (@hocuspocus/server 4.x, the Tiptap team's
// server) with its Redis extension (nodes on the same Redis share documents) and its Database
// extension persisting each document's whole Yjs state to the same MongoDB as the app (collection
// `hocuspocus_documents`), on Hocuspocus's default debounce (2 s, at most 10 s). A connection is
// authenticated once, with the app's session (a token = the lk_session cookie value).
// Env: PORT, REDIS_URL, MONGODB_URI, HOCUSPOCUS_PREFIX; HOCUSPOCUS_STORE_EACH=1: the "stored"
// variant, which also inserts every incoming Yjs update into MongoDB (one raw insertOne into
// `hocuspocus_updates`) before Hocuspocus applies and broadcasts it: Hocuspocus held to the
// issue's contract (stored before acknowledged), without the app's batching, policy or log.
import { Server } from "@hocuspocus/server";
import * as decoding from "lib0/decoding";
import { Redis } from "@hocuspocus/extension-redis";
import { Database } from "@hocuspocus/extension-database";
import mongoose from "mongoose";
import { connectMongo } from "../server/db";
import { getSessionUser } from "../models/session/session.service";
import { bytes } from "../models/collab/doc-store";

const redis = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
await connectMongo(process.env.MONGODB_URI!, () => undefined);
const docs = mongoose.connection.collection<{ _id: string; state: unknown }>("hocuspocus_documents");
const updates = process.env.HOCUSPOCUS_STORE_EACH === "1" ? mongoose.connection.collection("hocuspocus_updates") : null;
/** Hocuspocus's message types: Sync 0, and in a sync message the Yjs update is sub-type 2. */
const SYNC = 0;
const SYNC_UPDATE = 2;

const server = new Server({
  port: Number(process.env.PORT),
  address: "127.0.0.1",
  quiet: true,
  stopOnSignals: true,
  async onAuthenticate({ token }) {
    const user = await getSessionUser(token);
    if (!user) throw new Error("not authenticated");
    return { userId: String(user._id) };
  },
  // Awaited before the message is applied (and so before it is broadcast or acknowledged).
  async beforeHandleMessage({ documentName, update }) {
    if (!updates) return;
    const d = decoding.createDecoder(update);
    decoding.readVarString(d);
    if (decoding.readVarUint(d) !== SYNC || decoding.readVarUint(d) !== SYNC_UPDATE) return;
    await updates.insertOne({ doc: documentName, update: Buffer.from(decoding.readVarUint8Array(d)) });
  },
  extensions: [
    new Redis({ host: redis.hostname, port: Number(redis.port || 6379), prefix: process.env.HOCUSPOCUS_PREFIX ?? "hocuspocus-bench" }),
    new Database({
      fetch: async ({ documentName }) => {
        const d = await docs.findOne({ _id: documentName });
        return d ? bytes(d.state) : null;
      },
      store: async ({ documentName, state }) => {
        await docs.updateOne({ _id: documentName }, { $set: { state: Buffer.from(state) } }, { upsert: true });
      },
    }),
  ],
});
await server.listen();

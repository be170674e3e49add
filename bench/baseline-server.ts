// The bench's baseline: bare Socket.IO with the same Redis pub/sub adapter as the app, and nothing
// else: no session lookup, no validation, no database, no rate limit, no presence. Clients name
// their groups in the handshake's auth; "message:send" is broadcast to the group's room at once,
// shaped like the app's group:event so both sides serialise the same bytes.
// Env: REDIS_URL (required), PORT (0 = any), ADAPTER_KEY (keeps its channels apart from the app's),
// STORE_URI (optional): the "stored" variant, which inserts each message into MongoDB (one raw
// insertOne) before it acknowledges and broadcasts it, and does nothing else the app does: the
// least any server that stores before acknowledging must do (issue 3 asks exactly that).
// Rounds (bench/rounds.ts, issue 13 item 9): "round:join" puts the socket in a round's room;
// "round:act" asks for one state change of `bytes` bytes: with STORE_URI one unique insert
// (_id "<room>:<version>", the app's RoundVersion key) of that payload, then one broadcast of it to
// the room and the ack. No policy, machine, per-viewer projection or names.
// Moments (bench/moments.ts, issue 16 item 8): the client names its user (`userId`, its socket joins
// `user:<id>`) and whether it facilitates. "moment:join" puts it in the moment's rooms. Each command
// carries `writes`, the number of MongoDB writes the app does for it (counted in the app's nodes), and
// the byte sizes of what the app sends; with STORE_URI it first does that many unique inserts at once
// (as the app's Promise.all), then the same Socket.IO work as the app: "moment:open" moves each seated
// user's sockets into their breakout room on this node and every node (socketsJoin on the user room,
// local then through the adapter), emits each breakout its view, the facilitators all views, everyone
// the state; "moment:broadcast" emits the state to the moment; "moment:answer" the poll's result;
// "moment:back" empties the breakout rooms everywhere.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { createAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import mongoose from "mongoose";
import { socketParser } from "../realtime/wire";

const url = process.env.REDIS_URL;
if (!url) throw new Error("REDIS_URL is required");
const pub = new Redis(url);
const sub = new Redis(url);
const httpServer = http.createServer((_req, res) => res.writeHead(404).end());
const io = new Server(httpServer, {
  serveClient: false,
  parser: socketParser, // the app's wire format (realtime/wire.ts): the comparison is of everything else
  maxHttpBufferSize: 64 * 1024,
  adapter: createAdapter(pub, sub, { key: process.env.ADAPTER_KEY ?? "bench-baseline" }),
});

const store = process.env.STORE_URI
  ? (await mongoose.createConnection(process.env.STORE_URI).asPromise()).db!.collection("bench_stored_messages")
  : null;

const rounds = store ? store.db.collection("bench_stored_round_versions") : null;

const momentWrites = store ? store.db.collection("bench_stored_moment_writes") : null;
/** `n` unique inserts at once (the app's writes for one command), keyed by `key`. */
const writeAll = async (key: string, n: number) => {
  if (momentWrites)
    await Promise.all(Array.from({ length: n }, (_, i) => momentWrites.insertOne({ _id: `${key}:${i}` as never, at: new Date() })));
};
const pad = (bytes: number) => "x".repeat(Math.max(0, bytes));

let seq = 0;
io.on("connection", (socket) => {
  const auth = socket.handshake.auth as { userId?: string; groups?: string[]; facilitator?: boolean };
  socket.join((auth.groups ?? []).map((g) => `group:${g}`));
  if (auth.userId) socket.join(`user:${auth.userId}`);
  socket.on("message:send", async (p: { groupId: string; threadId: string; clientId: string; text: string }, ack: (r: unknown) => void) => {
    const at = new Date().toISOString();
    const message = {
      id: p.clientId,
      groupId: p.groupId,
      threadId: p.threadId,
      authorId: auth.userId ?? "",
      authorName: "baseline",
      text: p.text,
      mentions: [],
      seq: 0,
      createdAt: at,
      editedAt: null,
      deleted: false,
    };
    const event = { groupId: p.groupId, seq: ++seq, type: "message.sent", data: { kind: "message.sent", message }, at };
    if (store) await store.insertOne({ ...event }); // a copy: insertOne adds an _id to what it is given
    io.to(`group:${p.groupId}`).emit("group:event", event);
    ack({ ok: true, data: event });
  });
  socket.on("round:join", (p: { roundId: string }, ack: (r: unknown) => void) => {
    socket.join(`round:${p.roundId}`);
    ack({ ok: true, data: { id: p.roundId, version: 0 } });
  });
  socket.on("round:act", async (p: { roundId: string; version: number; bytes: number }, ack: (r: unknown) => void) => {
    const view = { id: p.roundId, version: p.version, serverNow: Date.now(), pad: "x".repeat(p.bytes) };
    if (rounds) await rounds.insertOne({ _id: `${p.roundId}:${p.version}` as never, state: view.pad });
    io.to(`round:${p.roundId}`).emit("round:state", view);
    ack({ ok: true, data: { id: p.roundId, version: p.version } });
  });
  socket.on("moment:join", (p: { momentId: string }, ack: (r: unknown) => void) => {
    socket.join([`moment:${p.momentId}`, ...(auth.facilitator ? [`moment:${p.momentId}:fac`] : [])]);
    ack({ ok: true, data: { momentId: p.momentId } });
  });
  type Open = { momentId: string; key: string; writes: number; stateBytes: number; facBytes: number };
  type Room = { id: string; userIds: string[]; bytes: number };
  socket.on("moment:open", async (p: Open & { breakouts: Room[] }, ack: (r: unknown) => void) => {
    await writeAll(p.key, p.writes);
    for (const b of p.breakouts) {
      const room = `breakout:${b.id}`;
      for (const u of b.userIds) {
        io.local.in(`user:${u}`).socketsJoin(room);
        io.in(`user:${u}`).socketsJoin(room);
      }
      io.to(room).emit("moment:breakout", {
        id: b.id,
        momentId: p.momentId,
        members: b.userIds.map((userId) => ({ userId })),
        pad: pad(b.bytes),
      });
    }
    io.to(`moment:${p.momentId}:fac`).emit("moment:breakouts", { momentId: p.momentId, pad: pad(p.facBytes) });
    io.to(`moment:${p.momentId}`).emit("moment:state", { momentId: p.momentId, key: p.key, breakouts: true, pad: pad(p.stateBytes) });
    ack({ ok: true, data: { momentId: p.momentId } });
  });
  socket.on("moment:back", (p: { breakoutIds: string[] }, ack: (r: unknown) => void) => {
    for (const id of p.breakoutIds) {
      io.local.in(`breakout:${id}`).socketsLeave(`breakout:${id}`);
      io.in(`breakout:${id}`).socketsLeave(`breakout:${id}`);
    }
    ack({ ok: true, data: {} });
  });
  socket.on("moment:broadcast", async (p: Open, ack: (r: unknown) => void) => {
    await writeAll(p.key, p.writes);
    io.to(`moment:${p.momentId}`).emit("moment:state", { momentId: p.momentId, key: p.key, pad: pad(p.stateBytes) });
    ack({ ok: true, data: { momentId: p.momentId } });
  });
  socket.on("moment:answer", async (p: { momentId: string; key: string; writes: number; bytes: number }, ack: (r: unknown) => void) => {
    await writeAll(p.key, p.writes);
    io.to(`moment:${p.momentId}`).emit("moment:poll", { momentId: p.momentId, key: p.key, pad: pad(p.bytes) });
    ack({ ok: true, data: { momentId: p.momentId } });
  });
});

httpServer.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  console.log(`PORT ${(httpServer.address() as AddressInfo).port}`);
});
const stop = () => io.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

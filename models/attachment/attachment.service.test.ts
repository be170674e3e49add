// The attachment service on the real database (FerretDB in tests): GridFS through the storage
// interface, claims by unique insert, the sweep of old pending uploads.
import { Readable } from "node:stream";
import mongoose from "mongoose";
import { describe, expect, it } from "vitest";
import { buildGroup, ctxFor } from "../../test/factories";
import { PDF } from "../../test/fixtures/files";
import { PENDING_TTL_MS } from "./attachment.constants";
import { Attachment } from "./attachment.model";
import { attach, listFor, open, removeFor, sweepPending, upload } from "./attachment.service";
import { createGridFsStorage } from "./storage";

const chunks = () => mongoose.connection.db!.collection("attachments.chunks").countDocuments();
const files = () => mongoose.connection.db!.collection("attachments.files").countDocuments();

async function read(stream: Readable) {
  const out: Buffer[] = [];
  for await (const c of stream) out.push(c as Buffer);
  return Buffer.concat(out);
}

describe("GridFS storage (on this database server)", () => {
  it("stores a stream in chunks, reads it back equal, deletes it; a failing stream leaves nothing", async () => {
    const storage = createGridFsStorage();
    const big = Buffer.alloc(700 * 1024, 7); // several 255 kB chunks
    const { key, size } = await storage.put(Readable.from([big.subarray(0, 300_000), big.subarray(300_000)]), { contentType: "x/y" });
    expect(size).toBe(big.length);
    expect(await chunks()).toBe(3);
    expect((await read(storage.get(key))).equals(big)).toBe(true);
    await storage.delete(key);
    await storage.delete(key); // a missing key is no error
    expect({ files: await files(), chunks: await chunks() }).toEqual({ files: 0, chunks: 0 });

    async function* failing() {
      yield Buffer.alloc(600 * 1024, 1);
      throw new Error("client went away");
    }
    await expect(storage.put(Readable.from(failing()), { contentType: "x/y" })).rejects.toThrow("client went away");
    expect({ files: await files(), chunks: await chunks() }).toEqual({ files: 0, chunks: 0 });
  });
});

describe("attaching", () => {
  it("two owners claiming one upload at once: exactly one gets it; the other takes nothing back with it", async () => {
    const { group, leaders } = await buildGroup({ leaders: 1 });
    const ctx = ctxFor(leaders[0]);
    const groupId = String(group._id);
    const [a, b] = await Promise.all([
      upload(ctx, { groupId, name: "a.pdf", stream: Readable.from([PDF]) }),
      upload(ctx, { groupId, name: "b.pdf", stream: Readable.from([PDF]) }),
    ]);
    const one = { kind: "message" as const, id: "m1" };
    const two = { kind: "message" as const, id: "m2" };
    const results = await Promise.allSettled([attach(ctx, groupId, one, [a.id, b.id]), attach(ctx, groupId, two, [b.id, a.id])]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lists = await listFor([one, two]);
    expect([...lists.values()].map((l) => l.map((x) => x.id).sort())).toEqual([[a.id, b.id].sort()]);
    // Idempotent for the same owner.
    const winner = lists.has("message:m1") ? one : two;
    expect((await attach(ctx, groupId, winner, [a.id])).map((x) => x.id)).toEqual([a.id]);
    expect(await removeFor(ctx, winner)).toBe(2);
    expect({ files: await files(), chunks: await chunks() }).toEqual({ files: 0, chunks: 0 });
  });
});

describe("the sweep", () => {
  it("deletes pending uploads older than a day, keeps newer and attached ones", async () => {
    const { group, leaders } = await buildGroup({ leaders: 1 });
    const ctx = ctxFor(leaders[0]);
    const groupId = String(group._id);
    const up = () => upload(ctx, { groupId, name: "x.pdf", stream: Readable.from([PDF]) });
    const [old, kept, fresh] = [await up(), await up(), await up()];
    await attach(ctx, groupId, { kind: "message", id: "m9" }, [kept.id]);
    const past = new Date(Date.now() - PENDING_TTL_MS - 60_000);
    await Attachment.updateMany({}, { $set: { createdAt: past } });
    await Attachment.updateOne({ _id: fresh.id }, { $set: { createdAt: new Date() } });
    expect(await sweepPending(ctx)).toBe(1);
    expect((await Attachment.find({}, { _id: 1 }).lean()).map((d) => String(d._id)).sort()).toEqual([kept.id, fresh.id].sort());
    expect(await files()).toBe(2);
    expect(old.id).toBeTruthy();
  });
});

describe("a message's files", () => {
  it("are the members' as soon as the message is delivered, before its document is written in the next batch; never an outsider's", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const outsider = (await buildGroup({ leaders: 1 })).leaders[0];
    const groupId = String(group._id);
    const a = await upload(ctxFor(leaders[0]), { groupId, name: "a.pdf", stream: Readable.from([PDF]) });
    // Delivered live (stored in the group's log), its Message document not written yet.
    const messageId = new mongoose.Types.ObjectId().toHexString();
    await attach(ctxFor(leaders[0]), groupId, { kind: "message", id: messageId }, [a.id]);
    const opened = await open(ctxFor(leaders[1]), { groupId, fileId: a.id });
    expect((await read(opened.stream)).equals(PDF)).toBe(true);
    await expect(open(ctxFor(outsider), { groupId, fileId: a.id })).rejects.toMatchObject({ code: "not_found" });
  });
});

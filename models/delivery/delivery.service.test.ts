// The group log: positions come from a unique (groupId, seq) insert, resends from a unique command
// id. Against the real database, because exclusivity is exactly what the database provides.
import { describe, expect, it } from "vitest";
import { Types } from "mongoose";
import { GroupCommand, GroupEvent } from "./group-event.model";
import { testNode } from "../../test/factories";
import { appendGroupEvent, commandIdOf, findCommandEvent, latestGroupSeq, listGroupEventsSince } from "./delivery.service";

const newId = () => new Types.ObjectId().toHexString();
/** This test worker's node, whose log hints the appends share (as one app node's would). */
const log = { node: testNode() };
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("appendGroupEvent", () => {
  it("gives the first event position 1 and each next one the next position, per group", async () => {
    const [g1, g2, actor] = [newId(), newId(), newId()];
    const a = await appendGroupEvent(log, { groupId: g1, actorId: actor, clientId: "client-0001", type: "t", data: { n: 1 } });
    const b = await appendGroupEvent(log, { groupId: g1, actorId: actor, clientId: "client-0002", type: "t", data: { n: 2 } });
    const c = await appendGroupEvent(log, { groupId: g2, actorId: actor, clientId: "client-0003", type: "t", data: { n: 3 } });
    expect([a.event.seq, b.event.seq, c.event.seq]).toEqual([1, 2, 1]);
    expect([a.created, b.created, c.created]).toEqual([true, true, true]);
    expect(a.event).toEqual({ groupId: g1, seq: 1, type: "t", data: { n: 1 }, at: expect.any(String) });
    expect(await latestGroupSeq(log, g1)).toBe(2);
    expect(await latestGroupSeq(log, newId())).toBe(0);
  });

  it("a resend with the same client id stores nothing and returns the stored event", async () => {
    const [g, actor] = [newId(), newId()];
    const first = await appendGroupEvent(log, { groupId: g, actorId: actor, clientId: "resend-0001", type: "t", data: { v: "first" } });
    await appendGroupEvent(log, { groupId: g, actorId: actor, clientId: "other-0001", type: "t", data: { v: "other" } });
    const again = await appendGroupEvent(log, { groupId: g, actorId: actor, clientId: "resend-0001", type: "t", data: { v: "changed" } });
    expect(again).toEqual({ event: first.event, created: false });
    expect(await GroupEvent.countDocuments({ groupId: new Types.ObjectId(g) })).toBe(2);
    expect(await findCommandEvent(actor, "resend-0001", { groupId: g, type: "t" })).toEqual(first.event);
    // Replayed into another group or as another kind of command: refused, not returned.
    await expect(findCommandEvent(actor, "resend-0001", { groupId: newId(), type: "t" })).rejects.toMatchObject({ code: "conflict" });
    await expect(
      appendGroupEvent(log, { groupId: newId(), actorId: actor, clientId: "resend-0001", type: "t", data: {} }),
    ).rejects.toMatchObject({ code: "conflict" });
    await expect(
      appendGroupEvent(log, { groupId: g, actorId: actor, clientId: "resend-0001", type: "other", data: {} }),
    ).rejects.toMatchObject({
      code: "conflict",
    });
    // The same client id from another actor is another command.
    const otherActor = await appendGroupEvent(log, { groupId: g, actorId: newId(), clientId: "resend-0001", type: "t", data: {} });
    expect(otherActor).toMatchObject({ created: true, event: { seq: 3 } });
  });

  it("20 concurrent appends get the positions 1..20: no gap, no duplicate", async () => {
    const g = newId();
    const actors = [newId(), newId(), newId(), newId()];
    const results = await Promise.all(
      range(0, 19).map((i) =>
        appendGroupEvent(log, { groupId: g, actorId: actors[i % 4], clientId: `conc-${i}-abcdef`, type: "t", data: { i } }),
      ),
    );
    expect(results.map((r) => r.event.seq).sort((a, b) => a - b)).toEqual(range(1, 20));
    expect(results.every((r) => r.created)).toBe(true);
    const stored = await listGroupEventsSince(g, 0);
    expect(stored.map((e) => e.seq)).toEqual(range(1, 20));
  });

  it("concurrent resends of one command store it once and all return the same position", async () => {
    const [g, actor] = [newId(), newId()];
    const results = await Promise.all(
      range(1, 8).map(() => appendGroupEvent(log, { groupId: g, actorId: actor, clientId: "same-command-1", type: "t", data: {} })),
    );
    expect(new Set(results.map((r) => r.event.seq))).toEqual(new Set([1]));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await GroupEvent.countDocuments({ groupId: new Types.ObjectId(g) })).toBe(1);
  });
});

describe("appendGroupEvent after damage", () => {
  it("a resend after a crash between the event and its command pointer is still stored once", async () => {
    const [g, actor] = [newId(), newId()];
    const first = await appendGroupEvent(log, { groupId: g, actorId: actor, clientId: "crash-0001", type: "t", data: { v: 1 } });
    await GroupCommand.deleteOne({ _id: commandIdOf(actor, "crash-0001") }); // as if the process died right after the event
    expect(await findCommandEvent(actor, "crash-0001", { groupId: g, type: "t" })).toBeNull();
    const again = await appendGroupEvent(log, { groupId: g, actorId: actor, clientId: "crash-0001", type: "t", data: { v: 2 } });
    expect(again).toEqual({ event: first.event, created: false });
    expect(await GroupEvent.countDocuments({ groupId: new Types.ObjectId(g) })).toBe(1);
    expect(await findCommandEvent(actor, "crash-0001", { groupId: g, type: "t" })).toEqual(first.event); // pointer repaired
  });

  it("finds the end of a log this process has not seen (another node wrote it)", async () => {
    const [g, actor] = [newId(), newId()];
    // Written as another node would: straight into the collection, 37 positions.
    await GroupEvent.insertMany(
      range(1, 37).map((seq) => ({
        _id: `${g}:${seq}`,
        groupId: new Types.ObjectId(g),
        seq,
        commandId: `elsewhere:${seq}`,
        type: "t",
        data: {},
        actorId: new Types.ObjectId(actor),
      })),
    );
    expect(await latestGroupSeq(log, g)).toBe(37);
    const next = await appendGroupEvent(log, { groupId: g, actorId: actor, clientId: "after-other-node", type: "t", data: {} });
    expect(next.event.seq).toBe(38);
    // Another node appends 5 more; this process's hint (38) is now behind.
    await GroupEvent.insertMany(
      range(39, 43).map((seq) => ({
        _id: `${g}:${seq}`,
        groupId: new Types.ObjectId(g),
        seq,
        commandId: `elsewhere:${seq}`,
        type: "t",
        data: {},
        actorId: new Types.ObjectId(actor),
      })),
    );
    const behind = await appendGroupEvent(log, { groupId: g, actorId: actor, clientId: "behind-the-end", type: "t", data: {} });
    expect(behind).toMatchObject({ created: true, event: { seq: 44 } });
    expect((await listGroupEventsSince(g, 0)).map((e) => e.seq)).toEqual(range(1, 44));
  });
});

describe("listGroupEventsSince", () => {
  it("returns the events after a position, in order, only of that group, bounded by limit", async () => {
    const [g, other, actor] = [newId(), newId(), newId()];
    for (const i of range(1, 6)) {
      await appendGroupEvent(log, { groupId: g, actorId: actor, clientId: `since-${i}-xxxx`, type: "t", data: { i } });
      await appendGroupEvent(log, { groupId: other, actorId: actor, clientId: `noise-${i}-xxxx`, type: "t", data: { i } });
    }
    expect((await listGroupEventsSince(g, 0)).map((e) => e.seq)).toEqual(range(1, 6));
    const after3 = await listGroupEventsSince(g, 3);
    expect(after3.map((e) => [e.seq, e.data])).toEqual([
      [4, { i: 4 }],
      [5, { i: 5 }],
      [6, { i: 6 }],
    ]);
    expect(after3.every((e) => e.groupId === g)).toBe(true);
    expect(await listGroupEventsSince(g, 6)).toEqual([]);
    expect((await listGroupEventsSince(g, 1, 2)).map((e) => e.seq)).toEqual([2, 3]);
    // Longer than one read batch.
    for (const i of range(7, 80))
      await appendGroupEvent(log, { groupId: g, actorId: actor, clientId: `long-${i}-xxxx`, type: "t", data: { i } });
    expect((await listGroupEventsSince(g, 2)).map((e) => e.seq)).toEqual(range(3, 80));
  });
});

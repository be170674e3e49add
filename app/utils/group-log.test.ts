import { describe, expect, it } from "vitest";
import type { GroupEventDTO } from "../../models/delivery/delivery.service";
import { GroupLog, GroupSequencer } from "./group-log";

const ev = (seq: number) => ({ seq });

describe("GroupSequencer", () => {
  it("applies live events once, in order, and fills a gap from the database", async () => {
    const applied: number[] = [];
    const stored = [1, 2, 3, 4, 5, 6].map(ev);
    const asked: number[] = [];
    const s = new GroupSequencer(
      0,
      (e) => applied.push(e.seq),
      async (after) => {
        asked.push(after);
        return stored.filter((e) => e.seq > after);
      },
    );
    s.receive(ev(1));
    s.receive(ev(1));
    s.receive(ev(2));
    s.receive(ev(4)); // gap: 3 missing
    await new Promise((r) => setTimeout(r, 0));
    s.receive(ev(5));
    s.receive(ev(6));
    s.receive(ev(3));
    expect(applied).toEqual([1, 2, 3, 4, 5, 6]);
    expect(asked).toEqual([2]);
  });

  it("catches up on reconnect from the last applied position, and merges overlapping syncs", async () => {
    const applied: number[] = [];
    let calls = 0;
    const s = new GroupSequencer(
      10,
      (e) => applied.push(e.seq),
      async (after) => {
        calls++;
        return [11, 12, 13].filter((n) => n > after).map(ev);
      },
    );
    await Promise.all([s.sync(), s.sync()]);
    expect(applied).toEqual([11, 12, 13]);
    expect(s.lastSeq).toBe(13);
    expect(calls).toBe(2);
  });

  it("does not wait forever for a position the database does not have", async () => {
    const applied: number[] = [];
    const s = new GroupSequencer<{ seq: number }>(
      0,
      (e) => applied.push(e.seq),
      async () => [],
    );
    s.receive(ev(3));
    await new Promise((r) => setTimeout(r, 0));
    expect(applied).toEqual([3]);
  });
});

/** A server's group logs and the calls made to it. */
function server(events: Record<string, number[]>) {
  const asked: [string, number][] = [];
  const state = { connected: true };
  const log = new GroupLog({
    connected: () => state.connected,
    fetchAfter: async (groupId, afterSeq) => {
      asked.push([groupId, afterSeq]);
      if (!state.connected) return null;
      return (events[groupId] ?? []).filter((s) => s > afterSeq).map((s) => event(groupId, s));
    },
  });
  return { log, asked, state, events };
}
const event = (groupId: string, seq: number): GroupEventDTO => ({ groupId, seq, type: "message.sent", data: {}, at: "" });
const settle = () => new Promise((r) => setTimeout(r, 0));
function recorder() {
  const got: string[] = [];
  return { got, on: (e: GroupEventDTO) => got.push(`${e.groupId}${e.seq}`) };
}

describe("GroupLog", () => {
  it("gives each follower what follows its own start, once, in order, with one sync per group at a time", async () => {
    const { log, asked } = server({ g: [1, 2, 3, 4, 5, 6] });
    const a = recorder();
    const b = recorder();
    log.follow("g", a.on, 2);
    await settle();
    expect(a.got).toEqual(["g3", "g4", "g5", "g6"]);
    // A page whose data was read earlier: the log goes back for it, the first follower skips the repeat.
    log.follow("g", b.on, 4);
    await settle();
    expect(b.got).toEqual(["g5", "g6"]);
    expect(a.got).toEqual(["g3", "g4", "g5", "g6"]);
    expect(asked).toEqual([
      ["g", 2],
      ["g", 4],
    ]);
  });

  it("applies live events and acks once, fills a gap once for every follower, and keeps groups apart", async () => {
    const { log, asked, events } = server({ g: [], h: [] });
    const a = recorder();
    const b = recorder();
    log.follow("g", a.on, 0);
    log.follow("g", b.on, 0);
    await settle();
    asked.length = 0;
    events.g = [1, 2, 3];
    log.receive(event("g", 1)); // the ack of our own command
    log.receive(event("g", 1)); // its broadcast
    log.receive(event("g", 3)); // 2 is still on its way
    log.receive(event("h", 7)); // another group
    await settle();
    expect(a.got).toEqual(["g1", "g2", "g3"]);
    expect(b.got).toEqual(["g1", "g2", "g3"]);
    expect(asked).toEqual([["g", 1]]);
  });

  it("tells followers of every group what is new to the tab, never a repeat", async () => {
    const { log } = server({ g: [1, 2, 3] });
    const all = recorder();
    log.followAll(all.on);
    log.receive(event("g", 2)); // nobody follows g yet: it starts there
    log.receive(event("k", 5));
    log.follow("g", () => undefined, 0); // goes back to 0 for its follower
    await settle();
    expect(all.got).toEqual(["g2", "k5", "g3"]);
  });

  it("without a start, follows from now on; a reconnect catches up followed groups only", async () => {
    const { log, asked, state, events } = server({ g: [], h: [] });
    const a = recorder();
    const stop = log.follow("g", a.on);
    log.receive(event("g", 4));
    log.receive(event("h", 9));
    expect(a.got).toEqual(["g4"]);
    state.connected = false;
    log.disconnected();
    events.g = [4, 5];
    events.h = [9, 10];
    state.connected = true;
    log.connected();
    await settle();
    expect(a.got).toEqual(["g4", "g5"]);
    expect(asked).toEqual([["g", 4]]);
    // h was forgotten with the connection: its next event starts it again, without a sync.
    log.receive(event("h", 11));
    await settle();
    expect(asked).toEqual([["g", 4]]);
    stop();
    log.receive(event("g", 6));
    expect(a.got).toEqual(["g4", "g5"]);
  });

  it("asks nothing more for a group the user left", async () => {
    const { log, asked } = server({ g: [1] });
    log.follow("g", () => undefined, 0);
    await settle();
    log.forget("g");
    log.connected();
    await settle();
    expect(asked).toEqual([["g", 0]]);
  });
});

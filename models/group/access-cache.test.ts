import { describe, expect, it } from "vitest";
import { createAccessCache } from "./access-cache";
import type { Freshness } from "../shared/freshness";

/** A node's freshness the test switches by hand. */
function switchableFreshness() {
  let fresh = true;
  const stale = new Set<() => void>();
  const freshness: Freshness = {
    isFresh: () => fresh,
    onStale: (fn) => {
      stale.add(fn);
      return () => stale.delete(fn);
    },
    onFresh: () => () => undefined,
  };
  return {
    freshness,
    set(value: boolean) {
      fresh = value;
      if (!value) for (const fn of stale) fn();
    },
  };
}

function setup(opts: { maxAgeMs?: number; maxEntries?: number } = {}) {
  const f = switchableFreshness();
  let t = 0;
  const cache = createAccessCache<string>({ freshness: f.freshness, now: () => t, ...opts });
  const keep = (groupId: string, key: string, value: string) => cache.put(groupId, key, cache.ticket(groupId), value);
  return { cache, keep, f, advance: (ms: number) => (t += ms) };
}

describe("the access cache (decision 058)", () => {
  it("keeps a value per group and key until the group's access changes", () => {
    const { cache, keep } = setup();
    keep("g1", "ann", "member");
    keep("g1", "bob", "coach");
    keep("g2", "ann", "guest");
    expect([cache.get("g1", "ann"), cache.get("g1", "bob"), cache.get("g2", "ann"), cache.get("g2", "bob")]).toEqual([
      "member",
      "coach",
      "guest",
      undefined,
    ]);
    cache.invalidate("g1");
    expect([cache.get("g1", "ann"), cache.get("g1", "bob"), cache.get("g2", "ann")]).toEqual([undefined, undefined, "guest"]);
    expect(cache.size()).toBe(1);
    cache.invalidate("g2", "ann");
    expect(cache.get("g2", "ann")).toBeUndefined();
    expect(cache.size()).toBe(0);
  });

  it("never stores what a read that began before an invalidation found", () => {
    const { cache } = setup();
    const early = cache.ticket("g1"); // the policy's reads start...
    cache.invalidate("g1"); // ...a removal lands meanwhile (nothing kept yet for g1)...
    cache.put("g1", "ann", early, "member"); // ...and their answer, maybe older than it, comes back
    expect(cache.get("g1", "ann")).toBeUndefined();
    const late = cache.ticket("g1");
    cache.put("g1", "ann", late, "removed");
    expect(cache.get("g1", "ann")).toBe("removed");
    const before = cache.ticket("g1");
    cache.invalidate("g1", "bob"); // any change in the group voids the tickets taken before it
    cache.put("g1", "cas", before, "member");
    expect(cache.get("g1", "cas")).toBeUndefined();
  });

  it("is trusted only while the node is fresh, and forgets everything when it turns stale", () => {
    const { cache, keep, f } = setup();
    keep("g1", "ann", "member");
    const ticket = cache.ticket("g1");
    f.set(false);
    expect(cache.get("g1", "ann")).toBeUndefined();
    cache.put("g1", "bob", cache.ticket("g1"), "member"); // nothing is stored while stale
    f.set(true);
    expect(cache.get("g1", "ann")).toBeUndefined(); // gone, not merely hidden
    cache.put("g1", "cas", ticket, "member"); // a read begun before the stale period stores nothing
    expect(cache.get("g1", "cas")).toBeUndefined();
    expect(cache.size()).toBe(0);
  });

  it("trusts a value for at most maxAgeMs, and keeps at most maxEntries (the oldest groups go first)", () => {
    const { cache, keep, advance } = setup({ maxAgeMs: 1000, maxEntries: 3 });
    keep("g1", "ann", "a");
    advance(999);
    expect(cache.get("g1", "ann")).toBe("a");
    advance(1);
    expect(cache.get("g1", "ann")).toBeUndefined();
    keep("g2", "ann", "b");
    keep("g2", "bob", "c");
    keep("g3", "ann", "d");
    expect(cache.size()).toBe(3); // g1's old value made room: g1 went
    expect(cache.get("g2", "bob")).toBe("c");
    keep("g4", "ann", "e");
    expect([cache.get("g2", "ann"), cache.get("g2", "bob"), cache.get("g3", "ann"), cache.get("g4", "ann")]).toEqual([
      undefined,
      undefined,
      "d",
      "e",
    ]);
  });
});

// The key of every address-based limit (docs/decisions/022-limits.md): the client's network.
import { describe, expect, it } from "vitest";
import { addressKey } from "./limits";

describe("addressKey", () => {
  it.each([
    ["IPv4 as is", "192.0.2.1", "192.0.2.1"],
    ["IPv4 with spaces around", " 198.51.100.7 ", "198.51.100.7"],
    ["IPv4-mapped IPv6 is IPv4", "::ffff:192.0.2.1", "192.0.2.1"],
    ["IPv4-mapped, written out", "0:0:0:0:0:FFFF:192.0.2.1", "192.0.2.1"],
    ["IPv4-mapped, in hex", "::ffff:c000:201", "192.0.2.1"],
    ["full IPv6 by its /64", "2001:0db8:0001:0002:0003:0004:0005:0006", "2001:db8:1:2::/64"],
    ["another address of that /64", "2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"],
    ["compressed IPv6", "2001:db8:1:2::1", "2001:db8:1:2::/64"],
    ["compressed into the prefix", "2001:db8::1", "2001:db8:0:0::/64"],
    ["upper case", "2001:DB8:1:2::ABCD", "2001:db8:1:2::/64"],
    ["a dotted tail that is not IPv4-mapped", "2001:db8:1:2::192.0.2.1", "2001:db8:1:2::/64"],
    ["loopback", "::1", "0:0:0:0::/64"],
    ["the unspecified address", "::", "0:0:0:0::/64"],
    ["a zone id is ignored", "fe80::1%eth0", "fe80:0:0:0::/64"],
    ["a numeric zone id too", "fe80::2:3%2", "fe80:0:0:0::/64"],
    ["IPv4-mapped with a zone id", "::ffff:192.0.2.1%eth0", "192.0.2.1"],
    ["garbage", "unknown", "unknown"],
    ["empty", "", "unknown"],
    ["three IPv4 parts", "192.0.2", "unknown"],
    ["an IPv4 part above 255", "::ffff:192.0.2.256", "unknown"],
    ["not hex", "2001:db8::g", "unknown"],
    ["two ::", "2001::db8::1", "unknown"],
    ["nine groups", "1:2:3:4:5:6:7:8:9", "unknown"],
  ])("%s: %s -> %s", (_, ip, key) => {
    expect(addressKey(ip)).toBe(key);
  });

  it("different /64s are different networks, and IPv4 never meets IPv6", () => {
    expect(addressKey("2001:db8:1:2::1")).not.toBe(addressKey("2001:db8:1:3::1"));
    expect(addressKey("2001:db8:1:2::1")).not.toBe(addressKey("2001:db9:1:2::1"));
    expect(addressKey("::ffff:192.0.2.1")).not.toBe(addressKey("::ffff:192.0.2.2"));
  });
});

import { isFromThisMachine, isLocalRequest, isLoopbackHost } from "./local-request";

describe("isLocalRequest", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.42.0.9", true],
    ["::1", true],
    ["0:0:0:0:0:0:0:1", true],
    ["::ffff:127.0.0.1", true],
    ["::ffff:7f00:1", true],
    ["192.0.2.2", false],
    ["10.0.0.1", false],
    ["128.0.0.1", false],
    ["::ffff:192.0.2.2", false],
    ["fe80::1", false],
    ["fd00::2", false],
    ["::", false],
    ["0.0.0.0", false],
    ["localhost", false],
    ["127.0.0.1, 10.0.0.1", false],
    ["", false],
    [undefined, false],
  ])("%s -> %s", (ip, local) => {
    expect(isLocalRequest(ip)).toBe(local);
  });
});

describe("isLoopbackHost", () => {
  it.each([
    ["localhost:3000", true],
    ["localhost", true],
    ["127.0.0.1:3000", true],
    ["[::1]:3000", true],
    ["evil.example:3000", false],
    ["localhost.evil.example", false],
    ["127.0.0.1.nip.io", false],
    ["", false],
    [undefined, false],
  ])("%s -> %s", (host, local) => {
    expect(isLoopbackHost(host)).toBe(local);
  });
});

describe("isFromThisMachine", () => {
  const local = { ip: "127.0.0.1", headers: { host: "localhost:3000" } };
  it("needs a loopback address and a loopback name", () => {
    expect(isFromThisMachine(local, false)).toBe(true);
    expect(isFromThisMachine({ ...local, headers: { host: "rebound.example:3000" } }, false)).toBe(false);
    expect(isFromThisMachine({ ...local, ip: "192.0.2.2" }, false)).toBe(false);
  });
  it("refuses a forwarded request when no proxy is trusted (a tunnel in front makes everyone local)", () => {
    const tunnelled = { ...local, headers: { ...local.headers, "x-forwarded-for": "203.0.113.7" } };
    expect(isFromThisMachine(tunnelled, false)).toBe(false);
    expect(isFromThisMachine({ ...local, headers: { ...local.headers, forwarded: "for=203.0.113.7" } }, false)).toBe(false);
    // With a trusted proxy, req.ip already is the client it reports (Express), judged above.
    expect(isFromThisMachine(tunnelled, true)).toBe(true);
  });
});

import { isLocalRequest } from "./local-request";

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

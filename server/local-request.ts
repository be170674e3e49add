import net from "node:net";

/** True when `ip` is this machine's own loopback address (127.0.0.0/8 or ::1, also written as an
 *  IPv4-mapped IPv6 address); false for anything else, including no address or a malformed one.
 *  Give it Express's req.ip: behind a proxy that TRUST_PROXY names, that is the address the last
 *  trusted hop reports, so a client cannot claim 127.0.0.1 by sending X-Forwarded-For itself. */
export function isLocalRequest(ip: string | undefined): boolean {
  if (!ip || !net.isIP(ip)) return false;
  const loopback = new net.BlockList();
  loopback.addSubnet("127.0.0.0", 8, "ipv4");
  loopback.addAddress("::1", "ipv6");
  return loopback.check(ip, net.isIPv4(ip) ? "ipv4" : "ipv6");
}

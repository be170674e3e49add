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

/** True when the Host header names this machine (localhost, a loopback address, with any port).
 *  A page on another site that rebinds its own name to 127.0.0.1 (DNS rebinding) reaches us from
 *  this machine, but under its own name: its requests fail this. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  let name: string;
  try {
    name = new URL(`http://${host}`).hostname;
  } catch {
    return false;
  }
  if (name === "localhost") return true;
  const ip = name.startsWith("[") ? name.slice(1, -1) : name;
  return isLocalRequest(ip);
}

/** A request only this machine's own browser makes: from a loopback address (req.ip, which
 *  honours TRUST_PROXY), to a loopback name, and, when no proxy is trusted, through no proxy at
 *  all (a tunnel or reverse proxy in front of the demo makes every visitor look local). */
export function isFromThisMachine(
  req: { ip?: string; headers: Record<string, string | string[] | undefined> },
  trustsProxy: boolean,
): boolean {
  const proxied = req.headers["x-forwarded-for"] !== undefined || req.headers.forwarded !== undefined;
  return isLocalRequest(req.ip) && isLoopbackHost(req.headers.host as string | undefined) && (trustsProxy || !proxied);
}

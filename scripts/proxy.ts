// A small local reverse proxy for scripts/cluster.sh: HTTP and WebSocket upgrades to N app nodes,
// sticky by the `lk_node` cookie (set on the first response), failing over to the next node when
// the chosen one does not answer. For the demo and tests on one machine; not for production.
// It appends the client's address to X-Forwarded-For: the nodes (TRUST_PROXY=loopback) believe
// only that last hop, so a client cannot pass for this machine by sending the header itself.
// Env: PROXY_PORT (3000), PROXY_HOST (127.0.0.1: this machine only), BACKENDS ("127.0.0.1:3101,127.0.0.1:3102").
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";

const COOKIE = "lk_node";

export interface Backend {
  host: string;
  port: number;
}

/** The proxy's HTTP server (not listening yet) in front of `backends`. */
export function createProxy(backends: Backend[]): http.Server {
  if (backends.length === 0) throw new Error("BACKENDS is empty");
  let next = 0;
  /** The node this client sticks to (cookie), or the next one round robin. */
  function choose(req: http.IncomingMessage): { index: number; sticky: boolean } {
    const m = new RegExp(`(?:^|;\\s*)${COOKIE}=(\\d+)`).exec(req.headers.cookie ?? "");
    const i = m ? Number(m[1]) : NaN;
    if (Number.isInteger(i) && i >= 0 && i < backends.length) return { index: i, sticky: true };
    next = (next + 1) % backends.length;
    return { index: next, sticky: false };
  }

  const forwardedHeaders = (req: http.IncomingMessage) => ({
    ...req.headers,
    "x-forwarded-for": [req.headers["x-forwarded-for"], req.socket.remoteAddress].filter(Boolean).join(", "),
  });

  function proxyHttp(req: http.IncomingMessage, res: http.ServerResponse, index: number, setCookie: boolean, triesLeft: number) {
    const b = backends[index];
    const upstream = http.request(
      { host: b.host, port: b.port, method: req.method, path: req.url, headers: forwardedHeaders(req) },
      (up) => {
        const headers = { ...up.headers };
        if (setCookie) {
          const cookie = `${COOKIE}=${index}; Path=/; HttpOnly; SameSite=Lax`;
          headers["set-cookie"] = [...(headers["set-cookie"] ?? []), cookie];
        }
        res.writeHead(up.statusCode ?? 502, up.statusMessage, headers);
        up.pipe(res);
      },
    );
    upstream.on("error", (err) => {
      // Nothing sent yet and the body not consumed (GET/HEAD): try the next node, and stick to it.
      const retryable =
        !res.headersSent && (req.method === "GET" || req.method === "HEAD") && (err as NodeJS.ErrnoException).code === "ECONNREFUSED";
      if (retryable && triesLeft > 0) return proxyHttp(req, res, (index + 1) % backends.length, true, triesLeft - 1);
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" }).end("Bad Gateway");
      else res.destroy();
    });
    req.pipe(upstream);
  }

  const server = http.createServer((req, res) => {
    const { index, sticky } = choose(req);
    proxyHttp(req, res, index, !sticky, backends.length - 1);
  });

  // WebSocket (Socket.IO uses websocket-only transport): pass the upgrade request through and splice
  // the two sockets. A node that refuses the connection is skipped; the client's reconnect after a
  // node died lands on a survivor.
  server.on("upgrade", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const { index } = choose(req);
    const attempt = (i: number, triesLeft: number) => {
      const b = backends[i];
      const upstream = net.connect(b.port, b.host);
      let connected = false;
      upstream.once("connect", () => {
        connected = true;
        const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
        for (let k = 0; k < req.rawHeaders.length; k += 2) lines.push(`${req.rawHeaders[k]}: ${req.rawHeaders[k + 1]}`);
        lines.push(`X-Forwarded-For: ${req.socket.remoteAddress ?? ""}`);
        upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
        if (head.length) upstream.write(head);
        upstream.pipe(client).pipe(upstream);
        client.once("close", () => upstream.destroy());
        upstream.once("close", () => client.destroy());
      });
      upstream.once("error", (err) => {
        if (!connected && (err as NodeJS.ErrnoException).code === "ECONNREFUSED" && triesLeft > 0) {
          return attempt((i + 1) % backends.length, triesLeft - 1);
        }
        client.destroy();
      });
    };
    client.on("error", () => undefined); // the close handler above cleans up
    attempt(index, backends.length - 1);
  });

  return server;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const port = Number(process.env.PROXY_PORT ?? 3000);
  const host = process.env.PROXY_HOST || "127.0.0.1";
  const backends = (process.env.BACKENDS ?? "")
    .split(",")
    .filter(Boolean)
    .map((b) => {
      const [h, p] = b.split(":");
      return { host: h, port: Number(p) };
    });
  const server = createProxy(backends);
  server.listen(port, host, () => {
    const { port: listening } = server.address() as AddressInfo;
    console.log(
      `proxy on http://${host === "0.0.0.0" ? "localhost" : host}:${listening} -> ${backends.map((b) => `${b.host}:${b.port}`).join(", ")} (sticky by ${COOKIE} cookie)`,
    );
  });
  const stop = () => process.exit(0); // open WebSockets would keep server.close() waiting
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

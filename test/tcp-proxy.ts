// A TCP proxy on a loopback port in front of a service (here MongoDB), for tests that make the
// service stop answering for one node only: hold() stops passing bytes either way (keeping them,
// in order) with every connection left open, as a hung or unreachable server looks to its clients; release() passes
// them on again.
import net from "node:net";

export interface TcpProxy {
  port: number;
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1, port 0, and forwards every connection to `target`. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  // Bytes that arrived while held, in order, with the socket they are for.
  const waiting: [net.Socket, Buffer][] = [];
  let held = false;
  const forward = (from: net.Socket, to: net.Socket) =>
    from.on("data", (chunk: Buffer) => (held ? waiting.push([to, chunk]) : to.write(chunk)));
  const server = net.createServer((client) => {
    const upstream = net.connect(target);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("error", () => undefined);
      s.once("close", () => sockets.delete(s));
    }
    forward(client, upstream);
    forward(upstream, client);
    client.once("close", () => upstream.destroy());
    upstream.once("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    hold() {
      held = true;
    },
    release() {
      held = false;
      for (const [to, chunk] of waiting.splice(0)) to.write(chunk);
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

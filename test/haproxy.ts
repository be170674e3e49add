// HAProxy (Debian's, installed by scripts/install.sh) in front of app nodes on this machine, with
// the configuration scripts/haproxy-config.sh writes for the cluster: for multi-node tests.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./node-process";

const root = fileURLToPath(new URL("..", import.meta.url));

export interface Haproxy {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** Starts HAProxy on a free loopback port in front of `backends` ("127.0.0.1:port"); resolves once it listens. */
export async function startHaproxy(backends: string[], checkIntervalMs = 300): Promise<Haproxy> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), "lk-haproxy-"));
  const cfg = path.join(dir, "haproxy.cfg");
  const config = execFileSync("bash", [
    path.join(root, "scripts/haproxy-config.sh"),
    `127.0.0.1:${port}`,
    String(checkIntervalMs),
    ...backends,
  ]);
  writeFileSync(cfg, config);
  // -db: stay in the foreground; -W: master-worker, so SIGTERM stops it cleanly.
  const child = spawn("haproxy", ["-W", "-db", "-f", cfg], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // Listening: a TCP connection goes through (the port was free, so only HAProxy answers it).
  for (let i = 0; ; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, "127.0.0.1");
      s.once("connect", () => resolve(true)).once("error", () => resolve(false));
      s.once("close", () => s.destroy());
    }).catch(() => false);
    if (up) break;
    if (child.exitCode !== null || i > 100) throw new Error(`haproxy did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// A Redis server of a test's own (Debian's redis-server, as scripts/services.sh starts), for tests
// that pause it: SIGSTOP freezes it with every connection open (nothing is refused, nothing
// answers), as a hung or unreachable Redis looks to the nodes. Its own process, so pausing it
// touches no other test file's Redis.
import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "./node-process";

export interface RedisProcess {
  url: string;
  /** SIGSTOP: Redis answers nothing until resume(). */
  pause(): void;
  /** SIGCONT. */
  resume(): void;
  /** Resumes and stops it; resolves once it exited. */
  stop(): Promise<void>;
}

/** Starts redis-server on a free loopback port, no persistence; resolves once it accepts connections. */
export async function startRedisProcess(): Promise<RedisProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`redis-server not ready in 10 s:\n${out}`)), 10_000);
    const onData = () => {
      if (out.includes("Ready to accept connections")) done(resolve);
    };
    const onExit = (code: number | null) => fail(new Error(`redis-server exited (${code}):\n${out}`));
    const done = (then: () => void) => {
      clearTimeout(timer);
      child.stdout!.off("data", onData);
      child.off("exit", onExit);
      then();
    };
    const fail = (e: Error) =>
      done(() => {
        child.kill("SIGKILL");
        reject(e);
      });
    child.stdout!.on("data", onData);
    child.once("exit", onExit);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    url: `redis://127.0.0.1:${port}`,
    pause: () => void child.kill("SIGSTOP"),
    resume: () => void child.kill("SIGCONT"),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGCONT");
      child.kill("SIGTERM");
      await exited;
    },
  };
}

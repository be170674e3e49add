// A MongoDB-compatible server of a test's own, on a data folder it gives (mongod when installed,
// else the project's FerretDB on SQLite), for tests that kill, restart or restore a database.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

function hasMongod() {
  try {
    execFileSync("sh", ["-c", "command -v mongod"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Starts the server on 127.0.0.1:`port` with its data in `dir`; the caller waits until it answers. */
export function startDatabase(dir: string, port: number): ChildProcess {
  if (hasMongod()) return spawn("mongod", ["--dbpath", dir, "--port", String(port), "--bind_ip", "127.0.0.1"], { stdio: "ignore" });
  const bin = path.resolve(".tools/bin/ferretdb");
  if (!existsSync(bin)) throw new Error("neither mongod nor .tools/bin/ferretdb: run scripts/install.sh");
  return spawn(
    bin,
    [
      "--handler=sqlite",
      `--sqlite-url=file:${dir}/`,
      `--state-dir=${dir}`,
      `--listen-addr=127.0.0.1:${port}`,
      "--debug-addr=-",
      "--telemetry=disable",
      "--log-level=error",
    ],
    { stdio: "ignore" },
  );
}

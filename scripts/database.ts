// The database a command-line script works on: MONGODB_URI, else the dev services (started if need be).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

export function database(): string {
  if (process.env.MONGODB_URI) return process.env.MONGODB_URI;
  execFileSync("bash", ["scripts/services.sh", "start", "dev"], { stdio: "inherit" });
  const m = /^MONGODB_URI=(.*)$/m.exec(existsSync(".run/dev/services.env") ? readFileSync(".run/dev/services.env", "utf8") : "");
  if (!m) throw new Error("no MONGODB_URI in .run/dev/services.env");
  return m[1];
}

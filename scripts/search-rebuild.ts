// `npm run search:rebuild`: regenerates every search entry from the content (decision 085), with
// progress; every app node then drops its in-memory indexes at its next query and rebuilds them.
// Uses MONGODB_URI, else the dev services (scripts/services.sh start dev).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import mongoose from "mongoose";
import { connectMongo } from "../server/db";
import { createNodeState } from "../models/node";
import { rebuildSearch } from "../models/search/rebuild";

function database(): string {
  if (process.env.MONGODB_URI) return process.env.MONGODB_URI;
  execFileSync("bash", ["scripts/services.sh", "start", "dev"], { stdio: "inherit" });
  const m = /^MONGODB_URI=(.*)$/m.exec(existsSync(".run/dev/services.env") ? readFileSync(".run/dev/services.env", "utf8") : "");
  if (!m) throw new Error("no MONGODB_URI in .run/dev/services.env");
  return m[1];
}

await connectMongo(database());
const node = createNodeState();
const started = Date.now();
const counts = await rebuildSearch({ node }, (line) => console.log(`[search:rebuild] ${line}`));
console.log(`[search:rebuild] done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(counts)}`);
await node.close();
await mongoose.disconnect();

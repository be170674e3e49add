// `npm run search:rebuild`: regenerates every search entry from the content (decision 085), with
// progress; every app node then drops its in-memory indexes at its next query and rebuilds them.
// Uses MONGODB_URI, else the dev services (scripts/services.sh start dev).
import mongoose from "mongoose";
import { database } from "./database";
import { connectMongo } from "../server/db";
import { createNodeState } from "../models/node";
import { rebuildSearch } from "../models/search/rebuild";

await connectMongo(database());
const node = createNodeState();
const started = Date.now();
const counts = await rebuildSearch({ node }, (line) => console.log(`[search:rebuild] ${line}`));
console.log(`[search:rebuild] done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(counts)}`);
await node.close();
await mongoose.disconnect();

// What the worker-thread check costs per ordinary update (docs/decisions/011-update-limits.md).
// No database: the stored log is handed over in memory. Per batch, compares
//   inline: decode + apply to a copy on the main thread (what the server did before), and
//   worker: the same in a worker of the pool (models/collab/update-check.ts), round trip included,
// on a document of 2,000 paragraphs with typical batches (a few characters typed at one place).
// Interleaved, 5 repetitions; prints medians and writes JSON (bench/results/ or --out FILE).
//   npm run bench:update-check -- [--batches N] [--reps N] [--out FILE]
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import * as Y from "yjs";
import { createUpdateChecks } from "../models/collab/update-check";
import { CONTENT_FIELD } from "../models/collab/doc-store";

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const BATCHES = arg("batches", 500);
const REPS = arg("reps", 5);
const outArg = process.argv.indexOf("--out");

function baseDocument() {
  const doc = new Y.Doc();
  const frag = doc.getXmlFragment(CONTENT_FIELD);
  for (let i = 0; i < 2000; i++) {
    const p = new Y.XmlElement("paragraph");
    const t = new Y.XmlText();
    t.insert(0, `Paragraph ${i}: a few words of case notes that a school leader wrote down.`);
    p.insert(0, [t]);
    frag.insert(frag.length, [p]);
  }
  return doc;
}

/** Typical batches: 3-8 characters typed at one place of a random paragraph, merged as DocSync does. */
function batches(base: Y.Doc, n: number) {
  const editor = new Y.Doc();
  Y.applyUpdate(editor, Y.encodeStateAsUpdate(base));
  const frag = editor.getXmlFragment(CONTENT_FIELD);
  const out: Uint8Array[] = [];
  for (let k = 0; k < n; k++) {
    const pending: Uint8Array[] = [];
    const on = (u: Uint8Array) => pending.push(u);
    editor.on("update", on);
    const t = (frag.get(Math.floor(Math.random() * frag.length)) as Y.XmlElement).get(0) as Y.XmlText;
    let at = Math.floor(Math.random() * t.length);
    for (let c = 0; c < 3 + Math.floor(Math.random() * 6); c++) t.insert(at++, "abcdefgh"[c]);
    editor.off("update", on);
    out.push(Y.mergeUpdates(pending));
  }
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

async function runInline(state: Uint8Array, updates: Uint8Array[]) {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, state);
  const lat: number[] = [];
  for (const u of updates) {
    const t = performance.now();
    Y.decodeUpdate(u);
    Y.applyUpdate(copy, u);
    lat.push(performance.now() - t);
    await new Promise((r) => setImmediate(r)); // one batch per turn, as the server gets them
  }
  copy.destroy();
  // All of it is main-thread time (synchronous).
  return { lat, mainMsPerUpdate: lat.reduce((a, b) => a + b, 0) / updates.length };
}

/** The pool of one node, as the server's (models/collab/update-check.ts). */
const checks = createUpdateChecks();

async function runWorker(docId: string, state: Uint8Array, updates: Uint8Array[]) {
  const readLog = async (fromSeq: number) =>
    fromSeq === 0 ? { snapshot: state, entries: [], seq: 1 } : { snapshot: null, entries: [], seq: fromSeq };
  await checks.check(docId, updates[0], [CONTENT_FIELD], readLog); // loads the copy (not measured)
  const lat: number[] = [];
  const elu0 = performance.eventLoopUtilization();
  for (const u of updates.slice(1)) {
    const t = performance.now();
    const { outcome } = await checks.check(docId, u, [CONTENT_FIELD], readLog);
    if (!("ok" in outcome) || !outcome.ok) throw new Error(`refused: ${JSON.stringify(outcome)}`);
    lat.push(performance.now() - t);
  }
  // Main-thread time: the event loop's active time (it idles while the worker applies).
  const busy = performance.eventLoopUtilization(elu0).active;
  return { lat, mainMsPerUpdate: busy / (updates.length - 1) };
}

const base = baseDocument();
const state = Y.encodeStateAsUpdate(base);
const results: { rep: number; mode: string; p50: number; p95: number; p99: number; mainMsPerUpdate: number; bytesP50: number }[] = [];
for (let rep = 0; rep < REPS; rep++) {
  const updates = batches(base, BATCHES);
  const bytesP50 = median(updates.map((u) => u.byteLength));
  const order = rep % 2 === 0 ? ["inline", "worker"] : ["worker", "inline"];
  for (const mode of order) {
    const r = mode === "inline" ? await runInline(state, updates) : await runWorker(`bench-${rep}`, state, updates);
    results.push({
      rep,
      mode,
      p50: median(r.lat),
      p95: pct(r.lat, 0.95),
      p99: pct(r.lat, 0.99),
      mainMsPerUpdate: r.mainMsPerUpdate,
      bytesP50,
    });
  }
}
checks.close();

const summary = Object.fromEntries(
  ["inline", "worker"].map((mode) => {
    const rs = results.filter((r) => r.mode === mode);
    const us = (xs: number[]) => Math.round(median(xs) * 1000);
    return [
      mode,
      {
        latencyP50us: us(rs.map((r) => r.p50)),
        latencyP95us: us(rs.map((r) => r.p95)),
        latencyP99us: us(rs.map((r) => r.p99)),
        mainThreadUsPerUpdate: us(rs.map((r) => r.mainMsPerUpdate)),
      },
    ];
  }),
);
console.log(
  `document: 2,000 paragraphs (${(state.byteLength / 1024).toFixed(0)} KiB); ${BATCHES} batches of median ${results[0].bytesP50} bytes; ${REPS} reps, medians`,
);
console.table(summary);
const out =
  outArg > 0 ? process.argv[outArg + 1] : path.join("bench", "results", `update-check-${new Date().toISOString().slice(0, 10)}.json`);
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), batches: BATCHES, reps: REPS, summary, results }, null, 2));
console.log(`written to ${out}`);

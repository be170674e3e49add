// The bench's chart: an SVG drawn here, turned into a PNG by Debian's Chromium (playwright-core),
// so nothing is fetched from the network.
import { chromium } from "playwright-core";

interface Medians {
  cpuUsPerDelivery: number;
  p50: number;
  p95: number;
  p99: number;
  deliveredPerS: number;
  rssPerClientKiB: number;
  lost: number;
  duplicated: number;
}
interface ChartInput {
  date: string;
  mode: string;
  config: { clients: number; reps: number; seconds: number };
  medians: { app: Medians; baseline: Medians; stored: Medians };
  ratios: { cpuPerDelivery: number; p99: number };
  floor: { cpuPerDelivery: number; p99: number };
  runs: { system: "app" | "baseline" | "stored"; cpuUsPerDelivery: number; p99: number }[];
}

const COLORS: Record<string, string> = {
  baseline: "#8a99a8",
  stored: "#c9a227",
  hocuspocus: "#8a99a8",
  app: "#1f6feb",
  log: "#f0a35e",
  compacted: "#2da44e",
  floor: "#8a99a8",
  regex: "#c9a227",
};
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

type Group = { label: string; values: Record<string, number>; dots?: Record<string, number[]> };

/** One panel: groups of bars (one per series, anchor first) with value labels; dots for the repetitions when given. */
function panel(x: number, y: number, w: number, h: number, title: string, groups: Group[], series = ["baseline", "app"]) {
  const max =
    Math.max(...groups.flatMap((g) => series.flatMap((s) => [g.values[s] ?? 0, ...(g.dots?.[s] ?? [])])).filter(Number.isFinite), 1e-9) *
    1.15;
  const top = y + 34;
  const bottom = y + h - 28;
  const gw = (w - 20) / groups.length;
  const bw = Math.min(46, gw / (series.length + 1));
  let out = `<text x="${x}" y="${y + 16}" class="t">${esc(title)}</text><line x1="${x}" y1="${bottom}" x2="${x + w}" y2="${bottom}" stroke="#999"/>`;
  groups.forEach((g, i) => {
    const cx = x + 10 + gw * i + gw / 2;
    series.forEach((s, k) => {
      const v = g.values[s];
      if (!Number.isFinite(v)) return; // no such bar in this group
      const bh = ((bottom - top) * v) / max;
      const bx = cx - (series.length * (bw + 4)) / 2 + k * (bw + 4);
      out += `<rect x="${bx}" y="${bottom - bh}" width="${bw}" height="${bh}" fill="${COLORS[s] ?? "#444"}"/>`;
      out += `<text x="${bx + bw / 2}" y="${bottom - bh - 4}" class="v">${fmt(v)}</text>`;
      for (const d of (g.dots?.[s] ?? []).filter(Number.isFinite))
        out += `<circle cx="${bx + bw / 2}" cy="${bottom - ((bottom - top) * d) / max}" r="2.5" fill="#111" opacity="0.55"/>`;
    });
    out += `<text x="${cx}" y="${bottom + 16}" class="l">${esc(g.label)}</text>`;
  });
  return out;
}

const STYLE = `<style>text{font-family:DejaVu Sans,Arial,sans-serif;fill:#111}.h{font-size:18px;font-weight:bold}.s{font-size:13px;fill:#444}.t{font-size:14px;font-weight:bold}.v{font-size:11px;text-anchor:middle}.l{font-size:12px;text-anchor:middle}</style>`;
/** The series' colours, right-aligned under the subtitle, in the bars' order. */
const legend = (W: number, series: string[]) =>
  series
    .map((s, i) => {
      const x = W - 120 * (series.length - i);
      return `<rect x="${x}" y="86" width="12" height="12" fill="${COLORS[s]}"/><text x="${x + 18}" y="97" class="s">${esc(s !== "stored" ? s : series.includes("hocuspocus") ? "+ insert" : "bare + insert")}</text>`;
    })
    .join("");

/** Renders an SVG to a PNG with Debian's Chromium. */
async function svgToPng(svg: string, W: number, H: number, pngPath: string) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: W, height: H } });
    await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
    await page.screenshot({ path: pngPath, clip: { x: 0, y: 0, width: W, height: H } });
  } finally {
    await browser.close();
  }
}

export async function renderChart(r: ChartInput, pngPath: string) {
  const { app, baseline, stored } = r.medians;
  const series = ["baseline", "stored", "app"];
  const runs = (s: "app" | "baseline" | "stored", k: "cpuUsPerDelivery" | "p99") => r.runs.filter((x) => x.system === s).map((x) => x[k]);
  const W = 960;
  const H = 620;
  const pair = (label: string, k: keyof Medians, dots = false): Group => ({
    label,
    values: { baseline: baseline[k], stored: stored[k], app: app[k] },
    dots:
      dots && (k === "cpuUsPerDelivery" || k === "p99")
        ? { baseline: runs("baseline", k), stored: runs("stored", k), app: runs("app", k) }
        : undefined,
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
${STYLE}
<rect width="100%" height="100%" fill="#fff"/>
<text x="24" y="32" class="h">Chat fan-out: Leerkring vs bare Socket.IO, both on 2 nodes with the Redis pub/sub adapter</text>
<text x="24" y="54" class="s">${esc(`${r.date.slice(0, 10)}, ${r.mode}: ${r.config.clients} clients, ${r.config.reps} interleaved repetitions of ${r.config.seconds} s; medians, dots = repetitions`)}</text>
<text x="24" y="74" class="s">${esc(`vs bare: CPU/delivery app x${r.ratios.cpuPerDelivery}, bare + insert x${r.floor.cpuPerDelivery} (goal <= 1.3); p99 app x${r.ratios.p99}, bare + insert x${r.floor.p99} (goal <= 1.5); lost ${app.lost}, dup ${app.duplicated}`)}</text>
${legend(W, series)}
${panel(24, 110, 420, 240, "Server CPU per delivered message (us)", [pair("2 server nodes", "cpuUsPerDelivery", true)], series)}
${panel(500, 110, 440, 240, "Fan-out latency from intended send time (ms)", [pair("p50", "p50"), pair("p95", "p95"), pair("p99", "p99", true)], series)}
${panel(24, 370, 420, 230, "Delivered messages per second", [pair("offered load", "deliveredPerS")], series)}
${panel(500, 370, 440, 230, "Server RSS per connected client (KiB)", [pair("2 nodes together", "rssPerClientKiB")], series)}
</svg>`;
  await svgToPng(svg, W, H, pngPath);
}

interface CollabMedians {
  cpuUsPerUpdate: number;
  p50: number;
  p99: number;
  convergeMs: number;
  convergedRuns: string;
  dbWritesPerBatch: number | null;
}
interface CollabChartInput {
  date: string;
  mode: string;
  config: { reps: number; seconds: number; charsPerS: number };
  scenarios: Record<
    "single" | "multi",
    {
      editors: number;
      docs: number;
      medians: { app: CollabMedians; hocuspocus: CollabMedians; stored: CollabMedians };
      ratios: { cpuPerUpdate: number; p99: number };
      storedRatios: { cpuPerUpdate: number; p99: number };
    }
  >;
  open: {
    entries: number;
    before: { loadYDocMs: number; docJoinColdMs: number; storedBytes: number };
    after: { loadYDocMs: number; docJoinColdMs: number; storedBytes: number };
    hocuspocus: { openMs: number; storedBytes: number };
  };
  runs: { system: "app" | "hocuspocus" | "stored"; scenario: "single" | "multi"; cpuUsPerUpdate: number; p99: number }[];
}

/** The co-editing bench's chart (bench/collab.ts): app vs Hocuspocus per scenario, and the long log's open time. */
export async function renderCollabChart(r: CollabChartInput, pngPath: string) {
  const W = 960;
  const H = 660;
  const series = ["hocuspocus", "stored", "app"];
  const { single, multi } = r.scenarios;
  const label = (s: typeof single) => `${s.editors} editors, ${s.docs} doc${s.docs > 1 ? "s" : ""}`;
  const dots = (scenario: "single" | "multi", k: "cpuUsPerUpdate" | "p99") => ({
    hocuspocus: r.runs.filter((x) => x.system === "hocuspocus" && x.scenario === scenario).map((x) => x[k]),
    stored: r.runs.filter((x) => x.system === "stored" && x.scenario === scenario).map((x) => x[k]),
    app: r.runs.filter((x) => x.system === "app" && x.scenario === scenario).map((x) => x[k]),
  });
  const group = (
    s: typeof single,
    scenario: "single" | "multi",
    k: "cpuUsPerUpdate" | "p50" | "p99" | "convergeMs",
    lbl = label(s),
  ): Group => ({
    label: lbl,
    values: { hocuspocus: s.medians.hocuspocus[k], stored: s.medians.stored[k], app: s.medians.app[k] },
    dots: k === "cpuUsPerUpdate" || k === "p99" ? dots(scenario, k) : undefined,
  });
  const o = r.open;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
${STYLE}
<rect width="100%" height="100%" fill="#fff"/>
<text x="24" y="32" class="h">Co-editing: Leerkring vs Hocuspocus 3 (Redis extension), both on 2 nodes</text>
<text x="24" y="54" class="s">${esc(`${r.date.slice(0, 10)}, ${r.mode}: ${r.config.charsPerS} chars/s per editor, ${r.config.reps} interleaved repetitions of ${r.config.seconds} s; medians, dots = repetitions`)}</text>
<text x="24" y="74" class="s">${esc(`vs Hocuspocus (goal <= 1.0), 10 / 150 editors: CPU app x${single.ratios.cpuPerUpdate} / x${multi.ratios.cpuPerUpdate}, + insert x${single.storedRatios.cpuPerUpdate} / x${multi.storedRatios.cpuPerUpdate}; p99 app x${Math.round(single.ratios.p99)} / x${Math.round(multi.ratios.p99)}, + insert x${single.storedRatios.p99} / x${Math.round(multi.storedRatios.p99)}`)}</text>
${legend(W, series)}
${panel(24, 110, 440, 250, "Server CPU per update (us)", [group(single, "single", "cpuUsPerUpdate"), group(multi, "multi", "cpuUsPerUpdate")], series)}
${panel(500, 110, 440, 250, "Propagation latency p50 / p99 (ms)", [group(single, "single", "p50", "p50, 1 doc"), group(single, "single", "p99", "p99, 1 doc"), group(multi, "multi", "p50", `p50, ${multi.docs} docs`), group(multi, "multi", "p99", `p99, ${multi.docs} docs`)], series)}
${panel(24, 390, 440, 250, "Time to converge after typing stops (ms)", [group(single, "single", "convergeMs"), group(multi, "multi", "convergeMs")], series)}
${panel(
  500,
  390,
  440,
  250,
  `Open ${o.entries} updates (ms): orange log, green compacted`,
  [
    { label: "loadYDoc", values: { log: o.before.loadYDocMs, compacted: o.after.loadYDocMs } },
    { label: "doc:join, cold node", values: { log: o.before.docJoinColdMs, compacted: o.after.docJoinColdMs } },
    { label: "Hocuspocus open", values: { hocuspocus: o.hocuspocus.openMs } },
  ],
  ["log", "compacted", "hocuspocus"],
)}
</svg>`;
  await svgToPng(svg, W, H, pngPath);
}

interface RoundsMedians {
  cpuUsPerChange: number;
  p50: number;
  p95: number;
  p99: number;
  changesPerS: number;
  lost: number;
  duplicated: number;
}
interface RoundsChartInput {
  date: string;
  mode: string;
  config: { rounds: number; perRound: number; reps: number; seconds: number; intervalMs: number };
  workload: { viewBytes: { median: number } };
  medians: { app: RoundsMedians; stored: RoundsMedians; bare: RoundsMedians };
  ratios: { cpuPerChange: number; p99: number };
  floor: { cpuPerChange: number; p99: number };
  runs: { system: "app" | "stored" | "bare"; cpuUsPerChange: number; p99: number }[];
}

/** The live rounds bench's chart (bench/rounds.ts): app vs the floor (bare + one insert) vs bare Socket.IO. */
export async function renderRoundsChart(r: RoundsChartInput, pngPath: string) {
  const W = 960;
  const H = 400;
  const series = ["baseline", "stored", "app"];
  const { app, stored, bare } = r.medians;
  const runs = (s: "app" | "stored" | "bare", k: "cpuUsPerChange" | "p99") => r.runs.filter((x) => x.system === s).map((x) => x[k]);
  const group = (label: string, k: keyof RoundsMedians, dots = false): Group => ({
    label,
    values: { baseline: bare[k], stored: stored[k], app: app[k] },
    dots:
      dots && (k === "cpuUsPerChange" || k === "p99")
        ? { baseline: runs("bare", k), stored: runs("stored", k), app: runs("app", k) }
        : undefined,
  });
  const c = r.config;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
${STYLE}
<rect width="100%" height="100%" fill="#fff"/>
<text x="24" y="32" class="h">Live rounds: Leerkring vs bare Socket.IO + one insert, both on 2 nodes</text>
<text x="24" y="54" class="s">${esc(`${r.date.slice(0, 10)}, ${r.mode}: ${c.rounds} rounds of ${c.perRound}, a change per round every ${c.intervalMs} ms, views ~${r.workload.viewBytes.median} B; ${c.reps} reps of ${c.seconds} s, medians, dots = reps`)}</text>
<text x="24" y="74" class="s">${esc(`app vs floor (goal <= 1.3): CPU x${r.ratios.cpuPerChange}, p99 x${r.ratios.p99}; floor vs bare: CPU x${r.floor.cpuPerChange}, p99 x${r.floor.p99}; app lost ${app.lost}, dup ${app.duplicated}`)}</text>
${legend(W, series)}
${panel(24, 110, 420, 270, "Server CPU per state change (us)", [group("2 server nodes", "cpuUsPerChange", true)], series)}
${panel(500, 110, 440, 270, "Action to the last participant (ms)", [group("p50", "p50"), group("p95", "p95"), group("p99", "p99", true)], series)}
</svg>`;
  await svgToPng(svg, W, H, pngPath);
}

interface PagesChartInput {
  date: string;
  config: { events: number; messages: number; reps: number; smoke: boolean };
  rows: { page: string; emptyMs: number; fullMs: number; ratio: number }[];
}

/** Pages (bench/pages.ts): each page's p50 on the demo seed alone and with the bulk content. */
export async function renderPagesChart(r: PagesChartInput, pngPath: string) {
  const W = 1200;
  const perRow = 14;
  const chunks: PagesChartInput["rows"][] = [];
  for (let i = 0; i < r.rows.length; i += perRow) chunks.push(r.rows.slice(i, i + perRow));
  const H = 120 + chunks.length * 280;
  const short = (p: string) =>
    p
      .replace(/^groups\.\$groupId\.?/, "g/")
      .replace(/\.tsx?$/, "")
      .slice(0, 16);
  const worst = Math.max(...r.rows.map((x) => x.ratio));
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
${STYLE}
<rect width="100%" height="100%" fill="#fff"/>
<text x="24" y="32" class="h">Pages: loader p50 on the demo seed (grey) and with ${r.config.events} events in the group + ${r.config.messages} messages (blue)</text>
<text x="24" y="54" class="s">${esc(`${r.date}${r.config.smoke ? ", smoke" : ""}, ${r.config.reps} repetitions; worst ratio x${worst} (goal <= 1.2)`)}</text>
${legend(W, ["baseline", "app"])}
${chunks
  .map((c, i) =>
    panel(
      24,
      110 + i * 280,
      W - 48,
      260,
      "p50 (ms)",
      c.map((x) => ({ label: short(x.page), values: { baseline: x.emptyMs, app: x.fullMs } })),
    ),
  )
  .join("\n")}
</svg>`;
  await svgToPng(svg, W, H, pngPath);
}

interface MomentsOp {
  cpuUsPerOp: number;
  p50: number;
  p99: number;
}
type MomentsOps = { open: MomentsOp; broadcast: MomentsOp; answer: MomentsOp };
interface MomentsChartInput {
  date: string;
  mode: string;
  config: { reps: number; broadcasts: number; answerSeconds: number };
  workload: { participants: number; groups: number; breakouts: number };
  medians: { app: MomentsOps; stored: MomentsOps; bare: MomentsOps };
  ratios: Record<keyof MomentsOps, { cpu: number; p99: number }>;
  runs: ({ system: "app" | "stored" | "bare" } & Record<keyof MomentsOps, MomentsOp>)[];
}

/** The network moments bench's chart (bench/moments.ts): per operation, CPU and latency to the last participant. */
export async function renderMomentsChart(r: MomentsChartInput, pngPath: string) {
  const W = 1200;
  const H = 700;
  const series = ["baseline", "stored", "app"];
  const systems = { baseline: "bare", stored: "stored", app: "app" } as const;
  const ops = [
    ["open", "Open breakouts"],
    ["broadcast", "Broadcast"],
    ["answer", "Poll answer"],
  ] as const;
  const group = (op: keyof MomentsOps, label: string, k: keyof MomentsOp, dots: boolean): Group => ({
    label,
    values: Object.fromEntries(series.map((s) => [s, r.medians[systems[s as keyof typeof systems]][op][k]])),
    dots: dots
      ? Object.fromEntries(
          series.map((s) => [s, r.runs.filter((x) => x.system === systems[s as keyof typeof systems]).map((x) => x[op][k])]),
        )
      : undefined,
  });
  const w = r.workload;
  const panels = ops
    .map(([op, title], i) => {
      const x = 24 + i * 390;
      const ratio = r.ratios[op];
      return (
        panel(x, 110, 360, 270, `${title}: server CPU (us), app x${ratio.cpu}`, [group(op, "2 nodes", "cpuUsPerOp", true)], series) +
        panel(
          x,
          400,
          360,
          280,
          `${title}: to the last (ms), x${ratio.p99}`,
          op === "open" ? [group(op, "last participant", "p99", true)] : [group(op, "p50", "p50", false), group(op, "p99", "p99", true)],
          series,
        )
      );
    })
    .join("\n");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
${STYLE}
<rect width="100%" height="100%" fill="#fff"/>
<text x="24" y="32" class="h">Network moments: Leerkring vs bare Socket.IO + the same writes, both on 2 nodes</text>
<text x="24" y="54" class="s">${esc(`${r.date.slice(0, 10)}, ${r.mode}: ${w.participants} participants from ${w.groups} groups in ${w.breakouts} breakouts; ${r.config.broadcasts} broadcasts, ${w.participants} answers in ${r.config.answerSeconds} s; ${r.config.reps} reps, medians, dots = reps`)}</text>
<text x="24" y="74" class="s">${esc(`app vs floor (goal <= 1.3), CPU / p99: open x${r.ratios.open.cpu} / x${r.ratios.open.p99}, broadcast x${r.ratios.broadcast.cpu} / x${r.ratios.broadcast.p99}, answer x${r.ratios.answer.cpu} / x${r.ratios.answer.p99}; opening to the last one ${fmt(r.medians.app.open.p99)} ms (goal < 1000)`)}</text>
${legend(W, series)}
${panels}
</svg>`;
  await svgToPng(svg, W, H, pngPath);
}

interface SoakChartInput {
  date: string;
  mode: string;
  warmupS: number;
  samples: { t: number; node: number; heapMiB: number; handles: number; listeners: number }[];
  heapGrowthPct: number[];
}

/** One panel of lines over time (one per node), the warm-up shaded. */
function lines(x: number, y: number, w: number, h: number, title: string, warmupS: number, series: { t: number; v: number }[][]) {
  const all = series.flat();
  const tMax = Math.max(...all.map((p) => p.t), 1);
  const vMax = Math.max(...all.map((p) => p.v), 1e-9) * 1.1;
  const top = y + 34;
  const bottom = y + h - 28;
  const px = (t: number) => x + 40 + ((w - 50) * t) / tMax;
  const py = (v: number) => bottom - ((bottom - top) * v) / vMax;
  let out = `<text x="${x}" y="${y + 16}" class="t">${esc(title)}</text>`;
  out += `<rect x="${px(0)}" y="${top}" width="${px(Math.min(warmupS, tMax)) - px(0)}" height="${bottom - top}" fill="#eee"/>`;
  out += `<line x1="${px(0)}" y1="${bottom}" x2="${px(tMax)}" y2="${bottom}" stroke="#999"/><line x1="${px(0)}" y1="${top}" x2="${px(0)}" y2="${bottom}" stroke="#999"/>`;
  for (const v of [0, vMax / 2, vMax / 1.1])
    out += `<text x="${x + 34}" y="${py(v) + 4}" class="v" style="text-anchor:end">${fmt(v)}</text>`;
  for (let t = 0; t <= tMax; t += 60) out += `<text x="${px(t)}" y="${bottom + 16}" class="l">${t / 60} min</text>`;
  series.forEach((pts, i) => {
    const d = pts.map((p, k) => `${k ? "L" : "M"}${px(p.t).toFixed(1)},${py(p.v).toFixed(1)}`).join(" ");
    out += `<path d="${d}" fill="none" stroke="${["#1f6feb", "#c9a227"][i % 2]}" stroke-width="2"/>`;
  });
  return out;
}

/** Soak (bench/soak.ts): heap after GC, active handles and listeners of each node over time. */
export async function renderSoakChart(r: SoakChartInput, pngPath: string) {
  const W = 1100;
  const H = 880;
  const nodes = [...new Set(r.samples.map((s) => s.node))];
  const of = (k: "heapMiB" | "handles" | "listeners") =>
    nodes.map((n) => r.samples.filter((s) => s.node === n).map((s) => ({ t: s.t, v: s[k] })));
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
${STYLE}
<rect width="100%" height="100%" fill="#fff"/>
<text x="24" y="32" class="h">Soak: chat and co-editing together on 2 app nodes (node 1 blue, node 2 yellow)</text>
<text x="24" y="54" class="s">${esc(`${r.date}, ${r.mode}; warm-up (grey) ${r.warmupS} s excluded; heap growth after warm-up ${r.heapGrowthPct.map((g) => `${g} %`).join(" / ")}`)}</text>
${lines(24, 80, W - 48, 260, "heap used after a full GC (MiB)", r.warmupS, of("heapMiB"))}
${lines(24, 350, W - 48, 260, "active handles and resources (process.getActiveResourcesInfo())", r.warmupS, of("handles"))}
${lines(24, 620, W - 48, 260, "event listeners: Socket.IO server, namespaces, sockets, Redis clients, process", r.warmupS, of("listeners"))}
</svg>`;
  await svgToPng(svg, W, H, pngPath);
}

type SearchSystem = "app" | "floor" | "regex";
interface SearchChartInput {
  date: string;
  mode: string;
  config: { groups: number; reps: number; repeat: number; queries: readonly unknown[] };
  corpus: { texts: number; inBigGroup: number };
  cold: Partial<Record<SearchSystem, number[]>>;
  medians: Partial<Record<SearchSystem, Record<"group" | "all", { p50: number; p95: number }>>>;
  ratios: Record<"group" | "all", { p50: number; p95: number }> | null;
  runs: { system: SearchSystem; scenario: "group" | "all"; p95: number }[];
}

/** The search bench's chart (bench/search.ts): p50/p95 per scenario of the app against the library floor; the $regex scan apart (another scale). */
export async function renderSearchChart(r: SearchChartInput, pngPath: string) {
  const W = 1200;
  const H = 420;
  const series = (["floor", "app"] as const).filter((s) => r.medians[s]);
  const group = (scenario: "group" | "all", k: "p50" | "p95"): Group => ({
    label: k,
    values: Object.fromEntries(series.map((s) => [s, r.medians[s]![scenario][k]])),
    dots:
      k === "p95"
        ? Object.fromEntries(series.map((s) => [s, r.runs.filter((x) => x.system === s && x.scenario === scenario).map((x) => x.p95)]))
        : undefined,
  });
  const regex = r.medians.regex;
  const scan = (label: string, sc: "group" | "all"): Group => ({ label, values: { regex: regex?.[sc].p95 ?? NaN } });
  const ratio = (sc: "group" | "all") => (r.ratios ? `app/floor p50 x${r.ratios[sc].p50}, p95 x${r.ratios[sc].p95}` : "no app search yet");
  const shown = regex ? [...series, "regex"] : series;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
${STYLE}
<rect width="100%" height="100%" fill="#fff"/>
<text x="24" y="32" class="h">Search: Leerkring's pages vs MiniSearch in-process (the floor)${regex ? "; a $regex scan of the messages for reference" : ""}</text>
<text x="24" y="54" class="s">${esc(`${r.date.slice(0, 10)}, ${r.mode}: ${r.corpus.texts} texts in ${r.config.groups} groups (${r.corpus.inBigGroup} in one group); ${r.config.queries.length} queries x ${r.config.repeat}, ${r.config.reps} reps, medians, dots = reps`)}</text>
<text x="24" y="74" class="s">${esc(`cold (first query after a start, ms): ${shown.map((s) => `${s} ${(r.cold[s as SearchSystem] ?? []).map(fmt).join(" / ")}`).join("; ")}`)}</text>
${shown.map((s, i) => `<rect x="${W - 120 * (shown.length - i)}" y="86" width="12" height="12" fill="${COLORS[s]}"/><text x="${W - 120 * (shown.length - i) + 18}" y="97" class="s">${s}</text>`).join("")}
${panel(24, 110, 440, 290, `One group: ${ratio("group")} (ms)`, [group("group", "p50"), group("group", "p95")], [...series])}
${panel(490, 110, 440, 290, `All ${r.config.groups} groups: ${ratio("all")} (ms)`, [group("all", "p50"), group("all", "p95")], [...series])}
${regex ? panel(956, 110, 220, 290, "$regex scan p95 (ms)", [scan("group", "group"), scan("all", "all")], ["regex"]) : ""}
</svg>`;
  await svgToPng(svg, W, H, pngPath);
}

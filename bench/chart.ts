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
  medians: { app: Medians; baseline: Medians };
  ratios: { cpuPerDelivery: number; p99: number };
  runs: { system: "app" | "baseline"; cpuUsPerDelivery: number; p99: number }[];
}

const COLORS = { baseline: "#8a99a8", app: "#1f6feb" };
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

/** One panel: groups of bars (baseline, app) with value labels; dots for the repetitions when given. */
function panel(x: number, y: number, w: number, h: number, title: string, groups: { label: string; baseline: number; app: number; dots?: { baseline: number[]; app: number[] } }[]) {
  const max = Math.max(...groups.flatMap((g) => [g.baseline, g.app, ...(g.dots ? [...g.dots.baseline, ...g.dots.app] : [])]), 1e-9) * 1.15;
  const top = y + 34;
  const bottom = y + h - 28;
  const gw = (w - 20) / groups.length;
  const bw = Math.min(46, gw / 3);
  let out = `<text x="${x}" y="${y + 16}" class="t">${esc(title)}</text><line x1="${x}" y1="${bottom}" x2="${x + w}" y2="${bottom}" stroke="#999"/>`;
  groups.forEach((g, i) => {
    const cx = x + 10 + gw * i + gw / 2;
    (["baseline", "app"] as const).forEach((s, k) => {
      const v = g[s];
      const bh = ((bottom - top) * v) / max;
      const bx = cx - bw - 2 + k * (bw + 4);
      out += `<rect x="${bx}" y="${bottom - bh}" width="${bw}" height="${bh}" fill="${COLORS[s]}"/>`;
      out += `<text x="${bx + bw / 2}" y="${bottom - bh - 4}" class="v">${fmt(v)}</text>`;
      for (const d of g.dots?.[s] ?? []) out += `<circle cx="${bx + bw / 2}" cy="${bottom - ((bottom - top) * d) / max}" r="2.5" fill="#111" opacity="0.55"/>`;
    });
    out += `<text x="${cx}" y="${bottom + 16}" class="l">${esc(g.label)}</text>`;
  });
  return out;
}

export async function renderChart(r: ChartInput, pngPath: string) {
  const { app, baseline } = r.medians;
  const runs = (s: "app" | "baseline", k: "cpuUsPerDelivery" | "p99") => r.runs.filter((x) => x.system === s).map((x) => x[k]);
  const W = 960;
  const H = 620;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
<style>text{font-family:DejaVu Sans,Arial,sans-serif;fill:#111}.h{font-size:18px;font-weight:bold}.s{font-size:13px;fill:#444}.t{font-size:14px;font-weight:bold}.v{font-size:11px;text-anchor:middle}.l{font-size:12px;text-anchor:middle}</style>
<rect width="100%" height="100%" fill="#fff"/>
<text x="24" y="32" class="h">Chat fan-out: Leerkring vs bare Socket.IO, both on 2 nodes with the Redis pub/sub adapter</text>
<text x="24" y="54" class="s">${esc(`${r.date.slice(0, 10)}, ${r.mode}: ${r.config.clients} clients, ${r.config.reps} interleaved repetitions of ${r.config.seconds} s; medians, dots = repetitions`)}</text>
<text x="24" y="74" class="s">${esc(`CPU per delivery x${r.ratios.cpuPerDelivery} (goal <= 1.3), p99 x${r.ratios.p99} (goal <= 1.5); app lost ${app.lost}, duplicated ${app.duplicated}`)}</text>
<rect x="${W - 210}" y="86" width="12" height="12" fill="${COLORS.baseline}"/><text x="${W - 192}" y="97" class="s">baseline</text>
<rect x="${W - 120}" y="86" width="12" height="12" fill="${COLORS.app}"/><text x="${W - 102}" y="97" class="s">app</text>
${panel(24, 110, 420, 240, "Server CPU per delivered message (us)", [{ label: "2 server nodes", baseline: baseline.cpuUsPerDelivery, app: app.cpuUsPerDelivery, dots: { baseline: runs("baseline", "cpuUsPerDelivery"), app: runs("app", "cpuUsPerDelivery") } }])}
${panel(500, 110, 440, 240, "Fan-out latency from intended send time (ms)", [
    { label: "p50", baseline: baseline.p50, app: app.p50 },
    { label: "p95", baseline: baseline.p95, app: app.p95 },
    { label: "p99", baseline: baseline.p99, app: app.p99, dots: { baseline: runs("baseline", "p99"), app: runs("app", "p99") } },
  ])}
${panel(24, 370, 420, 230, "Delivered messages per second", [{ label: "offered load", baseline: baseline.deliveredPerS, app: app.deliveredPerS }])}
${panel(500, 370, 440, 230, "Server RSS per connected client (KiB)", [{ label: "2 nodes together", baseline: baseline.rssPerClientKiB, app: app.rssPerClientKiB }])}
</svg>`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: W, height: H } });
    await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
    await page.screenshot({ path: pngPath, clip: { x: 0, y: 0, width: W, height: H } });
  } finally {
    await browser.close();
  }
}

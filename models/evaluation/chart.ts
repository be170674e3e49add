// A line chart's geometry, computed on the server (docs/decisions/054), drawn by the page as SVG
// with no script, like the analysis radar (models/analysis/radar.ts). Pure.

export interface LineSeries {
  key: string;
  /** One value per label, or null where there is none (a gap in the line, "–" in the table). */
  values: (number | null)[];
}

export interface LineGeometry {
  width: number;
  height: number;
  /** The plot's box inside the SVG. */
  plot: { left: number; top: number; right: number; bottom: number };
  /** Horizontal grid lines with their value. */
  ticks: { y: number; value: number }[];
  /** Where each label sits on the x axis. */
  xs: number[];
  /** Each series as path segments (broken at gaps) and dots. */
  series: { key: string; paths: string[]; dots: { x: number; y: number; value: number }[] }[];
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/** The chart of `series` over `count` labels, on a y axis from `min` to `max` with a line every `step`. */
export function lineGeometry(count: number, series: LineSeries[], { min = 1, max = 5, step = 1 } = {}): LineGeometry {
  const width = 560;
  const height = 240;
  const plot = { left: 36, top: 12, right: width - 12, bottom: height - 28 };
  const span = Math.max(1e-9, max - min);
  const y = (v: number) => r1(plot.bottom - ((Math.max(min, Math.min(max, v)) - min) / span) * (plot.bottom - plot.top));
  const xs = Array.from({ length: count }, (_, i) =>
    r1(count === 1 ? (plot.left + plot.right) / 2 : plot.left + ((plot.right - plot.left) * i) / (count - 1)),
  );
  const ticks: { y: number; value: number }[] = [];
  for (let v = min; v <= max + 1e-9; v += step) ticks.push({ y: y(v), value: r1(v) });
  return {
    width,
    height,
    plot,
    ticks,
    xs,
    series: series.map((s) => {
      const paths: string[] = [];
      let run: string[] = [];
      s.values.forEach((v, i) => {
        if (v === null) {
          if (run.length) paths.push(run.join(" "));
          run = [];
        } else run.push(`${run.length ? "L" : "M"}${xs[i]},${y(v)}`);
      });
      if (run.length) paths.push(run.join(" "));
      return {
        key: s.key,
        paths,
        dots: s.values.flatMap((v, i) => (v === null ? [] : [{ x: xs[i], y: y(v), value: v }])),
      };
    }),
  };
}

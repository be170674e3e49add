// The radar chart's geometry, computed on the server (docs/decisions/036): the page draws it as SVG
// with no script and no charting library. Pure.

export const RADAR_SIZE = 320;
const CENTRE = RADAR_SIZE / 2;
const RADIUS = 110;
const LABEL_RADIUS = RADIUS + 18;

export interface RadarSeries {
  key: string;
  /** One value (1-5) per axis, or null where it has none (drawn at the centre, listed as "-" in the table). */
  values: (number | null)[];
}

export interface RadarGeometry {
  size: number;
  /** Each axis: its end and where its label goes, with the text anchor. */
  axes: { x: number; y: number; lx: number; ly: number; anchor: "start" | "middle" | "end" }[];
  /** The rings for 1..5, as polygon points. */
  rings: string[];
  /** Each series as polygon points, with its dots. */
  series: { key: string; points: string; dots: { x: number; y: number }[] }[];
}

const round = (n: number) => Math.round(n * 10) / 10;

function at(axis: number, count: number, r: number) {
  const angle = -Math.PI / 2 + (2 * Math.PI * axis) / count;
  return { x: round(CENTRE + r * Math.cos(angle)), y: round(CENTRE + r * Math.sin(angle)) };
}

/** The chart of `series` (values 1-5) over `count` axes, from the centre (0) to the outer ring (5). */
export function radarGeometry(count: number, series: RadarSeries[]): RadarGeometry {
  const axes = Array.from({ length: count }, (_, i) => {
    const end = at(i, count, RADIUS);
    const label = at(i, count, LABEL_RADIUS);
    const anchor: "start" | "middle" | "end" = Math.abs(label.x - CENTRE) < 4 ? "middle" : label.x > CENTRE ? "start" : "end";
    return { x: end.x, y: end.y, lx: label.x, ly: label.y, anchor };
  });
  const polygon = (r: (i: number) => number) =>
    Array.from({ length: count }, (_, i) => {
      const p = at(i, count, r(i));
      return `${p.x},${p.y}`;
    }).join(" ");
  return {
    size: RADAR_SIZE,
    axes,
    rings: [1, 2, 3, 4, 5].map((v) => polygon(() => (RADIUS * v) / 5)),
    series: series.map((s) => {
      const r = (i: number) => (RADIUS * Math.max(0, Math.min(5, s.values[i] ?? 0))) / 5;
      return {
        key: s.key,
        points: polygon(r),
        dots: s.values.flatMap((v, i) => (v === null ? [] : [at(i, count, r(i))])),
      };
    }),
  };
}

/** Mean and standard deviation (population) of `xs`, rounded to one decimal; null when empty. */
export function meanAndSpread(xs: number[]): { mean: number; spread: number } | null {
  if (xs.length === 0) return null;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const spread = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
  return { mean: round(mean), spread: round(spread) };
}

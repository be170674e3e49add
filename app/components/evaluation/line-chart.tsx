import type { LineGeometry } from "../../../models/evaluation/chart";
import { useT } from "../../i18n/use-t";

// A trend drawn as SVG from the server's geometry (docs/decisions/054), like the analysis radar: no
// script, no charting library. The SVG has a title and a description; the table beside it is the
// accessible equivalent and carries every value ("–" where there is none, with the reason).

export interface LineChartProps {
  idBase: string;
  title: string;
  chart: LineGeometry;
  /** The x axis: one label per point. */
  labels: string[];
  series: { key: string; label: string }[];
  /** Per series (same order), one value per label. */
  values: (number | null)[][];
  /** What "–" means in the table. */
  none: string;
  /** The table's first column header. */
  xHeader: string;
}

export function LineChart({ idBase, title, chart, labels, series, values, none, xHeader }: LineChartProps) {
  const t = useT();
  const fmt = (v: number | null) => (v === null ? null : v.toLocaleString(t.locale === "nl" ? "nl-BE" : "en-GB"));
  if (labels.length === 0) return <p className="muted">{t("evaluation_chart_empty")}</p>;
  return (
    <div className="evaluation-chart">
      <figure>
        <svg
          role="img"
          aria-labelledby={`${idBase}-title ${idBase}-desc`}
          viewBox={`0 0 ${chart.width} ${chart.height}`}
          width="100%"
          className="line-chart"
        >
          <title id={`${idBase}-title`}>{title}</title>
          <desc id={`${idBase}-desc`}>
            {t("evaluation_chart_desc", { series: series.map((s) => s.label).join(", "), n: labels.length })}
          </desc>
          <g className="line-grid">
            {chart.ticks.map((tick) => (
              <g key={tick.value}>
                <line className="tick-line" x1={chart.plot.left} x2={chart.plot.right} y1={tick.y} y2={tick.y} />
                <text x={chart.plot.left - 6} y={tick.y} textAnchor="end" dominantBaseline="middle">
                  {tick.value}
                </text>
              </g>
            ))}
          </g>
          {chart.series.map((s, i) => (
            <g key={s.key} className={`line-series s${i % 8}`}>
              {s.paths.map((d) => (
                <path key={d} d={d} fill="none" />
              ))}
              {s.dots.map((d) => (
                <circle key={`${d.x},${d.y}`} cx={d.x} cy={d.y} r={3.5} />
              ))}
            </g>
          ))}
          <g className="line-labels">
            {chart.xs.map((x, i) =>
              // At most about five labels fit under the axis; the table has every one.
              i % Math.ceil(labels.length / 5) === 0 ? (
                <text key={`${x}-${labels[i]}`} x={x} y={chart.plot.bottom + 18} textAnchor="middle">
                  {labels[i]}
                </text>
              ) : null,
            )}
          </g>
        </svg>
        {series.length > 1 ? (
          <figcaption>
            <ul className="radar-legend">
              {series.map((s, i) => (
                <li key={s.key}>
                  <svg width="28" height="10" aria-hidden="true" className={`line-series s${i % 8}`}>
                    <line className="key-line" x1="1" y1="5" x2="27" y2="5" />
                  </svg>{" "}
                  {s.label}
                </li>
              ))}
            </ul>
          </figcaption>
        ) : null}
      </figure>
      <section
        className="table-scroll"
        aria-label={t("evaluation_chart_table", { title })}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a wide table scrolls sideways on a phone, and a scrollable region must take focus so a keyboard can scroll it (axe scrollable-region-focusable)
        tabIndex={0}
      >
        <table className="analysis-table">
          <caption>{t("evaluation_chart_table", { title })}</caption>
          <thead>
            <tr>
              <th scope="col">{xHeader}</th>
              {series.map((s) => (
                <th key={s.key} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {labels.map((label, i) => (
              <tr key={`${label}-${i.toString()}`}>
                <th scope="row">{label}</th>
                {series.map((s, j) => (
                  <td key={s.key}>{fmt(values[j][i]) ?? <span title={none}>–</span>}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

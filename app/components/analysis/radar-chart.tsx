import type { ComparisonDTO } from "../../../models/analysis/analysis.service";
import { useT } from "../../i18n/use-t";

// The BSA/ESA/360 comparison as SVG drawn from the server's geometry (docs/decisions/036): no
// script, no charting library. The SVG has a title and a description; the table beside it is the
// accessible equivalent and carries every value.

const fmt = (locale: string, v: number | null) => (v === null ? null : v.toLocaleString(locale === "nl" ? "nl-BE" : "en-GB"));

export function RadarChart({ comparison, idBase }: { comparison: ComparisonDTO; idBase: string }) {
  const t = useT();
  const { radar, sections, series } = comparison;
  const label = (k: (typeof series)[number]) => t(`analysis_chart.series.${k}`);
  const titleId = `${idBase}-title`;
  const descId = `${idBase}-desc`;
  const pad = 70;
  return (
    <div className="analysis-chart">
      <figure>
        <svg
          role="img"
          aria-labelledby={`${titleId} ${descId}`}
          viewBox={`${-pad} -20 ${radar.size + 2 * pad} ${radar.size + 40}`}
          width="100%"
          className="radar"
        >
          <title id={titleId}>{t("analysis_chart.title")}</title>
          <desc id={descId}>{t("analysis_chart.desc", { series: series.map(label).join(", ") })}</desc>
          <g className="radar-grid">
            {radar.rings.map((points, i) => (
              <polygon key={points} points={points} className={i === 4 ? "outer" : undefined} />
            ))}
            {radar.axes.map((a) => (
              <line key={`${a.x},${a.y}`} x1={radar.size / 2} y1={radar.size / 2} x2={a.x} y2={a.y} />
            ))}
          </g>
          <g>
            {radar.series.map((s) => (
              <g key={s.key} className={`radar-series ${s.key}`}>
                <polygon points={s.points} />
                {s.dots.map((d) => (
                  <circle key={`${d.x},${d.y}`} cx={d.x} cy={d.y} r={3.5} />
                ))}
              </g>
            ))}
          </g>
          <g className="radar-labels">
            {radar.axes.map((a, i) => (
              <text key={sections[i].id} x={a.lx} y={a.ly} textAnchor={a.anchor} dominantBaseline="middle">
                {sections[i].title[t.locale]}
              </text>
            ))}
          </g>
        </svg>
        <figcaption>
          <ul className="radar-legend">
            {series.map((k) => (
              <li key={k}>
                <svg width="28" height="10" aria-hidden="true" className={`radar-series ${k}`}>
                  <line x1="1" y1="5" x2="27" y2="5" />
                </svg>{" "}
                {label(k)}
              </li>
            ))}
          </ul>
        </figcaption>
      </figure>
      <table className="analysis-table">
        <caption>{t("analysis_chart.table")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("analysis_chart.section")}</th>
            {series.map((k) => (
              <th key={k} scope="col">
                {label(k)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sections.map((s) => (
            <tr key={s.id}>
              <th scope="row">{s.title[t.locale]}</th>
              {series.map((k) => (
                <td key={k}>{fmt(t.locale, s[k]) ?? <span title={t("analysis_chart.none")}>–</span>}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every statement's values, section by section (with the raters' spread). */
export function ItemTable({ comparison }: { comparison: ComparisonDTO }) {
  const t = useT();
  const { sections, series } = comparison;
  return (
    <details className="card">
      <summary>{t("analysis_chart.items")}</summary>
      {sections.map((s) => (
        <table key={s.id} className="analysis-table items">
          <caption>{s.title[t.locale]}</caption>
          <thead>
            <tr>
              <th scope="col">{t("analysis_chart.statement")}</th>
              {series.map((k) => (
                <th key={k} scope="col">
                  {t(`analysis_chart.series.${k}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {s.items.map((i) => (
              <tr key={i.id}>
                <th scope="row">{i.prompt[t.locale]}</th>
                {series.map((k) => {
                  if (k !== "feedback") return <td key={k}>{fmt(t.locale, i[k]) ?? "–"}</td>;
                  return (
                    <td key={k}>
                      {i.feedback ? (
                        <>
                          {fmt(t.locale, i.feedback.mean)}{" "}
                          <span className="muted">
                            ({t("analysis_chart.spread", { spread: fmt(t.locale, i.feedback.spread) ?? "", n: i.feedback.n })})
                          </span>
                        </>
                      ) : (
                        "–"
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </details>
  );
}

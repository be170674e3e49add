import { Link } from "@remix-run/react";
import type { AnalysisCountsDTO } from "../../../models/analysis/analysis.service";
import { useT } from "../../i18n/use-t";

/** The organiser's view of the analyses (decision 036): per group, how many submitted; numbers only. */
export function AnalysisCounts({ trajectoryId, counts }: { trajectoryId: string; counts: AnalysisCountsDTO }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="analysis-counts-h">
      <h2 id="analysis-counts-h">{t("analysis_counts.title")}</h2>
      <p className="muted">{t("analysis_counts.intro")}</p>
      {counts.groups.length ? (
        <table className="analysis-table">
          <thead>
            <tr>
              <th scope="col">{t("analysis_counts.group")}</th>
              <th scope="col">{t("analysis_counts.leaders")}</th>
              <th scope="col">{t("analysis_counts.bsa")}</th>
              <th scope="col">{t("analysis_counts.esa")}</th>
            </tr>
          </thead>
          <tbody>
            {counts.groups.map((g) => (
              <tr key={g.id}>
                <th scope="row">{g.name}</th>
                <td>{g.leaders}</td>
                <td>{g.bsa}</td>
                <td>{g.esa}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p>
        <Link to={`/trajectories/${trajectoryId}/questionnaire`}>{t("analysis_counts.editQuestionnaire")}</Link>
      </p>
    </section>
  );
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useT } from "../i18n/use-t";
import { runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";
import { GroupErrorBoundary } from "../components/errors";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  return runService(request, () => context.services.group.getWhoSeesWhat(ctx, params.groupId ?? ""), params.groupId);
}

export default function WhoSeesWhat() {
  const t = useT();
  const { roles, matrix, people } = useLoaderData<typeof loader>();
  return (
    <>
      <h2>{t("wsw.title")}</h2>
      <p>{t("wsw.intro")}</p>
      <div style={{ overflowX: "auto" }}>
        <table>
          <caption className="sr-only">{t("wsw.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("wsw.kind")}</th>
              {roles.map((r) => (
                <th scope="col" key={r}>
                  {t(`role.${r}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.map((row) => (
              <tr key={row.kind}>
                <th scope="row">{t(`wsw.kind.${row.kind}`)}</th>
                {roles.map((r) => (
                  <td key={r}>{row.roles.includes(r) ? t("wsw.yes") : t("wsw.no")}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{t("wsw.people")}</h3>
      <dl className="card">
        {roles.map((r) => (
          <div key={r}>
            <dt>{t(`role.${r}`)}</dt>
            <dd>{people[r].length ? people[r].join(", ") : "—"}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

/** A refusal or a missing thing inside the group keeps the group's name and tabs around it. */
export const ErrorBoundary = GroupErrorBoundary;

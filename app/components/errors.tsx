import { isRouteErrorResponse, Link, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { useT } from "../i18n/use-t";
import type { loader as groupLoader } from "../routes/groups.$groupId";

/** A localised error inside the app's layout: 404 says nothing about whether the thing exists; a
 *  refusal (403) inside a group the reader belongs to says so, and to an organiser why. */
export function GroupErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  // The group layout's loader succeeded when a page inside it refused: the reader has a relation to the group.
  const shell = useRouteLoaderData<typeof groupLoader>("routes/groups.$groupId");
  const status = isRouteErrorResponse(error) ? error.status : 500;
  // Inside the group's layout (a page of the group refused) the group's name is the page's h1.
  const Heading = shell ? "h2" : "h1";
  if (status === 403 && shell?.role === "organiser")
    return (
      <div className="narrow" data-testid="organiser-refusal">
        <h2>{t("common.organiserTitle")}</h2>
        <p>{t("common.organiserWhy")}</p>
        <p>
          <Link to={`/trajectories/${shell.group.trajectoryId}`}>{t("common.toTrajectory")}</Link>
        </p>
      </div>
    );
  if (status === 403)
    return (
      <div>
        <h2>{t("common.forbiddenTitle")}</h2>
        <p>{t("common.forbidden")}</p>
        <p>
          <Link to={shell ? `/groups/${shell.group.id}` : "/"}>{shell ? shell.group.name : t("common.toHome")}</Link>
        </p>
      </div>
    );
  return (
    <div>
      <Heading>{status === 404 ? "404" : t("common.error")}</Heading>
      <p>{status === 404 ? t("common.notFound") : t("common.serverError")}</p>
      <p>
        <Link to="/">{t("common.toHome")}</Link>
      </p>
    </div>
  );
}

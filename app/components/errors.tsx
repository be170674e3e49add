import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useT } from "../i18n/use-t";

/** A localised error inside the app's layout: 404 says nothing about whether the thing exists. */
export function GroupErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <div>
      <h1>{notFound ? "404" : t("common.error")}</h1>
      <p>{notFound ? t("common.notFound") : t("common.serverError")}</p>
      <p>
        <Link to="/">{t("common.toHome")}</Link>
      </p>
    </div>
  );
}

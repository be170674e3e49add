import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { When } from "../i18n/use-dates";
import { useT } from "../i18n/use-t";
import { runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";
import type { MessageKey } from "../../models/i18n/i18n";
import { GroupErrorBoundary } from "../components/errors";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  const { group } = await runService(
    request,
    () => context.services.group.loadGroupFor(ctx.actor, params.groupId ?? "", "audit.read"),
    params.groupId,
  );
  return { entries: await context.services.audit.listAuditEntries(group._id) };
}

export default function Audit() {
  const t = useT();
  const { entries } = useLoaderData<typeof loader>();
  const roleName = (r: unknown) => (r === "leader" || r === "coach" || r === "guest" ? t(`role.${r}`) : String(r ?? ""));
  return (
    <>
      <h2>{t("audit.title")}</h2>
      {entries.length === 0 ? <p>{t("audit.empty")}</p> : null}
      <ul className="plain card">
        {entries.map((e) => (
          <li key={e.id}>
            <span className="status">
              <When iso={e.at} kind="timestamp" />
            </span>
            <span>
              {t(`audit.${e.type}` as MessageKey, {
                actor: e.actorName,
                subject: e.subjectName ?? "",
                role: roleName(e.data.role),
                to: roleName(e.data.to),
                version: e.data.version ?? "",
                name: e.data.name ?? "",
                group: e.data.group ?? "",
                // Retention (decision 048): months kept and records deleted.
                months: e.data.months ?? "",
                n: typeof e.data.n === "number" ? e.data.n : "",
              })}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

/** A refusal or a missing thing inside the group keeps the group's name and tabs around it. */
export const ErrorBoundary = GroupErrorBoundary;

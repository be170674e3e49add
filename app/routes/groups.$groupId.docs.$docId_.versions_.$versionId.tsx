import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FormMessage, SafeForm, Submit } from "../components/form";
import { useFormatDate } from "../i18n/use-dates";
import { useT } from "../i18n/use-t";
import { formAction, readForm, readIntent, runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";
import { LeftOutNotes } from "../components/docs/left-out";
import docsStyles from "../components/docs/docs.css";
import { GroupErrorBoundary } from "../components/errors";

// One past version, read-only: rendered on the server by the export's HTML renderer (the same
// Tiptap node names; every text escaped, only http(s)/mailto links), so it is safe to embed.
// Restoring asks for a confirmation and is a new change everyone's open editor converges on.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: docsStyles }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  const v = await runService(
    request,
    () =>
      context.services.version.getVersion(ctx, {
        groupId: params.groupId ?? "",
        docId: params.docId ?? "",
        versionId: params.versionId ?? "",
      }),
    params.groupId,
  );
  const { state: _state, ...rest } = v; // the browser needs the rendering, not the Yjs state
  return rest;
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    await readIntent(request, ["restore"]);
    await readForm(request, context, z.object({}));
    const groupId = params.groupId ?? "";
    const docId = params.docId ?? "";
    const { kind } = await runService(
      request,
      () => context.services.version.restoreVersion(ctx, { groupId, docId, versionId: params.versionId ?? "" }),
      groupId,
    );
    return redirect(kind === "charter" ? `/groups/${groupId}/charter` : `/groups/${groupId}/docs/${docId}`);
  });
}

export default function VersionPage() {
  const t = useT();
  const v = useLoaderData<typeof loader>();
  // The charter draft's stored title is Dutch; name it in the reader's language.
  const title = v.document.kind === "charter" ? t("charter.draftLabel") : v.document.title;
  const data = useActionData<typeof action>() as { ok?: boolean; message?: string } | undefined;
  const date = useFormatDate();
  const when = date(v.at);
  return (
    <>
      <p>
        <Link to={`/groups/${v.document.groupId}/docs/${v.document.id}/versions`}>← {t("versions.title", { title })}</Link>
      </p>
      <h2>
        {v.name || (v.charterVersion ? t("versions.charterVersion", { v: v.charterVersion }) : t("versions.auto"))}{" "}
        <span className="badge">{v.auto ? t("versions.auto") : t("versions.named")}</span>
      </h2>
      <FormMessage data={data} />
      <p className="notice">{t("versions.viewing", { when })}</p>
      <LeftOutNotes left={v.left} />
      <article className="card version-content" aria-label={t("versions.contentLabel")}>
        {v.html ? (
          // biome-ignore lint/security/noDangerouslySetInnerHtml: v.html is rendered on the server by models/document/export.ts (htmlBody), which escapes every text and attribute and keeps only http(s)/mailto links
          <div dangerouslySetInnerHTML={{ __html: v.html }} />
        ) : (
          <p>{t("versions.emptyContent")}</p>
        )}
      </article>
      {v.canWrite ? (
        <details className="card">
          <summary>{t("versions.restore")}</summary>
          <SafeForm>
            <p>{t("versions.restoreHelp")}</p>
            <Submit name="intent" value="restore">
              {t("versions.restoreConfirm")}
            </Submit>
          </SafeForm>
        </details>
      ) : (
        <p>{t("versions.readOnlyNote")}</p>
      )}
    </>
  );
}

/** A refusal or a missing thing inside the group keeps the group's name and tabs around it. */
export const ErrorBoundary = GroupErrorBoundary;

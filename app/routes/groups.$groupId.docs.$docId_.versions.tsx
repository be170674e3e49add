import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import type { EditorSpanDTO } from "../../models/document/version.service";
import { NameVersionForm } from "../../models/document/document.inputs";
import { Field, FormMessage, SafeForm, Submit } from "../components/form";
import { useFormatDate } from "../i18n/use-dates";
import { useT } from "../i18n/use-t";
import { formAction, readForm, readIntent, runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";
import docsStyles from "../components/docs/docs.css";
import { GroupErrorBoundary } from "../components/errors";

// A document's versions (docs/decisions/009): who edited since the newest, name the current
// state, the list (named and automatic, with who edited before each), each opened read-only.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: docsStyles }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  return runService(
    request,
    () => context.services.version.getVersionsPage(ctx, { groupId: params.groupId ?? "", docId: params.docId ?? "" }),
    params.groupId,
  );
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    await readIntent(request, ["name"]);
    const { name } = await readForm(request, context, NameVersionForm);
    await runService(
      request,
      () => context.services.version.createVersion(ctx, { groupId: params.groupId ?? "", docId: params.docId ?? "", name }),
      params.groupId,
    );
    return json({ ok: true as const, intent: "name" as const });
  });
}

function Editors({ editors }: { editors: EditorSpanDTO[] }) {
  const t = useT();
  const time = useFormatDate();
  if (editors.length === 0) return <p className="status">{t("versions.noEditors")}</p>;
  return (
    <p className="status">
      {t("versions.editedBy")}:{" "}
      {editors
        .map((e) =>
          e.from === e.to
            ? t("versions.editorOnce", { name: e.name, from: time(e.from) })
            : t("versions.editor", { name: e.name, from: time(e.from), to: time(e.to) }),
        )
        .join("; ")}
    </p>
  );
}

export default function Versions() {
  const t = useT();
  const time = useFormatDate();
  const { document: doc, canWrite, versions, sinceLast } = useLoaderData<typeof loader>();
  // The charter draft's stored title is Dutch; name it in the reader's language.
  const title = doc.kind === "charter" ? t("charter.draftLabel") : doc.title;
  const data = useActionData<typeof action>() as { ok?: boolean; message?: string; fieldErrors?: Record<string, string> } | undefined;
  const back = doc.kind === "charter" ? `/groups/${doc.groupId}/charter` : `/groups/${doc.groupId}/docs/${doc.id}`;
  const label = (v: { name: string; auto: boolean; charterVersion: number | null }) =>
    v.name || (v.charterVersion ? t("versions.charterVersion", { v: v.charterVersion }) : t("versions.auto"));
  return (
    <>
      <p>
        <Link to={back}>← {doc.kind === "charter" ? t("versions.backCharter") : t("versions.back")}</Link>
      </p>
      <h2>{t("versions.title", { title })}</h2>
      {data?.ok ? (
        <p className="notice" role="status">
          {t("versions.saved")}
        </p>
      ) : (
        <FormMessage data={data} />
      )}
      <section className="card" aria-labelledby="versions-current">
        <h3 id="versions-current">{t("versions.current")}</h3>
        <Editors editors={sinceLast} />
        {canWrite ? (
          <SafeForm>
            <Field label={t("versions.nameField")} name="name" required maxLength={200} error={data?.fieldErrors?.name} />
            <Submit name="intent" value="name">
              {t("versions.nameCurrent")}
            </Submit>
          </SafeForm>
        ) : (
          <p>{t("versions.readOnlyNote")}</p>
        )}
      </section>
      <h3>{t("versions.list")}</h3>
      {versions.length === 0 ? <p>{t("versions.empty")}</p> : null}
      <ol className="doc-list version-list">
        {versions.map((v) => (
          <li key={v.id} className="card">
            <strong>{label(v)}</strong> <span className="badge">{v.auto ? t("versions.auto") : t("versions.named")}</span>{" "}
            <time dateTime={v.at}>{time(v.at)}</time>
            {v.auto ? null : <p className="status">{t("versions.savedBy", { who: v.createdByName })}</p>}
            <Editors editors={v.editors} />
            <Link
              to={`/groups/${doc.groupId}/docs/${doc.id}/versions/${v.id}`}
              aria-label={t("versions.open", { name: `${label(v)}, ${time(v.at)}` })}
            >
              {t("versions.open", { name: label(v) })}
            </Link>
          </li>
        ))}
      </ol>
    </>
  );
}

/** A refusal or a missing thing inside the group keeps the group's name and tabs around it. */
export const ErrorBoundary = GroupErrorBoundary;

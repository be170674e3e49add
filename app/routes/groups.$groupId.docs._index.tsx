import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import {
  AnonymisedCopyInput,
  CreateCaseInput,
  CreateDocumentInput,
  RenameDocumentInput,
  SetCaseStatusInput,
} from "../../models/document/document.inputs";
import { objectIdString } from "../../models/shared/ids";
import { CASE_STATUSES } from "../../models/document/document.constants";
import { Field, FormMessage, SafeForm, Submit } from "../components/form";
import { useFormatDate } from "../i18n/use-dates";
import { useT } from "../i18n/use-t";
import { formAction, readForm, readIntent, runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";
import docsStyles from "../components/docs/docs.css";
import { GroupErrorBoundary } from "../components/errors";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: docsStyles }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").slice(0, 200);
  const archived = url.searchParams.get("archived") === "1";
  return runService(
    request,
    () => context.services.document.getDocsOverview(ctx, { groupId: params.groupId ?? "", q, archived }),
    params.groupId,
  );
}

const ArchiveForm = z.object({
  groupId: objectIdString,
  docId: objectIdString,
  archived: z.enum(["true", "false"]).transform((v) => v === "true"),
});
const INTENTS = ["create", "rename", "archive", "createCase", "caseStatus", "anonymise"] as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const intent = await readIntent(request, INTENTS);
    const groupId = params.groupId ?? "";
    const extra = { groupId };
    const run = <T,>(fn: () => Promise<T>) => runService(request, fn, groupId);
    switch (intent) {
      case "create": {
        const input = await readForm(request, context, CreateDocumentInput, extra);
        const doc = await run(() => context.services.document.createDocument(ctx, input));
        return redirect(`/groups/${groupId}/docs/${doc.id}`);
      }
      case "rename": {
        const input = await readForm(request, context, RenameDocumentInput, extra);
        await run(() => context.services.document.renameDocument(ctx, input));
        break;
      }
      case "archive": {
        const input = await readForm(request, context, ArchiveForm, extra);
        await run(() => context.services.document.setDocumentArchived(ctx, input));
        break;
      }
      case "createCase": {
        const input = await readForm(request, context, CreateCaseInput, extra);
        const c = await run(() => context.services.document.createCase(ctx, input));
        return redirect(`/groups/${groupId}/docs/${c.docId}`);
      }
      case "caseStatus": {
        const input = await readForm(request, context, SetCaseStatusInput, extra);
        await run(() => context.services.document.setCaseStatus(ctx, input));
        break;
      }
      case "anonymise": {
        const input = await readForm(request, context, AnonymisedCopyInput, extra);
        const doc = await run(() => context.services.document.anonymisedCopy(ctx, input));
        return redirect(`/groups/${groupId}/docs/${doc.id}`);
      }
    }
    return json({ ok: true as const, intent });
  });
}

export default function Documents() {
  const t = useT();
  const { documents, cases, canWrite, actorId } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as { ok?: boolean; message?: string; fieldErrors?: Record<string, string> } | undefined;
  const [params] = useSearchParams();
  const archived = params.get("archived") === "1";
  const when = useFormatDate();
  const documentsOnly = documents.filter((d) => d.kind !== "case");
  return (
    <>
      <h2>{t("docs.title")}</h2>
      <FormMessage data={data} />
      <Form method="get" role="search" className="card row search-row">
        <div className="field">
          <label htmlFor="docs-q">{t("docs.search")}</label>
          <input id="docs-q" name="q" type="search" defaultValue={params.get("q") ?? ""} maxLength={200} />
        </div>
        {archived ? <input type="hidden" name="archived" value="1" /> : null}
        <button type="submit">{t("docs.searchButton")}</button>
        <Link to={archived ? "." : "?archived=1"}>{archived ? t("docs.showCurrent") : t("docs.showArchived")}</Link>
      </Form>

      {canWrite && !archived ? (
        <details className="card">
          <summary>{t("docs.new")}</summary>
          <SafeForm>
            <Field label={t("docs.titleField")} name="title" required maxLength={200} error={data?.fieldErrors?.title} />
            <Submit name="intent" value="create">
              {t("docs.create")}
            </Submit>
          </SafeForm>
        </details>
      ) : null}

      {documentsOnly.length === 0 ? <p>{t("docs.empty")}</p> : null}
      <ul className="doc-list">
        {documentsOnly.map((d) => (
          <li key={d.id} className="card">
            <Link to={d.id}>
              <strong>{d.title}</strong>
            </Link>
            <p className="status">
              {d.lastEditorName
                ? t("docs.lastEdit", { when: when(d.updatedAt), who: d.lastEditorName })
                : t("docs.lastEditNobody", { when: when(d.updatedAt) })}
            </p>
            {canWrite ? (
              <details>
                <summary>{t("docs.rename")}</summary>
                <SafeForm>
                  <input type="hidden" name="docId" value={d.id} />
                  <Field label={t("docs.titleField")} name="title" defaultValue={d.title} required maxLength={200} />
                  <Submit name="intent" value="rename">
                    {t("docs.rename")}
                  </Submit>
                </SafeForm>
              </details>
            ) : null}
            {canWrite ? (
              <SafeForm>
                <input type="hidden" name="docId" value={d.id} />
                <input type="hidden" name="archived" value={d.archived ? "false" : "true"} />
                <Submit name="intent" value="archive">
                  {d.archived ? t("docs.restore") : t("docs.archive")}
                </Submit>
              </SafeForm>
            ) : null}
          </li>
        ))}
      </ul>

      <h2>{t("docs.cases")}</h2>
      {canWrite ? (
        <details className="card">
          <summary>{t("docs.newCase")}</summary>
          <SafeForm>
            <Field label={t("docs.titleField")} name="title" required maxLength={200} />
            <Submit name="intent" value="createCase">
              {t("docs.newCase")}
            </Submit>
          </SafeForm>
        </details>
      ) : null}
      {cases.length === 0 ? <p>{t("docs.casesEmpty")}</p> : null}
      <ul className="doc-list">
        {cases.map((c) => (
          <li key={c.id} className="card">
            <Link to={c.docId}>
              <strong>{c.title}</strong>
            </Link>{" "}
            <span className="badge">{t(`docs.status.${c.status}`)}</span>
            <p className="status">{t("docs.bringer", { name: c.bringerName })}</p>
            {canWrite ? (
              <SafeForm>
                <input type="hidden" name="caseId" value={c.id} />
                <label>
                  {t("docs.status")}{" "}
                  <select name="status" defaultValue={c.status}>
                    {CASE_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {t(`docs.status.${s}`)}
                      </option>
                    ))}
                  </select>
                </label>{" "}
                <Submit name="intent" value="caseStatus">
                  {t("docs.setStatus")}
                </Submit>
              </SafeForm>
            ) : null}
            {c.bringerId === actorId && canWrite ? (
              <details>
                <summary>{t("docs.anonymise")}</summary>
                <SafeForm>
                  <p>{t("docs.anonymiseHelp")}</p>
                  <input type="hidden" name="caseId" value={c.id} />
                  <Field label={t("docs.titleField")} name="title" defaultValue={`${c.title} (anon)`} required maxLength={200} />
                  <Submit name="intent" value="anonymise">
                    {t("docs.anonymise")}
                  </Submit>
                </SafeForm>
              </details>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}

/** A refusal or a missing thing inside the group keeps the group's name and tabs around it. */
export const ErrorBoundary = GroupErrorBoundary;

import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { getDocument } from "../../models/document/document.service";
import { runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";
import { CollabEditor } from "../components/docs/collab-editor";
import { useDocsT } from "../components/docs/messages";
import docsStyles from "../components/docs/docs.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: docsStyles }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx, user } = await requireServiceContext(request, context);
  const doc = await runService(request, () => getDocument(ctx, { groupId: params.groupId ?? "", docId: params.docId ?? "" }), params.groupId);
  return { ...doc, user: { id: String(user._id), name: user.name || user.email } };
}

export default function DocumentPage() {
  const t = useDocsT();
  const { document: doc, canWrite, user } = useLoaderData<typeof loader>();
  // The editor lives in the browser only (Yjs state, the socket); the server renders the frame.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return (
    <>
      <p>
        <Link to="..">← {t("docs.title")}</Link>
      </p>
      <h2>
        {doc.kind === "case" ? <span className="badge">{t("docs.case")}</span> : null} {doc.title}
      </h2>
      {doc.archived ? <p className="notice">{t("sync.archived")}</p> : null}
      <p>
        <a href={`/groups/${doc.groupId}/docs/${doc.id}/export?format=md`} download>
          {t("docs.exportMd")}
        </a>{" "}
        · <a href={`/groups/${doc.groupId}/docs/${doc.id}/export?format=html`} target="_blank" rel="noreferrer">
          {t("docs.exportHtml")}
        </a>{" "}
        · <Link to={`/groups/${doc.groupId}/docs/${doc.id}/versions`}>{t("versions.link")}</Link>
      </p>
      {mounted ? (
        <CollabEditor key={doc.id} groupId={doc.groupId} docId={doc.id} title={doc.title} canWrite={canWrite} user={user} />
      ) : (
        <p>{t("editor.loading")}</p>
      )}
    </>
  );
}

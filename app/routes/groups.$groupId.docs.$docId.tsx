import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { z } from "zod";
import type { Editor } from "@tiptap/react";
import { ReplyCommentInput, ResolveCommentInput } from "../../models/comment/comment.inputs";
import { CaseFileInput } from "../../models/document/document.inputs";
import { OwnerFiles } from "../components/files/owner-files";
import { resolutionOf, type CommentDTO } from "../../models/comment/comment.dto";
import { formAction, readForm, readIntent, runService, retryAfterHeaders } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";
import { CollabEditor } from "../components/docs/collab-editor";
import { CommentsPanel, type CommentDraft } from "../components/docs/comments-panel";
import { rangeOf, refreshHighlights } from "../components/docs/comment-highlights";
import { useDocComments } from "../components/docs/use-doc-comments";
import { useT } from "../i18n/use-t";
import { FormMessage } from "../components/form";
import { LeftOutNotes } from "../components/docs/left-out";
import docsStyles from "../components/docs/docs.css";
import { GroupErrorBoundary } from "../components/errors";
import { useFormatDate } from "../i18n/use-dates";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: docsStyles }];

export const headers = retryAfterHeaders;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx, user } = await requireServiceContext(request, context);
  const input = { groupId: params.groupId ?? "", docId: params.docId ?? "" };
  const doc = await runService(request, () => context.services.document.getDocumentPage(ctx, input), params.groupId);
  const { comments, syncFrom } = await runService(request, () => context.services.comment.listComments(ctx, input), params.groupId);
  return {
    ...doc,
    comments,
    syncFrom,
    user: { id: String(user._id), name: user.name || user.email },
    maxUploadBytes: context.services.deps.node.files.maxBytes,
  };
}

// Replying and resolving without JavaScript (with it, the page sends the same over the socket).
// Adding a comment needs a selection in the editor, so it has no form.
const ResolveForm = ResolveCommentInput.extend({ resolved: z.enum(["true", "false"]).transform((v) => v === "true") });
const INTENTS = ["reply", "resolve", "fileAttach", "fileRemove"] as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const intent = await readIntent(request, INTENTS);
    const groupId = params.groupId ?? "";
    const extra = { groupId, docId: params.docId ?? "" };
    // Someone else's (or no) document is a 404 before the form is read, as on every other door.
    await runService(request, () => context.services.document.getDocument(ctx, extra), groupId);
    if (intent === "fileAttach" || intent === "fileRemove") {
      // A case's files (issue 20 round two): the document service decides who may.
      const input = await readForm(request, context, CaseFileInput, extra);
      const s = context.services.document;
      await runService(
        request,
        async () => void (intent === "fileAttach" ? await s.attachCaseFile(ctx, input) : await s.removeCaseFile(ctx, input)),
        groupId,
      );
    } else if (intent === "reply") {
      const input = await readForm(request, context, ReplyCommentInput, extra);
      await runService(request, () => context.services.comment.replyToComment(ctx, input), groupId);
    } else {
      const input = await readForm(request, context, ResolveForm, extra);
      await runService(request, () => context.services.comment.setCommentResolved(ctx, input), groupId);
    }
    return json({ ok: true as const, intent });
  });
}

export default function DocumentPage() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const { document: doc, canWrite, user } = data;
  const day = useFormatDate(); // the harvest's origin (decision 074)
  const actionData = useActionData<typeof action>() as { ok?: boolean; message?: string } | undefined;
  // The editor lives in the browser only (Yjs state, the socket); the server renders the frame.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);

  const { comments, connected, run } = useDocComments({
    groupId: doc.groupId,
    docId: doc.id,
    comments: data.comments,
    syncFrom: data.syncFrom,
  });
  const [ed, setEd] = useState<{ editor: Editor; whenSaved: () => Promise<void>; synced: boolean } | null>(null);
  const [draft, setDraft] = useState<CommentDraft | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const open = useMemo(() => comments.filter((c) => !resolutionOf(c)), [comments]);
  const live = useRef({ open, activeId });
  live.current = { open, activeId };

  // Re-render the panel when the text changes (a comment's text may be gone now), and re-read the highlights.
  const [, setVersion] = useState(0);
  useEffect(() => {
    if (!ed) return;
    const bump = () => setVersion((n) => n + 1);
    ed.editor.on("update", bump);
    return () => void ed.editor.off("update", bump);
  }, [ed]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: open and activeId are triggers: the highlights read them through live.current and must be redrawn when they change
  useEffect(() => {
    if (ed && !ed.editor.isDestroyed) refreshHighlights(ed.editor.view);
  }, [ed, open, activeId]);

  const commentHooks = useMemo(
    () => ({
      getComments: () => live.current.open,
      getActiveId: () => live.current.activeId,
      onAdd: (d: CommentDraft | null) => {
        setDraft(d);
        setHint(d ? null : t("comments.selectFirst"));
      },
    }),
    [t],
  );
  const isRemoved = useCallback(
    (c: CommentDTO) => (ed?.synced && !ed.editor.isDestroyed ? rangeOf(ed.editor.state, c) === null : c.removed),
    [ed],
  );
  const select = useCallback(
    (c: CommentDTO) => {
      setActiveId(c.id);
      const r = ed && rangeOf(ed.editor.state, c);
      if (r) ed.editor.chain().focus().setTextSelection(r).scrollIntoView().run();
    },
    [ed],
  );

  return (
    <>
      <p>
        <Link to="..">← {t("docs.title")}</Link>
      </p>
      <h2>
        {doc.kind === "case" ? <span className="badge">{t("docs.case")}</span> : null} {doc.title}
      </h2>
      {doc.archived ? <p className="notice">{t("sync.archived")}</p> : null}
      {/* Network moments' harvest (decision 074): an output offered to the group shows where it came from. */}
      {doc.origin ? (
        <p className="notice" data-testid="doc-origin">
          {t("moment.harvest.origin", {
            title: doc.origin.momentTitle,
            date: day(doc.origin.momentStartsAt, "day"),
            breakout: doc.origin.breakoutTheme ?? t("moment.harvest.table", { number: doc.origin.breakoutIndex }),
          })}
        </p>
      ) : null}
      <p>
        <a href={`/groups/${doc.groupId}/docs/${doc.id}/export?format=md`} download>
          {t("docs.exportMd")}
        </a>{" "}
        ·{" "}
        <a href={`/groups/${doc.groupId}/docs/${doc.id}/export?format=html`} target="_blank" rel="noreferrer">
          {t("docs.exportHtml")}
        </a>{" "}
        · <Link to={`/groups/${doc.groupId}/docs/${doc.id}/versions`}>{t("versions.link")}</Link>
      </p>
      <FormMessage data={actionData} />
      <div className="doc-layout">
        <div className="doc-main">
          {data.content ? (
            // Content the editor cannot open (decision 021): what can be shown, read-only, and what not.
            <>
              <p className="notice" role="status">
                {t("content.readOnly")} <Link to={`/groups/${doc.groupId}/docs/${doc.id}/versions`}>{t("versions.link")}</Link>
              </p>
              <LeftOutNotes left={data.content.left} />
              <article className="card version-content" aria-label={t("content.readOnlyLabel")}>
                {/* biome-ignore lint/security/noDangerouslySetInnerHtml: content.html is rendered on the server by models/document/export.ts (htmlOf), which escapes every text and attribute and keeps only http(s)/mailto links */}
                <div dangerouslySetInnerHTML={{ __html: data.content.html }} />
              </article>
            </>
          ) : mounted ? (
            <CollabEditor
              key={doc.id}
              groupId={doc.groupId}
              docId={doc.id}
              title={doc.title}
              canWrite={canWrite}
              user={user}
              comments={canWrite ? commentHooks : { ...commentHooks, onAdd: () => undefined }}
              onEditor={setEd}
            />
          ) : (
            <p>{t("editor.loading")}</p>
          )}
          {hint ? (
            <p className="notice" role="status">
              {hint}
            </p>
          ) : null}
          {data.files ? (
            <OwnerFiles groupId={doc.groupId} files={data.files} canEdit={canWrite} maxUploadBytes={data.maxUploadBytes} />
          ) : null}
        </div>
        <CommentsPanel
          comments={comments}
          canWrite={canWrite}
          connected={connected}
          run={run}
          draft={draft}
          beforeAdd={() => ed?.whenSaved() ?? Promise.resolve()}
          onDraftDone={() => {
            setDraft(null);
            ed?.editor.commands.focus();
          }}
          isRemoved={isRemoved}
          activeId={activeId}
          onSelect={select}
        />
      </div>
    </>
  );
}

/** A refusal or a missing thing inside the group keeps the group's name and tabs around it. */
export const ErrorBoundary = GroupErrorBoundary;

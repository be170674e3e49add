import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useEffect, useId, useState } from "react";
import { AcceptCharterInput, ProposeCharterDraftInput, ProposeCharterInput } from "../../models/group/group.inputs";
import { FormMessage, SafeForm, Submit } from "../components/form";
import { CollabEditor } from "../components/docs/collab-editor";
import { useT } from "../i18n/use-t";
import { formAction, readForm, readIntent, runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";
import type { loader as layoutLoader } from "./groups.$groupId";
import docsStyles from "../components/docs/docs.css";
import { GroupErrorBoundary } from "../components/errors";
// Erasure (decision 064)
import { SetGroupErasureInput } from "../../models/privacy/erasure.inputs";
import { GROUP_ERASURE_CHOICES } from "../../models/privacy/erasure.constants";
import { objectIdString } from "../../models/shared/ids";

// The charter: the fixed current version (what members accept) and the co-edited draft of the
// next one (docs/decisions/009). Proposing freezes the draft; accepting accepts exactly the fixed
// version shown. Without JavaScript: accept, propose the draft, or propose a plain text.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: docsStyles }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx, user } = await requireServiceContext(request, context);
  const groupId = params.groupId ?? "";
  const charter = await runService(request, () => context.services.charter.getCharter(ctx, groupId), groupId);
  const draft = await runService(request, () => context.services.charter.getCharterDraft(ctx, groupId), groupId);
  // Erasure (decision 064): what a member's writing becomes when they delete their account.
  const erasure = await runService(request, () => context.services.erasure.getGroupErasure(ctx, groupId), groupId);
  return { charter, draft, erasure, user: { id: String(user._id), name: user.name || user.email } };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const intent = await readIntent(request, ["accept", "propose", "proposeDraft", "erasure"]);
    const extra = { groupId: params.groupId };
    if (intent === "erasure") {
      // Erasure (decision 064): the group's choice, beside the charter.
      const input = await readForm(request, context, SetGroupErasureInput.extend({ groupId: objectIdString }), extra);
      await runService(request, () => context.services.erasure.setGroupErasure(ctx, input), params.groupId);
    } else if (intent === "accept") {
      const input = await readForm(request, context, AcceptCharterInput, extra);
      await runService(request, () => context.services.charter.acceptCharter(ctx, input), params.groupId);
    } else if (intent === "propose") {
      const input = await readForm(request, context, ProposeCharterInput, extra);
      await runService(request, () => context.services.charter.proposeCharter(ctx, input), params.groupId);
    } else {
      const input = await readForm(request, context, ProposeCharterDraftInput, extra);
      await runService(request, () => context.services.charter.proposeCharter(ctx, input), params.groupId);
    }
    return json({ ok: true as const, intent });
  });
}

export default function Charter() {
  const t = useT();
  const { charter, draft, erasure, user } = useLoaderData<typeof loader>();
  const shell = useRouteLoaderData<typeof layoutLoader>("routes/groups.$groupId");
  const data = useActionData<typeof action>() as { ok?: boolean; message?: string; fieldErrors?: Record<string, string> } | undefined;
  const textId = useId();
  // The editor lives in the browser only (Yjs state, the socket); the server renders the frame.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const accepted = charter.acceptedVersion >= charter.version;
  const isMember = shell?.role !== "organiser";
  const next = charter.version + 1;
  return (
    <>
      <h2>{t("charter.title")}</h2>
      <FormMessage data={data} />
      <section aria-labelledby="charter-fixed">
        <h3 id="charter-fixed">{charter.version === 0 ? t("charter.title") : t("charter.fixedTitle", { v: charter.version })}</h3>
        {charter.version === 0 ? (
          <p>{t("charter.none")}</p>
        ) : (
          <>
            <p>{t("charter.fixedHelp")}</p>
            <article
              className="card charter-fixed"
              aria-label={t("charter.version", { v: charter.version })}
              data-charter-version={charter.version}
            >
              <p className="status">{t("charter.version", { v: charter.version })}</p>
              {/* biome-ignore lint/security/noDangerouslySetInnerHtml: charter.html is rendered on the server by models/document/export.ts (htmlBody/textToHtml), which escapes every text and attribute and keeps only http(s)/mailto links */}
              <div dangerouslySetInnerHTML={{ __html: charter.html }} />
            </article>
          </>
        )}
        {isMember && charter.version > 0 ? (
          accepted ? (
            <p className="notice">{t("charter.accepted")}</p>
          ) : (
            <SafeForm className="card">
              <p>{charter.acceptedVersion > 0 ? t("charter.newVersion") : t("charter.mustAccept")}</p>
              <input type="hidden" name="version" value={charter.version} />
              <Submit name="intent" value="accept">
                {t("charter.accept")}
              </Submit>
            </SafeForm>
          )
        ) : null}
      </section>

      <section aria-labelledby="charter-draft" className="charter-draft">
        <h3 id="charter-draft">{t("charter.draftTitle", { v: next })}</h3>
        {draft ? (
          <>
            <p>{draft.canWrite ? t("charter.draftHelp", { v: next }) : t("charter.draftReadOnly")}</p>
            {mounted ? (
              // Remounted on a new version: its proposal moved this member's sockets out of the group's rooms.
              <CollabEditor
                key={`${draft.docId}:${charter.version}`}
                groupId={charter.groupId}
                docId={draft.docId}
                title={t("charter.draftLabel")}
                canWrite={draft.canWrite}
                user={user}
              />
            ) : (
              <p>{t("editor.loading")}</p>
            )}
            <p>
              <Link to={`/groups/${charter.groupId}/docs/${draft.docId}/versions`}>{t("charter.draftVersions")}</Link>
            </p>
            {draft.canPropose ? (
              <SafeForm className="card">
                <p>{t("charter.proposeDraftHelp", { v: next })}</p>
                {data?.fieldErrors?.draft ? (
                  <p className="field-error" role="alert">
                    {t.fieldError(data.fieldErrors.draft)}
                  </p>
                ) : null}
                <Submit name="intent" value="proposeDraft">
                  {t("charter.proposeDraft", { v: next })}
                </Submit>
              </SafeForm>
            ) : null}
          </>
        ) : (
          <p>{t("charter.noDraft")}</p>
        )}
      </section>

      {shell?.allow["charter.propose"] && accepted ? (
        <details className="card">
          <summary>{t("charter.proposeText")}</summary>
          <SafeForm>
            <p>{t("charter.proposeHelp")}</p>
            <div className="field">
              <label htmlFor={textId}>{t("charter.text")}</label>
              <textarea id={textId} name="text" defaultValue={charter.text} required minLength={10} maxLength={20000} />
              {data?.fieldErrors?.text ? (
                <p className="field-error" role="alert">
                  {t.fieldError(data.fieldErrors.text)}
                </p>
              ) : null}
            </div>
            <Submit name="intent" value="propose">
              {t("charter.submit")}
            </Submit>
          </SafeForm>
        </details>
      ) : null}
      <section aria-labelledby="charter-erasure">
        <h3 id="charter-erasure">{t("privacy_erasure_group_title")}</h3>
        {erasure.canSet ? (
          <SafeForm className="card">
            <fieldset>
              <legend>{t("privacy_erasure_group_title")}</legend>
              {GROUP_ERASURE_CHOICES.map((choice) => (
                <label key={choice} className="choice">
                  <input type="radio" name="erasure" value={choice} defaultChecked={erasure.erasure === choice} required />{" "}
                  {t(`privacy_erasure_group_${choice}`)}
                </label>
              ))}
            </fieldset>
            <Submit name="intent" value="erasure">
              {t("common.save")}
            </Submit>
          </SafeForm>
        ) : (
          <p>{t(`privacy_erasure_group_${erasure.erasure}`)}</p>
        )}
      </section>
    </>
  );
}

/** A refusal or a missing thing inside the group keeps the group's name and tabs around it. */
export const ErrorBoundary = GroupErrorBoundary;

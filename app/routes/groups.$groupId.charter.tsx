import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { z } from "zod";
import { acceptCharter, getCharter, proposeCharter } from "../../models/charter/charter.service";
import { AcceptCharterInput, ProposeCharterInput } from "../../models/group/group.inputs";
import { FormMessage, SafeForm, Submit } from "../components/form";
import { useT } from "../i18n/use-t";
import { formAction, readForm, runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";
import type { loader as layoutLoader } from "./groups.$groupId";
import { useId } from "react";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  return runService(request, () => getCharter(ctx, params.groupId ?? ""), params.groupId);
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const form = await request.clone().formData();
    const intent = z.enum(["accept", "propose"]).safeParse(form.get("intent"));
    if (!intent.success) throw new Response("Bad Request", { status: 400 });
    if (intent.data === "accept") {
      const input = await readForm(request, context, AcceptCharterInput, { groupId: params.groupId });
      await runService(request, () => acceptCharter(ctx, input), params.groupId);
    } else {
      const input = await readForm(request, context, ProposeCharterInput, { groupId: params.groupId });
      await runService(request, () => proposeCharter(ctx, input), params.groupId);
    }
    return json({ ok: true as const, intent: intent.data });
  });
}

export default function Charter() {
  const t = useT();
  const charter = useLoaderData<typeof loader>();
  const shell = useRouteLoaderData<typeof layoutLoader>("routes/groups.$groupId");
  const data = useActionData<typeof action>() as { ok?: boolean; message?: string; fieldErrors?: Record<string, string> } | undefined;
  const textId = useId();
  const accepted = charter.acceptedVersion >= charter.version;
  const isMember = shell?.role !== "organiser";
  return (
    <>
      <h2>{t("charter.title")}</h2>
      <FormMessage data={data} />
      {charter.version === 0 ? (
        <p>{t("charter.none")}</p>
      ) : (
        <article className="card" aria-label={t("charter.version", { v: charter.version })}>
          <p className="status">{t("charter.version", { v: charter.version })}</p>
          <div className="charter-text">{charter.text}</div>
        </article>
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
      {shell?.allow["charter.propose"] && accepted ? (
        <details className="card">
          <summary>{t("charter.propose")}</summary>
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
    </>
  );
}

import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ChangePasswordInput } from "../../models/user/user.inputs";
import { Field, FormMessage, SafeForm, Submit } from "../components/form";
import { MailPrefsSection } from "../components/settings/mail-prefs";
import { useT } from "../i18n/use-t";
import { formAction, readForm, runService } from "../utils/form.server";
import { requireServiceContext, startSession } from "../utils/session.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  return { mailPrefs: await context.services.notify.getMailPrefs(ctx) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const input = await readForm(request, context, ChangePasswordInput);
    await runService(request, () => context.services.user.changePassword(ctx, input));
    // Every session ended, this browser gets a fresh one.
    return json({ ok: true as const }, { headers: { "Set-Cookie": await startSession(ctx.actor.id, context) } });
  });
}

export default function Settings() {
  const t = useT();
  const { mailPrefs } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as { ok?: boolean; message?: string; fieldErrors?: Record<string, string> } | undefined;
  return (
    <div className="narrow">
      <h1>{t("settings.title")}</h1>
      <h2>{t("settings.password")}</h2>
      {data?.ok ? (
        <p className="notice" role="status">
          {t("settings.passwordChanged")}
        </p>
      ) : null}
      <SafeForm className="card">
        <FormMessage data={data} />
        <Field
          label={t("password.current")}
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          error={data?.fieldErrors?.currentPassword}
        />
        <Field
          label={t("password.new")}
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          error={data?.fieldErrors?.password}
        />
        <Field
          label={t("password.confirm")}
          name="passwordConfirm"
          type="password"
          autoComplete="new-password"
          required
          error={data?.fieldErrors?.passwordConfirm}
        />
        <Submit>{t("common.save")}</Submit>
      </SafeForm>
      <MailPrefsSection prefs={mailPrefs} />
    </div>
  );
}

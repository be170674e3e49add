import { json, type ActionFunctionArgs } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { ForgotPasswordInput } from "../../models/user/user.inputs";
import { Field, FormMessage, SafeForm, Submit } from "../components/form";
import { useT } from "../i18n/use-t";
import { formAction, readForm, runService, retryAfterHeaders } from "../utils/form.server";

export const headers = retryAfterHeaders;

export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(async () => {
    const input = await readForm(request, context, ForgotPasswordInput);
    // Same answer whether or not the account exists (the limits count either way).
    const address = context.clientIp ?? "unknown";
    await runService(request, () => context.services.user.requestPasswordReset(context.services.deps, input.email, address));
    return json({ ok: true as const });
  });
}

export default function Forgot() {
  const t = useT();
  const data = useActionData<typeof action>() as { ok?: boolean; message?: string; fieldErrors?: Record<string, string> } | undefined;
  return (
    <div className="narrow">
      <h1>{t("forgot.title")}</h1>
      {data?.ok ? (
        <p className="notice" role="status">
          {t("forgot.sent")}
        </p>
      ) : (
        <>
          <p>{t("forgot.intro")}</p>
          <SafeForm className="card">
            <FormMessage data={data} />
            <Field label={t("login.email")} name="email" type="email" autoComplete="username" required error={data?.fieldErrors?.email} />
            <Submit>{t("forgot.submit")}</Submit>
          </SafeForm>
        </>
      )}
      <p>
        <Link to="/login">{t("nav.login")}</Link>
      </p>
    </div>
  );
}

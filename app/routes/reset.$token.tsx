import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ResetPasswordInput } from "../../models/user/user.inputs";
import { FormMessage, NewPasswordFields, SafeForm, Submit } from "../components/form";
import { useT } from "../i18n/use-t";
import { formAction, readForm, runService } from "../utils/form.server";
import { clearSessionCookie } from "../utils/session.server";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  return { usable: /^[A-Za-z0-9_-]{20,100}$/.test(token) && (await context.services.user.isTokenUsable(token, "reset")) };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  return formAction(async () => {
    const input = await readForm(request, context, ResetPasswordInput, { token: params.token });
    await runService(request, () => context.services.user.resetPassword(context.services.deps, input));
    return redirect("/login?reset=1", { headers: { "Set-Cookie": clearSessionCookie(context) } });
  });
}

export default function Reset() {
  const t = useT();
  const { usable } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as { message?: string; ok?: boolean; fieldErrors?: Record<string, string> } | undefined;
  return (
    <div className="narrow">
      <h1>{t("reset.title")}</h1>
      {!usable ? (
        <p role="alert">
          {t("token.invalid")} <Link to="/forgot">{t("login.forgot")}</Link>
        </p>
      ) : (
        <SafeForm className="card">
          <FormMessage data={data} />
          <NewPasswordFields errors={data?.fieldErrors} />
          <Submit>{t("reset.submit")}</Submit>
        </SafeForm>
      )}
    </div>
  );
}

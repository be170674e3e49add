import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useSearchParams } from "@remix-run/react";
import { LoginInput } from "../../models/user/user.inputs";
import { Field, FormMessage, SafeForm, Submit } from "../components/form";
import { PasskeySignIn } from "../components/mfa/passkeys";
import { useT } from "../i18n/use-t";
import { formAction, readForm, runService, safeNext, retryAfterHeaders } from "../utils/form.server";
import { getUser, signInAfterPassword } from "../utils/session.server";

export const headers = retryAfterHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getUser(request, context)) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(async () => {
    const next = safeNext(new URL(request.url).searchParams.get("next"));
    const input = await readForm(request, context, LoginInput);
    // The login limits live in the service (per network, and per account in that network).
    const address = context.clientIp ?? "unknown";
    const user = await runService(request, () => context.services.user.logIn(context.services.deps, input, address));
    // A second factor, when the user has one or must have one, before the session (decision 039).
    return signInAfterPassword(String(user._id), context, request, next);
  });
}

export default function Login() {
  const t = useT();
  const data = useActionData<typeof action>() as { message?: string; ok?: boolean; fieldErrors?: Record<string, string> } | undefined;
  const [params] = useSearchParams();
  return (
    <div className="narrow">
      <h1>{t("login.title")}</h1>
      <p>{t("login.intro")}</p>
      <SafeForm action={`/login${params.get("next") ? `?next=${encodeURIComponent(params.get("next")!)}` : ""}`} className="card">
        <FormMessage data={data} />
        <Field label={t("login.email")} name="email" type="email" autoComplete="username" required error={data?.fieldErrors?.email} />
        <Field
          label={t("login.password")}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={data?.fieldErrors?.password}
        />
        <Submit>{t("login.submit")}</Submit>
      </SafeForm>
      {/* Passwordless, with a passkey (decision 062) */}
      <PasskeySignIn purpose="signin" next={params.get("next") ?? "/"} />
      <p>
        <Link to="/forgot">{t("login.forgot")}</Link>
      </p>
      {/* Sign in with the school's account (decision 063) */}
      <p>
        <Link to={`/login/school${params.get("next") ? `?next=${encodeURIComponent(params.get("next")!)}` : ""}`}>
          {t("school_sign_in.link")}
        </Link>
      </p>
    </div>
  );
}

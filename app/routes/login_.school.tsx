import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useSearchParams } from "@remix-run/react";
import { SchoolSignInInput } from "../../models/oidc/oidc.inputs";
import { Field, FormMessage, SafeForm, Submit } from "../components/form";
import { useT } from "../i18n/use-t";
import { SCHOOL_SIGN_IN_COOKIE, setCookie } from "../utils/cookies.server";
import { formAction, readForm, runService, safeNext } from "../utils/form.server";
import { getUser } from "../utils/session.server";

// Sign in with the school's own account (decision 063): the e-mail address names the provider (by its
// domain), the browser goes there with a sign-in the callback checks (lk_oidc, ten minutes). Remix's
// client follows the redirect to the provider by script: the CSP's form-action 'self' would stop a
// form's own navigation there (so without JavaScript this step does not work).

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getUser(request, context)) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(async () => {
    const next = safeNext(new URL(request.url).searchParams.get("next"));
    const input = await readForm(request, context, SchoolSignInInput);
    const s = context.services;
    const { url, token } = await runService(request, () =>
      s.schoolSignIn.beginSchoolSignIn(s.deps, context.sessionSecret, { ...input, next }),
    );
    const cookie = setCookie(SCHOOL_SIGN_IN_COOKIE, token, context.cookieSecure, s.schoolSignIn.ATTEMPT_MINUTES * 60);
    return redirect(url, { headers: { "Set-Cookie": cookie } });
  });
}

export default function SchoolSignIn() {
  const t = useT();
  const data = useActionData<typeof action>() as { message?: string; ok?: boolean; fieldErrors?: Record<string, string> } | undefined;
  const [params] = useSearchParams();
  const next = params.get("next");
  return (
    <div className="narrow">
      <h1>{t("school_sign_in.title")}</h1>
      <p>{t("school_sign_in.intro")}</p>
      <SafeForm action={`/login/school${next ? `?next=${encodeURIComponent(next)}` : ""}`} className="card">
        <FormMessage data={data} />
        <Field label={t("login.email")} name="email" type="email" autoComplete="username" required error={data?.fieldErrors?.email} />
        <Submit>{t("school_sign_in.submit")}</Submit>
      </SafeForm>
      <p>
        <Link to={`/login${next ? `?next=${encodeURIComponent(next)}` : ""}`}>{t("school_sign_in.withPassword")}</Link>
      </p>
    </div>
  );
}

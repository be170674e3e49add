import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { SecondFactorCodeInput } from "../../models/mfa/mfa.inputs";
import { FormMessage, SafeForm, Submit } from "../components/form";
import { CodeField, SignInExpired } from "../components/mfa/totp-setup";
import { PasskeySignIn } from "../components/mfa/passkeys";
import { useT } from "../i18n/use-t";
import { formAction, readForm, retryAfterHeaders, runService, safeNext } from "../utils/form.server";
import { finishSignIn, getPendingSignIn, requirePendingSignIn } from "../utils/session.server";

// The second step of signing in (decision 039): the password was right, now a code from the app or a
// recovery code. Only with a pending sign-in (lk_pending, ten minutes); without one the page says to start again.
export const headers = retryAfterHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const pending = await getPendingSignIn(request, context, "verify");
  if (!pending) return json({ expired: true, passkeys: false, totp: false });
  // What the user has (decision 062): a passkey button, a code field (the app's code or a recovery code).
  const factors = await context.services.mfa.factorsOf(pending.userId);
  return json({ expired: false, passkeys: factors.passkeys > 0, totp: factors.totp });
}

export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(async () => {
    // The form first (CSRF, fields: 403/400 like every action), then whose sign-in it is.
    const input = await readForm(request, context, SecondFactorCodeInput);
    const pending = await runService(request, () => requirePendingSignIn(request, context, "verify"));
    const address = context.clientIp ?? "unknown";
    await runService(request, () =>
      context.services.mfa.verifySecondFactor(
        context.services.deps,
        context.sessionSecret,
        { userId: pending.userId, code: input.code },
        address,
      ),
    );
    const headers = await runService(request, () => finishSignIn(pending.token, context, request));
    return redirect(safeNext(new URL(request.url).searchParams.get("next")), { headers });
  });
}

export default function VerifySecondFactor() {
  const t = useT();
  const { expired, passkeys, totp } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const data = useActionData<typeof action>() as { message?: string; ok?: boolean; fieldErrors?: Record<string, string> } | undefined;
  if (expired) return <SignInExpired />;
  return (
    <div className="narrow">
      <h1>{t("mfa_verify.title")}</h1>
      <p>{totp ? t("mfa_verify.intro") : t("passkey.verifyIntro")}</p>
      {passkeys ? <PasskeySignIn purpose="verify" next={params.get("next") ?? "/"} /> : null}
      <SafeForm className="card">
        <FormMessage data={data} />
        <CodeField error={data?.fieldErrors?.code} />
        <Submit>{t("mfa_verify.submit")}</Submit>
      </SafeForm>
      <p>{t("mfa_verify.lost")}</p>
      <p>
        <Link to="/login">{t("mfa_verify.restart")}</Link>
      </p>
    </div>
  );
}

import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { SecondFactorCodeInput } from "../../models/mfa/mfa.inputs";
import { FormMessage, SafeForm, Submit } from "../components/form";
import { RecoveryCodes, SignInExpired, TotpSetup } from "../components/mfa/totp-setup";
import { useT } from "../i18n/use-t";
import { formAction, readForm, retryAfterHeaders, runService, safeNext } from "../utils/form.server";
import { finishSignIn, getPendingSignIn, requirePendingSignIn } from "../utils/session.server";

// Organisers and coaches sign in with a second factor (decision 039). One who has none sets it up
// here, right after the password, before any page of the app: the QR code and the secret, a first
// code, then the recovery codes once, and the session begins.
export const headers = retryAfterHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const pending = await getPendingSignIn(request, context, "enrol");
  if (!pending) return json({ enrolment: null });
  const enrolment = await runService(request, () => context.services.mfa.beginEnrolment(context.sessionSecret, pending.userId));
  return json({ enrolment });
}

export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(async () => {
    // The form first (CSRF, fields: 403/400 like every action), then whose sign-in it is.
    const input = await readForm(request, context, SecondFactorCodeInput);
    const pending = await runService(request, () => requirePendingSignIn(request, context, "enrol"));
    const address = context.clientIp ?? "unknown";
    const codes = await runService(request, () =>
      context.services.mfa.confirmEnrolment(
        context.services.deps,
        context.sessionSecret,
        { userId: pending.userId, code: input.code },
        address,
      ),
    );
    const headers = await runService(request, () => finishSignIn(pending.token, context, request));
    return json({ ok: true as const, codes, next: safeNext(new URL(request.url).searchParams.get("next")) }, { headers });
  });
}

export default function EnrolSecondFactor() {
  const t = useT();
  const { enrolment } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as
    | { ok: true; codes: string[]; next: string }
    | { ok: false; message?: string; fieldErrors?: Record<string, string> }
    | undefined;
  if (data?.ok) {
    return (
      <div className="narrow">
        <h1>{t("mfa_enrol.doneTitle")}</h1>
        <RecoveryCodes codes={data.codes} />
        <p>
          <Link to={data.next}>{t("mfa_enrol.continue")}</Link>
        </p>
      </div>
    );
  }
  if (!enrolment) return <SignInExpired />;
  return (
    <div className="narrow">
      <h1>{t("mfa_enrol.title")}</h1>
      <p>{t("mfa_enrol.intro")}</p>
      <SafeForm className="card">
        <FormMessage data={data} />
        <TotpSetup enrolment={enrolment} error={data?.fieldErrors?.code} />
        <Submit>{t("mfa_enrol.submit")}</Submit>
      </SafeForm>
    </div>
  );
}

import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { errorMessage } from "../../models/shared/error-messages";
import { isDomainError } from "../../models/shared/errors";
import { useT } from "../i18n/use-t";
import { readCookie, SCHOOL_SIGN_IN_COOKIE, setCookie } from "../utils/cookies.server";
import { getLocale } from "../utils/i18n.server";
import { safeNext } from "../utils/form.server";
import { signInAfterPassword } from "../utils/session.server";

// Where the school's provider sends the browser back (decision 063): the service checks the answer
// against this browser's sign-in (lk_oidc: state, nonce, PKCE) and the trajectory's accounts; then the
// sign-in goes on like one after the password (a second factor for organisers and coaches). A refusal
// is a page that says why, never the provider's own words.

const STATUS: Record<string, number> = { forbidden: 403, token_invalid: 400, unavailable: 503, not_found: 404 };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const s = context.services;
  const clear = setCookie(SCHOOL_SIGN_IN_COOKIE, "", context.cookieSecure, 0);
  let done: { userId: string; next: string };
  try {
    done = await s.schoolSignIn.finishSchoolSignIn(s.deps, context.sessionSecret, {
      token: readCookie(request, SCHOOL_SIGN_IN_COOKIE) ?? "",
      search: new URL(request.url).search,
    });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    const message = errorMessage(getLocale(request), e.code, e.meta);
    return json({ message }, { status: STATUS[e.code] ?? 400, headers: { "Set-Cookie": clear } });
  }
  const response = await signInAfterPassword(done.userId, context, request, safeNext(done.next));
  response.headers.append("Set-Cookie", clear);
  return response;
}

export default function SchoolSignInCallback() {
  const t = useT();
  const { message } = useLoaderData<typeof loader>();
  return (
    <div className="narrow">
      <h1>{t("school_sign_in.refusedTitle")}</h1>
      <p className="form-error" role="alert">
        {message}
      </p>
      <p>
        <Link to="/login/school">{t("school_sign_in.again")}</Link> · <Link to="/login">{t("school_sign_in.withPassword")}</Link>
      </p>
    </div>
  );
}

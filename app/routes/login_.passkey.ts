import { json, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { PasskeyOptionsInput, PasskeySignInInput } from "../../models/mfa/mfa.inputs";
import { formAction, readForm, readIntent, runService, safeNext } from "../utils/form.server";
import { finishSignIn, requirePendingSignIn, startSession } from "../utils/session.server";

// Signing in with a passkey (decision 062), called by the login pages' script
// (app/components/mfa/passkeys.tsx). "signin" is passwordless (any passkey of this site, unlocked on
// the device) from /login; "verify" is the second step after the password, for this browser's pending
// sign-in only. "options" gets the challenge, "finish" hands back the answer and starts the session.
const INTENTS = ["options", "finish"] as const;

/** Only the page's script posts here; a visit goes to the page. */
export const loader = () => redirect("/login");

export async function action({ request, context }: ActionFunctionArgs) {
  const intent = await readIntent(request, INTENTS);
  return formAction(async () => {
    const { passkey, deps } = context.services;
    const purpose = new URL(request.url).searchParams.get("purpose") === "verify" ? "verify" : "signin";
    const next = safeNext(new URL(request.url).searchParams.get("next"));
    const address = context.clientIp ?? "unknown";
    if (intent === "options") {
      await readForm(request, context, PasskeyOptionsInput, { purpose });
      const pending = purpose === "verify" ? await runService(request, () => requirePendingSignIn(request, context, "verify")) : null;
      const options = await runService(request, () => passkey.passkeySignInOptions(deps, pending?.userId ?? null));
      return json({ ok: true as const, options });
    }
    const { response } = await readForm(request, context, PasskeySignInInput);
    if (purpose === "verify") {
      const pending = await runService(request, () => requirePendingSignIn(request, context, "verify"));
      await runService(request, () => passkey.verifyPasskeySignIn(deps, { response, userId: pending.userId }, address));
      const headers = await runService(request, () => finishSignIn(pending.token, context, request));
      return json({ ok: true as const, next }, { headers });
    }
    const { userId } = await runService(request, () => passkey.verifyPasskeySignIn(deps, { response, userId: null }, address));
    return json({ ok: true as const, next }, { headers: { "Set-Cookie": await startSession(userId, context, request) } });
  });
}

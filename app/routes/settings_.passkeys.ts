import { json, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { PasskeyAddInput, PasskeyNameInput } from "../../models/mfa/mfa.inputs";
import { formAction, readForm, readIntent, runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

// Adding a passkey in Settings (decision 062), called by the page's script (app/components/mfa/passkeys.tsx):
// "options" names the passkey and gets the challenge for navigator.credentials.create(); "add" hands
// the browser's answer back. JSON both ways; the page's list is read again afterwards.
const INTENTS = ["options", "add"] as const;

/** Only the page's script posts here; a visit goes to the page. */
export const loader = () => redirect("/settings#passkeys");

export async function action({ request, context }: ActionFunctionArgs) {
  const intent = await readIntent(request, INTENTS);
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const { passkey } = context.services;
    if (intent === "options") {
      const input = await readForm(request, context, PasskeyNameInput);
      const options = await runService(request, () => passkey.passkeyRegistrationOptions(ctx, input));
      return json({ ok: true as const, options });
    }
    const input = await readForm(request, context, PasskeyAddInput);
    const { codes } = await runService(request, () => passkey.addPasskey(ctx, input));
    return json({ ok: true as const, codes });
  });
}

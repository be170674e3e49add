import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { MailPrefsInput } from "../../models/notify/notify.inputs";
import { readForm, runService } from "../utils/form.server";
import { requireServiceContext, requireUser } from "../utils/session.server";

// The settings page's e-mail section posts here (app/components/settings/mail-prefs.tsx) and is
// sent back to it with the outcome, so the section needs nothing of the page's own action.

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  return redirect("/settings#mail");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  try {
    const input = await readForm(request, context, MailPrefsInput);
    await runService(request, () => context.services.notify.setMailPrefs(ctx, input));
  } catch (e) {
    // readForm's refusals: a stale CSRF field (403) or a choice no form of ours sends (400).
    if (e instanceof Response && (e.status === 400 || e.status === 403))
      return redirect(`/settings?mail=${e.status === 403 ? "expired" : "invalid"}#mail`);
    throw e;
  }
  return redirect("/settings?mail=saved#mail");
}

import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { readForm, safeNext } from "../utils/form.server";
import { LOCALE_COOKIE, setCookie } from "../utils/cookies.server";
import { LocaleInput } from "../../models/user/user.inputs";
import { getUser, actorOf } from "../utils/session.server";

export const loader = () => redirect("/");

export async function action({ request, context }: ActionFunctionArgs) {
  const input = await readForm(request, context, LocaleInput.extend({ next: z.string().max(500).optional() }));
  const user = await getUser(request, context);
  if (user) await context.services.user.setLocale(context.services.as(actorOf(user)), input.locale);
  const next = safeNext(input.next);
  return redirect(next, { headers: { "Set-Cookie": setCookie(LOCALE_COOKIE, input.locale, context.cookieSecure, 365 * 86_400) } });
}

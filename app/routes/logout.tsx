import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { readForm } from "../utils/form.server";
import { clearSessionCookie, getUser } from "../utils/session.server";

export const loader = () => redirect("/");

/** Ends every session of the user, everywhere, including open sockets. */
export async function action({ request, context }: ActionFunctionArgs) {
  await readForm(request, context, z.object({}));
  const user = await getUser(request, context);
  if (user) await context.services.session.destroyUserSessions(String(user._id), context.services.deps.publisher);
  return redirect("/login", { headers: { "Set-Cookie": clearSessionCookie(context) } });
}

import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AcceptInviteInput } from "../../models/user/user.inputs";
import { Field, FormMessage, SafeForm, Submit, NewPasswordFields } from "../components/form";
import { useT } from "../i18n/use-t";
import { formAction, readForm, runService } from "../utils/form.server";
import { signInAfterPassword } from "../utils/session.server";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  return { usable: /^[A-Za-z0-9_-]{20,100}$/.test(token) && (await context.services.user.isTokenUsable(token, "invite")) };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  return formAction(async () => {
    const input = await readForm(request, context, AcceptInviteInput, { token: params.token });
    const userId = await runService(request, () => context.services.user.acceptInvite(context.services.deps, input));
    // A coach sets up the second factor first (decision 039).
    return signInAfterPassword(userId, context, request, "/");
  });
}

export default function Invite() {
  const t = useT();
  const { usable } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as { message?: string; ok?: boolean; fieldErrors?: Record<string, string> } | undefined;
  return (
    <div className="narrow">
      <h1>{t("invite.title")}</h1>
      {!usable ? (
        <p role="alert">{t("token.invalid")}</p>
      ) : (
        <>
          <p>{t("invite.intro")}</p>
          <SafeForm className="card">
            <FormMessage data={data} />
            <Field label={t("invite.name")} name="name" autoComplete="name" required error={data?.fieldErrors?.name} />
            <NewPasswordFields errors={data?.fieldErrors} />
            <Submit>{t("invite.submit")}</Submit>
          </SafeForm>
        </>
      )}
    </div>
  );
}

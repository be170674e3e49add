import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { DEFAULT_TIME_ZONE } from "../../models/i18n/dates";
import { ChangePasswordInput, ProfileInput } from "../../models/user/user.inputs";
import { Field, FormMessage, SafeForm, Submit } from "../components/form";
import { ProfileForm } from "../components/settings/profile-form";
import { useT } from "../i18n/use-t";
import { LOCALE_COOKIE, setCookie } from "../utils/cookies.server";
import { formAction, readForm, readIntent, runService } from "../utils/form.server";
import { requireServiceContext, startSession } from "../utils/session.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  const profile = await runService(request, () => context.services.user.getProfile(ctx));
  // Brussels first, then every IANA zone the server knows (and validates against).
  const timeZones = [...new Set([DEFAULT_TIME_ZONE, profile.timeZone, ...Intl.supportedValuesOf("timeZone")])];
  return json({ profile, timeZones });
}

const INTENTS = ["profile", "password"] as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const intent = await readIntent(request, INTENTS);
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    switch (intent) {
      case "profile": {
        const input = await readForm(request, context, ProfileInput);
        const profile = await runService(request, () => context.services.user.updateProfile(ctx, input));
        // The page language follows the profile, also after signing out.
        const headers = { "Set-Cookie": setCookie(LOCALE_COOKIE, profile.locale, context.cookieSecure, 365 * 86_400) };
        return json({ ok: true as const, intent }, { headers });
      }
      case "password": {
        const input = await readForm(request, context, ChangePasswordInput);
        await runService(request, () => context.services.user.changePassword(ctx, input));
        // Every session ended, this browser gets a fresh one.
        return json({ ok: true as const, intent }, { headers: { "Set-Cookie": await startSession(ctx.actor.id, context) } });
      }
    }
  }, intent);
}

type Result = { ok?: boolean; intent?: string; message?: string; fieldErrors?: Record<string, string> } | undefined;

export default function Settings() {
  const t = useT();
  const { profile, timeZones } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as Result;
  return (
    <div className="narrow">
      <h1>{t("settings.title")}</h1>
      <ProfileForm profile={profile} timeZones={timeZones} result={data} />
      <PasswordForm result={data} />
    </div>
  );
}

function PasswordForm({ result }: { result: Result }) {
  const t = useT();
  const data = result?.intent === "password" ? result : undefined;
  return (
    <section aria-labelledby="password-h">
      <h2 id="password-h">{t("settings.password")}</h2>
      {data?.ok ? (
        <p className="notice" role="status">
          {t("settings.passwordChanged")}
        </p>
      ) : null}
      <SafeForm className="card">
        <input type="hidden" name="intent" value="password" />
        <FormMessage data={data} />
        <Field
          label={t("password.current")}
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          error={data?.fieldErrors?.currentPassword}
        />
        <Field
          label={t("password.new")}
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          error={data?.fieldErrors?.password}
        />
        <Field
          label={t("password.confirm")}
          name="passwordConfirm"
          type="password"
          autoComplete="new-password"
          required
          error={data?.fieldErrors?.passwordConfirm}
        />
        <Submit>{t("common.save")}</Submit>
      </SafeForm>
    </section>
  );
}

import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { DEFAULT_TIME_ZONE } from "../../models/i18n/dates";
import { MailPrefsInput } from "../../models/notify/notify.inputs";
import { ChangePasswordInput, ProfileInput } from "../../models/user/user.inputs";
import { Field, Submit, NewPasswordFields } from "../components/form";
import { SettingsSection, type SettingsResult } from "../components/settings/section";
import { ProfileForm } from "../components/settings/profile-form";
import { MailPrefsSection } from "../components/settings/mail-prefs";
// Calendar feed (issue 14 item 2, decision 035)
import { CalendarFeedSection } from "../components/settings/calendar-feed";
import { CalendarFeedInput } from "../../models/meeting/meeting-content.inputs";
import { useT } from "../i18n/use-t";
import { LOCALE_COOKIE, setCookie } from "../utils/cookies.server";
import { formAction, readForm, readIntent, runService } from "../utils/form.server";
import { requireServiceContext, startSession } from "../utils/session.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  const profile = await runService(request, () => context.services.user.getProfile(ctx));
  // Brussels first, then every IANA zone the server knows (and validates against).
  const timeZones = [...new Set([DEFAULT_TIME_ZONE, profile.timeZone, ...Intl.supportedValuesOf("timeZone")])];
  const mailPrefs = await context.services.notify.getMailPrefs(ctx);
  const calendarFeed = await context.services.calendar.getFeedStatus(ctx);
  return json({ profile, timeZones, mailPrefs, calendarFeed });
}

const INTENTS = ["profile", "password", "mail", "calendar"] as const;

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
      case "mail": {
        const input = await readForm(request, context, MailPrefsInput);
        await runService(request, () => context.services.notify.setMailPrefs(ctx, input));
        return json({ ok: true as const, intent });
      }
      case "calendar": {
        const { op } = await readForm(request, context, CalendarFeedInput);
        if (op === "revoke") {
          await runService(request, () => context.services.calendar.revokeFeed(ctx));
          return json({ ok: true as const, intent });
        }
        const { token } = await runService(request, () => context.services.calendar.renewFeed(ctx));
        return json({ ok: true as const, intent, url: `${context.services.deps.appUrl}/calendar/${token}.ics` });
      }
    }
  }, intent);
}

export default function Settings() {
  const t = useT();
  const { profile, timeZones, mailPrefs, calendarFeed } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as SettingsResult;
  return (
    <div className="narrow">
      <h1>{t("settings.title")}</h1>
      <ProfileForm profile={profile} timeZones={timeZones} result={data} />
      <PasswordForm result={data} />
      <MailPrefsSection prefs={mailPrefs} result={data} />
      <CalendarFeedSection feed={calendarFeed} result={data} />
    </div>
  );
}

function PasswordForm({ result }: { result: SettingsResult }) {
  const t = useT();
  const errors = result?.intent === "password" ? result.fieldErrors : undefined;
  return (
    <SettingsSection intent="password" title={t("settings.password")} saved={t("settings.passwordChanged")} result={result}>
      <Field
        label={t("password.current")}
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        error={errors?.currentPassword}
      />
      <NewPasswordFields errors={errors} />
      <Submit>{t("common.save")}</Submit>
    </SettingsSection>
  );
}

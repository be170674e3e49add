import { z } from "zod";
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
import { formAction, readForm, readIntent, retryAfterHeaders, runService } from "../utils/form.server";
import { currentSessionId, requireServiceContext } from "../utils/session.server";
// Second factor and sessions (decisions 039, 040)
import { SecondFactorCodeInput, SessionIdInput } from "../../models/mfa/mfa.inputs";
import { SecondFactorSection } from "../components/settings/second-factor";
import { SessionsSection } from "../components/settings/sessions";
// Export of one's own data (decision 049)
import { DataExportSection } from "../components/settings/data-export";
// Passkeys (decision 062)
import { PasskeyRemoveInput } from "../../models/mfa/mfa.inputs";
import { PasskeysSection } from "../components/mfa/passkeys";
// Erasure of one's account (decision 064)
import { redirect } from "@remix-run/node";
import { RequestErasureInput } from "../../models/privacy/erasure.inputs";
import { ErasureSection } from "../components/settings/erasure";
import { clearSessionCookie } from "../utils/session.server";

export const headers = retryAfterHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  const profile = await runService(request, () => context.services.user.getProfile(ctx));
  // Brussels first, then every IANA zone the server knows (and validates against).
  const timeZones = [...new Set([DEFAULT_TIME_ZONE, profile.timeZone, ...Intl.supportedValuesOf("timeZone")])];
  const mailPrefs = await context.services.notify.getMailPrefs(ctx);
  const calendarFeed = await context.services.calendar.getFeedStatus(ctx);
  // Second factor and sessions (decisions 039, 040)
  const { mfa, session } = context.services;
  const [secondFactor, enrolment, sessions] = await Promise.all([
    mfa.getSecondFactorStatus(ctx),
    mfa.getEnrolment(context.sessionSecret, ctx.actor.id),
    session.listSessions(ctx, currentSessionId(request, context)),
  ]);
  // Export of one's own data (decision 049)
  const dataExport = await context.services.dataExport.getExportStatus(ctx);
  // Passkeys (decision 062)
  const passkeys = await context.services.passkey.listPasskeys(ctx);
  // Erasure of one's account (decision 064)
  const erasure = await context.services.erasure.getErasureStatus(ctx);
  return json({ profile, timeZones, mailPrefs, calendarFeed, secondFactor, enrolment, sessions, dataExport, passkeys, erasure });
}

const INTENTS = [
  "profile",
  "password",
  "mail",
  "calendar",
  // Second factor and sessions (decisions 039, 040)
  "mfaBegin",
  "mfaConfirm",
  "mfaRenew",
  "mfaRemove",
  "sessionEnd",
  "sessionEndOthers",
  // Export of one's own data (decision 049)
  "exportRequest",
  // Passkeys (decision 062); adding one is settings_.passkeys.ts
  "passkeyRemove",
  // Erasure of one's account (decision 064)
  "erasureRequest",
  "erasureCancel",
] as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const intent = await readIntent(request, INTENTS);
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const { mfa } = context.services;
    const address = context.clientIp ?? "unknown";
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
        // Every other session ends, with its sockets on every node (decision 040).
        await runService(request, () => context.services.user.changePassword(ctx, input, currentSessionId(request, context)));
        return json({ ok: true as const, intent });
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
      // Second factor and sessions (decisions 039, 040)
      case "mfaBegin": {
        await readForm(request, context, z.object({}));
        await runService(request, () => mfa.beginEnrolment(context.sessionSecret, ctx.actor.id));
        return json({ ok: true as const, intent });
      }
      case "mfaConfirm": {
        const { code } = await readForm(request, context, SecondFactorCodeInput);
        const codes = await runService(request, () =>
          mfa.confirmEnrolment(ctx, context.sessionSecret, { userId: ctx.actor.id, code }, address),
        );
        return json({ ok: true as const, intent, codes });
      }
      case "mfaRenew": {
        const input = await readForm(request, context, SecondFactorCodeInput);
        const codes = await runService(request, () => mfa.renewRecoveryCodes(ctx, context.sessionSecret, input, address));
        return json({ ok: true as const, intent, codes });
      }
      case "mfaRemove": {
        const { code } = await readForm(request, context, SecondFactorCodeInput);
        const currentSession = currentSessionId(request, context);
        await runService(request, () =>
          mfa.removeSecondFactor(ctx, context.sessionSecret, { code, currentSessionId: currentSession }, address),
        );
        return json({ ok: true as const, intent });
      }
      case "sessionEnd": {
        const { sessionId } = await readForm(request, context, SessionIdInput);
        await runService(request, () => context.services.session.endSession(ctx, currentSessionId(request, context), sessionId));
        return json({ ok: true as const, intent });
      }
      case "sessionEndOthers": {
        await readForm(request, context, z.object({}));
        await runService(request, () =>
          context.services.session.endOtherSessions(ctx.actor.id, currentSessionId(request, context), ctx.publisher),
        );
        return json({ ok: true as const, intent });
      }
      // Export of one's own data (decision 049)
      case "exportRequest": {
        await readForm(request, context, z.object({}));
        await runService(request, () => context.services.dataExport.requestExport(ctx));
        return json({ ok: true as const, intent });
      }
      // Passkeys (decision 062): every other session ends, with its sockets on every node.
      case "passkeyRemove": {
        const input = await readForm(request, context, PasskeyRemoveInput);
        const currentSession = currentSessionId(request, context);
        await runService(request, () =>
          context.services.passkey.removePasskey(ctx, { ...input, currentSessionId: currentSession }, address),
        );
        return json({ ok: true as const, intent });
      }
      // Erasure of one's account (decision 064): asking signs out everywhere, this browser too.
      case "erasureRequest": {
        const input = await readForm(request, context, RequestErasureInput);
        await runService(request, () => context.services.erasure.requestErasure(ctx, context.sessionSecret, input, address));
        return redirect("/login", { headers: { "Set-Cookie": clearSessionCookie(context) } });
      }
      case "erasureCancel": {
        await readForm(request, context, z.object({}));
        await runService(request, () => context.services.erasure.cancelErasure(ctx));
        return json({ ok: true as const, intent });
      }
    }
  }, intent);
}

export default function Settings() {
  const t = useT();
  const { profile, timeZones, mailPrefs, calendarFeed, secondFactor, enrolment, sessions, dataExport, passkeys, erasure } =
    useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as SettingsResult & { codes?: string[] };
  return (
    <div className="narrow">
      <h1>{t("settings.title")}</h1>
      <ProfileForm profile={profile} timeZones={timeZones} result={data} />
      <PasswordForm result={data} />
      <MailPrefsSection prefs={mailPrefs} result={data} />
      <CalendarFeedSection feed={calendarFeed} result={data} />
      <SecondFactorSection status={secondFactor} enrolment={enrolment} result={data} />
      <PasskeysSection passkeys={passkeys} required={secondFactor.required} result={data} />
      <SessionsSection sessions={sessions} result={data} />
      <DataExportSection status={dataExport} result={data} />
      <ErasureSection status={erasure} hasSecondFactor={secondFactor.enrolled || passkeys.length > 0} result={data} />
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

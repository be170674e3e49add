import type { Enrolment, SecondFactorStatus } from "../../../models/mfa/mfa.dto";
import { useT } from "../../i18n/use-t";
import { Submit } from "../form";
import { CodeField, RecoveryCodes, TotpSetup } from "../mfa/totp-setup";
import { SettingsSection, type SettingsResult } from "./section";

type Result = SettingsResult & { codes?: string[] };

/** The settings page's section for the second factor (decision 039): set up (mfaBegin, then the QR
 *  code and mfaConfirm), new recovery codes (mfaRenew) and, for whom it is not required, removal (mfaRemove). */
export function SecondFactorSection({
  status,
  enrolment,
  result,
}: {
  status: SecondFactorStatus;
  enrolment: Enrolment | null;
  result: Result;
}) {
  const t = useT();
  const codes = result?.ok && result.codes?.length ? result.codes : null;
  const errorOf = (intent: string) => (result?.intent === intent ? result.fieldErrors?.code : undefined);
  const title = t("mfa_settings.title");
  if (!status.enrolled && enrolment)
    return (
      <SettingsSection intent="mfaConfirm" id="second-factor" title={title} intro={t("mfa_enrol.intro")} saved="" result={result}>
        <TotpSetup enrolment={enrolment} error={errorOf("mfaConfirm")} />
        <Submit>{t("mfa_enrol.submit")}</Submit>
      </SettingsSection>
    );
  if (!status.enrolled)
    return (
      <SettingsSection
        intent="mfaBegin"
        id="second-factor"
        title={title}
        intro={status.required ? t("mfa_settings.required") : t("mfa_settings.offered")}
        saved=""
        result={result}
      >
        <Submit>{t("mfa_settings.begin")}</Submit>
      </SettingsSection>
    );
  return (
    <>
      <SettingsSection
        intent="mfaRenew"
        id="second-factor"
        title={title}
        intro={t("mfa_settings.on", { n: status.recoveryCodesLeft })}
        saved={result?.intent === "mfaConfirm" ? t("mfa_settings.enrolled") : t("mfa_settings.renewed")}
        result={result?.intent === "mfaConfirm" ? { ...result, intent: "mfaRenew" } : result}
      >
        {codes ? <RecoveryCodes codes={codes} /> : null}
        <p>{t("mfa_settings.renewHelp")}</p>
        <CodeField error={errorOf("mfaRenew")} />
        <Submit>{t("mfa_settings.renew")}</Submit>
      </SettingsSection>
      {status.required ? null : (
        <SettingsSection intent="mfaRemove" title={t("mfa_settings.removeTitle")} saved={t("mfa_settings.removed")} result={result}>
          <p>{t("mfa_settings.removeHelp")}</p>
          <CodeField error={errorOf("mfaRemove")} />
          <Submit className="danger">{t("mfa_settings.remove")}</Submit>
        </SettingsSection>
      )}
    </>
  );
}

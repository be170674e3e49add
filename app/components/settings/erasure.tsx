import type { ErasureStatusDTO } from "../../../models/privacy/erasure.dto";
import { ERASURE_COOLING_DAYS } from "../../../models/privacy/erasure.constants";
import { When } from "../../i18n/use-dates";
import { useT } from "../../i18n/use-t";
import { Field, Submit } from "../form";
import { SettingsSection, type SettingsResult } from "./section";

/** The settings page's erasure of one's account (decision 064): ask for it with the password (and the
 *  second factor's code), or, during the cooling-off period, cancel it. */
export function ErasureSection({
  status,
  hasSecondFactor,
  result,
}: {
  status: ErasureStatusDTO | null;
  hasSecondFactor: boolean;
  result: SettingsResult;
}) {
  const t = useT();
  const title = t("privacy_erasure_title");
  const intro = t("privacy_erasure_intro", { days: ERASURE_COOLING_DAYS });
  if (status)
    return (
      <SettingsSection intent="erasureCancel" id="erasure" title={title} saved={t("privacy_erasure_cancelled")} result={result}>
        <p role="status">
          <When iso={status.dueAt}>{(date) => t("privacy_erasure_pending", { date })}</When>
        </p>
        <Submit>{t("privacy_erasure_cancel")}</Submit>
      </SettingsSection>
    );
  const errors = result?.intent === "erasureRequest" ? result.fieldErrors : undefined;
  // Asking signs out and leaves the page; the notice here is the cancelled request's.
  const cancelled = result?.intent === "erasureCancel" && result.ok ? { ...result, intent: "erasureRequest" } : result;
  return (
    <SettingsSection
      intent="erasureRequest"
      id="erasure"
      title={title}
      intro={intro}
      saved={t("privacy_erasure_cancelled")}
      result={cancelled}
    >
      <Field
        label={t("privacy_erasure_password")}
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={errors?.password}
      />
      {hasSecondFactor ? (
        <Field label={t("privacy_erasure_code")} name="code" autoComplete="one-time-code" inputMode="text" required error={errors?.code} />
      ) : null}
      <Submit>{t("privacy_erasure_request")}</Submit>
    </SettingsSection>
  );
}

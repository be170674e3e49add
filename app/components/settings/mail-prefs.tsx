import { MAIL_CHOICES, MAIL_KINDS, type MailPrefs } from "../../../models/notify/notify.constants";
import { Submit } from "../form";
import { useT } from "../../i18n/use-t";
import { SettingsSection, type SettingsResult } from "./section";

/** The settings page's section for e-mail notifications: per kind, right away, daily or never
 *  (intent "mail" of the page's action). */
export function MailPrefsSection({ prefs, result }: { prefs: MailPrefs; result: SettingsResult }) {
  const t = useT();
  return (
    <SettingsSection
      intent="mail"
      id="mail"
      className="mail-prefs"
      title={t("settings.mail.title")}
      intro={t("settings.mail.intro")}
      saved={t("settings.mail.saved")}
      result={result}
    >
      {MAIL_KINDS.map((kind) => (
        <fieldset key={kind}>
          <legend>{t(`settings.mail.kind.${kind}`)}</legend>
          {MAIL_CHOICES.map((choice) => (
            <label key={choice} className="choice">
              <input type="radio" name={kind} value={choice} defaultChecked={prefs[kind] === choice} required />{" "}
              {t(`settings.mail.choice.${choice}`)}
            </label>
          ))}
        </fieldset>
      ))}
      <Submit>{t("common.save")}</Submit>
    </SettingsSection>
  );
}

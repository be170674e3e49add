import { useSearchParams } from "@remix-run/react";
import { MAIL_CHOICES, MAIL_KINDS, type MailPrefs } from "../../../models/notify/notify.constants";
import { SafeForm, Submit } from "../form";
import { useT } from "../../i18n/use-t";

/** The settings page's section for e-mail notifications: per kind, right away, daily or never.
 *  Posts to /settings/notifications, which comes back to /settings?mail=saved|invalid|expired. */
export function MailPrefsSection({ prefs }: { prefs: MailPrefs }) {
  const t = useT();
  const [params] = useSearchParams();
  const outcome = params.get("mail");
  return (
    <section id="mail" aria-labelledby="mail-title">
      <h2 id="mail-title">{t("settings.mail.title")}</h2>
      <p id="mail-intro">{t("settings.mail.intro")}</p>
      {outcome === "saved" ? (
        <p className="notice" role="status">
          {t("settings.mail.saved")}
        </p>
      ) : outcome === "invalid" || outcome === "expired" ? (
        <p className="form-error" role="alert">
          {t(outcome === "expired" ? "form.expired" : "error.invalid")}
        </p>
      ) : null}
      <SafeForm action="/settings/notifications" className="card mail-prefs" aria-describedby="mail-intro">
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
      </SafeForm>
    </section>
  );
}

import type { Enrolment } from "../../../models/mfa/mfa.dto";
import { useT } from "../../i18n/use-t";
import { Link } from "@remix-run/react";
import { Field } from "../form";

/** The QR code (an SVG made on the server, as an image: nothing of it runs) and the same secret as
 *  text, then the field for the first code. Inside the caller's form (decision 039). */
export function TotpSetup({ enrolment, error }: { enrolment: Enrolment; error?: string }) {
  const t = useT();
  return (
    <>
      <ol className="mfa-steps">
        <li>{t("mfa_setup.step.app")}</li>
        <li>
          {t("mfa_setup.step.scan")}
          <img className="mfa-qr" src={enrolment.qr} alt={t("mfa_setup.qrAlt")} width={200} height={200} />
          <span className="mfa-secret-label">{t("mfa_setup.secretLabel")}</span> <code className="mfa-secret">{enrolment.secret}</code>
        </li>
        <li>{t("mfa_setup.step.code")}</li>
      </ol>
      <CodeField error={error} oneTimeOnly />
    </>
  );
}

/** The code field: six digits from the app (or, at sign-in, a recovery code). */
export function CodeField({ error, oneTimeOnly }: { error?: string; oneTimeOnly?: boolean }) {
  const t = useT();
  return (
    <Field
      label={oneTimeOnly ? t("mfa_code.label") : t("mfa_code.labelOrRecovery")}
      name="code"
      autoComplete="one-time-code"
      inputMode={oneTimeOnly ? "numeric" : "text"}
      spellCheck={false}
      maxLength={20}
      required
      error={error}
    />
  );
}

/** The recovery codes, shown once, right after they were made. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  const t = useT();
  return (
    <div className="notice" role="status">
      <p>
        <strong>{t("mfa_recovery.title")}</strong>
      </p>
      <p>{t("mfa_recovery.intro", { n: codes.length })}</p>
      <ul className="mfa-recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A second-step page without its pending sign-in (expired after ten minutes, used, or never begun). */
export function SignInExpired() {
  const t = useT();
  return (
    <div className="narrow">
      <h1>{t("mfa_verify.title")}</h1>
      <p role="alert">{t("refusal.token_invalid.sign_in")}</p>
      <p>
        <Link to="/login">{t("mfa_verify.restart")}</Link>
      </p>
    </div>
  );
}

import type { SessionDTO } from "../../../models/session/session.dto";
import { Ago, When } from "../../i18n/use-dates";
import { useT } from "../../i18n/use-t";
import { FormMessage, SafeForm, Submit } from "../form";
import type { SettingsResult } from "./section";
import { useId } from "react";

/** The settings page's list of signed-in devices (decision 040): browser and system, signed in since,
 *  last active (to the minute); "sign out" per device (sessionEnd) and everywhere else (sessionEndOthers). */
export function SessionsSection({ sessions, result }: { sessions: SessionDTO[]; result: SettingsResult }) {
  const t = useT();
  const headingId = useId();
  const mine = result?.intent === "sessionEnd" || result?.intent === "sessionEndOthers" ? result : undefined;
  const others = sessions.filter((s) => !s.current).length;
  return (
    <section id="sessions" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("sessions_title")}</h2>
      <p>{t("sessions_intro")}</p>
      {mine?.ok ? (
        <p className="notice" role="status">
          {mine.intent === "sessionEnd" ? t("sessions_ended") : t("sessions_endedOthers")}
        </p>
      ) : null}
      <FormMessage data={mine} />
      <ul className="sessions card">
        {sessions.map((s) => (
          <li key={s.id}>
            <strong>
              {[s.browser || t("sessions_unknownBrowser"), s.os || t("sessions_unknownSystem")].join(" · ")}
              {s.current ? ` (${t("sessions_thisDevice")})` : ""}
            </strong>
            <br />
            <span className="status">
              {t("sessions_since")} <When iso={s.createdAt} /> · {t("sessions_lastActive")} <Ago iso={s.lastSeenAt} />
            </span>
            {s.current ? null : (
              <SafeForm>
                <input type="hidden" name="sessionId" value={s.id} />
                <Submit name="intent" value="sessionEnd" className="secondary">
                  {t("sessions_end")}
                </Submit>
              </SafeForm>
            )}
          </li>
        ))}
      </ul>
      {others > 0 ? (
        <SafeForm>
          <Submit name="intent" value="sessionEndOthers" className="danger">
            {t("sessions_endOthers", { n: others })}
          </Submit>
        </SafeForm>
      ) : (
        <p className="status">{t("sessions_onlyThis")}</p>
      )}
    </section>
  );
}

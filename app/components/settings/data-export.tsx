import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import type { DataExportDTO } from "../../../models/privacy/export.dto";
import { When } from "../../i18n/use-dates";
import { useT } from "../../i18n/use-t";
import { Submit } from "../form";
import { SettingsSection, type SettingsResult } from "./section";

/** How often the page asks again while an export is being built. */
const POLL_MS = 2_000;

/** The settings page's export of one's own data (decision 049): request it, follow its progress; the
 *  download link comes by mail. */
export function DataExportSection({ status, result }: { status: DataExportDTO | null; result: SettingsResult }) {
  const t = useT();
  const revalidator = useRevalidator();
  const busy = status?.status === "queued" || status?.status === "building";
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [busy, revalidator]);
  return (
    <SettingsSection
      intent="exportRequest"
      id="export"
      title={t("privacy_export_title")}
      intro={t("privacy_export_intro")}
      saved={t("privacy_export_requested")}
      result={result}
    >
      {status ? (
        <div role="status" aria-live="polite">
          {status.status === "queued" ? <p>{t("privacy_export_status_queued")}</p> : null}
          {status.status === "building" ? (
            <p>
              <label>
                {t("privacy_export_status_building", { progress: status.progress })} <progress max={100} value={status.progress} />
              </label>
            </p>
          ) : null}
          {status.status === "ready" && status.expiresAt ? (
            <p>
              <When iso={status.expiresAt}>{(date) => t("privacy_export_status_ready", { date })}</When>
            </p>
          ) : null}
          {status.status === "failed" ? <p>{t("privacy_export_status_failed")}</p> : null}
        </div>
      ) : null}
      {busy ? null : <Submit>{t("privacy_export_request")}</Submit>}
    </SettingsSection>
  );
}

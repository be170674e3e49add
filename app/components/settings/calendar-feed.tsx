import { useId } from "react";
import { Submit } from "../form";
import { When } from "../../i18n/use-dates";
import { useT } from "../../i18n/use-t";
import { SettingsSection, type SettingsResult } from "./section";

/** The settings page's calendar feed (docs/decisions/035): one secret URL per user for all their
 *  groups' meetings, shown once when made (only its hash is kept), renewable and revocable. */
export function CalendarFeedSection({ feed, result }: { feed: { active: boolean; since: string | null }; result: SettingsResult }) {
  const t = useT();
  const urlId = useId();
  const url = result?.intent === "calendar" ? (result as { url?: string }).url : undefined;
  return (
    <SettingsSection
      intent="calendar"
      id="calendar"
      title={t("meeting_feed.title")}
      intro={t("meeting_feed.intro")}
      saved={url ? t("meeting_feed.made") : t("meeting_feed.stopped")}
      result={result}
    >
      {url ? (
        <div className="field">
          <label htmlFor={urlId}>{t("meeting_feed.url")}</label>
          <input id={urlId} readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
          <p className="status">{t("meeting_feed.once")}</p>
        </div>
      ) : feed.active && feed.since ? (
        <p>
          <When iso={feed.since}>{(d) => t("meeting_feed.activeSince", { date: d })}</When>
        </p>
      ) : (
        <p>{t("meeting_feed.none")}</p>
      )}
      <div className="row">
        <Submit name="op" value="renew">
          {feed.active ? t("meeting_feed.renew") : t("meeting_feed.make")}
        </Submit>
        {feed.active ? (
          <Submit name="op" value="revoke" className="secondary">
            {t("meeting_feed.revoke")}
          </Submit>
        ) : null}
      </div>
    </SettingsSection>
  );
}

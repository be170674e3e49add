import { Link } from "@remix-run/react";
import type { NextMeetingDTO } from "../../../models/meeting/meeting-content.service";
import { When } from "../../i18n/use-dates";
import { useT } from "../../i18n/use-t";

/** The group page's "next meeting and what to prepare" (issue 14 item 2): the next planned meeting
 *  with its agenda, and the assignments still open for the reader. */
export function NextMeeting({ groupId, next }: { groupId: string; next: NextMeetingDTO }) {
  const t = useT();
  const m = next.meeting;
  return (
    <section className="card" aria-labelledby="next-meeting-h">
      <h2 id="next-meeting-h">{t("meeting_next.title")}</h2>
      {m ? (
        <>
          <p>
            <Link to={`/groups/${groupId}/meetings/${m.id}`}>{m.title || t(`meetings.kind.${m.kind}`)}</Link>
            {" · "}
            <When iso={m.startsAt} kind="day" />
            {", "}
            <When iso={m.startsAt} kind="time" />–<When iso={m.endsAt} kind="time" />
          </p>
          {m.place ? <p>{m.place}</p> : null}
          {m.onlineUrl ? (
            <p>
              <a href={m.onlineUrl} rel="noreferrer noopener" target="_blank">
                {t("meetings.online")}
              </a>
            </p>
          ) : null}
          {next.agenda.length ? (
            <>
              <h3>{t("meeting_page.agenda")}</h3>
              <ol>
                {next.agenda.map((i) => (
                  <li key={i.id}>
                    {i.title}
                    {i.link ? (
                      <>
                        {" — "}
                        <Link to={i.link.href}>{i.link.title}</Link>
                      </>
                    ) : null}
                  </li>
                ))}
              </ol>
            </>
          ) : null}
        </>
      ) : (
        <p className="muted">{t("meetings.emptyUpcoming")}</p>
      )}
      <h3>{t("meeting_next.prepare")}</h3>
      {next.toPrepare.length ? (
        <ul>
          {next.toPrepare.map((a) => (
            <li key={a.id}>
              <Link to={`/groups/${groupId}/meetings/${a.meetingId}#as-${a.id}`}>{a.title}</Link>{" "}
              <span className="status">
                <When iso={`${a.due}T12:00:00Z`} kind="day">
                  {(d) => t("meeting_next.due", { date: d })}
                </When>
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("meeting_next.nothing")}</p>
      )}
    </section>
  );
}

import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { COACH_NOTE_MAX, TALKS_PER_YEAR } from "../../models/coach/coach.constants";
import { CoachNoteInput, CoachNoteTargetInput, PlanTalkInput, TalkDoneInput } from "../../models/coach/coach.inputs";
import type { CoachedMemberDTO, PrepCommitmentDTO, PrepDTO } from "../../models/coach/coach.service";
import { GroupErrorBoundary } from "../components/errors";
import { Field, FormMessage, SafeForm, Submit, Hidden, TextAreaField, type IntentResult } from "../components/form";
import { When } from "../i18n/use-dates";
import { useT } from "../i18n/use-t";
import { formAction, readForm, readIntent, runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

// The coach's room (issue 14 item 7, docs/decisions/038): only the group's coach; anyone else gets
// the 404 of a page that does not exist (the service decides).

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  return runService(request, () => context.services.coach.getCoachRoom(ctx, { groupId: params.groupId ?? "" }), params.groupId);
}

const INTENTS = ["note", "removeNote", "planTalk", "talkDone"] as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const intent = await readIntent(request, INTENTS);
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const coach = context.services.coach;
    const run = async <S extends Parameters<typeof readForm>[2]>(schema: S, fn: (input: unknown) => Promise<unknown>) => {
      const input = await readForm(request, context, schema, { groupId: params.groupId });
      await runService(request, () => fn(input), params.groupId);
    };
    switch (intent) {
      case "note":
        await run(CoachNoteInput, (i) => coach.addCoachNote(ctx, i));
        break;
      case "removeNote":
        await run(CoachNoteTargetInput, (i) => coach.removeCoachNote(ctx, i));
        break;
      case "planTalk":
        await run(PlanTalkInput, (i) => coach.planCoachingTalk(ctx, i));
        break;
      case "talkDone":
        await run(TalkDoneInput, (i) => coach.setTalkDone(ctx, i));
        break;
    }
    return json({ ok: true as const, intent });
  }, intent);
}

type ActionData = IntentResult;

function Commitments({ list, empty }: { list: PrepCommitmentDTO[]; empty: string }) {
  const t = useT();
  if (!list.length) return <p className="muted">{empty}</p>;
  return (
    <ul className="list">
      {list.map((c) => (
        <li key={c.id}>
          <strong>{c.userName}</strong>: {c.text}
          {c.due ? (
            <>
              {" · "}
              {t("plan_due")} <When iso={c.due} kind="day" />
            </>
          ) : null}
          {c.done ? <span className="badge">{t("plan_done")}</span> : null}
        </li>
      ))}
    </ul>
  );
}

function Preparation({ prep }: { prep: PrepDTO }) {
  const t = useT();
  const next = prep.nextMeeting;
  return (
    <section className="card" aria-labelledby="prep-title">
      <h3 id="prep-title">{t("coach_prep_title")}</h3>
      {next ? (
        <p>
          <strong>{next.title || t(`meetings.kind.${next.kind as "contact_day"}`)}</strong>
          {" · "}
          <When iso={next.startsAt} kind="day" />
          {next.place ? ` · ${next.place}` : ""}
        </p>
      ) : (
        <p className="muted">{t("coach_prep_no_meeting")}</p>
      )}
      {prep.agenda?.length ? (
        <>
          <h4>{t("coach_prep_agenda")}</h4>
          <ul className="list">
            {prep.agenda.map((a) => (
              <li key={a.title}>{a.title}</li>
            ))}
          </ul>
        </>
      ) : null}
      {prep.assignments?.length ? (
        <>
          <h4>{t("coach_prep_assignments")}</h4>
          <ul className="list">
            {prep.assignments.map((a) => (
              <li key={a.title}>
                {a.title} · {t("coach_prep_assignment_open", { n: a.open })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h4>{prep.since ? t("coach_prep_progress_since") : t("coach_prep_progress")}</h4>
      {prep.since ? (
        <p className="muted">
          {t("coach_prep_since")} <When iso={prep.since} kind="day" />
        </p>
      ) : null}
      {prep.reported.length ? (
        <ul className="list">
          {prep.reported.map((r) => (
            <li key={r.name}>{t("coach_prep_reported", { name: r.name, n: r.checkIns })}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("coach_prep_nobody")}</p>
      )}
      {prep.notReported.length ? <p>{t("coach_prep_not_reported", { names: prep.notReported.join(", ") })}</p> : null}
      <h4>{t("coach_prep_open_commitments")}</h4>
      <Commitments list={prep.openCommitments} empty={t("coach_prep_no_commitments")} />
      <h4>{t("coach_prep_last_round")}</h4>
      <Commitments list={prep.lastRound} empty={t("coach_prep_no_round")} />
    </section>
  );
}

function Member({ m, canWrite, groupId, result }: { m: CoachedMemberDTO; canWrite: boolean; groupId: string; result: ActionData }) {
  const t = useT();
  const errors = result?.ok === false ? result.fieldErrors : undefined;
  return (
    <section className="card" aria-labelledby={`member-${m.userId}`}>
      <h3 id={`member-${m.userId}`}>{m.name}</h3>
      <h4>{t("coach_talks_title")}</h4>
      <p className={m.talksThisYear < TALKS_PER_YEAR ? "" : "muted"}>
        {t("coach_talks_count", { n: m.talksThisYear, of: TALKS_PER_YEAR })}
      </p>
      {m.talks.length ? (
        <ul className="list">
          {m.talks.map((talk) => (
            <li key={talk.id}>
              <When iso={talk.startsAt} kind="day" /> · <When iso={talk.startsAt} kind="time" />
              {talk.cancelled ? <span className="badge">{t("meetings.cancelled")}</span> : null}
              {talk.done ? <span className="badge">{t("coach_talk_held")}</span> : null}
              {canWrite && !talk.cancelled ? (
                <SafeForm className="inline">
                  <Hidden fields={{ intent: "talkDone", meetingId: talk.id, done: talk.done ? "false" : "true" }} />
                  <Submit className="secondary">{talk.done ? t("coach_talk_not_held") : t("coach_talk_mark_held")}</Submit>
                </SafeForm>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("coach_talks_empty")}</p>
      )}
      {canWrite ? (
        <details>
          <summary>{t("coach_talk_plan")}</summary>
          <SafeForm>
            <Hidden fields={{ intent: "planTalk", memberId: m.userId }} />
            <Field label={t("meetings.field.date")} name="date" type="date" required error={errors?.date} />
            <Field label={t("meetings.field.start")} name="start" type="time" defaultValue="10:00" required error={errors?.start} />
            <Submit>{t("coach_talk_plan")}</Submit>
          </SafeForm>
        </details>
      ) : null}
      <h4>{t("coach_notes_title")}</h4>
      <p className="muted">{t("coach_notes_who", { name: m.name })}</p>
      {m.notes.length ? (
        <ul className="list">
          {m.notes.map((n) => (
            <li key={n.id}>
              <p>{n.text}</p>
              <p className="muted">
                {n.authorName} · <When iso={n.createdAt} kind="day" />
              </p>
              {canWrite ? (
                <SafeForm className="inline">
                  <Hidden fields={{ intent: "removeNote", noteId: n.id }} />
                  <Submit className="secondary">{t("coach_note_remove")}</Submit>
                </SafeForm>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("coach_notes_empty")}</p>
      )}
      {canWrite ? (
        <SafeForm>
          <Hidden fields={{ intent: "note", memberId: m.userId }} />
          <TextAreaField rows={3} label={t("coach_note_add_for", { name: m.name })} name="text" required maxLength={COACH_NOTE_MAX} />
          <Submit>{t("coach_note_add")}</Submit>
        </SafeForm>
      ) : null}
      <h4>{t("coach_plan_title")}</h4>
      {m.plan?.questions.length ? (
        <ul className="list">
          {m.plan.questions.map((q) => {
            const last = q.checkIns.at(-1);
            return (
              <li key={q.id}>
                {q.text}
                {last ? ` · ${t("plan_rating_of", { n: last.rating })}` : ` · ${t("plan_checkins_empty")}`}
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="muted">{t("plan_none_yet")}</p>
      )}
      <p>
        <Link to={`/groups/${groupId}/plan#plan-${m.userId}`}>{t("coach_plan_open")}</Link>
      </p>
    </section>
  );
}

export default function CoachRoom() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData;
  return (
    <section className="coach-room">
      <h2>{t("coach_title")}</h2>
      <p className="muted">{t("coach_intro")}</p>
      <FormMessage data={result} />
      {result?.ok && result.intent ? <p role="status">{t("plan_saved")}</p> : null}
      <Preparation prep={data.prep} />
      <h3>{t("coach_members_title")}</h3>
      {data.members.length ? (
        data.members.map((m) => <Member key={m.userId} m={m} canWrite={data.canWrite} groupId={data.groupId} result={result} />)
      ) : (
        <p className="muted">{t("coach_members_empty")}</p>
      )}
    </section>
  );
}

export const ErrorBoundary = GroupErrorBoundary;

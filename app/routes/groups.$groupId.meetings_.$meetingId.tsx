import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useId } from "react";
import {
  AddAgendaItemInput,
  AddAssignmentInput,
  AgendaItemTargetInput,
  AssignmentTargetInput,
  MeetingFileInput,
  MeetingPageInput,
  MoveAgendaItemInput,
  RespondToAssignmentInput,
  SetAttendanceInput,
  SetMeetingChairInput,
} from "../../models/meeting/meeting-content.inputs";
import {
  AGENDA_TITLE_MAX,
  ASSIGNMENT_TEXT_MAX,
  ASSIGNMENT_TITLE_MAX,
  ATTENDANCE,
  RESPONSE_TEXT_MAX,
} from "../../models/meeting/meeting-content.constants";
import type { MeetingPageDTO } from "../../models/meeting/meeting-content.service";
import { GroupErrorBoundary } from "../components/errors";
import { Field, FormMessage, SafeForm, SelectField, Submit, type IntentResult } from "../components/form";
import { When } from "../i18n/use-dates";
import { useT } from "../i18n/use-t";
import { AttachmentList } from "../components/files/attachments";
import { OwnerFiles } from "../components/files/owner-files";
import { formAction, readForm, readIntent, retryAfterHeaders, runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

// One meeting (issue 14 item 2, docs/decisions/034): when and where, the agenda, the chair and
// attendance, the minutes (a document of the group) and the assignments with every answer.

export const headers = retryAfterHeaders;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  const input = { groupId: params.groupId ?? "", meetingId: params.meetingId ?? "" };
  const page = await runService(request, () => context.services.meetingContent.getMeetingPage(ctx, input), params.groupId);
  return { ...page, maxUploadBytes: context.services.deps.node.files.maxBytes };
}

const INTENTS = [
  "agendaAdd",
  "agendaRemove",
  "agendaMove",
  "chair",
  "attendance",
  "minutes",
  "assignmentAdd",
  "assignmentRemove",
  "respond",
  // Files (issue 20 round two)
  "fileAttach",
  "fileRemove",
] as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const intent = await readIntent(request, INTENTS);
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const groupId = params.groupId ?? "";
    const ids = { groupId, meetingId: params.meetingId ?? "" };
    const run = <T,>(fn: () => Promise<T>) => runService(request, fn, groupId);
    const s = context.services.meetingContent;
    // Someone else's (or no) meeting is a 404 before the form is read, as on every other door.
    await run(() => s.getMeetingPage(ctx, ids));
    switch (intent) {
      case "agendaAdd":
        await run(async () => s.addAgendaItem(ctx, await readForm(request, context, AddAgendaItemInput, ids)));
        break;
      case "agendaRemove":
        await run(async () => s.removeAgendaItem(ctx, await readForm(request, context, AgendaItemTargetInput, ids)));
        break;
      case "agendaMove":
        await run(async () => s.moveAgendaItem(ctx, await readForm(request, context, MoveAgendaItemInput, ids)));
        break;
      case "chair":
        await run(async () => s.setMeetingChair(ctx, await readForm(request, context, SetMeetingChairInput, ids)));
        break;
      case "attendance":
        await run(async () => s.setAttendance(ctx, await readForm(request, context, SetAttendanceInput, ids)));
        break;
      case "minutes": {
        const { docId } = await run(async () => s.openMinutes(ctx, await readForm(request, context, MeetingPageInput, ids)));
        return redirect(`/groups/${groupId}/docs/${docId}`);
      }
      case "assignmentAdd":
        await run(async () => s.addAssignment(ctx, await readForm(request, context, AddAssignmentInput, ids)));
        break;
      case "assignmentRemove":
        await run(async () => s.removeAssignment(ctx, await readForm(request, context, AssignmentTargetInput, ids)));
        break;
      case "respond":
        await run(async () => s.respondToAssignment(ctx, await readForm(request, context, RespondToAssignmentInput, ids)));
        break;
      case "fileAttach":
        await run(async () => s.attachMeetingFile(ctx, await readForm(request, context, MeetingFileInput, ids)));
        break;
      case "fileRemove":
        await run(async () => s.removeMeetingFile(ctx, await readForm(request, context, MeetingFileInput, ids)));
        break;
    }
    return json({ ok: true as const, intent });
  }, intent);
}

type ActionData = IntentResult;

function TextArea({ label, name, max, defaultValue }: { label: string; name: string; max: number; defaultValue?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} name={name} maxLength={max} rows={3} defaultValue={defaultValue} />
    </div>
  );
}

function Agenda({ data, errors }: { data: MeetingPageDTO; errors?: Record<string, string> }) {
  const t = useT();
  const items = data.agenda;
  return (
    <section className="card" aria-labelledby="agenda-h">
      <h3 id="agenda-h">{t("meeting_page.agenda")}</h3>
      {items.length === 0 ? <p className="muted">{t("meeting_page.agendaEmpty")}</p> : null}
      <ol className="agenda">
        {items.map((item, i) => (
          <li key={item.id}>
            <span>{item.title}</span>
            {item.link ? (
              <>
                {" — "}
                <Link to={item.link.href}>
                  {t(`meeting_link.${item.link.kind}`)}: {item.link.title}
                </Link>
              </>
            ) : null}
            {data.can.editAgenda ? (
              <div className="row">
                {i > 0 ? (
                  <SafeForm className="inline">
                    <input type="hidden" name="itemId" value={item.id} />
                    <input type="hidden" name="intent" value="agendaMove" />
                    <Submit className="secondary" name="direction" value="up">
                      <span aria-hidden="true">↑</span>
                      <span className="sr-only">{t("meeting_page.agendaUp", { title: item.title })}</span>
                    </Submit>
                  </SafeForm>
                ) : null}
                {i < items.length - 1 ? (
                  <SafeForm className="inline">
                    <input type="hidden" name="itemId" value={item.id} />
                    <input type="hidden" name="intent" value="agendaMove" />
                    <Submit className="secondary" name="direction" value="down">
                      <span aria-hidden="true">↓</span>
                      <span className="sr-only">{t("meeting_page.agendaDown", { title: item.title })}</span>
                    </Submit>
                  </SafeForm>
                ) : null}
                <SafeForm className="inline">
                  <input type="hidden" name="itemId" value={item.id} />
                  <input type="hidden" name="intent" value="agendaRemove" />
                  <Submit className="secondary">
                    {t("meeting_page.remove")}
                    <span className="sr-only">: {item.title}</span>
                  </Submit>
                </SafeForm>
              </div>
            ) : null}
          </li>
        ))}
      </ol>
      {data.can.editAgenda ? (
        <details open={!!errors}>
          <summary>{t("meeting_page.agendaAdd")}</summary>
          <SafeForm>
            <input type="hidden" name="intent" value="agendaAdd" />
            <Field label={t("meeting_page.itemTitle")} name="title" required maxLength={AGENDA_TITLE_MAX} error={errors?.title} />
            <SelectField
              label={t("meeting_page.itemLink")}
              name="link"
              error={errors?.link}
              options={[
                ["", t("meeting_page.noLink")] as const,
                ...data.linkOptions.map((o) => [`${o.kind}:${o.id}`, `${t(`meeting_link.${o.kind}`)}: ${o.title}`] as const),
              ]}
            />
            <Submit>{t("meeting_page.agendaAdd")}</Submit>
          </SafeForm>
        </details>
      ) : null}
    </section>
  );
}

function AttendanceSection({ data }: { data: MeetingPageDTO }) {
  const t = useT();
  const counts = Object.fromEntries(ATTENDANCE.map((s) => [s, data.members.filter((m) => m.attendance === s).length]));
  return (
    <section className="card" aria-labelledby="attendance-h">
      <h3 id="attendance-h">{t("meeting_page.attendance")}</h3>
      <p>
        {t("meeting_page.chair")}: {data.chair ? data.chair.name : t("meeting_page.chairCoach")}
      </p>
      {data.can.nameChair ? (
        <SafeForm className="row">
          <input type="hidden" name="intent" value="chair" />
          <SelectField
            label={t("meeting_page.nameChair")}
            name="userId"
            defaultValue={data.chair?.userId ?? ""}
            options={[
              ["", t("meeting_page.chairCoach")] as const,
              ...data.members.filter((m) => m.role === "leader").map((m) => [m.userId, m.name] as const),
            ]}
          />
          <Submit className="secondary">{t("common.save")}</Submit>
        </SafeForm>
      ) : null}
      <p className="muted">{ATTENDANCE.map((s) => t(`meeting_attendance.count.${s}`, { n: counts[s] })).join(" · ")}</p>
      <ul className="plain attendance">
        {data.members.map((m) => (
          <li key={m.userId}>
            <span className="member-name">{m.name}</span>
            {data.can.chair ? (
              <SafeForm className="inline" aria-label={t("meeting_page.attendanceOf", { name: m.name })}>
                <input type="hidden" name="intent" value="attendance" />
                <input type="hidden" name="userId" value={m.userId} />
                {ATTENDANCE.map((s) => (
                  <button
                    key={s}
                    type="submit"
                    name="status"
                    value={s}
                    className={m.attendance === s ? "" : "secondary"}
                    aria-pressed={m.attendance === s}
                  >
                    {t(`meeting_attendance.${s}`)}
                  </button>
                ))}
              </SafeForm>
            ) : (
              <span className="badge">{m.attendance ? t(`meeting_attendance.${m.attendance}`) : t("meeting_attendance.unset")}</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Assignments({ data, errors }: { data: MeetingPageDTO & { maxUploadBytes: number }; errors?: Record<string, string> }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="assignments-h">
      <h3 id="assignments-h">{t("meeting_page.assignments")}</h3>
      {data.assignments.length === 0 ? <p className="muted">{t("meeting_page.assignmentsEmpty")}</p> : null}
      {data.assignments.map((a) => (
        <article key={a.id} className="assignment" aria-labelledby={`as-${a.id}`}>
          <h4 id={`as-${a.id}`}>{a.title}</h4>
          <p className="muted">
            {t("meeting_page.due")} <When iso={`${a.due}T12:00:00Z`} kind="day" />
          </p>
          {a.description ? <p className="pre-wrap">{a.description}</p> : null}
          {a.files.length || data.can.chair ? (
            <OwnerFiles
              nested
              groupId={data.meeting.groupId}
              files={a.files}
              canEdit={data.can.chair}
              maxUploadBytes={data.maxUploadBytes}
              fields={{ on: "assignment", assignmentId: a.id }}
            />
          ) : null}
          <h5>{t("meeting_page.responses", { n: a.responses.length })}</h5>
          <ul className="plain">
            {a.responses.map((r) => (
              <li key={r.userId}>
                <strong>{r.name}</strong> {r.done ? <span className="badge">{t("meeting_page.done")}</span> : null}
                {r.text ? <p className="pre-wrap">{r.text}</p> : null}
                <AttachmentList preview attachments={r.files} />
              </li>
            ))}
          </ul>
          {data.can.respond ? (
            <details open={!a.mine}>
              <summary>{a.mine ? t("meeting_page.changeAnswer") : t("meeting_page.answer")}</summary>
              <SafeForm>
                <input type="hidden" name="intent" value="respond" />
                <input type="hidden" name="assignmentId" value={a.id} />
                <TextArea label={t("meeting_page.answerText")} name="text" max={RESPONSE_TEXT_MAX} defaultValue={a.mine?.text} />
                <div className="field checkbox">
                  <label>
                    <input type="checkbox" name="done" value="true" defaultChecked={a.mine?.done} /> {t("meeting_page.markDone")}
                  </label>
                </div>
                <Submit>{t("meeting_page.saveAnswer")}</Submit>
              </SafeForm>
              {a.mine ? (
                <OwnerFiles
                  nested
                  groupId={data.meeting.groupId}
                  files={a.mine.files}
                  canEdit
                  maxUploadBytes={data.maxUploadBytes}
                  fields={{ on: "response", assignmentId: a.id }}
                />
              ) : null}
            </details>
          ) : null}
          {data.can.chair ? (
            <SafeForm className="inline">
              <input type="hidden" name="intent" value="assignmentRemove" />
              <input type="hidden" name="assignmentId" value={a.id} />
              <Submit className="secondary">
                {t("meeting_page.remove")}
                <span className="sr-only">: {a.title}</span>
              </Submit>
            </SafeForm>
          ) : null}
        </article>
      ))}
      {data.can.chair ? (
        <details open={!!errors}>
          <summary>{t("meeting_page.assignmentAdd")}</summary>
          <SafeForm>
            <input type="hidden" name="intent" value="assignmentAdd" />
            <Field label={t("meeting_page.assignmentTitle")} name="title" required maxLength={ASSIGNMENT_TITLE_MAX} error={errors?.title} />
            <TextArea label={t("meeting_page.assignmentText")} name="description" max={ASSIGNMENT_TEXT_MAX} />
            <Field label={t("meeting_page.due")} name="due" type="date" required error={errors?.due} />
            <Submit>{t("meeting_page.assignmentAdd")}</Submit>
          </SafeForm>
        </details>
      ) : null}
    </section>
  );
}

export default function MeetingPage() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData;
  const m = data.meeting;
  const errorsFor = (intent: string) => (result?.intent === intent && !result.ok ? (result.fieldErrors ?? {}) : undefined);
  return (
    <section className="meeting-page">
      <p>
        <Link to={`/groups/${m.groupId}/meetings`}>{t("meeting_page.back")}</Link>
      </p>
      <h2>
        {m.title || t(`meetings.kind.${m.kind}`)}
        {m.status === "cancelled" ? <span className="badge"> {t("meetings.cancelled")}</span> : null}
      </h2>
      <p>
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
      <p>
        <a href={`/groups/${m.groupId}/meetings/${m.id}/ics`} download>
          {t("meeting_page.ics")}
        </a>
      </p>
      <FormMessage data={result} />
      {result?.ok ? <p role="status">{t("meeting_page.saved")}</p> : null}
      <Agenda data={data} errors={errorsFor("agendaAdd")} />
      <section className="card" aria-labelledby="minutes-h">
        <h3 id="minutes-h">{t("meeting_page.minutes")}</h3>
        {data.minutesDocId ? (
          <Link to={`/groups/${m.groupId}/docs/${data.minutesDocId}`}>{t("meeting_page.openMinutes")}</Link>
        ) : data.can.openMinutes ? (
          <SafeForm>
            <input type="hidden" name="intent" value="minutes" />
            <Submit>{t("meeting_page.startMinutes")}</Submit>
          </SafeForm>
        ) : (
          <p className="muted">{t("meeting_page.noMinutes")}</p>
        )}
      </section>
      <OwnerFiles groupId={m.groupId} files={data.files} canEdit={data.can.editAgenda} maxUploadBytes={data.maxUploadBytes} />
      <AttendanceSection data={data} />
      <Assignments data={data} errors={errorsFor("assignmentAdd")} />
    </section>
  );
}

export const ErrorBoundary = GroupErrorBoundary;

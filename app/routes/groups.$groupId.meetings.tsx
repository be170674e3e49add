import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { localFields } from "../../models/i18n/dates";
import { AddMeetingInput, GroupMeetingsInput, MeetingTargetInput, MoveMeetingInput } from "../../models/meeting/meeting.inputs";
import { MEETING_KINDS, MEETING_PLACE_MAX, MEETING_TITLE_MAX } from "../../models/meeting/rhythm.constants";
import { GroupErrorBoundary } from "../components/errors";
import { Field, FormMessage, SafeForm, SelectField, Submit } from "../components/form";
import { useDateSettings, When } from "../i18n/use-dates";
import { useT } from "../i18n/use-t";
import { formAction, readForm, readIntent, runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

// The group's meetings (issue 14 item 1, docs/decisions/030): upcoming and past, in the reader's
// time zone; the coach and the leaders generate the plan, add, move and cancel; the organiser sees dates.

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  return runService(request, () => context.services.meeting.listMeetings(ctx, { groupId: params.groupId ?? "" }), params.groupId);
}

const INTENTS = ["generate", "add", "move", "cancel"] as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const intent = await readIntent(request, INTENTS);
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const g = { groupId: params.groupId };
    const run = <T,>(fn: () => Promise<T>) => runService(request, fn, params.groupId);
    switch (intent) {
      case "generate": {
        const input = await readForm(request, context, GroupMeetingsInput, g);
        const { count } = await run(() => context.services.meeting.generateGroupPlan(ctx, input));
        return json({ ok: true as const, intent, count });
      }
      case "add": {
        const input = await readForm(request, context, AddMeetingInput, g);
        await run(() => context.services.meeting.addMeeting(ctx, input));
        break;
      }
      case "move": {
        const input = await readForm(request, context, MoveMeetingInput, g);
        await run(() => context.services.meeting.moveMeeting(ctx, input));
        break;
      }
      case "cancel": {
        const input = await readForm(request, context, MeetingTargetInput, g);
        await run(() => context.services.meeting.cancelMeeting(ctx, input));
        break;
      }
    }
    return json({ ok: true as const, intent, count: 0 });
  }, intent);
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Meeting = Data["upcoming"][number];
type ActionData = { ok?: boolean; intent?: string; message?: string; count?: number; fieldErrors?: Record<string, string> } | undefined;

function WhenFields({ meeting, errors }: { meeting?: Meeting; errors?: Record<string, string> }) {
  const t = useT();
  const { timeZone } = useDateSettings();
  const start = meeting ? localFields(meeting.startsAt, timeZone) : null;
  const end = meeting ? localFields(meeting.endsAt, timeZone) : null;
  return (
    <>
      <Field label={t("meetings.field.date")} name="date" type="date" required defaultValue={start?.date} error={errors?.date} />
      <div className="row">
        <Field
          label={t("meetings.field.start")}
          name="start"
          type="time"
          required
          defaultValue={start?.time ?? "09:00"}
          error={errors?.start}
        />
        <Field label={t("meetings.field.end")} name="end" type="time" required defaultValue={end?.time ?? "16:00"} error={errors?.end} />
      </div>
      <p className="muted">{t("meetings.timesIn", { zone: timeZone })}</p>
      <Field
        label={t("meetings.field.place")}
        name="place"
        maxLength={MEETING_PLACE_MAX}
        defaultValue={meeting?.place}
        error={errors?.place}
      />
      <Field
        label={t("meetings.field.onlineUrl")}
        name="onlineUrl"
        type="url"
        placeholder="https://"
        maxLength={MEETING_PLACE_MAX}
        defaultValue={meeting?.onlineUrl}
        error={errors?.onlineUrl}
      />
    </>
  );
}

function MeetingItem({ m, canEdit, linked }: { m: Meeting; canEdit: boolean; linked: boolean }) {
  const t = useT();
  const { groupId } = useParams();
  const cancelled = m.status === "cancelled";
  const name = m.title || t(`meetings.kind.${m.kind}`);
  return (
    <li className={`card meeting${cancelled ? " muted" : ""}`}>
      <h4>
        {/* The meeting's page: agenda, attendance, minutes, assignments (decision 034); the organiser sees dates only. */}
        {linked ? <Link to={`/groups/${groupId}/meetings/${m.id}`}>{name}</Link> : name}
        {cancelled ? <span className="badge"> {t("meetings.cancelled")}</span> : null}
      </h4>
      <p>
        <When iso={m.startsAt} kind="day" />
        {", "}
        <When iso={m.startsAt} kind="time" />–<When iso={m.endsAt} kind="time" />
      </p>
      {m.title ? <p className="muted">{t(`meetings.kind.${m.kind}`)}</p> : null}
      {m.leaderName ? <p>{t("meetings.with", { name: m.leaderName })}</p> : null}
      {m.place ? <p>{m.place}</p> : null}
      {m.onlineUrl ? (
        <p>
          <a href={m.onlineUrl} rel="noreferrer noopener" target="_blank">
            {t("meetings.online")}
          </a>
        </p>
      ) : null}
      {canEdit && !cancelled ? (
        <div className="row">
          <details>
            <summary>{t("meetings.move")}</summary>
            <SafeForm>
              <input type="hidden" name="intent" value="move" />
              <input type="hidden" name="meetingId" value={m.id} />
              <WhenFields meeting={m} />
              <Submit>{t("meetings.move")}</Submit>
            </SafeForm>
          </details>
          <SafeForm className="inline">
            <input type="hidden" name="intent" value="cancel" />
            <input type="hidden" name="meetingId" value={m.id} />
            <Submit className="secondary">{t("meetings.cancel")}</Submit>
          </SafeForm>
        </div>
      ) : null}
    </li>
  );
}

export default function Meetings() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData;
  const addErrors = result?.intent === "add" ? result.fieldErrors : undefined;
  return (
    <section className="meetings">
      <h2>{t("meetings.title")}</h2>
      {data.datesOnly ? <p className="muted">{t("meetings.datesOnly")}</p> : null}
      <FormMessage data={result} />
      {result?.ok && result.intent ? (
        <p role="status">
          {result.intent === "generate"
            ? t("meetings.done.generate", { n: result.count ?? 0 })
            : t(`meetings.done.${result.intent as "add"}`)}
        </p>
      ) : null}
      {data.canGenerate ? (
        <SafeForm className="card">
          <input type="hidden" name="intent" value="generate" />
          <p>{t("meetings.generateHelp")}</p>
          <Submit>{t("meetings.generate")}</Submit>
        </SafeForm>
      ) : null}
      {data.canEdit ? (
        <details className="card" open={!!addErrors}>
          <summary>{t("meetings.add")}</summary>
          <SafeForm>
            <input type="hidden" name="intent" value="add" />
            <SelectField
              label={t("meetings.field.kind")}
              name="kind"
              options={MEETING_KINDS.map((k) => [k, t(`meetings.kind.${k}`)] as const)}
              error={addErrors?.kind}
            />
            <Field label={t("meetings.field.title")} name="title" maxLength={MEETING_TITLE_MAX} error={addErrors?.title} />
            <WhenFields errors={addErrors} />
            <Submit>{t("meetings.add")}</Submit>
          </SafeForm>
        </details>
      ) : null}
      <h3>{t("meetings.upcoming")}</h3>
      {data.upcoming.length ? (
        <ol className="list">
          {data.upcoming.map((m) => (
            <MeetingItem key={m.id} m={m} canEdit={data.canEdit} linked={!data.datesOnly} />
          ))}
        </ol>
      ) : (
        <p className="muted">{t("meetings.emptyUpcoming")}</p>
      )}
      <h3>{t("meetings.past")}</h3>
      {data.past.length ? (
        <ol className="list">
          {data.past.map((m) => (
            <MeetingItem key={m.id} m={m} canEdit={false} linked={!data.datesOnly} />
          ))}
        </ol>
      ) : (
        <p className="muted">{t("meetings.emptyPast")}</p>
      )}
    </section>
  );
}

export const ErrorBoundary = GroupErrorBoundary;

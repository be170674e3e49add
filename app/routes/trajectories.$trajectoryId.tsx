import { ResetSecondFactorInput } from "../../models/mfa/mfa.inputs";
import { SetRetentionInput } from "../../models/privacy/retention.inputs";
import { RETENTION_CHOICES, type RetentionChoice } from "../../models/privacy/retention.constants";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useId, useRef } from "react";
import { BULK_MAX_CHARS } from "../../models/group/group.constants";
import {
  BulkInviteInput,
  CreateGroupInput,
  GroupIdInput,
  MoveLeaderInput,
  SetCoachInput,
  SetGroupStatusInput,
} from "../../models/group/group.inputs";
import type { BulkLine } from "../../models/group/bulk-invite";
import type { BulkPreview, BulkResult } from "../../models/trajectory/programme.service";
import { Field, FormMessage, SafeForm, SelectField, Submit } from "../components/form";
import { When } from "../i18n/use-dates";
import { useT } from "../i18n/use-t";
import { formAction, notFound, readForm, readIntent, retryAfterHeaders, runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";
import { GroupErrorBoundary } from "../components/errors";
import { AnalysisCounts } from "../components/analysis/counts";

export const headers = retryAfterHeaders;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  const overview = await runService(request, () => context.services.trajectory.getTrajectoryOverview(ctx.actor, params.trajectoryId ?? ""));
  // baseline/end analysis: counts per group only (decision 036)
  const analysisCounts = await runService(request, () => context.services.analysis.countAnalyses(ctx, { trajectoryId: overview.id }));
  return { ...overview, analysisCounts };
}

const INTENTS = [
  "createGroup",
  "coach",
  "bulkPreview",
  "bulkConfirm",
  "move",
  "status",
  "resetMfa",
  // Retention (decision 048)
  "retention",
  "deleteContent",
] as const;

type ActionData =
  | { ok: true; intent: "bulkPreview"; groupId: string; text: string; preview: BulkPreview }
  | { ok: true; intent: "bulkConfirm"; groupId: string; result: BulkResult }
  | { ok: true; intent: Exclude<(typeof INTENTS)[number], "bulkPreview" | "bulkConfirm">; groupId?: string }
  | { ok: false; intent?: string; groupId?: string; message: string; fieldErrors: Record<string, string> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  // The posted intent and group, so a refusal shows next to that group's form.
  const posted = await request
    .clone()
    .formData()
    .catch(() => null);
  const response = await formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const intent = await readIntent(request, INTENTS);
    const trajectoryId = params.trajectoryId ?? "";
    // Someone who does not organise this trajectory learns nothing (404), whatever they post.
    const tr = await runService(request, () => context.services.trajectory.getTrajectoryOverview(ctx.actor, trajectoryId));
    const p = context.services.programme;
    // A group of another trajectory is not found here, even for its organiser.
    const ofThis = <T extends { groupId: string }>(input: T) => {
      if (!tr.groups.some((g) => g.id === input.groupId)) notFound(request);
      return input;
    };
    switch (intent) {
      case "createGroup": {
        const input = await readForm(request, context, CreateGroupInput, { trajectoryId });
        await runService(request, () => p.createGroup(ctx, input));
        return json({ ok: true as const, intent });
      }
      case "coach": {
        const input = ofThis(await readForm(request, context, SetCoachInput));
        await runService(request, () => p.setCoach(ctx, input));
        return json({ ok: true as const, intent, groupId: input.groupId });
      }
      case "bulkPreview": {
        const input = ofThis(await readForm(request, context, BulkInviteInput));
        const preview = await runService(request, () => p.previewBulkInvite(ctx, input));
        return json({ ok: true as const, intent, groupId: input.groupId, text: input.text, preview });
      }
      case "bulkConfirm": {
        const input = ofThis(await readForm(request, context, BulkInviteInput));
        const result = await runService(request, () => p.confirmBulkInvite(ctx, input));
        return json({ ok: true as const, intent, groupId: input.groupId, result });
      }
      case "move": {
        const input = ofThis(await readForm(request, context, MoveLeaderInput));
        await runService(request, () => p.moveLeader(ctx, input));
        return json({ ok: true as const, intent, groupId: input.groupId });
      }
      case "status": {
        const input = ofThis(await readForm(request, context, SetGroupStatusInput));
        await runService(request, () => p.setGroupStatus(ctx, input));
        return json({ ok: true as const, intent, groupId: input.groupId });
      }
      // Retention (decision 048): the trajectory's period; a closed group's content deleted by hand.
      case "retention": {
        const input = await readForm(request, context, SetRetentionInput);
        await runService(request, () => context.services.retention.setRetention(ctx, { trajectoryId, ...input }));
        return json({ ok: true as const, intent });
      }
      case "deleteContent": {
        const input = ofThis(await readForm(request, context, GroupIdInput));
        await runService(request, () => context.services.retention.deleteClosedGroupContent(ctx, input));
        return json({ ok: true as const, intent, groupId: input.groupId });
      }
      case "resetMfa": {
        const input = ofThis(await readForm(request, context, ResetSecondFactorInput));
        await runService(request, () => context.services.mfa.resetMemberSecondFactor(ctx, input));
        return json({ ok: true as const, intent, groupId: input.groupId });
      }
    }
  });
  if (response.ok) return response;
  const mark = { intent: String(posted?.get("intent") ?? ""), groupId: String(posted?.get("groupId") ?? "") };
  return json({ ...(await response.json()), ...mark }, { status: response.status, headers: response.headers });
}

type Overview = ReturnType<typeof useLoaderData<typeof loader>>;
type Group = Overview["groups"][number];

const DONE: Partial<
  Record<string, "trajectory.coachSet" | "trajectory.moved" | "trajectory.statusChanged" | "mfa_reset.done" | "privacy_content_deleted">
> = {
  deleteContent: "privacy_content_deleted",
  resetMfa: "mfa_reset.done",
  coach: "trajectory.coachSet",
  move: "trajectory.moved",
  status: "trajectory.statusChanged",
};

export default function TrajectoryPage() {
  const t = useT();
  const tr = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const mine = (intent: string) => (data?.intent === intent ? data : undefined);
  return (
    <>
      <h1>{tr.name}</h1>
      {tr.startDate ? (
        <p className="status">
          <When iso={`${tr.startDate}T12:00:00Z`} kind="day">
            {(date) => t("trajectory.startDate", { date })}
          </When>
        </p>
      ) : null}
      {/* Attendance figures per meeting (issue 14 item 8, decision 034) */}
      <p>
        <Link to={`/trajectories/${tr.id}/attendance`}>{t("meeting_organiser.link")}</Link>
      </p>
      {/* Sign in with the school's account (decision 063) */}
      <p>
        <Link to={`/trajectories/${tr.id}/sign-in`}>{t("school_config.link")}</Link>
      </p>
      {/* Evaluation figures across groups (issue 15 item 6, decision 053) */}
      <p>
        <Link to={`/trajectories/${tr.id}/evaluation`}>{t("evaluation_organiser_link")}</Link>
      </p>
      {/* Shared practice stories (issue 15 item 3, decision 055) */}
      <p>
        <Link to={`/trajectories/${tr.id}/stories`}>{t("story_shared_title")}</Link>
      </p>
      {/* Network moments: planning (issue 16 item 1, decision 066) */}
      <p>
        <Link to={`/trajectories/${tr.id}/moments`}>{t("moment.plan.trajectory.link")}</Link>
      </p>
      <h2>{t("trajectory.groups")}</h2>
      {tr.groups.length === 0 ? <p>{t("trajectory.noGroups")}</p> : null}
      {tr.groups.map((g) => (
        <GroupCard key={g.id} g={g} groups={tr.groups} data={data?.groupId === g.id ? data : undefined} />
      ))}
      {/* baseline/end analysis (decision 036) */}
      <AnalysisCounts trajectoryId={tr.id} counts={tr.analysisCounts} />
      <SafeForm className="card" aria-labelledby="new-group-h">
        <h2 id="new-group-h">{t("trajectory.newGroup")}</h2>
        <FormMessage data={mine("createGroup")} />
        {mine("createGroup")?.ok ? (
          <p className="notice" role="status">
            {t("trajectory.groupCreated")}
          </p>
        ) : null}
        <div className="row">
          <Field
            label={t("trajectory.groupName")}
            name="name"
            required
            minLength={2}
            maxLength={80}
            error={data?.ok === false && data.intent === "createGroup" ? data.fieldErrors.name : undefined}
          />
          <div className="field">
            <Submit name="intent" value="createGroup">
              {t("trajectory.createGroup")}
            </Submit>
          </div>
        </div>
      </SafeForm>
      <RetentionForm retention={tr.retention} data={mine("retention")} />
    </>
  );
}

/** One group: its sizes and warnings in sight, the organiser's actions behind a disclosure (a native
 *  <details>: keyboard and no-script friendly), opened again after one of its forms was sent. */
function GroupCard({ g, groups, data }: { g: Group; groups: Group[]; data: ActionData | undefined }) {
  const t = useT();
  const headingId = useId();
  const errors = data?.ok === false ? data.fieldErrors : {};
  const others = groups.filter((o) => o.id !== g.id && !o.closed);
  const done = data?.ok ? DONE[data.intent] : undefined;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <Link to={`/groups/${g.id}`}>{g.name}</Link> {g.closed ? <span className="badge">{t("trajectory.closed")}</span> : null}
      </h3>
      <p>
        <span className="status">{t("trajectory.leaders", { n: g.leaderCount })}</span>{" "}
        <span className="status">{t("trajectory.coaches", { n: g.coachCount })}</span>
      </p>
      {g.closed ? <p className="status">{t("trajectory.closedHelp")}</p> : null}
      {!g.closed && !g.complete ? <p className="form-error">{t("group.incomplete", { n: g.leaderCount })}</p> : null}
      {!g.closed && g.overfull ? <p className="form-error">{t("trajectory.overfull", { n: g.leaderCount })}</p> : null}
      {data ? <FormMessage data={data} /> : null}
      {done ? (
        <p className="notice" role="status">
          {t(done)}
        </p>
      ) : null}
      {data?.ok && data.intent === "bulkConfirm" ? <BulkOutcome result={data.result} /> : null}
      <details className="disclosure" open={!!data}>
        <summary>
          {t("trajectory.manage")} <span className="sr-only">{g.name}</span>
        </summary>
        {g.closed ? null : (
          <>
            <SafeForm>
              <h4>{t("trajectory.coach")}</h4>
              <p className="status">{t("trajectory.coachHelp")}</p>
              <input type="hidden" name="groupId" value={g.id} />
              <div className="row">
                <Field label={t("trajectory.coachEmail")} name="email" type="email" required error={errors.email} />
                <div className="field">
                  <Submit name="intent" value="coach">
                    {t("trajectory.coachSubmit")}
                  </Submit>
                </div>
              </div>
            </SafeForm>
            <BulkInvite g={g} data={data} />
            <SafeForm>
              <h4>{t("trajectory.move")}</h4>
              <p className="status">{t("trajectory.moveHelp")}</p>
              <input type="hidden" name="groupId" value={g.id} />
              {g.leaders.length === 0 || others.length === 0 ? (
                <p>{g.leaders.length === 0 ? t("trajectory.noLeaders") : t("trajectory.noGroups")}</p>
              ) : (
                <div className="row">
                  <SelectField
                    label={t("trajectory.moveLeader")}
                    name="userId"
                    options={g.leaders.map((l) => [l.userId, l.name] as const)}
                    error={errors.userId}
                  />
                  <SelectField
                    label={t("trajectory.moveTo")}
                    name="toGroupId"
                    options={others.map((o) => [o.id, o.name] as const)}
                    error={errors.toGroupId}
                  />
                  <div className="field">
                    <Submit name="intent" value="move">
                      {t("trajectory.moveSubmit")}
                    </Submit>
                  </div>
                </div>
              )}
            </SafeForm>
          </>
        )}
        {g.members.length ? (
          // Second factor (decision 039): a member who lost the phone and the recovery codes.
          <SafeForm onSubmit={(e) => !confirm(t("mfa_reset.confirm")) && e.preventDefault()}>
            <h4>{t("mfa_reset.title")}</h4>
            <p className="status">{t("mfa_reset.help")}</p>
            <input type="hidden" name="groupId" value={g.id} />
            <div className="row">
              <SelectField
                label={t("mfa_reset.member")}
                name="userId"
                options={g.members.map((m) => [m.userId, m.name] as const)}
                error={errors.userId}
              />
              <div className="field">
                <Submit name="intent" value="resetMfa" className="secondary">
                  {t("mfa_reset.submit")}
                </Submit>
              </div>
            </div>
          </SafeForm>
        ) : null}
        <SafeForm onSubmit={(e) => !g.closed && !confirm(t("trajectory.closeConfirm", { name: g.name })) && e.preventDefault()}>
          <input type="hidden" name="groupId" value={g.id} />
          <input type="hidden" name="status" value={g.closed ? "open" : "closed"} />
          {g.contentDeleted ? (
            <p className="status">{t("privacy_content_deleted")}</p>
          ) : (
            <Submit name="intent" value="status" className={g.closed ? "secondary" : "danger"}>
              {g.closed ? t("trajectory.reopen") : t("trajectory.close")} <span className="sr-only">{g.name}</span>
            </Submit>
          )}
        </SafeForm>
        {g.closed && !g.contentDeleted ? (
          <SafeForm onSubmit={(e) => !confirm(t("privacy_delete_confirm", { name: g.name })) && e.preventDefault()}>
            <input type="hidden" name="groupId" value={g.id} />
            <Submit name="intent" value="deleteContent" className="danger">
              {t("privacy_delete_now")} <span className="sr-only">{g.name}</span>
            </Submit>
          </SafeForm>
        ) : null}
      </details>
    </section>
  );
}

/** The pasted list (a CSV file is read in the browser into the same field), then its preview with
 *  each line's error, then the confirmation that sends the valid lines (docs/decisions/029). */
function BulkInvite({ g, data }: { g: Group; data: ActionData | undefined }) {
  const t = useT();
  const textId = useId();
  const fileId = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const preview = data?.ok && data.intent === "bulkPreview" ? data : null;
  const error = data?.ok === false ? t.fieldError(data.fieldErrors.text) : undefined;
  return (
    <>
      <SafeForm>
        <h4>{t("trajectory.bulk")}</h4>
        <p className="status" id={`${textId}-help`}>
          {t("trajectory.bulkHelp")}
        </p>
        <input type="hidden" name="groupId" value={g.id} />
        <div className="field">
          <label htmlFor={textId}>{t("trajectory.bulkList")}</label>
          <textarea
            id={textId}
            ref={area}
            name="text"
            rows={6}
            required
            maxLength={BULK_MAX_CHARS}
            defaultValue={preview?.text ?? ""}
            aria-describedby={`${textId}-help${error ? ` ${textId}-err` : ""}`}
            aria-invalid={error ? true : undefined}
          />
          {error ? (
            <p id={`${textId}-err`} className="form-error">
              {error}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={fileId}>{t("trajectory.bulkFile")}</label>
          <input
            id={fileId}
            type="file"
            accept=".csv,text/csv,text/plain"
            onChange={async (e) => {
              const file = e.currentTarget.files?.[0];
              if (file && area.current) area.current.value = (await file.text()).slice(0, BULK_MAX_CHARS);
            }}
          />
        </div>
        <Submit name="intent" value="bulkPreview">
          {t("trajectory.bulkPreview")}
        </Submit>
      </SafeForm>
      {preview ? (
        <SafeForm aria-labelledby={`${textId}-preview`}>
          <h4 id={`${textId}-preview`}>{t("trajectory.bulkPreviewTitle")}</h4>
          <input type="hidden" name="groupId" value={g.id} />
          <input type="hidden" name="text" value={preview.text} />
          <BulkTable lines={preview.preview.lines} />
          {preview.preview.valid > 0 ? (
            <Submit name="intent" value="bulkConfirm">
              {t("trajectory.bulkConfirm", { n: preview.preview.valid })}
            </Submit>
          ) : (
            <p role="status">{t("trajectory.bulkNone")}</p>
          )}
        </SafeForm>
      ) : null}
    </>
  );
}

function BulkTable({ lines }: { lines: BulkLine[] }) {
  const t = useT();
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">{t("trajectory.bulkLine")}</th>
            <th scope="col">{t("trajectory.bulkName")}</th>
            <th scope="col">{t("trajectory.bulkEmail")}</th>
            <th scope="col">{t("trajectory.bulkResult")}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.line} data-error={l.error ?? undefined}>
              <td>{l.line}</td>
              <td>{l.name}</td>
              <td className="break">{l.email}</td>
              <td className={l.error ? "form-error" : undefined}>{l.error ? t(`bulk.error.${l.error}`) : t("trajectory.bulkOk")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function BulkOutcome({ result }: { result: BulkResult }) {
  const t = useT();
  return (
    <div role="status" className="notice">
      <p>{t("trajectory.bulkSent", { n: result.sent })}</p>
      {result.notSent > 0 ? (
        <p>
          {t("trajectory.bulkNotSent", { n: result.notSent })}{" "}
          {result.retryAfter ? t("trajectory.bulkWait", { n: Math.max(1, Math.ceil(result.retryAfter / 60)) }) : null}
        </p>
      ) : null}
      {result.failed.length > 0 ? (
        <>
          <p>{t("trajectory.bulkFailed", { n: result.failed.length })}</p>
          <BulkTable lines={result.failed} />
        </>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = GroupErrorBoundary;

/** The trajectory's retention period (decision 048). */
function RetentionForm({ retention, data }: { retention: RetentionChoice; data: ActionData | undefined }) {
  const t = useT();
  return (
    <SafeForm className="card" aria-labelledby="retention-h">
      <h2 id="retention-h">{t("privacy_retention_title")}</h2>
      <p className="status">{t("privacy_retention_explain")}</p>
      <FormMessage data={data} />
      {data?.ok ? (
        <p className="notice" role="status">
          {t("privacy_retention_saved")}
        </p>
      ) : null}
      <div className="row">
        <SelectField
          label={t("privacy_retention_label")}
          name="retention"
          defaultValue={retention}
          options={RETENTION_CHOICES.map((c) => [c, t(`privacy_retention_${c}`)] as const)}
          error={data?.ok === false ? data.fieldErrors.retention : undefined}
        />
        <div className="field">
          <Submit name="intent" value="retention">
            {t("privacy_retention_save")}
          </Submit>
        </div>
      </div>
    </SafeForm>
  );
}

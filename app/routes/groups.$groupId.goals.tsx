import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GOAL_CRITERIA_MAX, GOAL_CRITERION_MAX, GOAL_NOTE_MAX, GOAL_TITLE_MAX } from "../../models/goal/goal.constants";
import { AgreeGoalInput, EditGoalInput, GoalProgressInput, LinkGoalFormInput, ProposeGoalInput } from "../../models/goal/goal.inputs";
import type { GoalDTO, GoalsPageDTO } from "../../models/goal/goal.service";
import { GroupErrorBoundary } from "../components/errors";
import { Field, FormMessage, SafeForm, SelectField, Submit, Hidden, TextAreaField, type IntentResult, errorsOf } from "../components/form";
import { useFormatDate, When } from "../i18n/use-dates";
import { useT } from "../i18n/use-t";
import { formAction, readForm, readIntent, runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

// The group's shared goals (issue 14 item 6, docs/decisions/038): proposed with success criteria,
// fixed once every leader and the coach agreed (like the charter), linked to the group's meetings,
// documents and threads, with a progress note per meeting.

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  return runService(request, () => context.services.goal.listGoals(ctx, { groupId: params.groupId ?? "" }), params.groupId);
}

const INTENTS = ["propose", "edit", "agree", "link", "unlink", "progress"] as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const intent = await readIntent(request, INTENTS);
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const goal = context.services.goal;
    const run = async <S extends Parameters<typeof readForm>[2]>(schema: S, fn: (input: unknown) => Promise<unknown>) => {
      const input = await readForm(request, context, schema, { groupId: params.groupId });
      await runService(request, () => fn(input), params.groupId);
    };
    switch (intent) {
      case "propose":
        await run(ProposeGoalInput, (i) => goal.proposeGoal(ctx, i));
        break;
      case "edit":
        await run(EditGoalInput, (i) => goal.editGoal(ctx, i));
        break;
      case "agree":
        await run(AgreeGoalInput, (i) => goal.agreeGoal(ctx, i));
        break;
      case "link":
        await run(LinkGoalFormInput, (i) => goal.linkGoal(ctx, i));
        break;
      case "unlink":
        await run(LinkGoalFormInput, (i) => goal.unlinkGoal(ctx, i));
        break;
      case "progress":
        await run(GoalProgressInput, (i) => goal.noteGoalProgress(ctx, i));
        break;
    }
    return json({ ok: true as const, intent });
  }, intent);
}

type ActionData = IntentResult;

function GoalCard({ goal, data, result }: { goal: GoalDTO; data: GoalsPageDTO; result: ActionData }) {
  const t = useT();
  const day = useFormatDate();
  const gid = { goalId: goal.id };
  const meetings = data.targets.filter((x) => x.kind === "meeting");
  const linkable = data.targets.filter((x) => !goal.links.some((l) => l.kind === x.kind && l.id === x.id));
  const label = (x: GoalsPageDTO["targets"][number]) =>
    `${t(`goal_link_kind_${x.kind}`)}: ${x.at ? `${day(x.at, "day")}${x.title ? ` (${x.title})` : ""}` : x.title}`;
  return (
    <article className="card goal" aria-labelledby={`goal-${goal.id}`}>
      <h3 id={`goal-${goal.id}`}>{goal.title}</h3>
      <p>
        <span className="badge">{goal.fixed ? t("goal_fixed") : t("goal_open")}</span> {t("goal_version", { version: goal.version })} ·{" "}
        {t("goal_proposed_by", { name: goal.proposedBy })}
      </p>
      <h4>{t("goal_criteria")}</h4>
      <ul className="list">
        {goal.criteria.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      {goal.fixed ? null : (
        <>
          <p>{t("goal_agreed", { n: goal.agreed.length, names: goal.agreed.join(", ") })}</p>
          {goal.waiting.length ? <p className="muted">{t("goal_waiting", { names: goal.waiting.join(", ") })}</p> : null}
          {data.canWrite && !goal.iAgreed ? (
            <SafeForm className="inline">
              <Hidden fields={{ intent: "agree", ...gid, version: String(goal.version) }} />
              <Submit>{t("goal_agree", { version: goal.version })}</Submit>
            </SafeForm>
          ) : null}
        </>
      )}
      <h4>{t("goal_links")}</h4>
      {goal.links.length ? (
        <ul className="list">
          {goal.links.map((l) => (
            <li key={`${l.kind}:${l.id}`}>
              {t(`goal_link_kind_${l.kind}`)}: <Link to={l.href}>{l.at ? <When iso={l.at} kind="day" /> : l.title}</Link>
              {l.at && l.title ? ` (${l.title})` : null}
              {data.canWrite ? (
                <SafeForm className="inline">
                  <Hidden fields={{ intent: "unlink", ...gid, target: `${l.kind}:${l.id}` }} />
                  <Submit className="secondary">{t("goal_unlink")}</Submit>
                </SafeForm>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("goal_links_empty")}</p>
      )}
      {data.canWrite && linkable.length ? (
        <details>
          <summary>{t("goal_link_add")}</summary>
          <SafeForm>
            <Hidden fields={{ intent: "link", ...gid }} />
            <SelectField
              label={t("goal_link_target")}
              name="target"
              options={linkable.map((x) => [`${x.kind}:${x.id}`, label(x)] as const)}
              error={errorsOf(result, "link")?.targetId}
            />
            <Submit>{t("goal_link_add")}</Submit>
          </SafeForm>
        </details>
      ) : null}
      <h4>{t("goal_progress")}</h4>
      {goal.progress.length ? (
        <ul className="list">
          {goal.progress.map((p) => (
            <li key={p.meetingId}>
              <strong>
                <When iso={p.meetingAt} kind="day" />
              </strong>
              : {p.text} <span className="muted">({p.authorName})</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("goal_progress_empty")}</p>
      )}
      {data.canWrite && meetings.length ? (
        <details>
          <summary>{t("goal_progress_add")}</summary>
          <SafeForm>
            <Hidden fields={{ intent: "progress", ...gid }} />
            <SelectField
              label={t("goal_progress_meeting")}
              name="meetingId"
              options={meetings.map((m) => [m.id, label(m)] as const)}
              error={errorsOf(result, "progress")?.meetingId}
            />
            <TextAreaField
              rows={3}
              label={t("goal_progress_text")}
              name="text"
              required
              maxLength={GOAL_NOTE_MAX}
              error={errorsOf(result, "progress")?.text}
            />
            <Submit>{t("goal_progress_add")}</Submit>
          </SafeForm>
        </details>
      ) : null}
      {data.canWrite ? (
        <details>
          <summary>{t("goal_edit")}</summary>
          <p className="muted">{t("goal_edit_help")}</p>
          <SafeForm>
            <Hidden fields={{ intent: "edit", ...gid, version: String(goal.version) }} />
            <Field label={t("goal_title_field")} name="title" required maxLength={GOAL_TITLE_MAX} defaultValue={goal.title} />
            <TextAreaField
              rows={3}
              label={t("goal_criteria_field")}
              name="criteria"
              required
              maxLength={GOAL_CRITERIA_MAX * (GOAL_CRITERION_MAX + 1)}
              defaultValue={goal.criteria.join("\n")}
            />
            <Submit>{t("goal_edit")}</Submit>
          </SafeForm>
        </details>
      ) : null}
    </article>
  );
}

export default function Goals() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData;
  const proposeErrors = errorsOf(result, "propose");
  return (
    <section className="goals">
      <h2>{t("goal_title")}</h2>
      <p>{t("goal_intro")}</p>
      <FormMessage data={result} />
      {result?.ok && result.intent ? <p role="status">{t(`goal_done_${result.intent as "propose"}`)}</p> : null}
      {data.goals.length ? (
        data.goals.map((g) => <GoalCard key={g.id} goal={g} data={data} result={result} />)
      ) : (
        <p className="muted">{t("goal_empty")}</p>
      )}
      {data.canWrite ? (
        <details className="card" open={!!proposeErrors}>
          <summary>{t("goal_propose")}</summary>
          <SafeForm>
            <input type="hidden" name="intent" value="propose" />
            <Field label={t("goal_title_field")} name="title" required maxLength={GOAL_TITLE_MAX} error={proposeErrors?.title} />
            <TextAreaField
              rows={3}
              label={t("goal_criteria_field")}
              name="criteria"
              required
              maxLength={GOAL_CRITERIA_MAX * (GOAL_CRITERION_MAX + 1)}
              error={proposeErrors?.criteria}
            />
            <Submit>{t("goal_propose")}</Submit>
          </SafeForm>
        </details>
      ) : null}
    </section>
  );
}

export const ErrorBoundary = GroupErrorBoundary;

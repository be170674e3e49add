import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import {
  ApproveReportInput,
  EndChoiceInput,
  GroupEndInput,
  InviteCoachInput,
  OrganiserViewInput,
} from "../../models/continuation/continuation.inputs";
import { GroupErrorBoundary } from "../components/errors";
import { FormMessage, Hidden, SafeForm, Submit } from "../components/form";
import { useT } from "../i18n/use-t";
import { formAction, readForm, readIntent, runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

// The end of the trajectory (issue 15 item 7, decision 056): the end report approved by the group,
// the vote to continue or close, and for a group that runs itself its chair schedule.

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  return runService(request, () => context.services.continuation.getEndPage(ctx, { groupId: params.groupId ?? "" }), params.groupId);
}

const INTENTS = ["compile", "fix", "approve", "vote", "take-chair", "organiser-view", "invite-coach"] as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const intent = await readIntent(request, INTENTS);
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const end = context.services.continuation;
    const run = async <S extends Parameters<typeof readForm>[2]>(schema: S, fn: (input: unknown) => Promise<unknown>) => {
      const input = await readForm(request, context, schema, { groupId: params.groupId });
      await runService(request, () => fn(input), params.groupId);
    };
    switch (intent) {
      case "compile":
        await run(GroupEndInput, (i) => end.compileReport(ctx, i));
        break;
      case "fix":
        await run(GroupEndInput, (i) => end.fixReport(ctx, i));
        break;
      case "approve":
        await run(ApproveReportInput, (i) => end.approveReport(ctx, i));
        break;
      case "vote":
        await run(EndChoiceInput, (i) => end.voteEnd(ctx, i));
        break;
      case "take-chair":
        await run(GroupEndInput, (i) => end.takeChair(ctx, i));
        break;
      case "organiser-view":
        await run(OrganiserViewInput, (i) => end.setOrganiserView(ctx, i));
        break;
      case "invite-coach":
        await run(InviteCoachInput, (i) => end.inviteCoachBack(ctx, i));
        break;
    }
    return json({ ok: true as const, intent });
  }, intent);
}

export default function EndPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const { report, choice, continued } = data;
  const v = report.version;
  return (
    <section aria-labelledby="end-title">
      <h2 id="end-title">{t("end_title")}</h2>
      <p>{t("end_intro")}</p>
      <FormMessage data={result} />

      {continued ? (
        <article className="card" aria-labelledby="end-continued">
          <h3 id="end-continued">{t("end_continued")}</h3>
          <p>{t("end_continued_help")}</p>
          <h4>{t("end_schedule")}</h4>
          <ol className="list">
            {continued.schedule.map((s) => (
              <li key={s.userId}>
                {s.name}
                {s.userId === continued.chairId ? <span className="badge">{t("end_chair_now")}</span> : null}
                {s.userId === continued.nextId ? <span className="badge">{t("end_chair_next")}</span> : null}
              </li>
            ))}
          </ol>
          {continued.canTakeChair ? (
            <SafeForm className="inline">
              <Hidden fields={{ intent: "take-chair" }} />
              <Submit>{t("end_take_chair")}</Submit>
            </SafeForm>
          ) : null}
          {data.role === "leader" ? (
            <>
              <h4>{t("end_organiser")}</h4>
              <p className="muted">{t("end_organiser_help")}</p>
              <p className="status">
                {continued.organiserView
                  ? t("end_organiser_on")
                  : t("end_organiser_off", { agreed: continued.organiserConsents, leaders: continued.schedule.length })}
              </p>
              <SafeForm className="inline">
                <Hidden fields={{ intent: "organiser-view", share: continued.myOrganiserConsent ? "false" : "true" }} />
                <Submit className="secondary">
                  {continued.myOrganiserConsent ? t("end_organiser_withdraw") : t("end_organiser_consent")}
                </Submit>
              </SafeForm>
            </>
          ) : null}
          {continued.canInviteCoach ? (
            <>
              <h4>{t("end_coach")}</h4>
              <p className="muted">{t("end_coach_help")}</p>
              {continued.formerCoaches.map((c) => (
                <SafeForm className="inline" key={c.userId}>
                  <Hidden fields={{ intent: "invite-coach", userId: c.userId }} />
                  <Submit className="secondary">{t("end_coach_invite", { name: c.name })}</Submit>
                </SafeForm>
              ))}
            </>
          ) : null}
        </article>
      ) : null}

      <article className="card" aria-labelledby="end-report">
        <h3 id="end-report">{t("end_report")}</h3>
        {report.docId ? (
          <p>
            <Link to={`/groups/${data.id}/docs/${report.docId}`}>{t("end_open_report")}</Link>
          </p>
        ) : !v ? (
          <p className="muted">{t("end_no_report")}</p>
        ) : null}
        {report.canCompile ? (
          <SafeForm className="inline">
            <Hidden fields={{ intent: "compile" }} />
            <p className="muted">{t("end_compile_help")}</p>
            <Submit>{t("end_compile")}</Submit>
          </SafeForm>
        ) : null}
        {report.canFix ? (
          <SafeForm className="inline">
            <Hidden fields={{ intent: "fix" }} />
            <Submit className="secondary">{t("end_fix")}</Submit>
          </SafeForm>
        ) : null}
        {v ? (
          <>
            <h4>{t("end_version", { version: v.version })}</h4>
            {/* biome-ignore lint/security/noDangerouslySetInnerHtml: v.html is rendered on the server by models/document/export.ts htmlBody, which escapes every text and attribute and keeps only http(s)/mailto links (as the charter's) */}
            <div dangerouslySetInnerHTML={{ __html: v.html }} />
            {v.approved ? <p className="status">{t("end_approved")}</p> : null}
            {v.agreed.length ? <p className="muted">{t("end_agreed", { names: v.agreed.join(", ") })}</p> : null}
            {v.waiting.length ? <p className="muted">{t("end_waiting", { names: v.waiting.join(", ") })}</p> : null}
            {v.iApproved ? (
              <p className="status">{t("end_approved_by_me")}</p>
            ) : data.role === "leader" || data.role === "coach" ? (
              !data.closed && !choice.outcome ? (
                <SafeForm className="inline">
                  <Hidden fields={{ intent: "approve", version: String(v.version) }} />
                  <Submit>{t("end_approve", { version: v.version })}</Submit>
                </SafeForm>
              ) : null
            ) : null}
          </>
        ) : null}
      </article>

      {data.role !== "organiser" ? (
        <article className="card" aria-labelledby="end-choice">
          <h3 id="end-choice">{t("end_choice")}</h3>
          <p>{t("end_choice_rule")}</p>
          <p className="muted">{t("end_counts", { continue: choice.continueVotes, close: choice.closeVotes, leaders: choice.leaders })}</p>
          {choice.outcome ? (
            <p className="status" role="status">
              {choice.outcome.choice === "continue" ? t("end_outcome_continue") : t("end_outcome_close")}
            </p>
          ) : null}
          {choice.outcome?.choice === "close" ? (
            <p>
              <Link to="/settings#export">{t("end_export")}</Link>
            </p>
          ) : null}
          {choice.myVote ? <p>{t("end_my_vote", { choice: t(`end_choice_${choice.myVote}`) })}</p> : null}
          {choice.canVote ? (
            <div className="actions">
              <SafeForm className="inline">
                <Hidden fields={{ intent: "vote", choice: "continue" }} />
                <Submit>{t("end_vote_continue")}</Submit>
              </SafeForm>
              <SafeForm className="inline">
                <Hidden fields={{ intent: "vote", choice: "close" }} />
                <Submit className="secondary">{t("end_vote_close")}</Submit>
              </SafeForm>
            </div>
          ) : !choice.outcome && !choice.myVote && data.role === "leader" ? (
            <p className="muted">{t("end_choice_after_report")}</p>
          ) : null}
        </article>
      ) : null}
    </section>
  );
}

export const ErrorBoundary = GroupErrorBoundary;

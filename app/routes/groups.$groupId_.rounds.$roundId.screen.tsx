import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { MessageKey } from "../../models/i18n/i18n";
import { clock, closesAt, useRound } from "../components/round/use-round";
import { GroupErrorBoundary } from "../components/errors";
import { useFormatDate } from "../i18n/use-dates";
import { useT } from "../i18n/use-t";
import { runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

// The room's shared screen (issue 13 item 5, docs/decisions/045-three-ways-to-meet.md): projected
// in large type, it follows the round as the chair drives it from their own page. It gets the view
// of a group member who is not seated (round:screen), whoever's session opens it, so it never shows
// a hidden contribution, anyone's own draft, or "what I did" before its phase; it has no controls.

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  const view = await runService(
    request,
    () => context.services.round.getScreenView(ctx, { groupId: params.groupId ?? "", roundId: params.roundId ?? "" }),
    params.groupId,
  );
  return { view };
}

export default function RoundScreen() {
  const t = useT();
  const formatDate = useFormatDate();
  const { view, left, announce } = useRound(useLoaderData<typeof loader>().view, "round:screen");
  const text = (x: { nl: string; en: string }) => x[t.locale];
  const step = view.step;
  const name = (id: string) => view.members.find((m) => m.userId === id)?.name ?? "?";
  const closing = closesAt(view);
  const speaking = view.turn?.current ?? view.queue?.floor ?? null;
  const shown = view.contributions.filter((c) => (step ? c.step === step.index : c.kind === "action_points"));
  return (
    <section aria-labelledby="screen-title" className="round-screen">
      <p className="sr-only" aria-live="polite">
        {announce}
      </p>
      <p className="muted">
        {t("round_screen_title")} · {text(view.protocol.name)}
      </p>
      <h1 id="screen-title">{view.caseQuestion}</h1>
      {view.whatIDid ? (
        <p>
          <strong>{t("round_what_i_did")}:</strong> {view.whatIDid}
        </p>
      ) : null}
      {view.status === "planned" ? <p className="round-screen-phase">{t("round_screen_waiting")}</p> : null}
      {view.status === "finished" ? <p className="round-screen-phase">{t("round_finished")}</p> : null}
      {step ? (
        <>
          <p className="muted">{t("round_phase", { index: step.index + 1, total: step.count })}</p>
          <h2 className="round-screen-phase">{text(step.name)}</h2>
          <p>{text(step.instruction)}</p>
          <p>
            <strong className={step.inbrenger === "turned_away" ? "badge warning" : "badge"}>
              {t(`round_inbrenger_${step.inbrenger}`)}
            </strong>
          </p>
          {view.timer ? (
            <p role="timer" aria-label={t("round_timer")} className="round-screen-timer">
              {view.timer.pausedAt !== null ? `${t("round_timer_paused")} · ` : ""}
              {view.mode === "async" && left > 0 && closing !== null
                ? t("round_closes", { when: formatDate(new Date(closing)) })
                : left > 0
                  ? clock(left)
                  : t("round_timer_over")}
            </p>
          ) : null}
          {speaking ? <p className="round-screen-turn">{t("round_screen_whose_turn", { name: name(speaking) })}</p> : null}
          {view.turn && !view.turn.current ? <p>{t("round_turn_everyone")}</p> : null}
          {view.stillWriting.length ? <p>{t("round_still_writing", { n: view.stillWriting.length })}</p> : null}
          {view.hiddenCount && !view.revealed ? <p>{t("round_hidden_count", { n: view.hiddenCount })}</p> : null}
        </>
      ) : null}
      {shown.length ? (
        <ul className="round-screen-list">
          {shown.map((c) => (
            <li key={c.id} className="round-screen-item">
              <span className="muted">
                {t(`round_kind_${c.kind}` as MessageKey)}
                {c.due ? ` · ${c.due}` : ""}
              </span>
              <p className="round-screen-text">{c.text}</p>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

export { GroupErrorBoundary as ErrorBoundary };

import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import type { MessageKey } from "../../models/i18n/i18n";
import type { RoundContributionDTO, RoundViewDTO } from "../../models/intervision/round.dto";
import { RATINGS, ROUND_LIMITS } from "../../models/intervision/round.inputs";
import { GroupErrorBoundary } from "../components/errors";
import { useT } from "../i18n/use-t";
import { runService } from "../utils/form.server";
import { clock, closesAt, useRound } from "../components/round/use-round";
import { useFormatDate } from "../i18n/use-dates";
import { getSocket } from "../utils/live.client";
import { requireServiceContext } from "../utils/session.server";

// One live round (issue 13, docs/decisions/031 and 032): the server sends this member's own view
// (round:state) after every transition; every action goes through round:act, and the server decides.
// The timer runs from the server's timestamps, corrected by this tab's clock offset (serverNow).

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  const view = await runService(
    request,
    () => context.services.round.getRoundView(ctx, { groupId: params.groupId ?? "", roundId: params.roundId ?? "" }),
    params.groupId,
  );
  return { view };
}

type T = ReturnType<typeof useT>;
let nextId = 0;
const clientId = () => `c-${Date.now().toString(36)}-${(nextId++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export default function RoundPage() {
  const t = useT();
  const first = useLoaderData<typeof loader>().view;
  const { view, setView, left, announce } = useRound(first, "round:join");
  const [error, setError] = useState<string | null>(null);
  const text = (x: { nl: string; en: string }) => x[t.locale];
  const formatDate = useFormatDate();

  const act = (action: Record<string, unknown>, done?: () => void) => {
    setError(null);
    getSocket().emit("round:act", { groupId: view.groupId, roundId: view.id, action } as never, (res) => {
      if (res.ok) {
        setView((old) => (res.data.version >= old.version ? res.data : old));
        done?.();
      } else setError(res.error.message);
    });
  };

  const step = view.step;
  const name = (id: string) => view.members.find((m) => m.userId === id)?.name ?? "?";
  const chair = view.you.isChair;
  const isInbrenger = view.you.role === "inbrenger";
  const paused = view.timer?.pausedAt !== null;
  // In the room (decision 045) the phone is for writing: the step in brief, then the input.
  const compact = view.mode === "room";
  const closing = closesAt(view);

  return (
    <section aria-labelledby="round-title" className="round">
      <p className="sr-only" aria-live="polite">
        {announce}
      </p>
      <h2 id="round-title">{text(view.protocol.name)}</h2>
      <p>
        <strong>{t("round_field_case")}:</strong> {view.caseQuestion}
      </p>
      {view.lookBack ? (
        <details open className="card">
          <summary>{t("round_look_back")}</summary>
          <p className="muted">{t("round_look_back_of", { name: view.lookBack.inbrengerName })}</p>
          <ul>
            {view.lookBack.points.map((p) => (
              <li key={p.text}>
                {p.text}
                {p.due ? ` (${p.due})` : ""}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {view.whatIDid ? (
        <p className="card">
          <strong>{t("round_what_i_did")}:</strong> {view.whatIDid}
        </p>
      ) : null}

      {view.mode === "async" && view.timer ? <p className="muted">{t("round_async_note", { n: view.timer.minutes / 1440 })}</p> : null}
      {view.mode === "room" ? (
        <p>
          <Link to="screen" relative="path" target="_blank" rel="noopener">
            {t("round_screen_open")}
          </Link>
        </p>
      ) : null}
      {view.status === "planned" ? <p>{t("round_planned")}</p> : null}
      {view.status === "finished" ? <p role="status">{t("round_finished")}</p> : null}
      {/* The round's record: the scribe's notes, the summary, the closing check (decision 044). */}
      <p>
        <Link to={`/groups/${view.groupId}/rounds/${view.id}/record`}>{t("round_record_link")}</Link>
      </p>

      {step ? (
        <div className={compact ? "card round-step compact" : "card round-step"}>
          <p className="muted">{t("round_phase", { index: step.index + 1, total: step.count })}</p>
          <h3>{text(step.name)}</h3>
          {compact ? (
            <details>
              <summary>{t("round_instruction")}</summary>
              <p>{text(step.instruction)}</p>
            </details>
          ) : (
            <p>{text(step.instruction)}</p>
          )}
          <p>
            <strong className={step.inbrenger === "turned_away" ? "badge warning" : "badge"}>
              {t(`round_inbrenger_${step.inbrenger}`)}
            </strong>
          </p>
          {view.timer ? (
            <p role="timer" aria-label={t("round_timer")}>
              {paused ? `${t("round_timer_paused")} · ` : ""}
              {view.mode === "async" && left > 0 && closing !== null ? (
                t("round_closes", { when: formatDate(new Date(closing)) })
              ) : view.mode === "async" && left <= 0 ? (
                <strong>{t("round_closed_waiting")}</strong>
              ) : left > 0 ? (
                clock(left)
              ) : (
                <strong>{t("round_timer_over")}</strong>
              )}
            </p>
          ) : null}
          {view.turn ? <p>{view.turn.current ? t("round_turn", { name: name(view.turn.current) }) : t("round_turn_everyone")}</p> : null}
          {view.stillWriting.length ? <p className="muted">{t("round_still_writing", { n: view.stillWriting.length })}</p> : null}
          {view.hiddenCount && !view.revealed ? <p className="muted">{t("round_hidden_count", { n: view.hiddenCount })}</p> : null}
        </div>
      ) : null}
      {compact && view.you.canWrite && step ? <WriteForm t={t} kinds={step.kinds} act={act} /> : null}

      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}

      <Controls view={view} act={act} t={t} chair={chair} />
      {!compact && view.you.canWrite && step ? <WriteForm t={t} kinds={step.kinds} act={act} /> : null}

      <h3>{t("round_contributions")}</h3>
      {view.contributions.length === 0 ? <p className="muted">{t("round_nothing_yet")}</p> : null}
      <ul className="list">
        {view.contributions.map((c) => (
          <Contribution
            key={c.id}
            c={c}
            t={t}
            mine={c.authorId === view.you.userId}
            inbrenger={isInbrenger && step?.inbrenger === "speaking"}
            act={act}
          />
        ))}
      </ul>

      <h3>{t("round_members")}</h3>
      <ul className="list">
        {view.members.map((m) => (
          <li key={m.userId}>
            {m.name}
            {m.userId === view.you.userId ? ` (${t("round_you")})` : ""} · {t(`round_role_${m.role}` as MessageKey)}
            {m.hand ? " ✋" : ""}
            {m.done ? " ✓" : ""}
            {chair && m.hand ? (
              <button type="button" onClick={() => act({ type: "give_word", to: m.userId })}>
                {t("round_give_word")}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Controls({ view, act, t, chair }: { view: RoundViewDTO; act: (a: Record<string, unknown>) => void; t: T; chair: boolean }) {
  const step = view.step;
  const seen = view.version;
  const button = (label: MessageKey, action: Record<string, unknown>) => (
    <button type="button" key={label} onClick={() => act(action)}>
      {t(label)}
    </button>
  );
  const mine: React.ReactNode[] = [];
  if (step && view.you.role && step.writers.includes(view.you.role) && step.input !== "oral")
    mine.push(button("round_done", { type: "done" }));
  if (step?.turns === "round_robin" && view.turn?.current === view.you.userId) mine.push(button("round_end_turn", { type: "end_turn" }));
  if (step?.turns === "queue" && view.you.role) {
    const raised = view.queue?.hands.includes(view.you.userId);
    mine.push(raised ? button("round_lower_hand", { type: "lower_hand" }) : button("round_raise_hand", { type: "raise_hand" }));
  }
  const lead: React.ReactNode[] = [];
  if (chair) {
    if (view.status === "planned") lead.push(button("round_start", { type: "start" }));
    if (view.status === "running" && step) {
      if (step.visibility === "hidden_until_reveal" && !view.revealed) lead.push(button("round_reveal", { type: "reveal" }));
      if (step.index > 0) lead.push(button("round_back", { type: "back", seen }));
      if (step.index < step.count - 1) {
        lead.push(button("round_next", { type: "next", seen }));
        lead.push(button("round_skip", { type: "skip", seen }));
      } else lead.push(button("round_finish", { type: "finish" }));
      lead.push(view.timer?.pausedAt !== null ? button("round_resume", { type: "resume" }) : button("round_pause", { type: "pause" }));
      lead.push(
        view.mode === "async"
          ? button("round_extend_day", { type: "extend_days", days: 1 })
          : button("round_extend", { type: "extend", minutes: 5 }),
      );
    }
  }
  return (
    <>
      {step?.loop && chair && step.loop.used < step.loop.max ? (
        <p>
          {step.loop.condition[t.locale]}{" "}
          <button type="button" onClick={() => act({ type: "loop", seen })}>
            {t("round_loop")}
          </button>
        </p>
      ) : null}
      {step?.choice ? (
        <fieldset>
          <legend>{t("round_choose")}</legend>
          {step.choice.modules.map((m) => (
            <button
              type="button"
              key={m.id}
              aria-pressed={step.choice?.chosen === m.id}
              disabled={!chair}
              onClick={() => act({ type: "choose", module: m.id })}
            >
              {m.name[t.locale]}
            </button>
          ))}
        </fieldset>
      ) : null}
      {mine.length ? <div className="row">{mine}</div> : null}
      {lead.length ? <div className="row chair-controls">{lead}</div> : null}
    </>
  );
}

function WriteForm({ t, kinds, act }: { t: T; kinds: string[]; act: (a: Record<string, unknown>, done?: () => void) => void }) {
  const [body, setBody] = useState("");
  const [kind, setKind] = useState(kinds[0]);
  const [due, setDue] = useState("");
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        act({ type: "contribute", id: clientId(), text: body, kind, ...(kind === "action_points" && due ? { due } : {}) }, () =>
          setBody(""),
        );
      }}
    >
      {kinds.length > 1 ? (
        <div className="field">
          <label htmlFor="round-kind">{t("round_kind")}</label>
          <select id="round-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(`round_kind_${k}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="round-text">{t("round_your_text")}</label>
        <textarea id="round-text" value={body} maxLength={ROUND_LIMITS.text} required onChange={(e) => setBody(e.target.value)} />
      </div>
      {kind === "action_points" ? (
        <div className="field">
          <label htmlFor="round-due">{t("round_due")}</label>
          <input id="round-due" type="date" required value={due} onChange={(e) => setDue(e.target.value)} />
        </div>
      ) : null}
      <button type="submit">{t("round_contribute")}</button>
    </form>
  );
}

function Contribution({
  c,
  t,
  mine,
  inbrenger,
  act,
}: {
  c: RoundContributionDTO;
  t: T;
  mine: boolean;
  inbrenger: boolean;
  act: (a: Record<string, unknown>) => void;
}) {
  return (
    <li className="card">
      <span className="muted">
        {t(`round_kind_${c.kind}` as MessageKey)} · {c.authorName}
        {c.due ? ` · ${c.due}` : ""}
      </span>
      <p>{c.text}</p>
      {c.hidden && mine ? <p className="muted">{t("round_hidden_own")}</p> : null}
      {c.rating ? <p>{`${t("round_rating")}: ${c.rating}`}</p> : null}
      {c.picked ? <strong>{t("round_picked")}</strong> : null}
      {c.taken ? <strong>{t("round_taken")}</strong> : null}
      {inbrenger && !c.hidden && (c.kind === "questions" || c.kind === "problem_formulations") ? (
        <div className="row">
          {RATINGS.map((r) => (
            <button
              type="button"
              key={r}
              aria-pressed={c.rating === r}
              onClick={() => act({ type: "rate", contribution: c.id, rating: r })}
            >
              {r}
            </button>
          ))}
          {c.kind === "problem_formulations" ? (
            <button type="button" onClick={() => act({ type: "pick", contribution: c.id })}>
              {t("round_pick")}
            </button>
          ) : null}
        </div>
      ) : null}
      {inbrenger && (c.kind === "positions" || c.kind === "advice_cards") ? (
        <button type="button" aria-pressed={c.taken} onClick={() => act({ type: "take", contribution: c.id, taken: !c.taken })}>
          {t("round_take")}
        </button>
      ) : null}
    </li>
  );
}

export { GroupErrorBoundary as ErrorBoundary };

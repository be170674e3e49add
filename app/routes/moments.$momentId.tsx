import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { BreakoutViewDTO, LivePollDTO, LiveViewDTO, PollResultDTO } from "../../models/moment/live.dto";
import { LIVE_LIMITS, POLL_KINDS, type PollKind } from "../../models/moment/live.inputs";
import type { ThemeChoiceDTO } from "../../models/moment/compose.dto";
import { Board, boardLinks } from "../components/board";
import { ConnectionStatus } from "../components/connection-status";
import { CollabEditor } from "../components/docs/collab-editor";
import { ThemeChoice } from "../components/moment/theme-choice";
import { clock } from "../components/round/use-round";
import { useFormatDate } from "../i18n/use-dates";
import { useRootData, useT } from "../i18n/use-t";
import { runService } from "../utils/form.server";
import { getSocket, listen } from "../utils/live.client";
import { requireServiceContext } from "../utils/session.server";

// A network moment's own page (issue 16 items 2, 3; decisions 069-071): before the start the agenda
// and programme, live the plenary (programme, notes, polls, chat, hands) or the viewer's breakout,
// after the end a summary (part E adds the harvest). The server decides everything: every command
// goes through the socket's moment:* events and comes back as moment:* facts; a (re)connect joins
// again and receives the whole view. The other parts are wired in here: the facilitator's notes and
// the breakouts' boards (moment-scoped documents), the theme choice and the compose page (the
// composition), the harvest page (publishing a table's output, and after the end).

export const links = boardLinks;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.view.moment.title} · Leerkring` : "Leerkring" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  const momentId = params.momentId ?? "";
  const view = await runService(request, () => context.services.live.getLiveView(ctx, { momentId }));
  // A participant chooses a theme for each "theme" breakout block ahead of it (null: not a theme block).
  const themeChoices =
    view.role === "participant" && view.state.status !== "ended"
      ? (
          await Promise.all(
            view.moment.blocks
              .filter((b) => b.kind === "breakouts")
              .map((b) => runService(request, () => context.services.compose.themeChoiceFor(ctx, { momentId, blockId: b.id }))),
          )
        ).filter((c): c is ThemeChoiceDTO => c !== null)
      : [];
  return { view, themeChoices };
}

type T = ReturnType<typeof useT>;
type Emit = (event: string, payload: Record<string, unknown>, done?: (data: unknown) => void) => void;
let nextId = 0;
const clientId = () => `c-${Date.now().toString(36)}-${(nextId++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/** The view kept current by the moment's facts; a (re)connect joins again and takes the whole view. */
function useLiveView(first: LiveViewDTO) {
  const [view, setView] = useState(first);
  const [offset, setOffset] = useState(first.state.serverNow - Date.now());
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  useEffect(() => {
    const id = first.moment.id;
    const socket = getSocket();
    const join = () =>
      socket.emit("moment:join", { momentId: id }, (res) => {
        if (!res.ok) return;
        setOffset(res.data.state.serverNow - Date.now());
        setView(res.data);
      });
    const mine = (d: { momentId: string }) => d.momentId === id;
    const stop = listen(socket, {
      connect: join,
      "moment:state": (s) => {
        if (!mine(s)) return;
        setOffset(s.serverNow - Date.now());
        setView((v) => (s.version < v.state.version ? v : { ...v, state: s, ...(s.breakouts ? {} : { breakout: null, breakouts: [] }) }));
      },
      "moment:poll": (r) => mine(r) && setView((v) => ({ ...v, results: upsert(v.results, r) })),
      "moment:message": (m) =>
        mine(m) &&
        setView((v) => (v.messages.some((x) => x.id === m.id) ? v : { ...v, messages: [...v.messages, m].slice(-LIVE_LIMITS.chatShown) })),
      "moment:hands": (h) => mine(h) && setView((v) => ({ ...v, hands: h })),
      "moment:breakout": (b) => mine(b) && setView((v) => ({ ...v, breakout: b })),
      "moment:breakouts": (d) => mine(d) && setView((v) => ({ ...v, breakouts: d.breakouts })),
      // Taken out of the moment (decision 079): a participant now takes their view again; gone, the
      // page is read again and shows that the moment is not there (for them).
      "moment:left": (d) => mine(d) && (d.role ? join() : revalidate.current()),
    });
    if (socket.connected) join();
    return stop;
  }, [first.moment.id]);
  return { view, setView, offset };
}

const upsert = (list: PollResultDTO[], r: PollResultDTO) =>
  list.some((x) => x.pollId === r.pollId)
    ? list.map((x) => (x.pollId === r.pollId ? (r.results || !x.results ? r : { ...x, count: r.count }) : x))
    : [...list, r];

export default function MomentPage() {
  const t = useT();
  const { view: first, themeChoices } = useLoaderData<typeof loader>();
  const me = useRootData().user;
  const user = { id: first.userId, name: me?.name ?? "" };
  const { view, setView, offset } = useLiveView(first);
  const [error, setError] = useState<string | null>(null);
  const formatDate = useFormatDate();
  const { moment, state, role } = view;
  const facilitator = role === "facilitator";

  const emit: Emit = (event, payload, done) => {
    setError(null);
    getSocket().emit(
      event as "moment:act",
      { momentId: moment.id, ...payload } as never,
      (res: { ok: boolean; data?: unknown; error?: { message: string } }) => {
        if (res.ok) done?.(res.data);
        else setError(res.error?.message ?? null);
      },
    );
  };
  const act = (action: Record<string, unknown>, done?: () => void) =>
    emit("moment:act", { action }, (s) => {
      const next = s as LiveViewDTO["state"];
      setView((v) => (next.version < v.state.version ? v : { ...v, state: next }));
      done?.();
    });

  const inBreakout = state.status === "live" && !!state.breakouts && !facilitator;
  return (
    <main className="moment" aria-labelledby="moment-title">
      <header className="moment-head">
        <h1 id="moment-title">{moment.title}</h1>
        <p className="muted">
          {t("moment.live.starts", { date: formatDate(moment.startsAt) })}
          {moment.place ? ` · ${t("moment.live.place", { place: moment.place })}` : ""}
        </p>
        {/* A <div>: the connection status is a <div> itself, which a <p> may not hold (the browser would
            take it out of the <p> and the page's hydration would fail). */}
        <div className="moment-status">
          <span className={`badge badge-${state.status}`}>{t(`moment.live.status.${state.status}`)}</span> <ConnectionStatus pending={0} />
        </div>
      </header>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {state.status === "live" && state.broadcast ? (
        <aside className="card broadcast" role="status" aria-live="polite">
          <strong>{t("moment.live.broadcast")}:</strong> {state.broadcast.text}
        </aside>
      ) : null}
      {state.status === "live" ? <Timer endsAt={state.timerEndsAt} offset={offset} t={t} /> : null}

      {facilitator ? <FacilitatorPanel view={view} act={act} user={user} t={t} /> : null}

      {state.status === "not_started" && moment.agenda ? (
        <section aria-labelledby="agenda-title" className="card">
          <h2 id="agenda-title">{t("moment.live.agenda")}</h2>
          <p style={{ whiteSpace: "pre-wrap" }}>{moment.agenda}</p>
        </section>
      ) : null}

      {facilitator && state.status !== "ended" ? <ComposeLinks view={view} t={t} /> : null}
      {!facilitator ? <ThemeChoices view={view} choices={themeChoices} /> : null}

      {inBreakout ? (
        <Breakout breakout={view.breakout} user={user} t={t} />
      ) : (
        <>
          <Programme view={view} t={t} />
          {state.status === "live" ? (
            <>
              <section aria-labelledby="notes-title" className="card">
                <h2 id="notes-title">{t("moment.live.notes")}</h2>
                {facilitator ? null : <p className="muted">{t("moment.live.notes_read_only")}</p>}
                <Notes momentId={moment.id} canWrite={facilitator} user={user} title={t("moment.live.notes")} />
              </section>
              <Polls view={view} emit={emit} setView={setView} t={t} />
              <Hands view={view} emit={emit} t={t} />
              <Chat view={view} emit={emit} t={t} />
            </>
          ) : null}
          {state.status === "ended" ? (
            <>
              <p className="card">
                {t("moment.live.ended")} <Link to={`/moments/${moment.id}/harvest`}>{t("moment.live.harvest_link")}</Link>
              </p>
              <Polls view={view} emit={emit} setView={setView} t={t} />
            </>
          ) : null}
        </>
      )}
    </main>
  );
}

function Timer({ endsAt, offset, t }: { endsAt: number | null; offset: number; t: T }) {
  // Counted only in the browser (the server's render would differ by the time it took: a hydration mismatch).
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => setNow(Date.now() + offset);
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [offset]);
  if (endsAt === null || now === null) return null;
  const left = endsAt - now;
  return (
    <p className={`timer${left <= 0 ? " timer-over" : ""}`} data-timer-ends={endsAt}>
      {left > 0 ? t("moment.live.timer_left", { time: clock(left) }) : t("moment.live.timer_over", { time: clock(-left) })}
    </p>
  );
}

function Programme({ view, t }: { view: LiveViewDTO; t: T }) {
  const current = view.state.status === "live" ? view.state.block : -1;
  return (
    <section aria-labelledby="programme-title" className="card">
      <h2 id="programme-title">{t("moment.live.programme")}</h2>
      <ol className="programme">
        {view.moment.blocks.map((b, i) => (
          <li key={b.id} aria-current={i === current ? "step" : undefined} className={i === current ? "current" : undefined}>
            <strong>{b.title}</strong> · {t(`moment.live.block_kind.${b.kind}`)} · {t("moment.live.block_minutes", { n: b.minutes })}
            {i === current ? <em> ({t("moment.live.now")})</em> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The facilitator's notes (the CollabDocument _id = groupId = momentId): facilitators write, participants read. */
function Notes({ momentId, canWrite, user, title }: { momentId: string; canWrite: boolean; user: User; title: string }) {
  // The editor exists in the browser only.
  const [mounted, setMounted] = useState(false);
  const t = useT();
  useEffect(() => setMounted(true), []);
  if (!mounted) return <p>{t("editor.loading")}</p>;
  return <CollabEditor groupId={momentId} docId={momentId} title={title} canWrite={canWrite} user={user} />;
}

/** The compose page of each breakout block, for the facilitators. */
function ComposeLinks({ view, t }: { view: LiveViewDTO; t: T }) {
  const blocks = view.moment.blocks.filter((b) => b.kind === "breakouts");
  if (!blocks.length) return null;
  return (
    <nav aria-labelledby="compose-title" className="card">
      <h2 id="compose-title">{t("moment.live.compose_title")}</h2>
      <ul>
        {blocks.map((b) => (
          <li key={b.id}>
            <Link to={`/moments/${view.moment.id}/compose/${b.id}`}>{t("moment.live.compose_link", { block: b.title })}</Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A participant's theme choice for each "theme" block still ahead (not open now, not past). */
function ThemeChoices({ view, choices }: { view: LiveViewDTO; choices: ThemeChoiceDTO[] }) {
  const { state, moment } = view;
  if (state.status === "ended") return null;
  const ahead = (blockId: string) => {
    const at = moment.blocks.findIndex((b) => b.id === blockId);
    if (state.status === "not_started") return true;
    return at > state.block || (at === state.block && !state.breakouts);
  };
  return (
    <>
      {choices
        .filter((c) => ahead(c.blockId))
        .map((c) => (
          <ThemeChoice key={c.blockId} choice={c} blockTitle={moment.blocks.find((b) => b.id === c.blockId)?.title ?? ""} />
        ))}
    </>
  );
}

type User = { id: string; name: string };

function Breakout({ breakout, user, t }: { breakout: BreakoutViewDTO | null; user: User; t: T }) {
  if (!breakout)
    return (
      <p className="card" role="status">
        {t("moment.live.breakout_none")}
      </p>
    );
  const name = breakout.theme ?? t("moment.live.breakout_name", { index: breakout.index });
  return (
    <section aria-labelledby="breakout-title" className="card breakout" data-breakout={breakout.id}>
      <h2 id="breakout-title">{t("moment.live.breakout_title", { name })}</h2>
      <h3>{t("moment.live.breakout_members")}</h3>
      <ul>
        {breakout.members.map((m) => (
          <li key={m.userId}>
            {m.name}
            {m.groupName ? <span className="muted"> · {m.groupName}</span> : null}
          </li>
        ))}
      </ul>
      {breakout.protocol ? (
        <>
          <h3>{t("moment.live.breakout_protocol", { name: breakout.protocol.name[t.locale] })}</h3>
          <ol>
            {breakout.protocol.phases.map((p) => (
              <li key={p.name.nl}>
                {p.name[t.locale]}
                {p.minutes ? ` · ${t("moment.live.block_minutes", { n: p.minutes })}` : ""}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      <h3>{t("moment.live.breakout_board")}</h3>
      <Board scopeId={breakout.id} docId={breakout.id} canWrite user={user} title={t("moment.live.breakout_board")} />
      <p>
        <Link to={`/moments/${breakout.momentId}/harvest?publish=${breakout.id}`}>{t("moment.live.publish_output")}</Link>
      </p>
    </section>
  );
}

function PollResults({ poll, result, t }: { poll: LivePollDTO; result: PollResultDTO | undefined; t: T }) {
  const count = result?.count ?? 0;
  const r = result?.results;
  return (
    <div aria-live="polite">
      <p className="muted">{t("moment.live.poll_count", { n: count })}</p>
      {!r ? (
        poll.hidden ? (
          <p className="muted">{t("moment.live.poll_hidden")}</p>
        ) : null
      ) : r.kind === "single" ? (
        <ul>
          {poll.options.map((o, i) => (
            <li key={o}>
              {o}: <meter min={0} max={Math.max(1, count)} value={r.counts[i] ?? 0} /> {r.counts[i] ?? 0}
            </li>
          ))}
        </ul>
      ) : r.kind === "scale" ? (
        <p>
          {r.counts.map((c, i) => `${i + 1}: ${c}`).join(" · ")}
          {r.mean !== null ? ` · ${t("moment.live.poll_mean", { mean: r.mean.toLocaleString(t.locale) })}` : ""}
        </p>
      ) : r.kind === "words" ? (
        <p className="word-cloud">
          {r.words.map((w) => (
            <span key={w.word} style={{ fontSize: `${Math.min(2.2, 0.9 + w.count * 0.2)}rem`, marginInlineEnd: "0.5rem" }}>
              {w.word} <span className="sr-only">({w.count})</span>
            </span>
          ))}
        </p>
      ) : (
        <ul>
          {r.answers.map((a, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: answers carry no id (they are anonymous)
            <li key={i}>{a}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Polls({ view, emit, setView, t }: { view: LiveViewDTO; emit: Emit; setView: (f: (v: LiveViewDTO) => LiveViewDTO) => void; t: T }) {
  const polls = view.state.polls;
  return (
    <section aria-labelledby="polls-title" className="card">
      <h2 id="polls-title">{t("moment.live.polls")}</h2>
      {polls.length === 0 ? <p className="muted">{t("moment.live.polls_none")}</p> : null}
      {[...polls].reverse().map((poll) => {
        const answered = view.answered.includes(poll.id);
        const answer = (value: unknown) =>
          emit("moment:answer", { pollId: poll.id, answer: value }, (r) =>
            setView((v) => ({ ...v, answered: [...v.answered, poll.id], results: upsert(v.results, r as PollResultDTO) })),
          );
        return (
          <article key={poll.id} className="poll" aria-labelledby={`poll-${poll.id}`}>
            <h3 id={`poll-${poll.id}`}>
              {poll.question} {poll.open ? null : <span className="badge">{t("moment.live.poll_closed")}</span>}
            </h3>
            {poll.open && view.state.status === "live" && !answered ? <AnswerForm poll={poll} answer={answer} t={t} /> : null}
            {answered ? <p className="muted">{t("moment.live.poll_answered")}</p> : null}
            <PollResults poll={poll} result={view.results.find((r) => r.pollId === poll.id)} t={t} />
            {view.role === "facilitator" ? (
              <p className="actions">
                {poll.open ? (
                  <button type="button" onClick={() => emit("moment:act", { action: { type: "poll_close", pollId: poll.id } })}>
                    {t("moment.live.fac_poll_close")}
                  </button>
                ) : null}
                {poll.hidden ? (
                  <button type="button" onClick={() => emit("moment:act", { action: { type: "poll_reveal", pollId: poll.id } })}>
                    {t("moment.live.fac_poll_reveal")}
                  </button>
                ) : null}
              </p>
            ) : null}
          </article>
        );
      })}
    </section>
  );
}

function AnswerForm({ poll, answer, t }: { poll: LivePollDTO; answer: (value: unknown) => void; t: T }) {
  const [text, setText] = useState("");
  if (poll.kind === "single" || poll.kind === "scale") {
    const choices =
      poll.kind === "single" ? poll.options.map((o, i) => [i, o] as const) : [1, 2, 3, 4, 5].map((n) => [n, String(n)] as const);
    return (
      <fieldset className="actions">
        <legend className="sr-only">{t("moment.live.poll_answer")}</legend>
        {poll.kind === "scale" ? <p className="muted">{t("moment.live.poll_scale_hint")}</p> : null}
        {choices.map(([value, label]) => (
          <button key={value} type="button" onClick={() => answer(value)}>
            {label}
          </button>
        ))}
      </fieldset>
    );
  }
  const words = poll.kind === "words";
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const value = words
          ? text
              .split(",")
              .map((w) => w.trim())
              .filter(Boolean)
              .slice(0, LIVE_LIMITS.words)
          : text.trim();
        if (value.length) answer(value);
      }}
    >
      <label htmlFor={`answer-${poll.id}`}>{words ? t("moment.live.poll_words_hint") : t("moment.live.poll_open_label")}</label>
      {words ? (
        <input
          id={`answer-${poll.id}`}
          value={text}
          onChange={(e) => setText(e.target.value)}
          maxLength={LIVE_LIMITS.words * (LIVE_LIMITS.word + 2)}
        />
      ) : (
        <textarea
          id={`answer-${poll.id}`}
          value={text}
          onChange={(e) => setText(e.target.value)}
          maxLength={LIVE_LIMITS.openAnswer}
          rows={2}
        />
      )}
      <button type="submit">{t("moment.live.poll_answer")}</button>
    </form>
  );
}

function Hands({ view, emit, t }: { view: LiveViewDTO; emit: Emit; t: T }) {
  const queue = view.hands.queue;
  const raised = queue.some((h) => h.userId === view.userId);
  const facilitator = view.role === "facilitator";
  return (
    <section aria-labelledby="hands-title" className="card">
      <h2 id="hands-title">{t("moment.live.hands")}</h2>
      {queue.length === 0 ? <p className="muted">{t("moment.live.hands_empty")}</p> : null}
      <ol aria-live="polite">
        {queue.map((h) => (
          <li key={h.id}>
            {h.name}{" "}
            {facilitator ? (
              <button type="button" onClick={() => emit("moment:hand", { op: "take", handId: h.id })}>
                {t("moment.live.hand_take")}
              </button>
            ) : null}
          </li>
        ))}
      </ol>
      <p className="actions">
        {facilitator ? (
          queue.length ? (
            <button type="button" onClick={() => emit("moment:hand", { op: "clear" })}>
              {t("moment.live.hands_clear")}
            </button>
          ) : null
        ) : (
          <button type="button" aria-pressed={raised} onClick={() => emit("moment:hand", { op: raised ? "lower" : "raise" })}>
            {raised ? t("moment.live.hand_lower") : t("moment.live.hand_raise")}
          </button>
        )}
      </p>
    </section>
  );
}

function Chat({ view, emit, t }: { view: LiveViewDTO; emit: Emit; t: T }) {
  const [text, setText] = useState("");
  return (
    <section aria-labelledby="chat-title" className="card">
      <h2 id="chat-title">{t("moment.live.chat")}</h2>
      {view.messages.length === 0 ? <p className="muted">{t("moment.live.chat_empty")}</p> : null}
      <ul className="chat" aria-live="polite">
        {view.messages.map((m) => (
          <li key={m.id}>
            <strong>{m.name}</strong>: {m.text}
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim()) emit("moment:chat", { clientId: clientId(), text }, () => setText(""));
        }}
      >
        <label>
          {t("moment.live.chat_label")}
          <input value={text} onChange={(e) => setText(e.target.value)} maxLength={LIVE_LIMITS.chat} />
        </label>
        <button type="submit">{t("moment.live.chat_send")}</button>
      </form>
    </section>
  );
}

function FacilitatorPanel({
  view,
  act,
  user,
  t,
}: {
  view: LiveViewDTO;
  act: (a: Record<string, unknown>, done?: () => void) => void;
  user: User;
  t: T;
}) {
  const { state, moment } = view;
  const seen = state.version;
  const block = moment.blocks[state.block];
  const [message, setMessage] = useState("");
  const [kind, setKind] = useState<PollKind>("single");
  const [question, setQuestion] = useState("");
  const [options, setOptions] = useState("");
  const [hidden, setHidden] = useState(false);
  /** The breakout whose board the facilitator looks into (one at a time). */
  const [looking, setLooking] = useState<string | null>(null);
  const lookedAt = view.breakouts.find((b) => b.id === looking) ?? null;
  // The start button gives way to the live controls: the keyboard's focus goes on to "next block".
  const startedHere = useRef(false);
  const nextRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (state.status !== "live" || !startedHere.current) return;
    startedHere.current = false;
    nextRef.current?.focus();
  }, [state.status]);
  return (
    <section aria-labelledby="fac-title" className="card facilitator">
      <h2 id="fac-title">{t("moment.live.fac")}</h2>
      <p className="actions">
        {state.status === "not_started" ? (
          <button
            type="button"
            onClick={() => {
              startedHere.current = true;
              act({ type: "start" });
            }}
          >
            {t("moment.live.fac_start")}
          </button>
        ) : null}
        {state.status === "live" ? (
          <>
            <button type="button" disabled={state.block === 0} onClick={() => act({ type: "previous", seen })}>
              {t("moment.live.fac_previous")}
            </button>
            <button
              ref={nextRef}
              type="button"
              disabled={state.block >= moment.blocks.length - 1}
              onClick={() => act({ type: "next", seen })}
            >
              {t("moment.live.fac_next")}
            </button>
            {/* One button for opening and bringing back: the keyboard's focus stays on it when it turns. */}
            {block?.kind === "breakouts" || state.breakouts ? (
              <button type="button" onClick={() => act({ type: state.breakouts ? "bring_back" : "open_breakouts", seen })}>
                {state.breakouts ? t("moment.live.fac_back") : t("moment.live.fac_open")}
              </button>
            ) : null}
            <button type="button" onClick={() => act({ type: "extend", minutes: 5 })}>
              {t("moment.live.fac_extend")}
            </button>
            <button type="button" onClick={() => act({ type: "end", seen })}>
              {t("moment.live.fac_end")}
            </button>
          </>
        ) : null}
      </p>
      {state.status === "live" ? (
        <>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (message.trim()) act({ type: "broadcast", clientId: clientId(), text: message }, () => setMessage(""));
            }}
          >
            <label>
              {t("moment.live.fac_broadcast")}
              <input value={message} onChange={(e) => setMessage(e.target.value)} maxLength={LIVE_LIMITS.broadcast} />
            </label>
            <button type="submit">{t("moment.live.fac_broadcast_send")}</button>
          </form>
          {state.breakouts ? (
            <details>
              <summary>{t("moment.live.fac_breakouts", { n: view.breakouts.length })}</summary>
              <ul>
                {view.breakouts.map((b) => {
                  const name = b.theme ?? t("moment.live.breakout_name", { index: b.index });
                  return (
                    <li key={b.id}>
                      <strong>{name}</strong>: {b.members.map((m) => m.name).join(", ")}{" "}
                      <button type="button" aria-pressed={looking === b.id} onClick={() => setLooking(looking === b.id ? null : b.id)}>
                        {looking === b.id ? t("moment.live.fac_board_close") : t("moment.live.fac_board_open", { name })}
                      </button>
                    </li>
                  );
                })}
              </ul>
              {lookedAt ? (
                <Board
                  scopeId={lookedAt.id}
                  docId={lookedAt.id}
                  canWrite
                  user={user}
                  title={t("moment.live.fac_board_title", {
                    name: lookedAt.theme ?? t("moment.live.breakout_name", { index: lookedAt.index }),
                  })}
                />
              ) : null}
            </details>
          ) : null}
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const list =
                kind === "single"
                  ? options
                      .split("\n")
                      .map((o) => o.trim())
                      .filter(Boolean)
                  : [];
              act({ type: "poll_open", clientId: clientId(), kind, question, options: list, hidden }, () => {
                setQuestion("");
                setOptions("");
              });
            }}
          >
            <fieldset>
              <legend>{t("moment.live.fac_poll_new")}</legend>
              <label>
                {t("moment.live.fac_poll_kind")}
                <select value={kind} onChange={(e) => setKind(e.target.value as PollKind)}>
                  {POLL_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`moment.live.poll_kind.${k}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t("moment.live.fac_poll_question")}
                <input value={question} onChange={(e) => setQuestion(e.target.value)} required maxLength={LIVE_LIMITS.question} />
              </label>
              {kind === "single" ? (
                <label>
                  {t("moment.live.fac_poll_options")}
                  <textarea value={options} onChange={(e) => setOptions(e.target.value)} rows={3} />
                </label>
              ) : null}
              <label className="check">
                <input type="checkbox" checked={hidden} onChange={(e) => setHidden(e.target.checked)} /> {t("moment.live.fac_poll_hidden")}
              </label>
              <button type="submit">{t("moment.live.fac_poll_create")}</button>
            </fieldset>
          </form>
        </>
      ) : null}
    </section>
  );
}

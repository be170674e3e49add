import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { MAX_MESSAGE_CHARS } from "../../../models/thread/thread.inputs";
import { resolutionOf, type CommentDTO } from "../../../models/comment/comment.dto";
import { SafeForm } from "../form";
import { newClientId } from "../threads/thread-state";
import { useFormatDate } from "../../i18n/use-dates";
import { useT } from "../../i18n/use-t";
import type { CommandResult, CommentCommand } from "./use-doc-comments";

// The side panel of a document's comments (docs/decisions/008-doc-comments.md). Every form also
// works without JavaScript (a POST to the document route, the same services); with a connection
// it goes over the socket and the result arrives live for everyone in the group.

export interface CommentDraft {
  anchorStart: string;
  anchorEnd: string;
  quote: string;
}

interface Props {
  comments: CommentDTO[];
  canWrite: boolean;
  connected: boolean | null;
  run: (cmd: CommentCommand, clientId?: string) => Promise<CommandResult>;
  draft: CommentDraft | null;
  /** Waits until the editor's text is stored (an anchor must resolve on the server). */
  beforeAdd: () => Promise<void>;
  onDraftDone: () => void;
  /** Is the comment's text gone? Live from the editor when it is synced, else as the server saw it. */
  isRemoved: (c: CommentDTO) => boolean;
  activeId: string | null;
  onSelect: (c: CommentDTO) => void;
}

export function CommentsPanel(p: Props) {
  const t = useT();
  const headingId = useId();
  const [showResolved, setShowResolved] = useState(false);
  const open = p.comments.filter((c) => !resolutionOf(c));
  const shown = showResolved ? p.comments : open;
  return (
    <aside className="comments-panel" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {t("comments.title")} <span className="badge">{t("comments.openCount", { n: open.length })}</span>
      </h3>
      <label className="comments-toggle">
        <input type="checkbox" checked={showResolved} onChange={(e) => setShowResolved(e.target.checked)} /> {t("comments.showResolved")}
      </label>
      {p.draft && p.canWrite ? <NewComment {...p} draft={p.draft} /> : null}
      {shown.length === 0 ? <p className="status">{p.canWrite ? t("comments.empty") : t("comments.emptyReadOnly")}</p> : null}
      <ol className="comment-list">
        {shown.map((c) => (
          <CommentItem key={c.id} c={c} {...p} />
        ))}
      </ol>
    </aside>
  );
}

/** The message for a refusal, in the page's language. */
function useRefusal() {
  const t = useT();
  return (r: CommandResult) =>
    r.ok
      ? null
      : r.code === "offline"
        ? t("comments.offline")
        : r.code === "anchor"
          ? t("comments.anchorInvalid")
          : (r.message ?? t("comments.offline"));
}

/** One command's state: busy, its error, and its client id (kept until it succeeds, so a retry is stored once). */
function useCommand(p: Pick<Props, "run" | "connected">) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const clientId = useRef(newClientId());
  const refusal = useRefusal();
  const submit = async (cmd: CommentCommand, before?: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await before?.();
      const r = await p.run(cmd, clientId.current);
      if (r.ok) clientId.current = newClientId();
      else setError(refusal(r));
      return r.ok;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, clientId: clientId.current, submit };
}

function ErrorLine({ error }: { error: string | null }) {
  return error ? (
    <p className="form-error" role="alert">
      {error}
    </p>
  ) : null;
}

function NewComment(p: Props & { draft: CommentDraft }) {
  const t = useT();
  const id = useId();
  const cmd = useCommand(p);
  const [body, setBody] = useState("");
  const ref = useRef<HTMLTextAreaElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: p.draft is the trigger: the textarea takes the focus again for every new selection commented on
  useEffect(() => ref.current?.focus(), [p.draft]);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim()) return;
    const ok = await cmd.submit(
      { event: "comment:add", payload: { anchorStart: p.draft.anchorStart, anchorEnd: p.draft.anchorEnd, body } },
      p.beforeAdd,
    );
    if (ok) {
      setBody("");
      p.onDraftDone();
    }
  };
  return (
    <form className="card comment-new" onSubmit={save} aria-label={t("comments.new")}>
      <p>
        {t("comments.new")} <q className="comment-quote-text">{p.draft.quote}</q>
      </p>
      <label htmlFor={id}>{t("comments.body")}</label>
      <textarea
        id={id}
        ref={ref}
        rows={3}
        required
        maxLength={MAX_MESSAGE_CHARS}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => e.key === "Escape" && p.onDraftDone()}
      />
      <ErrorLine error={cmd.error} />
      <button type="submit" disabled={cmd.busy} aria-busy={cmd.busy || undefined}>
        {cmd.busy ? t("comments.busy") : t("comments.save")}
      </button>{" "}
      <button type="button" onClick={p.onDraftDone}>
        {t("comments.cancel")}
      </button>
    </form>
  );
}

function CommentItem({ c, ...p }: Props & { c: CommentDTO }) {
  const t = useT();
  const when = useFormatDate();
  const replyId = useId();
  const reply = useCommand(p);
  const resolve = useCommand(p);
  const [body, setBody] = useState("");
  const resolution = resolutionOf(c);
  const removed = p.isRemoved(c);
  // With a connection the socket carries it (live for everyone); without, the form posts.
  const viaSocket = (e: FormEvent, go: () => Promise<unknown>) => {
    if (!p.connected) return;
    e.preventDefault();
    void go();
  };
  return (
    <li
      className={`card comment${c.id === p.activeId ? " comment-active" : ""}${resolution ? " comment-resolved" : ""}`}
      data-comment-id={c.id}
    >
      {removed ? (
        <p className="comment-quote">
          <span className="badge">{t("comments.removed")}</span> <q className="comment-quote-text">{c.quote}</q>
        </p>
      ) : (
        <button
          type="button"
          className="comment-quote link-button"
          onClick={() => p.onSelect(c)}
          aria-label={t("comments.select", { quote: c.quote })}
        >
          <q className="comment-quote-text">{c.quote}</q>
        </button>
      )}
      <p className="status">{t("comments.by", { name: c.authorName, when: when(c.createdAt) })}</p>
      <p className="comment-body">{c.body}</p>
      {c.entries.length ? (
        <ol className="comment-replies">
          {c.entries.map((e) =>
            e.kind === "reply" ? (
              <li key={e.id}>
                <p className="status">{t("comments.by", { name: e.authorName, when: when(e.at) })}</p>
                <p className="comment-body">{e.body}</p>
              </li>
            ) : (
              <li key={e.id} className="status">
                {e.kind === "resolved"
                  ? t("comments.resolvedBy", { name: e.authorName, when: when(e.at) })
                  : `${t("comments.reopen")}: ${t("comments.by", { name: e.authorName, when: when(e.at) })}`}
              </li>
            ),
          )}
        </ol>
      ) : null}
      {p.canWrite ? (
        <>
          <SafeForm
            className="comment-reply"
            onSubmit={(e) =>
              viaSocket(e, async () => {
                if (!body.trim()) return;
                if (await reply.submit({ event: "comment:reply", payload: { commentId: c.id, body } })) setBody("");
              })
            }
          >
            <input type="hidden" name="commentId" value={c.id} />
            <input type="hidden" name="clientId" value={reply.clientId} suppressHydrationWarning />
            <label htmlFor={replyId}>{t("comments.reply")}</label>
            <textarea
              id={replyId}
              name="body"
              rows={2}
              required
              maxLength={MAX_MESSAGE_CHARS}
              value={body}
              onChange={(e) => setBody(e.target.value)}
            />
            <ErrorLine error={reply.error} />
            <button type="submit" name="intent" value="reply" disabled={reply.busy} aria-busy={reply.busy || undefined}>
              {reply.busy ? t("comments.busy") : t("comments.send")}
            </button>
          </SafeForm>
          <SafeForm
            className="comment-resolve"
            onSubmit={(e) =>
              viaSocket(e, () => resolve.submit({ event: "comment:resolve", payload: { commentId: c.id, resolved: !resolution } }))
            }
          >
            <input type="hidden" name="commentId" value={c.id} />
            <input type="hidden" name="clientId" value={resolve.clientId} suppressHydrationWarning />
            <input type="hidden" name="resolved" value={resolution ? "false" : "true"} />
            <ErrorLine error={resolve.error} />
            <button type="submit" name="intent" value="resolve" disabled={resolve.busy} aria-busy={resolve.busy || undefined}>
              {resolution ? t("comments.reopen") : t("comments.resolve")}
            </button>
          </SafeForm>
        </>
      ) : null}
    </li>
  );
}

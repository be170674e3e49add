import { z } from "zod";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import {
  DeleteMessageInput,
  EditMessageInput,
  MAX_MESSAGE_CHARS,
  PinThreadInput,
  SendMessageInput,
  SubscribeThreadInput,
} from "../../models/thread/thread.inputs";
import type { MessageDTO } from "../../models/thread/thread.service";
import { FormMessage, SafeForm } from "../components/form";
import { ConnectionStatus } from "../components/connection-status";
import { Markdown } from "../components/markdown";
import { When } from "../i18n/use-dates";
import { Avatar } from "../components/avatar";
import { newClientId } from "../components/threads/thread-state";
import { MentionHints, MentionTextarea } from "../components/threads/mention-textarea";
import type { MentionHint } from "../../models/thread/mentions";
import { useThreadLive } from "../components/threads/use-thread-live";
import { useRootData, useT } from "../i18n/use-t";
import { resolveMentions } from "../../models/thread/mentions";
import { formAction, readForm, readIntent, runService, retryAfterHeaders } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";
import type { loader as layoutLoader } from "./groups.$groupId";
import { GroupErrorBoundary } from "../components/errors";
import type { AttachmentDto } from "../../models/attachment/attachment.dto";
import { AttachButton, AttachmentList, DropZone, UploadList, useUploads } from "../components/files/attachments";

const PAGE = 30;

export const headers = retryAfterHeaders;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  const groupId = params.groupId ?? "";
  const threadId = params.threadId ?? "";
  await runService(request, () => context.services.group.loadGroupFor(ctx.actor, groupId, "thread.read"), groupId);
  // The log position first, then the messages: a live event after it is applied (idempotently).
  const baseSeq = await context.services.delivery.latestGroupSeq(ctx, groupId);
  const before = Number(new URL(request.url).searchParams.get("before"));
  const beforeSeq = Number.isSafeInteger(before) && before > 0 ? before : undefined;
  const page = await runService(
    request,
    () => context.services.thread.getThread(ctx, { groupId, threadId, beforeSeq, limit: PAGE }),
    groupId,
  );
  const overview = await runService(request, () => context.services.group.getGroupOverview(ctx, groupId), groupId);
  // Viewing the newest page reads the thread (also without JavaScript).
  if (!beforeSeq && page.thread.lastSeq > page.readSeq)
    await runService(request, () => context.services.thread.markRead(ctx, { groupId, threadId, seq: page.thread.lastSeq }), groupId);
  // A thread start's hints come along in the address it was sent to (the threads list's action).
  const typed = new URL(request.url).searchParams.getAll("mention").slice(0, 20);
  const members = overview.members.filter((m) => m.status === "active").map((m) => ({ userId: m.userId, name: m.name }));
  return json({
    ...page,
    startHints: typed.length
      ? resolveMentions(
          typed.map((w) => `@${w}`).join(" "),
          members.filter((m) => m.userId !== ctx.actor.id),
        ).hints
      : [],
    baseSeq,
    before: beforeSeq ?? null,
    members,
    // Seed of this page's form command ids: a resent form is stored once.
    clientSeed: newClientId().slice(0, 24),
    // Attachments (decision 083): the composer refuses a larger file before it uploads.
    maxUploadBytes: context.services.deps.node.files.maxBytes,
  });
}

const INTENTS = ["send", "edit", "delete", "pin", "subscribe"] as const;
const pinFlag = (raw: unknown) =>
  raw && typeof raw === "object" ? { ...raw, pinned: (raw as { pinned?: unknown }).pinned === "true" } : raw;

export async function action({ request, context, params }: ActionFunctionArgs) {
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const groupId = params.groupId ?? "";
    const threadId = params.threadId ?? "";
    // Early and the same for every intent: an outsider gets the 404 of a missing group.
    await runService(request, () => context.services.group.loadGroupFor(ctx.actor, groupId, "thread.read"), groupId);
    const intent = await readIntent(request, INTENTS);
    const run = <T,>(fn: () => Promise<T>) => runService(request, fn, groupId);
    const g = { groupId, threadId };
    let hints: MentionHint[] = [];
    switch (intent) {
      case "send": {
        const input = await readForm(request, context, SendMessageInput, g);
        hints = (await run(() => context.services.thread.sendMessage(ctx, { ...input, threadId }))).mentionHints ?? [];
        break;
      }
      case "edit": {
        const input = await readForm(request, context, EditMessageInput, { groupId });
        hints = (await run(() => context.services.thread.editMessage(ctx, input))).mentionHints ?? [];
        break;
      }
      case "delete": {
        const input = await readForm(request, context, DeleteMessageInput, { groupId });
        await run(() => context.services.thread.deleteMessage(ctx, input));
        break;
      }
      case "pin": {
        const input = await readForm(request, context, z.preprocess(pinFlag, PinThreadInput), g);
        await run(() => context.services.thread.pinThread(ctx, { ...input, threadId }));
        break;
      }
      case "subscribe": {
        const input = await readForm(request, context, SubscribeThreadInput, g);
        await run(() => context.services.thread.subscribeThread(ctx, { ...input, threadId }));
        break;
      }
    }
    return json({ ok: true as const, intent, hints });
  });
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function ThreadRoute() {
  const data = useLoaderData<typeof loader>();
  // A new thread or page is a new component: no state carries over.
  return <ThreadPage key={`${data.thread.id}:${data.before ?? ""}`} data={data} />;
}

function ThreadPage({ data }: { data: PageData }) {
  const t = useT();
  const me = useRootData().user;
  const shell = useRouteLoaderData<typeof layoutLoader>("routes/groups.$groupId");
  const actionData = useActionData<typeof action>() as { ok?: boolean; message?: string; hints?: MentionHint[] } | undefined;
  const groupId = data.thread.groupId;
  const live = useThreadLive({
    groupId,
    threadId: data.thread.id,
    userId: me?.id ?? "",
    baseSeq: data.baseSeq,
    thread: data.thread,
    messages: data.messages as MessageDTO[],
    hasMore: data.hasMore,
    live: data.before === null,
  });
  const canPost = !!shell?.allow["thread.post"];
  const canPin = !!shell?.allow["thread.pin"];
  const names = new Map(data.members.map((m) => [m.userId, m.name]));
  const typingNames = live.typingUserIds.map((id) => names.get(id) ?? "?");
  const base = `/groups/${groupId}/threads`;
  const oldest = live.messages[0]?.seq;
  const composerRef: ComposerHandle = useRef(null);

  return (
    <>
      <p>
        <Link to={base}>← {t("thread.backToList")}</Link>
      </p>
      <h2>
        {live.thread.title}
        {live.thread.pinned ? <span className="badge pinned">{t("threads.pinned")}</span> : null}
      </h2>
      <div className="row thread-tools">
        {canPin ? (
          <SafeForm className="inline">
            <input type="hidden" name="clientId" value={`${data.clientSeed}p${live.thread.pinned ? 0 : 1}`} />
            <input type="hidden" name="pinned" value={live.thread.pinned ? "false" : "true"} />
            <button type="submit" name="intent" value="pin" className="secondary">
              {live.thread.pinned ? t("thread.unpin") : t("thread.pin")}
            </button>
          </SafeForm>
        ) : null}
        <SafeForm className="inline">
          <input type="hidden" name="state" value={data.state === "mute" ? "follow" : "mute"} />
          <button type="submit" name="intent" value="subscribe" className="secondary">
            {data.state === "mute" ? t("threads.follow") : t("threads.mute")}
          </button>
        </SafeForm>
        {data.state ? <span className="badge">{data.state === "mute" ? t("threads.muted") : t("threads.following")}</span> : null}
      </div>
      <FormMessage data={actionData} />
      <MentionHints hints={actionData?.hints ?? data.startHints} />
      {data.before === null ? (
        <ConnectionStatus pending={live.pending.filter((e) => e.status === "pending").length} unit="messages" />
      ) : null}

      <section aria-labelledby="messages-h">
        <h3 id="messages-h" className="sr-only">
          {t("thread.messages")}
        </h3>
        {live.hasMore && oldest ? (
          <p>
            <Link
              to={`?before=${oldest}`}
              className="load-older"
              aria-busy={live.loadingOlder || undefined}
              onClick={(e) => {
                if (live.connected) {
                  e.preventDefault();
                  void live.loadOlder();
                }
              }}
            >
              {live.loadingOlder ? t("thread.loading") : t("thread.loadOlder")}
            </Link>
          </p>
        ) : null}
        {live.messages.length === 0 ? <p>{t("thread.noMessages")}</p> : null}
        <ol className="messages" data-testid="messages">
          {live.messages.map((m) => (
            <MessageItem
              key={m.id}
              m={m}
              mine={m.authorId === me?.id}
              meId={me?.id ?? ""}
              canPost={canPost}
              seed={data.clientSeed}
              members={data.members}
            />
          ))}
          {live.pending.map((p) => (
            <li key={p.clientId} className={`message pending ${p.status}`} data-testid="pending" data-status={p.status}>
              <div className="meta">
                <strong>{me?.name}</strong>
                <span className="badge">
                  {p.status === "refused"
                    ? t("thread.refused", { reason: (p.issue ? t.fieldError(p.issue) : p.error) ?? "" })
                    : live.sendingId === p.clientId && live.connected
                      ? t("thread.sending")
                      : t("thread.pending")}
                </span>
              </div>
              <Markdown text={p.text} />
              <AttachmentList attachments={p.attachments ?? []} />
              {p.status === "refused" ? (
                <div className="row" role="alert">
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => composerRef.current?.restore(p.text, () => live.discard(p.clientId))}
                  >
                    {t("thread.editPending")}
                  </button>
                  <button type="button" className="danger" onClick={() => live.discard(p.clientId)}>
                    {t("thread.discard")}
                  </button>
                </div>
              ) : null}
            </li>
          ))}
        </ol>
        <p className="status typing" aria-live="polite" data-testid="typing">
          {typingNames.length ? t("thread.typing", { names: typingNames.join(", "), n: typingNames.length }) : ""}
        </p>
      </section>

      {data.before !== null ? (
        <p>
          <Link to=".">{t("thread.newest")}</Link>
        </p>
      ) : canPost ? (
        <Composer
          groupId={groupId}
          maxUploadBytes={data.maxUploadBytes}
          handle={composerRef}
          members={data.members.filter((m) => m.userId !== me?.id)}
          seed={data.clientSeed}
          onSend={live.send}
          onTyping={live.notifyTyping}
          hints={live.hints}
          onDismissHints={live.clearHints}
        />
      ) : null}
    </>
  );
}

/** The composer's handle, so a refused message can be put back for editing. */
type ComposerHandle = { current: { restore: (text: string, done: () => void) => void } | null };

function Composer({
  groupId,
  maxUploadBytes,
  handle,
  members,
  seed,
  onSend,
  onTyping,
  hints,
  onDismissHints,
}: {
  groupId: string;
  maxUploadBytes: number;
  handle: ComposerHandle;
  members: { userId: string; name: string }[];
  seed: string;
  onSend: (text: string, attachments: AttachmentDto[]) => void;
  onTyping: () => void;
  hints: MentionHint[];
  onDismissHints: () => void;
}) {
  const t = useT();
  const id = useId();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const files = useUploads(groupId, maxUploadBytes);
  handle.current = {
    restore: (restored, done) => {
      setText(restored);
      done();
      area.current?.focus();
    },
  };

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault(); // with JavaScript the tab's outbox sends it (live, or on reconnect)
    const value = text.replace(/\r\n/g, "\n").trim();
    if (!value) {
      setError(t("error.required"));
      return;
    }
    if (value.length > MAX_MESSAGE_CHARS) {
      setError(t("error.too_long"));
      return;
    }
    if (files.busy) {
      setError(t("file.waitUploads"));
      return;
    }
    setError(null);
    onDismissHints();
    onSend(value, files.ready);
    files.clear();
    setText("");
    area.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      e.currentTarget.form?.requestSubmit();
    }
  };

  return (
    <SafeForm className="card composer" onSubmit={submit} aria-label={t("thread.reply")}>
      <DropZone onFiles={files.add}>
        <input type="hidden" name="intent" value="send" />
        <input type="hidden" name="clientId" value={`${seed}s`} />
        <div className="field">
          <label htmlFor={id}>{t("thread.reply")}</label>
          <MentionTextarea
            id={id}
            textareaRef={area}
            members={members}
            name="text"
            rows={4}
            required
            maxLength={MAX_MESSAGE_CHARS}
            value={text}
            aria-describedby={`${id}-help`}
            aria-invalid={error ? true : undefined}
            onValueChange={(v) => {
              setText(v);
              onTyping();
            }}
            onKeyDown={onKeyDown}
            data-testid="composer"
          />
          <p id={`${id}-help`} className="status">
            {t("thread.replyHelp")}
          </p>
          {error ? (
            <p className="field-error" role="alert">
              {error}
            </p>
          ) : null}
          <MentionHints hints={hints} onDismiss={onDismissHints} />
        </div>
        <UploadList uploads={files.uploads} onRemove={files.remove} />
        <div className="row">
          <div className="field">
            <AttachButton onFiles={files.add} />
          </div>
          <div className="field">
            <button type="submit">{t("thread.send")}</button>
          </div>
        </div>
      </DropZone>
    </SafeForm>
  );
}

function MessageItem({
  m,
  mine,
  meId,
  canPost,
  seed,
  members,
}: {
  m: MessageDTO;
  mine: boolean;
  meId: string;
  canPost: boolean;
  seed: string;
  members: { userId: string; name: string }[];
}) {
  const t = useT();
  const editId = useId();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(m.text);
  return (
    <li id={`m-${m.id}`} className={`message${m.deleted ? " deleted" : ""}`} data-testid="message" data-message-id={m.id} data-seq={m.seq}>
      <div className="meta">
        <Avatar name={m.authorName} />
        <strong>{m.authorName}</strong>
        <When iso={m.createdAt} />
        {m.editedAt && !m.deleted ? <span className="badge">{t("thread.edited")}</span> : null}
        {m.mentions.includes(meId) ? <span className="badge mention">{t("thread.mentionsYou")}</span> : null}
      </div>
      {m.deleted ? <p className="status">{t("thread.deleted")}</p> : <Markdown text={m.text} />}
      {m.deleted ? null : <AttachmentList attachments={m.attachments ?? []} />}
      {mine && canPost && !m.deleted ? (
        <div className="row message-tools">
          <details
            open={editing}
            onToggle={(e) => {
              const open = (e.currentTarget as HTMLDetailsElement).open;
              if (open && !editing) setDraft(m.text);
              setEditing(open);
            }}
          >
            <summary>{t("thread.edit")}</summary>
            <SafeForm onSubmit={() => setEditing(false)}>
              <input type="hidden" name="messageId" value={m.id} />
              <input type="hidden" name="clientId" value={`${seed}e${m.id}${(m.editedAt ?? "").replace(/\D/g, "").slice(-12)}`} />
              <label htmlFor={editId}>{t("thread.editLabel")}</label>
              <MentionTextarea
                id={editId}
                name="text"
                rows={3}
                required
                maxLength={MAX_MESSAGE_CHARS}
                members={members.filter((x) => x.userId !== meId)}
                value={draft}
                onValueChange={setDraft}
              />
              <button type="submit" name="intent" value="edit">
                {t("thread.saveEdit")}
              </button>
            </SafeForm>
          </details>
          <SafeForm
            className="inline"
            onSubmit={(e) => {
              if (!window.confirm(t("thread.deleteConfirm"))) e.preventDefault();
            }}
          >
            <input type="hidden" name="messageId" value={m.id} />
            <input type="hidden" name="clientId" value={`${seed}d${m.id}`} />
            <button type="submit" name="intent" value="delete" className="danger">
              {t("thread.delete")}
            </button>
          </SafeForm>
        </div>
      ) : null}
    </li>
  );
}

/** A refusal or a missing thing inside the group keeps the group's name and tabs around it. */
export const ErrorBoundary = GroupErrorBoundary;

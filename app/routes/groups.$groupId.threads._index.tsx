import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from "@remix-run/react";
import { useId, useState } from "react";
import { MAX_MESSAGE_CHARS, StartThreadInput, SubscribeThreadInput } from "../../models/thread/thread.inputs";
import { MentionTextarea } from "../components/threads/mention-textarea";
import { Field, FormMessage, SafeForm, Submit } from "../components/form";
import { useT } from "../i18n/use-t";
import { ConnectionStatus } from "../components/connection-status";
import { useRevalidateOnGroupEvents } from "../components/threads/common";
import { Ago } from "../i18n/use-dates";
import { newClientId } from "../components/threads/thread-state";
import { formAction, readForm, readIntent, runService, retryAfterHeaders } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";
import type { loader as layoutLoader } from "./groups.$groupId";
import type { ThreadEventData } from "../../models/thread/thread.service";
import { GroupErrorBoundary } from "../components/errors";

export const headers = retryAfterHeaders;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  const groupId = params.groupId ?? "";
  const before = Number(new URL(request.url).searchParams.get("before"));
  const beforeSeq = Number.isSafeInteger(before) && before > 0 ? before : undefined;
  const { threads, olderThan } = await runService(
    request,
    () => context.services.thread.listThreadPage(ctx, { groupId, beforeSeq }),
    groupId,
  );
  const overview = await runService(request, () => context.services.group.getGroupOverview(ctx, groupId), groupId);
  // Whom "@" completes to in the first message: the active members other than oneself.
  const members = overview.members
    .filter((m) => m.status === "active" && m.userId !== ctx.actor.id)
    .map((m) => ({ userId: m.userId, name: m.name }));
  return json({ threads, olderThan, paged: beforeSeq !== undefined, members, clientId: newClientId() });
}

const INTENTS = ["start", "subscribe"] as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const groupId = params.groupId ?? "";
    // Early and the same for every intent: an outsider gets the 404 of a missing group.
    await runService(request, () => context.services.group.loadGroupFor(ctx.actor, groupId, "thread.read"), groupId);
    const intent = await readIntent(request, INTENTS);
    if (intent === "start") {
      const input = await readForm(request, context, StartThreadInput, { groupId });
      const event = await runService(request, () => context.services.thread.startThread(ctx, input), groupId);
      const data = event.data as ThreadEventData;
      if (data.kind !== "thread.created") throw new Error("unexpected event for a thread start");
      // An ambiguous "@An" goes along to the new thread's page, which shows the hint.
      const hints = new URLSearchParams((event.mentionHints ?? []).map((h) => ["mention", h.typed]));
      throw redirect(`/groups/${groupId}/threads/${data.thread.id}${hints.size ? `?${hints}` : ""}`);
    }
    const input = await readForm(request, context, SubscribeThreadInput, { groupId });
    await runService(request, () => context.services.thread.subscribeThread(ctx, input), groupId);
    return json({ ok: true as const, intent });
  });
}

export default function Threads() {
  const t = useT();
  const { threads, olderThan, paged, members, clientId } = useLoaderData<typeof loader>();
  const [first, setFirst] = useState("");
  const shell = useRouteLoaderData<typeof layoutLoader>("routes/groups.$groupId");
  const data = useActionData<typeof action>() as { ok?: boolean; message?: string; fieldErrors?: Record<string, string> } | undefined;
  const nav = useNavigation();
  const [open, setOpen] = useState(false);
  const textId = useId();
  const groupId = shell?.group.id ?? "";
  const canPost = !!shell?.allow["thread.post"];
  useRevalidateOnGroupEvents(groupId);
  const errors = data?.fieldErrors ?? {};
  const showForm = open || threads.length === 0 || Object.keys(errors).length > 0;
  return (
    <>
      <h2>{t("threads.title")}</h2>
      <ConnectionStatus pending={0} />
      {canPost ? (
        <section className="card" aria-labelledby="start-h">
          <h3 id="start-h">{t("threads.start")}</h3>
          {showForm ? (
            <SafeForm method="post" className="start-thread">
              <input type="hidden" name="intent" value="start" />
              <input type="hidden" name="clientId" value={clientId} />
              <FormMessage data={data} />
              <Field label={t("threads.titleField")} name="title" required maxLength={200} error={errors.title} autoComplete="off" />
              <div className="field">
                <label htmlFor={textId}>{t("threads.firstMessage")}</label>
                <MentionTextarea
                  id={textId}
                  name="text"
                  required
                  maxLength={MAX_MESSAGE_CHARS}
                  rows={5}
                  members={members}
                  value={first}
                  onValueChange={setFirst}
                  aria-describedby={`${textId}-help`}
                  aria-invalid={errors.text ? true : undefined}
                />
                <p id={`${textId}-help`} className="status">
                  {t("thread.replyHelp")}
                </p>
                {errors.text ? (
                  <p className="field-error" role="alert">
                    {t.fieldError(errors.text)}
                  </p>
                ) : null}
              </div>
              <Submit>{t("threads.startSubmit")}</Submit>
            </SafeForm>
          ) : (
            <button type="button" className="secondary" onClick={() => setOpen(true)} aria-expanded={false}>
              {t("threads.start")}
            </button>
          )}
        </section>
      ) : null}
      {threads.length === 0 ? (
        <p>{t("threads.empty")}</p>
      ) : (
        <ul className="plain thread-list" data-testid="thread-list" aria-busy={nav.state === "loading" || undefined}>
          {threads.map((th) => (
            <li key={th.id} data-thread-id={th.id}>
              <Link to={`/groups/${groupId}/threads/${th.id}`} className="thread-title">
                {th.title}
              </Link>
              {th.pinned ? <span className="badge pinned">{t("threads.pinned")}</span> : null}
              {th.unread > 0 ? (
                <span className="badge unread" data-testid="unread">
                  {t("threads.unread", { n: th.unread })}
                </span>
              ) : null}
              {th.state === "mute" ? (
                <span className="badge">{t("threads.muted")}</span>
              ) : th.state === "follow" ? (
                <span className="badge">{t("threads.following")}</span>
              ) : null}
              <span className="status">
                <Ago iso={th.lastMessageAt}>{(when) => t("threads.lastMessage", { when })}</Ago>
              </span>
              <SafeForm method="post" className="inline">
                <input type="hidden" name="threadId" value={th.id} />
                <input type="hidden" name="state" value={th.state === "mute" ? "follow" : "mute"} />
                <button type="submit" name="intent" value="subscribe" className="link">
                  {th.state === "mute" ? t("threads.follow") : t("threads.mute")}
                  <span className="sr-only">: {th.title}</span>
                </button>
              </SafeForm>
            </li>
          ))}
        </ul>
      )}
      {olderThan !== null || paged ? (
        <p className="thread-pages">
          {paged ? <Link to=".">{t("threads.newest")}</Link> : null}
          {paged && olderThan !== null ? " · " : null}
          {olderThan !== null ? (
            <Link to={`?before=${olderThan}`} data-testid="threads-older">
              {t("threads.older")}
            </Link>
          ) : null}
        </p>
      ) : null}
    </>
  );
}

/** A refusal or a missing thing inside the group keeps the group's name and tabs around it. */
export const ErrorBoundary = GroupErrorBoundary;

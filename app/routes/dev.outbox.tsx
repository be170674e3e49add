import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GroupErrorBoundary } from "../components/errors";
import { useT } from "../i18n/use-t";

// Only while the email API is answered locally (EMAIL_FAKE) and only for a request from this
// machine (context.devOutbox, server/app.ts): the mails hold invitation and reset links. Anyone
// else, signed in or not, gets the 404 of any unknown path ($.tsx), from the same error boundary.
export async function loader({ context }: LoaderFunctionArgs) {
  if (!context.devOutbox) throw new Response("Not Found", { status: 404 });
  return { mails: await context.services.devmail.listOutbox() };
}

const linkify = (text: string) =>
  text.split(/(https?:\/\/\S+)/g).map((part, i) =>
    /^https?:\/\//.test(part) ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: the parts are split from a stored mail's immutable text and never reorder, so their index is their identity
      <a key={i} href={part}>
        {part}
      </a>
    ) : (
      part
    ),
  );

export default function Outbox() {
  const t = useT();
  const { mails } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("outbox.title")}</h1>
      {mails.length === 0 ? <p>{t("outbox.empty")}</p> : null}
      {mails.map((m) => (
        <article key={m.id} className="card" data-to={m.to}>
          <h2>{m.subject}</h2>
          <p className="status">
            {t("outbox.to")}: {m.to} · <time dateTime={m.at}>{m.at}</time>
          </p>
          <pre className="mail">{linkify(m.text)}</pre>
        </article>
      ))}
    </>
  );
}

export const ErrorBoundary = GroupErrorBoundary;

import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useT } from "../i18n/use-t";

// Only while the email API is answered locally (EMAIL_FAKE); otherwise this page does not exist.
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

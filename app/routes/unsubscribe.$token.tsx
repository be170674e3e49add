import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { MailKind } from "../../models/notify/notify.constants";
import { isDomainError } from "../../models/shared/errors";
import { useT } from "../i18n/use-t";

// The link in every notification mail (docs/decisions/026-mail-notifications.md): works without
// signing in. Following it turns the token's kinds off and says so; a mail client's one-click
// unsubscribe (RFC 8058, List-Unsubscribe-Post) POSTs to the same address.

async function unsubscribe(context: LoaderFunctionArgs["context"], token: string | undefined) {
  try {
    return await context.services.notify.unsubscribe(context.sessionSecret, token);
  } catch (e) {
    if (isDomainError(e) && e.code === "not_found") return null;
    throw e;
  }
}

// The token must not leak to search engines or, through Referer, to a site linked from the page.
export const meta: MetaFunction = () => [
  { title: "Leerkring" },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "no-referrer" },
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const done = await unsubscribe(context, params.token);
  return done ? json({ kinds: done.kinds }) : json({ kinds: null }, { status: 404 });
}

export async function action({ params, context }: ActionFunctionArgs) {
  const done = await unsubscribe(context, params.token);
  return new Response(null, { status: done ? 204 : 404 });
}

export default function Unsubscribe() {
  const t = useT();
  const { kinds } = useLoaderData<typeof loader>();
  if (!kinds) {
    return (
      <div className="narrow">
        <h1>{t("unsubscribe.invalidTitle")}</h1>
        <p role="alert">{t("unsubscribe.invalid")}</p>
        <p>
          <Link to="/settings#mail">{t("unsubscribe.toSettings")}</Link>
        </p>
      </div>
    );
  }
  const list = new Intl.ListFormat(t.locale, { type: "conjunction" }).format(kinds.map((k: MailKind) => t(`mail.kind.${k}`)));
  return (
    <div className="narrow">
      <h1>{t("unsubscribe.title")}</h1>
      <p role="status">{t("unsubscribe.done", { kinds: list })}</p>
      <p>
        {t("unsubscribe.settings")} <Link to="/settings#mail">{t("unsubscribe.toSettings")}</Link>
      </p>
    </div>
  );
}

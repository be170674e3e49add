import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { MailKind } from "../../models/notify/notify.constants";
import { isDomainError } from "../../models/shared/errors";
import { useT } from "../i18n/use-t";
import { DATE_LOCALE } from "../../models/i18n/dates";

// The link in every notification mail (docs/decisions/026-mail-notifications.md): works without
// signing in. Opening it changes nothing (mail scanners open links): the page asks to confirm with
// one button, a POST to the same address. A mail client's one-click unsubscribe (RFC 8058,
// List-Unsubscribe-Post) POSTs there too. No CSRF field: the signed token is the authority, and
// all it can do is turn mail off.

const notFound = <T,>(work: () => Promise<T>) =>
  work().catch((e) => {
    if (isDomainError(e) && e.code === "not_found") return null;
    throw e;
  });

// The token must not reach search engines; the server's Referrer-Policy (same-origin) keeps it from
// other sites. No "no-referrer" meta: under it a browser without scripts posts the confirmation with
// Origin "null", which the form guard refuses as foreign (as on the rater page, feedback.$token).
export const meta: MetaFunction = () => [{ title: "Leerkring" }, { name: "robots", content: "noindex" }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const link = await notFound(() => context.services.notify.checkUnsubscribe(context.sessionSecret, params.token));
  return link ? json({ kinds: link.kinds }) : json({ kinds: null }, { status: 404 });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const done = await notFound(() => context.services.notify.unsubscribe(context.sessionSecret, params.token));
  // RFC 8058's one-click POST wants no page; the confirmation form gets the page that says it is done.
  const oneClick = (await request.text().catch(() => "")).includes("List-Unsubscribe=One-Click");
  if (oneClick) return new Response(null, { status: done ? 204 : 404 });
  return json({ done: done?.kinds ?? null }, { status: done ? 200 : 404 });
}

export default function Unsubscribe() {
  const t = useT();
  const { kinds } = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>()?.done;
  const busy = useNavigation().state !== "idle";
  const listOf = (ks: MailKind[]) =>
    new Intl.ListFormat(DATE_LOCALE[t.locale], { type: "conjunction" }).format(ks.map((k) => t(`mail.kind.${k}`)));
  if (done) {
    return (
      <div className="narrow">
        <h1>{t("unsubscribe.title")}</h1>
        <p role="status">{t("unsubscribe.done", { kinds: listOf(done) })}</p>
        <p>
          {t("unsubscribe.settings")} <Link to="/settings#mail">{t("unsubscribe.toSettings")}</Link>
        </p>
      </div>
    );
  }
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
  return (
    <div className="narrow">
      <h1>{t("unsubscribe.confirmTitle")}</h1>
      <Form method="post">
        <p>{t("unsubscribe.confirm", { kinds: listOf(kinds) })}</p>
        <button type="submit" disabled={busy}>
          {t("unsubscribe.button")}
        </button>
      </Form>
      <p>
        <Link to="/settings#mail">{t("unsubscribe.toSettings")}</Link>
      </p>
    </div>
  );
}
